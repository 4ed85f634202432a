// ping: lines and summary() shaped like iputils; arping: requests, -U and -A gratuitous ARP,
// compared byte for byte with frames from a real kernel (test/fixtures/kernel/frames.json).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Simulator, VethPair } from '../../src/index.js';
import { formatArpingTrip, formatTrip } from '../../src/netns/ping.js';
import { expectCode } from '../support/errors.js';
import { twoHosts } from '../support/topology.js';
import { arpOf, MS, S, sentFrames } from '../support/hosts.js';

const linux = JSON.parse(readFileSync(new URL('../fixtures/kernel/frames.json', import.meta.url), 'utf8')) as { file: string; index: number; hex: string }[];
const kernelHex = (file: string, index: number): string => linux.find((f) => f.file === file && f.index === index)!.hex;

/** The fixture's pair topology: A 02:00:00:00:00:01 10.0.0.1/24, B 02:00:00:00:00:02 10.0.0.2/24. */
function pair(o: { latency?: string } = {}) {
  const sim = new Simulator({ seed: 1 });
  const a = sim.namespace('A');
  const b = sim.namespace('B');
  const veth = new VethPair({ ns: a, name: 'eth0', mac: '02:00:00:00:00:01' }, { ns: b, name: 'eth0', mac: '02:00:00:00:00:02' }, o.latency === undefined ? {} : { latency: o.latency });
  a.addAddress('eth0', '10.0.0.1/24');
  b.addAddress('eth0', '10.0.0.2/24');
  veth.up();
  return { sim, a, b, veth };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ping', () => {
  it('prints iputils lines and closing statistics (times from the virtual clock)', () => {
    const { sim, a } = pair({ latency: '1ms' });
    const p = a.ping('10.0.0.2', { count: 3 });
    sim.runFor('5s');
    // first request waits for ARP: 2 ms for the exchange + 2 ms round trip
    expect(p.lines()).toEqual([
      'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.',
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=4.00 ms',
      '64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=2.00 ms',
      '64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=2.00 ms',
    ]);
    expect(p.summary()).toBe(['--- 10.0.0.2 ping statistics ---', '3 packets transmitted, 3 received, 0% packet loss, time 2000ms', 'rtt min/avg/max/mdev = 2.000/2.666/4.000/0.942 ms'].join('\n'));
    expect(p.done).toBe(true);
    expect(p.replies.map((r) => [r.seq, r.rtt / MS, r.time / MS])).toEqual([
      [1, 4, 4],
      [2, 2, 1002],
      [3, 2, 2002],
    ]);
    expect(p.transmitted).toBe(3);
    expect(p.received).toBe(3);
  });

  it('packet loss is printed with %g and errors are counted', () => {
    const { sim, a, b } = pair();
    a.lo.up();
    const p = a.ping('10.0.0.2', { count: 3, timeout: '1s' });
    sim.runFor('1.5s');
    b.device('eth0').down(); // a loses its carrier: the third request is dropped at its qdisc, silently
    sim.runFor('5s');
    expect(p.received).toBe(2);
    expect(p.summary().split('\n')[1]).toBe('3 packets transmitted, 2 received, 33.3333% packet loss, time 2000ms');
  });

  it('with -s below 16 there is no timestamp: no time on the lines and no rtt line (checked with iputils 20221126)', () => {
    const { sim, a } = pair();
    const p0 = a.ping('10.0.0.2', { count: 1, size: 0 });
    sim.runFor('1s');
    const p8 = a.ping('10.0.0.2', { count: 1, size: 8 });
    sim.runFor('1s');
    expect(p0.lines()).toEqual(['PING 10.0.0.2 (10.0.0.2) 0(28) bytes of data.', '8 bytes from 10.0.0.2: icmp_seq=1 ttl=64']);
    expect(p8.lines()).toEqual(['PING 10.0.0.2 (10.0.0.2) 8(36) bytes of data.', '16 bytes from 10.0.0.2: icmp_seq=1 ttl=64']);
    expect(p8.summary()).toBe('--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms');
  });

  it('puts iputils’ payload on the wire: 16-byte timeval, then bytes 0x10.. (as in the kernel capture)', () => {
    const { sim, a } = pair();
    const out = sentFrames(sim, 'A');
    sim.runFor('1.5s');
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const echo = out.find((f) => f.frame.length === 98)!;
    const k = kernelHex('ping.pcap', 2);
    // same Ethernet header and IPv4 header fields except id and checksum; payload after the timeval
    expect(hex(echo.frame.bytes).slice(0, 36)).toBe(k.slice(0, 36));
    expect(hex(echo.frame.bytes).slice(40, 48)).toBe(k.slice(40, 48)); // flags DF, ttl 64, proto 1
    expect(hex(echo.frame.bytes).slice(52, 68)).toBe(k.slice(52, 68)); // addresses
    expect(hex(echo.frame.bytes).slice(-80)).toBe(k.slice(-80)); // the 0x10.. pattern
    // the timeval holds the virtual send time: 1 s and 500000 µs
    const data = echo.frame.bytes.subarray(14 + 20 + 8);
    expect(Array.from(data.subarray(0, 16))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0x20, 0xa1, 0x07, 0, 0, 0, 0, 0]);
  });

  it('two runs started at the same instant have their own ICMP ids and their own replies (two iputils processes do; checked on 6.18)', () => {
    const { sim, a } = pair();
    const p1 = a.ping('10.0.0.2', { count: 2 });
    const p2 = a.ping('10.0.0.2', { count: 2 });
    expect(p1.id).not.toBe(p2.id);
    sim.runFor('3s');
    expect(p1.replies.map((r) => r.seq)).toEqual([1, 2]);
    expect(p2.replies.map((r) => r.seq)).toEqual([1, 2]);
  });

  it('the same seed gives the same ids; a later run draws again', () => {
    const x = pair();
    const y = pair();
    expect(x.a.ping('10.0.0.2', { count: 1 }).id).toBe(y.a.ping('10.0.0.2', { count: 1 }).id);
  });

  it('runs until stop() without a count; replies after stop are ignored', () => {
    const { sim, a } = pair({ latency: '1ms' });
    const p = a.ping('10.0.0.2');
    sim.runFor('4.5s');
    expect(p.transmitted).toBe(5);
    p.stop();
    sim.runFor('2s');
    expect(p.done).toBe(true);
    expect(p.transmitted).toBe(5);
    expect(p.received).toBe(5); // the one at 4 s came back at 4.002 s
  });

  it('interval, ttl and timeout options', () => {
    const { sim, a } = pair();
    const out = sentFrames(sim, 'A');
    const p = a.ping('10.0.0.2', { count: 3, interval: '200ms', ttl: 9, timeout: '1s' });
    sim.runFor('2s');
    const echoes = out.filter((f) => f.frame.length === 98);
    expect(echoes.map((f) => f.time / MS)).toEqual([0, 200, 400]);
    expect(echoes.every((f) => f.frame.bytes[22] === 9)).toBe(true);
    expect(p.done).toBe(true);
  });

  it('gives up waiting after `timeout` once everything was sent', () => {
    const { sim, a, b } = pair();
    b.sysctl('net.ipv4.conf.all.arp_ignore', 8);
    const p = a.ping('10.0.0.2', { count: 1, timeout: '2s' });
    sim.runFor('1.9s');
    expect(p.done).toBe(false);
    sim.runFor('0.2s');
    expect(p.done).toBe(true);
  });

  it('rejects bad options', () => {
    const { a } = pair();
    for (const o of [{ count: 0 }, { count: 1.5 }, { count: -1 }, { interval: 0 }, { interval: '-1s' }, { interval: 'soon' }, { size: -1 }, { size: 65508 }, { ttl: 0 }, { ttl: 256 }, { timeout: 'x' }]) {
      expectCode(() => a.ping('10.0.0.2', o as never), 'invalid-argument');
    }
    expectCode(() => a.ping('10.0.0.256'), 'invalid-argument');
    expectCode(() => a.ping('10.0.0.2', null as never), 'invalid-argument');
  });
});

describe('arping', () => {
  it('sends iputils’ request (THA ff:ff:ff:ff:ff:ff), broadcast first and unicast to the replier afterwards', () => {
    const { sim, a, b } = pair();
    const out = sentFrames(sim, 'A');
    const r = a.arping('10.0.0.2', { dev: 'eth0', count: 2 });
    sim.runFor('3s');
    const reqs = out.filter((f) => arpOf(f.frame)?.op === 1);
    expect(hex(reqs[0]!.frame.bytes)).toBe(kernelHex('garp.pcap', 2));
    expect(String(reqs[1]!.frame.dst)).toBe('02:00:00:00:00:02');
    expect(reqs.map((f) => f.time / S)).toEqual([0, 1]);
    expect(r.replies.map((x) => `${x.from} ${x.mac} ${x.unicast}`)).toEqual(['10.0.0.2 02:00:00:00:00:02 true', '10.0.0.2 02:00:00:00:00:02 true']);
    expect(r.lines()).toEqual(['ARPING 10.0.0.2 from 10.0.0.1 eth0', 'Unicast reply from 10.0.0.2 [02:00:00:00:00:02]  0.500ms', 'Unicast reply from 10.0.0.2 [02:00:00:00:00:02]  0.500ms']);
    expect(r.summary()).toBe('Sent 2 probes (1 broadcast(s))\nReceived 2 response(s)');
    // the target learned the sender (a request for it), the sender did not (arping is not the kernel)
    expect(b.neighbours().map((e) => `${e.ip} ${e.state}`)).toEqual(['10.0.0.1 STALE']);
    expect(a.neighbours()).toEqual([]);
  });

  it('-b keeps broadcasting; the device defaults to the route’s', () => {
    const { sim, a } = pair();
    const out = sentFrames(sim, 'A');
    const r = a.arping('10.0.0.2', { count: 3, broadcastOnly: true, interval: '100ms' });
    sim.runFor('2s');
    expect(r.dev).toBe('eth0');
    expect(out.filter((f) => arpOf(f.frame)?.op === 1).map((f) => String(f.frame.dst))).toEqual(['ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff']);
    expect(r.summary()).toBe('Sent 3 probes (3 broadcast(s))\nReceived 3 response(s)');
  });

  it('-U: a gratuitous request announcing the address (SPA = TPA, THA broadcast), byte for byte as the kernel capture', () => {
    const { sim, a, b } = pair();
    b.addNeighbour('10.0.0.1', { dev: 'eth0', lladdr: '02:00:00:00:00:77', state: 'stale' });
    const out = sentFrames(sim, 'A');
    const r = a.arping('10.0.0.1', { dev: 'eth0', mode: 'unsolicited' });
    sim.runFor('2s');
    expect(out.map((f) => hex(f.frame.bytes))).toEqual([kernelHex('garp.pcap', 0)]);
    expect(r.replies).toEqual([]);
    expect(r.done).toBe(true);
    // a neighbour with an entry for the address takes the new MAC (GARP overrides locktime); arp_accept=0 creates none
    expect(b.neighbours()[0]).toMatchObject({ ip: '10.0.0.1', lladdr: '02:00:00:00:00:01', state: 'STALE' });
  });

  it('-A: a gratuitous reply (SPA = TPA, THA = own MAC), byte for byte as the kernel capture', () => {
    const { sim, a, b } = pair();
    const out = sentFrames(sim, 'A');
    a.arping('10.0.0.1', { dev: 'eth0', mode: 'reply' });
    sim.runFor('2s');
    expect(out.map((f) => hex(f.frame.bytes))).toEqual([kernelHex('garp.pcap', 1)]);
    expect(b.neighbours()).toEqual([]); // unsolicited: nothing created with arp_accept=0
    b.sysctl('net.ipv4.conf.eth0.arp_accept', 1);
    a.arping('10.0.0.1', { dev: 'eth0', mode: 'reply' });
    sim.runFor('2s');
    expect(b.neighbours().map((e) => `${e.ip} ${e.state} ${e.lladdr}`)).toEqual(['10.0.0.1 STALE 02:00:00:00:00:01']);
  });

  it('gets no reply from a target that does not exist', () => {
    const { sim, a } = pair();
    const r = a.arping('10.0.0.9', { dev: 'eth0', count: 2 });
    sim.runFor('5s');
    expect(r.summary()).toBe('Sent 2 probes (2 broadcast(s))\nReceived 0 response(s)');
    expect(r.done).toBe(true);
  });

  it('rejects bad input', () => {
    const { a } = pair();
    expectCode(() => a.arping('10.0.0.300'), 'invalid-argument');
    expectCode(() => a.arping('10.0.0.2', { dev: 'eth7' }), 'not-found');
    expectCode(() => a.arping('192.168.0.1'), 'not-found'); // no route: no device to choose
    expectCode(() => a.arping('10.0.0.2', { count: 0 }), 'invalid-argument');
    expectCode(() => a.arping('10.0.0.2', { mode: 'loud' as never }), 'invalid-argument');
    expectCode(() => a.arping('10.0.0.2', { source: 'me' }), 'invalid-argument');
    expectCode(() => a.arping('10.0.0.2', { interval: 'often' }), 'invalid-argument');
  });
});

describe('ping with twoHosts helper', () => {
  it('answers over a default-seed topology too', () => {
    const { sim, a } = twoHosts();
    const p = a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(p.received).toBe(1);
  });
});

describe('reply times printed as iputils prints them', () => {
  it('ping: three decimals below 1 ms (truncated), then two, one, none, rounded (ping_common.c)', () => {
    expect(formatTrip(0)).toBe('0.000 ms');
    expect(formatTrip(999)).toBe('0.999 ms');
    expect(formatTrip(1996)).toBe('2.00 ms');
    expect(formatTrip(1994)).toBe('1.99 ms');
    expect(formatTrip(9994)).toBe('9.99 ms');
    expect(formatTrip(9995)).toBe('10.0 ms');
    expect(formatTrip(12345)).toBe('12.3 ms');
    expect(formatTrip(99949)).toBe('99.9 ms');
    expect(formatTrip(99950)).toBe('100 ms');
    expect(formatTrip(123500)).toBe('124 ms');
  });

  it('ping: a 998 µs veth latency each way shows as time=2.00 ms', () => {
    const sim = new Simulator({ seed: 1 });
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' }, { latency: '998us' }).up();
    a.addAddress('eth0', '10.0.0.1/24');
    b.addAddress('eth0', '10.0.0.2/24');
    a.addNeighbour('10.0.0.2', { dev: 'eth0', lladdr: String(b.device('eth0').mac) });
    b.addNeighbour('10.0.0.1', { dev: 'eth0', lladdr: String(a.device('eth0').mac) });
    const p = a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(p.lines()[1]).toBe('64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=2.00 ms');
  });

  it('arping: milliseconds rounded, the remainder offset by 500 µs (arping.c; Debian 12 prints 0.530ms for a ~30 µs reply)', () => {
    expect(formatArpingTrip(0)).toBe('0.500ms');
    expect(formatArpingTrip(30_000)).toBe('0.530ms');
    expect(formatArpingTrip(499_000)).toBe('0.999ms');
    expect(formatArpingTrip(500_000)).toBe('1.000ms');
    expect(formatArpingTrip(1_996_000)).toBe('2.496ms');
    expect(formatArpingTrip(1_996_499)).toBe('2.496ms');
    expect(formatArpingTrip(1_996_500)).toBe('2.497ms');
  });
});
