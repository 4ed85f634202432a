import { cniTopology } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * pod1 resolves pod3: the ARP broadcast is flooded to every port (and to cni0
 * itself), but only the target (pod3) creates a neighbour entry for pod1; the
 * bystander pod2 and the node (arp_accept=0) learn nothing. The bridge learns
 * pod1 and pod3; pod2 is never learned.
 */
export const scenario: Scenario = {
  name: '02-three-pods-broadcast',
  title: 'three pods: who sees pod1\'s ARP broadcast, and who learns what',
  ...cniTopology({ pods: 3 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 1 10.244.0.4', id: 'p1' },
    { at: 1.0, snapshot: 'after-ping' },
  ],
  // Before pod3's DELAY->PROBE (~5 s after its echo reply).
  end: 2,
};
