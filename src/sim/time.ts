import { L2SimError } from '../errors/index.js';

/** Virtual time or a span of it: an integer number of nanoseconds. */
export type Nanoseconds = number;

/**
 * A duration as users write it: `'1.5s'`, `'100ms'`, `'250us'`, `'10ns'`, `'2min'`, `'1h'`, or a plain
 * number of nanoseconds.
 */
export type Duration = number | string;

/** One microsecond in nanoseconds. */
export const MICROSECOND = 1_000;
/** One millisecond in nanoseconds. */
export const MILLISECOND = 1_000_000;
/** One second in nanoseconds. */
export const SECOND = 1_000_000_000;

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: MICROSECOND,
  'µs': MICROSECOND,
  ms: MILLISECOND,
  s: SECOND,
  min: 60 * SECOND,
  h: 3600 * SECOND,
};

const DURATION_RE = /^(\d+)(?:\.(\d+))?\s*(ns|us|µs|ms|s|min|h)$/;

/**
 * Parse a duration into integer nanoseconds, exactly (no floating-point rounding).
 *
 * Accepts a non-negative integer number of nanoseconds, or a string of a decimal number and a
 * unit: `ns`, `us` (or `µs`), `ms`, `s`, `min`, `h`. A fraction finer than one nanosecond is
 * rejected rather than rounded.
 *
 * @param d - the duration
 * @param what - what the duration is for, used in the error message
 * @returns the duration in nanoseconds
 * @throws L2SimError `invalid-argument` for anything else (negative, non-integer numbers,
 *   unknown units, sub-nanosecond fractions, values beyond `Number.MAX_SAFE_INTEGER`)
 * @example
 * ```ts
 * parseDuration('1.5s');  // 1_500_000_000
 * parseDuration('250us'); // 250_000
 * parseDuration(42);      // 42
 * ```
 */
export function parseDuration(d: Duration, what = 'duration'): Nanoseconds {
  if (typeof d === 'number') {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new L2SimError(
        'invalid-argument',
        `invalid ${what} ${String(d)}: expected a non-negative integer number of nanoseconds or a string such as '100ms'`,
        { value: d },
      );
    }
    return d;
  }
  if (typeof d !== 'string') {
    throw new L2SimError('invalid-argument', `invalid ${what}: expected a number or a string such as '100ms'`, {
      value: String(d),
    });
  }
  const m = DURATION_RE.exec(d.trim());
  if (m === null) {
    throw new L2SimError(
      'invalid-argument',
      `invalid ${what} "${d}": expected a number and a unit (ns, us, ms, s, min, h), e.g. '1.5s' or '250us'`,
      { value: d },
    );
  }
  const [, intPart = '0', fracPart = '', unit = 's'] = m;
  const scale = UNIT_NS[unit] ?? 1;
  // Exact decimal arithmetic: the fraction must be a whole number of nanoseconds.
  const scaleDigits = Math.round(Math.log10(scale));
  const frac = fracPart.replace(/0+$/, '');
  const exact10 = unit === 'min' || unit === 'h' ? -1 : scaleDigits;
  let fracNs = 0;
  if (frac.length > 0) {
    if (exact10 >= 0) {
      if (frac.length > exact10) {
        throw new L2SimError('invalid-argument', `invalid ${what} "${d}": finer than one nanosecond`, { value: d });
      }
      fracNs = Number(frac.padEnd(exact10, '0'));
    } else {
      const num = Number(frac) * scale;
      const den = 10 ** frac.length;
      if (num % den !== 0) {
        throw new L2SimError('invalid-argument', `invalid ${what} "${d}": finer than one nanosecond`, { value: d });
      }
      fracNs = num / den;
    }
  }
  const ns = Number(intPart) * scale + fracNs;
  if (!Number.isSafeInteger(ns)) {
    throw new L2SimError('invalid-argument', `invalid ${what} "${d}": too large`, { value: d });
  }
  return ns;
}

/**
 * Format virtual time as seconds with nine decimals (`'1.500000000'`), or with `digits` decimals.
 *
 * @param t - time in nanoseconds
 * @param digits - number of decimals, 0..9 (default 9); the value is truncated, not rounded
 * @returns the formatted time
 * @example
 * ```ts
 * formatTime(1_500_000_000);    // '1.500000000'
 * formatTime(1_500_000_000, 6); // '1.500000'
 * ```
 */
export function formatTime(t: Nanoseconds, digits = 9): string {
  const neg = t < 0;
  const a = Math.abs(t);
  const s = Math.floor(a / SECOND);
  const frac = String(a % SECOND).padStart(9, '0').slice(0, Math.max(0, Math.min(9, digits)));
  return `${neg ? '-' : ''}${s}${frac.length > 0 ? '.' + frac : ''}`;
}
