// The seed lesson: Kubernetes pod-to-pod networking on one node.
//
// Two pods, each in its own network namespace, joined by veth pairs to the `cni0` bridge of the
// node, as the CNI bridge plugin builds them. pod1 pings pod2: watch the ARP broadcast cross the
// veth into the bridge, the flood, the reply, the bridge learning both MACs, the echoes, and
// pod2's second ARP exchange about 5 s later. Writes pod-to-pod.pcapng (open it in Wireshark).
//
// Run: npm run demo   (or: npx tsx examples/pod-to-pod.ts [seed])
import { formatTraceEvent, kubernetesNode, Simulator, type TraceEvent } from '../src/index.js';
import { type ExampleResult, main, Out } from './lib.js';

/** The explanations, printed once, before the first event they explain. */
function explain(e: TraceEvent, pods: Record<string, string>): string | undefined {
  const who = (ns: string): string => pods[ns] ?? ns;
  switch (e.kind) {
    case 'neigh:state':
      if (e.from === 'NONE' && e.to === 'INCOMPLETE') return `${who(e.ns)} has no MAC address for ${e.ip}: it queues the echo request and broadcasts an ARP request.`;
      if (e.from === 'NONE' && e.to === 'STALE') return `The request asks for ${who(e.ns)}'s address, so ${who(e.ns)} notes the sender's MAC (STALE: known but not confirmed) and answers with a unicast ARP reply.`;
      if (e.from === 'INCOMPLETE' && e.to === 'REACHABLE') return `The reply confirms the MAC: ${who(e.ns)}'s entry is REACHABLE and the queued echo request leaves.`;
      if (e.from === 'STALE' && e.to === 'DELAY') return `${who(e.ns)} sends its echo reply with the unconfirmed MAC: the entry goes to DELAY and waits 5 s for a confirmation.`;
      if (e.from === 'DELAY' && e.to === 'PROBE') return `Nothing confirmed it (ICMP never does), so after 5 s ${who(e.ns)} probes with a unicast ARP request — the "second ARP exchange" every Linux host makes.`;
      if (e.from === 'PROBE' && e.to === 'REACHABLE') return `The probe was answered: ${who(e.ns)}'s entry is REACHABLE too.`;
      return undefined;
    case 'fdb:learn':
      return `The bridge learns from source MACs: a frame from ${e.mac} arrived on ${e.port ?? '?'}, so frames to that MAC will leave by ${e.port ?? '?'}.`;
    case 'frame:rx':
      if (e.frame.isBroadcast && e.dev === 'cni0') return `A broadcast is flooded to every other port and also delivered to the bridge device cni0 itself (it answers nothing: 10.244.0.3 is not its address).`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Run the lesson.
 *
 * @param seed - the simulation seed (MACs change with it; behaviour does not)
 * @returns the printed text, the trace and the pcapng bytes
 */
export function podToPod(seed = 1): ExampleResult {
  const sim = new Simulator({ seed });
  const k8s = kubernetesNode(sim, { name: 'node', podCidr: '10.244.0.0/24', pods: ['pod1', 'pod2'] });
  const [pod1, pod2] = [k8s.pod('pod1'), k8s.pod('pod2')];
  const out = new Out();
  const say = (s = ''): void => out.say(s);

  say(`l2sim — Kubernetes pod-to-pod networking on one node (seed ${seed})`);
  say();
  say(`Node namespace "node": bridge ${k8s.bridge.name} with the gateway ${k8s.gateway}/24.`);
  for (const p of [pod1, pod2]) say(`Pod ${p.name}: its own namespace, eth0 ${p.cidr} (${String(p.eth0.mac)}), peer ${p.hostVeth.name} on ${k8s.bridge.name}.`);
  say();

  const capture = sim.capture(); // every device, for Wireshark
  const rec = sim.record({ kinds: ['frame:rx', 'fdb:learn', 'neigh:state'] });
  say(`$ ip netns exec pod1 ping -c 3 -i 0.2 ${pod2.ip}`);
  const ping = pod1.ns.ping(pod2.ip, { count: 3, interval: '200ms' });
  sim.runFor('10s');

  say();
  say('What happened, in order (virtual seconds; each frame where it was received, as tcpdump prints it):');
  const names = { pod1: 'pod1', pod2: 'pod2' };
  const told = new Set<string>();
  for (const e of rec.events) {
    const why = explain(e, names);
    if (why !== undefined && !told.has(why.slice(0, 40))) {
      told.add(why.slice(0, 40));
      say(`  # ${why}`);
    }
    say(`  ${formatTraceEvent(e)}`);
  }
  say();
  say(ping.lines().join('\n'));
  say(ping.summary());
  say();
  say('$ ip netns exec pod1 ip neigh');
  say(pod1.ns.show('ip neigh'));
  say('$ ip netns exec pod2 ip neigh');
  say(pod2.ns.show('ip neigh'));
  say('$ ip netns exec node bridge fdb show');
  say(k8s.ns.show('bridge fdb'));
  say();
  say(`${capture.size} frames captured on ${capture.interfaces.length} devices (open the pcapng in Wireshark: one interface per device).`);
  return { text: out.text, trace: rec.text(), events: rec.events, pcapng: capture.pcapng() };
}

main(import.meta.url, 'pod-to-pod.pcapng', podToPod);
