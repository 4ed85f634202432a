/**
 * Byte-level helpers: the only module family (with the codecs beside it) that touches offsets.
 * @internal
 */
import { L2SimError } from '../errors/index.js';

const SLAB_SIZE = 64 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabOffset = 0;

/**
 * Allocate zeroed storage for a frame, carved from shared 64 KiB slabs. In V8 a `Uint8Array`
 * view on an existing buffer costs about a tenth of a fresh off-heap allocation (above 64 bytes),
 * and unlike a small on-heap array (64 bytes or less) it can be sliced with `subarray` without
 * V8 first moving its bytes off-heap (≈ 500 ns). See docs/performance.md. A slab is freed by the
 * garbage collector when its last frame dies.
 * @internal
 */
export function allocBytes(length: number): Uint8Array {
  if (length > 4096) return new Uint8Array(length);
  if (slabOffset + length > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabOffset = 0;
  }
  const view = new Uint8Array(slab, slabOffset, length);
  slabOffset += (length + 7) & ~7;
  return view;
}

/**
 * Check that `buf` has room for `length` bytes at `offset` before a codec writes anything, so that
 * `writeTo` either writes the whole encoding or throws and leaves `buf` untouched. @internal
 */
export function checkRoom(buf: Uint8Array, offset: number, length: number, what: string): void {
  if (!(buf instanceof Uint8Array)) throw new L2SimError('invalid-argument', `cannot write ${what}: expected a Uint8Array`, {});
  if (!Number.isSafeInteger(offset) || offset < 0) throw new L2SimError('invalid-argument', `cannot write ${what}: invalid offset ${String(offset)}`, { offset });
  if (offset + length > buf.length) {
    throw new L2SimError('invalid-argument', `cannot write ${what} (${length} bytes) at offset ${offset}: the buffer has ${buf.length} bytes`, { offset, length, size: buf.length });
  }
}

/** Read 6 bytes at `o` as a 48-bit number. @internal */
export function readMac(b: Uint8Array, o: number): number {
  return ((b[o]! << 8) | b[o + 1]!) * 0x1_0000_0000 + (((b[o + 2]! << 24) | (b[o + 3]! << 16) | (b[o + 4]! << 8) | b[o + 5]!) >>> 0);
}

/** Write a 48-bit number as 6 bytes at `o`. @internal */
export function writeMac(b: Uint8Array, o: number, v: number): void {
  const hi = Math.floor(v / 0x1_0000_0000);
  const lo = v >>> 0;
  b[o] = hi >>> 8;
  b[o + 1] = hi & 0xff;
  b[o + 2] = lo >>> 24;
  b[o + 3] = (lo >>> 16) & 0xff;
  b[o + 4] = (lo >>> 8) & 0xff;
  b[o + 5] = lo & 0xff;
}

/** @internal */
export function readU16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

/** @internal */
export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

/** @internal */
export function readU32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** @internal */
export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/**
 * The Internet checksum (RFC 1071) of `b[o, o+len)`: the ones' complement of the ones' complement
 * sum of 16-bit words. Returns the value to store in a checksum field (computed with that field zero),
 * or 0 when verifying a correct header.
 * @internal
 */
export function internetChecksum(b: Uint8Array, o: number, len: number): number {
  let sum = 0;
  const end = o + (len & ~1);
  let i = o;
  for (; i < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (len & 1) sum += b[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Lowercase hex of bytes, no separators. @internal */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  return s;
}
