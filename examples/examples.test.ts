// Every example runs, is deterministic (same seed → byte-identical pcapng and identical trace),
// and a different seed changes the MACs but not the behaviour; each one's point is checked against
// what it prints, its trace events and its capture, at the exact virtual times the model defines;
// and `npx tsx examples/<name>.ts` runs as the README says.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArpPacket, EtherType, type FdbEvent, Frame, type FrameDropEvent, IcmpMessage, Ipv4Packet, type NeighStateEvent, type PortStateEvent, readPcap, SECOND, type TraceEvent } from '../src/index.js';
import { describe as frameText } from '../test/support/topology.js';
import { fdbAgeing } from './fdb-ageing.js';
import { gateway } from './gateway.js';
import type { ExampleResult } from './lib.js';
import { linkDown } from './link-down.js';
import { podToPod } from './pod-to-pod.js';
import { threePods } from './three-pods.js';
import { unreachable } from './unreachable.js';

const EXAMPLES: Record<string, (seed: number) => ExampleResult> = { podToPod, threePods, gateway, unreachable, fdbAgeing, linkDown };
const maskMacs = (s: string): string => s.replace(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/gi, (m) => (/^(ff:){5}ff$|^(00:){5}00$/i.test(m) ? m : 'MAC')).replace(/id \d+/g, 'id N');

describe.each(Object.entries(EXAMPLES))('example %s', (_name, run) => {
  const a = run(1);
  const b = run(1);
  const c = run(7);
  it('produces a capture and a trace', () => {
    expect(a.pcapng.length).toBeGreaterThan(100);
    expect(a.trace.split('\n').length).toBeGreaterThan(3);
    const r = readPcap(a.pcapng);
    expect(r.ok && r.value.packets.length > 0).toBe(true);
  });
  it('is deterministic: the same seed gives byte-identical pcapng, trace and text', () => {
    expect(Buffer.from(b.pcapng).equals(Buffer.from(a.pcapng))).toBe(true);
    expect(b.trace).toBe(a.trace);
    expect(b.text).toBe(a.text);
    expect(b.events.length).toBe(a.events.length);
  });
  it('with another seed the MACs differ and the behaviour does not', () => {
    expect(Buffer.from(c.pcapng).equals(Buffer.from(a.pcapng))).toBe(false); // the MACs inside differ
    expect(maskMacs(c.trace)).toBe(maskMacs(a.trace));
    expect(maskMacs(c.text)).toBe(maskMacs(a.text).replace('(seed 1)', '(seed 7)'));
  });
});

// What Linux showed for the same lesson (conformance/recorded/01-seed-lesson.linux.json: the same
// two pods, `ping -c 3 -i 0.2`, captured with tcpdump on a 6.18 kernel): at each capture point the
// same frames in the same order with the same lengths (42-byte ARP, 98-byte ICMP echo).
describe('pod-to-pod matches Linux frame for frame', () => {
  const linux = JSON.parse(readFileSync(new URL('../conformance/recorded/01-seed-lesson.linux.json', import.meta.url), 'utf8')) as {
    captures: Record<string, { t: number; hex: string }[]>;
  };
  const kind = (bytes: Uint8Array): string => {
    const f = Frame.decode(bytes);
    if (!f.ok) return '?';
    const fr = f.value;
    if (fr.etherType === EtherType.ARP) {
      const a = ArpPacket.decode(fr.payload);
      return `${fr.isBroadcast ? 'bcast ' : ''}ARP op${a.ok ? a.value.op : '?'} ${fr.length}`;
    }
    const ip = Ipv4Packet.decode(fr.payload);
    if (!ip.ok) return '?';
    const m = IcmpMessage.decode(ip.value.payload);
    return `ICMP type${m.ok ? m.value.type : '?'} seq${m.ok ? m.value.sequence : '?'} ${fr.length}`;
  };
  const sim = readPcap(podToPod(1).pcapng);
  if (!sim.ok) throw new Error('pcapng');
  const names = sim.value.interfaces.map((i) => i.name);
  it.each(Object.keys(linux.captures))('at %s', (point) => {
    const expected = linux.captures[point]!.filter((f) => f.t <= 8).map((f) => kind(Uint8Array.from(Buffer.from(f.hex, 'hex'))));
    const iface = names.indexOf(point);
    expect(iface).toBeGreaterThanOrEqual(0);
    const got = sim.value.packets.filter((p) => p.iface === iface).map((p) => kind(p.bytes));
    expect(got).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('examples/foundation.ts', () => {
  it('runs', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    try {
      await import('./foundation.js');
    } finally {
      console.log = log;
    }
    expect(lines[0]).toMatch(/^0\.000000 ([0-9a-f]{2}:){5}[0-9a-f]{2} > ff:ff:ff:ff:ff:ff, ARP, Request who-has 10\.0\.0\.2 tell 10\.0\.0\.1, length 42$/);
    expect(lines.at(-1)).toContain('2 events');
  });
});

// ---------------------------------------------------------------------------------------------
// What each example shows.

/** One captured frame: when, where (`namespace/device`), which way, and what (`ARP request who-has …`). */
interface Seen {
  readonly t: number;
  readonly at: string;
  readonly dir: 'in' | 'out' | undefined;
  readonly frame: Frame;
  readonly what: string;
}

/** The sequence number of the echo request an ICMP error quotes (−1 when it quotes none). */
function quotedSeq(f: Frame): number {
  const ip = Ipv4Packet.decode(f.payload);
  if (!ip.ok) return -1;
  const m = IcmpMessage.decode(ip.value.payload);
  if (!m.ok || m.value.type !== 3) return -1;
  const q = m.value.data; // the original IPv4 header, then the first 8 bytes of its ICMP
  const ihl = (q[0]! & 0xf) * 4;
  return q.length < ihl + 8 ? -1 : (q[ihl + 6]! << 8) | q[ihl + 7]!;
}

/** Every frame of an example's pcapng, decoded. */
function seen(r: ExampleResult): Seen[] {
  const f = readPcap(r.pcapng);
  if (!f.ok) throw new Error(`pcapng: ${f.error.message}`);
  return f.value.packets.map((p) => {
    const fr = Frame.decode(p.bytes);
    if (!fr.ok) throw new Error('frame');
    const seq = quotedSeq(fr.value);
    const what = seq >= 0 ? `ICMP host unreachable seq=${seq}` : frameText(fr.value);
    return { t: p.time, at: f.value.interfaces[p.iface]?.name ?? '?', dir: p.direction, frame: fr.value, what };
  });
}

const at = (s: readonly Seen[], where: string, dir?: 'in' | 'out'): Seen[] => s.filter((x) => x.at === where && (dir === undefined || x.dir === dir));
const whats = (s: readonly Seen[]): string[] => s.map((x) => x.what);
const kind = <K extends TraceEvent['kind']>(r: ExampleResult, k: K): (TraceEvent & { kind: K })[] => r.events.filter((e): e is TraceEvent & { kind: K } => e.kind === k);
/** The text block printed after the line that starts with `head`, up to the next blank line. */
function block(text: string, head: string): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(head));
  expect(i, head).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(i + 1);
  const end = rest.findIndex((l) => l.trim() === '' || l.startsWith('$ '));
  return (end < 0 ? rest : rest.slice(0, end)).map((l) => l.trimEnd());
}
const macOf = (s: readonly Seen[], where: string): string => String(at(s, where, 'out')[0]!.frame.src);

describe('three-pods: who sees the broadcast, who answers, who learns what', () => {
  const r = threePods(1);
  const s = seen(r);
  const [mac1, mac3] = [macOf(s, 'pod1/eth0'), macOf(s, 'pod3/eth0')];
  const request = 'ARP request who-has 10.244.0.4 tell 10.244.0.2';

  it('pod2 and pod3 both receive the broadcast ARP request (and so does cni0); the bridge floods it to both ports', () => {
    for (const where of ['pod2/eth0', 'pod3/eth0', 'node/cni0']) expect(whats(at(s, where, 'in')).filter((w) => w === request), where).toHaveLength(1);
    expect(whats(at(s, 'node/veth-pod2', 'out'))).toEqual([request]);
    expect(at(s, 'pod2/eth0', 'in').every((x) => x.frame.isBroadcast)).toBe(true);
  });

  it('only pod3, the owner of 10.244.0.4, replies; pod2 sends nothing and gets nothing else (the echo is known unicast by then)', () => {
    const replies = s.filter((x) => x.what.startsWith('ARP reply') && x.dir === 'out' && x.at.endsWith('/eth0'));
    expect(replies.map((x) => `${x.at} ${x.what}`)).toEqual([`pod3/eth0 ARP reply 10.244.0.4 is-at ${mac3}`]);
    expect(at(s, 'pod2/eth0', 'out')).toEqual([]);
    expect(whats(at(s, 'pod2/eth0'))).toEqual([request]);
    expect(whats(at(s, 'pod3/eth0', 'in'))).toEqual([request, 'ICMP echo-request seq=1 10.244.0.2>10.244.0.4']);
    expect(r.text).toContain('1 packets transmitted, 1 received, 0% packet loss');
  });

  it('neighbour tables: pod1 has pod3 REACHABLE, pod3 has pod1 (learned from the request, DELAY after its reply), pod2 nothing', () => {
    expect(block(r.text, '$ ip netns exec pod1 ip neigh')).toEqual([`10.244.0.4 dev eth0 lladdr ${mac3} REACHABLE`]);
    expect(block(r.text, '$ ip netns exec pod2 ip neigh')).toEqual(['(empty: pod2 saw the broadcast but it was not for it)']);
    expect(block(r.text, '$ ip netns exec pod3 ip neigh')).toEqual([`10.244.0.2 dev eth0 lladdr ${mac1} DELAY`]);
    const neigh = kind(r, 'neigh:state').map((e: NeighStateEvent) => `${e.time} ${e.ns} ${e.ip} ${e.from}->${e.to}`);
    expect(neigh).toEqual(['0 pod1 10.244.0.4 NONE->INCOMPLETE', '0 pod3 10.244.0.2 NONE->STALE', '0 pod1 10.244.0.4 INCOMPLETE->REACHABLE', '0 pod3 10.244.0.2 STALE->DELAY']);
  });

  it('the bridge learns pod1 and pod3 on their ports, and nothing on pod2\'s port but its own permanent MAC', () => {
    expect(kind(r, 'fdb:learn').map((e: FdbEvent) => `${e.time} ${e.mac} ${e.port}`)).toEqual([`0 ${mac1} veth-pod1`, `0 ${mac3} veth-pod3`]);
    const fdb = block(r.text, '$ ip netns exec node bridge fdb show');
    expect(fdb.filter((l) => !l.endsWith('permanent'))).toEqual([`${mac1} dev veth-pod1 master cni0`, `${mac3} dev veth-pod3 master cni0`]);
    expect(fdb.filter((l) => l.includes('veth-pod2'))).toEqual([expect.stringMatching(/ dev veth-pod2 master cni0 permanent$/)]);
  });
});

describe('gateway: cni0 holds 10.244.0.1 and answers as a host', () => {
  const r = gateway(1);
  const s = seen(r);
  const bridgeMac = /MAC ((?:[0-9a-f]{2}:){5}[0-9a-f]{2})/.exec(r.text)![1]!;

  it('the ARP reply for 10.244.0.1 comes from the bridge\'s MAC, sent by cni0 itself', () => {
    const reply = `ARP reply 10.244.0.1 is-at ${bridgeMac}`;
    expect(whats(at(s, 'node/cni0', 'out'))[0]).toBe(reply);
    const got = at(s, 'pod1/eth0', 'in').find((x) => x.what === reply)!;
    expect(String(got.frame.src)).toBe(bridgeMac);
    expect(s.filter((x) => x.what.startsWith('ARP reply')).every((x) => String(x.frame.src) === bridgeMac)).toBe(true);
    expect(kind(r, 'neigh:state').find((e) => e.ns === 'node')).toMatchObject({ time: 0, dev: 'cni0', ip: '10.244.0.2', from: 'NONE', to: 'STALE' });
  });

  it('the echo requests are delivered up to cni0 (at 0 and 0.5 s) and answered by it, not flooded to the other pod\'s port', () => {
    const up = at(s, 'node/cni0', 'in').filter((x) => x.what.startsWith('ICMP'));
    expect(up.map((x) => `${x.t} ${x.what}`)).toEqual(['0 ICMP echo-request seq=1 10.244.0.2>10.244.0.1', `${SECOND / 2} ICMP echo-request seq=2 10.244.0.2>10.244.0.1`]);
    expect(at(s, 'node/cni0', 'out').filter((x) => x.what.startsWith('ICMP')).map((x) => `${x.t} ${x.what}`)).toEqual([
      '0 ICMP echo-reply seq=1 10.244.0.1>10.244.0.2',
      `${SECOND / 2} ICMP echo-reply seq=2 10.244.0.1>10.244.0.2`,
    ]);
    expect(up.every((x) => String(x.frame.dst) === bridgeMac)).toBe(true);
    // pod2's port carried only the broadcast ARP request
    expect(whats(at(s, 'node/veth-pod2'))).toEqual(['ARP request who-has 10.244.0.1 tell 10.244.0.2']);
    expect(whats(at(s, 'pod2/eth0'))).toEqual(['ARP request who-has 10.244.0.1 tell 10.244.0.2']);
    expect(r.text).toContain('2 packets transmitted, 2 received, 0% packet loss, time 500ms');
  });

  it('the counters agree: cni0 received 3 frames (a broadcast and two echoes), pod2 one 42-byte frame', () => {
    const cni0 = block(r.text, '$ ip netns exec node ip -s link show cni0');
    expect(cni0[3]!.trim().split(/\s+/).slice(0, 2)).toEqual(['196', '3']); // 28 + 2 × 84 bytes without Ethernet headers
    const pod2 = block(r.text, '$ ip netns exec pod2 ip -s link');
    expect(pod2[3]!.trim().split(/\s+/).slice(0, 2)).toEqual(['42', '1']);
  });
});

describe('unreachable: pinging an address nobody owns', () => {
  const r = unreachable(1);
  const s = seen(r);
  const probes = at(s, 'pod1/eth0', 'out');

  it('broadcast ARP probes exactly 1 s apart, three per round: 0, 1, 2 s then 3, 4, 5 s', () => {
    expect(probes.map((x) => x.t)).toEqual([0, 1, 2, 3, 4, 5].map((n) => n * SECOND));
    expect(probes.every((x) => x.frame.isBroadcast && x.what === 'ARP request who-has 10.244.0.99 tell 10.244.0.2')).toBe(true);
    expect(s.filter((x) => x.at !== 'pod1/eth0' && x.at !== 'pod1/lo' && x.dir === 'out' && x.at.endsWith('/eth0'))).toEqual([]); // nobody answers
  });

  it('the entry goes FAILED at 3 s and at 6 s, and the next packet starts a new round at once', () => {
    const n = kind(r, 'neigh:state').map((e) => `${e.time / SECOND} ${e.from}->${e.to}`);
    expect(n).toEqual(['0 NONE->INCOMPLETE', '3 INCOMPLETE->FAILED', '3 FAILED->INCOMPLETE', '6 INCOMPLETE->FAILED']);
    expect(block(r.text, '$ ip netns exec pod1 ip neigh')).toEqual(['10.244.0.99 dev eth0 FAILED']);
  });

  it('one Destination Host Unreachable per queued packet, in batches of three: seq 1-3 at 3 s, seq 4-6 at 6 s', () => {
    const drops = kind(r, 'frame:drop').map((e: FrameDropEvent) => `${e.time / SECOND} ${e.dev} ${e.reason}`);
    expect(drops).toEqual([...Array(3).fill('3 eth0 arp-failed'), ...Array(3).fill('6 eth0 arp-failed')]);
    const errors = at(s, 'pod1/lo', 'in').map((x) => `${x.t / SECOND} ${x.what}`);
    expect(errors).toEqual([1, 2, 3].map((q) => `3 ICMP host unreachable seq=${q}`).concat([4, 5, 6].map((q) => `6 ICMP host unreachable seq=${q}`)));
    expect(r.text.split('\n').filter((l) => l.includes('Destination Host Unreachable'))).toEqual([1, 2, 3, 4, 5, 6].map((q) => `From 10.244.0.2 icmp_seq=${q} Destination Host Unreachable`));
    expect(r.text).toContain('6 packets transmitted, 0 received, +6 errors, 100% packet loss');
  });
});

describe('fdb-ageing: the bridge forgets a MAC ageing_time after it last saw it as a source', () => {
  const r = fdbAgeing(1);
  const s = seen(r);
  const [mac1, mac2] = [macOf(s, 'pod1/eth0'), macOf(s, 'pod2/eth0')];
  /** When a frame from `mac` last entered the bridge by a port, before `t`. */
  const lastSeen = (mac: string, t: number): number => Math.max(...s.filter((x) => x.at.startsWith('node/veth-') && x.dir === 'in' && String(x.frame.src) === mac && x.t < t).map((x) => x.t));

  it('each learned entry disappears exactly at last-seen + ageing_time (3 s)', () => {
    const aged = kind(r, 'fdb:age');
    expect(aged.map((e) => `${e.mac} ${e.port}`)).toEqual([`${mac1} veth-pod1`, `${mac2} veth-pod2`]);
    for (const e of aged) expect(e.time).toBe(lastSeen(e.mac, e.time) + 3 * SECOND);
    expect(aged.map((e) => e.time)).toEqual([3 * SECOND, 3 * SECOND]);
    const before = block(r.text, '$ ip netns exec node bridge fdb show        (t=1 s');
    expect(before.filter((l) => !l.endsWith('permanent'))).toEqual([`${mac1} dev veth-pod1 master cni0`, `${mac2} dev veth-pod2 master cni0`]);
    const after = block(r.text, '$ ip netns exec node bridge fdb show        (t=4.5 s');
    expect(after).toHaveLength(3);
    expect(after.every((l) => l.endsWith('permanent'))).toBe(true);
  });

  it('the next unicast to the forgotten MAC is flooded to every other port (pod3 sees it) and the bridge learns again', () => {
    const t = 4.5 * SECOND;
    const echo = 'ICMP echo-request seq=1 10.244.0.2>10.244.0.3';
    expect(at(s, 'pod1/eth0', 'out').filter((x) => x.t === t).map((x) => x.what)).toEqual([echo]); // pod1 still knows pod2: no ARP
    expect(s.filter((x) => x.t === t && x.what === echo && x.dir === 'out' && x.at.startsWith('node/')).map((x) => x.at).sort()).toEqual(['node/veth-pod2', 'node/veth-pod3']);
    expect(at(s, 'pod3/eth0', 'in').map((x) => `${x.t} ${x.what}`)).toEqual(['0 ARP request who-has 10.244.0.3 tell 10.244.0.2', `${t} ${echo}`]);
    expect(String(at(s, 'pod3/eth0', 'in')[1]!.frame.dst)).toBe(mac2); // a unicast, flooded
    expect(kind(r, 'fdb:learn').filter((e) => e.time === t).map((e) => `${e.mac} ${e.port}`)).toEqual([`${mac1} veth-pod1`, `${mac2} veth-pod2`]);
  });
});

describe('link-down: a pod whose link goes down and comes back', () => {
  const r = linkDown(1);
  const s = seen(r);
  const [mac1, mac2] = [macOf(s, 'pod1/eth0'), macOf(s, 'pod2/eth0')];
  const [down, up] = [1.2 * SECOND, 3 * SECOND];

  it('at 1.2 s the port is disabled and only the MAC learned on it is flushed', () => {
    expect(kind(r, 'port:state').map((e: PortStateEvent) => `${e.time} ${e.port} ${e.from}->${e.to}`)).toEqual([`${down} veth-pod2 forwarding->disabled`, `${up} veth-pod2 disabled->forwarding`]);
    expect(kind(r, 'fdb:flush').map((e) => `${e.time} ${e.mac} ${e.port} ${e.reason}`)).toEqual([`${down} ${mac2} veth-pod2 port lost carrier`]);
    expect(kind(r, 'link:state').filter((e) => e.time === down).map((e) => `${e.ns}/${e.dev} ${e.adminUp} ${e.carrier}`)).toEqual(['pod2/eth0 false false', 'node/veth-pod2 true false']);
    const link = block(r.text, '$ ip netns exec node bridge link show');
    expect(link.find((l) => l.includes('veth-pod2'))).toMatch(/<NO-CARRIER,.*> .* state disabled /);
    const fdb = block(r.text, '$ ip netns exec node bridge fdb show');
    expect(fdb.filter((l) => !l.endsWith('permanent'))).toEqual([`${mac1} dev veth-pod1 master cni0`]);
    expect(fdb).toHaveLength(3);
  });

  it('the echoes sent while it is down (seq 4-7) are flooded and vanish silently at the disabled port', () => {
    for (const seq of [4, 5, 6, 7]) {
      const where = s.filter((x) => x.what === `ICMP echo-request seq=${seq} 10.244.0.2>10.244.0.3`).map((x) => `${x.t} ${x.at} ${x.dir}`);
      const t = (0.5 * seq - 0.5) * SECOND;
      expect(where, `seq ${seq}`).toEqual([`${t} pod1/eth0 out`, `${t} node/veth-pod1 in`]);
    }
    expect(kind(r, 'frame:drop')).toEqual([]); // no drop is traced: a disabled port is simply not flooded to
  });

  it('after the link comes back at 3 s the port forwards again, relearns pod2 and the pings recover', () => {
    expect(kind(r, 'fdb:learn').filter((e) => e.time > down).map((e) => `${e.time} ${e.mac} ${e.port}`)).toEqual([`${3.5 * SECOND} ${mac2} veth-pod2`]);
    const replies = r.text.split('\n').filter((l) => l.startsWith('64 bytes from')).map((l) => Number(/icmp_seq=(\d+)/.exec(l)![1]));
    expect(replies).toEqual([1, 2, 3, 8, 9, 10]);
    expect(at(s, 'pod2/eth0', 'in').filter((x) => x.t > down && x.t < 3.5 * SECOND)).toEqual([]);
    expect(r.text).toContain('10 packets transmitted, 6 received, 40% packet loss');
  });
});

// The `npx tsx examples/<name>.ts` entry point, as a reader runs it (from the repository root).
describe('npx tsx examples/three-pods.ts', () => {
  it('exits 0, prints the lesson and writes the capture (to L2SIM_EXAMPLES_OUT)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const out = mkdtempSync(join(tmpdir(), 'l2sim-examples-'));
    try {
      const run = spawnSync('npx', ['--no-install', 'tsx', 'examples/three-pods.ts'], { cwd: root, env: { ...process.env, L2SIM_EXAMPLES_OUT: out }, encoding: 'utf8', timeout: 120_000 });
      expect(run.error).toBeUndefined();
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('$ ip netns exec pod1 ping -c 1 10.244.0.4');
      expect(lines).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
      expect(run.stdout).toContain(`(capture written to ${join(out, 'three-pods.pcapng')})`);
      expect(Buffer.from(readFileSync(join(out, 'three-pods.pcapng'))).equals(Buffer.from(threePods(1).pcapng))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
