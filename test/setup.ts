// Every randomised test prints its seed: each test file draws one seed for all its fast-check
// properties and prints it (replay a failure with FC_SEED=<seed> npm test, which fixes the seed
// of every file). fast-check also prints the seed and path of any counterexample it finds.
import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
const seed = fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const numRuns = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : undefined;
fc.configureGlobal({ seed, ...(numRuns !== undefined ? { numRuns } : {}) });
if (!(globalThis as { __fcSeedPrinted?: boolean }).__fcSeedPrinted) {
  (globalThis as { __fcSeedPrinted?: boolean }).__fcSeedPrinted = true;
  console.log(`[fast-check] seed ${seed} (replay: FC_SEED=${seed} npm test)`);
}
