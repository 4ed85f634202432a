// npm run bench: every benchmark, each next to a baseline measured in the same run.
// Usage: npm run bench [-- name ...]   (names: loop, codec, hosts, bridge, trace)
import { runBridgeBench } from './bridge.bench.js';
import { runCodecBench } from './codec.bench.js';
import { runHostsBench } from './hosts.bench.js';
import { runLoopBench } from './loop.bench.js';
import { runTraceBench } from './trace.bench.js';

const ALL: Record<string, () => void | Promise<void>> = {
  loop: runLoopBench,
  codec: runCodecBench,
  hosts: runHostsBench,
  bridge: runBridgeBench,
  trace: runTraceBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
console.log(`l2sim benchmarks — node ${process.version}, ${process.arch}`);
for (const [name, fn] of Object.entries(ALL)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  await fn();
}
