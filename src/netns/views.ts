import type { FdbEntrySnapshot, PortSnapshot } from '../bridge/index.js';
import type { DeviceStats, NetDevice } from '../link/index.js';
import { VethEnd } from '../link/index.js';
import type { NeighEntrySnapshot } from '../neigh/index.js';
import type { AddressSnapshot, RouteSnapshot } from './namespace.js';

/** A device as `ip -s -d link` would describe it, JSON-ready. */
export interface LinkSnapshot {
  /** Interface index. */
  readonly ifindex: number;
  /** Name. */
  readonly name: string;
  /** `loopback`, `veth` or `bridge`. */
  readonly kind: 'loopback' | 'veth' | 'bridge';
  /** MAC, canonical form. */
  readonly mac: string;
  /** MTU. */
  readonly mtu: number;
  /** Administratively up. */
  readonly adminUp: boolean;
  /** Carrier (LOWER_UP). */
  readonly carrier: boolean;
  /** Operational state. */
  readonly operstate: string;
  /** Flags as `ip link` prints them inside `<…>`, in its order (`M-DOWN` when a veth's peer in the same namespace is down). */
  readonly flags: readonly string[];
  /** Master (bridge) name, or `null`. */
  readonly master: string | null;
  /** For a veth end: its peer. */
  readonly peer: LinkPeer | null;
  /** Counters. */
  readonly stats: DeviceStats;
}

/** The other end of a veth, as a {@link LinkSnapshot} names it. */
export interface LinkPeer {
  /** The peer's namespace. */
  readonly ns: string;
  /** The peer's name. */
  readonly name: string;
  /** The peer's ifindex (in its namespace). */
  readonly ifindex: number;
}

/** Snapshot one device. @internal */
export function linkSnapshot(d: NetDevice): LinkSnapshot {
  const flags: string[] = [];
  if (d.isUp && !d.hasCarrier) flags.push('NO-CARRIER');
  if (d.kind === 'loopback') flags.push('LOOPBACK');
  else flags.push('BROADCAST', 'MULTICAST');
  if (d.isUp) flags.push('UP');
  if (d.isUp && d.hasCarrier) flags.push('LOWER_UP');
  // iproute2 prints M-DOWN when the link's peer is down, and knows the peer's flags only when it is in
  // the same namespace (no link-netns).
  if (d instanceof VethEnd && d.peer !== null && d.peer.namespaceName === d.namespaceName && !d.peer.isUp) flags.push('M-DOWN');
  const peer = d instanceof VethEnd && d.peer !== null ? { ns: d.peer.namespaceName, name: d.peer.name, ifindex: d.peer.ifindex } : null;
  return {
    ifindex: d.ifindex,
    name: d.name,
    kind: d.kind,
    mac: d.mac.toString(),
    mtu: d.mtu,
    adminUp: d.isUp,
    carrier: d.hasCarrier,
    operstate: d.operstate,
    flags,
    master: d.masterName,
    peer,
    stats: d.stats,
  };
}

function header(l: LinkSnapshot, nsName: string, withMode: boolean): string[] {
  const at = l.peer === null ? '' : l.peer.ns === nsName ? `@${l.peer.name}` : `@if${l.peer.ifindex}`;
  const qdisc = l.adminUp ? 'noqueue' : 'noop';
  const master = l.master === null ? '' : ` master ${l.master}`;
  const mode = withMode ? ' mode DEFAULT' : '';
  const first = `${l.ifindex}: ${l.name}${at}: <${l.flags.join(',')}> mtu ${l.mtu} qdisc ${qdisc}${master} state ${l.operstate}${mode} group default qlen 1000`;
  const second =
    l.kind === 'loopback'
      ? `    link/loopback ${l.mac} brd 00:00:00:00:00:00`
      : `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff${l.peer !== null && l.peer.ns !== nsName ? ` link-netns ${l.peer.ns}` : ''}`;
  return [first, second];
}

/** `ip link` (and `ip -s link` with `stats`). @internal */
export function showLinks(links: readonly LinkSnapshot[], nsName: string, stats: boolean): string {
  const out: string[] = [];
  for (const l of links) {
    out.push(...header(l, nsName, true));
    if (stats) out.push(...statsLines(l));
  }
  return out.join('\n');
}

function statsLines(l: LinkSnapshot): string[] {
  const s = l.stats;
  const rx = [s.rxBytes, s.rxPackets, 0, s.rxDropped, 0, s.multicast];
  const tx = [s.txBytes, s.txPackets, 0, s.txDropped, 0, 0];
  const cols = [10, 7, 6, 7, 7, 7];
  for (const v of [...rx, ...tx].map((x, i) => [x, i % 6] as const)) cols[v[1]] = Math.max(cols[v[1]]!, String(v[0]).length);
  const pad = (w: number, t: string): string => t.padStart(w);
  const hdr = (label: string, names: string[]): string => `    ${label}: ${pad(cols[0]! - 4, names[0]!)} ${names.slice(1).map((n, i) => pad(cols[i + 1]!, n)).join(' ')} ${' '.repeat(10)}`;
  const vals = (v: number[]): string => `    ${v.map((x, i) => pad(cols[i]!, String(x)) + ' ').join('')}`;
  return [hdr('RX', ['bytes', 'packets', 'errors', 'dropped', 'missed', 'mcast']), vals(rx), hdr('TX', ['bytes', 'packets', 'errors', 'dropped', 'carrier', 'collsns']), vals(tx)];
}

/** `ip addr`. @internal */
export function showAddresses(links: readonly LinkSnapshot[], addrs: readonly AddressSnapshot[], nsName: string): string {
  const out: string[] = [];
  for (const l of links) {
    out.push(...header(l, nsName, false));
    for (const a of addrs.filter((x) => x.dev === l.name)) {
      out.push(`    inet ${a.cidr} scope ${a.scope}${a.secondary ? ' secondary' : ''} ${a.dev}`);
      out.push('       valid_lft forever preferred_lft forever');
    }
  }
  return out.join('\n');
}

function ipKey(dst: string): number[] {
  if (dst === 'default') return [0, 0];
  const [a, len] = dst.split('/');
  const v = a!.split('.').reduce((s, o) => s * 256 + Number(o), 0);
  return [v, -(len === undefined ? 32 : Number(len))];
}

/** `ip route` (main table). @internal */
export function showRoutes(routes: readonly RouteSnapshot[]): string {
  const sorted = [...routes].sort((a, b) => {
    const x = ipKey(a.dst);
    const y = ipKey(b.dst);
    return x[0]! - y[0]! || x[1]! - y[1]! || a.metric - b.metric;
  });
  return sorted
    .map((r) => {
      let s = r.dst;
      if (r.via !== null) s += ` via ${r.via}`;
      s += ` dev ${r.dev}`;
      if (r.proto !== 'boot') s += ` proto ${r.proto}`;
      if (r.scope !== 'global') s += ` scope ${r.scope}`;
      if (r.src !== null) s += ` src ${r.src}`;
      if (r.metric !== 0) s += ` metric ${r.metric}`;
      if (r.linkdown) s += ' linkdown';
      return `${s} `;
    })
    .join('\n');
}

/**
 * `ip neigh`: entries newest first. NONE and NOARP entries are hidden, as iproute2 does without
 * `nud all` (its default filter is every state but NOARP; checked on 6.18). @internal
 */
export function showNeighbours(entries: readonly NeighEntrySnapshot[]): string {
  return entries
    .filter((e) => e.state !== 'NONE' && e.state !== 'NOARP')
    .map((e) => `${e.ip} dev ${e.dev}${e.lladdr !== null ? ` lladdr ${e.lladdr}` : ''} ${e.state} `)
    .join('\n');
}

/** `bridge fdb`: the FDB (`master`) lines; iproute2's `self` lines (device multicast lists) are not FDB entries and are not shown. @internal */
export function showFdb(entries: readonly FdbEntrySnapshot[]): string {
  return entries
    .map((e) => {
      const vlan = e.vlan !== 0 ? ` vlan ${e.vlan}` : '';
      const state = e.kind === 'permanent' ? 'permanent' : e.kind === 'static' ? 'static' : '';
      return `${e.mac} dev ${e.dev}${vlan}${e.sticky ? ' sticky' : ''} master ${e.master} ${state}`;
    })
    .join('\n');
}

/**
 * `bridge link`. `local(ifindex)` is this namespace's device with that index: `bridge` resolves the
 * peer's index among its own namespace's devices whatever namespace the peer is in, for the name after
 * `@` and for M-DOWN (that device is down). @internal
 */
export function showBridgeLinks(rows: readonly { port: PortSnapshot; link: LinkSnapshot; bridge: string }[], local: (ifindex: number) => { name: string; isUp: boolean } | undefined): string {
  return rows
    .map(({ port, link, bridge }) => {
      const near = link.peer === null ? undefined : local(link.peer.ifindex);
      const at = link.peer === null ? '' : `@${near?.name ?? `if${link.peer.ifindex}`}`;
      const flags = link.flags.filter((f) => f !== 'M-DOWN');
      if (near !== undefined && !near.isUp) flags.push('M-DOWN');
      // Without -d, iproute2 prints no port flags (print_protinfo stops after the cost).
      return `${link.ifindex}: ${link.name}${at}: <${flags.join(',')}> mtu ${link.mtu} master ${bridge} state ${port.state} priority ${port.priority} cost ${port.cost} `;
    })
    .join('\n');
}
