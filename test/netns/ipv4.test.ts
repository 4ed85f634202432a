// IPv4 receive and transmit, the ICMP echo responder, forwarding with TTL decrement (a namespace
// as a router between two veth segments), ICMP time exceeded, and ICMP destination unreachable
// (host) from a router whose ARP resolution failed — compared with a real kernel capture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EtherType, Frame, IcmpMessage, Ipv4Packet, Simulator, VethPair } from '../../src/index.js';
import { twoHosts } from '../support/topology.js';
import { arpOf, icmpOf, ipOf, MS, probeOn, S, sentFrames } from '../support/hosts.js';

/** A (10.0.1.2) -- R eth0 (10.0.1.1) | R eth1 (10.0.2.1) -- B (10.0.2.2), MACs as in the kernel fixtures. */
function routed(o: { forward?: boolean; lo?: boolean } = {}) {
  const sim = new Simulator({ seed: 1 });
  const a = sim.namespace('A');
  const r = sim.namespace('R');
  const b = sim.namespace('B');
  const ar = new VethPair({ ns: a, name: 'eth0', mac: '02:00:00:00:01:02' }, { ns: r, name: 'eth0', mac: '02:00:00:00:01:01' });
  const rb = new VethPair({ ns: r, name: 'eth1', mac: '02:00:00:00:02:01' }, { ns: b, name: 'eth0', mac: '02:00:00:00:02:02' });
  a.addAddress('eth0', '10.0.1.2/24');
  r.addAddress('eth0', '10.0.1.1/24');
  r.addAddress('eth1', '10.0.2.1/24');
  b.addAddress('eth0', '10.0.2.2/24');
  ar.up();
  rb.up();
  if (o.lo !== false) for (const ns of [a, r, b]) ns.lo.up();
  a.addRoute('default', { via: '10.0.1.1' });
  b.addRoute('default', { via: '10.0.2.1' });
  if (o.forward !== false) r.sysctl('net.ipv4.ip_forward', 1);
  return { sim, a, r, b, ar, rb };
}

/** The fields of a frame that do not depend on process ids, clocks or IP-ID counters. */
function fields(f: Frame): string {
  const eth = `${String(f.dst)}<${String(f.src)} len ${f.length}`;
  const arp = arpOf(f);
  if (arp) return `${eth} ARP op${arp.op} ${String(arp.sha)} ${String(arp.spa)} ${String(arp.tha)} ${String(arp.tpa)}`;
  const x = icmpOf(f);
  if (!x) return `${eth} ?`;
  const { ip, icmp } = x;
  let s = `${eth} IP tos ${ip.tos} len ${ip.totalLength} ${ip.dontFragment ? 'DF' : '-'} ttl ${ip.ttl} ${String(ip.src)}>${String(ip.dst)} ICMP ${icmp.type}/${icmp.code}`;
  if (icmp.isEcho) s += ` seq ${icmp.sequence} data ${icmp.data.length}`;
  else {
    const q = icmp.data;
    const ttl = q[8];
    const len = (q[2]! << 8) | q[3]!;
    s += ` rest ${icmp.rest} quote ${q.length} [len ${len} ttl ${ttl} ${q.slice(12, 16).join('.')}>${q.slice(16, 20).join('.')} ${q[6]! & 0x40 ? 'DF' : '-'}]`;
  }
  return s;
}

describe('ICMP echo responder', () => {
  it('answers an echo request: same id, sequence and data, TTL 64, source = the address asked, DF clear', () => {
    const { sim, a } = twoHosts(1);
    const frames = sentFrames(sim);
    const p = a.ping('10.0.0.2', { count: 1, size: 100 });
    sim.runFor('1s');
    const req = frames.map((f) => icmpOf(f.frame)).find((x) => x?.icmp.type === 8)!;
    const rep = frames.map((f) => icmpOf(f.frame)).find((x) => x?.icmp.type === 0)!;
    expect(rep.icmp.identifier).toBe(req.icmp.identifier);
    expect(rep.icmp.sequence).toBe(1);
    expect(Buffer.from(rep.icmp.data).equals(Buffer.from(req.icmp.data))).toBe(true);
    expect(rep.icmp.data.length).toBe(100);
    expect(rep.ip.ttl).toBe(64);
    expect(req.ip.ttl).toBe(64);
    expect(req.ip.dontFragment).toBe(true);
    expect(rep.ip.dontFragment).toBe(false);
    expect(String(rep.ip.src)).toBe('10.0.0.2');
    expect(String(rep.ip.dst)).toBe('10.0.0.1');
    expect(rep.ip.checksumOk && rep.icmp.checksumOk).toBe(true);
    expect(p.replies.map((r) => `${r.seq} ${r.ttl} ${r.bytes} ${r.from}`)).toEqual(['1 64 108 10.0.0.2']);
  });

  it('ignores echo requests to a broadcast address (icmp_echo_ignore_broadcasts=1) and answers them with 0', () => {
    const { sim, b } = twoHosts(1);
    const probe = probeOn(sim, b, 'eth9');
    b.addAddress('eth9', '10.7.0.1/24');
    const echo = (dst: string) =>
      Frame.build(
        { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:99:99', etherType: EtherType.IPv4 },
        Ipv4Packet.create({ src: '10.7.0.9', dst, protocol: 1, ttl: 64, payload: IcmpMessage.echoRequest(7, 1, new Uint8Array(8)) }),
      );
    const out = sentFrames(sim, 'b');
    probe.send(echo('10.7.0.255'));
    probe.send(echo('255.255.255.255'));
    sim.runFor('1s');
    expect(out.filter((f) => ipOf(f.frame) !== undefined)).toEqual([]);
    b.sysctl('net.ipv4.icmp_echo_ignore_broadcasts', 0);
    b.addNeighbour('10.7.0.9', { dev: 'eth9', lladdr: '02:00:00:00:99:99' });
    probe.send(echo('10.7.0.255'));
    sim.runFor('1s');
    const replies = out.map((f) => icmpOf(f.frame)).filter((x) => x?.icmp.type === 0);
    expect(replies.map((x) => `${String(x!.ip.src)}>${String(x!.ip.dst)}`)).toEqual(['10.7.0.1>10.7.0.9']); // source selected, not the broadcast
  });

  it('drops IP packets unicast to another MAC, and protocols other than ICMP', () => {
    const { sim, b } = twoHosts(1);
    const probe = probeOn(sim, b, 'eth9');
    b.addAddress('eth9', '10.7.0.1/24');
    b.addNeighbour('10.7.0.9', { dev: 'eth9', lladdr: '02:00:00:00:99:99' });
    const drops: string[] = [];
    sim.on('frame:drop', (e) => {
      if (e.kind === 'frame:drop' && e.ns === 'b') drops.push(e.reason);
    });
    const out = sentFrames(sim, 'b');
    const req = Ipv4Packet.create({ src: '10.7.0.9', dst: '10.7.0.1', protocol: 1, ttl: 64, payload: IcmpMessage.echoRequest(7, 1, new Uint8Array(8)) });
    probe.send(Frame.build({ dst: '02:00:00:00:12:34', src: '02:00:00:00:99:99', etherType: EtherType.IPv4 }, req));
    const udp = Ipv4Packet.create({ src: '10.7.0.9', dst: '10.7.0.1', protocol: 17, ttl: 64, payload: new Uint8Array(8) });
    probe.send(Frame.build({ dst: String(b.device('eth9').mac), src: '02:00:00:00:99:99', etherType: EtherType.IPv4 }, udp));
    sim.runFor('1s');
    expect(drops).toEqual(['not-for-us', 'unsupported-protocol']);
    expect(out).toEqual([]);
  });

  it('pings its own address through lo once lo is up; with lo down that fails (reference §3, §7.29)', () => {
    const { sim, a } = twoHosts(1);
    // a 6.18 kernel: "2 packets transmitted, 0 received, 100% packet loss", nothing else, lo TX dropped 2
    const down = a.ping('10.0.0.1', { count: 2 });
    sim.runFor('12s');
    expect(down.received).toBe(0);
    expect(down.transmitted).toBe(2);
    expect(down.lines()).toEqual(['PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.']);
    expect(down.summary()).toBe('--- 10.0.0.1 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1000ms');
    expect(a.lo.stats.txDropped).toBe(2);
    // 127.0.0.1 has no route before lo was ever up
    const never = a.ping('127.0.0.1', { count: 1 });
    sim.runFor('1s');
    expect(never.summary()).toBe('ping: connect: Network is unreachable');
    a.lo.up();
    const up = a.ping('10.0.0.1', { count: 2 });
    sim.runFor('3s');
    expect(up.replies.map((r) => `${r.seq} ${r.from} ${r.rtt}`)).toEqual(['1 10.0.0.1 0', '2 10.0.0.1 0']);
    expect(a.device('eth0').stats.txPackets).toBe(0); // never on the wire
    const up127 = a.ping('127.0.0.1', { count: 1 });
    sim.runFor('1s');
    expect(up127.received).toBe(1);
  });
});

describe('forwarding (ip_forward) with TTL decrement', () => {
  it('a namespace routes between two veth segments; the TTL drops by one per hop', () => {
    const { sim, a } = routed();
    const p = a.ping('10.0.2.2', { count: 2 });
    sim.runFor('3s');
    expect(p.replies.map((r) => `${r.seq} ttl=${r.ttl} ${r.from}`)).toEqual(['1 ttl=63 10.0.2.2', '2 ttl=63 10.0.2.2']);
  });

  it('without ip_forward the router drops transit packets', () => {
    const { sim, a, r } = routed({ forward: false });
    const drops: string[] = [];
    sim.on('frame:drop', (e) => {
      if (e.kind === 'frame:drop' && e.ns === 'R') drops.push(e.reason);
    });
    const p = a.ping('10.0.2.2', { count: 1, timeout: '1s' });
    sim.runFor('2s');
    expect(p.received).toBe(0);
    expect(drops).toEqual(['not-for-us']);
    expect(r.sysctl('net.ipv4.conf.eth0.forwarding')).toBe(0);
  });

  it('TTL 1 at the router: ICMP time exceeded back to the sender, from the router', () => {
    const { sim, a } = routed();
    const p = a.ping('10.0.2.2', { count: 1, ttl: 1 });
    sim.runFor('2s');
    expect(p.errors.map((e) => `${e.seq} ${e.from} ${e.message}`)).toEqual(['1 10.0.1.1 Time to live exceeded']);
    expect(p.lines()[1]).toBe('From 10.0.1.1 icmp_seq=1 Time to live exceeded');
  });

  it('TTL 2 reaches the host behind the router with TTL 1', () => {
    const { sim, a } = routed();
    const seen = sentFrames(sim, 'R');
    a.ping('10.0.2.2', { count: 1, ttl: 2 });
    sim.runFor('1s');
    const fwd = seen.map((f) => icmpOf(f.frame)).find((x) => x?.icmp.type === 8)!;
    expect(fwd.ip.ttl).toBe(1);
    expect(fwd.ip.checksumOk).toBe(true);
  });

  it('a router without a route to the destination answers Destination Net Unreachable', () => {
    const { sim, a } = routed();
    const p = a.ping('192.168.9.9', { count: 1 });
    sim.runFor('2s');
    expect(p.errors.map((e) => `${e.from} ${e.message}`)).toEqual(['10.0.1.1 Destination Net Unreachable']);
  });

  it('a packet too big for the next hop with DF: Frag needed and DF set', () => {
    const { sim, a, r } = routed();
    r.device('eth1').setMtu(1000);
    const p = a.ping('10.0.2.2', { count: 1, size: 1200 });
    sim.runFor('2s');
    expect(p.errors.map((e) => `${e.from} ${e.message}`)).toEqual(['10.0.1.1 Frag needed and DF set']);
  });
});

describe('ICMP destination unreachable (host) from a router whose resolution failed', () => {
  it('is sent to the originator at 3 s with the forwarded datagram quoted (TTL 63), as the kernel capture shows', () => {
    const { sim, a } = routed();
    const onA = sentFrames(sim);
    const p = a.ping('10.0.2.99', { count: 1 });
    sim.runFor('3.5s');
    const p2 = a.ping('10.0.2.2', { count: 1 });
    sim.runFor('1s');
    expect(p.errors.map((e) => `${e.time / S} ${e.from} ${e.message}`)).toEqual(['3 10.0.1.1 Destination Host Unreachable']);
    expect(p2.received).toBe(1);

    const linux = JSON.parse(readFileSync(new URL('../fixtures/kernel/frames.json', import.meta.url), 'utf8')) as { file: string; hex: string }[];
    const kernel = (file: string): string[] => linux.filter((f) => f.file === file).map((f) => fields(Frame.decode(Uint8Array.from(Buffer.from(f.hex, 'hex'))).ok ? (Frame.decode(Uint8Array.from(Buffer.from(f.hex, 'hex'))) as { value: Frame }).value : (null as never)));
    // A eth0 sees both directions: what A sent and what R sent on its eth0
    const seenOnA = onA.filter((f) => (f.ns === 'A' && f.dev === 'eth0') || (f.ns === 'R' && f.dev === 'eth0')).map((f) => fields(f.frame));
    expect(seenOnA).toEqual(kernel('unreachable.pcap'));
    const seenOnR1 = onA.filter((f) => (f.ns === 'R' && f.dev === 'eth1') || (f.ns === 'B' && f.dev === 'eth0')).map((f) => fields(f.frame));
    expect(seenOnR1).toEqual(kernel('unreachable-r-eth1.pcap'));
    // and R's probes for 10.0.2.99 at 0, 1 and 2 s
    expect(onA.filter((f) => f.ns === 'R' && arpOf(f.frame)?.tpa.toString() === '10.0.2.99').map((f) => f.time / MS)).toEqual([0, 1000, 2000]);
  });

  it('ping shows "Destination Host Unreachable" for local packets too (from its own address), needing lo up', () => {
    const { sim, a } = twoHosts(1);
    a.lo.up();
    const p = a.ping('10.0.0.99', { count: 1 });
    sim.runFor('4s');
    expect(p.lines()).toEqual(['PING 10.0.0.99 (10.0.0.99) 56(84) bytes of data.', 'From 10.0.0.1 icmp_seq=1 Destination Host Unreachable']);
  });

  it('never answers an ICMP error with an ICMP error', () => {
    const { sim, ar } = routed();
    const frames = sentFrames(sim, 'R');
    // an ICMP host-unreachable from A to the unresolvable 10.0.2.99, forwarded by R (R fails to
    // resolve it at 3 s) and another with TTL 1 (R would send time exceeded for anything else)
    const err = IcmpMessage.create({ type: 3, code: 1, data: new Uint8Array(28) });
    for (const ttl of [64, 1]) {
      const pkt = Ipv4Packet.create({ src: '10.0.1.2', dst: '10.0.2.99', protocol: 1, ttl, payload: err });
      ar.a.transmit(Frame.build({ dst: '02:00:00:00:01:01', src: '02:00:00:00:01:02', etherType: EtherType.IPv4 }, pkt));
    }
    sim.runFor('5s');
    expect(frames.filter((f) => f.dev === 'eth1' && icmpOf(f.frame) !== undefined).length).toBe(0); // never resolved: nothing forwarded
    expect(frames.filter((f) => f.dev === 'eth0' && icmpOf(f.frame) !== undefined)).toEqual([]);
  });
});

describe('host behaviour around resolution', () => {
  it('queues while INCOMPLETE and sends the queue in order on resolution (one ARP request for many packets)', () => {
    const { sim, a, b } = twoHosts(1);
    b.sysctl('net.ipv4.conf.eth0.arp_ignore', 8); // B stays silent at first
    const frames = sentFrames(sim, 'a');
    const p = a.ping('10.0.0.2', { count: 3, interval: '200ms' });
    sim.runFor('500ms');
    expect(frames.map((f) => icmpOf(f.frame))).toEqual([undefined]); // only the ARP request
    b.sysctl('net.ipv4.conf.eth0.arp_ignore', 0);
    sim.runFor('600ms'); // the second broadcast probe at 1 s is answered
    const echoes = frames.filter((f) => icmpOf(f.frame)?.icmp.type === 8);
    expect(echoes.map((f) => `${f.time / MS} seq ${icmpOf(f.frame)!.icmp.sequence}`)).toEqual(['1000 seq 1', '1000 seq 2', '1000 seq 3']);
    sim.runFor('1s');
    expect(p.replies.map((r) => `${r.seq} ${r.rtt / MS}`)).toEqual(['1 1000', '2 800', '3 600']);
  });

  it('a device that is down cannot send: ping reports the error', () => {
    const { sim, a, veth } = twoHosts(1);
    a.addRoute('10.9.0.0/16', { via: '10.0.0.2' });
    veth.a.down();
    const p = a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(p.summary()).toBe('ping: connect: Network is unreachable');
  });
});
