// A pod whose link goes down: pod2's eth0 goes down, so veth-pod2 loses carrier, the bridge
// disables the port and flushes the MACs learned on it; pod1's echo requests are flooded and
// vanish at the disabled port. When eth0 comes back, the port forwards again and pings recover.
// Run: npx tsx examples/link-down.ts [seed]
import { kubernetesNode, Simulator } from '../src/index.js';
import { type ExampleResult, main, Out } from './lib.js';

export function linkDown(seed = 1): ExampleResult {
  const sim = new Simulator({ seed });
  const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: 2 });
  const out = new Out();
  const capture = sim.capture();
  const rec = sim.record({ kinds: ['link:state', 'port:state', 'fdb:learn', 'fdb:flush', 'frame:drop'] });
  const [pod1, pod2] = [k8s.pod('pod1'), k8s.pod('pod2')];
  const ping = pod1.ns.ping(pod2.ip, { count: 10, interval: '500ms' });
  sim.runUntil('1.2s');
  out.say('$ ip netns exec pod2 ip link set eth0 down   (t=1.2 s)');
  pod2.eth0.down();
  sim.runUntil('3s');
  out.say('\n$ ip netns exec node bridge link show        (t=3 s)');
  out.say(k8s.ns.show('bridge link'));
  out.say('\n$ ip netns exec node bridge fdb show         (t=3 s: pod2\'s MAC flushed)');
  out.say(k8s.ns.show('bridge fdb'));
  out.say('$ ip netns exec pod2 ip link set eth0 up     (t=3 s)');
  pod2.eth0.up();
  sim.runUntil('10s');
  out.say(rec.text());
  out.say('');
  out.say(ping.lines().join('\n'));
  out.say(ping.summary());
  return { text: out.text, trace: rec.text(), events: rec.events, pcapng: capture.pcapng() };
}

main(import.meta.url, 'link-down.pcapng', linkDown);
