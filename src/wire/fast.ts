/**
 * Allocation-free readers and single-allocation writers for the simulator's hot path
 * (ping → veth → bridge → host → echo reply). They touch byte offsets, so they live in wire; the
 * public codecs (`Ipv4Packet`, `IcmpMessage`) stay the friendly, validating API.
 * @internal
 */
import { allocBytes, internetChecksum, writeMac, writeU16, writeU32 } from './bytes.js';
import { EtherType, Frame } from './frame.js';

/** Header fields of an IPv4 packet (and its ICMP header) inside a frame, read in place. @internal */
export class Ipv4View {
  /** Offset of the IPv4 header in the frame's bytes. */
  ipOffset = 0;
  headerLength = 0;
  tos = 0;
  totalLength = 0;
  identification = 0;
  dontFragment = false;
  moreFragments = false;
  fragmentOffset = 0;
  ttl = 0;
  protocol = 0;
  checksumOk = false;
  src = 0;
  dst = 0;
  /** Offset of the IPv4 payload in the frame's bytes. */
  payloadOffset = 0;
  payloadLength = 0;
  icmpType = -1;
  icmpCode = 0;
  icmpRest = 0;
  icmpChecksumOk = false;
  /** Why the last read failed (empty when it succeeded). */
  error = '';
}

/**
 * Read the IPv4 header of an IPv4 frame into `v` without allocating. Returns false (with
 * `v.error`) when the bytes are not a well-formed IPv4 header; a bad checksum is reported in
 * `v.checksumOk`, not as a failure.
 * @internal
 */
export function readIpv4(frame: Frame, v: Ipv4View): boolean {
  const b = frame.bytes;
  const o = frame.payloadOffset;
  const avail = b.length - o;
  v.error = '';
  v.icmpType = -1;
  if (avail < 20) return fail(v, `IPv4 packet of ${avail} bytes is shorter than 20 bytes`);
  const vihl = b[o]!;
  if (vihl >>> 4 !== 4) return fail(v, `IP version ${vihl >>> 4} is not 4`);
  const hl = (vihl & 0xf) * 4;
  if (hl < 20 || hl > avail) return fail(v, `bad IPv4 header length ${hl}`);
  const total = (b[o + 2]! << 8) | b[o + 3]!;
  if (total < hl || total > avail) return fail(v, `bad IPv4 total length ${total}`);
  const ff = (b[o + 6]! << 8) | b[o + 7]!;
  v.ipOffset = o;
  v.headerLength = hl;
  v.tos = b[o + 1]!;
  v.totalLength = total;
  v.identification = (b[o + 4]! << 8) | b[o + 5]!;
  v.dontFragment = (ff & 0x4000) !== 0;
  v.moreFragments = (ff & 0x2000) !== 0;
  v.fragmentOffset = ff & 0x1fff;
  v.ttl = b[o + 8]!;
  v.protocol = b[o + 9]!;
  v.checksumOk = internetChecksum(b, o, hl) === 0;
  v.src = ((b[o + 12]! << 24) | (b[o + 13]! << 16) | (b[o + 14]! << 8) | b[o + 15]!) >>> 0;
  v.dst = ((b[o + 16]! << 24) | (b[o + 17]! << 16) | (b[o + 18]! << 8) | b[o + 19]!) >>> 0;
  v.payloadOffset = o + hl;
  v.payloadLength = total - hl;
  return true;
}

/** Read the ICMP header following a successful {@link readIpv4}. @internal */
export function readIcmp(frame: Frame, v: Ipv4View): boolean {
  const b = frame.bytes;
  const o = v.payloadOffset;
  const n = v.payloadLength;
  if (n < 8) return fail(v, `ICMP message of ${n} bytes is shorter than 8 bytes`);
  v.icmpType = b[o]!;
  v.icmpCode = b[o + 1]!;
  v.icmpRest = ((b[o + 4]! << 24) | (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!) >>> 0;
  v.icmpChecksumOk = internetChecksum(b, o, n) === 0;
  return true;
}

function fail(v: Ipv4View, msg: string): false {
  v.error = msg;
  return false;
}

function writeIpv4Header(b: Uint8Array, o: number, tos: number, total: number, id: number, df: boolean, ttl: number, proto: number, src: number, dst: number): void {
  b[o] = 0x45;
  b[o + 1] = tos;
  writeU16(b, o + 2, total);
  writeU16(b, o + 4, id);
  b[o + 6] = df ? 0x40 : 0;
  b[o + 7] = 0;
  b[o + 8] = ttl;
  b[o + 9] = proto;
  b[o + 10] = 0;
  b[o + 11] = 0;
  writeU32(b, o + 12, src);
  writeU32(b, o + 16, dst);
  writeU16(b, o + 10, internetChecksum(b, o, 20));
}

/**
 * An Ethernet/IPv4/ICMP frame in one allocation: 14 + 20 + 8 + `dataLength` bytes, both checksums
 * computed. `data[dataOffset, dataOffset + dataLength)` is copied after the ICMP header.
 * @internal
 */
export function encodeIcmpFrame(
  dstMac: number,
  srcMac: number,
  src: number,
  dst: number,
  ttl: number,
  tos: number,
  id: number,
  df: boolean,
  type: number,
  code: number,
  rest: number,
  data: Uint8Array,
  dataOffset: number,
  dataLength: number,
): Frame {
  const total = 28 + dataLength;
  const b = allocBytes(14 + total);
  writeMac(b, 0, dstMac);
  writeMac(b, 6, srcMac);
  b[12] = 0x08;
  b[13] = 0x00;
  writeIpv4Header(b, 14, tos, total, id, df, ttl, 1, src, dst);
  b[34] = type;
  b[35] = code;
  writeU32(b, 38, rest);
  if (dataLength > 0) b.set(dataOffset === 0 && dataLength === data.length ? data : data.subarray(dataOffset, dataOffset + dataLength), 42);
  writeU16(b, 36, internetChecksum(b, 34, 8 + dataLength));
  return Frame.fromEncoded(b, dstMac, srcMac, EtherType.IPv4);
}

/**
 * A forwarded copy of the IPv4 packet in `frame` (read into `v`): new MACs, TTL − 1, header
 * checksum recomputed, everything else as received.
 * @internal
 */
export function forwardIpv4(frame: Frame, v: Ipv4View, dstMac: number, srcMac: number): Frame {
  const len = v.totalLength;
  const b = allocBytes(14 + len);
  writeMac(b, 0, dstMac);
  writeMac(b, 6, srcMac);
  b[12] = 0x08;
  b[13] = 0x00;
  b.set(frame.bytes.subarray(v.ipOffset, v.ipOffset + len), 14);
  b[14 + 8] = v.ttl - 1;
  b[14 + 10] = 0;
  b[14 + 11] = 0;
  writeU16(b, 14 + 10, internetChecksum(b, 14, v.headerLength));
  return Frame.fromEncoded(b, dstMac, srcMac, EtherType.IPv4);
}

/** The same frame with another destination MAC (a queued packet, once its next hop resolved). @internal */
export function withDestination(frame: Frame, dstMac: number): Frame {
  const b = allocBytes(frame.bytes.length);
  b.set(frame.bytes);
  writeMac(b, 0, dstMac);
  return Frame.wrap(b)!;
}

/**
 * The identifier and sequence of the ICMP echo request quoted in an ICMP error (read into `v` by
 * {@link readIpv4} and {@link readIcmp}), as `(id << 16) | seq`, or -1 when the quote is not an
 * echo request.
 * @internal
 */
export function readQuotedEcho(frame: Frame, v: Ipv4View): number {
  const b = frame.bytes;
  const q = v.payloadOffset + 8;
  const end = v.payloadOffset + v.payloadLength;
  if (end - q < 28 || b[q + 9] !== 1) return -1;
  const ihl = (b[q]! & 0x0f) * 4;
  if (end - q < ihl + 8 || b[q + ihl] !== 8) return -1;
  return ((b[q + ihl + 4]! << 24) | (b[q + ihl + 5]! << 16) | (b[q + ihl + 6]! << 8) | b[q + ihl + 7]!) >>> 0;
}

/** The IPv4 source address of an untagged IPv4 frame (no checks). @internal */
export function ipv4Source(frame: Frame): number {
  const b = frame.bytes;
  const o = frame.payloadOffset + 12;
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** The IPv4 destination address of an untagged IPv4 frame (no checks). @internal */
export function ipv4Destination(frame: Frame): number {
  const b = frame.bytes;
  const o = frame.payloadOffset + 16;
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}
