// Helpers for the netns tests: frame logs with decoded fields, an injection point for crafted
// frames, and a full snapshot of a namespace for "a failing call changes nothing" checks.
import { ArpPacket, EtherType, Frame, IcmpMessage, Ipv4Packet, type NetworkNamespace, type Simulator, type TraceEvent, VethPair, type VethEnd } from '../../src/index.js';

export const S = 1_000_000_000;
export const MS = 1_000_000;

export interface SentFrame {
  time: number;
  ns: string;
  dev: string;
  frame: Frame;
}

/** Every frame:tx event (optionally only of one namespace). */
export function sentFrames(sim: Simulator, ns?: string): SentFrame[] {
  const out: SentFrame[] = [];
  sim.on('frame:tx', (e: TraceEvent) => {
    if (e.kind === 'frame:tx' && (ns === undefined || e.ns === ns)) out.push({ time: e.time, ns: e.ns, dev: e.dev, frame: e.frame });
  });
  return out;
}

/** Every frame:rx event (optionally only of one namespace). */
export function receivedFrames(sim: Simulator, ns?: string): SentFrame[] {
  const out: SentFrame[] = [];
  sim.on('frame:rx', (e: TraceEvent) => {
    if (e.kind === 'frame:rx' && (ns === undefined || e.ns === ns)) out.push({ time: e.time, ns: e.ns, dev: e.dev, frame: e.frame });
  });
  return out;
}

export function arpOf(f: Frame): ArpPacket | undefined {
  if (f.etherType !== EtherType.ARP) return undefined;
  const r = ArpPacket.decode(f.payload);
  return r.ok ? r.value : undefined;
}

export function ipOf(f: Frame): Ipv4Packet | undefined {
  if (f.etherType !== EtherType.IPv4) return undefined;
  const r = Ipv4Packet.decode(f.payload);
  return r.ok ? r.value : undefined;
}

export function icmpOf(f: Frame): { ip: Ipv4Packet; icmp: IcmpMessage } | undefined {
  const ip = ipOf(f);
  if (ip === undefined) return undefined;
  const r = IcmpMessage.decode(ip.payload);
  return r.ok ? { ip, icmp: r.value } : undefined;
}

/** `op sha spa tha tpa` of an ARP frame, with the Ethernet destination: compact and exact. */
export function arpLine(f: Frame): string {
  const a = arpOf(f);
  if (a === undefined) return '-';
  return `${String(f.dst)} ${a.op === 1 ? 'request' : a.op === 2 ? 'reply' : `op${a.op}`} ${String(a.sha)} ${String(a.spa)} ${String(a.tha)} ${String(a.tpa)}`;
}

/**
 * A namespace `probe` whose device `p0` is the peer of `hostDev` in `host` (created here), both
 * up. Frames sent with `send` arrive on the host's device; the probe's own stack has no address
 * and answers nothing.
 */
export function probeOn(sim: Simulator, host: NetworkNamespace, hostDev = 'eth0', probeName = 'probe'): { p0: VethEnd; veth: VethPair; send(f: Frame): void } {
  const probe = sim.namespace(probeName);
  const veth = new VethPair({ ns: probe, name: 'p0', mac: '02:00:00:00:99:99' }, { ns: host, name: hostDev });
  veth.up();
  return {
    p0: veth.a,
    veth,
    send: (f) => {
      veth.a.transmit(f);
    },
  };
}

/** An ARP frame built from text fields. */
export function arpFrame(o: { dst: string; src?: string; op: 1 | 2; sha: string; spa: string; tha?: string; tpa: string }): Frame {
  const arp = ArpPacket.create({ op: o.op, sha: o.sha, spa: o.spa, tha: o.tha ?? '00:00:00:00:00:00', tpa: o.tpa });
  return Frame.build({ dst: o.dst, src: o.src ?? o.sha, etherType: EtherType.ARP }, arp);
}

const SYSCTL_KEYS = ['arp_ignore', 'arp_announce', 'arp_accept', 'arp_notify', 'arp_filter', 'proxy_arp', 'drop_gratuitous_arp', 'forwarding', 'arp_evict_nocarrier'];
const NEIGH_KEYS = ['base_reachable_time_ms', 'retrans_time_ms', 'delay_first_probe_time', 'mcast_solicit', 'ucast_solicit', 'app_solicit', 'mcast_resolicit', 'unres_qlen', 'gc_stale_time', 'locktime'];

/** Everything observable about a namespace, as JSON: links, addresses, routes, neighbours, sysctls. */
export function fullSnapshot(ns: NetworkNamespace): string {
  const sysctls: Record<string, number> = {};
  for (const k of ['net.ipv4.ip_forward', 'net.ipv4.ip_default_ttl', 'net.ipv4.icmp_echo_ignore_broadcasts', 'net.ipv4.neigh.default.gc_thresh1']) sysctls[k] = ns.sysctl(k);
  const scopes = ['all', 'default', ...ns.devices().map((d) => d.name)];
  for (const s of scopes) for (const k of SYSCTL_KEYS) sysctls[`net.ipv4.conf.${s}.${k}`] = ns.sysctl(`net.ipv4.conf.${s}.${k}`);
  for (const s of ['default', ...ns.devices().map((d) => d.name)]) for (const k of NEIGH_KEYS) sysctls[`net.ipv4.neigh.${s}.${k}`] = ns.sysctl(`net.ipv4.neigh.${s}.${k}`);
  return JSON.stringify({ links: ns.links(), addresses: ns.addresses(), routes: ns.routes('all'), neighbours: ns.neighbours(), sysctls, views: ['ip link', 'ip addr', 'ip route', 'ip neigh'].map((v) => ns.show(v)) });
}
