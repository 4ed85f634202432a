import { L2SimError } from '../errors/index.js';
import { allocBytes, readMac, readU16, toHex, writeMac, writeU16 } from './bytes.js';
import { MacAddress, macIsMulticast } from './mac.js';
import { type DecodeResult, fail, ok } from './result.js';

/** Well-known EtherTypes. */
export const EtherType = {
  /** 0x0800 */
  IPv4: 0x0800,
  /** 0x0806 */
  ARP: 0x0806,
  /** 0x8100, the 802.1Q tag protocol identifier */
  VLAN: 0x8100,
  /** 0x88a8, 802.1ad (QinQ) */
  QinQ: 0x88a8,
  /** 0x86dd */
  IPv6: 0x86dd,
} as const;

/** Ethernet header length without a tag. */
export const ETH_HLEN = 14;
/** Values of the type field below this are 802.3 lengths, not EtherTypes (`ETH_P_802_3_MIN`). */
export const ETH_P_802_3_MIN = 0x0600;

/** Something that knows its encoded size and can write itself into a buffer. */
export interface Encodable {
  /** Encoded size in bytes. */
  readonly byteLength: number;
  /**
   * Write the encoding at `offset`; exactly `byteLength` bytes.
   * @param buf - the destination
   * @param offset - where to start
   */
  writeTo(buf: Uint8Array, offset: number): void;
}

/** An 802.1Q tag. */
export interface VlanTag {
  /** Tag protocol identifier, 0x8100. */
  readonly tpid: number;
  /** Priority code point, 0..7. */
  readonly pcp: number;
  /** Drop eligible indicator, 0 or 1. */
  readonly dei: number;
  /** VLAN identifier, 0..4095 (0 = priority-tagged). */
  readonly vid: number;
}

/** An 802.1Q tag to add to a frame. */
export interface VlanInit {
  /** VLAN identifier, 0..4095. */
  readonly vid: number;
  /** Priority code point, 0..7 (default 0). */
  readonly pcp?: number;
  /** Drop eligible indicator, 0 or 1 (default 0). */
  readonly dei?: number;
}

/** What {@link Frame.build} needs for the Ethernet header. */
export interface FrameHeader {
  /** Destination MAC. */
  readonly dst: MacAddress | string;
  /** Source MAC. */
  readonly src: MacAddress | string;
  /** EtherType (≥ 0x0600) or an 802.3 length (≤ 1500). */
  readonly etherType: number;
  /** An optional 802.1Q tag (TPID 0x8100); `pcp` and `dei` default to 0. */
  readonly vlan?: VlanInit;
}

/**
 * An Ethernet frame as it crosses a veth or a bridge: destination, source, an optional 802.1Q tag,
 * the EtherType (or 802.3 length) and the payload, with no padding and no FCS (Linux software
 * devices never pad; see the reference, §1).
 *
 * A frame is immutable. Its bytes are the truth; the header fields are decoded once when the
 * frame is made and kept, so a bridge never re-parses a frame to forward it.
 *
 * @remarks `bytes` is a view that may share its `ArrayBuffer` with other frames (frames are
 * carved from shared slabs for speed). Never write to it; use {@link Frame.toBytes} for a copy.
 *
 * @example
 * ```ts
 * const f = Frame.build(
 *   { dst: MacAddress.BROADCAST, src: '02:00:00:00:00:01', etherType: EtherType.ARP },
 *   ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' }),
 * );
 * f.length;          // 42
 * String(f.dst);     // 'ff:ff:ff:ff:ff:ff'
 * ```
 */
export class Frame {
  /** The whole frame, from the destination MAC to the end of the payload. Do not mutate. */
  readonly bytes: Uint8Array;
  /** Destination MAC as a 48-bit number. */
  readonly dstValue: number;
  /** Source MAC as a 48-bit number. */
  readonly srcValue: number;
  /** The EtherType after any 802.1Q tag, or the 802.3 length when below 0x0600. */
  readonly etherType: number;
  /** The 802.1Q TCI when tagged, otherwise -1. */
  readonly vlanTci: number;
  /** Offset of the payload within `bytes` (14, or 18 when tagged). */
  readonly payloadOffset: number;

  private _dst: MacAddress | undefined;
  private _src: MacAddress | undefined;

  private constructor(bytes: Uint8Array, dst: number, src: number, etherType: number, tci: number, payloadOffset: number) {
    this.bytes = bytes;
    this.dstValue = dst;
    this.srcValue = src;
    this.etherType = etherType;
    this.vlanTci = tci;
    this.payloadOffset = payloadOffset;
  }

  /**
   * Decode a frame from bytes. The bytes are copied, so the caller may reuse its buffer.
   * Never throws: a frame shorter than its header is a structured error.
   *
   * @param bytes - the frame, from the destination MAC (no preamble, no FCS)
   * @returns the frame, or an error with layer `ethernet`
   * @example
   * ```ts
   * const r = Frame.decode(bytes);
   * if (r.ok) console.log(r.value.etherType.toString(16));
   * ```
   */
  static decode(bytes: Uint8Array): DecodeResult<Frame> {
    if (!(bytes instanceof Uint8Array)) return fail('ethernet', 'not-bytes', 0, 'expected a Uint8Array');
    if (bytes.length < ETH_HLEN) {
      return fail('ethernet', 'truncated', 0, `frame of ${bytes.length} bytes is shorter than the 14-byte Ethernet header`);
    }
    const b = allocBytes(bytes.length);
    b.set(bytes);
    const f = Frame.wrap(b);
    if (f === undefined) return fail('ethernet', 'truncated', 14, 'frame ends inside its 802.1Q tag');
    return ok(f);
  }

  /**
   * Wrap bytes already known to be a frame of at least 14 bytes, without copying.
   * Returns `undefined` when a tag is cut short. @internal
   */
  static wrap(b: Uint8Array): Frame | undefined {
    let type = readU16(b, 12);
    let tci = -1;
    let off = ETH_HLEN;
    if (type === EtherType.VLAN) {
      if (b.length < ETH_HLEN + 4) return undefined;
      tci = readU16(b, 14);
      type = readU16(b, 16);
      off = ETH_HLEN + 4;
    }
    return new Frame(b, readMac(b, 0), readMac(b, 6), type, tci, off);
  }

  /**
   * Build a frame by encoding a header and a payload into one new buffer.
   *
   * @param header - destination, source, EtherType and optional 802.1Q tag
   * @param payload - the payload bytes, or an encodable value (an `ArpPacket`, `Ipv4Packet`…)
   * @returns the frame
   * @throws L2SimError `invalid-argument` for a missing header or payload, malformed MACs, an EtherType outside 0..0xffff, or a VLAN id outside 0..4095
   * @example
   * ```ts
   * Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: 0x88b5 }, new Uint8Array(46));
   * ```
   */
  static build(header: FrameHeader, payload: Uint8Array | Encodable): Frame {
    if (header === null || typeof header !== 'object') throw new L2SimError('invalid-argument', 'invalid frame header: expected { dst, src, etherType, vlan? }', {});
    if (!(payload instanceof Uint8Array) && (payload === null || typeof payload !== 'object' || typeof payload.writeTo !== 'function' || !Number.isSafeInteger(payload.byteLength))) {
      throw new L2SimError('invalid-argument', 'invalid frame payload: expected a Uint8Array or an encodable value (ArpPacket, Ipv4Packet, …)', {});
    }
    const dst = MacAddress.from(header.dst).value;
    const src = MacAddress.from(header.src).value;
    const et = header.etherType;
    if (!Number.isInteger(et) || et < 0 || et > 0xffff) {
      throw new L2SimError('invalid-argument', `invalid EtherType ${String(et)}: expected 0..0xffff`, { etherType: et });
    }
    let tci = -1;
    if (header.vlan !== undefined) {
      const { vid, pcp = 0, dei = 0 } = header.vlan;
      if (!Number.isInteger(vid) || vid < 0 || vid > 4095) {
        throw new L2SimError('invalid-argument', `invalid VLAN id ${String(vid)}: expected 0..4095`, { vid });
      }
      if (!Number.isInteger(pcp) || pcp < 0 || pcp > 7 || (dei !== 0 && dei !== 1)) {
        throw new L2SimError('invalid-argument', 'invalid VLAN tag: pcp must be 0..7 and dei 0 or 1', { pcp, dei });
      }
      tci = (pcp << 13) | (dei << 12) | vid;
    }
    return Frame.encode(dst, src, et, tci, payload);
  }

  /** A frame over bytes just encoded with an untagged header (no copy, no parsing). @internal */
  static fromEncoded(b: Uint8Array, dst: number, src: number, etherType: number): Frame {
    return new Frame(b, dst, src, etherType, -1, ETH_HLEN);
  }

  /** Build without validation (numbers already valid). @internal */
  static encode(dst: number, src: number, etherType: number, tci: number, payload: Uint8Array | Encodable): Frame {
    const off = tci < 0 ? ETH_HLEN : ETH_HLEN + 4;
    const plen = payload instanceof Uint8Array ? payload.length : payload.byteLength;
    const b = allocBytes(off + plen);
    writeMac(b, 0, dst);
    writeMac(b, 6, src);
    if (tci >= 0) {
      writeU16(b, 12, EtherType.VLAN);
      writeU16(b, 14, tci);
      writeU16(b, 16, etherType);
    } else {
      writeU16(b, 12, etherType);
    }
    if (payload instanceof Uint8Array) b.set(payload, off);
    else payload.writeTo(b, off);
    return new Frame(b, dst, src, etherType, tci, off);
  }

  /** Length in bytes (header + payload; no FCS). */
  get length(): number {
    return this.bytes.length;
  }
  /** Destination MAC. */
  get dst(): MacAddress {
    return (this._dst ??= MacAddress.fromNumber(this.dstValue));
  }
  /** Source MAC. */
  get src(): MacAddress {
    return (this._src ??= MacAddress.fromNumber(this.srcValue));
  }
  /** The 802.1Q tag, or `null` when untagged. */
  get vlan(): VlanTag | null {
    const t = this.vlanTci;
    return t < 0 ? null : { tpid: EtherType.VLAN, pcp: t >>> 13, dei: (t >>> 12) & 1, vid: t & 0xfff };
  }
  /** Whether the type field is an 802.3 length rather than an EtherType. */
  get isLengthField(): boolean {
    return this.etherType < ETH_P_802_3_MIN;
  }
  /** Whether the destination is a group address (broadcast included). */
  get isMulticast(): boolean {
    return macIsMulticast(this.dstValue);
  }
  /** Whether the destination is ff:ff:ff:ff:ff:ff. */
  get isBroadcast(): boolean {
    return this.dstValue === 0xffff_ffff_ffff;
  }
  /** The payload: a view into `bytes` after the header (and tag). */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.payloadOffset);
  }

  /**
   * A copy of the frame's bytes that the caller owns.
   *
   * @returns a new array
   * @example
   * ```ts
   * const copy = frame.toBytes();
   * ```
   */
  toBytes(): Uint8Array {
    return this.bytes.slice();
  }

  /**
   * Byte equality.
   *
   * @param other - another frame
   * @returns whether both frames hold the same bytes
   * @example
   * ```ts
   * Frame.decode(f.toBytes()).ok && f.equals(f); // true
   * ```
   */
  equals(other: Frame): boolean {
    const a = this.bytes;
    const b = other.bytes;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /**
   * Lowercase hex of the whole frame.
   *
   * @returns e.g. `'ffffffffffff02…'`
   * @example
   * ```ts
   * frame.toHex().length === frame.length * 2; // true
   * ```
   */
  toHex(): string {
    return toHex(this.bytes);
  }

  /**
   * A one-line summary: `src > dst, ethertype 0x0806, length 42`.
   *
   * @returns the summary
   * @example
   * ```ts
   * String(frame);
   * ```
   */
  toString(): string {
    const t = this.isLengthField ? `802.3 length ${this.etherType}` : `ethertype 0x${this.etherType.toString(16).padStart(4, '0')}`;
    const v = this.vlanTci < 0 ? '' : `, vlan ${this.vlanTci & 0xfff}`;
    return `${this.src.toString()} > ${this.dst.toString()}${v}, ${t}, length ${this.length}`;
  }
}
