import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArpPacket, Frame, formatTraceEvent, summarizeFrame, type TraceEvent } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { cniNode, twoHosts } from '../support/topology.js';

interface Golden {
  file: string;
  index: number;
  hex: string;
}
const GOLDEN: Golden[] = JSON.parse(readFileSync(new URL('../fixtures/kernel/frames.json', import.meta.url), 'utf8'));
const frame = (file: string, index: number): Frame => {
  const g = GOLDEN.find((x) => x.file === file && x.index === index)!;
  const r = Frame.decode(Uint8Array.from(Buffer.from(g.hex, 'hex')));
  if (!r.ok) throw new Error();
  return r.value;
};

// Expected lines: what `tcpdump -nr FILE` (and `-enr`) printed for the golden captures
// (tcpdump 4.99.3), timestamps cut off.
describe('summarizeFrame prints what tcpdump prints', () => {
  it.each([
    ['ping.pcap', 0, 'ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28'],
    ['ping.pcap', 1, 'ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28'],
    ['ping.pcap', 2, 'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 6443, seq 1, length 64'],
    ['ping.pcap', 3, 'IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 6443, seq 1, length 64'],
    ['unreachable.pcap', 3, 'IP 10.0.1.1 > 10.0.1.2: ICMP host 10.0.2.99 unreachable, length 92'],
    ['garp.pcap', 0, 'ARP, Request who-has 10.0.0.1 (ff:ff:ff:ff:ff:ff) tell 10.0.0.1, length 28'],
    ['vlan.pcap', 0, 'ARP, Request who-has 10.0.10.2 tell 10.0.10.1, length 28'],
  ] as const)('%s #%d', (file, i, line) => {
    expect(summarizeFrame(frame(file, i))).toBe(line);
  });

  it.each([
    ['ping.pcap', 0, '02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.0.0.2 tell 10.0.0.1, length 28'],
    ['vlan.pcap', 0, '02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype 802.1Q (0x8100), length 46: vlan 10, p 0, ethertype ARP (0x0806), Request who-has 10.0.10.2 tell 10.0.10.1, length 28'],
  ] as const)('with the link-level header (-e): %s #%d', (file, i, line) => {
    expect(summarizeFrame(frame(file, i), { linkLevel: true })).toBe(line);
  });

  it('names other EtherTypes', () => {
    expect(summarizeFrame(Frame.build({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', etherType: 0x86dd }, new Uint8Array(40)))).toBe('ethertype IPv6 (0x86dd), length 54');
  });
});

describe('trace lines', () => {
  it('a run reads top to bottom: frames, neighbour changes, FDB learning', () => {
    const { sim, pods } = cniNode(2, { seed: 5 });
    const rec = sim.record({ kinds: ['frame:rx', 'neigh:state', 'fdb:learn'] });
    pods[0]!.ping('10.244.0.3', { count: 1 });
    sim.runFor('1s');
    const lines = rec.lines();
    expect(lines[0]).toBe('0.000000 pod1 neigh 10.244.0.3 dev eth0: NONE -> INCOMPLETE (packet to send)');
    expect(lines[1]).toBe('0.000000 node/veth-pod1 ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28');
    expect(lines[2]).toMatch(/^0\.000000 node\/cni0 fdb learned ([0-9a-f]{2}:){5}[0-9a-f]{2} on veth-pod1$/);
    expect(lines.some((l) => /pod2 neigh 10\.244\.0\.2 dev eth0: NONE -> STALE lladdr .* \(ARP request for us\)/.test(l))).toBe(true);
    expect(rec.text()).toBe(lines.join('\n'));
    rec.stop();
    pods[0]!.ping('10.244.0.3', { count: 1 });
    sim.runFor('1s');
    expect(rec.events.length).toBe(lines.length);
  });

  it('drops carry their reason; link and port changes are narrated', () => {
    const { sim, pods, veths } = cniNode(2, { seed: 5 });
    const rec = sim.record({ kinds: ['frame:drop', 'link:state', 'port:state'] });
    veths[1]!.b.down();
    pods[1]!.device('eth0').transmit(Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:09', etherType: 0x0806 }, ArpPacket.request({ sha: '02:00:00:00:00:09', spa: '10.244.0.3', tpa: '10.244.0.9' })));
    sim.runFor('1s');
    expect(rec.lines()).toEqual([
      '0.000000 pod2/eth0 link down, no carrier, state DOWN',
      '0.000000 node/veth-pod2 link up, no carrier, state DOWN',
      '0.000000 node/cni0 port veth-pod2: forwarding -> disabled',
      '0.000000 pod2/eth0 drop (device-down) ARP, Request who-has 10.244.0.9 tell 10.244.0.3, length 28',
    ]);
  });

  it('direction markers, like tcpdump -i any', () => {
    const { sim, a } = twoHosts(1);
    const lines: string[] = [];
    sim.on('*', (e: TraceEvent) => {
      if (e.kind === 'frame:tx' || e.kind === 'frame:rx') lines.push(formatTraceEvent(e, { direction: true, digits: 3 }));
    });
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(lines[0]).toBe('0.000 a/eth0 Out ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28');
    expect(lines[1]).toBe('0.000 b/eth0 In  ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28');
  });

  it('sim.on: unsubscribe, unknown kinds rejected, nothing built when nobody listens', () => {
    const { sim, a } = twoHosts(1);
    const seen: string[] = [];
    const off = sim.on('frame:tx', (e) => seen.push(e.dev));
    expect(sim.tracer.listening['frame:tx']).toBe(true);
    expect(sim.tracer.listening['frame:rx']).toBe(false);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const n = seen.length;
    expect(n).toBe(4);
    off();
    off();
    expect(sim.tracer.listening['frame:tx']).toBe(false);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(seen.length).toBe(n);
    expectCode(() => sim.on('frame:bogus' as 'frame:tx', () => {}), 'invalid-argument');
    expectCode(() => sim.on('frame:tx', 42 as never), 'invalid-argument');
  });
});
