import { cniTopology } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * pod2's eth0 goes down: veth-pod2 loses carrier, the bridge port is
 * disabled and the entries learned on it are flushed; pod2's own neighbour
 * table is flushed too. pod1 still has a REACHABLE entry for pod2, so its
 * echo requests go out unicast to pod2's MAC and vanish silently at the
 * bridge (unknown unicast, no other forwarding port). When eth0 comes back
 * up, the next echo request is flooded, pod2 re-resolves pod1 with a
 * broadcast ARP request, and replies flow again.
 * Snapshots are >= 1.5 s after link changes (linkwatch runs at most 1/s).
 */
export const scenario: Scenario = {
  name: '09-link-down',
  title: 'pod2 eth0 down/up: port disabled, FDB flushed, pings vanish, then recover',
  ...cniTopology({ pods: 2 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 1 10.244.0.3', id: 'before' },
    { at: 1, snapshot: 'learned' },
    { at: 1.5, run: 'pod2: ip link set eth0 down' },
    { at: 3, snapshot: 'down' },
    { at: 3.5, run: 'pod1: ping -c 3 -i 0.5 -W 1 10.244.0.3', id: 'during' },
    { at: 6, snapshot: 'down-pinged' },
    { at: 6.5, run: 'pod2: ip link set eth0 up' },
    { at: 8, snapshot: 'up' },
    { at: 8.5, run: 'pod1: ping -c 2 -i 0.5 10.244.0.3', id: 'after' },
  ],
  end: 10,
};
