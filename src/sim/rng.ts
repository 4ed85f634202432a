import { L2SimError } from '../errors/index.js';

/** A seed: a safe integer or a string. */
export type Seed = number | string;

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** SplitMix32 step (Steele, Lea, Flood 2014, the 32-bit variant): fills seed words. */
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) >>> 0;
  return fmix32(state.x);
}

function seedWords(seed: Seed): [number, number, number, number] {
  let lo: number;
  let hi: number;
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) {
      throw new L2SimError('invalid-argument', `invalid seed ${String(seed)}: expected a safe integer or a string`, {
        seed,
      });
    }
    const a = Math.abs(seed);
    lo = a >>> 0;
    hi = (Math.floor(a / 0x1_0000_0000) >>> 0) ^ (seed < 0 ? 0x8000_0000 : 0);
  } else if (typeof seed === 'string') {
    lo = fnv1a(seed);
    hi = fnv1a(`${seed}\u0000salt`);
  } else {
    throw new L2SimError('invalid-argument', 'invalid seed: expected a safe integer or a string', {});
  }
  const st = { x: (lo ^ fmix32(hi ^ 0x6a09e667)) >>> 0 };
  const w: [number, number, number, number] = [splitmix32(st), splitmix32(st), splitmix32(st), splitmix32(st)];
  if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1; // xoshiro's state must not be all zero
  return w;
}

/**
 * A seeded pseudo-random generator: xoshiro128** 1.1 (Blackman and Vigna), 32-bit output.
 *
 * Streams are deterministic: the same seed gives the same numbers on any machine. `fork(label)`
 * derives an independent named stream from this stream's *seed* (not from its current position),
 * so drawing from one stream never shifts another, and adding a component that forks its own
 * stream does not change anyone else's numbers.
 *
 * @example
 * ```ts
 * const rng = new Rng(1);
 * const macs = rng.fork('mac:node/veth1');
 * macs.uint32();   // same value on every run with seed 1
 * rng.int(0, 6);   // a fair die, 0..5
 * ```
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The seed words this stream started from; forks derive from these. */
  private readonly key: readonly [number, number, number, number];

  /**
   * @param seed - a safe integer or a string, or the four 32-bit state words of xoshiro128**
   *   (not all zero) to reproduce the reference implementation exactly
   * @throws L2SimError `invalid-argument` for a seed that is not a safe integer, a string or four words
   */
  constructor(seed: Seed | readonly [number, number, number, number]) {
    let w: [number, number, number, number];
    if (Array.isArray(seed)) {
      const arr = seed as readonly number[];
      if (arr.length !== 4 || arr.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffff_ffff)) {
        throw new L2SimError('invalid-argument', 'invalid state words: expected four unsigned 32-bit integers', {});
      }
      w = [arr[0]! >>> 0, arr[1]! >>> 0, arr[2]! >>> 0, arr[3]! >>> 0];
      if ((w[0] | w[1] | w[2] | w[3]) === 0) {
        throw new L2SimError('invalid-argument', 'invalid state words: xoshiro128** state must not be all zero', {});
      }
    } else {
      w = seedWords(seed as Seed);
    }
    this.key = w;
    this.s0 = w[0];
    this.s1 = w[1];
    this.s2 = w[2];
    this.s3 = w[3];
  }

  /**
   * The next 32-bit unsigned integer.
   *
   * @returns an integer in [0, 2^32)
   * @example
   * ```ts
   * new Rng([1, 2, 3, 4]).uint32(); // 11520, as the reference C code
   * ```
   */
  uint32(): number {
    const s1 = this.s1;
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * A float in [0, 1) with 53 random bits.
   *
   * @returns a number in [0, 1)
   * @example
   * ```ts
   * const x = new Rng(7).float(); // 0 <= x < 1
   * ```
   */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A uniformly distributed integer in [min, max), without modulo bias.
   *
   * @param min - lowest value (inclusive), a safe integer
   * @param max - highest value (exclusive), a safe integer with `max - min` in 1..2^32
   * @returns an integer in [min, max)
   * @throws L2SimError `invalid-argument` when the range is empty or too wide
   * @example
   * ```ts
   * new Rng(1).int(15_000, 45_000); // a reachable time in ms
   * ```
   */
  int(min: number, max: number): number {
    const span = max - min;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || span < 1 || span > 0x1_0000_0000) {
      throw new L2SimError('invalid-argument', `invalid range [${min}, ${max}): expected 1..2^32 integers`, {
        min,
        max,
      });
    }
    if (span === 0x1_0000_0000) return min + this.uint32();
    // Lemire-style rejection on the 32-bit draw.
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % span);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return min + (x % span);
    }
  }

  /**
   * Fill a new byte array with random bytes.
   *
   * @param n - number of bytes
   * @returns `n` random bytes
   * @throws L2SimError `invalid-argument` when `n` is not a non-negative integer
   * @example
   * ```ts
   * new Rng(1).bytes(6); // six bytes, e.g. for a MAC address
   * ```
   */
  bytes(n: number): Uint8Array {
    if (!Number.isSafeInteger(n) || n < 0) throw new L2SimError('invalid-argument', `invalid byte count ${String(n)}: expected a non-negative integer`, { n: String(n) });
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let x = this.uint32();
      for (let j = 0; j < 4 && i + j < n; j++) {
        out[i + j] = x & 0xff;
        x >>>= 8;
      }
    }
    return out;
  }

  /**
   * An independent stream named `label`, derived from this stream's seed.
   *
   * The same parent seed and label always give the same stream; different labels give unrelated
   * streams; drawing from the parent does not change what the child produces.
   *
   * @param label - the stream's name, e.g. `'mac:node/veth1'`
   * @returns a new generator
   * @throws L2SimError `invalid-argument` when `label` is not a string
   * @example
   * ```ts
   * const rng = new Rng(1);
   * rng.fork('a').uint32() === new Rng(1).fork('a').uint32(); // true
   * ```
   */
  fork(label: string): Rng {
    if (typeof label !== 'string') throw new L2SimError('invalid-argument', `invalid stream label ${String(label)}: expected a string`, {});
    const h = fnv1a(label);
    const k = this.key;
    const w: [number, number, number, number] = [
      fmix32(k[0] ^ fmix32(h ^ 0x243f6a88)),
      fmix32(k[1] ^ fmix32(h ^ 0x85a308d3)),
      fmix32(k[2] ^ fmix32(h ^ 0x13198a2e)),
      fmix32(k[3] ^ fmix32(h ^ 0x03707344)),
    ];
    if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1;
    return new Rng(w);
  }
}
