// VethPair and VethEnd: everything in reference §2 (creation, carrier, transmit and drops,
// counters, namespaces and lifetime) and the zero-delay FIFO delivery through the event loop.
import { describe, expect, it } from 'vitest';
import { ArpPacket, EtherType, Frame, LinuxBridge, MacAddress, Simulator, type TraceEvent, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';

const S = 1_000_000_000;
const MS = 1_000_000;

function pairInOne(seed = 1) {
  const sim = new Simulator({ seed });
  const ns = sim.namespace('ns');
  const veth = new VethPair({ ns, name: 'va' }, { ns, name: 'vb' });
  return { sim, ns, veth };
}

function pairInTwo(seed = 1) {
  const sim = new Simulator({ seed });
  const a = sim.namespace('a');
  const b = sim.namespace('b');
  const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  return { sim, a, b, veth };
}

/** An Ethernet frame of exactly `len` bytes (EtherType 0x88b5, local experimental). */
function frameOf(len: number, src = '02:00:00:00:00:01', dst = 'ff:ff:ff:ff:ff:ff'): Frame {
  return Frame.build({ dst, src, etherType: 0x88b5 }, new Uint8Array(len - 14));
}

function drops(sim: Simulator): string[] {
  const out: string[] = [];
  sim.on('frame:drop', (e: TraceEvent) => {
    if (e.kind === 'frame:drop') out.push(`${e.ns}/${e.dev} ${e.reason}`);
  });
  return out;
}

describe('creation (reference §2.1)', () => {
  it('creates both ends down, without carrier, MTU 1500, linked to each other', () => {
    const { veth } = pairInTwo();
    for (const end of [veth.a, veth.b]) {
      expect(end.kind).toBe('veth');
      expect(end.isUp).toBe(false);
      expect(end.hasCarrier).toBe(false);
      expect(end.isRunning).toBe(false);
      expect(end.operstate).toBe('DOWN');
      expect(end.mtu).toBe(1500);
      expect(end.isDeleted).toBe(false);
    }
    expect(veth.a.peer).toBe(veth.b);
    expect(veth.b.peer).toBe(veth.a);
    expect(veth.a.namespaceName).toBe('a');
    expect(veth.b.namespaceName).toBe('b');
  });

  it('registers the peer (b) first, so in one namespace b gets the lower ifindex', () => {
    const { ns, veth } = pairInOne();
    expect(ns.lo.ifindex).toBe(1);
    expect(veth.b.ifindex).toBe(2);
    expect(veth.a.ifindex).toBe(3);
    expect(ns.devices().map((d) => d.name)).toEqual(['lo', 'vb', 'va']);
  });

  it('numbers ifindexes per namespace', () => {
    const { veth } = pairInTwo();
    expect(veth.a.ifindex).toBe(2);
    expect(veth.b.ifindex).toBe(2);
  });

  it('gives each end its own random MAC: unicast, locally administered (low nibble of octet 0 is 2, 6, a or e)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const { veth } = pairInTwo(seed);
      for (const end of [veth.a, veth.b]) {
        expect(end.mac.isValidUnicast).toBe(true);
        expect(end.mac.isLocallyAdministered).toBe(true);
        expect(end.mac.toBytes()[0]! & 0x03).toBe(0x02);
      }
      expect(veth.a.mac.equals(veth.b.mac)).toBe(false);
    }
  });

  it('draws MACs from the seeded generator: the same seed gives the same MACs, another seed others', () => {
    const x = pairInTwo(42).veth;
    const y = pairInTwo(42).veth;
    const z = pairInTwo(43).veth;
    expect(String(x.a.mac)).toBe(String(y.a.mac));
    expect(String(x.b.mac)).toBe(String(y.b.mac));
    expect(String(x.a.mac)).not.toBe(String(z.a.mac));
  });

  it('streams MACs by namespace/name: creating an unrelated device first does not shift them', () => {
    const sim1 = new Simulator({ seed: 5 });
    const v1 = new VethPair({ ns: sim1.namespace('a'), name: 'eth0' }, { ns: sim1.namespace('b'), name: 'eth0' });
    const sim2 = new Simulator({ seed: 5 });
    new VethPair({ ns: sim2.namespace('x'), name: 'other0' }, { ns: sim2.namespace('y'), name: 'other1' });
    const v2 = new VethPair({ ns: sim2.namespace('a'), name: 'eth0' }, { ns: sim2.namespace('b'), name: 'eth0' });
    expect(String(v2.a.mac)).toBe(String(v1.a.mac));
    expect(String(v2.b.mac)).toBe(String(v1.b.mac));
  });

  it('takes explicit MACs and MTUs per end', () => {
    const sim = new Simulator();
    const veth = new VethPair({ ns: sim.namespace('a'), name: 'eth0', mac: '02:00:00:00:00:01', mtu: 9000 }, { ns: sim.namespace('b'), name: 'eth0', mac: MacAddress.parse('02:00:00:00:00:02') });
    expect(String(veth.a.mac)).toBe('02:00:00:00:00:01');
    expect(String(veth.b.mac)).toBe('02:00:00:00:00:02');
    expect(veth.a.mtu).toBe(9000);
    expect(veth.b.mtu).toBe(1500);
  });

  it('rejects bad names, MACs, MTUs and taken names, creating nothing', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    new VethPair({ ns: a, name: 'taken' }, { ns: b, name: 'taken' });
    const before = JSON.stringify([a.links(), b.links()]);
    expectCode(() => new VethPair({ ns: a, name: '' }, { ns: b, name: 'x' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'a/b' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'y', mac: '01:00:5e:00:00:01' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'y', mac: '00:00:00:00:00:00' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x', mac: 'ff:ff:ff:ff:ff:ff' }, { ns: b, name: 'y' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x', mtu: 67 }, { ns: b, name: 'y' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'y', mtu: 65536 }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'y' }, { latency: -1 }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'y' }, { rate: -5 }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: a, name: 'taken' }, { ns: b, name: 'y' }), 'already-exists');
    expectCode(() => new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'taken' }), 'already-exists');
    expectCode(() => new VethPair({ ns: a, name: 'same' }, { ns: a, name: 'same' }), 'already-exists');
    expectCode(() => new VethPair(null as never, { ns: b, name: 'y' }), 'invalid-argument');
    expectCode(() => new VethPair({ ns: null, name: 'x' } as never, { ns: b, name: 'y' }), 'invalid-argument');
    expect(JSON.stringify([a.links(), b.links()])).toBe(before);
    // the MAC streams were not consumed by the failed calls either
    const ok = new VethPair({ ns: a, name: 'x' }, { ns: b, name: 'y' });
    const fresh = new Simulator();
    new VethPair({ ns: fresh.namespace('a'), name: 'taken' }, { ns: fresh.namespace('b'), name: 'taken' });
    const ref = new VethPair({ ns: fresh.namespace('a'), name: 'x' }, { ns: fresh.namespace('b'), name: 'y' });
    expect(String(ok.a.mac)).toBe(String(ref.a.mac));
  });
});

describe('carrier (reference §2.2)', () => {
  it('one end up while the peer is down: UP, NO-CARRIER, LOWERLAYERDOWN (peer found in the namespace without carrier)', () => {
    const { ns, veth } = pairInOne();
    veth.a.up();
    expect(veth.a.isUp).toBe(true);
    expect(veth.a.hasCarrier).toBe(false);
    expect(veth.a.operstate).toBe('LOWERLAYERDOWN');
    expect(veth.b.operstate).toBe('DOWN');
    // Linux 6.18 / iproute2: `3: va@vb: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> … state LOWERLAYERDOWN`
    // (M-DOWN: the peer, found in this namespace, is administratively down).
    const l = ns.links().find((x) => x.name === 'va')!;
    expect(l.flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN']);
    expect(ns.links().find((x) => x.name === 'vb')!.flags).toEqual(['BROADCAST', 'MULTICAST']);
    expect(ns.show('ip link').split('\n')[4]).toBe('3: va@vb: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000');
  });

  it('M-DOWN is not shown for a peer in another namespace (iproute2 has no flags for it)', () => {
    const { a, veth } = pairInTwo();
    veth.a.up();
    expect(a.links().find((x) => x.name === veth.a.name)!.flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
  });

  it('carrier on both ends once both are up', () => {
    const { veth } = pairInTwo();
    veth.b.up();
    expect(veth.b.hasCarrier).toBe(false);
    veth.a.up();
    for (const end of [veth.a, veth.b]) {
      expect(end.hasCarrier).toBe(true);
      expect(end.operstate).toBe('UP');
      expect(end.isRunning).toBe(true);
    }
  });

  it('either end down takes the carrier off both ends (a 6.18 kernel shows the other end LOWERLAYERDOWN in one namespace)', () => {
    const { ns, veth } = pairInOne();
    veth.up();
    veth.b.down();
    expect(veth.a.isUp).toBe(true);
    expect(veth.a.hasCarrier).toBe(false);
    expect(veth.b.hasCarrier).toBe(false);
    expect(veth.a.operstate).toBe('LOWERLAYERDOWN');
    expect(ns.links().find((x) => x.name === 'va')!.flags).toContain('NO-CARRIER');
    veth.b.up();
    expect(veth.a.hasCarrier).toBe(true);
  });

  it('VethPair.up() and .down() act on both ends; repeating them changes nothing', () => {
    const { veth, sim } = pairInTwo();
    const events: string[] = [];
    sim.on('link:state', (e: TraceEvent) => {
      if (e.kind === 'link:state') events.push(`${e.ns}/${e.dev} ${e.operstate}`);
    });
    veth.up();
    veth.up();
    expect(veth.a.isRunning && veth.b.isRunning).toBe(true);
    veth.down();
    veth.down();
    expect(veth.a.isUp || veth.b.isUp || veth.a.hasCarrier || veth.b.hasCarrier).toBe(false);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatch(/DOWN$/);
  });
});

describe('transmit and delivery (reference §2.3)', () => {
  it('delivers through the event loop, never by a recursive call: nothing arrives before the loop runs', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    const before = sim.pendingEvents;
    expect(veth.a.transmit(frameOf(60))).toBe(true);
    expect(veth.a.stats.txPackets).toBe(1);
    expect(veth.b.stats.rxPackets).toBe(0);
    expect(sim.pendingEvents).toBe(before + 1);
    sim.runFor(0); // the zero-delay event runs at the same instant
    expect(sim.now).toBe(0);
    expect(veth.b.stats.rxPackets).toBe(1);
  });

  it('a frame sent from inside a delivery joins the back of the current instant (FIFO)', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    const order: string[] = [];
    sim.on('frame:rx', (e: TraceEvent) => {
      if (e.kind === 'frame:rx') order.push(`${e.ns}:${e.frame.length}`);
    });
    sim.schedule(0, () => {
      veth.a.transmit(frameOf(61));
      veth.a.transmit(frameOf(62));
      veth.b.transmit(frameOf(63));
    });
    sim.schedule(0, () => veth.a.transmit(frameOf(64)));
    sim.runFor(0);
    expect(order).toEqual(['b:61', 'b:62', 'a:63', 'b:64']);
  });

  it('preserves order for many frames and delivers the same bytes', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    const got: Uint8Array[] = [];
    sim.on('frame:rx', (e: TraceEvent) => {
      if (e.kind === 'frame:rx' && e.ns === 'b') got.push(e.frame.bytes);
    });
    const sent = Array.from({ length: 50 }, (_, i) => frameOf(60 + i));
    for (const f of sent) veth.a.transmit(f);
    sim.runFor(0);
    expect(got.map((b) => b.length)).toEqual(sent.map((f) => f.length));
    expect(Buffer.from(got[7]!).equals(Buffer.from(sent[7]!.bytes))).toBe(true);
  });

  it('with a latency, delivers exactly that much later', () => {
    const sim = new Simulator();
    const veth = new VethPair({ ns: sim.namespace('a'), name: 'eth0' }, { ns: sim.namespace('b'), name: 'eth0' }, { latency: '1.5ms' });
    veth.up();
    const at: number[] = [];
    sim.on('frame:rx', (e: TraceEvent) => {
      if (e.kind === 'frame:rx') at.push(e.time);
    });
    sim.schedule('1ms', () => veth.a.transmit(frameOf(60)));
    sim.runFor('2.4999ms');
    expect(at).toEqual([]);
    sim.runFor('1us');
    expect(at).toEqual([2_500_000]);
  });

  it('with a rate, serialises frames one after the other', () => {
    const sim = new Simulator();
    const veth = new VethPair({ ns: sim.namespace('a'), name: 'eth0' }, { ns: sim.namespace('b'), name: 'eth0' }, { rate: 8e6 }); // 1 byte per µs
    veth.up();
    const at: number[] = [];
    sim.on('frame:rx', (e: TraceEvent) => {
      if (e.kind === 'frame:rx') at.push(e.time);
    });
    veth.a.transmit(frameOf(100));
    veth.a.transmit(frameOf(100));
    sim.runUntilIdle();
    expect(at).toEqual([100_000, 200_000]);
  });

  it('a frame to a down peer is dropped at the sender (no carrier: the noop qdisc) and counted as its tx_dropped', () => {
    const { sim, veth } = pairInTwo();
    const log = drops(sim);
    veth.a.up();
    expect(veth.a.transmit(frameOf(60))).toBe(false);
    sim.runUntilIdle();
    expect(veth.a.stats).toMatchObject({ txPackets: 0, txBytes: 0, txDropped: 1 });
    expect(veth.b.stats).toMatchObject({ rxPackets: 0, rxDropped: 0 });
    expect(log).toEqual(['a/eth0 peer-down']);
  });

  it('a frame from a device that is itself down fails early (ENETDOWN): no counter moves', () => {
    const { sim, veth } = pairInTwo();
    const log = drops(sim);
    expect(veth.a.transmit(frameOf(60))).toBe(false);
    expect(veth.a.stats).toMatchObject({ txPackets: 0, txDropped: 0 });
    expect(log).toEqual(['a/eth0 device-down']);
  });

  it('each end checks frames against the peer’s MTU: longer than MTU + 18 is dropped (peer rx_dropped, sender tx_dropped)', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    veth.b.setMtu(1000);
    expect(veth.a.mtu).toBe(1500); // each end's MTU is its own
    const log = drops(sim);
    expect(veth.a.transmit(frameOf(1000 + 18))).toBe(true); // room for a VLAN tag
    expect(veth.a.transmit(frameOf(1000 + 19))).toBe(false);
    sim.runUntilIdle();
    expect(veth.a.stats).toMatchObject({ txPackets: 1, txBytes: 1018, txDropped: 1 });
    expect(veth.b.stats).toMatchObject({ rxPackets: 1, rxBytes: 1018, rxDropped: 1 });
    expect(log.filter((l) => l.endsWith(' mtu'))).toEqual(['a/eth0 mtu']);
    // the other direction is limited by a's MTU, not by b's own
    expect(veth.b.transmit(frameOf(1518))).toBe(true);
    expect(veth.b.transmit(frameOf(1519))).toBe(false);
    expect(veth.b.stats.txDropped).toBe(1);
    expect(veth.a.stats.rxDropped).toBe(1);
  });

  it('counts packets and bytes like `ip -s link` (whole frame, no FCS) and rx on the peer equals tx on the sender', () => {
    const { sim, veth, a } = pairInTwo();
    veth.up();
    for (const len of [42, 98, 1514]) veth.a.transmit(frameOf(len));
    veth.b.transmit(frameOf(60));
    sim.runUntilIdle();
    expect(veth.a.stats).toMatchObject({ txPackets: 3, txBytes: 42 + 98 + 1514, rxPackets: 1, rxBytes: 60 });
    expect(veth.b.stats).toMatchObject({ rxPackets: 3, rxBytes: 42 + 98 + 1514, txPackets: 1, txBytes: 60 });
    const text = a.show('ip -s link');
    expect(text).toContain(`    ${'1654'.padStart(10)} `);
  });

  it('does no MAC filtering: frames to another MAC arrive and are counted, and the stack drops them', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    const log = drops(sim);
    const arp = ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' });
    veth.a.transmit(Frame.build({ dst: '02:00:00:00:00:99', src: '02:00:00:00:00:01', etherType: EtherType.ARP }, arp));
    sim.runUntilIdle();
    expect(veth.b.stats.rxPackets).toBe(1);
    expect(log).toEqual(['b/eth0 not-for-us']);
  });

  it('frames with an unknown EtherType count in rx_nohandler', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    veth.a.transmit(frameOf(60));
    sim.runUntilIdle();
    expect(veth.b.stats.rxNohandler).toBe(1);
  });
});

describe('namespaces and lifetime (reference §2.5)', () => {
  it('moving an end to another namespace brings it down, strips its addresses, routes and neighbours, keeps name, MAC and ifindex', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    const c = sim.namespace('c');
    const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
    a.addAddress('eth0', '10.0.0.1/24');
    b.addAddress('eth0', '10.0.0.2/24');
    veth.up();
    a.addRoute('10.9.0.0/16', { via: '10.0.0.2' });
    const p = a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(p.received).toBe(1);
    expect(a.neighbours().length).toBe(1);
    const mac = String(veth.a.mac);
    a.moveDevice('eth0', c);
    expect(a.hasDevice('eth0')).toBe(false);
    expect(c.device('eth0')).toBe(veth.a);
    expect(veth.a.namespaceName).toBe('c');
    expect(String(veth.a.mac)).toBe(mac);
    expect(veth.a.ifindex).toBe(2);
    expect(veth.a.isUp).toBe(false);
    expect(veth.b.hasCarrier).toBe(false);
    expect(veth.b.isUp).toBe(true);
    expect(c.addresses()).toEqual([]);
    expect(a.addresses()).toEqual([]);
    expect(a.routes('all')).toEqual([]);
    expect(a.neighbours()).toEqual([]);
    expect(c.routes('all')).toEqual([]);
    // the peer now shows the link-netns of its new namespace
    expect(b.links().find((l) => l.name === 'eth0')!.peer).toEqual({ ns: 'c', name: 'eth0', ifindex: 2 });
    // and it works there
    c.addAddress('eth0', '10.0.0.3/24');
    veth.a.up();
    const q = c.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(q.received).toBe(1);
  });

  it('a moved end takes another ifindex when its own is taken in the target', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    const c = sim.namespace('c');
    new VethPair({ ns: c, name: 'x0' }, { ns: b, name: 'y0' }); // c: x0 = 2
    const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' }); // a: eth0 = 2
    a.moveDevice('eth0', c);
    expect(veth.a.ifindex).toBe(3);
    expect(c.devices().map((d) => `${d.ifindex}:${d.name}`)).toEqual(['1:lo', '2:x0', '3:eth0']);
  });

  it('the peer left behind shows DOWN (not LOWERLAYERDOWN) once its peer’s ifindex is gone from its namespace (checked on 6.18)', () => {
    const { sim, ns, veth } = pairInOne();
    veth.up();
    ns.moveDevice('va', sim.namespace('other'));
    expect(veth.b.hasCarrier).toBe(false);
    expect(veth.b.operstate).toBe('DOWN');
  });

  it('moving an end detaches it from its bridge', () => {
    const sim = new Simulator();
    const node = sim.namespace('node');
    const br = new LinuxBridge(node, 'br0');
    const veth = new VethPair({ ns: node, name: 'veth0' }, { ns: sim.namespace('pod'), name: 'eth0' });
    br.addPort(veth.a);
    expect(veth.a.masterName).toBe('br0');
    node.moveDevice('veth0', sim.namespace('elsewhere'));
    expect(veth.a.masterName).toBeNull();
    expect(br.ports.length).toBe(0);
  });

  it('moving to a namespace where the name is taken fails and changes nothing; lo cannot move', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
    a.addAddress('eth0', '10.0.0.1/24');
    veth.up();
    const before = JSON.stringify([a.links(), a.addresses(), a.routes('all'), b.links()]);
    expectCode(() => a.moveDevice('eth0', b), 'already-exists');
    expectCode(() => a.moveDevice('lo', b), 'invalid-argument');
    expectCode(() => a.moveDevice('nope', b), 'not-found');
    expectCode(() => a.moveDevice('eth0', {} as never), 'invalid-argument');
    expect(JSON.stringify([a.links(), a.addresses(), a.routes('all'), b.links()])).toBe(before);
    // moving into its own namespace is a no-op
    a.moveDevice('eth0', a);
    expect(veth.a.isUp).toBe(true);
  });

  it('deleting one end deletes both, with their addresses and routes, in both namespaces', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
    a.addAddress('eth0', '10.0.0.1/24');
    b.addAddress('eth0', '10.0.0.2/24');
    veth.up();
    b.deleteDevice('eth0');
    expect(veth.isDeleted).toBe(true);
    expect(veth.a.isDeleted && veth.b.isDeleted).toBe(true);
    expect(a.hasDevice('eth0') || b.hasDevice('eth0')).toBe(false);
    expect(a.addresses()).toEqual([]);
    expect(a.routes('all')).toEqual([]);
    expect(veth.a.peer).toBeNull();
    expectCode(() => veth.a.up(), 'invalid-state');
    expectCode(() => veth.b.setMtu(1400), 'invalid-state');
    expectCode(() => veth.a.setMac('02:00:00:00:00:05'), 'invalid-state');
    expectCode(() => veth.delete(), 'invalid-state');
    // the names are free again
    new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  });

  it('deleting a pair detaches its end from the bridge; frames in flight are dropped', () => {
    const sim = new Simulator();
    const node = sim.namespace('node');
    const br = new LinuxBridge(node, 'br0');
    const veth = new VethPair({ ns: node, name: 'veth0' }, { ns: sim.namespace('pod'), name: 'eth0' });
    br.addPort(veth.a);
    veth.up();
    const log = drops(sim);
    veth.b.transmit(frameOf(60));
    veth.delete();
    sim.runUntilIdle();
    expect(br.ports.length).toBe(0);
    expect(log).toEqual(['node/veth0 device-deleted']);
  });

  it('deleting a namespace deletes its veths and their peers elsewhere', () => {
    const { sim, b, veth } = pairInTwo();
    sim.deleteNamespace('a');
    expect(sim.hasNamespace('a')).toBe(false);
    expect(veth.isDeleted).toBe(true);
    expect(b.hasDevice('eth0')).toBe(false);
    expectCode(() => sim.deleteNamespace('a'), 'not-found');
  });

  it('a veth end without peer cannot come up (ENOTCONN)', () => {
    const { veth } = pairInTwo();
    veth.delete();
    expectCode(() => veth.a.up(), 'invalid-state');
  });
});

describe('setMac and setMtu on an end', () => {
  it('setMac takes a valid unicast address and rejects others', () => {
    const { veth } = pairInTwo();
    veth.a.setMac('02:00:00:00:00:aa');
    expect(String(veth.a.mac)).toBe('02:00:00:00:00:aa');
    expectCode(() => veth.a.setMac('01:00:00:00:00:aa'), 'invalid-argument');
    expectCode(() => veth.a.setMac('00:00:00:00:00:00'), 'invalid-argument');
    expectCode(() => veth.a.setMac('nope'), 'invalid-argument');
    expect(String(veth.a.mac)).toBe('02:00:00:00:00:aa');
  });

  it('setMtu takes 68..65535 (is_valid_veth_mtu) and changes only that end', () => {
    const { veth } = pairInTwo();
    veth.a.setMtu(68);
    veth.a.setMtu(65535);
    expect(veth.b.mtu).toBe(1500);
    for (const bad of [67, 65536, 1500.5, Number.NaN, -1, '1500' as never]) expectCode(() => veth.a.setMtu(bad), 'invalid-argument');
    expect(veth.a.mtu).toBe(65535);
  });

  it('keeps delivering after MTU changes in both directions (S = 1 s sanity run)', () => {
    const { sim, veth } = pairInTwo();
    veth.up();
    veth.a.setMtu(9000);
    veth.b.setMtu(9000);
    expect(veth.a.transmit(frameOf(9018))).toBe(true);
    sim.runFor(S);
    expect(veth.b.stats.rxBytes).toBe(9018);
    expect(sim.now).toBe(S);
    void MS;
  });
});
