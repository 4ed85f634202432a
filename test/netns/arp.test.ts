// ARP in a namespace: the receive rules of reference §5.6 with crafted frames, the reply and
// probe formats of §5.5, flushes (§5.3, §7.31), admin entries (§5.9), snapshots and `ip neigh`,
// and the per-device reachable time (§5.2).
import { describe, expect, it } from 'vitest';
import { ArpPacket, EtherType, Frame, Simulator, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { twoHosts } from '../support/topology.js';
import { arpFrame, arpLine, MS, probeOn, S, sentFrames } from '../support/hosts.js';

const PEER = '02:00:00:00:99:99'; // the probe's MAC
const OTHER = '02:00:00:00:77:77';

/** Host `h` with eth0 10.0.0.1/24 (and lo up) whose peer is the probe we send from. */
function setup(seed = 1) {
  const sim = new Simulator({ seed });
  const h = sim.namespace('h');
  const probe = probeOn(sim, h, 'eth0');
  h.addAddress('eth0', '10.0.0.1/24');
  h.lo.up();
  const mac = String(h.device('eth0').mac);
  const out = sentFrames(sim, 'h');
  const drops: string[] = [];
  sim.on('frame:drop', (e) => {
    if (e.kind === 'frame:drop' && e.ns === 'h') drops.push(e.reason);
  });
  const state = (ip: string): string => {
    const e = h.neighbours().find((x) => x.ip === ip);
    return e === undefined ? 'none' : `${e.state} ${e.lladdr}`;
  };
  const send = (f: Frame): void => {
    probe.send(f);
    sim.runFor(0);
  };
  return { sim, h, probe, mac, out, drops, state, send };
}

describe('ARP receive (reference §5.6)', () => {
  it('a request for us creates the sender entry STALE and is answered unicast to the SHA', () => {
    const { h, mac, out, state, send } = setup();
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', src: OTHER, op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.1' }));
    expect(state('10.0.0.9')).toBe(`STALE ${PEER}`);
    // Ethernet destination = the SHA from the payload, not the Ethernet source
    expect(out.map((f) => arpLine(f.frame))).toEqual([`${PEER} reply ${mac} 10.0.0.1 ${PEER} 10.0.0.9`]);
    expect(out[0]!.frame.length).toBe(42);
    expect(h.neighbours()[0]!.timer).toBeNull();
  });

  it('answers for an address of another interface with the receiving interface’s MAC (weak host, arp_ignore=0)', () => {
    const { sim, h, mac, out, send } = setup();
    new VethPair({ ns: h, name: 'eth1' }, { ns: sim.namespace('x'), name: 'eth1' });
    h.addAddress('eth1', '10.5.5.5/24');
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.5.5.5' }));
    expect(out.map((f) => arpLine(f.frame))).toEqual([`${PEER} reply ${mac} 10.5.5.5 ${PEER} 10.0.0.9`]);
  });

  it('a request for another host creates nothing and gets no answer; it refreshes an existing entry only', () => {
    const { sim, h, out, state, send, drops } = setup();
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.7' }));
    expect(h.neighbours()).toEqual([]);
    expect(out).toEqual([]);
    expect(drops).toEqual([]);
    h.addNeighbour('10.0.0.9', { dev: 'eth0', lladdr: OTHER, state: 'stale' });
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.7' }));
    expect(state('10.0.0.9')).toBe(`STALE ${OTHER}`); // within locktime of the admin change
    sim.runFor('1.5s');
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.7' }));
    expect(state('10.0.0.9')).toBe(`STALE ${PEER}`);
    expect(out).toEqual([]);
  });

  it('unsolicited replies and gratuitous ARP create nothing with arp_accept=0', () => {
    const { h, send, drops } = setup();
    const mac = '02:00:00:00:99:99';
    send(arpFrame({ dst: String(h.device('eth0').mac), op: 2, sha: mac, spa: '10.0.0.9', tha: String(h.device('eth0').mac), tpa: '10.0.0.1' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 2, sha: mac, spa: '10.0.0.9', tha: 'ff:ff:ff:ff:ff:ff', tpa: '10.0.0.1' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: mac, spa: '10.0.0.9', tpa: '10.0.0.9' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 2, sha: mac, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.9' }));
    expect(h.neighbours()).toEqual([]);
    expect(drops).toEqual(['arp-ignored', 'arp-ignored', 'arp-ignored']); // the replies, counted as ignored
  });

  it('a unicast reply makes an existing entry REACHABLE; a broadcast one makes it STALE', () => {
    const { sim, h, mac, state, send } = setup();
    h.addNeighbour('10.0.0.9', { dev: 'eth0', lladdr: PEER, state: 'stale' });
    send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.1' }));
    expect(state('10.0.0.9')).toBe(`REACHABLE ${PEER}`);
    sim.runFor('2s'); // past locktime
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 2, sha: OTHER, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.1' }));
    expect(state('10.0.0.9')).toBe(`STALE ${OTHER}`);
  });

  it('locktime: of two replies with different MACs within 1 s the first wins; a GARP bypasses it', () => {
    const { sim, h, mac, state, send } = setup();
    h.addNeighbour('10.0.0.9', { dev: 'eth0', lladdr: PEER, state: 'stale' });
    sim.runFor('2s');
    send(arpFrame({ dst: mac, op: 2, sha: OTHER, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.1' }));
    expect(state('10.0.0.9')).toBe(`REACHABLE ${OTHER}`);
    sim.runFor('500ms');
    send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.1' }));
    expect(state('10.0.0.9')).toBe(`REACHABLE ${OTHER}`);
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.9' }));
    expect(state('10.0.0.9')).toBe(`STALE ${PEER}`);
  });

  it('a duplicate-address probe (SPA 0.0.0.0) for our address is answered to the SHA with TPA 0.0.0.0; the cache is untouched', () => {
    const { h, mac, out, send } = setup();
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '0.0.0.0', tpa: '10.0.0.1' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '0.0.0.0', tpa: '10.0.0.5' }));
    expect(out.map((f) => arpLine(f.frame))).toEqual([`${PEER} reply ${mac} 10.0.0.1 ${PEER} 0.0.0.0`]);
    expect(h.neighbours()).toEqual([]);
  });

  it('drops ARP unicast to another MAC, with a multicast or loopback target, or with an unknown op or hardware type', () => {
    const { h, out, drops, send } = setup();
    send(arpFrame({ dst: OTHER, op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.1' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '224.0.0.1' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '127.0.0.1' }));
    const odd = (o: { op?: number; htype?: number; ptype?: number }) =>
      Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: PEER, etherType: EtherType.ARP }, ArpPacket.create({ op: o.op ?? 1, htype: o.htype ?? 1, ptype: o.ptype ?? 0x0800, sha: PEER, spa: '10.0.0.9', tha: '00:00:00:00:00:00', tpa: '10.0.0.1' }));
    send(odd({ op: 3 }));
    send(odd({ htype: 2 }));
    send(odd({ ptype: 0x86dd }));
    send(Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: PEER, etherType: EtherType.ARP }, new Uint8Array(10)));
    expect(drops).toEqual(['not-for-us', 'arp-ignored', 'arp-ignored', 'arp-ignored', 'arp-ignored', 'arp-ignored', 'malformed']);
    expect(out).toEqual([]);
    expect(h.neighbours()).toEqual([]);
  });

  it('a request claiming one of our own addresses as sender gets no answer', () => {
    const { h, out, send } = setup();
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.1', tpa: '10.0.0.1' }));
    expect(out).toEqual([]);
    expect(h.neighbours()).toEqual([]);
  });

  it('accepts ARP with htype 6 (IEEE 802) like the kernel', () => {
    const { out, send } = setup();
    send(Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: PEER, etherType: EtherType.ARP }, ArpPacket.create({ op: 1, htype: 6, sha: PEER, spa: '10.0.0.9', tha: '00:00:00:00:00:00', tpa: '10.0.0.1' })));
    expect(out.length).toBe(1);
  });
});

describe('ARP transmit format (reference §5.5)', () => {
  it('broadcast requests carry THA zero and the device MAC; the first goes out at once', () => {
    const { sim, h, mac, out } = setup();
    h.ping('10.0.0.9', { count: 1, timeout: '1ms' });
    sim.runFor('1ms');
    expect(out.map((f) => `${f.time} ${arpLine(f.frame)}`)).toEqual([`0 ff:ff:ff:ff:ff:ff request ${mac} 10.0.0.1 00:00:00:00:00:00 10.0.0.9`]);
  });
});

describe('flushes (reference §5.3, §7.31)', () => {
  function populated() {
    const { sim, a, b, veth } = twoHosts(1);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    a.addNeighbour('10.0.0.50', { dev: 'eth0', lladdr: '02:00:00:00:00:50' });
    a.addNeighbour('10.0.0.51', { dev: 'eth0', lladdr: '02:00:00:00:00:51', state: 'noarp' });
    return { sim, a, b, veth };
  }

  it('device down flushes every entry of the device, PERMANENT too', () => {
    const { a, veth } = populated();
    expect(a.neighbours().length).toBe(3);
    veth.a.down();
    expect(a.neighbours()).toEqual([]);
  });

  it('carrier loss flushes the non-permanent entries (NOARP included; checked on 6.18)', () => {
    const { a, veth } = populated();
    veth.b.down();
    expect(a.neighbours().map((e) => `${e.ip} ${e.state}`)).toEqual(['10.0.0.50 PERMANENT']);
  });

  it('with arp_evict_nocarrier=0 carrier loss flushes nothing', () => {
    const { a, veth } = populated();
    a.sysctl('net.ipv4.conf.eth0.arp_evict_nocarrier', 0);
    veth.b.down();
    expect(a.neighbours().length).toBe(3);
  });

  it('ns.arp.flush(dev) (`ip neigh flush dev`) keeps PERMANENT and NOARP', () => {
    const { a } = populated();
    expect(a.arp.flush('eth0')).toBe(1);
    expect(a.neighbours().map((e) => e.state).sort()).toEqual(['NOARP', 'PERMANENT']);
  });

  it('deleting an INCOMPLETE entry error-reports its queue: ping shows Destination Host Unreachable at once (checked on 6.18)', () => {
    const { sim, a } = twoHosts(1);
    a.lo.up();
    const p = a.ping('10.0.0.9', { count: 2, interval: '300ms' });
    sim.runFor('1.2s');
    expect(a.arp.delete('10.0.0.9', 'eth0')).toBe(true);
    sim.runFor(0);
    expect(p.errors.map((e) => `${e.time / MS} ${e.seq} ${e.message}`)).toEqual(['1200 1 Destination Host Unreachable', '1200 2 Destination Host Unreachable']);
  });

  it('flushing does the same: iproute2 deletes entry by entry (checked on 6.18: ping prints the error at once)', () => {
    const { sim, a } = twoHosts(1);
    a.lo.up();
    const p = a.ping('10.0.0.9', { count: 2, interval: '300ms' });
    sim.runFor('800ms');
    expect(a.arp.flush('eth0')).toBe(1);
    sim.runFor(0);
    expect(p.errors.map((e) => `${e.time / MS} ${e.seq} ${e.message}`)).toEqual(['800 1 Destination Host Unreachable', '800 2 Destination Host Unreachable']);
    expect(a.neighbours()).toEqual([]);
  });
});

describe('admin entries through the namespace (reference §5.9)', () => {
  it('addNeighbour defaults to PERMANENT; PERMANENT entries are used without ARP', () => {
    const { sim, a, veth } = twoHosts(1);
    a.addNeighbour('10.0.0.2', { dev: 'eth0', lladdr: String(veth.b.mac) });
    const out = sentFrames(sim, 'a');
    const p = a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(p.received).toBe(1);
    // a sent no ARP request (it answered b's, since b had to resolve a)
    expect(out.filter((f) => f.frame.etherType === EtherType.ARP && ArpPacket.decode(f.frame.payload).ok && (ArpPacket.decode(f.frame.payload) as { value: ArpPacket }).value.op === 1)).toEqual([]);
    expect(a.neighbours()[0]).toMatchObject({ ip: '10.0.0.2', dev: 'eth0', state: 'PERMANENT', lladdr: String(veth.b.mac) });
  });

  it('a wrong PERMANENT MAC is kept even when the real host answers (permanent ignores ARP)', () => {
    const { sim, a, b } = twoHosts(1);
    a.addNeighbour('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:42' });
    b.ping('10.0.0.1', { count: 1, timeout: '1s' }); // b asks for a; a learns nothing new about b
    sim.runFor('2s');
    expect(a.neighbours().find((e) => e.ip === '10.0.0.2')).toMatchObject({ state: 'PERMANENT', lladdr: '02:00:00:00:00:42' });
  });

  it('rejects bad input with the right code', () => {
    const { a } = twoHosts(1);
    expectCode(() => a.addNeighbour('10.0.0.2', { dev: 'eth9', lladdr: '02:00:00:00:00:42' }), 'not-found');
    expectCode(() => a.addNeighbour('10.0.0.300', { dev: 'eth0', lladdr: '02:00:00:00:00:42' }), 'invalid-argument');
    expectCode(() => a.addNeighbour('10.0.0.2', { dev: 'eth0', lladdr: 'xx' }), 'invalid-argument');
    expectCode(() => a.addNeighbour('10.0.0.2', { dev: 'eth0' }), 'invalid-argument');
    expectCode(() => a.addNeighbour('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:42', state: 'delay' as never }), 'invalid-argument');
    expect(a.neighbours()).toEqual([]);
  });
});

describe('snapshots and ip neigh', () => {
  it('ns.arp.entries() are JSON-ready snapshots with names, and show("ip neigh") prints `IP dev DEV lladdr MAC STATE ` with a trailing space', () => {
    const { sim, a, veth } = twoHosts(1);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const e = a.arp.entries();
    expect(e).toEqual([
      { ip: '10.0.0.2', dev: 'eth0', ifindex: 2, lladdr: String(veth.b.mac), state: 'REACHABLE', updated: 0, confirmed: 0, used: 0, probes: 4, queued: 0, timer: e[0]!.timer },
    ]);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(a.show('ip neigh')).toBe(`10.0.0.2 dev eth0 lladdr ${String(veth.b.mac)} REACHABLE `);
    expect(a.show('ip neigh')).toMatch(/^\d+\.\d+\.\d+\.\d+ dev \S+ lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $/);
  });

  it('INCOMPLETE entries show without lladdr', () => {
    const { sim, a } = twoHosts(1);
    a.ping('10.0.0.9', { count: 1 });
    sim.runFor('100ms');
    expect(a.show('ip neigh')).toBe('10.0.0.9 dev eth0 INCOMPLETE ');
  });
});

describe('reachable_time per device (reference §5.2, §7.6)', () => {
  it('is shared by all the entries of a device, drawn in [15 s, 45 s), and reproducible per seed', () => {
    const draws = new Set<number>();
    for (let seed = 1; seed <= 30; seed++) {
      const sim = new Simulator({ seed });
      const h = sim.namespace('h');
      const probe = probeOn(sim, h);
      h.addAddress('eth0', '10.0.0.1/24');
      const mac = String(h.device('eth0').mac);
      for (const ip of ['10.0.0.7', '10.0.0.8']) {
        h.addNeighbour(ip, { dev: 'eth0', lladdr: PEER, state: 'stale' });
        probe.send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: ip, tha: mac, tpa: '10.0.0.1' }));
      }
      sim.runFor(0);
      const rts = h.neighbours().map((e) => e.timer! - e.confirmed);
      expect(rts.length).toBe(2);
      expect(rts[0]).toBe(rts[1]);
      expect(rts[0]!).toBeGreaterThanOrEqual(15 * S);
      expect(rts[0]!).toBeLessThan(45 * S);
      draws.add(rts[0]!);
    }
    expect(draws.size).toBeGreaterThan(20); // it is random
  });

  it('differs between devices, and is re-drawn when base_reachable_time is written', () => {
    const sim = new Simulator({ seed: 9 });
    const h = sim.namespace('h');
    const p0 = probeOn(sim, h, 'eth0', 'p0ns');
    const p1 = probeOn(sim, h, 'eth1', 'p1ns');
    h.addAddress('eth0', '10.0.0.1/24');
    h.addAddress('eth1', '10.0.1.1/24');
    const confirm = (probe: typeof p0, dev: string, ip: string, me: string) => {
      const mac = String(h.device(dev).mac);
      h.addNeighbour(ip, { dev, lladdr: PEER, state: 'stale' });
      probe.send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: ip, tha: mac, tpa: me }));
      sim.runFor(0);
      const e = h.neighbours().find((x) => x.ip === ip)!;
      return e.timer! - e.confirmed;
    };
    const r0 = confirm(p0, 'eth0', '10.0.0.7', '10.0.0.1');
    const r1 = confirm(p1, 'eth1', '10.0.1.7', '10.0.1.1');
    expect(r0).not.toBe(r1);
    h.sysctl('net.ipv4.neigh.eth0.base_reachable_time_ms', 4000);
    sim.runFor('2s');
    const r2 = confirm(p0, 'eth0', '10.0.0.8', '10.0.0.1');
    expect(r2).toBeGreaterThanOrEqual(2 * S);
    expect(r2).toBeLessThan(6 * S);
  });
});
