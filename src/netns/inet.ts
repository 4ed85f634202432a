import type { NetDevice } from '../link/index.js';
import type { NeighParams } from '../neigh/index.js';
import type { Ipv4Packet } from '../wire/index.js';
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
  conf: DevConf;
  /** Explicitly written neighbour parameters (others follow `net.ipv4.neigh.default`). */
  neigh: Partial<Record<keyof NeighParams, number>>;
  params: NeighParams | null;
}

/** A packet waiting in the neighbour table, and what to do if resolution fails. @internal */
export interface OutPacket {
  readonly packet: Ipv4Packet;
  readonly dev: NetDevice;
  /** The device a forwarded packet came in on (for ICMP errors), or null for local packets. */
  readonly inDev: NetDevice | null;
}

/** @internal */
export function inetOf(dev: NetDevice): InetDev {
  return dev.inet as InetDev;
}
