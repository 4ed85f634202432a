// Scale: 100,000 pod namespaces (1,000 Kubernetes nodes × 100 pods, each node a cni0 bridge),
// then one ARP-and-ping between two pods of each node. Reports build time, run time and heap
// bytes per namespace. Target: under 2 GiB of heap and under one minute in all.
//
// Usage: npx tsx bench/scale.ts [--nodes=1000 --pods=100]   (node --expose-gc for exact heap)
import { performance } from 'node:perf_hooks';
import { kubernetesNode, Simulator, type Ping } from '../src/index.js';

const arg = (k: string, d: string): number => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d);
const nodes = arg('nodes', '1000');
const podsPerNode = arg('pods', '100');
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const sim = new Simulator({ seed: 1 });
// One neighbour table for every namespace, as on Linux: raise gc_thresh* above the default 1024.
for (const k of ['gc_thresh1', 'gc_thresh2', 'gc_thresh3']) sim.namespace('host').sysctl(`net.ipv4.neigh.default.${k}`, 1 << 22);
const built = [];
for (let i = 0; i < nodes; i++) {
  built.push(kubernetesNode(sim, { name: `node${i}`, podCidr: `10.${(i >> 8) & 255}.${i & 255}.0/24`, pods: Array.from({ length: podsPerNode }, (_, j) => `n${i}p${j}`) }));
}
const t1 = performance.now();
const pings: Ping[] = built.map((k) => k.pods[0]!.ns.ping(k.pods[1]!.ip, { count: 1 }));
sim.runFor('1s');
const t2 = performance.now();
gc();
const heap = process.memoryUsage().heapUsed - heap0;
const namespaces = sim.namespaces().length;
const ok = pings.every((p) => p.received === 1);
console.log(`namespaces=${namespaces} (${nodes} nodes × ${podsPerNode} pods + ${nodes} node namespaces + 1 'host' namespace holding the shared neighbour-table sysctls)`);
console.log(`build_wall_s=${((t1 - t0) / 1000).toFixed(2)}`);
console.log(`run_wall_s=${((t2 - t1) / 1000).toFixed(2)}`);
console.log(`total_wall_s=${((t2 - t0) / 1000).toFixed(2)}`);
console.log(`events=${sim.executedEvents}`);
console.log(`pings_ok=${ok ? pings.length : pings.filter((p) => p.received === 1).length}/${pings.length}`);
console.log(`heap_used_bytes=${heap}`);
console.log(`heap_bytes_per_namespace=${Math.round(heap / namespaces)} (${(heap / namespaces / 1024).toFixed(2)} KiB)`);
console.log(`heap_used_mib=${(heap / 2 ** 20).toFixed(1)}`);
if ((globalThis as { gc?: unknown }).gc === undefined) console.log('(run with node --expose-gc for exact heap figures)');
if (!ok) process.exitCode = 1;
