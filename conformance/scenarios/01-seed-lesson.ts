import { cniTopology, fivesecondTimer } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * The seed lesson: pod1 pings pod2 three times. pod1 broadcasts an ARP
 * request (flooded to every port and to cni0 itself), pod2 answers, the bridge
 * learns both MACs. pod2 created a STALE entry for pod1 from the request and
 * used it for its echo reply -> DELAY; nothing confirms it (echo requests do
 * not), so ~5 s later it goes PROBE and sends a unicast ARP request to pod1,
 * whose reply makes it REACHABLE. The node learns nothing (arp_accept=0).
 */
export const scenario: Scenario = {
  name: '01-seed-lesson',
  title: 'pod1 pings pod2 across cni0: ARP broadcast, learning, echo, and pod2 DELAY->PROBE ~5 s later',
  ...cniTopology({ pods: 2 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 3 -i 0.2 10.244.0.3', id: 'p1' },
    { at: 1.0, snapshot: 'after-ping' },
  ],
  end: 8,
  // The unicast probe after the 5 s delay_first_probe_time, and its reply.
  looseTimes: [fivesecondTimer('^frames:.*#(9|10)$')],
};
