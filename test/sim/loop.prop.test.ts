// Model-based test: the EventLoop against a naive reference (a sorted array), with
// cancellations, zero-delay scheduling and nested scheduling from inside events.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { EventLoop, type EventHandle } from '../../src/sim/index.js';

interface RefEvent {
  id: number;
  time: number;
  seq: number;
  dead: boolean;
  /** When run, schedules a child with this delay (or none). */
  childDelay: number | null;
}

class Model {
  now = 0;
  seq = 0;
  events: RefEvent[] = [];
  log: number[] = [];
  nextId = 0;
  add(time: number, childDelay: number | null): RefEvent {
    const e = { id: this.nextId++, time, seq: this.seq++, dead: false, childDelay };
    this.events.push(e);
    return e;
  }
  private pop(limit: number): RefEvent | undefined {
    const live = this.events.filter((e) => !e.dead && e.time <= limit);
    if (live.length === 0) return undefined;
    live.sort((a, b) => a.time - b.time || a.seq - b.seq);
    const e = live[0]!;
    this.events = this.events.filter((x) => x !== e);
    return e;
  }
  run(limit: number, max: number): number {
    let n = 0;
    while (n < max) {
      const e = this.pop(limit);
      if (e === undefined) break;
      this.now = e.time;
      this.log.push(e.id);
      n++;
      if (e.childDelay !== null) this.add(this.now + e.childDelay, null);
    }
    return n;
  }
  get pending(): number {
    return this.events.filter((e) => !e.dead).length;
  }
}

interface Real {
  loop: EventLoop;
  handles: EventHandle[];
  log: number[];
  nextId: number;
}

function scheduleReal(r: Real, delay: number, childDelay: number | null): EventHandle {
  const id = r.nextId++;
  return r.loop.schedule(delay, () => {
    r.log.push(id);
    if (childDelay !== null) scheduleReal(r, childDelay, null);
  });
}

type Cmd = fc.Command<Model, Real>;

class ScheduleCmd implements Cmd {
  constructor(readonly delay: number, readonly childDelay: number | null) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    handleIds.push(m.nextId);
    m.add(m.now + this.delay, this.childDelay);
    r.handles.push(scheduleReal(r, this.delay, this.childDelay));
    if (r.loop.pendingEvents !== m.pending) throw new Error('pending mismatch after schedule');
  }
  toString(): string {
    return `schedule(${this.delay}, child=${String(this.childDelay)})`;
  }
}

class CancelCmd implements Cmd {
  constructor(readonly pick: number) {}
  check(m: Model): boolean {
    return m.nextId > 0;
  }
  run(m: Model, r: Real): void {
    const i = this.pick % r.handles.length;
    // Top-level schedules are the only ones with handles; their ids are assigned in order, but
    // children also take ids, so find the model event by handle order.
    const h = r.handles[i]!;
    const ref = m.events.find((e) => e.id === handleIds[i] && !e.dead);
    const expected = ref !== undefined;
    const got = h.cancel();
    if (got !== expected) throw new Error(`cancel returned ${got}, model ${expected}`);
    if (ref) ref.dead = true;
  }
  toString(): string {
    return `cancel(#${this.pick})`;
  }
}

class RunForCmd implements Cmd {
  constructor(readonly d: number, readonly max: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const target = m.now + this.d;
    const n = m.run(target, this.max);
    const res = r.loop.runFor(this.d, { maxEvents: this.max });
    if (res.executed !== n) throw new Error(`executed ${res.executed}, model ${n}`);
    if (res.stoppedBy !== 'max-events') m.now = target;
    check(m, r);
  }
  toString(): string {
    return `runFor(${this.d}, max=${this.max})`;
  }
}

class StepCmd implements Cmd {
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const n = m.run(Infinity, 1);
    const ran = r.loop.step();
    if (ran !== (n === 1)) throw new Error('step mismatch');
    check(m, r);
  }
  toString(): string {
    return 'step()';
  }
}

class IdleCmd implements Cmd {
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    m.run(Infinity, Infinity);
    r.loop.runUntilIdle();
    check(m, r);
  }
  toString(): string {
    return 'runUntilIdle()';
  }
}

// Handle index -> model id (top-level schedules only).
let handleIds: number[] = [];

function check(m: Model, r: Real): void {
  if (r.loop.now !== m.now) throw new Error(`now ${r.loop.now}, model ${m.now}`);
  if (JSON.stringify(r.log) !== JSON.stringify(m.log)) throw new Error(`order ${r.log.join(',')} vs model ${m.log.join(',')}`);
  if (r.loop.pendingEvents !== m.pending) throw new Error(`pending ${r.loop.pendingEvents}, model ${m.pending}`);
}

describe('EventLoop (model-based)', () => {
  it('matches a naive sorted-array reference', () => {
    const delay = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1000 }));
    const commands = [
      fc.tuple(delay, fc.option(delay, { nil: null })).map(([d, c]) => new ScheduleCmd(d, c) as Cmd),
      fc.nat().map((p) => new CancelCmd(p) as Cmd),
      fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 10 })).map(([d, mx]) => new RunForCmd(d, mx) as Cmd),
      fc.constant(new StepCmd() as Cmd),
      fc.constant(new IdleCmd() as Cmd),
    ];
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), (cmds) => {
        handleIds = [];
        const model = new Model();
        const real: Real = { loop: new EventLoop(), handles: [], log: [], nextId: 0 };
        fc.modelRun(() => ({ model, real }), cmds);
        model.run(Infinity, Infinity);
        real.loop.runUntilIdle();
        check(model, real);
      }),
    );
  });
});
