// FDB ageing driven by the simulator's clock (§4.7): exact instants, the default 300 s, changes
// of the ageing time, and the trace of what aged.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/index.js';
import { collect, frame, hostMac, lan, learned, send } from './support.js';

describe('ageing in the simulator', () => {
  it('default 300 s: a learned MAC goes exactly at last-seen + 300 s, traced as fdb:age', () => {
    const l = lan(2);
    const ages = collect(l.sim, 'fdb:age');
    l.sim.runUntil(7 * SECOND);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff'); // seen at 7 s
    l.sim.runUntil(307 * SECOND - 1);
    expect(learned(l.br)).toEqual({ [hostMac(1)]: 'p1' });
    l.sim.runUntil(307 * SECOND);
    expect(learned(l.br)).toEqual({});
    expect(ages.map((e) => ({ time: e.time, mac: e.mac, port: e.port, bridge: e.bridge, ns: e.ns }))).toEqual([
      { time: 307 * SECOND, mac: hostMac(1), port: 'p1', bridge: 'br0', ns: 'sw' },
    ]);
  });

  it('seeing the MAC again as a source restarts its ageing', () => {
    const l = lan(2, { bridge: { ageingTime: '10s' } });
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    l.sim.runUntil(9 * SECOND);
    send(l, l.hosts[0]!, hostMac(2)); // seen again at 9 s
    l.sim.runUntil(19 * SECOND - 1);
    expect(learned(l.br)[hostMac(1)]).toBe('p1');
    l.sim.runUntil(19 * SECOND);
    expect(learned(l.br)[hostMac(1)]).toBeUndefined();
  });

  it('lowering the ageing time removes overdue entries at once; raising it postpones them', () => {
    const l = lan(3);
    const ages = collect(l.sim, 'fdb:age');
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff'); // h1 at 0
    l.sim.runUntil(100 * SECOND);
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff'); // h2 at 100 s
    l.sim.runUntil(120 * SECOND);
    l.br.setAgeingTime('50s'); // h1 is overdue (0 + 50 ≤ 120): goes now; h2 at 150 s
    l.sim.runFor(0);
    expect(learned(l.br)).toEqual({ [hostMac(2)]: 'p2' });
    l.sim.runUntil(140 * SECOND);
    l.br.setAgeingTime('400s'); // h2 now goes at 500 s
    l.sim.runUntil(499 * SECOND);
    expect(learned(l.br)).toEqual({ [hostMac(2)]: 'p2' });
    l.sim.runUntil(500 * SECOND);
    expect(learned(l.br)).toEqual({});
    expect(ages.map((e) => `${e.time / SECOND} ${e.mac}`)).toEqual([`120 ${hostMac(1)}`, `500 ${hostMac(2)}`]);
  });

  it('a frame already queued for the ageing instant is handled before the ageing (it refreshes the entry)', () => {
    const l = lan(2, { bridge: { ageingTime: '1s' } });
    const ages = collect(l.sim, 'fdb:age');
    const h1 = l.hosts[0]!;
    // queued first: at 1 s exactly, h1 speaks again
    l.sim.schedule(1 * SECOND, () => h1.nic.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1))));
    h1.nic.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1))); // seen at 0: ages at 1 s
    l.sim.runUntil(1 * SECOND);
    expect(learned(l.br)).toEqual({ [hostMac(1)]: 'p1' });
    expect(l.br.fdbEntries().find((e) => e.mac === hostMac(1))?.updated).toBe(1 * SECOND);
    l.sim.runUntil(2 * SECOND);
    expect(ages.map((e) => e.time)).toEqual([2 * SECOND]);
  });

  it('entries sharing an ageing instant go together, oldest sighting order', () => {
    const l = lan(3, { bridge: { ageingTime: '2s' } });
    const ages = collect(l.sim, 'fdb:age');
    l.hosts[1]!.nic.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(2)));
    l.hosts[0]!.nic.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1)));
    l.sim.runUntil(2 * SECOND);
    expect(ages.map((e) => `${e.time} ${e.mac}`)).toEqual([`${2 * SECOND} ${hostMac(2)}`, `${2 * SECOND} ${hostMac(1)}`]);
  });
});
