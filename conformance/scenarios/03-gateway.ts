import { cniTopology, fivesecondTimer } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * pod1 pings its gateway 10.244.0.1, which lives on the bridge device cni0:
 * the ARP reply and the echo replies come from the bridge's own MAC (the
 * lowest port MAC). The node answers from cni0; its neighbour entry for pod1
 * goes STALE (from the ARP request) -> DELAY (echo reply) -> PROBE ~5 s later,
 * a unicast ARP request sent from cni0 that is answered -> REACHABLE.
 */
export const scenario: Scenario = {
  name: '03-gateway',
  title: 'pod1 pings the gateway on cni0: replies come from the bridge MAC',
  ...cniTopology({ pods: 2 }),
  timeline: [
    { at: 0, run: 'pod1: ping -c 2 -i 0.5 10.244.0.1', id: 'gw' },
    { at: 1.5, snapshot: 'after-ping' },
  ],
  end: 7,
  // The unicast probe after the 5 s delay_first_probe_time, and its reply.
  looseTimes: [fivesecondTimer('^frames:.*#(7|8)$')],
};
