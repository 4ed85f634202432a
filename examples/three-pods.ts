// Three pods on one node: who sees pod1's ARP broadcast, and who learns what.
// The bridge floods the broadcast to every port; only the pod whose address is asked for
// creates a neighbour entry (Linux never learns from ARP requests not addressed to it,
// arp_accept=0), and the bridge learns the MACs of the pods that sent something.
// Run: npx tsx examples/three-pods.ts [seed]
import { kubernetesNode, Simulator } from '../src/index.js';
import { type ExampleResult, main, Out } from './lib.js';

export function threePods(seed = 1): ExampleResult {
  const sim = new Simulator({ seed });
  const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: 3 });
  const out = new Out();
  const capture = sim.capture();
  const rec = sim.record({ kinds: ['frame:rx', 'fdb:learn', 'neigh:state'] });
  out.say(`$ ip netns exec pod1 ping -c 1 ${k8s.pod('pod3').ip}`);
  const ping = k8s.pod('pod1').ns.ping(k8s.pod('pod3').ip, { count: 1 });
  sim.runFor('1s');
  out.say(rec.text());
  out.say(ping.summary());
  for (const p of k8s.pods) {
    out.say(`\n$ ip netns exec ${p.name} ip neigh`);
    out.say(p.ns.show('ip neigh') || '(empty: pod2 saw the broadcast but it was not for it)');
  }
  out.say('\n$ ip netns exec node bridge fdb show');
  out.say(k8s.ns.show('bridge fdb'));
  return { text: out.text, trace: rec.text(), events: rec.events, pcapng: capture.pcapng() };
}

main(import.meta.url, 'three-pods.pcapng', threePods);
