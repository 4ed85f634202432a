import { cniTopology } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * pod1 pings 10.244.0.99, which nobody owns. The neighbour entry goes
 * INCOMPLETE with broadcast probes retrans_time (1 s) apart; after
 * mcast_solicit (3) probes it is FAILED and every packet queued meanwhile is
 * answered locally with "Destination Host Unreachable". The next packet
 * starts a new round.
 *
 * The interval is 1.2 s, not 1 s: with -i 1 the 4th echo request would be
 * sent at the very moment (t~3 s) the entry turns FAILED, a race whose
 * outcome differs from run to run (on 6.18 the timer won 7 runs out of 8, giving
 * batches 1-3, 4-6, ...; l2sim gives that outcome, test/netns/timelines.test.ts).
 */
export const scenario: Scenario = {
  name: '05-unreachable',
  title: 'ping an unowned address: INCOMPLETE probes, FAILED, Destination Host Unreachable, new round',
  ...cniTopology({ pods: 2 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 5 -i 1.2 10.244.0.99', id: 'p1' },
    { at: 0.5, snapshot: 'incomplete' },
    { at: 3.3, snapshot: 'failed' },
  ],
  end: 7.5,
};
