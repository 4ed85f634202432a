/**
 * l2sim — a faithful, deterministic simulator of Linux L2 networking.
 *
 * This is the curated public surface. Subpath entries: `l2sim/wire` (values and codecs only) and
 * `l2sim/sim` (the event loop and seeded random streams only).
 *
 * @packageDocumentation
 */
export { L2SimError, invalidArgument } from './errors/index.js';
export type { ErrorCode } from './errors/index.js';
export { EventLoop, Rng, parseDuration, formatTime, MICROSECOND, MILLISECOND, SECOND } from './sim/index.js';
export type { Duration, EventCallback, EventHandle, Nanoseconds, RunOptions, RunResult, Seed } from './sim/index.js';
export {
  MacAddress,
  Ipv4Address,
  Ipv4Cidr,
  Frame,
  EtherType,
  ETH_HLEN,
  ETH_P_802_3_MIN,
  ArpPacket,
  ArpOp,
  ARP_LEN,
  Ipv4Packet,
  IpProtocol,
  IcmpMessage,
  IcmpType,
  IcmpUnreachableCode,
} from './wire/index.js';
export type {
  ArpFields,
  DecodeError,
  DecodeFailure,
  DecodeLayer,
  DecodeResult,
  DecodeSuccess,
  Encodable,
  FrameHeader,
  Ipv4Init,
  RandomSource,
  VlanInit,
  VlanTag,
} from './wire/index.js';
