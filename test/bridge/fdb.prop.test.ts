// Model-based test of ForwardingDatabase against a naive reference (an array scanned linearly),
// plus the exact-ageing property. Time only moves forward, as it does for every caller.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FdbChange, ForwardingDatabase, type FdbUserKind, L2SimError, type LearnOutcome } from '../../src/index.js';

type Port = 'A' | 'B' | 'C';

interface RefEntry {
  mac: number;
  vlan: number;
  port: Port | null;
  local: boolean;
  static: boolean;
  sticky: boolean;
  user: boolean;
  updated: number;
  /** When it was last created or seen (a counter): the tie-break of "oldest first". */
  seq: number;
}

/** The reference: the rules of reference §4.4, §4.6 and §4.7 written the obvious way. */
class RefFdb {
  now = 0;
  ageing = 300;
  limit = 0;
  entries: RefEntry[] = [];
  events: string[] = [];
  private seq = 0;

  find(mac: number, vlan: number): RefEntry | undefined {
    return this.entries.find((e) => e.mac === mac && e.vlan === vlan);
  }
  private drop(e: RefEntry): void {
    this.entries = this.entries.filter((x) => x !== e);
  }
  get learnedCount(): number {
    return this.entries.filter((e) => !e.local && !e.static && !e.user).length;
  }
  learn(mac: number, vlan: number, port: Port): LearnOutcome {
    if (this.ageing === 0) return 'disabled';
    const e = this.find(mac, vlan);
    if (e !== undefined) {
      if (e.local) return 'local';
      e.updated = this.now;
      e.seq = this.seq++;
      if (e.port === port || e.sticky) return 'refreshed';
      const from = e.port;
      e.port = port;
      this.events.push(`move ${key(e)} ${String(from)}->${port}`);
      return 'moved';
    }
    if (this.limit !== 0 && this.learnedCount >= this.limit) return 'limit';
    const n: RefEntry = { mac, vlan, port, local: false, static: false, sticky: false, user: false, updated: this.now, seq: this.seq++ };
    this.entries.push(n);
    this.events.push(`learn ${key(n)} ${port}`);
    return 'learned';
  }
  addLocal(mac: number, vlan: number, port: Port | null): boolean {
    const e = this.find(mac, vlan);
    if (e !== undefined && e.local) return false;
    if (e !== undefined) this.drop(e);
    this.entries.push({ mac, vlan, port, local: true, static: true, sticky: false, user: false, updated: this.now, seq: this.seq++ });
    return true;
  }
  /** `bridge fdb add`: the error code it fails with, or the entry is created. */
  addUser(mac: number, vlan: number, port: Port, kind: FdbUserKind, sticky: boolean): 'invalid-argument' | 'already-exists' | undefined {
    if (BAD_MACS.includes(mac) || (sticky && kind === 'permanent')) return 'invalid-argument';
    if (this.find(mac, vlan) !== undefined) return 'already-exists';
    this.entries.push({ mac, vlan, port, local: kind === 'permanent', static: kind !== 'dynamic', sticky, user: true, updated: this.now, seq: this.seq++ });
    return undefined;
  }
  /** `bridge fdb replace` (fdb_add_entry without NLM_F_EXCL): changes whatever entry is there, in place. */
  replaceUser(mac: number, vlan: number, port: Port, kind: FdbUserKind, sticky: boolean): 'invalid-argument' | boolean {
    if (BAD_MACS.includes(mac) || (sticky && kind === 'permanent')) return 'invalid-argument';
    const e = this.find(mac, vlan);
    if (e === undefined) {
      this.addUser(mac, vlan, port, kind, sticky);
      return false;
    }
    const local = kind === 'permanent';
    const isStatic = kind !== 'dynamic';
    const modified = e.port !== port || e.local !== local || e.static !== isStatic || e.sticky !== sticky;
    Object.assign(e, { port, local, static: isStatic, sticky, user: true });
    if (modified) {
      e.updated = this.now;
      e.seq = this.seq++;
    }
    return true;
  }
  remove(mac: number, vlan: number): RefEntry | undefined {
    const e = this.find(mac, vlan);
    if (e !== undefined) this.drop(e);
    return e;
  }
  reassignLocal(mac: number, vlan: number, port: Port | null): boolean {
    const e = this.find(mac, vlan);
    if (e === undefined || !e.local) return false;
    e.port = port;
    e.user = false;
    return true;
  }
  flushPort(port: Port, all: boolean): RefEntry[] {
    const out = this.entries.filter((e) => e.port === port && (all || (!e.static && !e.local)));
    for (const e of out) {
      this.drop(e);
      if (!e.local) this.events.push(`flush ${key(e)} ${port}`);
    }
    return out;
  }
  expire(): RefEntry[] {
    const out = this.entries.filter((e) => !e.static && !e.local && e.updated + this.ageing <= this.now);
    out.sort((a, b) => a.updated - b.updated || a.seq - b.seq);
    for (const e of out) {
      this.drop(e);
      this.events.push(`age ${key(e)}`);
    }
    return out;
  }
  nextDeadline(): number | undefined {
    const d = this.entries.filter((e) => !e.static && !e.local).map((e) => e.updated + this.ageing);
    return d.length === 0 ? undefined : Math.min(...d);
  }
}

const key = (e: { mac: number; vlan: number }): string => `${e.mac.toString(16)}/${e.vlan}`;

interface Real {
  fdb: ForwardingDatabase<Port>;
  events: string[];
}

function newReal(): Real {
  const events: string[] = [];
  const onChange = (c: FdbChange<Port>): void => {
    const k = key(c.entry);
    if (c.kind === 'move') events.push(`move ${k} ${String(c.from)}->${String(c.entry.port)}`);
    else if (c.kind === 'learn') events.push(`learn ${k} ${String(c.entry.port)}`);
    else if (c.kind === 'flush') events.push(`flush ${k} ${String(c.entry.port)}`);
    else events.push(`age ${k}`);
  };
  return { fdb: new ForwardingDatabase<Port>({ ageingTime: 300, onChange }), events };
}

function snap(e: { mac: number; vlan: number; port: Port | null; local: boolean; static: boolean; sticky: boolean; user: boolean; updated: number }): string {
  return `${key(e)} port=${String(e.port)} local=${e.local} static=${e.static} sticky=${e.sticky} user=${e.user} updated=${e.updated}`;
}

/** Compare every entry and every counter. */
function compare(m: RefFdb, r: Real): void {
  const real = [...r.fdb.all()].map(snap).sort();
  const ref = m.entries.map(snap).sort();
  expect(real).toEqual(ref);
  expect(r.fdb.size).toBe(m.entries.length);
  expect(r.fdb.learned).toBe(m.learnedCount);
  expect(r.fdb.nextDeadline()).toBe(m.nextDeadline());
  expect(r.fdb.ageingTime).toBe(m.ageing);
  expect(r.fdb.learnedLimit).toBe(m.limit);
}

/** The change events of one command, in order (or as a set, where the order is not specified). */
function compareEvents(m: RefFdb, r: Real, ordered: boolean): void {
  const got = r.events.splice(0);
  const want = m.events.splice(0);
  if (ordered) expect(got).toEqual(want);
  else expect([...got].sort()).toEqual([...want].sort());
}

type Cmd = fc.Command<RefFdb, Real>;
const base = (s: string, f: (m: RefFdb, r: Real) => void, ordered = true): Cmd => ({
  check: () => true,
  run: (m, r) => {
    f(m, r);
    compare(m, r);
    compareEvents(m, r, ordered);
  },
  toString: () => s,
});

// Few MACs and VLANs, so that commands collide on the same keys.
const MACS = [0x02_00_00_00_00_01, 0x02_00_00_00_00_02, 0x02_00_00_00_00_03, 0x02_00_00_00_00_04, 0x06_00_00_00_00_05];
const BAD_MACS = [0, 0x01_00_5e_00_00_01, 0xff_ff_ff_ff_ff_ff, 0x01_80_c2_00_00_00];
const macArb = fc.constantFrom(...MACS);
const vlanArb = fc.constantFrom(0, 0, 1, 4094);
const portArb = fc.constantFrom<Port>('A', 'B', 'C');
const ownerArb = fc.constantFrom<Port | null>('A', 'B', 'C', null);

const commands = [
  fc.tuple(macArb, vlanArb, portArb).map(([mac, vlan, port]) =>
    base(`learn(${key({ mac, vlan })}, ${port})`, (m, r) => {
      expect(r.fdb.learn(mac, vlan, port, m.now)).toBe(m.learn(mac, vlan, port));
    }),
  ),
  fc.tuple(macArb, vlanArb).map(([mac, vlan]) =>
    base(`lookup(${key({ mac, vlan })})`, (m, r) => {
      const e = r.fdb.lookup(mac, vlan);
      const x = m.find(mac, vlan);
      expect(e === undefined ? undefined : snap(e)).toBe(x === undefined ? undefined : snap(x));
    }),
  ),
  fc.tuple(macArb, vlanArb, ownerArb).map(([mac, vlan, port]) =>
    base(`addLocal(${key({ mac, vlan })}, ${String(port)})`, (m, r) => {
      expect(r.fdb.addLocal(mac, vlan, port, m.now)).toBe(m.addLocal(mac, vlan, port));
    }),
  ),
  ...(['add', 'replace'] as const).map((op) =>
    fc
      .tuple(fc.oneof({ weight: 5, arbitrary: macArb }, { weight: 1, arbitrary: fc.constantFrom(...BAD_MACS) }), vlanArb, portArb, fc.constantFrom<FdbUserKind>('permanent', 'static', 'dynamic'), fc.boolean())
      .map(([mac, vlan, port, kind, sticky]) =>
        base(`${op}User(${key({ mac, vlan })}, ${port}, ${kind}${sticky ? ', sticky' : ''})`, (m, r) => {
          const want = op === 'add' ? m.addUser(mac, vlan, port, kind, sticky) : m.replaceUser(mac, vlan, port, kind, sticky);
          let err: unknown;
          let got: unknown;
          try {
            got = op === 'add' ? r.fdb.addUser(mac, vlan, port, kind, sticky, m.now) : r.fdb.replaceUser(mac, vlan, port, kind, sticky, m.now);
          } catch (e) {
            err = e;
          }
          if (want === 'invalid-argument' || want === 'already-exists') {
            // refused, and nothing changed: compare() checks it
            expect(err).toBeInstanceOf(L2SimError);
            expect((err as L2SimError).code).toBe(want);
            return;
          }
          expect(err).toBeUndefined();
          if (op === 'replace') expect(got).toBe(want);
        }),
      ),
  ),
  fc.tuple(macArb, vlanArb).map(([mac, vlan]) =>
    base(`remove(${key({ mac, vlan })})`, (m, r) => {
      const got = r.fdb.remove(mac, vlan);
      const want = m.remove(mac, vlan);
      expect(got === undefined ? undefined : snap(got)).toBe(want === undefined ? undefined : snap(want));
    }),
  ),
  fc.tuple(macArb, vlanArb, ownerArb).map(([mac, vlan, port]) =>
    base(`reassignLocal(${key({ mac, vlan })}, ${String(port)})`, (m, r) => {
      expect(r.fdb.reassignLocal(mac, vlan, port)).toBe(m.reassignLocal(mac, vlan, port));
    }),
  ),
  fc.tuple(portArb, fc.boolean()).map(([port, all]) =>
    base(`flushPort(${port}, all=${all})`, (m, r) => {
      const got = r.fdb.flushPort(port, all, 'test').map(snap).sort();
      expect(got).toEqual(m.flushPort(port, all).map(snap).sort());
    }, false),
  ),
  fc.integer({ min: 0, max: 400 }).map((d) =>
    base(`advance(${d}) + expire`, (m, r) => {
      m.now += d;
      const got = r.fdb.expire(m.now);
      const want = m.expire();
      expect(got.map(snap).sort()).toEqual(want.map(snap).sort());
      // oldest first
      for (let i = 1; i < got.length; i++) expect(got[i]!.updated).toBeGreaterThanOrEqual(got[i - 1]!.updated);
      // nothing left that should have gone
      const d2 = r.fdb.nextDeadline();
      if (d2 !== undefined) expect(d2).toBeGreaterThan(m.now);
    }),
  ),
  fc.constantFrom(0, 1, 50, 300, 1000).map((t) =>
    base(`setAgeingTime(${t})`, (m, r) => {
      r.fdb.setAgeingTime(t);
      m.ageing = t;
    }),
  ),
  fc.constantFrom(0, 1, 2, 3).map((n) =>
    base(`setLearnedLimit(${n})`, (m, r) => {
      r.fdb.setLearnedLimit(n);
      m.limit = n;
    }),
  ),
];

describe('ForwardingDatabase (model-based)', () => {
  it('matches the naive reference entry for entry under random commands', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80 }), (cmds) => {
        fc.modelRun(() => ({ model: new RefFdb(), real: newReal() }), cmds);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ForwardingDatabase ageing (property)', () => {
  it('every learned entry disappears exactly at last-seen-as-source + ageing time, not one nanosecond before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.array(fc.record({ mac: fc.integer({ min: 1, max: 40 }), at: fc.integer({ min: 0, max: 10 ** 12 }) }), { minLength: 1, maxLength: 40 }),
        (ageing, sightings) => {
          sightings.sort((a, b) => a.at - b.at);
          const fdb = new ForwardingDatabase<string>({ ageingTime: ageing });
          const last = new Map<number, number>();
          // Feed sightings in time order, expiring as time moves (an embedder's loop). Whatever
          // expires at T had its deadline in (previous expiry call, T]: never early, never late.
          let prev = -1;
          for (const s of sightings) {
            for (const e of fdb.expire(s.at)) {
              expect(e.updated).toBe(last.get(e.mac));
              expect(e.updated + ageing).toBeLessThanOrEqual(s.at);
              expect(e.updated + ageing).toBeGreaterThan(prev);
            }
            prev = s.at;
            const mac = 0x02_00_00_00_00_00 + s.mac;
            fdb.learn(mac, 0, 'p', s.at);
            last.set(mac, s.at);
          }
          // Now check each remaining entry at its instant (entries sharing an instant go together).
          const byDeadline = new Map<number, number[]>();
          for (const e of fdb.all()) {
            const t = last.get(e.mac)! + ageing;
            byDeadline.set(t, [...(byDeadline.get(t) ?? []), e.mac]);
          }
          for (const t of [...byDeadline.keys()].sort((a, b) => a - b)) {
            const macs = byDeadline.get(t)!.sort((a, b) => a - b);
            expect(fdb.nextDeadline()).toBe(t);
            expect(fdb.expire(t - 1)).toEqual([]);
            for (const mac of macs) expect(fdb.lookup(mac, 0), `present 1 ns before ${t}`).toBeDefined();
            expect(fdb.expire(t).map((e) => e.mac).sort((a, b) => a - b)).toEqual(macs);
          }
          expect(fdb.size).toBe(0);
        },
      ),
    );
  });
});
