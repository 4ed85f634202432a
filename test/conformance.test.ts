// Every npm test replays the conformance scenarios against the Linux runs recorded on a 6.18
// kernel (conformance/recorded/*.linux.json), so a change that breaks kernel fidelity fails here
// even without root. CI also runs the live comparison (npm run conformance).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareFacts } from '../conformance/compare.js';
import { observationToFacts } from '../conformance/facts.js';
import { knownDifferences } from '../conformance/known-differences.js';
import { runSim } from '../conformance/sim-side.js';
import type { Observation, Scenario } from '../conformance/types.js';

const dir = new URL('../conformance/scenarios/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();

describe('conformance against the recorded Linux runs', () => {
  it('has every scenario recorded', () => {
    expect(names.length).toBeGreaterThanOrEqual(9);
  });
  it.each(names)('%s: every fact matches', async (file) => {
    const { scenario } = (await import(new URL(file, dir).href)) as { scenario: Scenario };
    const linux = JSON.parse(readFileSync(new URL(`../conformance/recorded/${scenario.name}.linux.json`, import.meta.url), 'utf8')) as Observation;
    const sim = await runSim(scenario);
    const r = compareFacts(scenario, observationToFacts(linux, scenario).facts, observationToFacts(sim, scenario).facts, knownDifferences);
    expect(r.mismatches.filter((m) => m.known === undefined).map((m) => `${m.key}: linux ${m.linux?.value ?? '-'} / l2sim ${m.l2sim?.value ?? '-'}`)).toEqual([]);
    expect(r.compared).toBeGreaterThan(50);
  });
});
