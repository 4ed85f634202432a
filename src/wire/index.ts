/**
 * wire — bytes to immutable values and back: MacAddress, Ipv4Address, Ipv4Cidr, Frame, ARP,
 * IPv4 and ICMP.
 *
 * Pure: this layer must not import sim or anything above it (only errors). It is the only layer
 * that touches byte offsets. Every decoder returns `{ ok, value } | { ok, error }` and never
 * throws, whatever the bytes.
 *
 * @packageDocumentation
 */
export { MacAddress } from './mac.js';
export type { RandomSource } from './mac.js';
export { Ipv4Address, Ipv4Cidr } from './ipv4-address.js';
export { Frame, EtherType, ETH_HLEN, ETH_P_802_3_MIN } from './frame.js';
export type { Encodable, FrameHeader, VlanInit, VlanTag } from './frame.js';
export { ArpPacket, ArpOp, ARP_LEN } from './arp.js';
export type { ArpFields } from './arp.js';
export { Ipv4Packet, IpProtocol } from './ipv4.js';
export type { Ipv4Init } from './ipv4.js';
export { IcmpMessage, IcmpType, IcmpUnreachableCode } from './icmp.js';
export type { DecodeError, DecodeFailure, DecodeLayer, DecodeResult, DecodeSuccess } from './result.js';
export { L2SimError } from '../errors/index.js';
export type { ErrorCode } from '../errors/index.js';
/** @internal Hot-path helpers for the other layers (not part of the documented API). */
export { encodeIcmpFrame, forwardIpv4, Ipv4View, ipv4Destination, ipv4Source, readIcmp, readIpv4, readQuotedEcho, withDestination } from './fast.js';
