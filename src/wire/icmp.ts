import { L2SimError } from '../errors/index.js';
import { checkRoom, internetChecksum, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import type { Encodable } from './frame.js';
import { type DecodeResult, fail, ok } from './result.js';

/** ICMP types used here. */
export const IcmpType = {
  /** 0 */
  ECHO_REPLY: 0,
  /** 3 */
  DEST_UNREACHABLE: 3,
  /** 8 */
  ECHO_REQUEST: 8,
  /** 11 */
  TIME_EXCEEDED: 11,
} as const;

/** Destination-unreachable codes. */
export const IcmpUnreachableCode = {
  /** 0 */
  NET: 0,
  /** 1: the code Linux sends when ARP resolution fails */
  HOST: 1,
  /** 2 */
  PROTOCOL: 2,
  /** 3 */
  PORT: 3,
  /** 4 */
  FRAG_NEEDED: 4,
} as const;

/**
 * An ICMP message: type, code, the 4-byte rest-of-header, and data.
 *
 * For echo request/reply the rest-of-header holds the identifier and sequence number
 * (`identifier`, `sequence`); for destination unreachable the data quotes the original IP header
 * and the start of its payload.
 *
 * @example
 * ```ts
 * const m = IcmpMessage.echoRequest(0x1234, 1, new Uint8Array(56));
 * m.byteLength; // 64
 * ```
 */
export class IcmpMessage implements Encodable {
  /** Type. */
  readonly type: number;
  /** Code. */
  readonly code: number;
  /** Checksum as carried (computed when created). */
  readonly checksum: number;
  /** Whether the checksum verifies over the whole message. */
  readonly checksumOk: boolean;
  /** The 32-bit rest-of-header word. */
  readonly rest: number;
  /** The data after the 8-byte header. */
  readonly data: Uint8Array;

  private constructor(type: number, code: number, checksum: number, checksumOk: boolean, rest: number, data: Uint8Array) {
    this.type = type;
    this.code = code;
    this.checksum = checksum;
    this.checksumOk = checksumOk;
    this.rest = rest;
    this.data = data;
  }

  /**
   * Make a message with a correct checksum.
   *
   * @param f - type, code, rest-of-header word (default 0) and data
   * @returns the message
   * @throws L2SimError `invalid-argument` for fields out of range
   * @example
   * ```ts
   * IcmpMessage.create({ type: 3, code: 1, data: originalHeaderAnd8Bytes });
   * ```
   */
  static create(f: { type: number; code: number; rest?: number; data?: Uint8Array }): IcmpMessage {
    const rest = f.rest ?? 0;
    if (!Number.isInteger(f.type) || f.type < 0 || f.type > 255 || !Number.isInteger(f.code) || f.code < 0 || f.code > 255) {
      throw new L2SimError('invalid-argument', `invalid ICMP type/code ${String(f.type)}/${String(f.code)}: expected 0..255`, {});
    }
    if (!Number.isInteger(rest) || rest < 0 || rest > 0xffff_ffff) {
      throw new L2SimError('invalid-argument', `invalid ICMP rest-of-header ${String(rest)}`, {});
    }
    const data = f.data ?? new Uint8Array(0);
    if (!(data instanceof Uint8Array)) throw new L2SimError('invalid-argument', 'invalid ICMP data: expected a Uint8Array', {});
    return IcmpMessage.make(f.type, f.code, rest, data);
  }

  /** Make from valid values, computing the checksum. @internal */
  static make(type: number, code: number, rest: number, data: Uint8Array): IcmpMessage {
    const m = new IcmpMessage(type, code, 0, true, rest, data);
    // Checksum over header (with zero checksum) and data, computed without an extra buffer.
    let sum = (type << 8) + code + (rest >>> 16) + (rest & 0xffff);
    const n = data.length;
    const even = n & ~1;
    for (let i = 0; i < even; i += 2) sum += (data[i]! << 8) | data[i + 1]!;
    if (n & 1) sum += data[n - 1]! << 8;
    while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
    (m as { checksum: number }).checksum = ~sum & 0xffff;
    return m;
  }

  /**
   * An echo request (type 8).
   *
   * @param identifier - 0..0xffff
   * @param sequence - 0..0xffff
   * @param data - the payload (iputils ping sends 56 bytes by default)
   * @returns the message
   * @throws L2SimError `invalid-argument` when identifier or sequence is out of range
   * @example
   * ```ts
   * IcmpMessage.echoRequest(7, 1, new Uint8Array(56));
   * ```
   */
  static echoRequest(identifier: number, sequence: number, data: Uint8Array): IcmpMessage {
    return IcmpMessage.create({ type: IcmpType.ECHO_REQUEST, code: 0, rest: echoRest(identifier, sequence), data });
  }

  /**
   * An echo reply (type 0).
   *
   * @param identifier - 0..0xffff
   * @param sequence - 0..0xffff
   * @param data - the payload, copied from the request
   * @returns the message
   * @throws L2SimError `invalid-argument` when identifier or sequence is out of range
   * @example
   * ```ts
   * IcmpMessage.echoReply(7, 1, request.data);
   * ```
   */
  static echoReply(identifier: number, sequence: number, data: Uint8Array): IcmpMessage {
    return IcmpMessage.create({ type: IcmpType.ECHO_REPLY, code: 0, rest: echoRest(identifier, sequence), data });
  }

  /**
   * Decode an ICMP message. Never throws.
   *
   * @param bytes - the message (an IPv4 payload)
   * @returns the message, or an error with layer `icmp` (`truncated`)
   * @example
   * ```ts
   * const r = IcmpMessage.decode(ip.payload);
   * if (r.ok && r.value.type === IcmpType.ECHO_REPLY) console.log(r.value.sequence);
   * ```
   */
  static decode(bytes: Uint8Array): DecodeResult<IcmpMessage> {
    if (!(bytes instanceof Uint8Array)) return fail('icmp', 'not-bytes', 0, 'expected a Uint8Array');
    if (bytes.length < 8) return fail('icmp', 'truncated', 0, `ICMP message of ${bytes.length} bytes is shorter than 8 bytes`);
    return ok(new IcmpMessage(bytes[0]!, bytes[1]!, readU16(bytes, 2), internetChecksum(bytes, 0, bytes.length) === 0, readU32(bytes, 4), bytes.subarray(8)));
  }

  /** Echo identifier (the high half of the rest-of-header word). */
  get identifier(): number {
    return this.rest >>> 16;
  }
  /** Echo sequence number (the low half of the rest-of-header word). */
  get sequence(): number {
    return this.rest & 0xffff;
  }
  /** Whether this is an echo request or reply. */
  get isEcho(): boolean {
    return this.type === IcmpType.ECHO_REQUEST || this.type === IcmpType.ECHO_REPLY;
  }
  /** Encoded size: 8 + data. */
  get byteLength(): number {
    return 8 + this.data.length;
  }

  /**
   * Write the message at `offset`.
   *
   * @param buf - destination, with room for `byteLength` bytes at `offset`
   * @param offset - where to start
   * @throws L2SimError `invalid-argument` when `buf` has no room for it at `offset` (nothing is written)
   * @example
   * ```ts
   * const m = IcmpMessage.echoRequest(7, 1, new Uint8Array(56));
   * const buf = new Uint8Array(20 + m.byteLength);
   * m.writeTo(buf, 20); // after a 20-byte IPv4 header
   * ```
   */
  writeTo(buf: Uint8Array, offset: number): void {
    checkRoom(buf, offset, 8 + this.data.length, 'an ICMP message');
    buf[offset] = this.type;
    buf[offset + 1] = this.code;
    writeU16(buf, offset + 2, this.checksum);
    writeU32(buf, offset + 4, this.rest);
    buf.set(this.data, offset + 8);
  }

  /**
   * The encoded bytes.
   *
   * @returns a new array
   * @example
   * ```ts
   * IcmpMessage.echoRequest(1, 1, new Uint8Array(0)).toBytes().length; // 8
   * ```
   */
  toBytes(): Uint8Array {
    const b = new Uint8Array(this.byteLength);
    this.writeTo(b, 0);
    return b;
  }
}

function echoRest(identifier: number, sequence: number): number {
  if (!Number.isInteger(identifier) || identifier < 0 || identifier > 0xffff || !Number.isInteger(sequence) || sequence < 0 || sequence > 0xffff) {
    throw new L2SimError('invalid-argument', `invalid ICMP echo identifier/sequence ${String(identifier)}/${String(sequence)}: expected 0..65535`, {});
  }
  return ((identifier << 16) | sequence) >>> 0;
}
