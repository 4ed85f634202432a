// l2-ring-ping: N hosts on one bridge, host i pings host (i+1) mod N.
//
// Each host is a namespace with eth0 (one end of a veth pair) whose other end is a port of the
// bridge br0 in its own namespace (learning on, ageing 300 s, no STP, no address on the bridge).
// Host i has address number i+1 of 10.0.0.0/16. Host i sends K echo requests of `size` bytes to
// host (i+1) mod N, one every `intervalMs`, starting at `startS` + i·floor(1 ms / N); replies go back
// at once; the run stops at `duration`. Links: `delayUs` per hop and `rate` serialisation.
//
// Usage: npx tsx bench/l2-ring-ping.ts --n=128 --k=1000 [--intervalMs=1 --startS=0.01 --duration=2
//        --size=56 --rate=10Gbps --delayUs=1 --seed=1] [--check]
// (run node with --expose-gc, as bench:compare does, for a live-heap figure after collection)
// Prints key=value lines (the same keys as bench/ns3/l2-ring-ping.cc).
import { performance } from 'node:perf_hooks';
import { LinuxBridge, Simulator, VethPair, type NetworkNamespace, type Ping } from '../src/index.js';

export interface RingOptions {
  n: number;
  k: number;
  intervalMs: number;
  startS: number;
  duration: number;
  size: number;
  rate: number;
  delayUs: number;
  seed?: number;
}

export interface RingResult {
  run_wall_s: number;
  setup_wall_s: number;
  events: number;
  echo_replies: number;
  host_tx_frames: number;
  bridge_rx_frames: number;
  bridge_tx_frames: number;
  link_frames: number;
  dropped: number;
  heap_used_bytes: number;
  peak_rss_kib: number;
}

export function parseRate(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)(?:bps|b\/s)?$/.exec(s.trim());
  if (!m) throw new Error(`bad rate ${s}: expected e.g. 10Gbps`);
  const mult = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6, g: 1e9, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * mult;
}

const FLAGS = ['n', 'k', 'intervalMs', 'startS', 'duration', 'size', 'rate', 'delayUs', 'seed'] as const;

export function parseArgs(argv: readonly string[]): RingOptions & { check: boolean } {
  // Refuse what is not understood: a mistyped flag (`--N=128`) must not silently run N = 16.
  for (const a of argv) {
    const m = /^--([A-Za-z]+)(=.*)?$/.exec(a);
    const known = m !== null && (m[2] === undefined ? m[1] === 'check' : (FLAGS as readonly string[]).includes(m[1] ?? ''));
    if (!known) throw new Error(`l2-ring-ping: unknown argument '${a}' (flags: ${FLAGS.map((f) => `--${f}=`).join(' ')} --check)`);
  }
  const get = (k: string, d: string): string => argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d;
  const num = (k: string, d: string): number => {
    const v = Number(get(k, d));
    if (!Number.isFinite(v) || v < 0) throw new Error(`l2-ring-ping: --${k} must be a non-negative number, got '${get(k, d)}'`);
    return v;
  };
  return {
    n: num('n', '16'),
    k: num('k', '1000'),
    intervalMs: num('intervalMs', '1'),
    startS: num('startS', '0.01'),
    duration: num('duration', '2'),
    size: num('size', '56'),
    rate: parseRate(get('rate', '10Gbps')),
    delayUs: num('delayUs', '1'),
    seed: num('seed', '1'),
    check: argv.includes('--check'),
  };
}

/** Build and run the workload; returns the counters (the same keys as the ns-3 program). */
export function ringPing(o: RingOptions): RingResult {
  const t0 = performance.now();
  const sim = new Simulator({ seed: o.seed ?? 1 });
  const brNs = sim.namespace('bridge');
  // Like Linux, one neighbour table serves every namespace, and it overflows at gc_thresh3 = 1024
  // entries: N hosts hold 2N entries, so raise the limits as one does on a big host.
  for (const k of ['gc_thresh1', 'gc_thresh2', 'gc_thresh3']) brNs.sysctl(`net.ipv4.neigh.default.${k}`, 1 << 22);
  const br = new LinuxBridge(brNs, 'br0', { ageingTime: '300s', maxPorts: Math.max(1023, o.n) });
  const hosts: NetworkNamespace[] = [];
  const latency = Math.round(o.delayUs * 1000);
  for (let i = 0; i < o.n; i++) {
    const ns = sim.namespace(`h${i}`);
    const veth = new VethPair({ ns: brNs, name: `p${i}` }, { ns, name: 'eth0' }, { latency, rate: o.rate });
    br.addPort(veth.a);
    const a = 0x0a000000 + i + 1;
    ns.addAddress('eth0', `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/16`);
    veth.up();
    hosts.push(ns);
  }
  br.up();
  const pings: Ping[] = [];
  const stagger = Math.floor(1e6 / o.n);
  const start = Math.round(o.startS * 1e9);
  const interval = Math.round(o.intervalMs * 1e6);
  for (let i = 0; i < o.n; i++) {
    const t = (i + 1) % o.n;
    const a = 0x0a000000 + t + 1;
    const target = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
    sim.scheduleAt(start + i * stagger, () => {
      pings.push(hosts[i]!.ping(target, { count: o.k, interval, size: o.size, quiet: true }));
    });
  }
  // Every drop, whatever its reason (also those no device counter shows, such as a full ARP
  // queue): a listener on a kind that never fires costs nothing measurable.
  let dropEvents = 0;
  sim.on('frame:drop', () => void dropEvents++);
  const t1 = performance.now();
  sim.runUntil(Math.round(o.duration * 1e9));
  const t2 = performance.now();

  let hostTx = 0;
  let dropped = dropEvents;
  for (const h of hosts) {
    const s = h.device('eth0').stats;
    hostTx += s.txPackets;
    dropped += s.txDropped + s.rxDropped;
  }
  let brRx = 0;
  let brTx = 0;
  for (const p of br.ports) {
    const s = p.device.stats;
    brRx += s.rxPackets;
    brTx += s.txPackets;
    dropped += s.txDropped + s.rxDropped;
  }
  // Live heap, as ns-3's mallinfo2().uordblks is live malloc memory: collect garbage first when
  // node runs with --expose-gc (bench:compare does).
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  else process.stderr.write('l2-ring-ping: node runs without --expose-gc, so heap_used_bytes includes garbage not yet collected\n');
  const mem = process.memoryUsage();
  return {
    run_wall_s: (t2 - t1) / 1000,
    setup_wall_s: (t1 - t0) / 1000,
    events: sim.executedEvents,
    echo_replies: pings.reduce((s, p) => s + p.received, 0),
    host_tx_frames: hostTx,
    bridge_rx_frames: brRx,
    bridge_tx_frames: brTx,
    link_frames: hostTx + brTx,
    dropped,
    heap_used_bytes: mem.heapUsed,
    peak_rss_kib: Math.round(process.resourceUsage().maxRSS),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'));
if (isMain) {
  const o = parseArgs(process.argv.slice(2));
  const r = ringPing(o);
  for (const [k, v] of Object.entries(r)) if (k !== 'dropped') console.log(`${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(6) : v}`);
  if (o.check) {
    const n = o.n;
    const k = o.k;
    const problems: string[] = [];
    if (r.echo_replies !== n * k) problems.push(`echo_replies ${r.echo_replies} != N*K ${n * k}`);
    if (r.dropped !== 0) problems.push(`${r.dropped} frames dropped`);
    if (n >= 3 && r.host_tx_frames !== n * (2 * k + 2)) problems.push(`host_tx_frames ${r.host_tx_frames} != N(2K+2) ${n * (2 * k + 2)}`);
    if (n >= 3 && r.bridge_tx_frames !== n * (2 * k + 2) + n * (n - 2)) problems.push(`bridge_tx_frames ${r.bridge_tx_frames} != N(2K+2)+N(N-2) ${n * (2 * k + 2) + n * (n - 2)}`);
    console.log(problems.length === 0 ? 'check=ok' : `check=FAILED ${problems.join('; ')}`);
    if (problems.length > 0) process.exitCode = 1;
  }
}
