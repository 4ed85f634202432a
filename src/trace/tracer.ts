import { L2SimError } from '../errors/index.js';
import type { TraceEvent, TraceKind } from './events.js';
import { TRACE_KINDS } from './events.js';

/** A trace listener for one kind. */
export type TraceListener<K extends TraceKind> = (event: Extract<TraceEvent, { kind: K }>) => void;

/**
 * The event bus of a simulation. Emitters check `listening[kind]` before building an event, so
 * tracing costs one property read per emission point when nobody listens.
 *
 * @example
 * ```ts
 * const off = tracer.on('frame:drop', (e) => console.log(e.dev, e.reason));
 * off(); // unsubscribe
 * ```
 */
export class Tracer {
  /** Whether anyone listens to each kind. Read by emitters on the hot path; do not write. */
  readonly listening: Record<TraceKind, boolean>;
  private readonly listeners = new Map<TraceKind, ((e: TraceEvent) => void)[]>();

  constructor() {
    const l = {} as Record<TraceKind, boolean>;
    for (const k of TRACE_KINDS) l[k] = false;
    this.listening = l;
  }

  /**
   * Listen to one kind of event, or to every kind with `'*'`.
   *
   * @param kind - a trace kind, or `'*'`
   * @param fn - the listener
   * @returns a function that unsubscribes
   * @throws L2SimError `invalid-argument` for an unknown kind or a listener that is not a function
   * @example
   * ```ts
   * const off = sim.tracer.on('link:state', (e) => console.log(`${e.ns}/${e.dev} ${e.operstate}`));
   * pod1.device('eth0').down(); // pod1/eth0 DOWN, then node/veth-pod1 DOWN (its peer)
   * off();
   * ```
   */
  on<K extends TraceKind>(kind: K, fn: TraceListener<K>): () => void;
  on(kind: '*', fn: (e: TraceEvent) => void): () => void;
  on(kind: TraceKind | '*', fn: (e: never) => void): () => void {
    if (typeof fn !== 'function') throw new L2SimError('invalid-argument', 'invalid trace listener: expected a function', {});
    const kinds: readonly TraceKind[] = kind === '*' ? TRACE_KINDS : [kind as TraceKind];
    if (kind !== '*' && !TRACE_KINDS.includes(kind as TraceKind)) {
      throw new L2SimError('invalid-argument', `unknown trace kind "${String(kind)}": expected one of ${TRACE_KINDS.join(', ')} or '*'`, { kind });
    }
    // A wrapper of our own per subscription, so that unsubscribing removes this subscription only,
    // even when the same function is subscribed more than once.
    const g = fn as (e: TraceEvent) => void;
    const f = (e: TraceEvent): void => g(e);
    for (const k of kinds) {
      const arr = this.listeners.get(k) ?? [];
      this.listeners.set(k, [...arr, f]);
      this.listening[k] = true;
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      for (const k of kinds) {
        const arr = (this.listeners.get(k) ?? []).filter((x) => x !== f);
        this.listeners.set(k, arr);
        this.listening[k] = arr.length > 0;
      }
    };
  }

  /**
   * Deliver an event to its listeners, in subscription order.
   *
   * @param event - the event
   * @example
   * ```ts
   * const tracer = new Tracer();
   * tracer.on('*', (e) => console.log(e.kind));
   * tracer.emit({ kind: 'link:state', time: 0, ns: 'pod1', dev: 'eth0', adminUp: true, carrier: true, operstate: 'UP' }); // logs 'link:state'
   * ```
   */
  emit(event: TraceEvent): void {
    const arr = this.listeners.get(event.kind);
    if (arr === undefined) return;
    for (const f of arr) f(event);
  }
}
