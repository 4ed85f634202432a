import type { Nanoseconds } from '../sim/index.js';
import type { DecodeResult, Frame } from '../wire/index.js';

/** One captured frame. */
export interface CaptureRecord {
  /** Virtual time in nanoseconds. */
  readonly time: Nanoseconds;
  /** Index of the interface in the capture (pcapng interface id). */
  readonly iface: number;
  /** `'in'` (received by the device) or `'out'` (sent by it). */
  readonly direction: 'in' | 'out';
  /** The frame. */
  readonly frame: Frame;
}

/** A frame read back from a pcap or pcapng file. */
export interface PcapPacket {
  /** Timestamp in nanoseconds since the epoch of the file. */
  readonly time: Nanoseconds;
  /** Interface index (0 for classic pcap). */
  readonly iface: number;
  /** Direction from pcapng `epb_flags`, when present. */
  readonly direction?: 'in' | 'out';
  /** The captured bytes. */
  readonly bytes: Uint8Array;
  /** The original length on the wire. */
  readonly originalLength: number;
}

/** An interface of a capture file. */
export interface PcapInterface {
  /** pcapng `if_name`, when present (`namespace/device` in l2sim's files). */
  readonly name?: string;
  /** Link type (1 = Ethernet). */
  readonly linkType: number;
}

/** The content of a pcap or pcapng file. */
export interface PcapFile {
  /** `'pcap'` or `'pcapng'`. */
  readonly format: 'pcap' | 'pcapng';
  /** Interfaces (one for classic pcap). */
  readonly interfaces: readonly PcapInterface[];
  /** Packets in file order. */
  readonly packets: readonly PcapPacket[];
}

const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 262144;

class Writer {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  length = 0;
  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  pad4(): void {
    while (this.length % 4 !== 0) {
      this.ensure(1);
      this.buf[this.length++] = 0;
    }
  }
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Classic pcap bytes (nanosecond-resolution magic `0xa1b23c4d`, little-endian, LINKTYPE_ETHERNET).
 * Classic pcap has no interface field: frames of every captured device are interleaved in time order.
 * @internal
 */
export function writePcap(records: readonly CaptureRecord[]): Uint8Array {
  const w = new Writer();
  w.u32(0xa1b23c4d);
  w.u16(2);
  w.u16(4);
  w.u32(0);
  w.u32(0);
  w.u32(SNAPLEN);
  w.u32(LINKTYPE_ETHERNET);
  for (const r of records) {
    const b = r.frame.bytes;
    w.u32(Math.floor(r.time / 1e9));
    w.u32(r.time % 1e9);
    w.u32(b.length);
    w.u32(b.length);
    w.bytes(b);
  }
  return w.result();
}

/** UTF-8 encoding of a string (the library targets ES2022 without DOM or Node typings). */
function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Decode UTF-8 (an invalid sequence becomes U+FFFD). */
function fromUtf8(b: Uint8Array): string {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc0 && c < 0xe0 ? 1 : -1;
    let cp = need <= 0 ? c : c & (0x3f >> need);
    let ok = need >= 0;
    for (let k = 1; ok && k <= need; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (x & 0x3f);
    }
    if (!ok) {
      s += '\ufffd';
      i++;
    } else {
      s += String.fromCodePoint(cp);
      i += need + 1;
    }
  }
  return s;
}

/**
 * pcapng bytes: one Section Header Block, one Interface Description Block per interface (with
 * `if_name` and `if_tsresol` = 9, nanoseconds), one Enhanced Packet Block per frame with its
 * direction in `epb_flags`.
 * @internal
 */
export function writePcapng(interfaces: readonly string[], records: readonly CaptureRecord[], application = 'l2sim'): Uint8Array {
  const w = new Writer();
  const option = (code: number, value: Uint8Array): void => {
    w.u16(code);
    w.u16(value.length);
    w.bytes(value);
    w.pad4();
  };
  const block = (type: number, body: () => void): void => {
    const start = w.length;
    w.u32(type);
    w.u32(0); // length, patched below
    body();
    const len = w.length - start + 4;
    w.u32(len);
    w.setU32(start + 4, len);
  };
  block(0x0a0d0d0a, () => {
    w.u32(0x1a2b3c4d);
    w.u16(1);
    w.u16(0);
    w.u32(0xffffffff);
    w.u32(0xffffffff); // section length unknown (-1)
    option(4, utf8(application)); // shb_userappl
    option(0, new Uint8Array(0));
  });
  for (const name of interfaces) {
    block(0x00000001, () => {
      w.u16(LINKTYPE_ETHERNET);
      w.u16(0);
      w.u32(SNAPLEN);
      option(2, utf8(name)); // if_name
      option(9, Uint8Array.of(9)); // if_tsresol: 10^-9
      option(0, new Uint8Array(0));
    });
  }
  for (const r of records) {
    const b = r.frame.bytes;
    block(0x00000006, () => {
      w.u32(r.iface);
      w.u32(Math.floor(r.time / 0x1_0000_0000));
      w.u32(r.time % 0x1_0000_0000);
      w.u32(b.length);
      w.u32(b.length);
      w.bytes(b);
      w.pad4();
      const flags = new Uint8Array(4);
      new DataView(flags.buffer).setUint32(0, r.direction === 'in' ? 1 : 2, true); // epb_flags: inbound 1, outbound 2
      option(2, flags);
      option(0, new Uint8Array(0));
    });
  }
  return w.result();
}

function bad(code: string, offset: number, message: string): DecodeResult<PcapFile> {
  return { ok: false, error: { layer: 'pcap', code, offset, message } };
}

/**
 * Read a classic pcap (micro- or nanosecond, either byte order) or pcapng file. Never throws.
 *
 * @param bytes - the file
 * @returns the interfaces and packets, or a structured error with layer `pcap`
 * @example
 * ```ts
 * const r = readPcap(capture.pcapng());
 * if (r.ok) console.log(r.value.packets.length);
 * ```
 */
export function readPcap(bytes: Uint8Array): DecodeResult<PcapFile> {
  if (!(bytes instanceof Uint8Array)) return bad('not-bytes', 0, 'expected a Uint8Array');
  if (bytes.length < 4) return bad('truncated', 0, 'file shorter than its magic number');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLe = dv.getUint32(0, true);
  if (magicLe === 0x0a0d0d0a) return readPcapng(bytes, dv);
  let le: boolean;
  let nano: boolean;
  if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
    le = true;
    nano = magicLe === 0xa1b23c4d;
  } else {
    const be = dv.getUint32(0, false);
    if (be !== 0xa1b2c3d4 && be !== 0xa1b23c4d) return bad('bad-magic', 0, 'not a pcap or pcapng file');
    le = false;
    nano = be === 0xa1b23c4d;
  }
  if (bytes.length < 24) return bad('truncated', 4, 'pcap header shorter than 24 bytes');
  const linkType = dv.getUint32(20, le) & 0xffff;
  const packets: PcapPacket[] = [];
  let o = 24;
  while (o < bytes.length) {
    if (o + 16 > bytes.length) return bad('truncated', o, 'record header cut short');
    const sec = dv.getUint32(o, le);
    const frac = dv.getUint32(o + 4, le);
    const incl = dv.getUint32(o + 8, le);
    const orig = dv.getUint32(o + 12, le);
    if (o + 16 + incl > bytes.length) return bad('truncated', o, `record of ${incl} bytes runs past the end of the file`);
    packets.push({ time: sec * 1e9 + (nano ? frac : frac * 1000), iface: 0, bytes: bytes.slice(o + 16, o + 16 + incl), originalLength: orig });
    o += 16 + incl;
  }
  return { ok: true, value: { format: 'pcap', interfaces: [{ linkType }], packets } };
}

function readPcapng(bytes: Uint8Array, dv: DataView): DecodeResult<PcapFile> {
  let le = true;
  const interfaces: { name?: string; linkType: number; tsresol: number }[] = [];
  const packets: PcapPacket[] = [];
  let o = 0;
  while (o < bytes.length) {
    if (o + 12 > bytes.length) return bad('truncated', o, 'block header cut short');
    const type = dv.getUint32(o, le);
    if (type === 0x0a0d0d0a) {
      if (o + 12 > bytes.length) return bad('truncated', o, 'section header cut short');
      const bom = dv.getUint32(o + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else return bad('bad-magic', o + 8, 'bad byte-order magic in the section header');
    }
    const len = dv.getUint32(o + 4, le);
    if (len < 12 || len % 4 !== 0 || o + len > bytes.length) return bad('bad-block-length', o, `block length ${len} is invalid`);
    const body = o + 8;
    const end = o + len - 4;
    if (type === 0x00000001) {
      if (body + 8 > end) return bad('truncated', o, 'interface block cut short');
      const iface: { name?: string; linkType: number; tsresol: number } = { linkType: dv.getUint16(body, le), tsresol: 1e3 };
      let p = body + 8;
      while (p + 4 <= end) {
        const code = dv.getUint16(p, le);
        const olen = dv.getUint16(p + 2, le);
        if (code === 0 || p + 4 + olen > end) break;
        if (code === 2) iface.name = fromUtf8(bytes.subarray(p + 4, p + 4 + olen));
        if (code === 9 && olen >= 1) {
          const r = bytes[p + 4]!;
          const ticks = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** (r & 0x7f);
          iface.tsresol = 1e9 / ticks;
        }
        p += 4 + ((olen + 3) & ~3);
      }
      interfaces.push(iface);
    } else if (type === 0x00000006) {
      if (body + 20 > end) return bad('truncated', o, 'packet block cut short');
      const id = dv.getUint32(body, le);
      const iface = interfaces[id];
      if (iface === undefined) return bad('bad-interface', body, `packet on unknown interface ${id}`);
      const ts = dv.getUint32(body + 4, le) * 0x1_0000_0000 + dv.getUint32(body + 8, le);
      const incl = dv.getUint32(body + 12, le);
      const orig = dv.getUint32(body + 16, le);
      if (body + 20 + incl > end) return bad('truncated', body, `packet of ${incl} bytes runs past its block`);
      let direction: 'in' | 'out' | undefined;
      let p = body + 20 + ((incl + 3) & ~3);
      while (p + 4 <= end) {
        const code = dv.getUint16(p, le);
        const olen = dv.getUint16(p + 2, le);
        if (code === 0 || p + 4 + olen > end) break;
        if (code === 2 && olen >= 4) {
          const f = dv.getUint32(p + 4, le) & 3;
          direction = f === 1 ? 'in' : f === 2 ? 'out' : undefined;
        }
        p += 4 + ((olen + 3) & ~3);
      }
      const pkt: PcapPacket = { time: Math.round(ts * iface.tsresol), iface: id, bytes: bytes.slice(body + 20, body + 20 + incl), originalLength: orig, ...(direction ? { direction } : {}) };
      packets.push(pkt);
    }
    o += len;
  }
  return { ok: true, value: { format: 'pcapng', interfaces: interfaces.map((i) => (i.name === undefined ? { linkType: i.linkType } : { name: i.name, linkType: i.linkType })), packets } };
}
