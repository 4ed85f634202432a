// Event loop throughput with 1e5 pending events (each operation: run the earliest event, which
// schedules one more), against a bare binary heap of numbers doing pop + push.
import { EventLoop } from '../src/sim/index.js';
import { measure, report } from './harness.js';

const PENDING = 100_000;
const DELAYS = new Float64Array(1 << 16);
{
  let x = 12345;
  for (let i = 0; i < DELAYS.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    DELAYS[i] = 1 + (x % 1_000_000);
  }
}

function loopOps(n: number): number {
  const loop = new EventLoop();
  let k = 0;
  let count = 0;
  const fn = (): void => {
    count++;
    loop.post(DELAYS[k++ & 0xffff]!, fn, undefined);
  };
  for (let i = 0; i < PENDING; i++) loop.post(DELAYS[k++ & 0xffff]!, fn, undefined);
  loop.runUntilIdle({ maxEvents: n });
  return count;
}

function loopScheduleOps(n: number): number {
  const loop = new EventLoop();
  let k = 0;
  let count = 0;
  const fn = (): void => {
    count++;
    loop.schedule(DELAYS[k++ & 0xffff]!, fn);
  };
  for (let i = 0; i < PENDING; i++) loop.schedule(DELAYS[k++ & 0xffff]!, fn);
  loop.runUntilIdle({ maxEvents: n });
  return count;
}

/** The baseline: a binary min-heap of plain numbers in a Float64Array. */
function bareHeapOps(n: number): number {
  const heap = new Float64Array(PENDING + 1);
  let size = 0;
  let now = 0;
  let k = 0;
  const push = (v: number): void => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= v) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap[--size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && heap[r]! < heap[l]! ? r : l;
      if (last <= heap[c]!) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let i = 0; i < PENDING; i++) push(DELAYS[k++ & 0xffff]!);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    now = pop();
    sum += now;
    push(now + DELAYS[k++ & 0xffff]!);
  }
  return sum;
}

export function runLoopBench(): void {
  const n = 2_000_000;
  const base = measure(bareHeapOps, n);
  report('event loop: run+post, 1e5 pending', measure(loopOps, n), 'bare number heap', base);
  report('event loop: run+schedule (handle), 1e5 pending', measure(loopScheduleOps, n), 'bare number heap', base);
}

/** Events per second of the bare event loop (post + run, 1e5 pending): the baseline other benchmarks print. */
export function bareLoopRate(): number {
  return measure(loopOps, 1_000_000, 5).opsPerSec;
}
