import { L2SimError } from '../errors/index.js';
import { type Nanoseconds, SECOND } from '../sim/index.js';
import { Ipv4Address, MacAddress } from '../wire/index.js';
import { Nud, NUD_CONNECTED, NUD_IN_TIMER, NUD_VALID, type NudStateName, nudName } from './state.js';

/** Neighbour parameters of one device (`net.ipv4.neigh.DEV.*`), in nanoseconds and counts. */
export interface NeighParams {
  /** base_reachable_time (default 30 s); the actual reachable time is random in [base/2, 3·base/2). */
  readonly baseReachableTime: Nanoseconds;
  /** retrans_time: interval between probes (default 1 s, at least 10 ms). */
  readonly retransTime: Nanoseconds;
  /** delay_first_probe_time: how long DELAY lasts (default 5 s). */
  readonly delayFirstProbeTime: Nanoseconds;
  /** mcast_solicit: broadcast probes while INCOMPLETE (default 3). */
  readonly mcastSolicit: number;
  /** ucast_solicit: unicast probes in PROBE (default 3). */
  readonly ucastSolicit: number;
  /** app_solicit: probes to a user-space daemon (default 0; not modelled beyond counting). */
  readonly appSolicit: number;
  /** mcast_resolicit: broadcast probes after the unicast ones in PROBE (default 0). */
  readonly mcastResolicit: number;
  /** unres_qlen: packets queued per unresolved entry (default 101). */
  readonly unresQlen: number;
  /** gc_stale_time: an unused entry may be collected after this (default 60 s). */
  readonly gcStaleTime: Nanoseconds;
  /** locktime: a different MAC within this time of the last update is ignored (default 1 s). */
  readonly locktime: Nanoseconds;
}

/** The kernel's defaults (net/ipv4/arp.c, `arp_tbl`). */
export const DEFAULT_NEIGH_PARAMS: NeighParams = Object.freeze({
  baseReachableTime: 30 * SECOND,
  retransTime: 1 * SECOND,
  delayFirstProbeTime: 5 * SECOND,
  mcastSolicit: 3,
  ucastSolicit: 3,
  appSolicit: 0,
  mcastResolicit: 0,
  unresQlen: 101,
  gcStaleTime: 60 * SECOND,
  locktime: 1 * SECOND,
});

/** A table sharing {@link NeighGcShared} (every `ArpTable` is one). */
export interface NeighGcMember {
  /**
   * Start periodic garbage collection if it is not running.
   * @param now - current time
   */
  startGc(now: number): void;
  /**
   * One table's part of a forced collection (`neigh_forced_gc` walks the whole `arp_tbl`): remove
   * the collectable entries, counting into `sweep`, until `sweep.shrunk` reaches `sweep.maxClean`.
   * @param now - current time
   * @param sweep - the walk's state, shared by the tables in turn
   */
  collectForced?(now: number, sweep: { shrunk: number; readonly maxClean: number; done: boolean }): void;
}

/**
 * Table-wide garbage-collection state (`net.ipv4.neigh.default.gc_thresh1/2/3`). Tables sharing one
 * object behave as Linux's single `arp_tbl` and must be driven by one clock, in time order.
 */
export interface NeighGcShared {
  /** Entries across every table sharing this object (Linux's `arp_tbl` spans all namespaces). */
  entries: number;
  /**
   * How many of `entries` are PERMANENT: those are exempt from garbage collection and do not count
   * towards gc_thresh2/gc_thresh3 (the kernel's `gc_entries` leaves them out). Kept by the tables;
   * absent means 0.
   */
  exempt?: number;
  /** Below this many entries, periodic GC does nothing (default 128). */
  thresh1: number;
  /** Forced GC at allocation above this, at most every 5 s (default 512). */
  thresh2: number;
  /** Forced GC at allocation at or above this; allocation fails when nothing can be freed (default 1024). */
  thresh3: number;
  /** Time of the last forced GC. */
  lastFlush: number;
  /**
   * The tables sharing this object (filled by the tables themselves). When the shared count
   * reaches gc_thresh1, every one of them starts its periodic GC, as Linux's one work item does
   * for the whole table.
   */
  members?: Set<NeighGcMember>;
  /** The instant of the current sweep, and whether the table was at gc_thresh1 when it began. */
  sweepTime?: number;
  /** Whether the current sweep collects (the count was at least gc_thresh1 when it began). */
  sweepAllowed?: boolean;
}

/** An ARP probe the table wants sent. */
export interface ArpSolicit<P> {
  /** Device (ifindex, or any number the embedder uses). */
  readonly dev: number;
  /** The IPv4 address being resolved, as a 32-bit number. */
  readonly target: number;
  /** Unicast destination MAC (PROBE), or `null` for broadcast. */
  readonly dstMac: number | null;
  /** The most recently queued packet, whose source address the request uses (arp_announce 0/1). */
  readonly hint: P | null;
}

/** A neighbour state change, for tracing. */
export interface NeighChange {
  /** Device. */
  readonly dev: number;
  /** IPv4 address as a number. */
  readonly ip: number;
  /** State before (`NONE` for creation). */
  readonly from: NudStateName;
  /** State after (`NONE` for deletion). */
  readonly to: NudStateName;
  /** MAC after the change, or -1. */
  readonly lladdr: number;
  /** Why, in words. */
  readonly why: string;
}

/** What the table calls back into. All calls happen synchronously inside table methods. */
export interface ArpTableHooks<P> {
  /**
   * Send an ARP request (a probe) for an entry.
   * @param probe - device, target, destination (null = broadcast) and source hint
   */
  solicit(probe: ArpSolicit<P>): void;
  /**
   * A queued packet can now be sent with this MAC.
   * @param packet - the packet
   * @param dev - device
   * @param mac - destination MAC as a number
   */
  transmit(packet: P, dev: number, mac: number): void;
  /**
   * Resolution failed: error-report a queued packet (ICMP host unreachable to its sender).
   * @param packet - the packet
   * @param dev - device
   * @param target - the unresolved address
   */
  failed(packet: P, dev: number, target: number): void;
  /**
   * A packet was dropped without an error report: the pending queue was full (the oldest goes
   * first), no probe may be sent (mcast_solicit + app_solicit = 0: the entry goes FAILED and the
   * kernel frees the packet), or the table is full ("neighbour table overflow").
   * @param packet - the packet
   * @param dev - device
   * @param target - the unresolved address
   */
  discarded?(packet: P, dev: number, target: number): void;
  /**
   * The table's next deadline moved earlier outside of a call on this table (another table
   * sharing the GC state crossed gc_thresh1): an embedder driving timers should ask
   * {@link ArpTable.nextDeadline} again.
   */
  deadlineChanged?(): void;
  /**
   * Per-device parameters (used when `options.params` is not given).
   * @param dev - device
   */
  params?(dev: number): NeighParams;
  /**
   * A random integer in [min, max) for reachable-time draws (used when `options.randomInt` is not given).
   * @param dev - device
   * @param min - lowest value
   * @param max - highest value, exclusive
   */
  randomInt?(dev: number, min: number, max: number): number;
  /**
   * A device's name for snapshots (used when `options.deviceName` is not given).
   * @param dev - device
   */
  deviceName?(dev: number): string;
  /**
   * A device's number from its name (used when `options.deviceIndex` is not given).
   * @param name - device name
   */
  deviceIndex?(name: string): number | undefined;
  /**
   * An entry changed state.
   * @param change - what changed
   */
  changed?(change: NeighChange): void;
}

/** Options of an {@link ArpTable}. */
export interface ArpTableOptions<P> {
  /** The callbacks. */
  readonly hooks: ArpTableHooks<P>;
  /** Per-device parameters (default: {@link DEFAULT_NEIGH_PARAMS} for every device). */
  readonly params?: (dev: number) => NeighParams;
  /**
   * A random integer in [min, max) for device `dev`'s reachable-time draws (in milliseconds).
   * Pass a seeded generator for reproducible runs (default: the midpoint, so the reachable time
   * equals base_reachable_time, with no randomness).
   */
  readonly randomInt?: (dev: number, min: number, max: number) => number;
  /** Device names, for snapshots (default: the number as text). */
  readonly deviceName?: (dev: number) => string;
  /** Device lookup by name for admin calls (default: only numbers are accepted). */
  readonly deviceIndex?: (name: string) => number | undefined;
  /** GC thresholds and the entry count shared by tables that form one kernel table. */
  readonly gc?: NeighGcShared;
}

/** A snapshot of one neighbour entry. */
export interface NeighEntrySnapshot {
  /** IPv4 address. */
  readonly ip: string;
  /** Device name. */
  readonly dev: string;
  /** Device index. */
  readonly ifindex: number;
  /** MAC, or `null` while unknown (INCOMPLETE, FAILED). */
  readonly lladdr: string | null;
  /** NUD state. */
  readonly state: NudStateName;
  /** Last state or MAC change (ns). */
  readonly updated: number;
  /** Last reachability confirmation (ns). */
  readonly confirmed: number;
  /** Last slow-path use (ns). */
  readonly used: number;
  /** Probes sent in the current INCOMPLETE/PROBE round. */
  readonly probes: number;
  /** Packets waiting for resolution. */
  readonly queued: number;
  /** Next timer instant (ns), or `null`. */
  readonly timer: number | null;
}

/** Admin states settable with `ip neigh add/replace`. */
export type AdminNudState = 'permanent' | 'noarp' | 'reachable' | 'stale';

const ADMIN_STATES: ReadonlyMap<string, number> = new Map([
  ['permanent', Nud.PERMANENT],
  ['noarp', Nud.NOARP],
  ['reachable', Nud.REACHABLE],
  ['stale', Nud.STALE],
]);

class Entry<P> {
  state: number = Nud.NONE;
  mac = -1;
  updated = 0;
  confirmed = 0;
  used = 0;
  probes = 0;
  timerAt = Infinity;
  queue: P[] | null = null;
  constructor(
    readonly dev: number,
    readonly ip: number,
  ) {}
}

interface DevReach {
  value: number;
  drawnAt: number;
  base: number;
}

/**
 * `neigh_periodic_work` re-draws every device's reachable time at its first run more than 300 s
 * after the last re-draw. It runs every base_reachable_time/2 (15 s) from boot (time zero), so the
 * re-draws fall at 315 s, 630 s, 945 s, …: every REDRAW_EVERY.
 */
const REDRAW_EVERY = (Math.floor((300 * SECOND) / (DEFAULT_NEIGH_PARAMS.baseReachableTime / 2)) + 1) * (DEFAULT_NEIGH_PARAMS.baseReachableTime / 2);
/** Shared empty heap until a table arms its first timer (allocated on first use). */
const EMPTY_T: number[] = [];
const EMPTY_E: unknown[] = [];
const MILLI = 1_000_000;
const MIN_TIMER = 10_000_000; // HZ/100
const FORCED_GC_AGE = 5 * SECOND;
const key = (dev: number, ip: number): number => dev * 0x1_0000_0000 + ip;

function checkNow(now: number): void {
  if (!Number.isSafeInteger(now)) throw new L2SimError('invalid-argument', `invalid time ${String(now)}: expected integer nanoseconds`, { now: String(now) });
}

/** Largest device number: keys are dev·2³² + ip, which must stay a safe integer. */
const MAX_DEV = 0x1f_ffff;

/**
 * The numeric arguments of the per-packet methods: a device number, an IPv4 address as a number
 * and `now`. Cheap enough for the hot path, and a bad value can never make an entry whose timer
 * does not fire.
 */
function checkArgs(dev: number, ip: number, now: number): void {
  if (!(Number.isInteger(dev) && dev >= 0 && dev <= MAX_DEV)) throw new L2SimError('invalid-argument', `invalid device ${String(dev)}: expected an integer 0..${MAX_DEV}`, { dev: String(dev) });
  if (ip >>> 0 !== ip) throw new L2SimError('invalid-argument', `invalid IPv4 address ${String(ip)}: expected an integer 0..2^32-1`, { ip: String(ip) });
  checkNow(now);
}

function checkMac(mac: number): void {
  if (!(Number.isInteger(mac) && mac >= 0 && mac <= 0xffff_ffff_ffff)) throw new L2SimError('invalid-argument', `invalid MAC ${String(mac)}: expected a 48-bit integer`, { mac: String(mac) });
}

/**
 * The ARP neighbour table with the kernel's NUD state machine (net/core/neighbour.c and
 * net/ipv4/arp.c), usable on its own: it never holds an event loop. Every method takes `now`;
 * {@link ArpTable.nextDeadline} says when the table next needs {@link ArpTable.poll}.
 *
 * Packets waiting for resolution are opaque values of type `P`; the table hands them back through
 * the hooks (to send, or to error-report on failure).
 *
 * @remarks Differences from the kernel, by design: the pending queue is bounded by `unres_qlen`
 * packets rather than by `unres_qlen_bytes` of socket-buffer truesize; the reachable time is
 * re-drawn at the kernel's periodic re-draw instants (315 s, 630 s, …) but lazily, when first
 * needed after one, rather than by a periodic work item (so the draws consume the random stream
 * in a different order); the only references modelled are running timers (an entry whose timer
 * runs is never collected; routes and sockets hold none).
 *
 * @example
 * ```ts
 * const table = new ArpTable<string>({ hooks: {
 *   solicit: (p) => console.log('who-has', p.target, p.dstMac === null ? 'broadcast' : 'unicast'),
 *   transmit: (pkt, dev, mac) => console.log('send', pkt, 'to', mac),
 *   failed: (pkt) => console.log('unreachable', pkt),
 * }});
 * const ip = Ipv4Address.parse('10.0.0.2').value;
 * table.output(1, ip, 'echo 1', 0);       // -1: queued, broadcast probe sent
 * table.nextDeadline();                    // 1 s: the next probe
 * ```
 */
export class ArpTable<P = unknown> {
  private readonly map = new Map<number, Entry<P>>();
  private readonly hooks: ArpTableHooks<P>;
  private readonly opts: ArpTableOptions<P>;
  private reach: Map<number, DevReach> | null = null;
  private readonly gc: NeighGcShared;
  // Lazy min-heap of [time, entry]; an item is live while entry.timerAt === time.
  private heapT: number[] = EMPTY_T;
  private heapE: Entry<P>[] = EMPTY_E as Entry<P>[];
  private gcAt = Infinity;

  /**
   * @param options - hooks, parameters, randomness, device naming and shared GC state
   * @throws L2SimError `invalid-argument` when the hooks are missing
   */
  constructor(options: ArpTableOptions<P>) {
    if (options === null || typeof options !== 'object' || typeof options.hooks?.solicit !== 'function' || typeof options.hooks.transmit !== 'function' || typeof options.hooks.failed !== 'function') {
      throw new L2SimError('invalid-argument', 'invalid ArpTable options: hooks.solicit, hooks.transmit and hooks.failed are required', {});
    }
    this.hooks = options.hooks;
    this.opts = options;
    this.gc = options.gc ?? { entries: 0, thresh1: 128, thresh2: 512, thresh3: 1024, lastFlush: -Infinity };
    (this.gc.members ??= new Set()).add(this);
  }

  private paramsOf(dev: number): NeighParams {
    const f = this.opts.params;
    if (f !== undefined) return f(dev);
    const h = this.hooks;
    return h.params === undefined ? DEFAULT_NEIGH_PARAMS : h.params(dev);
  }

  private randomInt(dev: number, min: number, max: number): number {
    const f = this.opts.randomInt;
    if (f !== undefined) return f(dev, min, max);
    const h = this.hooks;
    return h.randomInt === undefined ? Math.floor((min + max) / 2) : h.randomInt(dev, min, max);
  }

  private devName(dev: number): string {
    const f = this.opts.deviceName;
    if (f !== undefined) return f(dev);
    const h = this.hooks;
    return h.deviceName === undefined ? String(dev) : h.deviceName(dev);
  }

  /** The device number of a name, or `undefined` (or `null` when names are not supported). */
  private devIndex(name: string): number | undefined | null {
    const f = this.opts.deviceIndex;
    if (f !== undefined) return f(name);
    const h = this.hooks;
    return h.deviceIndex === undefined ? null : h.deviceIndex(name);
  }

  // ---------------------------------------------------------------- reachable time

  /**
   * The device's current reachable time (`neigh_rand_reach_time`): random in [base/2, 3·base/2),
   * shared by all the device's entries, re-drawn when base_reachable_time changes and at the
   * kernel's periodic re-draws, every 300 s on its 15 s grid (at 315 s, 630 s, 945 s, … of the
   * table's clock). The draw is made when the value is first needed after such an instant, which
   * no observer can tell from a draw at the instant itself.
   *
   * @param dev - device
   * @param now - current time
   * @returns the reachable time in nanoseconds
   * @throws L2SimError `invalid-argument` for a device that is not an integer 0..2097151 or a time that is not integer nanoseconds; the table is left as it was
   * @example
   * ```ts
   * // without a randomInt option the draw is the midpoint: base_reachable_time itself
   * table.reachableTime(1, 0); // 30_000_000_000 (30 s)
   * ```
   */
  reachableTime(dev: number, now: Nanoseconds): Nanoseconds {
    checkArgs(dev, 0, now);
    const base = this.paramsOf(dev).baseReachableTime;
    const reach = (this.reach ??= new Map());
    let r = reach.get(dev);
    if (r === undefined || r.base !== base || r.drawnAt < Math.floor(now / REDRAW_EVERY) * REDRAW_EVERY) {
      // neigh_rand_reach_time: uniform in [base/2, 3·base/2), drawn in whole milliseconds.
      const baseMs = Math.floor(base / MILLI);
      const value = baseMs === 0 ? base : (this.randomInt(dev, 0, baseMs) + Math.floor(baseMs / 2)) * MILLI;
      r = { value, drawnAt: now, base };
      reach.set(dev, r);
    }
    return r.value;
  }

  // ---------------------------------------------------------------- transmit path

  /**
   * The output path for one packet to next hop `ip` on `dev` (`neigh_output` →
   * `neigh_event_send`). Returns the MAC to send to now, or -1 when the packet was queued
   * (resolution in progress) or dropped (resolution impossible).
   *
   * - REACHABLE, PERMANENT, NOARP: the fast path; `used` is not updated (the kernel's cached
   *   header path).
   * - STALE: goes to DELAY; the packet is sent at once with the cached MAC.
   * - DELAY, PROBE: sent with the cached MAC.
   * - NONE, FAILED: INCOMPLETE, the packet is queued and the first broadcast probe goes out now.
   *   With mcast_solicit + app_solicit = 0 the entry goes FAILED instead and the packet is
   *   discarded (no error report, as `__neigh_event_send` frees it).
   * - INCOMPLETE: queued (the oldest is discarded when the queue is full).
   *
   * @param dev - device
   * @param ip - next-hop IPv4 address as a number
   * @param packet - the packet to send or queue
   * @param now - current time
   * @returns the destination MAC as a number, or -1
   * @throws L2SimError `invalid-argument` for a device that is not an integer 0..2097151, an address that is not an integer 0..2³²−1, or a time that is not integer nanoseconds; the table is left as it was
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0);                  // -1: INCOMPLETE, queued, who-has broadcast
   * table.output(1, ip, 'echo 2', 500 * MILLISECOND);  // -1: queued behind it, no new probe
   * table.get('10.0.0.2', 1)?.queued;                  // 2
   * ```
   */
  output(dev: number, ip: number, packet: P, now: Nanoseconds): number {
    checkArgs(dev, ip, now);
    let e = this.map.get(key(dev, ip));
    if (e === undefined) {
      e = this.create(dev, ip, now);
      if (e === undefined) {
        // ip_finish_output2: no neighbour could be allocated; the packet is freed, no ICMP error.
        this.hooks.discarded?.(packet, dev, ip);
        return -1;
      }
    }
    const st = e.state;
    if ((st & NUD_CONNECTED) !== 0) return e.mac;
    e.used = now;
    if ((st & (Nud.DELAY | Nud.PROBE)) !== 0) return e.mac;
    const p = this.paramsOf(dev);
    if (st === Nud.STALE) {
      this.setState(e, Nud.DELAY, now, 'used while STALE');
      this.arm(e, now + p.delayFirstProbeTime);
      return e.mac;
    }
    if (st === Nud.NONE || st === Nud.FAILED) {
      if (p.mcastSolicit + p.appSolicit === 0) {
        this.setState(e, Nud.FAILED, now, 'no probes allowed');
        this.hooks.discarded?.(packet, dev, ip);
        return -1;
      }
      e.probes = p.ucastSolicit;
      this.setState(e, Nud.INCOMPLETE, now, 'packet to send');
      this.arm(e, now + Math.max(p.retransTime, MIN_TIMER));
      this.enqueue(e, packet, p);
      this.probe(e, p);
      return -1;
    }
    // INCOMPLETE
    this.enqueue(e, packet, p);
    return -1;
  }

  private enqueue(e: Entry<P>, packet: P, p: NeighParams): void {
    const q = (e.queue ??= []);
    while (q.length >= Math.max(1, p.unresQlen)) {
      const old = q.shift() as P;
      this.hooks.discarded?.(old, e.dev, e.ip);
    }
    q.push(packet);
  }

  /** neigh_probe: solicit, then count the probe. */
  private probe(e: Entry<P>, p: NeighParams): void {
    const q = e.queue;
    const hint = q !== null && q.length > 0 ? q[q.length - 1]! : null;
    // arp_solicit: unicast while probes < ucast_solicit (PROBE starts at 0), broadcast afterwards
    // (INCOMPLETE starts at ucast_solicit); app probes are not modelled as packets.
    const n = e.probes - p.ucastSolicit;
    const dstMac = n < 0 && e.mac >= 0 ? e.mac : null;
    if (n < 0 || n - p.appSolicit >= 0) this.hooks.solicit({ dev: e.dev, target: e.ip, dstMac, hint });
    e.probes++;
  }

  /**
   * The fast path of the output (`neigh_output` → `neigh_hh_output`): the cached MAC when the
   * entry is REACHABLE, PERMANENT or NOARP, else -1 (then call {@link ArpTable.output}). Nothing
   * changes, as on Linux where the cached-header path does not even update `used`.
   *
   * @param dev - device
   * @param ip - next-hop IPv4 address as a number
   * @returns the MAC as a number, or -1
   * @example
   * ```ts
   * table.add('10.0.0.2', { dev: 1, lladdr: '02:00:00:00:00:02' }, 0);  // PERMANENT
   * table.connectedMac(1, ip);                                  // 0x020000000002
   * table.connectedMac(1, Ipv4Address.parse('10.0.0.3').value); // -1: call output()
   * ```
   */
  connectedMac(dev: number, ip: number): number {
    const e = this.map.get(dev * 0x1_0000_0000 + ip);
    return e !== undefined && (e.state & NUD_CONNECTED) !== 0 ? e.mac : -1;
  }

  /**
   * The output path without a packet in hand: for an entry that has a MAC to send with (REACHABLE,
   * PERMANENT, NOARP, STALE, DELAY, PROBE) this does what {@link ArpTable.output} does (STALE goes
   * to DELAY, `used` is updated) and returns the MAC; otherwise it changes nothing and returns -1,
   * and the caller must call {@link ArpTable.output} with the packet to queue.
   *
   * @param dev - device
   * @param ip - next-hop IPv4 address as a number
   * @param now - current time
   * @returns the MAC as a number, or -1
   * @throws L2SimError `invalid-argument` for a time that is not integer nanoseconds (on an existing entry); the table is left as it was
   * @example
   * ```ts
   * table.add('10.0.0.2', { dev: 1, lladdr: '02:00:00:00:00:02', state: 'stale' }, 0);
   * table.outputMac(1, ip, 10 * SECOND); // 0x020000000002
   * table.stateOf(1, ip);                // 'DELAY'
   * ```
   */
  outputMac(dev: number, ip: number, now: Nanoseconds): number {
    const e = this.map.get(dev * 0x1_0000_0000 + ip);
    if (e === undefined) return -1;
    checkNow(now);
    const st = e.state;
    if ((st & NUD_CONNECTED) !== 0) return e.mac;
    if ((st & (Nud.DELAY | Nud.PROBE)) !== 0) {
      e.used = now;
      return e.mac;
    }
    if (st === Nud.STALE) {
      e.used = now;
      this.setState(e, Nud.DELAY, now, 'used while STALE');
      this.arm(e, now + this.paramsOf(dev).delayFirstProbeTime);
      return e.mac;
    }
    return -1;
  }

  // ---------------------------------------------------------------- receive path (used by ARP processing)

  /**
   * `neigh_event_ns`: an ARP request for one of our addresses arrived from `ip`/`mac`. Creates
   * the sender's entry if missing and applies a STALE update with OVERRIDE (a valid entry with the
   * same MAC keeps its state).
   *
   * @param dev - receiving device
   * @param ip - sender IPv4 address as a number
   * @param mac - sender MAC as a number
   * @param now - current time
   * @returns whether an entry exists afterwards
   * @throws L2SimError `invalid-argument` for a device that is not an integer 0..2097151, an address that is not an integer 0..2³²−1, a MAC that is not a 48-bit integer, missing `info`, or a time that is not integer nanoseconds; the table is left as it was
   * @example
   * ```ts
   * // 10.0.0.2 (02:00:00:00:00:02) asks on device 1 who has one of our addresses
   * table.eventNs(1, ip, MacAddress.parse('02:00:00:00:00:02').value, 0); // true
   * table.stateOf(1, ip);                                                // 'STALE'
   * ```
   */
  eventNs(dev: number, ip: number, mac: number, now: Nanoseconds): boolean {
    checkArgs(dev, ip, now);
    checkMac(mac);
    let e = this.map.get(key(dev, ip));
    if (e === undefined) {
      e = this.create(dev, ip, now);
      if (e === undefined) return false;
    }
    this.applyUpdate(e, mac, Nud.STALE, true, false, now, 'ARP request for us');
    return true;
  }

  /**
   * Step 4 of `arp_process`: ARP replies, and requests not for us, update an *existing* entry for
   * the sender (or create one when `create` is set: `arp_accept` and a GARP or reply).
   *
   * The new state is REACHABLE for a reply unicast to us, STALE otherwise. A different MAC is
   * taken only after `locktime` since the last update, or from a gratuitous ARP.
   *
   * @param dev - receiving device
   * @param ip - sender IPv4 address (SPA)
   * @param mac - sender MAC (SHA)
   * @param info - `reply`: op is reply; `unicastToUs`: pkt_type HOST; `garp`: gratuitous; `create`: may create
   * @param now - current time
   * @returns whether an entry was updated
   * @throws L2SimError `invalid-argument` for a device that is not an integer 0..2097151, an address that is not an integer 0..2³²−1, a MAC that is not a 48-bit integer, missing `info`, or a time that is not integer nanoseconds; the table is left as it was
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0); // -1: INCOMPLETE, who-has broadcast
   * const reply = { reply: true, unicastToUs: true, garp: false, create: false };
   * table.learn(1, ip, MacAddress.parse('02:00:00:00:00:02').value, reply, 2 * MILLISECOND); // true: hooks.transmit('echo 1', …)
   * table.stateOf(1, ip); // 'REACHABLE'
   * ```
   */
  learn(dev: number, ip: number, mac: number, info: { reply: boolean; unicastToUs: boolean; garp: boolean; create: boolean }, now: Nanoseconds): boolean {
    checkArgs(dev, ip, now);
    checkMac(mac);
    if (info === null || typeof info !== 'object') throw new L2SimError('invalid-argument', 'invalid ARP receive info: expected { reply, unicastToUs, garp, create }', {});
    let e = this.map.get(key(dev, ip));
    if (e === undefined) {
      if (!info.create) return false;
      e = this.create(dev, ip, now);
      if (e === undefined) return false;
    }
    const state = info.reply && info.unicastToUs ? Nud.REACHABLE : Nud.STALE;
    const override = now > e.updated + this.paramsOf(dev).locktime || info.garp;
    this.applyUpdate(e, mac, state, override, false, now, info.reply ? (info.unicastToUs ? 'ARP reply' : 'broadcast ARP reply') : info.garp ? 'gratuitous ARP' : 'ARP request overheard');
    return true;
  }

  /** `__neigh_update` for a valid new state (REACHABLE, STALE, PERMANENT, NOARP). */
  private applyUpdate(e: Entry<P>, mac: number, newState: number, override: boolean, admin: boolean, now: Nanoseconds, why: string): void {
    const old = e.state;
    if (!admin && (old & (Nud.NOARP | Nud.PERMANENT)) !== 0) return;
    const lladdr = mac;
    let nw = newState;
    if ((nw & NUD_CONNECTED) !== 0) e.confirmed = now;
    if ((old & NUD_VALID) !== 0) {
      if (lladdr !== e.mac && !override) return;
      if (lladdr === e.mac && nw === Nud.STALE && !admin) nw = old;
    }
    const macChanged = lladdr !== e.mac;
    if (nw !== old || macChanged) e.updated = now;
    if (nw !== old) {
      this.disarm(e);
      if (nw === Nud.PROBE) e.probes = 0;
      e.state = nw;
      if (((nw ^ old) & Nud.PERMANENT) !== 0) this.gc.exempt = (this.gc.exempt ?? 0) + (nw === Nud.PERMANENT ? 1 : -1);
      if ((nw & NUD_IN_TIMER) !== 0) this.arm(e, now + (nw === Nud.REACHABLE ? this.reachableTime(e.dev, now) : 0));
    }
    if (macChanged) {
      e.mac = lladdr;
      if ((nw & NUD_CONNECTED) === 0) e.confirmed = now - 2 * this.paramsOf(e.dev).baseReachableTime;
    }
    if (nw !== old || macChanged) this.report(e, old, why);
    if (nw === old) return;
    if ((old & NUD_VALID) === 0 && e.queue !== null) {
      const q = e.queue;
      e.queue = null;
      for (const pkt of q) {
        if ((e.state & NUD_VALID) === 0) break;
        this.hooks.transmit(pkt, e.dev, e.mac);
      }
    }
  }

  private setState(e: Entry<P>, state: number, now: Nanoseconds, why: string): void {
    const old = e.state;
    e.state = state;
    e.updated = now;
    if (old !== state) this.report(e, old, why);
  }

  private report(e: Entry<P>, old: number, why: string): void {
    this.hooks.changed?.({ dev: e.dev, ip: e.ip, from: nudName(old), to: nudName(e.state), lladdr: e.mac, why });
  }

  /**
   * `neigh_alloc`: an entry that will be PERMANENT (`exempt`, an admin add) skips the limits;
   * any other first runs forced GC when the collectable count is at gc_thresh3, or at gc_thresh2
   * with the last forced GC more than 5 s ago, and fails only if that freed nothing and the count
   * is at gc_thresh3 ("neighbour table overflow").
   */
  private create(dev: number, ip: number, now: Nanoseconds, exempt = false): Entry<P> | undefined {
    const g = this.gc;
    const counted = g.entries - (g.exempt ?? 0);
    if (!exempt && (counted >= g.thresh3 || (counted >= g.thresh2 && now > g.lastFlush + FORCED_GC_AGE))) {
      if (this.forcedGc(now) === 0 && counted >= g.thresh3) return undefined; // "neighbour table overflow"
    }
    const e = new Entry<P>(dev, ip);
    e.confirmed = now - 2 * this.paramsOf(dev).baseReachableTime;
    e.updated = now;
    e.used = now;
    this.map.set(key(dev, ip), e);
    g.entries++;
    if (g.entries >= g.thresh1) this.gcThresholdReached(now);
    return e;
  }

  /**
   * The shared count may have reached gc_thresh1 (after an allocation, or when the thresholds
   * changed): every table sharing the GC state starts its periodic GC.
   *
   * @param now - current time
   * @example
   * ```ts
   * const gc: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 512, thresh3: 1024, lastFlush: -Infinity };
   * const shared = new ArpTable<string>({ hooks, gc }); // hooks as in the class example
   * gc.thresh1 = 0;               // sysctl net.ipv4.neigh.default.gc_thresh1=0
   * shared.gcThresholdReached(0);
   * shared.nextDeadline();        // 15_000_000_000: the first periodic GC run
   * ```
   */
  gcThresholdReached(now: Nanoseconds): void {
    if (this.gc.entries < this.gc.thresh1) return;
    for (const t of this.gc.members ?? [this]) t.startGc(now);
  }

  /** Start periodic GC if it is not running (called for every member table). @internal */
  startGc(now: Nanoseconds): void {
    if (this.gcAt !== Infinity) return;
    this.maybeStartGc(now);
    if (this.gcAt !== Infinity) this.hooks.deadlineChanged?.();
  }

  /** Leave the shared GC state (the table's namespace was deleted). @internal */
  detach(): void {
    this.gc.members?.delete(this);
  }

  private remove(e: Entry<P>, why: string): void {
    if (this.map.get(key(e.dev, e.ip)) !== e) return;
    this.map.delete(key(e.dev, e.ip));
    this.gc.entries--;
    if (e.state === Nud.PERMANENT) this.gc.exempt = (this.gc.exempt ?? 0) - 1;
    this.disarm(e);
    const old = e.state;
    e.state = Nud.NONE;
    e.queue = null;
    this.hooks.changed?.({ dev: e.dev, ip: e.ip, from: nudName(old), to: 'NONE', lladdr: -1, why });
  }

  // ---------------------------------------------------------------- timers

  /** neigh_add_timer: start the timer, raising `used` to `confirmed`. */
  private arm(e: Entry<P>, at: number): void {
    if (e.used < e.confirmed) e.used = e.confirmed;
    this.schedule(e, at);
  }

  /** mod_timer (what the timer handler re-arms with): no change to `used`. */
  private schedule(e: Entry<P>, at: number): void {
    e.timerAt = at;
    if (this.heapT === EMPTY_T) {
      this.heapT = [];
      this.heapE = [];
    }
    // sift up
    const T = this.heapT;
    const E = this.heapE;
    let i = T.length;
    T.push(at);
    E.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (T[p]! <= at) break;
      T[i] = T[p]!;
      E[i] = E[p]!;
      i = p;
    }
    T[i] = at;
    E[i] = e;
  }

  private disarm(e: Entry<P>): void {
    e.timerAt = Infinity;
  }

  private heapPop(): void {
    const T = this.heapT;
    const E = this.heapE;
    const lastT = T.pop()!;
    const lastE = E.pop()!;
    const n = T.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && T[r]! < T[l]! ? r : l;
      if (lastT <= T[c]!) break;
      T[i] = T[c]!;
      E[i] = E[c]!;
      i = c;
    }
    T[i] = lastT;
    E[i] = lastE;
  }

  private peekTimer(): number {
    const T = this.heapT;
    const E = this.heapE;
    while (T.length > 0 && E[0]!.timerAt !== T[0]) this.heapPop();
    return T.length > 0 ? T[0]! : Infinity;
  }

  /**
   * The next instant the table needs {@link ArpTable.poll}, or `undefined` when no timer runs.
   *
   * @returns time in nanoseconds, or `undefined`
   * @example
   * ```ts
   * table.nextDeadline();             // undefined: no timer runs
   * table.output(1, ip, 'echo 1', 0);
   * table.nextDeadline();             // 1_000_000_000: the next probe (retrans_time)
   * ```
   */
  nextDeadline(): Nanoseconds | undefined {
    const t = Math.min(this.peekTimer(), this.gcAt);
    return t === Infinity ? undefined : t;
  }

  /**
   * Run every timer due at or before `now` (`neigh_timer_handler`, and periodic GC when the
   * shared table holds at least gc_thresh1 entries). Each overdue timer runs once, at `now`, and
   * re-arms from `now`, as a late kernel timer does: missed periods are not replayed, so poll at
   * each {@link ArpTable.nextDeadline} to follow the kernel's timeline.
   *
   * @param now - current time
   * @throws L2SimError `invalid-argument` when `now` is not a safe integer
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0);
   * // drive the table with your own clock: poll at each deadline in turn
   * for (let t = table.nextDeadline(); t !== undefined && t <= 10 * SECOND; t = table.nextDeadline()) table.poll(t);
   * table.stateOf(1, ip); // 'FAILED' at 3 s, after probes at 1 s and 2 s; hooks.failed got 'echo 1'
   * ```
   */
  poll(now: Nanoseconds): void {
    checkNow(now);
    for (;;) {
      const t = this.peekTimer();
      if (t > now) break;
      const e = this.heapE[0]!;
      this.heapPop();
      e.timerAt = Infinity;
      this.timer(e, now);
    }
    if (this.gcAt <= now) this.periodicGc(now);
  }

  private timer(e: Entry<P>, now: Nanoseconds): void {
    const state = e.state;
    if ((state & NUD_IN_TIMER) === 0) return;
    const p = this.paramsOf(e.dev);
    let next = now + SECOND;
    if ((state & Nud.REACHABLE) !== 0) {
      const rt = this.reachableTime(e.dev, now);
      if (now <= e.confirmed + rt) {
        next = e.confirmed + rt;
      } else if (now <= e.used + p.delayFirstProbeTime) {
        this.setState(e, Nud.DELAY, now, 'reachable time expired, recently used');
        next = now + p.delayFirstProbeTime;
      } else {
        this.setState(e, Nud.STALE, now, 'reachable time expired');
        return;
      }
    } else if ((state & Nud.DELAY) !== 0) {
      if (now <= e.confirmed + p.delayFirstProbeTime) {
        this.setState(e, Nud.REACHABLE, now, 'confirmed during DELAY');
        next = e.confirmed + this.reachableTime(e.dev, now);
      } else {
        e.probes = 0;
        this.setState(e, Nud.PROBE, now, 'not confirmed in delay_first_probe_time');
        next = now + Math.max(p.retransTime, MIN_TIMER);
      }
    } else {
      next = now + Math.max(p.retransTime, MIN_TIMER);
    }
    if ((e.state & (Nud.INCOMPLETE | Nud.PROBE)) !== 0) {
      const max = p.ucastSolicit + p.appSolicit + (e.state === Nud.PROBE ? p.mcastResolicit : p.mcastSolicit);
      if (e.probes >= max) {
        this.setState(e, Nud.FAILED, now, e.state === Nud.PROBE ? 'no reply to unicast probes' : 'no reply to broadcast probes');
        const q = e.queue;
        e.queue = null;
        if (q !== null) for (const pkt of q) this.hooks.failed(pkt, e.dev, e.ip);
        return;
      }
    }
    if ((e.state & NUD_IN_TIMER) !== 0) {
      if (next < now + MIN_TIMER) next = now + MIN_TIMER;
      this.schedule(e, next);
    }
    if ((e.state & (Nud.INCOMPLETE | Nud.PROBE)) !== 0) this.probe(e, p);
  }

  // ---------------------------------------------------------------- garbage collection

  private maybeStartGc(now: Nanoseconds): void {
    if (this.gcAt !== Infinity || this.gc.entries < this.gc.thresh1) return;
    // neigh_periodic_work runs every base_reachable_time/2; align to that grid from time zero.
    const step = Math.max(MIN_TIMER, Math.floor(DEFAULT_NEIGH_PARAMS.baseReachableTime / 2));
    this.gcAt = (Math.floor(now / step) + 1) * step;
  }

  private periodicGc(now: Nanoseconds): void {
    const step = Math.floor(DEFAULT_NEIGH_PARAMS.baseReachableTime / 2);
    this.gcAt = Infinity;
    // Linux runs one sweep over the whole table: the gc_thresh1 test is made once per sweep instant,
    // before anything is removed, and holds for every table sharing the state at that instant.
    const g = this.gc;
    if (g.sweepTime !== now) {
      g.sweepTime = now;
      g.sweepAllowed = g.entries >= g.thresh1;
    }
    if (g.sweepAllowed !== true) return;
    for (const e of [...this.map.values()]) {
      if ((e.state & (Nud.PERMANENT | NUD_IN_TIMER)) !== 0) continue;
      if (e.state === Nud.FAILED || now >= e.used + this.paramsOf(e.dev).gcStaleTime) this.remove(e, 'garbage collected');
    }
    this.gcAt = now + step;
  }

  /**
   * `neigh_forced_gc`: walk the collectable entries oldest first and remove the unreferenced ones
   * (an entry whose timer runs — INCOMPLETE, REACHABLE, DELAY, PROBE — is held by it) that are
   * FAILED, NOARP or not updated for 5 s, until the count is down to gc_thresh2. PERMANENT entries
   * are not on the kernel's gc list. Returns how many were removed.
   */
  private forcedGc(now: Nanoseconds): number {
    const g = this.gc;
    const sweep = { shrunk: 0, maxClean: g.entries - (g.exempt ?? 0) - g.thresh2, done: false };
    // The kernel walks one list for every namespace: here, every table sharing the GC state, this
    // one first, then the others in the order they joined.
    this.collectForced(now, sweep);
    for (const t of g.members ?? []) {
      if (sweep.done) break;
      if (t !== this) t.collectForced?.(now, sweep);
    }
    g.lastFlush = now;
    return sweep.shrunk;
  }

  /**
   * This table's part of a forced collection: see {@link NeighGcMember.collectForced}. @internal
   * @param now - current time
   * @param sweep - the walk's state
   */
  collectForced(now: Nanoseconds, sweep: { shrunk: number; readonly maxClean: number; done: boolean }): void {
    for (const e of [...this.map.values()]) {
      if (sweep.done) return;
      if ((e.state & (Nud.PERMANENT | NUD_IN_TIMER)) !== 0) continue;
      if (e.state === Nud.FAILED || e.state === Nud.NOARP || now > e.updated + FORCED_GC_AGE) {
        this.remove(e, 'forced garbage collection');
        sweep.shrunk++;
      }
      if (sweep.shrunk >= sweep.maxClean) sweep.done = true;
    }
  }

  // ---------------------------------------------------------------- flushes and admin

  /**
   * Remove the device's entries: all of them (`includePermanent`, on admin down, `arp_ifdown`),
   * or the non-permanent ones (carrier loss with arp_evict_nocarrier, `ip neigh flush`). Queued
   * packets are dropped without error reports.
   *
   * @param dev - device
   * @param includePermanent - also remove PERMANENT entries
   * @param why - reason for traces
   * @returns number of entries removed
   * @example
   * ```ts
   * table.add('10.0.0.9', { dev: 1, lladdr: '02:00:00:00:00:09' }, 0); // PERMANENT
   * table.output(1, ip, 'echo 1', 0);                                  // INCOMPLETE
   * table.flushDevice(1, false, 'carrier lost'); // 1: the PERMANENT entry stays
   * table.flushDevice(1, true, 'device down');   // 1: now it goes too
   * ```
   */
  flushDevice(dev: number, includePermanent: boolean, why = 'flushed'): number {
    let n = 0;
    for (const e of [...this.map.values()]) {
      if (e.dev !== dev) continue;
      if (!includePermanent && (e.state & Nud.PERMANENT) !== 0) continue;
      this.remove(e, why);
      n++;
    }
    return n;
  }

  private devArg(dev: number | string): number {
    if (typeof dev === 'number' && Number.isInteger(dev)) return dev;
    const i = typeof dev === 'string' ? this.devIndex(dev) : null;
    if (typeof dev === 'string' && i !== null) {
      if (i !== undefined) return i;
      throw new L2SimError('not-found', `no device ${dev}`, { dev });
    }
    throw new L2SimError('invalid-argument', `invalid device ${String(dev)}`, { dev: String(dev) });
  }

  /**
   * `ip neigh add|replace IP lladdr MAC dev DEV nud STATE`: an admin entry (default `permanent`).
   * Replaces an existing entry's MAC and state. As in the kernel (`__neigh_update`), `lladdr` may
   * be left out only when the entry already has a valid one, which is then kept.
   *
   * @param ip - the neighbour's address
   * @param options - device (name or index), MAC, state
   * @param now - current time
   * @throws L2SimError `invalid-argument` for a malformed address, device, MAC, state or time, or a
   *   missing MAC ("No link layer address given"); `not-found` for an unknown device;
   *   `invalid-state` when the table is full (gc_thresh3) and nothing can be collected
   *   ("neighbour table overflow")
   * @example
   * ```ts
   * table.add('10.0.0.9', { dev: 1, lladdr: '02:00:00:00:00:09' }, 0);                  // nud permanent
   * table.add('10.0.0.9', { dev: 1, lladdr: '02:00:00:00:00:0a', state: 'stale' }, 0);  // replace
   * table.get('10.0.0.9', 1)?.state; // 'STALE'
   * ```
   */
  add(ip: Ipv4Address | string, options: { dev: number | string; lladdr?: MacAddress | string; state?: AdminNudState }, now: Nanoseconds): void {
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid neighbour options: expected { dev, lladdr?, state? }', {});
    checkNow(now);
    const addr = Ipv4Address.from(ip).value;
    const dev = this.devArg(options.dev);
    const stateName = options.state ?? 'permanent';
    const state = typeof stateName === 'string' ? ADMIN_STATES.get(stateName) : undefined;
    if (state === undefined) {
      throw new L2SimError('invalid-argument', `invalid neighbour state ${String(stateName)}: expected permanent, noarp, reachable or stale`, { state: String(stateName) });
    }
    const mac = options.lladdr === undefined ? undefined : MacAddress.from(options.lladdr).value;
    let e = this.map.get(key(dev, addr));
    if (mac === undefined && (e === undefined || (e.state & NUD_VALID) === 0)) {
      throw new L2SimError('invalid-argument', `neighbour ${String(ip)}: No link layer address given (lladdr is required unless the entry has one)`, {});
    }
    if (e === undefined) {
      e = this.create(dev, addr, now, state === Nud.PERMANENT);
      if (e === undefined) throw new L2SimError('invalid-state', 'neighbour table overflow', {});
    }
    this.applyUpdate(e, mac ?? e.mac, state, true, true, now, 'admin');
  }

  /**
   * `ip neigh del IP dev DEV`. As in the kernel (`neigh_delete` sets the entry FAILED first, which
   * runs `neigh_invalidate`), packets queued on an INCOMPLETE entry are error-reported through the
   * `failed` hook.
   *
   * @param ip - the neighbour's address
   * @param dev - device name or index
   * @returns whether an entry was removed
   * @throws L2SimError `invalid-argument` for a malformed address or device (a name when the table
   *   has no `deviceIndex`); `not-found` for an unknown device
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0); // INCOMPLETE, 'echo 1' queued
   * table.delete('10.0.0.2', 1);      // true: hooks.failed('echo 1', 1, ip)
   * table.delete('10.0.0.2', 1);      // false
   * ```
   */
  delete(ip: Ipv4Address | string, dev: number | string): boolean {
    const e = this.map.get(key(this.devArg(dev), Ipv4Address.from(ip).value));
    if (e === undefined) return false;
    this.adminRemove(e, 'admin delete');
    return true;
  }

  /** `neigh_delete`: FAILED first (so `neigh_invalidate` reports the queue), then gone. */
  private adminRemove(e: Entry<P>, why: string): void {
    const q = (e.state & (Nud.INCOMPLETE | Nud.PROBE)) !== 0 ? e.queue : null;
    this.remove(e, why);
    if (q !== null) for (const pkt of q) this.hooks.failed(pkt, e.dev, e.ip);
  }

  /**
   * `ip neigh flush [dev DEV]`: remove the entries that are neither PERMANENT nor NOARP (iproute2
   * flushes the states `~(PERMANENT|NOARP)`). iproute2 deletes them one by one, so, as with
   * {@link ArpTable.delete}, packets queued on an INCOMPLETE or PROBE entry are error-reported through
   * the `failed` hook.
   *
   * @param dev - device name or index (default: every device)
   * @returns number of entries removed
   * @throws L2SimError `invalid-argument` for a malformed device (a name when the table has no
   *   `deviceIndex`); `not-found` for an unknown device
   * @example
   * ```ts
   * table.add('10.0.0.9', { dev: 1, lladdr: '02:00:00:00:00:09' }, 0); // PERMANENT: kept
   * table.output(1, ip, 'echo 1', 0);
   * table.output(2, ip, 'echo 2', 0);
   * table.flush(1); // 1
   * table.flush();  // 1: the entry on device 2
   * ```
   */
  flush(dev?: number | string): number {
    const d = dev === undefined ? undefined : this.devArg(dev);
    let n = 0;
    for (const e of [...this.map.values()]) {
      if ((d !== undefined && e.dev !== d) || (e.state & (Nud.PERMANENT | Nud.NOARP)) !== 0) continue;
      this.adminRemove(e, 'admin flush');
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- reading

  /**
   * The state of the entry for `ip` on `dev`, or `undefined`.
   *
   * @param dev - device
   * @param ip - address as a number
   * @returns the NUD state name
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0);
   * table.stateOf(1, ip); // 'INCOMPLETE'
   * table.stateOf(2, ip); // undefined
   * ```
   */
  stateOf(dev: number, ip: number): NudStateName | undefined {
    const e = this.map.get(key(dev, ip));
    return e === undefined ? undefined : nudName(e.state);
  }

  /**
   * The cached MAC of the entry, or -1.
   *
   * @param dev - device
   * @param ip - address as a number
   * @returns the MAC as a number, or -1
   * @example
   * ```ts
   * table.add('10.0.0.2', { dev: 1, lladdr: '02:00:00:00:00:02' }, 0);
   * MacAddress.fromNumber(table.macOf(1, ip)).toString(); // '02:00:00:00:00:02'
   * ```
   */
  macOf(dev: number, ip: number): number {
    const e = this.map.get(key(dev, ip));
    return e === undefined ? -1 : e.mac;
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }

  /**
   * Snapshots of every entry, newest first (the order `ip neigh` lists them).
   *
   * @returns the entries
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0);
   * table.add('10.0.0.3', { dev: 1, lladdr: '02:00:00:00:00:03', state: 'stale' }, 0);
   * table.entries().map((e) => `${e.ip} ${e.state}`); // ['10.0.0.3 STALE', '10.0.0.2 INCOMPLETE']
   * ```
   */
  entries(): NeighEntrySnapshot[] {
    const out: NeighEntrySnapshot[] = [];
    for (const e of this.map.values()) out.push(this.snap(e));
    return out.reverse();
  }

  /**
   * A snapshot of one entry.
   *
   * @param ip - the address
   * @param dev - device name or index
   * @returns the snapshot, or `undefined`
   * @throws L2SimError `invalid-argument` for a malformed address or device (a name when the table
   *   has no `deviceIndex`); `not-found` for an unknown device
   * @example
   * ```ts
   * table.output(1, ip, 'echo 1', 0);
   * table.get('10.0.0.2', 1); // { ip: '10.0.0.2', dev: '1', state: 'INCOMPLETE', lladdr: null, queued: 1, timer: 1_000_000_000, … }
   * ```
   */
  get(ip: Ipv4Address | string, dev: number | string): NeighEntrySnapshot | undefined {
    const e = this.map.get(key(this.devArg(dev), Ipv4Address.from(ip).value));
    return e === undefined ? undefined : this.snap(e);
  }

  private snap(e: Entry<P>): NeighEntrySnapshot {
    const hasMac = e.mac >= 0 && (e.state & NUD_VALID) !== 0;
    return {
      ip: Ipv4Address.fromNumber(e.ip).toString(),
      dev: this.devName(e.dev),
      ifindex: e.dev,
      lladdr: hasMac ? MacAddress.fromNumber(e.mac).toString() : null,
      state: nudName(e.state),
      updated: e.updated,
      confirmed: e.confirmed,
      used: e.used,
      probes: e.probes,
      queued: e.queue === null ? 0 : e.queue.length,
      timer: e.timerAt === Infinity ? null : e.timerAt,
    };
  }

  /** Forget the device's reachable-time draw (base_reachable_time was written). @internal */
  resetReachable(dev: number): void {
    this.reach?.delete(dev);
  }
}
