// ArpTable on its own: the NUD state machine of reference §5, driven with its own clock
// (`now` passed in, `nextDeadline()`, `poll(now)`), no simulator involved.
import { describe, expect, it } from 'vitest';
import { ArpTable, DEFAULT_NEIGH_PARAMS, type NeighGcShared, NUD_TRANSITIONS } from '../../src/neigh/index.js';
import { expectCode } from '../support/errors.js';
import { harness, ipv, macv, MS, params, S, timeline } from '../support/arp-harness.js';

const A = ipv('10.0.0.2');
const B = ipv('10.0.0.3');
const M1 = macv('02:00:00:00:00:02');
const M2 = macv('02:00:00:00:00:22');
const unicastReply = { reply: true, unicastToUs: true, garp: false, create: false };
const broadcastReply = { reply: true, unicastToUs: false, garp: false, create: false };
const overheardRequest = { reply: false, unicastToUs: false, garp: false, create: false };

describe('ArpTable defaults', () => {
  it('has the kernel defaults of arp_tbl (reference §5.2)', () => {
    expect(DEFAULT_NEIGH_PARAMS).toEqual({
      baseReachableTime: 30 * S,
      retransTime: 1 * S,
      delayFirstProbeTime: 5 * S,
      mcastSolicit: 3,
      ucastSolicit: 3,
      appSolicit: 0,
      mcastResolicit: 0,
      unresQlen: 101,
      gcStaleTime: 60 * S,
      locktime: 1 * S,
    });
  });

  it('rejects options without the three required hooks', () => {
    expectCode(() => new ArpTable({ hooks: {} as never }), 'invalid-argument');
    expectCode(() => new ArpTable(null as never), 'invalid-argument');
    expectCode(() => new ArpTable({ hooks: { solicit: () => {}, transmit: () => {} } as never }), 'invalid-argument');
  });

  it('starts empty with no deadline', () => {
    const h = harness();
    expect(h.table.size).toBe(0);
    expect(h.table.entries()).toEqual([]);
    expect(h.table.nextDeadline()).toBeUndefined();
  });
});

describe('INCOMPLETE: resolution', () => {
  it('NONE -> INCOMPLETE on the first packet: queued, broadcast probe at once, timer +retrans', () => {
    const h = harness();
    expect(h.table.output(1, A, 'p1', 0)).toBe(-1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 NONE->INCOMPLETE', 'solicit dev1 10.0.0.2 broadcast hint=p1']);
    const e = h.table.get('10.0.0.2', 1)!;
    expect(e).toMatchObject({ state: 'INCOMPLETE', lladdr: null, queued: 1, timer: 1 * S, probes: DEFAULT_NEIGH_PARAMS.ucastSolicit + 1 });
    expect(h.table.nextDeadline()).toBe(1 * S);
  });

  it('sends mcast_solicit (3) broadcast probes 1 s apart, FAILED at 3 s, every queued packet error-reported in order', () => {
    const h = harness();
    h.table.output(1, A, 'p1', 0);
    h.now = 500 * MS;
    h.table.output(1, A, 'p2', h.now);
    h.take();
    expect(timeline(h, 10 * S)).toEqual([
      '1s solicit dev1 10.0.0.2 broadcast hint=p2',
      '2s solicit dev1 10.0.0.2 broadcast hint=p2',
      '3s changed dev1 10.0.0.2 INCOMPLETE->FAILED',
      '3s failed dev1 p1 (10.0.0.2)',
      '3s failed dev1 p2 (10.0.0.2)',
    ]);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'FAILED', queued: 0, lladdr: null, timer: null });
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('FAILED -> INCOMPLETE: the next packet starts a new round of broadcast probes', () => {
    const h = harness();
    h.table.output(1, A, 'p1', 0);
    h.runTo(3 * S);
    h.take();
    expect(h.table.output(1, A, 'p2', 4 * S)).toBe(-1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 FAILED->INCOMPLETE', 'solicit dev1 10.0.0.2 broadcast hint=p2']);
    expect(timeline(h, 8 * S)).toEqual([
      '5s solicit dev1 10.0.0.2 broadcast hint=p2',
      '6s solicit dev1 10.0.0.2 broadcast hint=p2',
      '7s changed dev1 10.0.0.2 INCOMPLETE->FAILED',
      '7s failed dev1 p2 (10.0.0.2)',
    ]);
  });

  it('INCOMPLETE -> REACHABLE on a unicast reply: the queue is sent FIFO with the new MAC', () => {
    const h = harness();
    h.table.output(1, A, 'p1', 0);
    h.table.output(1, A, 'p2', 100 * MS);
    h.take();
    expect(h.table.learn(1, A, M1, unicastReply, 200 * MS)).toBe(true);
    expect(h.take()).toEqual([
      'changed dev1 10.0.0.2 INCOMPLETE->REACHABLE 02:00:00:00:00:02',
      'transmit dev1 p1 -> 02:00:00:00:00:02',
      'transmit dev1 p2 -> 02:00:00:00:00:02',
    ]);
    // reachable time: the midpoint draw (no randomness given) = base_reachable_time
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'REACHABLE', lladdr: '02:00:00:00:00:02', queued: 0, confirmed: 200 * MS, timer: 200 * MS + 30 * S });
    expect(h.table.output(1, A, 'p3', 300 * MS)).toBe(M1);
    expect(h.take()).toEqual([]);
  });

  it('INCOMPLETE -> STALE on a broadcast reply (it does not assert reachability); the queue is still sent', () => {
    const h = harness();
    h.table.output(1, A, 'p1', 0);
    h.take();
    h.table.learn(1, A, M1, broadcastReply, 100 * MS);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 INCOMPLETE->STALE 02:00:00:00:00:02', 'transmit dev1 p1 -> 02:00:00:00:00:02']);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'STALE', timer: null });
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('INCOMPLETE -> STALE on an ARP request for us from the target (neigh_event_ns)', () => {
    const h = harness();
    h.table.output(1, A, 'p1', 0);
    h.take();
    expect(h.table.eventNs(1, A, M1, 100 * MS)).toBe(true);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 INCOMPLETE->STALE 02:00:00:00:00:02', 'transmit dev1 p1 -> 02:00:00:00:00:02']);
  });

  it('keeps at most unres_qlen packets while INCOMPLETE, discarding the oldest first (no error report for them)', () => {
    const h = harness({ params: () => params({ unresQlen: 3 }) });
    for (let i = 1; i <= 5; i++) h.table.output(1, A, `p${i}`, i * MS);
    expect(h.take()).toEqual([
      'changed dev1 10.0.0.2 NONE->INCOMPLETE',
      'solicit dev1 10.0.0.2 broadcast hint=p1',
      'discarded dev1 p1 (10.0.0.2)',
      'discarded dev1 p2 (10.0.0.2)',
    ]);
    expect(h.table.get('10.0.0.2', 1)!.queued).toBe(3);
    h.runTo(4 * S);
    expect(h.take().filter((c) => c.startsWith('failed'))).toEqual(['failed dev1 p3 (10.0.0.2)', 'failed dev1 p4 (10.0.0.2)', 'failed dev1 p5 (10.0.0.2)']);
  });

  it('keeps one packet even with unres_qlen 0 (the kernel queues the new packet after emptying the queue)', () => {
    const h = harness({ params: () => params({ unresQlen: 0 }) });
    h.table.output(1, A, 'p1', 0);
    h.table.output(1, A, 'p2', 0);
    expect(h.take()).toContain('discarded dev1 p1 (10.0.0.2)');
    h.table.learn(1, A, M1, unicastReply, 1);
    expect(h.take().filter((c) => c.startsWith('transmit'))).toEqual(['transmit dev1 p2 -> 02:00:00:00:00:02']);
  });

  it('uses mcast_solicit and retrans_time of the device', () => {
    const h = harness({ params: () => params({ mcastSolicit: 2, retransTime: 250 * MS }) });
    h.table.output(1, A, 'p1', 0);
    h.take();
    expect(timeline(h, 5 * S)).toEqual([
      '0.25s solicit dev1 10.0.0.2 broadcast hint=p1',
      '0.5s changed dev1 10.0.0.2 INCOMPLETE->FAILED',
      '0.5s failed dev1 p1 (10.0.0.2)',
    ]);
  });

  it('never re-arms a timer closer than 10 ms (retrans_time is at least HZ/100)', () => {
    const h = harness({ params: () => params({ retransTime: 1 * MS }) });
    h.table.output(1, A, 'p1', 0);
    expect(h.table.nextDeadline()).toBe(10 * MS);
  });

  it('mcast_solicit + app_solicit = 0: NONE -> FAILED at once, no probe, and the packet is dropped without an error report', () => {
    // Kernel (__neigh_event_send): kfree_skb(NEIGH_FAILED), no arp_error_report. Checked on 6.18:
    // `ping` with net.ipv4.neigh.eth0.mcast_solicit=0 prints no "Destination Host Unreachable".
    const h = harness({ params: () => params({ mcastSolicit: 0 }) });
    expect(h.table.output(1, A, 'p1', 0)).toBe(-1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 NONE->FAILED', 'discarded dev1 p1 (10.0.0.2)']);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'FAILED', queued: 0, timer: null });
  });
});

describe('REACHABLE, STALE, DELAY, PROBE', () => {
  /** An entry that became REACHABLE at 200 ms through a first resolution. */
  const reachable = (o: Parameters<typeof harness>[0] = {}) => {
    const h = harness(o);
    h.table.output(1, A, 'p1', 0);
    h.table.learn(1, A, M1, unicastReply, 200 * MS);
    h.take();
    h.now = 200 * MS;
    return h;
  };

  it('REACHABLE -> STALE when reachable_time ran out and the entry was not used (the timer re-arms 10 ms past the boundary)', () => {
    const h = reachable();
    // At exactly confirmed + reachable_time the kernel's time_before_eq still holds: it re-arms
    // at the minimum distance (HZ/100) and goes STALE then.
    expect(timeline(h, 60 * S)).toEqual(['30.21s changed dev1 10.0.0.2 REACHABLE->STALE 02:00:00:00:00:02']);
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('REACHABLE: the fast path does not update `used` nor the state', () => {
    const h = reachable();
    for (let t = 1; t < 30; t++) expect(h.table.output(1, A, `x${t}`, t * S)).toBe(M1);
    expect(h.table.get('10.0.0.2', 1)!.used).toBe(200 * MS);
    expect(timeline(h, 31 * S)).toEqual(['30.21s changed dev1 10.0.0.2 REACHABLE->STALE 02:00:00:00:00:02']);
  });

  it('REACHABLE -> DELAY when reachable_time ran out but the entry was used within delay_first_probe_time', () => {
    // base 2 s: the reachable time (midpoint draw) is 2 s; `used` (raised to `confirmed` when the
    // timer was armed) is 0.2 s, within 5 s of the expiry at 2.21 s.
    const h = reachable({ params: () => params({ baseReachableTime: 2 * S }) });
    expect(timeline(h, 9 * S)).toEqual([
      '2.21s changed dev1 10.0.0.2 REACHABLE->DELAY 02:00:00:00:00:02',
      '7.21s changed dev1 10.0.0.2 DELAY->PROBE 02:00:00:00:00:02',
      '7.21s solicit dev1 10.0.0.2 unicast 02:00:00:00:00:02 hint=null',
      '8.21s solicit dev1 10.0.0.2 unicast 02:00:00:00:00:02 hint=null',
    ]);
  });

  it('STALE -> DELAY on use: the packet goes out at once with the cached MAC; DELAY lasts delay_first_probe_time', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.take();
    expect(h.table.output(1, A, 'p2', 40 * S)).toBe(M1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 STALE->DELAY 02:00:00:00:00:02']);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'DELAY', timer: 45 * S, used: 40 * S, queued: 0 });
    // packets in DELAY are sent too, never queued
    expect(h.table.output(1, A, 'p3', 41 * S)).toBe(M1);
  });

  it('DELAY -> PROBE -> FAILED: unicast probes at +0, +1, +2 s to the cached MAC, FAILED at +3 s, nothing to error-report', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.table.output(1, A, 'p2', 40 * S);
    h.take();
    expect(timeline(h, 60 * S)).toEqual([
      '45s changed dev1 10.0.0.2 DELAY->PROBE 02:00:00:00:00:02',
      '45s solicit dev1 10.0.0.2 unicast 02:00:00:00:00:02 hint=null',
      '46s solicit dev1 10.0.0.2 unicast 02:00:00:00:00:02 hint=null',
      '47s solicit dev1 10.0.0.2 unicast 02:00:00:00:00:02 hint=null',
      '48s changed dev1 10.0.0.2 PROBE->FAILED 02:00:00:00:00:02', // the hook reports the MAC kept internally
    ]);
    // a FAILED entry shows no lladdr; the next packet is queued behind a broadcast probe
    expect(h.table.get('10.0.0.2', 1)!.lladdr).toBeNull();
    expect(h.table.output(1, A, 'p4', 50 * S)).toBe(-1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 FAILED->INCOMPLETE 02:00:00:00:00:02', 'solicit dev1 10.0.0.2 broadcast hint=p4']);
  });

  it('packets in PROBE are sent with the cached MAC', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.table.output(1, A, 'p2', 40 * S);
    h.runTo(45500 * MS);
    expect(h.table.get('10.0.0.2', 1)!.state).toBe('PROBE');
    expect(h.table.output(1, A, 'p3', h.now)).toBe(M1);
  });

  it('PROBE -> REACHABLE on a unicast reply', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.table.output(1, A, 'p2', 40 * S);
    h.runTo(45 * S);
    h.take();
    h.table.learn(1, A, M1, unicastReply, 45 * S + 1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 PROBE->REACHABLE 02:00:00:00:00:02']);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'REACHABLE', confirmed: 45 * S + 1, timer: 75 * S + 1 });
  });

  it('DELAY -> REACHABLE on a unicast reply', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.table.output(1, A, 'p2', 40 * S);
    h.take();
    h.table.learn(1, A, M1, unicastReply, 42 * S);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 DELAY->REACHABLE 02:00:00:00:00:02']);
  });

  it('DELAY -> REACHABLE at the DELAY deadline when a confirmation arrived meanwhile without changing the state', () => {
    // A unicast reply with another MAC inside locktime is ignored, but it still refreshes
    // `confirmed` (__neigh_update sets confirmed before the override check).
    const h = reachable();
    h.runTo(40 * S);
    h.table.output(1, A, 'p2', 40 * S);
    h.take();
    h.table.learn(1, A, M2, unicastReply, 40500 * MS);
    expect(h.take()).toEqual([]);
    expect(h.table.get('10.0.0.2', 1)!.confirmed).toBe(40500 * MS);
    expect(timeline(h, 46 * S)).toEqual(['45s changed dev1 10.0.0.2 DELAY->REACHABLE 02:00:00:00:00:02']);
    expect(h.table.get('10.0.0.2', 1)!.timer).toBe(40500 * MS + 30 * S);
  });

  it('DELAY/PROBE -> STALE on a broadcast reply or overheard request with a new MAC after locktime', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.table.output(1, A, 'p2', 40 * S);
    h.take();
    h.table.learn(1, A, M2, broadcastReply, 42 * S);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 DELAY->STALE 02:00:00:00:00:22']);
    h.table.output(1, A, 'p3', 43 * S);
    h.runTo(48 * S);
    expect(h.table.get('10.0.0.2', 1)!.state).toBe('PROBE');
    h.take();
    h.table.learn(1, A, M1, overheardRequest, 48500 * MS); // inside locktime of the PROBE change at 48 s
    expect(h.take()).toEqual([]);
    h.table.learn(1, A, M1, overheardRequest, 49500 * MS);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 PROBE->STALE 02:00:00:00:00:02']);
  });

  it('REACHABLE stays REACHABLE on a request or broadcast reply with the same MAC (no change, no event)', () => {
    const h = reachable();
    h.table.eventNs(1, A, M1, 5 * S);
    h.table.learn(1, A, M1, broadcastReply, 6 * S);
    h.table.learn(1, A, M1, overheardRequest, 7 * S);
    expect(h.take()).toEqual([]);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'REACHABLE', updated: 200 * MS });
  });

  it('REACHABLE -> STALE on a broadcast reply with a new MAC after locktime', () => {
    const h = reachable();
    h.table.learn(1, A, M2, broadcastReply, 5 * S);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 REACHABLE->STALE 02:00:00:00:00:22']);
    // a new MAC that is not CONNECTED resets `confirmed` to the past
    expect(h.table.get('10.0.0.2', 1)!.confirmed).toBe(5 * S - 2 * 30 * S);
  });

  it('STALE -> REACHABLE and FAILED -> REACHABLE on a unicast reply ("solicited" is not tracked)', () => {
    const h = reachable();
    h.runTo(40 * S);
    h.take();
    h.table.learn(1, A, M1, unicastReply, 41 * S);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 STALE->REACHABLE 02:00:00:00:00:02']);
    const f = harness();
    f.table.output(1, A, 'p1', 0);
    f.runTo(3 * S);
    f.take();
    f.table.learn(1, A, M1, unicastReply, 4 * S);
    expect(f.take()).toEqual(['changed dev1 10.0.0.2 FAILED->REACHABLE 02:00:00:00:00:02']);
    f.table.learn(1, A, M1, broadcastReply, 5 * S);
    expect(f.take()).toEqual([]);
  });

  it('FAILED -> STALE on a broadcast reply', () => {
    const f = harness();
    f.table.output(1, A, 'p1', 0);
    f.runTo(3 * S);
    f.take();
    f.table.learn(1, A, M1, broadcastReply, 4 * S);
    expect(f.take()).toEqual(['changed dev1 10.0.0.2 FAILED->STALE 02:00:00:00:00:02']);
  });
});

describe('receive rules (reference §5.6) at the table level', () => {
  it('replies and overheard requests create nothing unless `create` (arp_accept) is set', () => {
    const h = harness();
    expect(h.table.learn(1, A, M1, unicastReply, 0)).toBe(false);
    expect(h.table.learn(1, A, M1, broadcastReply, 0)).toBe(false);
    expect(h.table.learn(1, A, M1, overheardRequest, 0)).toBe(false);
    expect(h.table.learn(1, A, M1, { reply: false, unicastToUs: false, garp: true, create: false }, 0)).toBe(false);
    expect(h.table.size).toBe(0);
    expect(h.take()).toEqual([]);
  });

  it('with `create`, a unicast reply creates REACHABLE and a gratuitous ARP creates STALE', () => {
    const h = harness();
    expect(h.table.learn(1, A, M1, { ...unicastReply, create: true }, 0)).toBe(true);
    expect(h.table.learn(1, B, M2, { reply: false, unicastToUs: false, garp: true, create: true }, 0)).toBe(true);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 NONE->REACHABLE 02:00:00:00:00:02', 'changed dev1 10.0.0.3 NONE->STALE 02:00:00:00:00:22']);
  });

  it('an ARP request for us creates the sender entry STALE (never REACHABLE)', () => {
    const h = harness();
    expect(h.table.eventNs(1, A, M1, 0)).toBe(true);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 NONE->STALE 02:00:00:00:00:02']);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'STALE', lladdr: '02:00:00:00:00:02', timer: null, confirmed: -60 * S });
  });

  it('locktime: a different MAC within 1 s of the last update is ignored (the first reply wins); after it, accepted', () => {
    const h = harness();
    h.table.output(1, A, 'p1', 0);
    h.table.learn(1, A, M1, unicastReply, 100 * MS);
    h.take();
    h.table.learn(1, A, M2, unicastReply, 600 * MS);
    h.table.learn(1, A, M2, broadcastReply, 1100 * MS); // exactly updated + locktime: not after it
    expect(h.take()).toEqual([]);
    expect(h.table.macOf(1, A)).toBe(M1);
    h.table.learn(1, A, M2, broadcastReply, 1100 * MS + 1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 REACHABLE->STALE 02:00:00:00:00:22']);
  });

  it('locktime is measured from the last change, not from ignored or no-op updates', () => {
    const h = harness();
    h.table.eventNs(1, A, M1, 0); // STALE, updated 0
    h.table.learn(1, A, M1, overheardRequest, 900 * MS); // same MAC: no change, updated stays 0
    h.table.learn(1, A, M2, overheardRequest, 1500 * MS);
    expect(h.table.macOf(1, A)).toBe(M2);
  });

  it('a gratuitous ARP bypasses locktime', () => {
    const h = harness();
    h.table.eventNs(1, A, M1, 0);
    h.take();
    h.table.learn(1, A, M2, { reply: false, unicastToUs: false, garp: true, create: false }, 10 * MS);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 STALE->STALE 02:00:00:00:00:22']);
    expect(h.table.macOf(1, A)).toBe(M2);
  });

  it('uses the locktime of the device', () => {
    const h = harness({ params: () => params({ locktime: 0 }) });
    h.table.eventNs(1, A, M1, 0);
    h.table.learn(1, A, M2, overheardRequest, 1);
    expect(h.table.macOf(1, A)).toBe(M2);
  });

  it('an ARP request for us (OVERRIDE) replaces the MAC even inside locktime', () => {
    const h = harness();
    h.table.eventNs(1, A, M1, 0);
    h.table.eventNs(1, A, M2, 1);
    expect(h.table.macOf(1, A)).toBe(M2);
  });

  it('entries are per (device, address)', () => {
    const h = harness();
    h.table.eventNs(1, A, M1, 0);
    h.table.eventNs(2, A, M2, 0);
    expect(h.table.size).toBe(2);
    expect(h.table.macOf(1, A)).toBe(M1);
    expect(h.table.macOf(2, A)).toBe(M2);
    expect(h.table.stateOf(3, A)).toBeUndefined();
    expect(h.table.macOf(3, A)).toBe(-1);
  });
});

describe('reachable_time (reference §5.2, §7.6)', () => {
  it('is drawn per device in [base/2, 3·base/2) in milliseconds, and shared by all the device’s entries', () => {
    const draws: [number, number, number][] = [];
    const h = harness({
      randomInt: (dev, min, max) => {
        draws.push([dev, min, max]);
        return dev === 1 ? 1234 : max - 1;
      },
    });
    h.table.output(1, A, 'a', 0);
    h.table.output(1, B, 'b', 0);
    h.table.output(2, A, 'c', 0);
    h.table.learn(1, A, M1, unicastReply, 1 * S);
    h.table.learn(1, B, M2, unicastReply, 2 * S);
    h.table.learn(2, A, M1, unicastReply, 1 * S);
    expect(draws).toEqual([
      [1, 0, 30000],
      [2, 0, 30000],
    ]);
    expect(h.table.reachableTime(1, 2 * S)).toBe((15000 + 1234) * MS);
    expect(h.table.reachableTime(2, 2 * S)).toBe((15000 + 29999) * MS); // < 45 s
    expect(h.table.get('10.0.0.2', 1)!.timer).toBe(1 * S + 16234 * MS);
    expect(h.table.get('10.0.0.3', 1)!.timer).toBe(2 * S + 16234 * MS);
    expect(h.table.get('10.0.0.2', 2)!.timer).toBe(1 * S + 44999 * MS);
  });

  it('is re-drawn at the periodic work after every 300 s (315 s, 630 s, … on the 15 s grid), and when base_reachable_time changes', () => {
    let base = 30 * S;
    let n = 0;
    const h = harness({ params: () => params({ baseReachableTime: base }), randomInt: () => n++ });
    expect(h.table.reachableTime(1, 0)).toBe(15000 * MS);
    expect(h.table.reachableTime(1, 300 * S)).toBe(15000 * MS);
    expect(h.table.reachableTime(1, 315 * S - 1)).toBe(15000 * MS);
    expect(h.table.reachableTime(1, 315 * S)).toBe(15001 * MS);
    // a device first drawn at 600 s keeps its value until the next periodic re-draw, at 630 s
    expect(h.table.reachableTime(2, 600 * S)).toBe(15002 * MS);
    expect(h.table.reachableTime(2, 629 * S)).toBe(15002 * MS);
    expect(h.table.reachableTime(2, 630 * S)).toBe(15003 * MS);
    // one draw stands for every re-draw instant passed without a use (only the latest matters)
    expect(h.table.reachableTime(1, 1000 * S)).toBe(15004 * MS);
    expect(h.table.reachableTime(1, 1259 * S)).toBe(15004 * MS);
    base = 10 * S;
    expect(h.table.reachableTime(1, 1259 * S)).toBe((5000 + 5) * MS);
    expect(n).toBe(6);
  });

  it('without a random source defaults to base_reachable_time exactly', () => {
    const h = harness();
    expect(h.table.reachableTime(7, 0)).toBe(30 * S);
  });
});

describe('garbage collection (reference §5.8)', () => {
  const gc = (): NeighGcShared => ({ entries: 0, thresh1: 128, thresh2: 512, thresh3: 1024, lastFlush: -Infinity });

  it('collects nothing while the table holds fewer than gc_thresh1 (128) entries: STALE and FAILED stay forever', () => {
    const h = harness({ gc: gc() });
    for (let i = 0; i < 100; i++) h.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0);
    for (let i = 0; i < 27; i++) h.table.output(1, ipv('10.2.0.0') + i, `p${i}`, 0);
    h.runTo(3600 * S);
    expect(h.table.size).toBe(127);
    expect(h.table.entries().filter((e) => e.state === 'FAILED').length).toBe(27);
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('from 128 entries on, runs every 15 s and removes FAILED entries and entries unused for gc_stale_time (60 s)', () => {
    const g = gc();
    const h = harness({ gc: g });
    for (let i = 0; i < 120; i++) h.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0);
    h.table.add('10.9.0.1', { dev: 1, lladdr: '02:00:00:00:09:01' }, 0); // PERMANENT: never collected
    for (let i = 0; i < 7; i++) h.table.output(1, ipv('10.2.0.0') + i, `p${i}`, 0);
    expect(g.entries).toBe(128);
    expect(h.table.nextDeadline()).toBe(1 * S); // the INCOMPLETE timers come first
    h.runTo(3 * S);
    expect(h.table.nextDeadline()).toBe(15 * S);
    h.runTo(15 * S);
    // the 7 FAILED entries went at the first run; the STALE ones are younger than 60 s
    expect(h.table.entries().filter((e) => e.state === 'FAILED')).toEqual([]);
    expect(h.table.size).toBe(121);
    // 121 < 128: the periodic work stops doing anything
    h.runTo(600 * S);
    expect(h.table.size).toBe(121);
  });

  it('removes STALE entries unused for gc_stale_time but never PERMANENT ones or entries with a running timer', () => {
    const g = gc();
    const h = harness({ gc: g });
    for (let i = 0; i < 126; i++) h.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0);
    h.table.add('10.9.0.1', { dev: 1, lladdr: '02:00:00:00:09:01' }, 0);
    h.table.output(1, ipv('10.1.0.0'), 'x', 58 * S); // STALE -> DELAY at 58 s, timer until 63 s
    h.table.add('10.9.0.2', { dev: 1, lladdr: '02:00:00:00:09:02', state: 'reachable' }, 0);
    expect(g.entries).toBe(128);
    h.runTo(45 * S);
    expect(h.table.size).toBe(128);
    h.runTo(60 * S);
    // at 60 s: the 125 STALE entries unused since 0 go, and so does the admin REACHABLE entry (STALE
    // since 30.01 s, used 0); the PERMANENT one stays, and the DELAY entry has a running timer.
    const left = h.table.entries().map((e) => `${e.ip} ${e.state}`).sort();
    expect(left).toEqual(['10.1.0.0 DELAY', '10.9.0.1 PERMANENT']);
  });

  it('forced GC: PERMANENT entries do not count towards gc_thresh2/3 and are never removed (neigh_alloc exempt_from_gc)', () => {
    const g: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 2, thresh3: 3, lastFlush: -Infinity };
    const h = harness({ gc: g });
    for (let i = 0; i < 6; i++) h.table.add(`10.9.0.${i + 1}`, { dev: 1, lladdr: '02:00:00:00:09:01' }, 0);
    expect(g.entries).toBe(6);
    expect(g.exempt).toBe(6);
    for (let i = 0; i < 3; i++) h.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0); // STALE, counted
    expect(h.table.size).toBe(9);
    // a permanent entry that becomes STALE starts to count; one deleted stops being exempt
    h.table.add('10.9.0.1', { dev: 1, lladdr: '02:00:00:00:09:01', state: 'stale' }, 0);
    expect(g.exempt).toBe(5);
    h.table.delete('10.9.0.2', 1);
    expect(g.exempt).toBe(4);
    expect(g.entries).toBe(8);
  });

  it('forced GC at gc_thresh3: removes unreferenced FAILED/NOARP entries and entries not updated for 5 s, never those with a running timer', () => {
    const g: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 2, thresh3: 4, lastFlush: -Infinity };
    const h = harness({ gc: g });
    h.table.output(1, ipv('10.2.0.1'), 'q1', 0); // INCOMPLETE: its timer holds it
    h.table.eventNs(1, ipv('10.1.0.1'), M1, 0); // STALE, updated at 0
    h.table.learn(1, ipv('10.1.0.2'), M2, unicastReply, 0); // nothing: no entry, not created
    h.table.output(1, ipv('10.1.0.2'), 'q2', 0);
    h.table.learn(1, ipv('10.1.0.2'), M2, unicastReply, 0); // REACHABLE: its timer holds it
    h.table.eventNs(1, ipv('10.1.0.3'), M1, 4 * S); // STALE, updated at 4 s
    expect(g.entries).toBe(4);
    h.take();
    // at 6 s the count (4) is at gc_thresh3: forced GC frees the STALE entry updated at 0 (more than
    // 5 s ago), keeps the one updated at 4 s and the INCOMPLETE/REACHABLE ones, then allocates
    expect(h.table.output(1, ipv('10.2.0.9'), 'new', 6 * S)).toBe(-1);
    const left = h.table.entries().map((e) => `${e.ip} ${e.state}`).sort();
    expect(left).toEqual(['10.1.0.2 REACHABLE', '10.1.0.3 STALE', '10.2.0.1 INCOMPLETE', '10.2.0.9 INCOMPLETE']);
    expect(h.take().filter((c) => c.startsWith('discarded'))).toEqual([]);
    expect(g.lastFlush).toBe(6 * S);
  });

  it('forced GC that frees nothing at gc_thresh3 fails the allocation ("neighbour table overflow"): the packet is discarded, an admin add throws', () => {
    const g: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 1, thresh3: 2, lastFlush: -Infinity };
    const h = harness({ gc: g });
    h.table.output(1, ipv('10.2.0.1'), 'a', 0);
    h.table.output(1, ipv('10.2.0.2'), 'b', 0); // INCOMPLETE x2: nothing collectable
    h.take();
    expect(h.table.output(1, ipv('10.2.0.3'), 'c', 100 * MS)).toBe(-1);
    expect(h.take()).toEqual(['discarded dev1 c (10.2.0.3)']);
    expect(h.table.size).toBe(2);
    expectCode(() => h.table.add('10.2.0.4', { dev: 1, lladdr: '02:00:00:00:09:01', state: 'stale' }, 100 * MS), 'invalid-state');
    expect(h.table.size).toBe(2);
    // a PERMANENT entry is exempt and still goes in
    h.table.add('10.2.0.5', { dev: 1, lladdr: '02:00:00:00:09:01' }, 100 * MS);
    expect(h.table.size).toBe(3);
  });

  it('forced GC at gc_thresh2 runs at most once per 5 s and stops once the count is down to gc_thresh2', () => {
    const g: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 2, thresh3: 100, lastFlush: -Infinity };
    const h = harness({ gc: g });
    for (let i = 0; i < 4; i++) h.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0);
    expect(g.entries).toBe(4);
    // at 10 s: 4 >= thresh2 and no flush for 5 s: remove 4 - 2 = 2 (the oldest first), then allocate
    h.table.eventNs(1, ipv('10.1.1.0'), M1, 10 * S);
    expect(h.table.entries().map((e) => e.ip).sort()).toEqual(['10.1.0.2', '10.1.0.3', '10.1.1.0']);
    // at 12 s: within 5 s of the last flush, no forced GC
    h.table.eventNs(1, ipv('10.1.1.1'), M1, 12 * S);
    expect(h.table.size).toBe(4);
    // at 15.1 s: allowed again; entries updated before 10.1 s go first, two of them
    h.table.eventNs(1, ipv('10.1.1.2'), M1, 15.1 * S);
    expect(h.table.entries().map((e) => e.ip).sort()).toEqual(['10.1.1.0', '10.1.1.1', '10.1.1.2']);
  });

  it('is shared by tables that share the gc object (one kernel arp_tbl for all namespaces): every table collects once the shared count reaches gc_thresh1', () => {
    const g = gc();
    const h1 = harness({ gc: g });
    const h2 = harness({ gc: g });
    for (let i = 0; i < 64; i++) h1.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0);
    for (let i = 0; i < 64; i++) h2.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0);
    expect(g.entries).toBe(128);
    // Tables sharing the GC state share one clock: drive them in time order.
    for (let t = 15 * S; t <= 60 * S; t += 15 * S) {
      h1.runTo(t);
      h2.runTo(t);
    }
    expect(h1.table.size + h2.table.size).toBe(0);
    expect(g.entries).toBe(0);
  });
});

describe('flushes (reference §5.3, §7.31)', () => {
  const populated = () => {
    const h = harness();
    h.table.eventNs(1, A, M1, 0);
    h.table.output(1, B, 'q1', 0); // INCOMPLETE with a queued packet
    h.table.add('10.0.0.9', { dev: 1, lladdr: '02:00:00:00:00:09' }, 0);
    h.table.add('10.0.0.10', { dev: 1, lladdr: '02:00:00:00:00:10', state: 'noarp' }, 0);
    h.table.eventNs(2, A, M1, 0);
    h.take();
    return h;
  };

  it('flushDevice(dev, true) (admin down) removes every entry of the device, PERMANENT too, dropping queues silently', () => {
    const h = populated();
    expect(h.table.flushDevice(1, true)).toBe(4);
    const calls = h.take();
    expect(calls.filter((c) => !c.startsWith('changed'))).toEqual([]);
    expect(calls.every((c) => c.endsWith('->NONE'))).toBe(true);
    expect(h.table.entries().map((e) => `${e.ip}@${e.ifindex}`)).toEqual(['10.0.0.2@2']);
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('flushDevice(dev, false) (carrier loss) keeps PERMANENT entries only', () => {
    const h = populated();
    expect(h.table.flushDevice(1, false)).toBe(3);
    expect(h.table.entries().map((e) => `${e.ip}@${e.ifindex} ${e.state}`).sort()).toEqual(['10.0.0.2@2 STALE', '10.0.0.9@1 PERMANENT']);
  });

  // Checked on 6.18: `ip neigh flush dev eth0` (like `ip neigh del`) while a ping waits on an
  // INCOMPLETE entry makes ping print `From 10.9.0.1 icmp_seq=1 Destination Host Unreachable` at once:
  // iproute2 deletes entry by entry (RTM_DELNEIGH), and neigh_delete runs neigh_invalidate.
  it('flush(dev) (`ip neigh flush dev`) keeps PERMANENT and NOARP entries (iproute2 flushes ~(PERMANENT|NOARP); checked on 6.18)', () => {
    const h = populated();
    expect(h.table.flush(1)).toBe(2);
    expect(h.take().filter((c) => !c.startsWith('changed'))).toEqual(['failed dev1 q1 (10.0.0.3)']);
    expect(h.table.entries().map((e) => `${e.ip}@${e.ifindex} ${e.state}`).sort()).toEqual(['10.0.0.10@1 NOARP', '10.0.0.2@2 STALE', '10.0.0.9@1 PERMANENT']);
    expect(h.table.flush()).toBe(1);
    expect(h.table.size).toBe(2);
  });
});

describe('admin entries (reference §5.9)', () => {
  const names = { eth0: 1, eth1: 2 };

  it('add defaults to PERMANENT; PERMANENT and NOARP entries ignore ARP traffic', () => {
    const h = harness({ deviceNames: names });
    h.table.add('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:02' }, 0);
    h.table.add('10.0.0.3', { dev: 'eth0', lladdr: '02:00:00:00:00:03', state: 'noarp' }, 0);
    h.take();
    h.table.eventNs(1, A, M2, 5 * S);
    h.table.learn(1, A, M2, { ...unicastReply, garp: true }, 6 * S);
    h.table.learn(1, B, M2, broadcastReply, 6 * S);
    expect(h.take()).toEqual([]);
    expect(h.table.get('10.0.0.2', 'eth0')).toMatchObject({ state: 'PERMANENT', lladdr: '02:00:00:00:00:02', dev: 'eth0', timer: null });
    expect(h.table.get('10.0.0.3', 1)).toMatchObject({ state: 'NOARP', lladdr: '02:00:00:00:00:03' });
    // and send without resolving
    expect(h.table.output(1, A, 'p', 7 * S)).toBe(M1);
    expect(h.table.output(1, B, 'p', 7 * S)).toBe(macv('02:00:00:00:00:03'));
  });

  it('reachable and stale admin entries follow the state machine from there', () => {
    const h = harness({ deviceNames: names });
    h.table.add('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:02', state: 'reachable' }, 0);
    h.table.add('10.0.0.3', { dev: 'eth0', lladdr: '02:00:00:00:00:03', state: 'stale' }, 0);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 NONE->REACHABLE 02:00:00:00:00:02', 'changed dev1 10.0.0.3 NONE->STALE 02:00:00:00:00:03']);
    expect(h.table.get('10.0.0.2', 1)!.timer).toBe(30 * S);
    expect(timeline(h, 31 * S)).toEqual(['30.01s changed dev1 10.0.0.2 REACHABLE->STALE 02:00:00:00:00:02']);
  });

  it('add replaces an existing entry, PERMANENT included, and may omit lladdr for an entry that has a valid one', () => {
    const h = harness({ deviceNames: names });
    h.table.add('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:02' }, 0);
    h.table.add('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:22', state: 'stale' }, 1);
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'STALE', lladdr: '02:00:00:00:00:22' });
    h.table.add('10.0.0.2', { dev: 'eth0', state: 'permanent' }, 2); // `ip neigh replace … nud permanent`
    expect(h.table.get('10.0.0.2', 1)).toMatchObject({ state: 'PERMANENT', lladdr: '02:00:00:00:00:22' });
  });

  it('add on an INCOMPLETE entry resolves it and sends the queue', () => {
    const h = harness({ deviceNames: names });
    h.table.output(1, A, 'p1', 0);
    h.take();
    h.table.add('10.0.0.2', { dev: 1, lladdr: '02:00:00:00:00:02' }, 1);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 INCOMPLETE->PERMANENT 02:00:00:00:00:02', 'transmit dev1 p1 -> 02:00:00:00:00:02']);
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('delete removes an entry; deleting an INCOMPLETE entry error-reports its queue (neigh_invalidate; checked on 6.18)', () => {
    const h = harness({ deviceNames: names });
    h.table.add('10.0.0.3', { dev: 'eth0', lladdr: '02:00:00:00:00:03' }, 0);
    expect(h.table.delete('10.0.0.3', 'eth0')).toBe(true);
    expect(h.table.delete('10.0.0.3', 'eth0')).toBe(false);
    h.table.output(1, A, 'p1', 0);
    h.table.output(1, A, 'p2', 0);
    h.take();
    expect(h.table.delete('10.0.0.2', 1)).toBe(true);
    expect(h.take()).toEqual(['changed dev1 10.0.0.2 INCOMPLETE->NONE', 'failed dev1 p1 (10.0.0.2)', 'failed dev1 p2 (10.0.0.2)']);
    expect(h.table.nextDeadline()).toBeUndefined();
  });

  it('rejects malformed input and unknown devices, changing nothing', () => {
    const h = harness({ deviceNames: names });
    h.table.add('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:02', state: 'stale' }, 0);
    const before = JSON.stringify(h.table.entries());
    expectCode(() => h.table.add('10.0.0.256', { dev: 'eth0', lladdr: '02:00:00:00:00:02' }, 0), 'invalid-argument');
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth0', lladdr: '02:00:00:00:00' }, 0), 'invalid-argument');
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth0', lladdr: '02:00:00:00:00:05', state: 'incomplete' as never }, 0), 'invalid-argument');
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth0', lladdr: '02:00:00:00:00:05', state: 'toString' as never }, 0), 'invalid-argument');
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth0' }, 0), 'invalid-argument');
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth0', state: 'noarp' }, 0), 'invalid-argument'); // "No link layer address given"
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth9', lladdr: '02:00:00:00:00:05' }, 0), 'not-found');
    expectCode(() => h.table.add('10.0.0.5', { dev: 1.5, lladdr: '02:00:00:00:00:05' }, 0), 'invalid-argument');
    expectCode(() => h.table.delete('nope', 'eth0'), 'invalid-argument');
    expectCode(() => h.table.delete('10.0.0.2', 'eth9'), 'not-found');
    expectCode(() => h.table.get('10.0.0.2', 'eth9'), 'not-found');
    expectCode(() => h.table.flush('eth9'), 'not-found');
    expect(JSON.stringify(h.table.entries())).toBe(before);
    expect(h.table.size).toBe(1);
  });

  it('without a device lookup, only numeric devices are accepted', () => {
    const h = harness();
    expectCode(() => h.table.add('10.0.0.5', { dev: 'eth0', lladdr: '02:00:00:00:00:05' }, 0), 'invalid-argument');
    h.table.add('10.0.0.5', { dev: 3, lladdr: '02:00:00:00:00:05' }, 0);
    expect(h.table.get('10.0.0.5', 3)!.dev).toBe('3');
  });
});

describe('snapshots', () => {
  it('entries() lists newest first and hands out copies', () => {
    const h = harness();
    h.table.eventNs(1, A, M1, 0);
    h.table.eventNs(1, B, M2, 1);
    const list = h.table.entries();
    expect(list.map((e) => e.ip)).toEqual(['10.0.0.3', '10.0.0.2']);
    (list[0] as { state: string }).state = 'PERMANENT';
    expect(h.table.get('10.0.0.3', 1)!.state).toBe('STALE');
  });

  it('every transition seen in this file is an edge of NUD_TRANSITIONS', () => {
    // A small tour through the machine, all edges checked.
    const h = harness({ params: () => params({ baseReachableTime: 2 * S }) });
    h.table.output(1, A, 'p', 0);
    h.runTo(3 * S);
    h.table.output(1, A, 'p', 4 * S);
    h.table.learn(1, A, M1, unicastReply, 4 * S);
    h.runTo(20 * S);
    h.table.output(1, A, 'p', 21 * S);
    h.table.learn(1, A, M1, unicastReply, 22 * S);
    h.runTo(40 * S);
    h.table.flushDevice(1, true);
    expect(h.changes.length).toBeGreaterThan(6);
    for (const c of h.changes) expect(NUD_TRANSITIONS.has(`${c.from}->${c.to}`) || c.from === c.to, `${c.from}->${c.to}`).toBe(true);
  });
});

describe('bad input to the per-packet methods', () => {
  it('rejects a bad device, address, MAC, info or time with invalid-argument and leaves the table as it was', () => {
    const h = harness();
    h.table.output(1, A, 'p', 0);
    const before = JSON.stringify(h.table.entries());
    const calls = h.calls.length;
    const bad: [string, () => unknown][] = [
      ['output NaN now', () => h.table.output(1, B, 'q', Number.NaN)],
      ['output NaN now on an existing entry', () => h.table.output(1, A, 'q', Number.NaN)],
      ['output fractional device aliasing another key', () => h.table.output(1.5, 0, 'q', 0)],
      ['output fractional now', () => h.table.output(1, B, 'q', 1.5)],
      ['output negative device', () => h.table.output(-1, B, 'q', 0)],
      ['output fractional device', () => h.table.output(1.5, B, 'q', 0)],
      ['output address out of range', () => h.table.output(1, 2 ** 32, 'q', 0)],
      ['output negative address', () => h.table.output(1, -1, 'q', 0)],
      ['eventNs null MAC', () => h.table.eventNs(1, B, null as never, 0)],
      ['eventNs MAC too large', () => h.table.eventNs(1, B, 2 ** 48, 0)],
      ['eventNs NaN now', () => h.table.eventNs(1, B, M1, Number.NaN)],
      ['learn null info', () => h.table.learn(1, A, M1, null as never, 0)],
      ['learn string device', () => h.table.learn('eth0' as never, A, M1, unicastReply, 0)],
      ['learn Infinity now', () => h.table.learn(1, A, M1, unicastReply, Number.POSITIVE_INFINITY)],
      ['outputMac NaN now on an existing entry', () => h.table.outputMac(1, A, Number.NaN)],
      ['reachableTime NaN now', () => h.table.reachableTime(1, Number.NaN)],
    ];
    for (const [what, f] of bad) {
      expectCode(f, 'invalid-argument');
      expect(JSON.stringify(h.table.entries()), what).toBe(before);
      expect(h.calls.length, what).toBe(calls);
    }
    // the INCOMPLETE entry still runs to FAILED on time: nothing stuck
    h.runTo(3 * S);
    expect(h.table.stateOf(1, A)).toBe('FAILED');
  });
});

describe('forced GC across tables sharing one gc object (one arp_tbl for every namespace)', () => {
  it('an allocation in one table frees collectable entries of another instead of failing', () => {
    const g: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 2, thresh3: 4, lastFlush: -Infinity };
    const a = harness({ gc: g });
    const b = harness({ gc: g });
    for (let i = 0; i < 4; i++) b.table.eventNs(1, ipv('10.1.0.0') + i, M1, 0); // STALE, updated at 0
    expect(g.entries).toBe(4);
    expect(a.table.output(1, A, 'p', 60 * S)).toBe(-1); // INCOMPLETE, queued: allocated
    expect(a.table.size).toBe(1);
    // forced GC removed 4 - gc_thresh2 = 2 of B's entries, then A's entry was allocated
    expect(b.table.size).toBe(2);
    expect(b.take().filter((c) => c.includes('->NONE')).length).toBe(2);
    expect(g.entries).toBe(3);
  });
});

describe('a deleted namespace leaves nothing in the shared neighbour counts', () => {
  it('PERMANENT and NOARP entries (on lo too) go with it', async () => {
    const { Simulator, VethPair } = await import('../../src/index.js');
    const sim = new Simulator({ seed: 1 });
    const keep = sim.namespace('keep');
    const gone = sim.namespace('gone');
    new VethPair({ ns: gone, name: 'eth0' }, { ns: keep, name: 'eth0' }).up();
    gone.lo.up();
    gone.addNeighbour('10.9.0.1', { dev: 'lo', lladdr: '02:00:00:00:00:01' });
    gone.addNeighbour('10.9.0.2', { dev: 'lo', lladdr: '02:00:00:00:00:02', state: 'noarp' });
    gone.addNeighbour('10.9.0.3', { dev: 'eth0', lladdr: '02:00:00:00:00:03', state: 'stale' });
    keep.addNeighbour('10.9.0.4', { dev: 'lo', lladdr: '02:00:00:00:00:04' }); // survives: keep's own
    sim.deleteNamespace('gone');
    const shared = (keep as unknown as { world: { neighGc: NeighGcShared } }).world.neighGc;
    expect(shared.entries).toBe(1);
    expect(shared.exempt).toBe(1);
  });
});
