// The pod's gateway on the bridge: cni0 holds 10.244.0.1/24 and answers as a host.
// The ARP reply and the echo replies come from the bridge's own MAC (the lowest port MAC);
// frames to it are delivered to cni0's stack, not flooded.
// Run: npx tsx examples/gateway.ts [seed]
import { kubernetesNode, Simulator } from '../src/index.js';
import { type ExampleResult, main, Out } from './lib.js';

export function gateway(seed = 1): ExampleResult {
  const sim = new Simulator({ seed });
  const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: 2 });
  const out = new Out();
  const capture = sim.capture();
  const rec = sim.record({ kinds: ['frame:rx', 'fdb:learn', 'neigh:state'] });
  out.say(`cni0 has ${k8s.gateway}/24 and MAC ${String(k8s.bridge.mac)} (the lowest of its ports' MACs).`);
  out.say(`$ ip netns exec pod1 ping -c 2 -i 0.5 ${k8s.gateway}`);
  const ping = k8s.pod('pod1').ns.ping(k8s.gateway, { count: 2, interval: '500ms' });
  sim.runFor('2s');
  out.say(rec.text());
  out.say(ping.summary());
  out.say('\n$ ip netns exec node ip -s link show cni0   (rx counts frames delivered up, without the Ethernet header)');
  out.say(k8s.ns.show('ip -s link').split('\n').slice(6, 12).join('\n'));
  out.say('\n$ ip netns exec pod2 ip -s link   (pod2 saw only the broadcast)');
  out.say(k8s.pod('pod2').ns.show('ip -s link').split('\n').slice(6, 12).join('\n'));
  return { text: out.text, trace: rec.text(), events: rec.events, pcapng: capture.pcapng() };
}

main(import.meta.url, 'gateway.pcapng', gateway);
