import { L2SimError } from '../errors/index.js';
import { type Duration, type Nanoseconds, formatTime, parseDuration } from './time.js';

/** A callback run by the event loop. It receives the argument it was scheduled with. */
export type EventCallback<A = unknown> = (arg: A) => void;

/**
 * A handle to a scheduled event. `cancel()` marks the event dead; cancelling twice, or after the
 * event ran, does nothing.
 */
export interface EventHandle {
  /** The instant the event is scheduled for, in nanoseconds. */
  readonly time: Nanoseconds;
  /** Cancel the event. Returns `true` if it was pending and is now dead. */
  cancel(): boolean;
  /** Whether the event is still waiting to run. */
  readonly pending: boolean;
}

/** Bounds for a run. */
export interface RunOptions {
  /** Stop after executing this many events (a safety net against runaway scenarios); `Infinity` for no bound. */
  readonly maxEvents?: number;
}

/** What a run did and why it stopped. */
export interface RunResult {
  /** Number of events executed by this call. */
  readonly executed: number;
  /**
   * Why the run stopped: `'idle'` (no event left), `'time'` (the target instant was reached) or
   * `'max-events'` (the `maxEvents` bound was hit before the target).
   */
  readonly stoppedBy: 'idle' | 'time' | 'max-events';
}

const INITIAL_CAPACITY = 64;

class Handle implements EventHandle {
  constructor(
    private readonly loop: EventLoop,
    private readonly slot: number,
    private readonly seq: number,
    readonly time: Nanoseconds,
  ) {}
  cancel(): boolean {
    return this.loop.cancelSlot(this.slot, this.seq);
  }
  get pending(): boolean {
    return this.loop.isPending(this.slot, this.seq);
  }
}

/**
 * The deterministic discrete-event loop: a virtual clock in integer nanoseconds and a queue of
 * events ordered by (time, sequence number).
 *
 * Order is total and documented: events at the same instant run in the order they were scheduled
 * (FIFO), and an event scheduled with zero delay joins the back of the current instant.
 * Callbacks are synchronous. Cancelling marks an event dead; it is skipped when its turn comes.
 * Scheduling in the past throws, and so does re-entering a run from inside an event. An exception
 * inside an event stops the run and is rethrown as an {@link L2SimError} with code `event-failed`,
 * naming the event's time and label, with the original error as `cause`.
 *
 * The queue is a binary heap over typed arrays (time, sequence, slot); event callbacks live in
 * slots that are recycled, so steady-state scheduling allocates nothing but the optional handle.
 *
 * @example
 * ```ts
 * import { EventLoop } from 'l2sim/sim';
 * const loop = new EventLoop();
 * loop.schedule('1ms', () => console.log('at', loop.now)); // at 1000000
 * loop.runUntilIdle();
 * ```
 */
export class EventLoop {
  private _now: Nanoseconds = 0;
  private nextSeq = 0;
  private running = false;
  private executedTotal = 0;

  // Heap arrays: entry i has time heapT[i], sequence heapS[i], slot heapId[i].
  private heapT = new Float64Array(INITIAL_CAPACITY);
  private heapS = new Float64Array(INITIAL_CAPACITY);
  private heapId = new Int32Array(INITIAL_CAPACITY);
  private size = 0;
  private live = 0;

  // Slots: callback, argument, label and the sequence number currently owning the slot.
  private fns: (EventCallback<any> | null)[] = [];
  private args: unknown[] = [];
  private labels: (string | undefined)[] = [];
  private slotSeq = new Float64Array(INITIAL_CAPACITY);
  private freeSlots: number[] = [];

  /** The current virtual time in nanoseconds. */
  get now(): Nanoseconds {
    return this._now;
  }

  /** Number of live (not cancelled) events waiting to run. */
  get pendingEvents(): number {
    return this.live;
  }

  /** Total number of events executed since the loop was created. */
  get executedEvents(): number {
    return this.executedTotal;
  }

  /** Whether a run is in progress (callbacks are executing). */
  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Schedule `fn` to run after `delay`.
   *
   * @param delay - how long from now; `0` joins the back of the current instant
   * @param fn - the callback; it receives `arg`
   * @param label - a name for error messages (defaults to the function's name)
   * @param arg - the argument passed to `fn`
   * @returns a cancellable handle
   * @throws L2SimError `invalid-argument` for a malformed or negative delay
   * @example
   * ```ts
   * const h = loop.schedule('100ms', () => console.log('tick'), 'tick');
   * h.cancel();
   * ```
   */
  schedule<A = undefined>(delay: Duration, fn: EventCallback<A>, label?: string, arg?: A): EventHandle {
    const d = parseDuration(delay, 'delay');
    return this.scheduleAtNs(this._now + d, fn, label, arg);
  }

  /**
   * Schedule `fn` to run at the absolute virtual time `t`.
   *
   * @param t - the instant, in nanoseconds or as a duration string from time zero; must not be in the past
   * @param fn - the callback
   * @param label - a name for error messages
   * @param arg - the argument passed to `fn`
   * @returns a cancellable handle
   * @throws L2SimError `invalid-argument` when `t` is malformed or earlier than `now`
   * @example
   * ```ts
   * loop.scheduleAt('2s', () => console.log('two seconds in'));
   * ```
   */
  scheduleAt<A = undefined>(t: Duration, fn: EventCallback<A>, label?: string, arg?: A): EventHandle {
    const at = parseDuration(t, 'time');
    return this.scheduleAtNs(at, fn, label, arg);
  }

  private scheduleAtNs<A>(at: Nanoseconds, fn: EventCallback<A>, label: string | undefined, arg: A | undefined): EventHandle {
    if (typeof fn !== 'function') {
      throw new L2SimError('invalid-argument', 'invalid event callback: expected a function', {});
    }
    if (at < this._now) {
      throw new L2SimError(
        'invalid-argument',
        `cannot schedule event${label === undefined ? '' : ` "${label}"`} at ${formatTime(at)} s: it is in the past (now ${formatTime(this._now)} s)`,
        { time: at, now: this._now },
      );
    }
    const seq = this.nextSeq;
    const slot = this.push(at, fn as EventCallback<any>, arg);
    this.labels[slot] = label;
    return new Handle(this, slot, seq, at);
  }

  /**
   * Fast internal scheduling without a handle or validation: run `fn(arg)` at now + `delayNs`.
   * Used by the model's hot paths (frame delivery). `delayNs` must be a non-negative integer.
   *
   * @param delayNs - delay in integer nanoseconds, not negative
   * @param fn - the callback
   * @param arg - its argument
   * @internal
   */
  post<A>(delayNs: Nanoseconds, fn: EventCallback<A>, arg: A): void {
    this.push(this._now + delayNs, fn as EventCallback<any>, arg);
  }

  private push(t: Nanoseconds, fn: EventCallback<any>, arg: unknown): number {
    const seq = this.nextSeq++;
    let slot: number;
    if (this.freeSlots.length > 0) {
      slot = this.freeSlots.pop()!;
      this.fns[slot] = fn;
      this.args[slot] = arg;
      this.labels[slot] = undefined;
    } else {
      slot = this.fns.length;
      this.fns.push(fn);
      this.args.push(arg);
      this.labels.push(undefined);
      if (slot >= this.slotSeq.length) {
        const s = new Float64Array(this.slotSeq.length * 2);
        s.set(this.slotSeq);
        this.slotSeq = s;
      }
    }
    this.slotSeq[slot] = seq;
    if (this.size === this.heapT.length) this.grow();
    // Sift up.
    const hT = this.heapT;
    const hS = this.heapS;
    const hI = this.heapId;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hT[p]!;
      if (pt < t || (pt === t && hS[p]! < seq)) break;
      hT[i] = pt;
      hS[i] = hS[p]!;
      hI[i] = hI[p]!;
      i = p;
    }
    hT[i] = t;
    hS[i] = seq;
    hI[i] = slot;
    this.live++;
    return slot;
  }

  private grow(): void {
    const n = this.heapT.length * 2;
    const t = new Float64Array(n);
    t.set(this.heapT);
    const s = new Float64Array(n);
    s.set(this.heapS);
    const id = new Int32Array(n);
    id.set(this.heapId);
    this.heapT = t;
    this.heapS = s;
    this.heapId = id;
  }

  /** Remove the heap's root (the earliest event). */
  private popRoot(): void {
    const hT = this.heapT;
    const hS = this.heapS;
    const hI = this.heapId;
    const n = --this.size;
    if (n === 0) return;
    const t = hT[n]!;
    const s = hS[n]!;
    const id = hI[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n) {
        const lt = hT[l]!;
        const rt = hT[r]!;
        if (rt < lt || (rt === lt && hS[r]! < hS[l]!)) c = r;
      }
      const ct = hT[c]!;
      if (t < ct || (t === ct && s < hS[c]!)) break;
      hT[i] = ct;
      hS[i] = hS[c]!;
      hI[i] = hI[c]!;
      i = c;
    }
    hT[i] = t;
    hS[i] = s;
    hI[i] = id;
  }

  /** @internal */
  cancelSlot(slot: number, seq: number): boolean {
    if (this.slotSeq[slot] !== seq || this.fns[slot] === null || this.fns[slot] === undefined) return false;
    this.fns[slot] = null;
    this.args[slot] = undefined;
    this.live--;
    return true;
  }

  /** @internal */
  isPending(slot: number, seq: number): boolean {
    return this.slotSeq[slot] === seq && this.fns[slot] !== null && this.fns[slot] !== undefined;
  }

  /** Drop dead events sitting at the root of the heap; return the next live time or Infinity. */
  private peekTime(): number {
    while (this.size > 0) {
      const slot = this.heapId[0]!;
      if (this.fns[slot] !== null) return this.heapT[0]!;
      this.popRoot();
      this.freeSlots.push(slot);
      this.slotSeq[slot] = -1;
    }
    return Infinity;
  }

  /** The instant of the next live event, or `undefined` when the queue is empty. */
  get nextEventTime(): Nanoseconds | undefined {
    const t = this.peekTime();
    return t === Infinity ? undefined : t;
  }

  /**
   * Run exactly one event (the earliest), advancing `now` to its time.
   *
   * @returns `true` if an event ran, `false` if the queue was empty
   * @throws L2SimError `invalid-state` when called from inside an event; `event-failed` when the event threw
   * @example
   * ```ts
   * while (loop.step()) {}
   * ```
   */
  step(): boolean {
    this.enter();
    try {
      if (this.peekTime() === Infinity) return false;
      this.runOne();
      return true;
    } finally {
      this.running = false;
    }
  }

  /**
   * Run every event up to and including `now + d`, then set the clock to `now + d`.
   *
   * @param d - how far to advance
   * @param options - `maxEvents` bound
   * @returns what ran and why the run stopped
   * @throws L2SimError `invalid-argument` for a malformed duration, `invalid-state` when re-entered,
   *   `event-failed` when an event threw
   * @example
   * ```ts
   * sim.runFor('10s');
   * ```
   */
  runFor(d: Duration, options: RunOptions = {}): RunResult {
    const span = parseDuration(d, 'duration');
    return this.runTo(this._now + span, options);
  }

  /**
   * Run every event up to and including instant `t`, then set the clock to `t`.
   *
   * @param t - the target instant (nanoseconds or a duration string from time zero), not in the past
   * @param options - `maxEvents` bound
   * @returns what ran and why the run stopped
   * @throws L2SimError `invalid-argument` when `t` is malformed or in the past; `invalid-state` when
   *   re-entered; `event-failed` when an event threw
   * @example
   * ```ts
   * sim.runUntil('3s');
   * ```
   */
  runUntil(t: Duration, options: RunOptions = {}): RunResult {
    const at = parseDuration(t, 'time');
    if (at < this._now) {
      throw new L2SimError('invalid-argument', `cannot run until ${formatTime(at)} s: it is in the past (now ${formatTime(this._now)} s)`, {
        time: at,
        now: this._now,
      });
    }
    return this.runTo(at, options);
  }

  /**
   * Run until no event is left. The clock stays at the last event's time.
   *
   * Without `maxEvents`, a run that is still busy after {@link EventLoop.IDLE_LIMIT} events
   * (50 million) is taken for one that never ends and throws `event-limit`; with `maxEvents` (a
   * number, or `Infinity` for no bound) it returns `stoppedBy: 'max-events'` instead.
   *
   * @param options - `maxEvents` bound
   * @returns what ran and why the run stopped
   * @throws L2SimError `event-limit` when the default bound is reached; `invalid-state` when
   *   re-entered; `event-failed` when an event threw
   * @example
   * ```ts
   * sim.runUntilIdle();                         // throws event-limit if it never settles
   * sim.runUntilIdle({ maxEvents: 1_000_000 }); // stops after a million events
   * ```
   */
  runUntilIdle(options: RunOptions = {}): RunResult {
    this.checkMax(options);
    if (options.maxEvents !== undefined) return this.runTo(Infinity, options);
    const r = this.runTo(Infinity, { maxEvents: EventLoop.IDLE_LIMIT });
    if (r.stoppedBy === 'max-events') {
      throw new L2SimError(
        'event-limit',
        `runUntilIdle stopped after ${EventLoop.IDLE_LIMIT} events at ${formatTime(this._now)} s without the simulation becoming idle (something re-arms forever); use runFor, or pass { maxEvents }`,
        { executed: r.executed, now: this._now },
      );
    }
    return r;
  }

  /** How many events `runUntilIdle()` runs, without an explicit `maxEvents`, before it gives up. */
  static readonly IDLE_LIMIT = 50_000_000;

  private runTo(target: number, options: RunOptions): RunResult {
    const max = this.checkMax(options);
    this.enter();
    let executed = 0;
    try {
      for (;;) {
        const t = this.peekTime();
        if (t === Infinity && target === Infinity) return { executed, stoppedBy: 'idle' };
        if (t > target) {
          this._now = target;
          return { executed, stoppedBy: 'time' };
        }
        if (executed >= max) return { executed, stoppedBy: 'max-events' };
        this.runOne();
        executed++;
      }
    } finally {
      this.running = false;
    }
  }

  /** @internal */
  protected checkMax(options: RunOptions): number {
    if (options === null || typeof options !== 'object') {
      throw new L2SimError('invalid-argument', `invalid run options ${String(options)}: expected { maxEvents? }`, {});
    }
    const m = options.maxEvents;
    if (m === undefined || m === Infinity) return Infinity;
    if (!Number.isSafeInteger(m) || m < 0) {
      throw new L2SimError('invalid-argument', `invalid maxEvents ${String(m)}: expected a non-negative integer or Infinity`, {
        maxEvents: m,
      });
    }
    return m;
  }

  private enter(): void {
    if (this.running) {
      throw new L2SimError('invalid-state', 'cannot run the event loop from inside an event (re-entrant run)', {
        now: this._now,
      });
    }
    this.running = true;
  }

  /** Pop the root (known live) and execute it. */
  private runOne(): void {
    const slot = this.heapId[0]!;
    const t = this.heapT[0]!;
    this.popRoot();
    const fn = this.fns[slot]!;
    const arg = this.args[slot];
    this.fns[slot] = null;
    this.args[slot] = undefined;
    this.slotSeq[slot] = -1;
    this.freeSlots.push(slot);
    this.live--;
    this._now = t;
    this.executedTotal++;
    try {
      fn(arg);
    } catch (e) {
      if (e instanceof L2SimError && (e.code === 'event-failed' || e.code === 'storm')) throw e;
      const label = this.labels[slot] ?? (fn.name === '' ? 'anonymous' : fn.name);
      const msg = e instanceof Error ? e.message : String(e);
      throw new L2SimError('event-failed', `event "${label}" at ${formatTime(t)} s failed: ${msg}`, { time: t, label }, { cause: e });
    }
  }
}
