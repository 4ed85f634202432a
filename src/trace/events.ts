import type { Nanoseconds } from '../sim/index.js';
import type { Frame } from '../wire/index.js';

/**
 * Why a frame was dropped. Each reason names one rule of the model (and, where the kernel has
 * one, the kernel's own drop point).
 *
 * - `device-down`: the sending device is administratively down (ENETDOWN)
 * - `peer-down`: a veth whose peer is down has no carrier; the frame is dropped at the qdisc
 * - `mtu`: the frame is longer than the receiving (or egress) device's MTU allows
 * - `no-route`: no route to the destination
 * - `arp-failed`: address resolution failed (the neighbour went FAILED); the packet was queued
 * - `arp-queue-full`: the neighbour's pending queue was full; the oldest packet was discarded
 * - `not-for-us`: unicast to another host's MAC (PACKET_OTHERHOST), or IP not addressed to us
 *   with forwarding off
 * - `no-handler`: no protocol handler for the EtherType
 * - `malformed`: the bytes do not decode; `bad-checksum`: an IPv4 header checksum error
 * - `unsupported-protocol`: an IP protocol the model does not implement (only ICMP is)
 * - `arp-ignored`: an ARP packet the receive rules ignore (arp_ignore, arp_filter, not for us…)
 * - `ttl-exceeded`: forwarding a packet whose TTL ran out
 * - `martian`: an IPv4 packet with an impossible source or destination (0.0.0.0/8, 127.0.0.0/8 off
 *   `lo`, a multicast or broadcast source, our own address as source), as `ip_route_input` drops it
 * - `bridge-down`, `port-not-forwarding`, `ingress-port`, `invalid-source`, `link-local`,
 *   `isolated`: the bridge's rules (see `LinuxBridge`)
 * - `storm`: the storm guard stopped a broadcast storm
 * - `device-deleted`: the device was deleted while the frame was in flight
 */
export type DropReason =
  | 'device-down'
  | 'peer-down'
  | 'mtu'
  | 'no-route'
  | 'arp-failed'
  | 'arp-queue-full'
  | 'not-for-us'
  | 'no-handler'
  | 'malformed'
  | 'bad-checksum'
  | 'unsupported-protocol'
  | 'arp-ignored'
  | 'ttl-exceeded'
  | 'martian'
  | 'bridge-down'
  | 'port-not-forwarding'
  | 'ingress-port'
  | 'invalid-source'
  | 'link-local'
  | 'isolated'
  | 'storm'
  | 'device-deleted';

/** Fields common to every trace event. */
export interface TraceBase {
  /** Virtual time of the event, in nanoseconds. */
  readonly time: Nanoseconds;
  /** Namespace name. */
  readonly ns: string;
}

/**
 * A frame left a device: it passed the device's own admin and carrier checks and is where tcpdump
 * sees it (a veth may still drop it after this, when it is too long for the peer's MTU).
 */
export interface FrameTxEvent extends TraceBase {
  /** `'frame:tx'` */
  readonly kind: 'frame:tx';
  /** Device name. */
  readonly dev: string;
  /** The frame. */
  readonly frame: Frame;
}

/** A frame arrived on a device (before any bridge or protocol handling). */
export interface FrameRxEvent extends TraceBase {
  /** `'frame:rx'` */
  readonly kind: 'frame:rx';
  /** Device name. */
  readonly dev: string;
  /** The frame. */
  readonly frame: Frame;
}

/** A frame was dropped, with the reason. */
export interface FrameDropEvent extends TraceBase {
  /** `'frame:drop'` */
  readonly kind: 'frame:drop';
  /** Device name where the drop happened. */
  readonly dev: string;
  /** The frame (or, for packets dropped before framing, a frame-less drop has `frame: null`). */
  readonly frame: Frame | null;
  /** Why. */
  readonly reason: DropReason;
  /** Extra words, e.g. the egress port of an MTU drop. */
  readonly detail?: string;
}

/** A bridge FDB change. */
export interface FdbEvent extends TraceBase {
  /** `'fdb:learn'` (new entry), `'fdb:move'` (to another port), `'fdb:age'` (expired), `'fdb:flush'` (removed by a flush). */
  readonly kind: 'fdb:learn' | 'fdb:move' | 'fdb:age' | 'fdb:flush';
  /** Bridge name. */
  readonly bridge: string;
  /** The MAC, canonical form. */
  readonly mac: string;
  /** VLAN id (0 without VLAN filtering). */
  readonly vlan: number;
  /** The port the entry points to (after the change), by device name. */
  readonly port: string | null;
  /** For moves: the port it left. */
  readonly fromPort?: string;
  /** For flushes: why (e.g. `'port disabled'`). */
  readonly reason?: string;
}

/** A neighbour (ARP) entry changed state. */
export interface NeighStateEvent extends TraceBase {
  /** `'neigh:state'` */
  readonly kind: 'neigh:state';
  /** Device name. */
  readonly dev: string;
  /** The neighbour's IPv4 address. */
  readonly ip: string;
  /** State before (`'NONE'` for a new entry). */
  readonly from: string;
  /** State after (`'NONE'` when the entry was deleted). */
  readonly to: string;
  /** The link-layer address after the change, if known. */
  readonly lladdr: string | null;
  /** Why, in words (`'ARP reply'`, `'reachable time expired'`, `'probe timeout'`…). */
  readonly why: string;
}

/** A device's admin state, carrier or operstate changed. */
export interface LinkStateEvent extends TraceBase {
  /** `'link:state'` */
  readonly kind: 'link:state';
  /** Device name. */
  readonly dev: string;
  /** Administratively up. */
  readonly adminUp: boolean;
  /** Carrier (LOWER_UP). */
  readonly carrier: boolean;
  /** RFC 2863 operstate as `ip link` prints it. */
  readonly operstate: string;
}

/** A bridge port changed state (disabled, blocking, listening, learning, forwarding). */
export interface PortStateEvent extends TraceBase {
  /** `'port:state'` */
  readonly kind: 'port:state';
  /** Bridge name. */
  readonly bridge: string;
  /** Port device name. */
  readonly port: string;
  /** State before. */
  readonly from: string;
  /** State after. */
  readonly to: string;
}

/** Every trace event. */
export type TraceEvent = FrameTxEvent | FrameRxEvent | FrameDropEvent | FdbEvent | NeighStateEvent | LinkStateEvent | PortStateEvent;

/** The kinds of trace events. */
export type TraceKind = TraceEvent['kind'];

/** All trace kinds, in a stable order. */
export const TRACE_KINDS: readonly TraceKind[] = [
  'frame:tx',
  'frame:rx',
  'frame:drop',
  'fdb:learn',
  'fdb:move',
  'fdb:age',
  'fdb:flush',
  'neigh:state',
  'link:state',
  'port:state',
];
