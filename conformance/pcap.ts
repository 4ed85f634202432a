/**
 * A tiny capture-file reader: classic pcap (microsecond magic 0xa1b2c3d4 and
 * nanosecond magic 0xa1b23c4d, either byte order) and pcapng (SHB/IDB/EPB,
 * plus SPB/OPB tolerated; other blocks skipped). Written independently of the
 * l2sim library so that the harness never trusts the library's own codecs.
 *
 * Timestamps are returned as bigint nanoseconds since the Unix epoch
 * (pcapng: honouring the interface's if_tsresol option).
 */
import type { CapturedFrame } from './types.js';

export interface PcapPacket {
  /** Nanoseconds since the Unix epoch (as written by the capturer). */
  tsNs: bigint;
  /** Captured bytes (possibly truncated to the snaplen). */
  data: Uint8Array;
  /** Original length on the wire. */
  origLen: number;
  /** Link type of the interface (1 = Ethernet). */
  linkType: number;
}

export class PcapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PcapError';
  }
}

const LINKTYPE_ETHERNET = 1;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Parse a classic pcap or pcapng file. An empty input yields no packets. */
export function readCapture(bytes: Uint8Array): PcapPacket[] {
  if (bytes.byteLength === 0) return [];
  if (bytes.byteLength < 4) throw new PcapError(`capture too short (${bytes.byteLength} bytes)`);
  const dv = view(bytes);
  const magicBE = dv.getUint32(0, false);
  if (magicBE === 0x0a0d0d0a) return readPcapng(bytes);
  return readPcap(bytes);
}

function readPcap(bytes: Uint8Array): PcapPacket[] {
  const dv = view(bytes);
  if (bytes.byteLength < 24) {
    // tcpdump killed before flushing its header: treat as empty.
    return [];
  }
  const m = dv.getUint32(0, true);
  let le: boolean;
  let nano: boolean;
  if (m === 0xa1b2c3d4) [le, nano] = [true, false];
  else if (m === 0xa1b23c4d) [le, nano] = [true, true];
  else if (m === 0xd4c3b2a1) [le, nano] = [false, false];
  else if (m === 0x4d3cb2a1) [le, nano] = [false, true];
  else throw new PcapError(`not a pcap/pcapng file (magic 0x${dv.getUint32(0, false).toString(16)})`);
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  const out: PcapPacket[] = [];
  let off = 24;
  while (off + 16 <= bytes.byteLength) {
    const sec = dv.getUint32(off, le);
    const frac = dv.getUint32(off + 4, le);
    const incl = dv.getUint32(off + 8, le);
    const orig = dv.getUint32(off + 12, le);
    off += 16;
    if (off + incl > bytes.byteLength) break; // truncated last record (writer interrupted)
    const tsNs = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (nano ? 1n : 1000n);
    out.push({ tsNs, data: bytes.slice(off, off + incl), origLen: orig, linkType });
    off += incl;
  }
  return out;
}

interface PcapngIface {
  linkType: number;
  /** Ticks per second. */
  unitsPerSec: bigint;
  /** if_tsoffset in seconds. */
  offsetSec: bigint;
}

function readPcapng(bytes: Uint8Array): PcapPacket[] {
  const dv = view(bytes);
  const out: PcapPacket[] = [];
  let off = 0;
  let le = true;
  let ifaces: PcapngIface[] = [];
  while (off + 12 <= bytes.byteLength) {
    const typeBE = dv.getUint32(off, false);
    if (typeBE === 0x0a0d0d0a) {
      // Section Header Block: byte order from the byte-order magic.
      const bom = dv.getUint32(off + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new PcapError('pcapng: bad byte-order magic');
      ifaces = [];
    }
    const type = dv.getUint32(off, le);
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || off + len > bytes.byteLength) break; // truncated
    const body = off + 8;
    const bodyEnd = off + len - 4;
    if (type === 0x00000001) {
      // Interface Description Block
      const linkType = dv.getUint16(body, le);
      let unitsPerSec = 1_000_000n;
      let offsetSec = 0n;
      let o = body + 8;
      while (o + 4 <= bodyEnd) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        const v = o + 4;
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const r = dv.getUint8(v);
          unitsPerSec = r & 0x80 ? 2n ** BigInt(r & 0x7f) : 10n ** BigInt(r & 0x7f);
        } else if (code === 14 && olen >= 8) {
          offsetSec = dv.getBigInt64(v, le);
        }
        o = v + Math.ceil(olen / 4) * 4;
      }
      ifaces.push({ linkType, unitsPerSec, offsetSec });
    } else if (type === 0x00000006 || type === 0x00000005) {
      // Enhanced Packet Block (6) / obsolete Packet Block (5)
      const ifId = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      const tsHigh = dv.getUint32(body + 4, le);
      const tsLow = dv.getUint32(body + 8, le);
      const capLen = dv.getUint32(body + 12, le);
      const origLen = dv.getUint32(body + 16, le);
      const data = bytes.slice(body + 20, Math.min(body + 20 + capLen, bodyEnd));
      const iface = ifaces[ifId];
      if (!iface) throw new PcapError(`pcapng: packet for unknown interface ${ifId}`);
      const ticks = (BigInt(tsHigh) << 32n) | BigInt(tsLow);
      const tsNs = iface.offsetSec * 1_000_000_000n + (ticks * 1_000_000_000n) / iface.unitsPerSec;
      out.push({ tsNs, data, origLen, linkType: iface.linkType });
    } else if (type === 0x00000003) {
      // Simple Packet Block: no timestamp; interface 0.
      const origLen = dv.getUint32(body, le);
      const iface = ifaces[0];
      const data = bytes.slice(body + 4, Math.min(body + 4 + origLen, bodyEnd));
      out.push({ tsNs: 0n, data, origLen, linkType: iface?.linkType ?? LINKTYPE_ETHERNET });
    }
    off += len;
  }
  return out;
}

export function toHex(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new PcapError(`invalid hex string`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Convert a capture file into CapturedFrames relative to t=0, given t=0 as
 * nanoseconds since the epoch (for the simulator: whatever epoch its pcap
 * writer used for virtual time 0). Non-Ethernet link types are rejected.
 */
export function framesFromCapture(bytes: Uint8Array, t0EpochNs: bigint): CapturedFrame[] {
  return readCapture(bytes).map((p) => {
    if (p.linkType !== LINKTYPE_ETHERNET) throw new PcapError(`unsupported link type ${p.linkType} (Ethernet only)`);
    return { t: Number(p.tsNs - t0EpochNs) / 1e9, hex: toHex(p.data) };
  });
}

/**
 * Write a classic nanosecond pcap (little endian, Ethernet). Handy for tests
 * and for a simulator side that has frames but no writer of its own.
 */
export function writePcap(packets: { tsNs: bigint; data: Uint8Array }[], snaplen = 262144): Uint8Array {
  const total = 24 + packets.reduce((a, p) => a + 16 + p.data.byteLength, 0);
  const out = new Uint8Array(total);
  const dv = view(out);
  dv.setUint32(0, 0xa1b23c4d, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, snaplen, true);
  dv.setUint32(20, LINKTYPE_ETHERNET, true);
  let off = 24;
  for (const p of packets) {
    dv.setUint32(off, Number(p.tsNs / 1_000_000_000n), true);
    dv.setUint32(off + 4, Number(p.tsNs % 1_000_000_000n), true);
    dv.setUint32(off + 8, p.data.byteLength, true);
    dv.setUint32(off + 12, p.data.byteLength, true);
    out.set(p.data, off + 16);
    off += 16 + p.data.byteLength;
  }
  return out;
}
