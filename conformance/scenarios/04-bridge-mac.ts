import { cniTopology } from '../dsl.js';
import type { Scenario } from '../types.js';

/**
 * The bridge MAC follows the numerically lowest port MAC while the address
 * was never set by the user, and is frozen once it has been set explicitly.
 * Steps are 2 s apart and snapshots 1.5 s after each step, because carrier /
 * operstate changes go through linkwatch, which runs at most once a second.
 * No traffic is sent (cni0 has no address here).
 */
export const scenario: Scenario = {
  name: '04-bridge-mac',
  title: 'cni0 MAC: lowest port MAC while ports come and go, frozen after an explicit set',
  ...cniTopology({ pods: 3, gateway: false, enslave: false }),
  timeline: [
    { at: 0, run: 'node: ip link set veth-pod1 master cni0' },
    { at: 1.5, snapshot: 'port1' },
    { at: 2, run: 'node: ip link set veth-pod2 master cni0' },
    { at: 3.5, snapshot: 'ports12' },
    { at: 4, run: 'node: ip link set veth-pod3 master cni0' },
    { at: 5.5, snapshot: 'ports123' },
    { at: 6, run: 'node: ip link set veth-pod1 nomaster' },
    { at: 7.5, snapshot: 'ports23' },
    { at: 8, run: 'node: ip link set veth-pod2 nomaster' },
    { at: 8, run: 'node: ip link set veth-pod3 nomaster' },
    { at: 9.5, snapshot: 'noports' },
    { at: 10, run: 'node: ip link set veth-pod1 master cni0' },
    { at: 11.5, snapshot: 'port1-again' },
    { at: 12, run: 'node: ip link set cni0 address 02:00:00:00:00:01' },
    { at: 13.5, snapshot: 'set' },
    { at: 14, run: 'node: ip link set veth-pod2 master cni0' },
    { at: 15.5, snapshot: 'set-plus-port2' },
    { at: 16, run: 'node: ip link set veth-pod1 nomaster' },
    { at: 17.5, snapshot: 'set-minus-port1' },
  ],
  end: 18,
};
