import { cniTopology, fivesecondTimer } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * cni0 with ageing_time 300 (centiseconds as iproute2 takes them = 3 s).
 * pod1 pings pod2 at t=0; by t~3 the learned FDB entries have aged out while
 * the ARP entries are still valid (30 s base reachable time). pod1's second
 * ping at t=4.5 is therefore sent straight to pod2's MAC, which the bridge no
 * longer knows: it is flooded as unknown unicast (pod3's veth sees it).
 *
 * The second ping is at 4.5 s rather than 5 s so that it does not coincide
 * with pod2's DELAY->PROBE unicast ARP request (~5 s after t=0).
 */
export const scenario: Scenario = {
  name: '07-fdb-ageing',
  title: 'FDB ageing (3 s): the next echo request to a known neighbour is flooded as unknown unicast',
  ...cniTopology({ pods: 3, ageingTimeCs: 300 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 1 10.244.0.3', id: 'p1' },
    { at: 1, snapshot: 'learned' },
    { at: 4, snapshot: 'aged' },
    { at: 4.5, run: 'pod1: ping -c 1 10.244.0.3', id: 'p2' },
    { at: 5.6, snapshot: 'relearned' },
  ],
  end: 6,
  // The unicast probe after the 5 s delay_first_probe_time, and its reply.
  looseTimes: [fivesecondTimer('^frames:(node/veth-pod1|pod1/eth0|node/veth-pod2|pod2/eth0)#(7|8)$')],
};
