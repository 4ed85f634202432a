// Shared builders for tests: small topologies and a frame log.
import { ArpPacket, EtherType, Frame, IcmpMessage, Ipv4Packet, LinuxBridge, type NetworkNamespace, Simulator, type TraceEvent, VethPair, formatTime } from '../../src/index.js';

/** Two namespaces `a` (10.0.0.1/24) and `b` (10.0.0.2/24) on one veth pair, both ends up. */
export function twoHosts(seed = 1): { sim: Simulator; a: NetworkNamespace; b: NetworkNamespace; veth: VethPair } {
  const sim = new Simulator({ seed });
  const a = sim.namespace('a');
  const b = sim.namespace('b');
  const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  a.addAddress('eth0', '10.0.0.1/24');
  b.addAddress('eth0', '10.0.0.2/24');
  veth.up();
  return { sim, a, b, veth };
}

/**
 * A Kubernetes-style node: namespace `node` with bridge `cni0` (10.244.0.1/24 unless
 * `gateway: false`), pods `pod1..podN` with `eth0` at 10.244.0.(n+1)/24, veth `veth-podN` in node,
 * default route via the gateway, everything up, `lo` up in pods when `lo` is set.
 */
export function cniNode(pods: number, o: { seed?: number; gateway?: boolean; lo?: boolean; ageingTime?: string } = {}): {
  sim: Simulator;
  node: NetworkNamespace;
  cni0: LinuxBridge;
  pods: NetworkNamespace[];
  veths: VethPair[];
} {
  const sim = new Simulator({ seed: o.seed ?? 1 });
  const node = sim.namespace('node');
  const cni0 = new LinuxBridge(node, 'cni0', o.ageingTime !== undefined ? { ageingTime: o.ageingTime } : {});
  const list: NetworkNamespace[] = [];
  const veths: VethPair[] = [];
  for (let i = 1; i <= pods; i++) {
    const pod = sim.namespace(`pod${i}`);
    const veth = new VethPair({ ns: node, name: `veth-pod${i}` }, { ns: pod, name: 'eth0' });
    cni0.addPort(veth.a);
    pod.addAddress('eth0', `10.244.0.${i + 1}/24`);
    veth.up();
    if (o.lo) pod.lo.up();
    list.push(pod);
    veths.push(veth);
  }
  cni0.up();
  if (o.gateway !== false) {
    node.addAddress('cni0', '10.244.0.1/24');
    for (const p of list) p.addRoute('default', { via: '10.244.0.1' });
  }
  return { sim, node, cni0, pods: list, veths };
}

/** A one-line description of a frame: `ARP request 10.0.0.2? from 10.0.0.1` / `ICMP echo-request seq=1 10.0.0.1>10.0.0.2`. */
export function describe(f: Frame): string {
  if (f.etherType === EtherType.ARP) {
    const a = ArpPacket.decode(f.payload);
    if (!a.ok) return 'ARP ?';
    return a.value.op === 1 ? `ARP request who-has ${String(a.value.tpa)} tell ${String(a.value.spa)}` : `ARP reply ${String(a.value.spa)} is-at ${String(a.value.sha)}`;
  }
  if (f.etherType === EtherType.IPv4) {
    const ip = Ipv4Packet.decode(f.payload);
    if (!ip.ok) return 'IPv4 ?';
    const m = IcmpMessage.decode(ip.value.payload);
    if (!m.ok) return `IPv4 ${String(ip.value.src)}>${String(ip.value.dst)}`;
    const t = m.value.type === 8 ? 'echo-request' : m.value.type === 0 ? 'echo-reply' : `type-${m.value.type}/${m.value.code}`;
    return `ICMP ${t}${m.value.isEcho ? ` seq=${m.value.sequence}` : ''} ${String(ip.value.src)}>${String(ip.value.dst)}`;
  }
  return `ethertype 0x${f.etherType.toString(16)}`;
}

/** Record trace events of the given kinds as text lines `time ns/dev kind …`. */
export function traceLog(sim: Simulator, kinds: TraceEvent['kind'][] = ['frame:tx']): string[] {
  const out: string[] = [];
  for (const k of kinds) {
    sim.on(k, (e: TraceEvent) => {
      const t = formatTime(e.time, 6);
      switch (e.kind) {
        case 'frame:tx':
        case 'frame:rx':
          out.push(`${t} ${e.ns}/${e.dev} ${e.kind === 'frame:tx' ? 'tx' : 'rx'} ${describe(e.frame)}${e.frame.isBroadcast ? ' (broadcast)' : ''}`);
          break;
        case 'frame:drop':
          out.push(`${t} ${e.ns}/${e.dev} drop ${e.reason}`);
          break;
        case 'neigh:state':
          out.push(`${t} ${e.ns} ${e.ip} ${e.from}->${e.to}`);
          break;
        default:
          out.push(`${t} ${e.ns} ${e.kind}`);
      }
    });
  }
  return out;
}
