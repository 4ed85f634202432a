/**
 * Known, documented differences between the real kernel and l2sim.
 *
 * A mismatch whose fact key matches `keyPattern` (a regex) in a scenario
 * named `scenario` (or any scenario, with '*') is reported as "known" and
 * does not fail the run. Every entry needs a `reason` that a reader can
 * check. Do not add entries to hide real behaviour differences that l2sim
 * claims to model; fix the simulator instead.
 *
 * Example:
 *   { id: 'lo-counters', scenario: '*', keyPattern: '^counters:[^:]+:pod\\d/lo$',
 *     reason: 'l2sim does not count loopback traffic (documented in docs/...)' },
 */
import type { KnownDifference } from './types.js';

export const knownDifferences: KnownDifference[] = [];
