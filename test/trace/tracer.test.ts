// Tracer: subscription order, unsubscribing one subscription at a time, the `listening` flags that
// emitters read, and TraceRecorder's subscriptions.
import { describe, expect, it } from 'vitest';
import { Simulator, type TraceEvent, TraceRecorder, Tracer } from '../../src/index.js';
import { expectCode } from '../support/errors.js';

const ev = (dev: string): TraceEvent => ({ kind: 'link:state', time: 0, ns: 'n', dev, adminUp: true, carrier: true, operstate: 'UP' });

describe('Tracer', () => {
  it('calls listeners in subscription order; `*` listeners take their place in that order', () => {
    const t = new Tracer();
    const calls: string[] = [];
    t.on('link:state', () => calls.push('a'));
    t.on('*', () => calls.push('star'));
    t.on('link:state', () => calls.push('b'));
    t.emit(ev('eth0'));
    expect(calls).toEqual(['a', 'star', 'b']);
  });

  it('the same function subscribed twice is called twice, and each unsubscribe removes one subscription', () => {
    const t = new Tracer();
    const calls: string[] = [];
    const f = (e: TraceEvent): void => {
      calls.push(`f ${e.kind === 'link:state' ? e.dev : ''}`);
    };
    const off1 = t.on('link:state', f);
    t.on('link:state', () => calls.push('g'));
    const off2 = t.on('link:state', f);
    t.emit(ev('1'));
    expect(calls).toEqual(['f 1', 'g', 'f 1']);
    calls.length = 0;
    off1();
    t.emit(ev('2'));
    expect(calls).toEqual(['g', 'f 2']); // the first subscription went, the second stays in its place
    expect(t.listening['link:state']).toBe(true);
    off1(); // again: nothing
    off2();
    calls.length = 0;
    t.emit(ev('3'));
    expect(calls).toEqual(['g']);
  });

  it('`listening` turns false when the last listener of a kind goes', () => {
    const t = new Tracer();
    expect(t.listening['frame:drop']).toBe(false);
    const off = t.on('*', () => {});
    const off2 = t.on('frame:drop', () => {});
    expect(t.listening['frame:drop']).toBe(true);
    off();
    expect(t.listening['frame:drop']).toBe(true);
    expect(t.listening['frame:rx']).toBe(false);
    off2();
    expect(t.listening['frame:drop']).toBe(false);
  });

  it('rejects an unknown kind or a non-function listener and subscribes nothing', () => {
    const t = new Tracer();
    expectCode(() => t.on('frame:bogus' as 'frame:rx', () => {}), 'invalid-argument');
    expectCode(() => t.on('frame:rx', 42 as unknown as () => void), 'invalid-argument');
    expect(Object.values(t.listening).some((x) => x)).toBe(false);
  });
});

describe('TraceRecorder', () => {
  it('an unknown kind among valid ones is refused before anything is subscribed', () => {
    const sim = new Simulator({ seed: 1 });
    expectCode(() => sim.record({ kinds: ['frame:tx', 'bogus' as 'frame:rx'] }), 'invalid-argument');
    expect(sim.tracer.listening['frame:tx']).toBe(false);
    const t = new Tracer();
    expectCode(() => new TraceRecorder(t, { kinds: ['frame:tx', 'bogus' as 'frame:rx'] }), 'invalid-argument');
    expect(t.listening['frame:tx']).toBe(false);
  });

  it('a kind listed twice is recorded once', () => {
    const t = new Tracer();
    const rec = new TraceRecorder(t, { kinds: ['link:state', 'link:state'] });
    t.emit(ev('eth0'));
    expect(rec.events).toHaveLength(1);
    rec.stop();
    expect(t.listening['link:state']).toBe(false);
  });
});
