// Every randomised test prints its seed. One seed drives all fast-check properties of a run;
// replay a failure with FC_SEED=<seed> npm test. fast-check also prints the seed and path of
// any counterexample it finds.
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const numRuns = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : undefined;
fc.configureGlobal({ seed, ...(numRuns !== undefined ? { numRuns } : {}) });
if (!(globalThis as { __fcSeedPrinted?: boolean }).__fcSeedPrinted) {
  (globalThis as { __fcSeedPrinted?: boolean }).__fcSeedPrinted = true;
  console.log(`[fast-check] seed ${seed} (replay: FC_SEED=${seed} npm test)`);
}
