import type { NetDevice } from '../link/index.js';
import type { NeighParams } from '../neigh/index.js';
import type { Frame } from '../wire/index.js';
import type { DevConf } from './sysctl.js';

/** An IPv4 address on a device (`struct in_ifaddr`). @internal */
export interface IfAddr {
  readonly address: number;
  readonly prefixLength: number;
  readonly mask: number;
  readonly network: number;
  readonly broadcast: number;
  secondary: boolean;
  readonly scope: 'global' | 'host';
  readonly dev: NetDevice;
}

/** Per-device IPv4 state (`struct in_device`), kept on `NetDevice.inet`. @internal */
export interface InetDev {
  addrs: IfAddr[];
  /** Shared with the namespace's conf.default snapshot until written (copy-on-write). */
  conf: Readonly<DevConf>;
  /**
   * The `net.ipv4.conf.DEV.*` keys written for this device (the kernel's `cnf.state` bitmap):
   * a later write to `conf.default` reaches every other key. Null until the first write.
   */
  confOwn: Set<keyof DevConf> | null;
  /** Explicitly written neighbour parameters (others follow `net.ipv4.neigh.default`). */
  neigh: Partial<Record<keyof NeighParams, number>>;
  params: NeighParams | null;
}

/**
 * An IPv4 packet waiting in a namespace's neighbour table for its next hop to resolve: the frame
 * (already encoded, its destination MAC still zero), the device it leaves by, and (for forwarded
 * packets) the device it came in on, to which an ICMP error is addressed if resolution fails.
 */
export interface OutPacket {
  /** The frame, with a zero destination MAC until the next hop resolves. */
  readonly frame: Frame;
  /** The device it leaves by. */
  readonly dev: NetDevice;
  /** The device a forwarded packet came in on (for ICMP errors), or null for local packets. */
  readonly inDev: NetDevice | null;
}

/** @internal */
export function inetOf(dev: NetDevice): InetDev {
  return dev.inet as InetDev;
}

/** The `neigh` of a device that has no per-device neighbour sysctl written (shared). @internal */
export const NO_NEIGH_OVERRIDES: Readonly<Partial<Record<string, number>>> = Object.freeze({});
