// The IPv4 input rules of ip_route_input / ip_forward / icmp_send that the review pointed at.
import { describe, expect, it } from 'vitest';
import { EtherType, EventLoop, Frame, IcmpMessage, Ipv4Packet, kubernetesNode, LinuxBridge, Simulator, VethPair, type NetworkNamespace, type FrameDropEvent } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { twoHosts } from '../support/topology.js';

/** a (10.0.0.1 on eth0, 10.1.0.1 on eth1) — r (router: 10.0.0.2, 10.1.0.2, 10.2.0.2) — far (10.2.0.9). */
function routed(): { sim: Simulator; a: NetworkNamespace; r: NetworkNamespace; far: NetworkNamespace } {
  const sim = new Simulator({ seed: 4 });
  const a = sim.namespace('a');
  const r = sim.namespace('r');
  const far = sim.namespace('far');
  new VethPair({ ns: a, name: 'eth0' }, { ns: r, name: 'eth0' }).up();
  new VethPair({ ns: a, name: 'eth1' }, { ns: r, name: 'eth1' }).up();
  new VethPair({ ns: r, name: 'eth2' }, { ns: far, name: 'eth0' }).up();
  a.addAddress('eth0', '10.0.0.1/24');
  a.addAddress('eth1', '10.1.0.1/24');
  r.addAddress('eth0', '10.0.0.2/24');
  r.addAddress('eth1', '10.1.0.2/24');
  r.addAddress('eth2', '10.2.0.2/24');
  far.addAddress('eth0', '10.2.0.9/24');
  far.addRoute('default', { via: '10.2.0.2' });
  r.sysctl('net.ipv4.ip_forward', 1);
  for (const ns of [a, r, far]) ns.lo.up();
  return { sim, a, r, far };
}

function inject(from: NetworkNamespace, dev: string, dstMac: string, src: string, dst: string, ttl = 64, type = 8): void {
  const d = from.device(dev);
  d.transmit(Frame.build({ dst: dstMac, src: d.mac, etherType: EtherType.IPv4 }, Ipv4Packet.create({ src, dst, protocol: 1, ttl, payload: IcmpMessage.create({ type, code: 0, rest: 0x00010001, data: new Uint8Array(8) }) })));
}

function drops(sim: Simulator): string[] {
  const out: string[] = [];
  sim.on('frame:drop', (e: FrameDropEvent) => out.push(`${e.ns}/${e.dev} ${e.reason}`));
  return out;
}

describe('IPv4 input', () => {
  it('drops martian sources and destinations (0.0.0.0/8, 127/8 off lo, a broadcast or our own address as source)', () => {
    const { sim, a, b } = twoHosts(2);
    const d = drops(sim);
    const bMac = String(b.device('eth0').mac);
    inject(a, 'eth0', bMac, '0.0.0.0', '10.0.0.2');
    inject(a, 'eth0', bMac, '10.0.0.255', '10.0.0.2');
    inject(a, 'eth0', bMac, '224.0.0.5', '10.0.0.2');
    inject(a, 'eth0', bMac, '10.0.0.2', '10.0.0.2');
    inject(a, 'eth0', bMac, '127.0.0.1', '10.0.0.2');
    inject(a, 'eth0', bMac, '10.0.0.1', '127.0.0.1');
    const sent = a.device('eth0').stats.txPackets;
    sim.runFor('1s');
    expect(d).toEqual(Array.from({ length: 6 }, () => 'b/eth0 martian'));
    expect(b.device('eth0').stats.txPackets).toBe(0); // nothing answered
    expect(sent).toBe(6);
  });

  it('does not forward an IPv4 unicast that arrived in a link-layer broadcast (ip_forward wants PACKET_HOST)', () => {
    const { sim, a, r, far } = routed();
    const d = drops(sim);
    inject(a, 'eth0', 'ff:ff:ff:ff:ff:ff', '10.0.0.1', '10.2.0.9');
    sim.runFor('1s');
    expect(d).toContain('r/eth0 not-for-us');
    expect(far.device('eth0').stats.rxPackets).toBe(0);
    void r;
  });

  it('delivers a directed broadcast to another of its subnets locally (the broadcast route of the local table)', () => {
    const { sim, a, r } = routed();
    const seen: string[] = [];
    sim.on('frame:tx', (e) => {
      if (e.ns === 'r') seen.push(e.dev);
    });
    r.sysctl('net.ipv4.icmp_echo_ignore_broadcasts', 0);
    inject(a, 'eth0', String(r.device('eth0').mac), '10.0.0.1', '10.2.0.255');
    sim.runFor('1s');
    // Answered (from r's address on the receiving side, towards a), not forwarded out of eth2.
    expect(seen).not.toContain('eth2');
    expect(seen).toContain('eth0');
  });

  it('with no route, a router answers Net Unreachable even for TTL 1 (the route lookup fails first)', () => {
    const { sim, a, r } = routed();
    r.deleteRoute('10.2.0.0/24');
    const rec = sim.record({ kinds: ['frame:rx'], filter: (e) => e.ns === 'a' });
    inject(a, 'eth0', String(r.device('eth0').mac), '10.0.0.1', '10.2.0.9', 1);
    sim.runFor('1s');
    const icmp = rec.events.map((e) => (e.kind === 'frame:rx' ? Ipv4Packet.decode(e.frame.payload) : undefined)).find((p) => p?.ok);
    expect(icmp?.ok && IcmpMessage.decode(icmp.value.payload).ok && [icmp.value.payload[0], icmp.value.payload[1]]).toEqual([3, 0]);
  });

  it('sends ICMP errors about ICMP queries other than echo (a timestamp request with TTL 1 gets Time Exceeded)', () => {
    const { sim, a, r } = routed();
    const rec = sim.record({ kinds: ['frame:rx'], filter: (e) => e.ns === 'a' });
    inject(a, 'eth0', String(r.device('eth0').mac), '10.0.0.1', '10.2.0.9', 1, 13);
    sim.runFor('1s');
    const types = rec.events.flatMap((e) => (e.kind === 'frame:rx' && e.frame.etherType === EtherType.IPv4 ? [e.frame.payload[20]] : []));
    expect(types).toEqual([11]);
  });

  it('reports Destination Host Unreachable for its own packets from the packet source, on a multi-homed host', () => {
    const { sim, a } = routed();
    const p = a.ping('10.1.0.99', { count: 1 });
    sim.runFor('5s');
    expect(p.lines()[1]).toBe('From 10.1.0.1 icmp_seq=1 Destination Host Unreachable');
  });

  it('an MTU error is a per-packet local error, as iputils prints it', () => {
    const { sim, a } = twoHosts(2);
    const p = a.ping('10.0.0.2', { count: 2, size: 1600, interval: '100ms' });
    sim.runFor('1s');
    expect(p.lines().slice(1)).toEqual(['ping: local error: message too long, mtu=1500', 'ping: local error: message too long, mtu=1500']);
    expect(p.transmitted).toBe(2);
    expect(p.errorCount).toBe(2);
  });
});

describe('timers follow changes made through the exposed tables', () => {
  it('an entry added with ns.arp.add as REACHABLE goes STALE after its reachable time', () => {
    const { sim, a } = twoHosts(2);
    a.arp.add('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:02', state: 'reachable' }, sim.now);
    sim.runFor('50s');
    expect(a.arp.get('10.0.0.2', 'eth0')?.state).toBe('STALE');
  });

  it('an entry learned through bridge.fdb directly ages out', () => {
    const sim = new Simulator({ seed: 1 });
    const ns = sim.namespace('sw');
    const br = new LinuxBridge(ns, 'br0', { ageingTime: '10s' });
    const v = new VethPair({ ns, name: 'p1' }, { ns: sim.namespace('h'), name: 'eth0' });
    const port = br.addPort(v.a);
    v.up();
    br.up();
    br.fdb.learn(0x020000000042, 0, port, sim.now);
    sim.runFor('11s');
    expect(br.fdb.lookup(0x020000000042, 0)).toBeUndefined();
  });
});

describe('runUntilIdle', () => {
  it('refuses to start with a ping that has no count, and names it', () => {
    const { sim, a } = twoHosts(2);
    const p = a.ping('10.0.0.2');
    const e = expectCode(() => sim.runUntilIdle(), 'invalid-state');
    expect(e.message).toContain('ping 10.0.0.2 in a');
    expect(sim.runUntilIdle({ maxEvents: 100 }).stoppedBy).toBe('max-events');
    p.stop();
    expect(sim.runUntilIdle().stoppedBy).toBe('idle');
  });

  it('throws event-limit when a run never becomes idle without an explicit bound; an explicit bound returns', () => {
    const sim = new Simulator({ seed: 1 });
    const forever = (): void => void sim.schedule('1ms', forever);
    sim.schedule(0, forever);
    expect(sim.runUntilIdle({ maxEvents: 1000 })).toEqual({ executed: 1000, stoppedBy: 'max-events' });
    const limit = EventLoop.IDLE_LIMIT;
    (EventLoop as { IDLE_LIMIT: number }).IDLE_LIMIT = 5000;
    try {
      const e = expectCode(() => sim.runUntilIdle(), 'event-limit');
      expect(e.details).toMatchObject({ executed: 5000 });
    } finally {
      (EventLoop as { IDLE_LIMIT: number }).IDLE_LIMIT = limit;
    }
  });
});

describe('kubernetesNode and the bridge port limit', () => {
  it('refuses more pods than a bridge has ports, before creating anything', () => {
    const sim = new Simulator({ seed: 1 });
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/16', pods: 1024 }), 'invalid-argument');
    expect(sim.namespaces()).toEqual([]);
  });
});
