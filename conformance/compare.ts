/**
 * Compares the facts of the Linux run with the facts of the l2sim run.
 *
 * - A key present on one side only is a mismatch ('only-linux' / 'only-l2sim').
 * - Values must be equal ('value'); for facts that carry a time (frames), the
 *   times must also agree within the scenario's tolerance, or its looseTimes entry for that
 *   key ('time').
 * - Keys matching one of the scenario's `skip` regexes are not compared.
 * - Mismatches matching a known difference are counted as 'known'.
 */
import { type ParsedScenario, parseScenario } from './dsl.js';
import type { ComparisonResult, Fact, KnownDifference, Mismatch, Scenario } from './types.js';

function byKey(facts: Fact[]): Map<string, Fact> {
  const m = new Map<string, Fact>();
  for (const f of facts) m.set(f.key, f);
  return m;
}

function toleranceFor(ps: ParsedScenario, key: string): number {
  return ps.looseTimes.find((lt) => lt.keys.test(key))?.seconds ?? ps.tolerance;
}

export function findKnown(scenario: string, key: string, known: KnownDifference[]): KnownDifference | undefined {
  return known.find((k) => (k.scenario === '*' || k.scenario === scenario) && new RegExp(k.keyPattern).test(key));
}

export function compareFacts(scenario: Scenario, linux: Fact[], sim: Fact[], known: KnownDifference[]): ComparisonResult {
  const ps = parseScenario(scenario);
  const L = byKey(linux);
  const S = byKey(sim);
  const keys: string[] = [...L.keys()];
  for (const k of S.keys()) if (!L.has(k)) keys.push(k);

  const result: ComparisonResult = {
    scenario: scenario.name,
    compared: 0,
    matched: 0,
    known: 0,
    mismatched: 0,
    skipped: 0,
    mismatches: [],
  };
  for (const key of keys) {
    if (ps.skip.some((re) => re.test(key))) {
      result.skipped++;
      continue;
    }
    result.compared++;
    const l = L.get(key);
    const s = S.get(key);
    let mismatch: Mismatch | undefined;
    if (l && !s) mismatch = { key, kind: 'only-linux', linux: l };
    else if (!l && s) mismatch = { key, kind: 'only-l2sim', l2sim: s };
    else if (l && s) {
      if (l.value !== s.value) mismatch = { key, kind: 'value', linux: l, l2sim: s };
      else if (l.t !== undefined && s.t !== undefined && Math.abs(l.t - s.t) > toleranceFor(ps, key) + 1e-9) {
        mismatch = { key, kind: 'time', linux: l, l2sim: s };
      }
    }
    if (!mismatch) {
      result.matched++;
      continue;
    }
    const k = findKnown(scenario.name, key, known);
    if (k) {
      mismatch.known = k;
      result.known++;
    } else {
      result.mismatched++;
    }
    result.mismatches.push(mismatch);
  }
  return result;
}
