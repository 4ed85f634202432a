// Bridge: steady-state forwarding. N hosts (N = 2, 16, 128, 1024) on one bridge, each pinging the
// next, measured after learning (a warm-up round of one ping each first); frames forwarded per
// wall second and events per second, next to the bare event loop's throughput measured in the same
// run. And the cost of the bridge's forwarding decision alone (learn + look up + choose the port)
// at 1024 ports, through the embedder API `decide()`, next to a bare Map lookup baseline.
import { performance } from 'node:perf_hooks';
import { EtherType, Frame, LinuxBridge, MacAddress, type NetworkNamespace, Simulator, VethPair } from '../src/index.js';
import { fmtRate, measure } from './harness.js';
import { bareLoopRate } from './loop.bench.js';

const addr = (i: number): string => {
  const a = 0x0a000000 + i + 1;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
};

export function buildStar(n: number, seed = 1): { sim: Simulator; br: LinuxBridge; hosts: NetworkNamespace[] } {
  const sim = new Simulator({ seed });
  const brNs = sim.namespace('bridge');
  // Like Linux, one neighbour table serves every namespace, and it overflows at gc_thresh3 = 1024
  // entries: N hosts hold 2N entries, so raise the limits as one does on a big host.
  for (const k of ['gc_thresh1', 'gc_thresh2', 'gc_thresh3']) brNs.sysctl(`net.ipv4.neigh.default.${k}`, 1 << 22);
  const br = new LinuxBridge(brNs, 'br0', { maxPorts: Math.max(1023, n) });
  const hosts: NetworkNamespace[] = [];
  for (let i = 0; i < n; i++) {
    const ns = sim.namespace(`h${i}`);
    const v = new VethPair({ ns: brNs, name: `p${i}` }, { ns, name: 'eth0' });
    br.addPort(v.a);
    ns.addAddress('eth0', `${addr(i)}/16`);
    v.up();
    hosts.push(ns);
  }
  br.up();
  return { sim, br, hosts };
}

/**
 * Steady state: after one learning round, each host sends `k` pings (1 ms apart) to the next.
 * `forwarded` counts frames the bridge sent; `delivered` every frame delivered over a link (host to
 * bridge and bridge to host).
 */
export function steadyForwarding(n: number, k: number): { forwarded: number; delivered: number; events: number; wallS: number } {
  const { sim, br, hosts } = buildStar(n);
  hosts.forEach((h, i) => h.ping(addr((i + 1) % n), { count: 1, quiet: true }));
  sim.runFor('100ms');
  const txBefore = br.ports.reduce((s, p) => s + p.device.stats.txPackets, 0);
  const hostBefore = hosts.reduce((s, h) => s + h.device('eth0').stats.txPackets, 0);
  const evBefore = sim.executedEvents;
  hosts.forEach((h, i) => h.ping(addr((i + 1) % n), { count: k, interval: '1ms', quiet: true }));
  const t0 = performance.now();
  sim.runFor(`${k + 20}ms`);
  const wallS = (performance.now() - t0) / 1000;
  const forwarded = br.ports.reduce((s, p) => s + p.device.stats.txPackets, 0) - txBefore;
  if (forwarded !== 2 * n * k) throw new Error(`expected ${2 * n * k} forwarded frames, got ${forwarded}`);
  const delivered = forwarded + hosts.reduce((s, h) => s + h.device('eth0').stats.txPackets, 0) - hostBefore;
  return { forwarded, delivered, events: sim.executedEvents - evBefore, wallS };
}

/** ns per forwarding decision (learn + lookup + port choice) at `ports` ports, via decide(). */
export function decisionCost(ports: number): { decide: number; mapBaseline: number } {
  const { br } = buildStar(ports);
  // Host i has MAC 02:00:00:00:00:00 + i + 1 behind port i (the ports list is newest first) and
  // sends to host i + 1.
  const portOf = [...br.ports].reverse();
  const hostMacs = portOf.map((_, i) => 0x020000000000 + i + 1);
  const frames = hostMacs.map((src, i) => Frame.build({ dst: MacAddress.fromNumber(hostMacs[(i + 1) % ports]!), src: MacAddress.fromNumber(src), etherType: EtherType.IPv4 }, new Uint8Array(84)));
  for (let i = 0; i < ports; i++) br.decide(frames[i]!, portOf[i]!, 0); // learn every host
  let now = 0;
  const decide = measure((n) => {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const i = j % ports;
      s += br.decide(frames[i]!, portOf[i]!, ++now).egress.length;
    }
    return s;
  }, 2_000_000);
  const map = new Map<number, number>(hostMacs.map((m, i) => [m, i]));
  const mapBaseline = measure((n) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += map.get(hostMacs[j % ports]!) ?? 0;
    return s;
  }, 2_000_000);
  return { decide: decide.nsPerOp, mapBaseline: mapBaseline.nsPerOp };
}

export function runBridgeBench(): void {
  const base = bareLoopRate();
  console.log(`bare event loop (baseline): ${fmtRate(base)} events`);
  for (const [n, k] of [
    [2, 4000],
    [16, 2000],
    [128, 500],
    [1024, 200],
  ] as const) {
    steadyForwarding(n, Math.max(10, k >> 3)); // warm-up
    const r = steadyForwarding(n, k);
    console.log(
      `${`N=${n} steady forwarding`.padEnd(44)} ${fmtRate(r.forwarded / r.wallS).padStart(11)} frames forwarded, ${fmtRate(r.delivered / r.wallS)} frames delivered, ${fmtRate(r.events / r.wallS)} events   (${r.delivered} frames in ${r.wallS.toFixed(3)} s; events at ${((r.events / r.wallS / base) * 100).toFixed(0)}% of the bare loop)`,
    );
  }
  const d = decisionCost(1024);
  console.log(`${'forwarding decision, 1024 ports (decide())'.padEnd(44)} ${d.decide.toFixed(0)} ns/frame   baseline Map.get of a 48-bit key: ${d.mapBaseline.toFixed(0)} ns   ratio ${(d.decide / d.mapBaseline).toFixed(2)}x`);
}
