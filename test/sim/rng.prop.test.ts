import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/sim/index.js';

const seed = fc.oneof(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.string());
const take = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.uint32());

describe('Rng properties', () => {
  it('the same seed gives the same stream', () => {
    fc.assert(fc.property(seed, (s) => {
      expect(take(new Rng(s), 16)).toEqual(take(new Rng(s), 16));
    }));
  });

  it('a fork depends only on the seed and the label, not on draws from the parent', () => {
    fc.assert(
      fc.property(seed, fc.string(), fc.nat({ max: 50 }), (s, label, draws) => {
        const a = new Rng(s);
        take(a, draws);
        const b = new Rng(s);
        expect(take(a.fork(label), 8)).toEqual(take(b.fork(label), 8));
      }),
    );
  });

  it('drawing from a fork does not change the parent stream', () => {
    fc.assert(
      fc.property(seed, fc.string(), (s, label) => {
        const a = new Rng(s);
        const b = new Rng(s);
        take(a.fork(label), 20);
        expect(take(a, 8)).toEqual(take(b, 8));
      }),
    );
  });

  it('different labels give different streams, and a fork differs from its parent', () => {
    fc.assert(
      fc.property(seed, fc.string(), fc.string(), (s, l1, l2) => {
        fc.pre(l1 !== l2);
        const r = new Rng(s);
        expect(take(r.fork(l1), 4)).not.toEqual(take(r.fork(l2), 4));
        expect(take(r.fork(l1), 4)).not.toEqual(take(new Rng(s), 4));
      }),
    );
  });

  it('forked streams are not correlated (bit balance of XOR over 4096 words)', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const r = new Rng(s);
        const a = r.fork('a');
        const b = r.fork('b');
        let ones = 0;
        for (let i = 0; i < 4096; i++) {
          let x = (a.uint32() ^ b.uint32()) >>> 0;
          while (x) {
            ones += x & 1;
            x >>>= 1;
          }
        }
        const bits = 4096 * 32;
        // Expect about half the bits set; 6 standard deviations is ±1086.
        expect(Math.abs(ones - bits / 2)).toBeLessThan(1100);
      }),
      { numRuns: 20 },
    );
  });
});
