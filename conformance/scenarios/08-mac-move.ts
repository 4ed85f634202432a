import { cniTopology } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * pod1 pings pod2 (the bridge learns pod1's MAC on veth-pod1). pod3's eth0
 * then takes pod1's MAC and pings pod2: the FDB entry moves to veth-pod3 at
 * once, and pod2's replies go to pod3. pod1 pings again: the entry moves
 * back to veth-pod1.
 */
export const scenario: Scenario = {
  name: '08-mac-move',
  title: 'MAC move: pod3 takes pod1\'s MAC, the FDB entry follows the last sender',
  ...cniTopology({ pods: 3 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 1 10.244.0.3', id: 'p1' },
    { at: 1, snapshot: 'learned' },
    { at: 1.5, run: 'pod3: ip link set eth0 address @pod1/eth0' },
    { at: 2, run: 'pod3: ping -c 1 10.244.0.3', id: 'p3' },
    { at: 2.5, snapshot: 'moved' },
    { at: 3, run: 'pod1: ping -c 1 10.244.0.3', id: 'p1-again' },
    { at: 3.5, snapshot: 'moved-back' },
  ],
  end: 4,
};
