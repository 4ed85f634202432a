// User FDB entries through the bridge: `bridge fdb add` (refuses what exists), `bridge fdb replace`
// (`addFdbEntry(…, { replace: true })`) and the snapshots of `bridge.fdb.entries()`. The kernel
// behaviour quoted was observed on Linux 6.18 with iproute2 6.1.
import { describe, expect, it } from 'vitest';
import { ForwardingDatabase, LinuxBridge, Simulator } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { frame, hostMac, lan, portMac, received, send } from './support.js';

describe('addFdbEntry: bridge fdb add', () => {
  it("refuses a static entry over a port's own MAC: frames to it still go up to the bridge", () => {
    const l = lan(3);
    expectCode(() => l.br.addFdbEntry(portMac(1), 'p2', { kind: 'static' }), 'already-exists');
    send(l, l.hosts[2]!, portMac(1));
    expect(l.br.stats.rxPackets).toBe(1); // delivered to the bridge device
    expect(received(l.hosts[1]!)).toHaveLength(0);
    expect(l.br.fdb.entries().find((e) => e.mac === portMac(1))).toMatchObject({ dev: 'p1', kind: 'permanent', local: true, user: false });
  });

  it('adds once; a second add of the same MAC fails whatever the port or kind', () => {
    const l = lan(2);
    l.br.addFdbEntry('02:00:00:00:00:09', 'p1', { kind: 'static', sticky: true });
    for (const kind of ['permanent', 'static', 'dynamic'] as const) {
      expectCode(() => l.br.addFdbEntry('02:00:00:00:00:09', 'p2', { kind }), 'already-exists');
    }
    expect(l.br.fdbEntries().filter((e) => e.mac === '02:00:00:00:00:09')).toMatchObject([{ dev: 'p1', kind: 'static', sticky: true }]);
  });
});

describe('addFdbEntry(…, { replace: true }): bridge fdb replace', () => {
  it('moves a user entry to another port and changes its kind, in place', () => {
    // Linux 6.18: `bridge fdb replace 02:…:09 dev v2 master dynamic` over a static entry on v1.
    const l = lan(2);
    l.br.addFdbEntry('02:00:00:00:00:09', 'p1', { kind: 'static' });
    l.sim.runFor('1s');
    l.br.addFdbEntry('02:00:00:00:00:09', 'p2', { kind: 'dynamic', replace: true });
    expect(l.br.fdbEntries().find((e) => e.mac === '02:00:00:00:00:09')).toMatchObject({ dev: 'p2', kind: 'dynamic', user: true, updated: 1e9, expires: 301e9 });
    l.sim.runFor('300s'); // it ages like any dynamic entry
    expect(l.br.fdbEntries().some((e) => e.mac === '02:00:00:00:00:09')).toBe(false);
  });

  it('takes over a learned entry: unicast then follows the user entry', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff'); // learn h1 behind p1
    l.br.addFdbEntry(hostMac(1), 'p2', { kind: 'static', replace: true });
    send(l, l.hosts[2]!, hostMac(1));
    expect(received(l.hosts[1]!).map((f) => String(f.dst))).toEqual(['ff:ff:ff:ff:ff:ff', hostMac(1)]);
    expect(received(l.hosts[0]!)).toHaveLength(0);
    expect(l.br.fdbEntries().find((e) => e.mac === hostMac(1))).toMatchObject({ dev: 'p2', kind: 'static', user: true });
  });

  it("overwrites a port's own local entry as Linux does: frames to that MAC then leave by the port", () => {
    // Linux 6.18: `bridge fdb replace <v1's MAC> dev v2 master static` succeeds and shows
    // `<v1's MAC> dev v2 master br0 static`.
    const l = lan(3);
    l.br.addFdbEntry(portMac(1), 'p2', { kind: 'static', replace: true });
    expect(l.br.fdbEntries().filter((e) => e.mac === portMac(1))).toMatchObject([{ dev: 'p2', kind: 'static', local: false, user: true }]);
    send(l, l.hosts[2]!, portMac(1));
    expect(received(l.hosts[1]!)).toHaveLength(1);
    expect(l.br.stats.rxPackets).toBe(0);
  });

  it('creates the entry when there is none', () => {
    const l = lan(1);
    l.br.addFdbEntry('02:00:00:00:00:0a', 'p1', { kind: 'static', replace: true });
    expect(l.br.fdbEntries().find((e) => e.mac === '02:00:00:00:00:0a')).toMatchObject({ dev: 'p1', kind: 'static', user: true });
  });
});

describe('bridge.fdb', () => {
  it('is the bridge’s ForwardingDatabase, a readonly property', () => {
    const l = lan(1);
    expect(l.br.fdb).toBeInstanceOf(ForwardingDatabase);
    expect(Object.keys(l.br)).toContain('fdb');
    expect(l.br.fdb).toBe(l.br.fdb);
    const swap = (): void => {
      // @ts-expect-error readonly: the bridge's database cannot be swapped
      l.br.fdb = new ForwardingDatabase();
    };
    expect(typeof swap).toBe('function'); // compiled (the type check is the test), never run
  });

  it('entries() gives the same snapshots as fdbEntries(): bridge fdb show order, device and bridge names', () => {
    const sim = new Simulator({ seed: 1 });
    const sw = sim.namespace('sw');
    const br = new LinuxBridge(sw, 'br0', { mac: '02:bb:00:00:00:01' });
    const l = lan(2);
    expect(br.fdb.entries()).toEqual([{ mac: '02:bb:00:00:00:01', vlan: 0, dev: 'br0', master: 'br0', local: true, kind: 'permanent', sticky: false, user: false, updated: 0, expires: null }]);
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff');
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    l.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'static' });
    const snap = l.br.fdb.entries();
    expect(snap).toEqual(l.br.fdbEntries());
    expect(snap.map((e) => `${e.mac} ${e.dev} ${e.master} ${e.kind}`)).toEqual([
      `${hostMac(1)} p1 br0 dynamic`,
      `${portMac(1)} p1 br0 permanent`,
      `02:00:00:00:00:aa p2 br0 static`,
      `${hostMac(2)} p2 br0 dynamic`,
      `${portMac(2)} p2 br0 permanent`,
    ]);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    (snap as { dev: string }[])[0]!.dev = 'mutated';
    expect(l.br.fdb.entries()[0]!.dev).toBe('p1');
    l.hosts[0]!.nic.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1)));
    expect(l.br.fdb.entries()).toEqual(l.br.fdbEntries());
  });
});
