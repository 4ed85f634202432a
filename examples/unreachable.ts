// Pinging an address nobody owns: three broadcast ARP probes one second apart, FAILED at 3 s,
// "Destination Host Unreachable" at once for each echo request queued meanwhile (seq 1-3), then a
// new round for the next requests (seq 4-6, unreachable at 6 s), as on Linux.
// Run: npx tsx examples/unreachable.ts [seed]
import { kubernetesNode, Simulator } from '../src/index.js';
import { type ExampleResult, main, Out } from './lib.js';

export function unreachable(seed = 1): ExampleResult {
  const sim = new Simulator({ seed });
  const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: 2 });
  const out = new Out();
  const capture = sim.capture();
  const rec = sim.record({ kinds: ['frame:tx', 'neigh:state', 'frame:drop'], filter: (e) => e.ns === 'pod1' });
  out.say('$ ip netns exec pod1 ping -c 6 10.244.0.99');
  const ping = k8s.pod('pod1').ns.ping('10.244.0.99', { count: 6 });
  sim.runFor('8s');
  out.say(rec.text());
  out.say('');
  out.say(ping.lines().join('\n'));
  out.say(ping.summary());
  out.say('\n$ ip netns exec pod1 ip neigh');
  out.say(k8s.pod('pod1').ns.show('ip neigh'));
  return { text: out.text, trace: rec.text(), events: rec.events, pcapng: capture.pcapng() };
}

main(import.meta.url, 'unreachable.pcapng', unreachable);
