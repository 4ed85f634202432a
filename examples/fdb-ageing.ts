// FDB ageing: with ageing_time 3 s, the bridge forgets a MAC 3 s after it last saw it as a
// *source* (traffic to a MAC does not refresh it). The next frame to that MAC is unknown
// unicast: flooded to every port (pod3 sees pod1's echo request), not delivered up.
// Run: npx tsx examples/fdb-ageing.ts [seed]
import { kubernetesNode, Simulator } from '../src/index.js';
import { type ExampleResult, main, Out } from './lib.js';

export function fdbAgeing(seed = 1): ExampleResult {
  const sim = new Simulator({ seed });
  const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: 3 });
  k8s.bridge.setAgeingTime('3s'); // ip link set cni0 type bridge ageing_time 300
  const out = new Out();
  const capture = sim.capture();
  const rec = sim.record({ kinds: ['fdb:learn', 'fdb:age', 'frame:rx'], filter: (e) => e.kind !== 'frame:rx' || e.ns === 'pod3' });
  const [pod1, pod2] = [k8s.pod('pod1'), k8s.pod('pod2')];
  out.say(`$ ip netns exec pod1 ping -c 1 ${pod2.ip}      (t=0)`);
  pod1.ns.ping(pod2.ip, { count: 1 });
  sim.runUntil('1s');
  out.say(`\n$ ip netns exec node bridge fdb show        (t=1 s: pod1 and pod2 learned)`);
  out.say(k8s.ns.show('bridge fdb'));
  sim.runUntil('4.5s');
  out.say(`\n$ ip netns exec node bridge fdb show        (t=4.5 s: the learned entries aged out at 3 s)`);
  out.say(k8s.ns.show('bridge fdb'));
  out.say(`\n$ ip netns exec pod1 ping -c 1 ${pod2.ip}      (t=4.5 s: pod1 still knows pod2's MAC; the bridge does not)`);
  pod1.ns.ping(pod2.ip, { count: 1 });
  sim.runUntil('5s');
  out.say(rec.text());
  return { text: out.text, trace: rec.text(), events: rec.events, pcapng: capture.pcapng() };
}

main(import.meta.url, 'fdb-ageing.pcapng', fdbAgeing);
