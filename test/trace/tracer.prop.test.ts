// Model-based test of Tracer (DESIGN house rule 6): random subscribe / unsubscribe / emit sequences
// against a naive list of subscriptions. After every command the calls an emit makes, in order, and
// the `listening` flags agree with the model.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { TRACE_KINDS, type TraceEvent, type TraceKind, Tracer } from '../../src/index.js';

const KINDS = ['link:state', 'frame:drop', 'fdb:learn'] as const satisfies readonly TraceKind[];
type Kind = (typeof KINDS)[number];

interface Sub {
  kind: Kind | '*';
  fn: number;
  active: boolean;
  off: () => void;
}
interface World {
  t: Tracer;
  subs: Sub[];
  fns: ((e: TraceEvent) => void)[];
  calls: number[];
}

const event = (kind: Kind): TraceEvent =>
  kind === 'link:state'
    ? { kind, time: 0, ns: 'n', dev: 'd', adminUp: true, carrier: true, operstate: 'UP' }
    : kind === 'frame:drop'
      ? ({ kind, time: 0, ns: 'n', dev: 'd', reason: 'no-route', detail: '', frame: undefined } as unknown as TraceEvent)
      : ({ kind, time: 0, ns: 'n', bridge: 'b', mac: '02:00:00:00:00:01', vlan: 0, port: 'p' } as unknown as TraceEvent);

function checkFlags(w: World): void {
  for (const k of TRACE_KINDS) {
    const want = w.subs.some((s) => s.active && (s.kind === '*' || s.kind === k));
    if (w.t.listening[k] !== want) throw new Error(`listening[${k}] is ${w.t.listening[k]}, model ${want}`);
  }
}

class Subscribe implements fc.Command<object, World> {
  constructor(readonly kind: Kind | '*', readonly fn: number) {}
  check = (): boolean => true;
  run(_m: object, w: World): void {
    const off = this.kind === '*' ? w.t.on('*', w.fns[this.fn]!) : w.t.on(this.kind, w.fns[this.fn]! as never);
    w.subs.push({ kind: this.kind, fn: this.fn, active: true, off });
    checkFlags(w);
  }
  toString = (): string => `on(${this.kind}, f${this.fn})`;
}

class Unsubscribe implements fc.Command<object, World> {
  constructor(readonly index: number) {}
  check = (): boolean => true;
  run(_m: object, w: World): void {
    if (w.subs.length === 0) return;
    const s = w.subs[this.index % w.subs.length]!;
    s.off(); // a second call does nothing, in the model as in the tracer
    s.active = false;
    checkFlags(w);
  }
  toString = (): string => `off(#${this.index})`;
}

class Emit implements fc.Command<object, World> {
  constructor(readonly kind: Kind) {}
  check = (): boolean => true;
  run(_m: object, w: World): void {
    w.calls.length = 0;
    w.t.emit(event(this.kind));
    const want = w.subs.filter((s) => s.active && (s.kind === '*' || s.kind === this.kind)).map((s) => s.fn);
    if (JSON.stringify(w.calls) !== JSON.stringify(want)) throw new Error(`emit ${this.kind} called ${JSON.stringify(w.calls)}, model ${JSON.stringify(want)}`);
  }
  toString = (): string => `emit(${this.kind})`;
}

describe('Tracer against a model', () => {
  it('calls exactly the active subscriptions, in order, and keeps `listening` right', () => {
    const kind = fc.constantFrom<Kind | '*'>(...KINDS, '*');
    const commands = [
      fc.tuple(kind, fc.integer({ min: 0, max: 2 })).map(([k, f]) => new Subscribe(k, f)),
      fc.nat().map((i) => new Unsubscribe(i)),
      fc.constantFrom(...KINDS).map((k) => new Emit(k)),
    ];
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60 }), (cmds) => {
        const calls: number[] = [];
        // three functions; the same one may be subscribed many times
        const fns = [0, 1, 2].map((i) => (): void => {
          calls.push(i);
        });
        fc.modelRun(() => ({ model: {}, real: { t: new Tracer(), subs: [], fns, calls } }), cmds);
      }),
    );
  });
});
