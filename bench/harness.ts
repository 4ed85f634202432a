// A tiny benchmark harness: warm up, then take the median of several timed rounds.
// Benchmarks report ratios against a baseline measured in the same run (DESIGN.md §8.10).
import { performance } from 'node:perf_hooks';

export interface Measurement {
  /** Operations per second (median round). */
  opsPerSec: number;
  /** Nanoseconds per operation (median round). */
  nsPerOp: number;
}

/** Run `fn(n)` (which performs n operations) for warm-up and `rounds` timed rounds. */
export function measure(fn: (n: number) => unknown, n: number, rounds = 7): Measurement {
  fn(Math.max(1, Math.floor(n / 4)));
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    fn(n);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)]!;
  return { opsPerSec: (n / ms) * 1000, nsPerOp: (ms * 1e6) / n };
}

export function fmtRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M/s`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k/s`;
  return `${x.toFixed(0)} /s`;
}

/** Print one benchmark line with its baseline and ratio. */
export function report(name: string, subject: Measurement, baselineName: string, baseline: Measurement): void {
  const ratio = subject.nsPerOp / baseline.nsPerOp;
  console.log(
    `${name.padEnd(44)} ${fmtRate(subject.opsPerSec).padStart(11)} (${subject.nsPerOp.toFixed(0)} ns/op)` +
      `   baseline ${baselineName}: ${fmtRate(baseline.opsPerSec)} (${baseline.nsPerOp.toFixed(0)} ns/op)   ratio ${ratio.toFixed(2)}x`,
  );
}
