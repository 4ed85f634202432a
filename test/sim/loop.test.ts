import { describe, expect, it } from 'vitest';
import { EventLoop, L2SimError } from '../../src/sim/index.js';
import { expectCode } from '../support/errors.js';

describe('EventLoop', () => {
  it('starts at time zero with nothing pending', () => {
    const loop = new EventLoop();
    expect(loop.now).toBe(0);
    expect(loop.pendingEvents).toBe(0);
    expect(loop.step()).toBe(false);
    expect(loop.runUntilIdle()).toEqual({ executed: 0, stoppedBy: 'idle' });
  });

  it('orders events by time, then FIFO within an instant', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.schedule('2ms', () => log.push('c'));
    loop.schedule('1ms', () => log.push('a'));
    loop.schedule('1ms', () => log.push('b'));
    loop.schedule(0, () => log.push('first'));
    loop.runUntilIdle();
    expect(log).toEqual(['first', 'a', 'b', 'c']);
    expect(loop.now).toBe(2_000_000);
  });

  it('puts a zero-delay event at the back of the current instant', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.schedule('1ms', () => {
      log.push('a');
      loop.schedule(0, () => log.push('a-child'));
    });
    loop.schedule('1ms', () => log.push('b'));
    loop.runUntilIdle();
    expect(log).toEqual(['a', 'b', 'a-child']);
  });

  it('skips cancelled events and reports cancellation once', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    const h = loop.schedule('1ms', () => log.push('x'));
    loop.schedule('2ms', () => log.push('y'));
    expect(h.pending).toBe(true);
    expect(loop.pendingEvents).toBe(2);
    expect(h.cancel()).toBe(true);
    expect(h.cancel()).toBe(false);
    expect(h.pending).toBe(false);
    expect(loop.pendingEvents).toBe(1);
    loop.runUntilIdle();
    expect(log).toEqual(['y']);
  });

  it('does not let a stale handle cancel an event that reused its slot', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    const h = loop.schedule(0, () => log.push('first'));
    loop.runUntilIdle();
    loop.schedule(0, () => log.push('second'));
    expect(h.cancel()).toBe(false);
    loop.runUntilIdle();
    expect(log).toEqual(['first', 'second']);
  });

  it('throws when scheduling in the past', () => {
    const loop = new EventLoop();
    loop.runFor('1s');
    expectCode(() => loop.scheduleAt('500ms', () => {}), 'invalid-argument');
    expectCode(() => loop.schedule(-1, () => {}), 'invalid-argument');
    expectCode(() => loop.runUntil('0.5s'), 'invalid-argument');
    expect(loop.pendingEvents).toBe(0);
  });

  it('rejects a callback that is not a function', () => {
    const loop = new EventLoop();
    expectCode(() => loop.schedule(0, 42 as unknown as () => void), 'invalid-argument');
    expect(loop.pendingEvents).toBe(0);
  });

  it('throws when a run is re-entered from inside an event', () => {
    const loop = new EventLoop();
    let inner: unknown;
    loop.schedule('1ms', () => {
      try {
        loop.runFor('1ms');
      } catch (e) {
        inner = e;
      }
    });
    loop.runUntilIdle();
    expect(inner).toBeInstanceOf(L2SimError);
    expect((inner as L2SimError).code).toBe('invalid-state');
  });

  it('stops a run on an exception and rethrows it with the time and label', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.schedule('1ms', () => {
      throw new Error('boom');
    }, 'exploder');
    loop.schedule('2ms', () => log.push('later'));
    const err = expectCode(() => loop.runUntilIdle(), 'event-failed');
    expect(err.message).toContain('exploder');
    expect(err.message).toContain('0.001000000');
    expect(err.details).toMatchObject({ time: 1_000_000, label: 'exploder' });
    expect((err.cause as Error).message).toBe('boom');
    expect(loop.now).toBe(1_000_000);
    expect(log).toEqual([]);
    // The loop is usable afterwards.
    loop.runUntilIdle();
    expect(log).toEqual(['later']);
  });

  it('runFor advances the clock even when idle, and includes events at the boundary', () => {
    const loop = new EventLoop();
    const log: number[] = [];
    loop.schedule('10ms', () => log.push(loop.now));
    loop.schedule('11ms', () => log.push(loop.now));
    expect(loop.runFor('10ms')).toEqual({ executed: 1, stoppedBy: 'time' });
    expect(loop.now).toBe(10_000_000);
    expect(log).toEqual([10_000_000]);
    loop.runUntil('1s');
    expect(loop.now).toBe(1_000_000_000);
    expect(log).toEqual([10_000_000, 11_000_000]);
  });

  it('bounds every run with maxEvents', () => {
    const loop = new EventLoop();
    let n = 0;
    const tick = (): void => {
      n++;
      loop.schedule('1ms', tick);
    };
    loop.schedule(0, tick);
    expect(loop.runUntilIdle({ maxEvents: 5 })).toEqual({ executed: 5, stoppedBy: 'max-events' });
    expect(n).toBe(5);
    expect(loop.runFor('1s', { maxEvents: 3 })).toEqual({ executed: 3, stoppedBy: 'max-events' });
    expect(loop.now).toBe(7_000_000);
    expectCode(() => loop.runUntilIdle({ maxEvents: -1 }), 'invalid-argument');
  });

  it('step runs exactly one event', () => {
    const loop = new EventLoop();
    const log: string[] = [];
    loop.schedule('1ms', () => log.push('a'));
    loop.schedule('2ms', () => log.push('b'));
    expect(loop.step()).toBe(true);
    expect(log).toEqual(['a']);
    expect(loop.now).toBe(1_000_000);
    expect(loop.nextEventTime).toBe(2_000_000);
  });

  it('passes the scheduled argument to the callback', () => {
    const loop = new EventLoop();
    let got: unknown;
    loop.schedule(0, (x: { v: number }) => (got = x.v), 'arg', { v: 7 });
    loop.runUntilIdle();
    expect(got).toBe(7);
  });

  it('handles many events (heap growth) in order', () => {
    const loop = new EventLoop();
    const times: number[] = [];
    for (let i = 0; i < 1000; i++) loop.schedule((i * 7919) % 1000, () => times.push(loop.now));
    loop.runUntilIdle();
    expect(times.length).toBe(1000);
    for (let i = 1; i < times.length; i++) expect(times[i]! >= times[i - 1]!).toBe(true);
  });
});

describe('run options', () => {
  it('null or non-object options are invalid-argument before anything runs', () => {
    const loop = new EventLoop();
    let ran = 0;
    loop.schedule(1, () => void ran++);
    expectCode(() => loop.runFor(10, null as never), 'invalid-argument');
    expectCode(() => loop.runUntil(10, 5 as never), 'invalid-argument');
    expectCode(() => loop.runUntilIdle(null as never), 'invalid-argument');
    expect(ran).toBe(0);
    expect(loop.now).toBe(0);
  });
});
