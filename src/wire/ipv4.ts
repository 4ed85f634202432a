import { L2SimError } from '../errors/index.js';
import { allocBytes, checkRoom, internetChecksum, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import type { Encodable } from './frame.js';
import { Ipv4Address } from './ipv4-address.js';
import { type DecodeResult, fail, ok } from './result.js';

/** IP protocol numbers used here. */
export const IpProtocol = {
  /** 1 */
  ICMP: 1,
  /** 6 */
  TCP: 6,
  /** 17 */
  UDP: 17,
} as const;

/** What {@link Ipv4Packet.create} takes. The checksum is always computed. */
export interface Ipv4Init {
  /** Source address. */
  readonly src: Ipv4Address | string;
  /** Destination address. */
  readonly dst: Ipv4Address | string;
  /** Protocol number (1 = ICMP). */
  readonly protocol: number;
  /** Time to live, default 64 (Linux `ip_default_ttl`). */
  readonly ttl?: number;
  /** Type of service byte (DSCP and ECN), default 0. */
  readonly tos?: number;
  /** Identification, default 0. */
  readonly identification?: number;
  /** Don't Fragment flag, default false. */
  readonly dontFragment?: boolean;
  /** More Fragments flag, default false. */
  readonly moreFragments?: boolean;
  /** Fragment offset in 8-byte units, default 0. */
  readonly fragmentOffset?: number;
  /** Options, a multiple of 4 bytes up to 40. */
  readonly options?: Uint8Array;
  /** The payload: bytes or an encodable message (an `IcmpMessage`). */
  readonly payload: Uint8Array | Encodable;
}

function checkInt(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new L2SimError('invalid-argument', `invalid IPv4 ${name} ${String(v)}: expected 0..${max}`, { [name]: v });
  }
}

/**
 * An IPv4 packet: header fields and payload.
 *
 * Decoding keeps every header field, including the checksum as received and whether it was
 * correct (`checksumOk`): a bad checksum is a fact about the bytes, not a decode failure; the stack
 * drops such packets. Encoding always writes a correct checksum.
 *
 * @example
 * ```ts
 * const p = Ipv4Packet.create({ src: '10.0.0.1', dst: '10.0.0.2', protocol: IpProtocol.ICMP,
 *   payload: IcmpMessage.echoRequest(1, 1, new Uint8Array(56)) });
 * p.totalLength; // 84
 * ```
 */
export class Ipv4Packet implements Encodable {
  /** Header length in bytes (20 + options). */
  readonly headerLength: number;
  /** Type of service byte. */
  readonly tos: number;
  /** Total length field (header + payload). */
  readonly totalLength: number;
  /** Identification. */
  readonly identification: number;
  /** DF flag. */
  readonly dontFragment: boolean;
  /** MF flag. */
  readonly moreFragments: boolean;
  /** Fragment offset in 8-byte units. */
  readonly fragmentOffset: number;
  /** Time to live. */
  readonly ttl: number;
  /** Protocol number. */
  readonly protocol: number;
  /** Header checksum as carried in the bytes. */
  readonly checksum: number;
  /** Whether the header checksum verifies. */
  readonly checksumOk: boolean;
  /** Source address as a 32-bit number. */
  readonly srcValue: number;
  /** Destination address as a 32-bit number. */
  readonly dstValue: number;
  /** Options bytes (empty when the header is 20 bytes). */
  readonly options: Uint8Array;
  /** Payload bytes (exactly `totalLength - headerLength`). */
  readonly payload: Uint8Array;

  private constructor(
    headerLength: number,
    tos: number,
    totalLength: number,
    identification: number,
    df: boolean,
    mf: boolean,
    fragmentOffset: number,
    ttl: number,
    protocol: number,
    checksum: number,
    checksumOk: boolean,
    src: number,
    dst: number,
    options: Uint8Array,
    payload: Uint8Array,
  ) {
    this.headerLength = headerLength;
    this.tos = tos;
    this.totalLength = totalLength;
    this.identification = identification;
    this.dontFragment = df;
    this.moreFragments = mf;
    this.fragmentOffset = fragmentOffset;
    this.ttl = ttl;
    this.protocol = protocol;
    this.checksum = checksum;
    this.checksumOk = checksumOk;
    this.srcValue = src;
    this.dstValue = dst;
    this.options = options;
    this.payload = payload;
  }

  /**
   * Make a packet. An encodable payload is encoded now.
   *
   * @param init - header fields and payload
   * @returns the packet, with a correct checksum
   * @throws L2SimError `invalid-argument` for malformed addresses, out-of-range fields, options
   *   that are not a multiple of 4 bytes up to 40, or a total length above 65535
   * @example
   * ```ts
   * Ipv4Packet.create({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 1, ttl: 64, payload: new Uint8Array(8) });
   * ```
   */
  static create(init: Ipv4Init): Ipv4Packet {
    const src = Ipv4Address.from(init.src).value;
    const dst = Ipv4Address.from(init.dst).value;
    const ttl = init.ttl ?? 64;
    const tos = init.tos ?? 0;
    const id = init.identification ?? 0;
    const fo = init.fragmentOffset ?? 0;
    checkInt('protocol', init.protocol, 255);
    checkInt('ttl', ttl, 255);
    checkInt('tos', tos, 255);
    checkInt('identification', id, 0xffff);
    checkInt('fragmentOffset', fo, 0x1fff);
    const options = init.options ?? new Uint8Array(0);
    if (!(options instanceof Uint8Array) || options.length % 4 !== 0 || options.length > 40) {
      throw new L2SimError('invalid-argument', 'invalid IPv4 options: expected a multiple of 4 bytes, at most 40', {});
    }
    let payload: Uint8Array;
    if (init.payload instanceof Uint8Array) payload = init.payload;
    else {
      payload = allocBytes(init.payload.byteLength);
      init.payload.writeTo(payload, 0);
    }
    const hl = 20 + options.length;
    const total = hl + payload.length;
    if (total > 0xffff) {
      throw new L2SimError('invalid-argument', `invalid IPv4 packet: total length ${total} exceeds 65535`, { totalLength: total });
    }
    const p = new Ipv4Packet(hl, tos, total, id, init.dontFragment ?? false, init.moreFragments ?? false, fo, ttl, init.protocol, 0, true, src, dst, options, payload);
    const hdr = new Uint8Array(hl);
    p.writeHeader(hdr, 0, 0);
    (p as { checksum: number }).checksum = internetChecksum(hdr, 0, hl);
    return p;
  }

  /**
   * Decode an IPv4 packet. Bytes after `totalLength` (Ethernet padding) are ignored. Never throws.
   *
   * @param bytes - the packet (a frame's payload)
   * @returns the packet, or an error with layer `ipv4` (`truncated`, `bad-version`,
   *   `bad-header-length`, `bad-total-length`)
   * @example
   * ```ts
   * const r = Ipv4Packet.decode(frame.payload);
   * if (r.ok) console.log(String(r.value.src), '>', String(r.value.dst));
   * ```
   */
  static decode(bytes: Uint8Array): DecodeResult<Ipv4Packet> {
    if (!(bytes instanceof Uint8Array)) return fail('ipv4', 'not-bytes', 0, 'expected a Uint8Array');
    if (bytes.length < 20) return fail('ipv4', 'truncated', 0, `IPv4 packet of ${bytes.length} bytes is shorter than 20 bytes`);
    const vihl = bytes[0]!;
    if (vihl >>> 4 !== 4) return fail('ipv4', 'bad-version', 0, `IP version ${vihl >>> 4} is not 4`);
    const hl = (vihl & 0xf) * 4;
    if (hl < 20) return fail('ipv4', 'bad-header-length', 0, `IHL ${vihl & 0xf} is below 5`);
    if (bytes.length < hl) return fail('ipv4', 'truncated', bytes.length, `IPv4 header of ${hl} bytes is cut at ${bytes.length}`);
    const total = readU16(bytes, 2);
    if (total < hl) return fail('ipv4', 'bad-total-length', 2, `total length ${total} is below the header length ${hl}`);
    if (total > bytes.length) return fail('ipv4', 'truncated', bytes.length, `total length ${total} exceeds the ${bytes.length} bytes present`);
    const flagsFrag = readU16(bytes, 6);
    const sum = internetChecksum(bytes, 0, hl);
    return ok(
      new Ipv4Packet(
        hl,
        bytes[1]!,
        total,
        readU16(bytes, 4),
        (flagsFrag & 0x4000) !== 0,
        (flagsFrag & 0x2000) !== 0,
        flagsFrag & 0x1fff,
        bytes[8]!,
        bytes[9]!,
        readU16(bytes, 10),
        sum === 0,
        readU32(bytes, 12),
        readU32(bytes, 16),
        bytes.subarray(20, hl),
        bytes.subarray(hl, total),
      ),
    );
  }

  /** Source address. */
  get src(): Ipv4Address {
    return Ipv4Address.fromNumber(this.srcValue);
  }
  /** Destination address. */
  get dst(): Ipv4Address {
    return Ipv4Address.fromNumber(this.dstValue);
  }
  /** Encoded size: `totalLength`. */
  get byteLength(): number {
    return this.totalLength;
  }

  private writeHeader(b: Uint8Array, o: number, checksum: number): void {
    b[o] = 0x40 | (this.headerLength >>> 2);
    b[o + 1] = this.tos;
    writeU16(b, o + 2, this.totalLength);
    writeU16(b, o + 4, this.identification);
    writeU16(b, o + 6, (this.dontFragment ? 0x4000 : 0) | (this.moreFragments ? 0x2000 : 0) | this.fragmentOffset);
    b[o + 8] = this.ttl;
    b[o + 9] = this.protocol;
    writeU16(b, o + 10, checksum);
    writeU32(b, o + 12, this.srcValue);
    writeU32(b, o + 16, this.dstValue);
    if (this.options.length > 0) b.set(this.options, o + 20);
  }

  /**
   * Write header and payload at `offset`, with a correct checksum.
   *
   * @param buf - destination, with room for `byteLength` bytes at `offset`
   * @param offset - where to start
   * @throws L2SimError `invalid-argument` when `buf` has no room for it at `offset` (nothing is written)
   * @example
   * ```ts
   * const buf = new Uint8Array(ETH_HLEN + packet.totalLength);
   * packet.writeTo(buf, ETH_HLEN); // after an Ethernet header
   * ```
   */
  writeTo(buf: Uint8Array, offset: number): void {
    checkRoom(buf, offset, this.byteLength, 'an IPv4 packet');
    this.writeHeader(buf, offset, 0);
    writeU16(buf, offset + 10, internetChecksum(buf, offset, this.headerLength));
    buf.set(this.payload, offset + this.headerLength);
  }

  /**
   * A copy with a new TTL (and a recomputed checksum), as a router makes when forwarding.
   *
   * @param ttl - the new TTL, 0..255
   * @returns the new packet
   * @throws L2SimError `invalid-argument` when out of range
   * @example
   * ```ts
   * const fwd = packet.withTtl(packet.ttl - 1);
   * ```
   */
  withTtl(ttl: number): Ipv4Packet {
    checkInt('ttl', ttl, 255);
    const p = new Ipv4Packet(this.headerLength, this.tos, this.totalLength, this.identification, this.dontFragment, this.moreFragments, this.fragmentOffset, ttl, this.protocol, 0, true, this.srcValue, this.dstValue, this.options, this.payload);
    const hdr = new Uint8Array(this.headerLength);
    p.writeHeader(hdr, 0, 0);
    (p as { checksum: number }).checksum = internetChecksum(hdr, 0, this.headerLength);
    return p;
  }

  /**
   * The encoded bytes.
   *
   * @returns a new array of `totalLength` bytes
   * @example
   * ```ts
   * packet.toBytes().length === packet.totalLength; // true
   * ```
   */
  toBytes(): Uint8Array {
    const b = new Uint8Array(this.totalLength);
    this.writeTo(b, 0);
    return b;
  }
}
