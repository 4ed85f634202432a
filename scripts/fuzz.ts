// npm run fuzz: the arbitrary-bytes properties of every decoder, at least one million inputs each.
// Usage: npm run fuzz [-- --runs=N] [-- --seed=S]
import fc from 'fast-check';
import { DECODERS, neverThrows } from '../test/support/decoder-props.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const runs = Number(arg('runs') ?? 1_000_000);
const seed = Number(arg('seed') ?? Date.now() % 2 ** 31);
console.log(`fuzzing ${Object.keys(DECODERS).length} decoders with ${runs} inputs each, seed ${seed} (replay: npm run fuzz -- --seed=${seed})`);
let failed = false;
for (const [name, decode] of Object.entries(DECODERS)) {
  const t0 = performance.now();
  const r = fc.check(neverThrows(name, decode), { numRuns: runs, seed });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.failed) {
    failed = true;
    console.log(`FAIL ${name}: ${fc.defaultReportMessage(r) ?? ''}`);
  } else {
    console.log(`ok   ${name}: ${r.numRuns} inputs in ${s} s`);
  }
}
process.exit(failed ? 1 : 0);
