import { describe, expect, it } from 'vitest';
import { formatTime, parseDuration } from '../../src/sim/index.js';
import { expectCode } from '../support/errors.js';

describe('parseDuration', () => {
  it.each([
    ['1.5s', 1_500_000_000],
    ['100ms', 100_000_000],
    ['250us', 250_000],
    ['250µs', 250_000],
    ['10ns', 10],
    ['0s', 0],
    ['0.1s', 100_000_000],
    ['0.000000001s', 1],
    ['2min', 120_000_000_000],
    ['1.5min', 90_000_000_000],
    ['1h', 3_600_000_000_000],
    ['1.0ns', 1],
  ] as const)('parses %s exactly', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it('takes plain non-negative integers as nanoseconds', () => {
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(42)).toBe(42);
  });

  it.each(['', 's', '1', '1.5', '-1s', '1.5ns', '1 fortnight', '1e3ms', '1,5s', ' ms', '1.ms', '.5s', '0.0000000001s', '1.0000000001s'])(
    'rejects %j with invalid-argument',
    (text) => {
      expectCode(() => parseDuration(text), 'invalid-argument');
    },
  );

  it.each([-1, 1.5, NaN, Infinity, Number.MAX_SAFE_INTEGER + 2])('rejects the number %s', (n) => {
    expectCode(() => parseDuration(n), 'invalid-argument');
  });

  it('rejects values beyond the safe range', () => {
    expectCode(() => parseDuration('100000000h'), 'invalid-argument');
  });
});

describe('formatTime', () => {
  it('prints seconds with nine or fewer decimals, truncated', () => {
    expect(formatTime(1_500_000_000)).toBe('1.500000000');
    expect(formatTime(1_500_000_999, 6)).toBe('1.500000');
    expect(formatTime(0, 6)).toBe('0.000000');
    expect(formatTime(3_000_000_000, 0)).toBe('3');
  });
});
