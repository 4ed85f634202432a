import { L2SimError } from '../errors/index.js';
import { checkRoom, readMac, readU16, readU32, writeMac, writeU16, writeU32 } from './bytes.js';
import type { Encodable } from './frame.js';
import { Ipv4Address } from './ipv4-address.js';
import { MacAddress } from './mac.js';
import { type DecodeResult, fail, ok } from './result.js';

/** ARP operation codes. */
export const ArpOp = {
  /** 1 */
  REQUEST: 1,
  /** 2 */
  REPLY: 2,
} as const;

/** The fields of an Ethernet/IPv4 ARP packet (RFC 826). */
export interface ArpFields {
  /** Operation: 1 request, 2 reply (others decode but Linux ignores them). */
  readonly op: number;
  /** Sender hardware address. */
  readonly sha: MacAddress | string;
  /** Sender protocol address. */
  readonly spa: Ipv4Address | string;
  /** Target hardware address (00:00:00:00:00:00 in requests). */
  readonly tha: MacAddress | string;
  /** Target protocol address. */
  readonly tpa: Ipv4Address | string;
  /** Hardware type, 1 (Ethernet) by default. */
  readonly htype?: number;
  /** Protocol type, 0x0800 by default. */
  readonly ptype?: number;
}

function checkU16(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
    throw new L2SimError('invalid-argument', `invalid ARP ${name} ${String(v)}: expected 0..0xffff`, { [name]: v });
  }
}

/** Size of an Ethernet/IPv4 ARP packet. */
export const ARP_LEN = 28;

/**
 * An ARP packet for Ethernet and IPv4 (hlen 6, plen 4): 28 bytes, and 42 bytes in a frame.
 *
 * @example
 * ```ts
 * const req = ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' });
 * req.op;             // 1
 * String(req.tha);    // '00:00:00:00:00:00'
 * ```
 */
export class ArpPacket implements Encodable {
  /** Hardware type (1 = Ethernet). */
  readonly htype: number;
  /** Protocol type (0x0800 = IPv4). */
  readonly ptype: number;
  /** Operation. */
  readonly op: number;
  /** Sender hardware address as a 48-bit number. */
  readonly shaValue: number;
  /** Sender protocol address as a 32-bit number. */
  readonly spaValue: number;
  /** Target hardware address as a 48-bit number. */
  readonly thaValue: number;
  /** Target protocol address as a 32-bit number. */
  readonly tpaValue: number;

  private constructor(htype: number, ptype: number, op: number, sha: number, spa: number, tha: number, tpa: number) {
    this.htype = htype;
    this.ptype = ptype;
    this.op = op;
    this.shaValue = sha;
    this.spaValue = spa;
    this.thaValue = tha;
    this.tpaValue = tpa;
  }

  /** Sender hardware address. */
  get sha(): MacAddress {
    return MacAddress.fromNumber(this.shaValue);
  }
  /** Sender protocol address. */
  get spa(): Ipv4Address {
    return Ipv4Address.fromNumber(this.spaValue);
  }
  /** Target hardware address. */
  get tha(): MacAddress {
    return MacAddress.fromNumber(this.thaValue);
  }
  /** Target protocol address. */
  get tpa(): Ipv4Address {
    return Ipv4Address.fromNumber(this.tpaValue);
  }

  /**
   * Make an ARP packet from its fields.
   *
   * @param f - the fields; MACs and addresses may be text
   * @returns the packet
   * @throws L2SimError `invalid-argument` for malformed addresses or op/htype/ptype outside 0..0xffff
   * @example
   * ```ts
   * ArpPacket.create({ op: 2, sha: '02:00:00:00:00:02', spa: '10.0.0.2', tha: '02:00:00:00:00:01', tpa: '10.0.0.1' });
   * ```
   */
  static create(f: ArpFields): ArpPacket {
    const htype = f.htype ?? 1;
    const ptype = f.ptype ?? 0x0800;
    checkU16('op', f.op);
    checkU16('htype', htype);
    checkU16('ptype', ptype);
    return new ArpPacket(htype, ptype, f.op, MacAddress.from(f.sha).value, Ipv4Address.from(f.spa).value, MacAddress.from(f.tha).value, Ipv4Address.from(f.tpa).value);
  }

  /**
   * A request (op 1) with a zero target MAC.
   *
   * @param f - sender MAC and IP, target IP
   * @returns the packet
   * @throws L2SimError `invalid-argument` for malformed addresses
   * @example
   * ```ts
   * ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' });
   * ```
   */
  static request(f: { sha: MacAddress | string; spa: Ipv4Address | string; tpa: Ipv4Address | string }): ArpPacket {
    return ArpPacket.create({ op: ArpOp.REQUEST, sha: f.sha, spa: f.spa, tha: MacAddress.ZERO, tpa: f.tpa });
  }

  /**
   * A reply (op 2).
   *
   * @param f - sender and target MAC and IP
   * @returns the packet
   * @throws L2SimError `invalid-argument` for malformed addresses
   * @example
   * ```ts
   * ArpPacket.reply({ sha: '02:00:00:00:00:02', spa: '10.0.0.2', tha: '02:00:00:00:00:01', tpa: '10.0.0.1' });
   * ```
   */
  static reply(f: { sha: MacAddress | string; spa: Ipv4Address | string; tha: MacAddress | string; tpa: Ipv4Address | string }): ArpPacket {
    return ArpPacket.create({ op: ArpOp.REPLY, ...f });
  }

  /** Make from already-valid numbers. @internal */
  static fromValues(op: number, sha: number, spa: number, tha: number, tpa: number): ArpPacket {
    return new ArpPacket(1, 0x0800, op, sha, spa, tha, tpa);
  }

  /**
   * Decode an ARP packet. Only hlen 6 / plen 4 (Ethernet/IPv4) is supported; trailing bytes
   * (padding) are ignored. Never throws.
   *
   * @param bytes - the ARP packet (a frame's payload)
   * @returns the packet, or an error with layer `arp`
   * @example
   * ```ts
   * const r = ArpPacket.decode(frame.payload);
   * if (r.ok && r.value.op === ArpOp.REQUEST) console.log('who-has', String(r.value.tpa));
   * ```
   */
  static decode(bytes: Uint8Array): DecodeResult<ArpPacket> {
    if (!(bytes instanceof Uint8Array)) return fail('arp', 'not-bytes', 0, 'expected a Uint8Array');
    if (bytes.length < 8) return fail('arp', 'truncated', 0, `ARP packet of ${bytes.length} bytes is shorter than its 8-byte fixed header`);
    const hlen = bytes[4]!;
    const plen = bytes[5]!;
    if (hlen !== 6 || plen !== 4) {
      return fail('arp', 'unsupported', 4, `ARP with hlen ${hlen} and plen ${plen} is not Ethernet/IPv4 (6/4)`);
    }
    if (bytes.length < ARP_LEN) return fail('arp', 'truncated', bytes.length, `ARP packet of ${bytes.length} bytes is shorter than 28 bytes`);
    return ok(
      new ArpPacket(
        readU16(bytes, 0),
        readU16(bytes, 2),
        readU16(bytes, 6),
        readMac(bytes, 8),
        readU32(bytes, 14),
        readMac(bytes, 18),
        readU32(bytes, 24),
      ),
    );
  }

  /** Always 28. */
  get byteLength(): number {
    return ARP_LEN;
  }

  /**
   * Write the 28-byte encoding at `offset`.
   *
   * @param buf - destination, with room for 28 bytes at `offset`
   * @param offset - where to start
   * @throws L2SimError `invalid-argument` when `buf` has no room for it at `offset` (nothing is written)
   * @example
   * ```ts
   * const buf = new Uint8Array(14 + ARP_LEN);
   * ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' }).writeTo(buf, 14); // after an Ethernet header
   * buf[14 + 7]; // 1: the op, request
   * ```
   */
  writeTo(buf: Uint8Array, offset: number): void {
    checkRoom(buf, offset, ARP_LEN, 'an ARP packet');
    writeU16(buf, offset, this.htype);
    writeU16(buf, offset + 2, this.ptype);
    buf[offset + 4] = 6;
    buf[offset + 5] = 4;
    writeU16(buf, offset + 6, this.op);
    writeMac(buf, offset + 8, this.shaValue);
    writeU32(buf, offset + 14, this.spaValue);
    writeMac(buf, offset + 18, this.thaValue);
    writeU32(buf, offset + 24, this.tpaValue);
  }

  /**
   * The 28 bytes.
   *
   * @returns a new array
   * @example
   * ```ts
   * ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' }).toBytes().length; // 28
   * ```
   */
  toBytes(): Uint8Array {
    const b = new Uint8Array(ARP_LEN);
    this.writeTo(b, 0);
    return b;
  }

  /**
   * tcpdump's wording: `Request who-has 10.0.0.2 tell 10.0.0.1` or `Reply 10.0.0.2 is-at 02:…`.
   *
   * @returns the summary
   * @example
   * ```ts
   * String(ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' }));
   * ```
   */
  toString(): string {
    if (this.op === ArpOp.REQUEST) return `Request who-has ${String(this.tpa)} tell ${String(this.spa)}`;
    if (this.op === ArpOp.REPLY) return `Reply ${String(this.spa)} is-at ${String(this.sha)}`;
    return `op ${this.op}`;
  }
}
