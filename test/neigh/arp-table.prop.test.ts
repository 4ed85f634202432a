// Model-based test: ArpTable against a naive reference written straight from the reference
// (§5.3 transitions, §5.5 probe destinations, §5.6 receive rules, §5.9 admin entries), over plain
// objects and a linear scan for timers. Commands: output, learn (replies unicast/broadcast,
// overheard requests, gratuitous ARP), eventNs (request for us), time advances with poll (by a
// step, or exactly to the next deadline), flushDevice, admin add/delete/flush. After every
// command the states, MACs, timestamps, timers, queue sizes and hook calls must agree. The table
// runs with small gc_thresh2/gc_thresh3 (3 and 5) so that forced garbage collection at allocation
// (§5.8) is exercised, and time runs long enough to cross the reachable-time re-draws (§5.2).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArpTable, DEFAULT_NEIGH_PARAMS, type NeighEntrySnapshot, type NeighParams, type NudStateName, NUD_TRANSITIONS } from '../../src/neigh/index.js';
import { L2SimError } from '../../src/errors/index.js';
import { Ipv4Address, MacAddress } from '../../src/wire/index.js';

const S = 1_000_000_000;
const MS = 1_000_000;
const MIN_TIMER = 10 * MS;
/** §5.8 thresholds for this test: small, so that forced GC runs (gc_thresh1 stays out of reach). */
const GC = { thresh1: 128, thresh2: 3, thresh3: 5 };
/** §5.2: neigh_periodic_work re-draws at its first run (every 15 s from 0) more than 300 s after the last. */
const REDRAWS_EVERY = 315 * S;

const PARAMS: Record<number, NeighParams> = {
  1: DEFAULT_NEIGH_PARAMS,
  2: { ...DEFAULT_NEIGH_PARAMS, baseReachableTime: 2 * S, retransTime: 300 * MS, delayFirstProbeTime: 1 * S, mcastSolicit: 2, ucastSolicit: 2, mcastResolicit: 1, unresQlen: 2, locktime: 500 * MS },
  3: { ...DEFAULT_NEIGH_PARAMS, mcastSolicit: 0 },
};
const DEVS = [1, 2, 3];
const IPS = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((s) => Ipv4Address.parse(s).value);
const MACS = ['02:00:00:00:00:01', '02:00:00:00:00:02', '0a:00:00:00:00:03'].map((s) => MacAddress.parse(s).value);
const ipText = (v: number): string => Ipv4Address.fromNumber(v).toString();
const macText = (v: number): string => MacAddress.fromNumber(v).toString();

/** The same deterministic "random" source for both sides: a per-device counter. */
function randomSource(): (dev: number, min: number, max: number) => number {
  const n = new Map<number, number>();
  return (dev, min, max) => {
    const k = n.get(dev) ?? 0;
    n.set(dev, k + 1);
    return min + ((k * 7919 + dev * 104729) % (max - min));
  };
}

interface Call {
  key: string;
  text: string;
}

// ------------------------------------------------------------------ the reference model

const VALID: readonly NudStateName[] = ['PERMANENT', 'NOARP', 'REACHABLE', 'PROBE', 'STALE', 'DELAY'];
const CONNECTED: readonly NudStateName[] = ['PERMANENT', 'NOARP', 'REACHABLE'];
const IN_TIMER: readonly NudStateName[] = ['INCOMPLETE', 'REACHABLE', 'DELAY', 'PROBE'];

interface MEntry {
  dev: number;
  ip: number;
  state: NudStateName;
  mac: number;
  updated: number;
  confirmed: number;
  used: number;
  probes: number;
  timer: number | null;
  queue: string[];
}

/** How often the runs reached the rarer paths (checked after the property: not a vacuous pass). */
const reached = { forcedGcRemovals: 0, overflows: 0, redraws: 0 };

class Model {
  now = 0;
  seq = 0;
  entries: MEntry[] = []; // creation order
  calls: Call[] = [];
  private reach = new Map<number, { value: number; at: number; base: number }>();
  private readonly rand = randomSource();

  find(dev: number, ip: number): MEntry | undefined {
    return this.entries.find((e) => e.dev === dev && e.ip === ip);
  }
  private key(e: { dev: number; ip: number }): string {
    return `${e.dev}/${ipText(e.ip)}`;
  }
  private call(e: { dev: number; ip: number }, text: string): void {
    this.calls.push({ key: this.key(e), text });
  }
  private changed(e: MEntry, from: NudStateName): void {
    this.call(e, `changed ${from}->${e.state}${e.state !== 'NONE' && e.mac >= 0 ? ` ${macText(e.mac)}` : ''}`);
  }
  private lastFlush = Number.NEGATIVE_INFINITY;

  /** Entries counted for GC: every one but PERMANENT (exempt_from_gc). */
  private gcCount(): number {
    return this.entries.filter((e) => e.state !== 'PERMANENT').length;
  }

  /**
   * neigh_alloc (§5.8): unless the new entry is exempt (an admin PERMANENT add), forced GC runs when
   * the count is at gc_thresh3, or at gc_thresh2 with no forced GC for 5 s; the allocation fails
   * when that freed nothing and the count is at gc_thresh3.
   */
  private alloc(dev: number, ip: number, exempt: boolean): MEntry | undefined {
    const n = this.gcCount();
    if (!exempt && (n >= GC.thresh3 || (n >= GC.thresh2 && this.now > this.lastFlush + 5 * S))) {
      if (this.forcedGc() === 0 && n >= GC.thresh3) {
        reached.overflows++;
        return undefined;
      }
    }
    return this.create(dev, ip);
  }

  /** neigh_forced_gc: oldest first, unreferenced (no timer) FAILED/NOARP or not updated for 5 s, down to gc_thresh2. */
  private forcedGc(): number {
    const maxClean = this.gcCount() - GC.thresh2;
    let shrunk = 0;
    for (const e of [...this.entries]) {
      if (e.state === 'PERMANENT' || IN_TIMER.includes(e.state)) continue;
      if (e.state === 'FAILED' || e.state === 'NOARP' || this.now > e.updated + 5 * S) {
        this.remove(e);
        shrunk++;
        reached.forcedGcRemovals++;
      }
      if (shrunk >= maxClean) break;
    }
    this.lastFlush = this.now;
    return shrunk;
  }

  private create(dev: number, ip: number): MEntry {
    const p = PARAMS[dev]!;
    const e: MEntry = { dev, ip, state: 'NONE', mac: -1, updated: this.now, confirmed: this.now - 2 * p.baseReachableTime, used: this.now, probes: 0, timer: null, queue: [] };
    this.entries.push(e);
    return e;
  }
  private remove(e: MEntry): void {
    this.entries = this.entries.filter((x) => x !== e);
    this.call(e, `changed ${e.state}->NONE`);
  }
  reachableTime(dev: number): number {
    const base = PARAMS[dev]!.baseReachableTime;
    const r = this.reach.get(dev);
    if (r !== undefined && r.base === base && r.at >= Math.floor(this.now / REDRAWS_EVERY) * REDRAWS_EVERY) return r.value;
    const baseMs = Math.floor(base / MS);
    const value = (this.rand(dev, 0, baseMs) + Math.floor(baseMs / 2)) * MS;
    if (r !== undefined && r.base === base) reached.redraws++;
    this.reach.set(dev, { value, at: this.now, base });
    return value;
  }
  /** neigh_add_timer: raises `used` to `confirmed`. */
  private addTimer(e: MEntry, at: number): void {
    if (e.used < e.confirmed) e.used = e.confirmed;
    e.timer = at;
  }
  private setState(e: MEntry, s: NudStateName): void {
    const from = e.state;
    e.state = s;
    e.updated = this.now;
    if (from !== s) this.changed(e, from);
  }
  private probe(e: MEntry): void {
    const p = PARAMS[e.dev]!;
    const n = e.probes - p.ucastSolicit;
    const hint = e.queue.length > 0 ? e.queue[e.queue.length - 1]! : 'null';
    if (n < 0) this.call(e, `solicit unicast ${macText(e.mac)} hint=${hint}`);
    else if (n - p.appSolicit >= 0) this.call(e, `solicit broadcast hint=${hint}`);
    e.probes++;
  }

  output(dev: number, ip: number, pkt: string): number {
    const p = PARAMS[dev]!;
    const e = this.find(dev, ip) ?? this.alloc(dev, ip, false);
    if (e === undefined) {
      this.call({ dev, ip }, `discarded ${pkt}`);
      return -1;
    }
    if (CONNECTED.includes(e.state)) return e.mac;
    e.used = this.now;
    if (e.state === 'DELAY' || e.state === 'PROBE') return e.mac;
    if (e.state === 'STALE') {
      this.setState(e, 'DELAY');
      this.addTimer(e, this.now + p.delayFirstProbeTime);
      return e.mac;
    }
    if (e.state === 'NONE' || e.state === 'FAILED') {
      if (p.mcastSolicit + p.appSolicit === 0) {
        this.setState(e, 'FAILED');
        this.call(e, `discarded ${pkt}`);
        return -1;
      }
      e.probes = p.ucastSolicit;
      this.setState(e, 'INCOMPLETE');
      this.addTimer(e, this.now + Math.max(p.retransTime, MIN_TIMER));
      this.enqueue(e, pkt);
      this.probe(e);
      return -1;
    }
    this.enqueue(e, pkt);
    return -1;
  }
  private enqueue(e: MEntry, pkt: string): void {
    const max = Math.max(1, PARAMS[e.dev]!.unresQlen);
    while (e.queue.length >= max) this.call(e, `discarded ${e.queue.shift()!}`);
    e.queue.push(pkt);
  }

  /** __neigh_update with a valid new state. */
  private update(e: MEntry, mac: number, newState: NudStateName, override: boolean, admin: boolean): void {
    const old = e.state;
    if (!admin && (old === 'NOARP' || old === 'PERMANENT')) return;
    let nw = newState;
    if (CONNECTED.includes(nw)) e.confirmed = this.now;
    if (VALID.includes(old)) {
      if (mac !== e.mac && !override) return;
      if (mac === e.mac && nw === 'STALE' && !admin) nw = old;
    }
    const macChanged = mac !== e.mac;
    if (nw !== old || macChanged) e.updated = this.now;
    if (nw !== old) {
      e.timer = null;
      if (nw === 'PROBE') e.probes = 0;
      e.state = nw;
      if (IN_TIMER.includes(nw)) this.addTimer(e, this.now + (nw === 'REACHABLE' ? this.reachableTime(e.dev) : 0));
    }
    if (macChanged) {
      e.mac = mac;
      if (!CONNECTED.includes(nw)) e.confirmed = this.now - 2 * PARAMS[e.dev]!.baseReachableTime;
    }
    if (nw !== old || macChanged) this.changed(e, old);
    if (nw === old) return;
    if (!VALID.includes(old) && e.queue.length > 0) {
      const q = e.queue;
      e.queue = [];
      for (const pkt of q) this.call(e, `transmit ${pkt} -> ${macText(e.mac)}`);
    }
  }

  eventNs(dev: number, ip: number, mac: number): boolean {
    const e = this.find(dev, ip) ?? this.alloc(dev, ip, false);
    if (e === undefined) return false;
    this.update(e, mac, 'STALE', true, false);
    return true;
  }

  learn(dev: number, ip: number, mac: number, info: { reply: boolean; unicastToUs: boolean; garp: boolean; create: boolean }): boolean {
    let e = this.find(dev, ip);
    if (e === undefined) {
      if (!info.create) return false;
      e = this.alloc(dev, ip, false);
      if (e === undefined) return false;
    }
    const override = this.now > e.updated + PARAMS[dev]!.locktime || info.garp;
    this.update(e, mac, info.reply && info.unicastToUs ? 'REACHABLE' : 'STALE', override, false);
    return true;
  }

  private fire(e: MEntry): void {
    const p = PARAMS[e.dev]!;
    e.timer = null;
    const now = this.now;
    let next = now + S;
    if (e.state === 'REACHABLE') {
      const rt = this.reachableTime(e.dev);
      if (now <= e.confirmed + rt) next = e.confirmed + rt;
      else if (now <= e.used + p.delayFirstProbeTime) {
        this.setState(e, 'DELAY');
        next = now + p.delayFirstProbeTime;
      } else {
        this.setState(e, 'STALE');
        return;
      }
    } else if (e.state === 'DELAY') {
      if (now <= e.confirmed + p.delayFirstProbeTime) {
        this.setState(e, 'REACHABLE');
        next = e.confirmed + this.reachableTime(e.dev);
      } else {
        this.setState(e, 'PROBE');
        e.probes = 0;
        next = now + Math.max(p.retransTime, MIN_TIMER);
      }
    } else {
      next = now + Math.max(p.retransTime, MIN_TIMER);
    }
    if (e.state === 'INCOMPLETE' || e.state === 'PROBE') {
      const max = p.ucastSolicit + p.appSolicit + (e.state === 'PROBE' ? p.mcastResolicit : p.mcastSolicit);
      if (e.probes >= max) {
        this.setState(e, 'FAILED');
        const q = e.queue;
        e.queue = [];
        for (const pkt of q) this.call(e, `failed ${pkt}`);
        return;
      }
    }
    // mod_timer in the timer handler: no raise of `used`
    e.timer = Math.max(next, now + MIN_TIMER);
    if (e.state === 'INCOMPLETE' || e.state === 'PROBE') this.probe(e);
  }

  poll(): void {
    const due = this.entries.filter((e) => e.timer !== null && e.timer <= this.now).sort((a, b) => a.timer! - b.timer!);
    for (const e of due) this.fire(e);
  }

  nextDeadline(): number | undefined {
    const ts = this.entries.filter((e) => e.timer !== null).map((e) => e.timer!);
    return ts.length === 0 ? undefined : Math.min(...ts);
  }

  flushDevice(dev: number, includePermanent: boolean): number {
    const gone = this.entries.filter((e) => e.dev === dev && (includePermanent || e.state !== 'PERMANENT'));
    for (const e of gone) this.remove(e);
    return gone.length;
  }

  /** Returns an error code, or null. */
  adminAdd(ip: number, dev: number, mac: number | undefined, state: 'permanent' | 'noarp' | 'reachable' | 'stale'): string | null {
    const e0 = this.find(dev, ip);
    if (mac === undefined && (e0 === undefined || !VALID.includes(e0.state))) return 'invalid-argument';
    const e = e0 ?? this.alloc(dev, ip, state === 'permanent');
    if (e === undefined) return 'invalid-state'; // "neighbour table overflow"
    const s = ({ permanent: 'PERMANENT', noarp: 'NOARP', reachable: 'REACHABLE', stale: 'STALE' } as const)[state];
    this.update(e, mac ?? e.mac, s, true, true);
    return null;
  }

  adminDelete(ip: number, dev: number): boolean {
    const e = this.find(dev, ip);
    if (e === undefined) return false;
    const q = e.state === 'INCOMPLETE' || e.state === 'PROBE' ? e.queue : [];
    this.remove(e);
    for (const pkt of q) this.call(e, `failed ${pkt}`);
    return true;
  }

  adminFlush(dev: number | undefined): number {
    // iproute2 deletes entry by entry: each as adminDelete, queued packets reported.
    const gone = this.entries.filter((e) => (dev === undefined || e.dev === dev) && e.state !== 'PERMANENT' && e.state !== 'NOARP');
    for (const e of gone) this.adminDelete(e.ip, e.dev);
    return gone.length;
  }
}

// ------------------------------------------------------------------ the real table, recorded

interface Real {
  table: ArpTable<string>;
  calls: Call[];
  transitions: string[];
}

function real(): Real {
  const calls: Call[] = [];
  const transitions: string[] = [];
  const keyOf = (dev: number, ip: number): string => `${dev}/${ipText(ip)}`;
  const keyOfPkt = (pkt: string): string => pkt.split('#')[0]!;
  const table = new ArpTable<string>({
    hooks: {
      solicit: (p) => calls.push({ key: keyOf(p.dev, p.target), text: `solicit ${p.dstMac === null ? 'broadcast' : `unicast ${macText(p.dstMac)}`} hint=${p.hint ?? 'null'}` }),
      transmit: (pkt, _dev, mac) => calls.push({ key: keyOfPkt(pkt), text: `transmit ${pkt} -> ${macText(mac)}` }),
      failed: (pkt) => calls.push({ key: keyOfPkt(pkt), text: `failed ${pkt}` }),
      discarded: (pkt) => calls.push({ key: keyOfPkt(pkt), text: `discarded ${pkt}` }),
      changed: (c) => {
        transitions.push(`${c.from}->${c.to}`);
        calls.push({ key: keyOf(c.dev, c.ip), text: `changed ${c.from}->${c.to}${c.to !== 'NONE' && c.lladdr >= 0 ? ` ${macText(c.lladdr)}` : ''}` });
      },
    },
    params: (dev) => PARAMS[dev] ?? DEFAULT_NEIGH_PARAMS,
    randomInt: randomSource(),
    gc: { entries: 0, ...GC, lastFlush: Number.NEGATIVE_INFINITY },
  });
  return { table, calls, transitions };
}

// ------------------------------------------------------------------ comparison

/** Hook calls grouped by entry: the order across entries polled at the same instant is free. */
function grouped(calls: Call[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of [...calls].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) (out[c.key] ??= []).push(c.text);
  return out;
}

function snapshotOf(e: MEntry): Omit<NeighEntrySnapshot, 'dev'> {
  return {
    ip: ipText(e.ip),
    ifindex: e.dev,
    lladdr: VALID.includes(e.state) && e.mac >= 0 ? macText(e.mac) : null,
    state: e.state,
    updated: e.updated,
    confirmed: e.confirmed,
    used: e.used,
    probes: e.probes,
    queued: e.queue.length,
    timer: e.timer,
  };
}

function check(m: Model, r: Real, what: string): void {
  const got = r.table.entries().map(({ dev: _d, ...rest }) => rest);
  const want = [...m.entries].reverse().map(snapshotOf);
  const a = JSON.stringify(got);
  const b = JSON.stringify(want);
  if (a !== b) throw new Error(`${what}: entries differ at t=${m.now}\n  real:  ${a}\n  model: ${b}`);
  const gc = JSON.stringify(grouped(r.calls));
  const mc = JSON.stringify(grouped(m.calls));
  if (gc !== mc) throw new Error(`${what}: hook calls differ at t=${m.now}\n  real:  ${gc}\n  model: ${mc}`);
  r.calls.length = 0;
  m.calls.length = 0;
  if (r.table.nextDeadline() !== m.nextDeadline()) throw new Error(`${what}: nextDeadline ${r.table.nextDeadline()} vs model ${m.nextDeadline()}`);
  for (const t of r.transitions) if (!NUD_TRANSITIONS.has(t) && t.split('->')[0] !== t.split('->')[1]) throw new Error(`${what}: transition ${t} is not in NUD_TRANSITIONS`);
  r.transitions.length = 0;
}

// ------------------------------------------------------------------ commands

type Cmd = fc.Command<Model, Real>;

class Output implements Cmd {
  constructor(readonly dev: number, readonly ip: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const pkt = `${this.dev}/${ipText(this.ip)}#${m.seq++}`;
    const a = r.table.output(this.dev, this.ip, pkt, m.now);
    const b = m.output(this.dev, this.ip, pkt);
    if (a !== b) throw new Error(`output returned ${a}, model ${b}`);
    check(m, r, this.toString());
  }
  toString = (): string => `output(dev${this.dev}, ${ipText(this.ip)})`;
}

const LEARN_KINDS = {
  unicastReply: { reply: true, unicastToUs: true, garp: false },
  broadcastReply: { reply: true, unicastToUs: false, garp: false },
  request: { reply: false, unicastToUs: false, garp: false },
  garp: { reply: false, unicastToUs: false, garp: true },
  garpReply: { reply: true, unicastToUs: false, garp: true },
} as const;

class Learn implements Cmd {
  constructor(readonly dev: number, readonly ip: number, readonly mac: number, readonly kind: keyof typeof LEARN_KINDS, readonly create: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const info = { ...LEARN_KINDS[this.kind], create: this.create };
    const a = r.table.learn(this.dev, this.ip, this.mac, info, m.now);
    const b = m.learn(this.dev, this.ip, this.mac, info);
    if (a !== b) throw new Error(`learn returned ${a}, model ${b}`);
    check(m, r, this.toString());
  }
  toString = (): string => `learn(dev${this.dev}, ${ipText(this.ip)}, ${macText(this.mac)}, ${this.kind}${this.create ? ', create' : ''})`;
}

class EventNs implements Cmd {
  constructor(readonly dev: number, readonly ip: number, readonly mac: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const a = r.table.eventNs(this.dev, this.ip, this.mac, m.now);
    const b = m.eventNs(this.dev, this.ip, this.mac);
    if (a !== b) throw new Error(`eventNs returned ${a}, model ${b}`);
    check(m, r, this.toString());
  }
  toString = (): string => `eventNs(dev${this.dev}, ${ipText(this.ip)}, ${macText(this.mac)})`;
}

class Advance implements Cmd {
  constructor(readonly dt: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    m.now += this.dt;
    r.table.poll(m.now);
    m.poll();
    check(m, r, this.toString());
  }
  toString = (): string => `advance(${this.dt / MS}ms)`;
}

class ToDeadline implements Cmd {
  check = (m: Model): boolean => m.nextDeadline() !== undefined;
  run(m: Model, r: Real): void {
    m.now = m.nextDeadline()!;
    r.table.poll(m.now);
    m.poll();
    check(m, r, this.toString());
  }
  toString = (): string => 'toNextDeadline()';
}

class FlushDevice implements Cmd {
  constructor(readonly dev: number, readonly includePermanent: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const a = r.table.flushDevice(this.dev, this.includePermanent);
    const b = m.flushDevice(this.dev, this.includePermanent);
    if (a !== b) throw new Error(`flushDevice returned ${a}, model ${b}`);
    check(m, r, this.toString());
  }
  toString = (): string => `flushDevice(dev${this.dev}, ${this.includePermanent})`;
}

class AdminAdd implements Cmd {
  constructor(readonly ip: number, readonly dev: number, readonly mac: number | undefined, readonly state: 'permanent' | 'noarp' | 'reachable' | 'stale') {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    let code: string | null = null;
    try {
      r.table.add(ipText(this.ip), { dev: this.dev, ...(this.mac === undefined ? {} : { lladdr: macText(this.mac) }), state: this.state }, m.now);
    } catch (e) {
      if (!(e instanceof L2SimError)) throw e;
      code = e.code;
    }
    const want = m.adminAdd(this.ip, this.dev, this.mac, this.state);
    if (code !== want) throw new Error(`add threw ${String(code)}, model ${String(want)}`);
    r.transitions.length = 0; // admin changes may set any state
    check(m, r, this.toString());
  }
  toString = (): string => `add(${ipText(this.ip)}, dev${this.dev}, ${this.mac === undefined ? '-' : macText(this.mac)}, ${this.state})`;
}

class AdminDelete implements Cmd {
  constructor(readonly ip: number, readonly dev: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const a = r.table.delete(ipText(this.ip), this.dev);
    const b = m.adminDelete(this.ip, this.dev);
    if (a !== b) throw new Error(`delete returned ${a}, model ${b}`);
    check(m, r, this.toString());
  }
  toString = (): string => `delete(${ipText(this.ip)}, dev${this.dev})`;
}

class AdminFlush implements Cmd {
  constructor(readonly dev: number | undefined) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    const a = r.table.flush(this.dev);
    const b = m.adminFlush(this.dev);
    if (a !== b) throw new Error(`flush returned ${a}, model ${b}`);
    check(m, r, this.toString());
  }
  toString = (): string => `flush(${this.dev === undefined ? 'all' : `dev${this.dev}`})`;
}

// Skewed towards one entry and one MAC so that commands meet the same entry often.
const dev = fc.constantFrom(DEVS[0]!, DEVS[1]!, DEVS[1]!, DEVS[2]!);
const ip = fc.constantFrom(IPS[0]!, IPS[0]!, IPS[0]!, IPS[1]!, IPS[2]!);
const mac = fc.constantFrom(MACS[0]!, MACS[0]!, MACS[0]!, MACS[1]!, MACS[2]!);
const learnKind = fc.constantFrom<keyof typeof LEARN_KINDS>('unicastReply', 'unicastReply', 'unicastReply', 'broadcastReply', 'request', 'garp', 'garpReply');
const step = fc.oneof(
  fc.constantFrom(0, 1, 10 * MS, 100 * MS, 300 * MS, 500 * MS, 1 * S, 5 * S, 15 * S, 30 * S),
  fc.integer({ min: 0, max: 60_000 }).map((ms) => ms * MS),
);

const commands = [
  fc.tuple(dev, ip).map(([d, i]) => new Output(d, i)),
  fc.tuple(dev, ip).map(([d, i]) => new Output(d, i)),
  fc.tuple(dev, ip, mac, learnKind, fc.boolean()).map(([d, i, m, k, c]) => new Learn(d, i, m, k, c)),
  fc.tuple(dev, ip, mac, learnKind, fc.boolean()).map(([d, i, m, k, c]) => new Learn(d, i, m, k, c)),
  fc.tuple(dev, ip, mac).map(([d, i, m]) => new EventNs(d, i, m)),
  step.map((dt) => new Advance(dt)),
  step.map((dt) => new Advance(dt)),
  fc.constant(new ToDeadline()),
  fc.constant(new ToDeadline()),
  fc.tuple(dev, fc.boolean()).map(([d, p]) => new FlushDevice(d, p)),
  fc.tuple(ip, dev, fc.option(mac, { nil: undefined }), fc.constantFrom('permanent' as const, 'noarp' as const, 'reachable' as const, 'stale' as const)).map(([i, d, m, s]) => new AdminAdd(i, d, m, s)),
  fc.tuple(ip, dev).map(([i, d]) => new AdminDelete(i, d)),
  fc.option(dev, { nil: undefined }).map((d) => new AdminFlush(d)),
];

describe('ArpTable against a naive reference model', () => {
  it('agrees on states, MACs, timestamps, timers, queues and hook calls', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 100, size: 'medium' }), (cmds) => {
        fc.modelRun(() => ({ model: new Model(), real: real() }), cmds);
      }),
      { numRuns: 600 },
    );
    console.log(`[arp-table model] forced-GC removals ${reached.forcedGcRemovals}, overflows ${reached.overflows}, re-draws ${reached.redraws}`);
    expect(reached.forcedGcRemovals).toBeGreaterThan(0);
    expect(reached.overflows).toBeGreaterThan(0);
    expect(reached.redraws).toBeGreaterThan(0);
  });
});
