// ForwardingDatabase on its own (§4.4, §4.6, §4.7): the learning rule, keys, user entries,
// ageing, flushes and the learned-entry limit. Time is passed in; nothing here runs a loop.
import { describe, expect, it } from 'vitest';
import { type FdbChange, ForwardingDatabase, SECOND } from '../../src/index.js';
import { expectCode } from '../support/errors.js';

const M1 = 0x02_00_00_00_00_01;
const M2 = 0x02_00_00_00_00_02;
const M3 = 0x02_00_00_00_00_03;
const AGE = 300 * SECOND;

function db(o: { ageingTime?: number; maxLearned?: number } = {}): { fdb: ForwardingDatabase<string>; changes: string[] } {
  const changes: string[] = [];
  const onChange = (c: FdbChange<string>): void => {
    changes.push(`${c.kind} ${c.entry.mac.toString(16)} ${String(c.entry.port)}${c.from !== undefined ? ` from ${String(c.from)}` : ''}${c.reason !== undefined ? ` (${c.reason})` : ''}`);
  };
  return { fdb: new ForwardingDatabase<string>({ ...o, onChange }), changes };
}

describe('learning (br_fdb_update)', () => {
  it('learns a new MAC as a dynamic entry on the ingress port, with updated = now', () => {
    const { fdb, changes } = db();
    expect(fdb.ageingTime).toBe(AGE); // BR_DEFAULT_AGEING_TIME
    expect(fdb.learn(M1, 0, 'p1', 7)).toBe('learned');
    const e = fdb.lookup(M1, 0)!;
    expect([e.port, e.local, e.static, e.sticky, e.user, e.updated, e.used]).toEqual(['p1', false, false, false, false, 7, 7]);
    expect(fdb.size).toBe(1);
    expect(fdb.learned).toBe(1);
    expect(changes).toEqual(['learn 20000000001 p1']);
  });

  it('refreshes on the same port; moves at once to another port (no hold-down)', () => {
    const { fdb, changes } = db();
    fdb.learn(M1, 0, 'p1', 0);
    expect(fdb.learn(M1, 0, 'p1', 5)).toBe('refreshed');
    expect(fdb.lookup(M1, 0)?.updated).toBe(5);
    expect(fdb.learn(M1, 0, 'p2', 6)).toBe('moved');
    expect(fdb.lookup(M1, 0)?.port).toBe('p2');
    expect(fdb.lookup(M1, 0)?.updated).toBe(6);
    expect(fdb.learn(M1, 0, 'p1', 6)).toBe('moved'); // and back, the same instant
    expect(changes).toEqual(['learn 20000000001 p1', 'move 20000000001 p2 from p1', 'move 20000000001 p1 from p2']);
    expect(fdb.learned).toBe(1);
  });

  it('never overwrites a local entry (a port or bridge MAC seen as a source)', () => {
    const { fdb, changes } = db();
    fdb.addLocal(M1, 0, 'p1', 0);
    fdb.addLocal(M2, 0, null, 0);
    expect(fdb.learn(M1, 0, 'p2', 10)).toBe('local');
    expect(fdb.learn(M2, 0, 'p2', 10)).toBe('local');
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p1', local: true, static: true, updated: 0 });
    expect(fdb.lookup(M2, 0)).toMatchObject({ port: null, local: true });
    expect(changes).toEqual([]);
  });

  it('is keyed by (MAC, VLAN): the same MAC in two VLANs is two entries', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p1', 0);
    fdb.learn(M1, 10, 'p2', 1);
    expect(fdb.lookup(M1, 0)?.port).toBe('p1');
    expect(fdb.lookup(M1, 10)?.port).toBe('p2');
    expect(fdb.lookup(M1, 11)).toBeUndefined();
    expect(fdb.size).toBe(2);
    fdb.remove(M1, 0);
    expect(fdb.lookup(M1, 10)?.port).toBe('p2');
  });

  it('ageing time 0 turns learning off', () => {
    const { fdb } = db({ ageingTime: 0 });
    expect(fdb.learn(M1, 0, 'p1', 0)).toBe('disabled');
    expect(fdb.size).toBe(0);
  });

  it('lookups (traffic *to* a MAC) never refresh it', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p1', 0);
    for (let t = 0; t < AGE; t += 10 * SECOND) fdb.lookup(M1, 0);
    expect(fdb.lookup(M1, 0)?.updated).toBe(0);
    expect(fdb.expire(AGE).map((e) => e.mac)).toEqual([M1]);
  });
});

describe('user entries (bridge fdb add)', () => {
  it('permanent terminates locally, static forwards and never ages, dynamic ages', () => {
    const { fdb } = db();
    fdb.addUser(M1, 0, 'p1', 'permanent', false, 0);
    fdb.addUser(M2, 0, 'p1', 'static', false, 0);
    fdb.addUser(M3, 0, 'p1', 'dynamic', false, 0);
    expect(fdb.lookup(M1, 0)).toMatchObject({ local: true, static: true, user: true });
    expect(fdb.lookup(M2, 0)).toMatchObject({ local: false, static: true, user: true });
    expect(fdb.lookup(M3, 0)).toMatchObject({ local: false, static: false, user: true });
    expect(fdb.learned).toBe(0); // user entries are not "learned"
    expect(fdb.nextDeadline()).toBe(AGE);
    expect(fdb.expire(10 * AGE).map((e) => e.mac)).toEqual([M3]);
    expect(fdb.size).toBe(2);
  });

  it('sticky entries never move but are refreshed; static ones without sticky move (only sticky pins)', () => {
    const { fdb } = db();
    fdb.addUser(M1, 0, 'p1', 'static', true, 0);
    fdb.addUser(M2, 0, 'p1', 'static', false, 0);
    fdb.addUser(M3, 0, 'p1', 'dynamic', true, 0);
    expect(fdb.learn(M1, 0, 'p2', 5)).toBe('refreshed');
    expect(fdb.learn(M2, 0, 'p2', 5)).toBe('moved');
    expect(fdb.learn(M3, 0, 'p2', 5)).toBe('refreshed');
    expect([fdb.lookup(M1, 0)?.port, fdb.lookup(M2, 0)?.port, fdb.lookup(M3, 0)?.port]).toEqual(['p1', 'p2', 'p1']);
    expect(fdb.lookup(M2, 0)).toMatchObject({ static: true, user: true }); // still static
    expect(fdb.lookup(M3, 0)?.updated).toBe(5);
    expect(fdb.nextDeadline()).toBe(5 + AGE); // the sticky dynamic entry's ageing restarted
  });

  it('refuses an entry that exists, learned or not, with already-exists naming MAC, VLAN and port (bridge fdb add: EEXIST)', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p1', 0);
    fdb.addLocal(M2, 0, 'p2', 0);
    fdb.addUser(M3, 5, 'p1', 'static', false, 0);
    const before = [...fdb.all()].map((e) => ({ ...e }));
    const err = expectCode(() => fdb.addUser(M1, 0, 'p2', 'static', false, 3), 'already-exists');
    expect(err.message).toContain('02:00:00:00:00:01');
    expect(err.message).toContain('vlan 0');
    expect(err.message).toContain('p1'); // where it is
    expect(err.message).toContain('p2'); // where it was asked for
    expectCode(() => fdb.addUser(M2, 0, 'p3', 'static', false, 3), 'already-exists'); // a port's own MAC
    expectCode(() => fdb.addUser(M2, 0, 'p2', 'permanent', false, 3), 'already-exists');
    expect(expectCode(() => fdb.addUser(M3, 5, 'p1', 'static', false, 3), 'already-exists').message).toContain('vlan 5');
    fdb.addUser(M3, 0, 'p1', 'static', false, 3); // another VLAN is another key
    expect([...fdb.all()].filter((e) => e.vlan !== 0 || e.mac !== M3).map((e) => ({ ...e }))).toEqual(before);
    expect(fdb.learned).toBe(1);
    expect(fdb.nextDeadline()).toBe(AGE);
  });

  it('refuses sticky with permanent (EINVAL), before looking for an existing entry', () => {
    const { fdb } = db();
    expectCode(() => fdb.addUser(M1, 0, 'p1', 'permanent', true, 0), 'invalid-argument');
    fdb.addUser(M1, 0, 'p1', 'static', false, 0);
    expectCode(() => fdb.addUser(M1, 0, 'p1', 'permanent', true, 0), 'invalid-argument');
    expectCode(() => fdb.replaceUser(M1, 0, 'p1', 'permanent', true, 0), 'invalid-argument');
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p1', local: false, static: true, sticky: false });
    expectCode(() => fdb.addUser(M2, 0, 'p1', 'sticky' as never, false, 0), 'invalid-argument');
    expect(fdb.size).toBe(1);
  });
  it('rejects multicast, broadcast and zero MACs with invalid-argument, changing nothing', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p1', 0);
    for (const bad of [0, 0x01_00_5e_00_00_01, 0xff_ff_ff_ff_ff_ff, 0x01_80_c2_00_00_00]) {
      expectCode(() => fdb.addUser(bad, 0, 'p1', 'static', false, 1), 'invalid-argument');
    }
    expect(fdb.size).toBe(1);
  });
});

describe('replacing user entries (bridge fdb replace)', () => {
  it('creates the entry when there is none', () => {
    const { fdb } = db();
    expect(fdb.replaceUser(M1, 0, 'p1', 'dynamic', false, 5)).toBe(false);
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p1', local: false, static: false, user: true, updated: 5, used: 5 });
    expect(fdb.nextDeadline()).toBe(5 + AGE);
  });

  it('takes over a learned entry in place: it becomes a user entry and stops counting as learned', () => {
    const { fdb, changes } = db({ maxLearned: 1 });
    fdb.learn(M1, 0, 'p1', 0);
    expect(fdb.replaceUser(M1, 0, 'p2', 'static', false, 3)).toBe(true);
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p2', static: true, user: true, updated: 3, used: 3 });
    expect(fdb.learned).toBe(0);
    expect(fdb.nextDeadline()).toBeUndefined();
    expect(fdb.learn(M2, 0, 'p1', 4)).toBe('learned'); // room again under the limit
    expect(changes).toEqual(['learn 20000000001 p1', 'learn 20000000002 p1']);
  });

  it('refreshes `updated` only when something changes (port, kind or sticky), `used` always (fdb_add_entry)', () => {
    const { fdb } = db();
    fdb.addUser(M1, 0, 'p1', 'dynamic', false, 0);
    fdb.learn(M2, 0, 'p1', 1);
    fdb.replaceUser(M1, 0, 'p1', 'dynamic', false, 10); // nothing changes
    expect(fdb.lookup(M1, 0)).toMatchObject({ updated: 0, used: 10 });
    expect(fdb.nextDeadline()).toBe(AGE); // still the oldest, still ageing from 0
    fdb.replaceUser(M1, 0, 'p1', 'dynamic', true, 20); // sticky changes
    expect(fdb.lookup(M1, 0)).toMatchObject({ updated: 20, sticky: true });
    expect(fdb.nextDeadline()).toBe(1 + AGE); // M2 is the oldest now
    expect(fdb.expire(1 + AGE).map((e) => e.mac)).toEqual([M2]);
    fdb.replaceUser(M1, 0, 'p1', 'static', true, 30); // kind changes: no longer ages
    expect(fdb.nextDeadline()).toBeUndefined();
    fdb.replaceUser(M1, 0, 'p1', 'dynamic', true, 40); // and back: ages from now
    expect(fdb.nextDeadline()).toBe(40 + AGE);
  });

  it("overwrites a local entry, as Linux 6.18 does: a port's own MAC becomes a static entry on another port", () => {
    // Observed on Linux 6.18: `bridge fdb replace <v1's MAC> dev v2 master static` succeeds and
    // `bridge fdb show` then lists `<v1's MAC> dev v2 master br0 static`; fdb_add_entry without
    // NLM_F_EXCL sets dst and the flags whatever the entry was.
    const { fdb } = db();
    fdb.addLocal(M1, 0, 'p1', 0);
    fdb.addLocal(M2, 0, null, 0);
    expect(fdb.replaceUser(M1, 0, 'p2', 'static', false, 7)).toBe(true);
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p2', local: false, static: true, user: true, updated: 7 });
    fdb.replaceUser(M2, 0, 'p1', 'static', false, 8); // the bridge's own entry too
    expect(fdb.lookup(M2, 0)).toMatchObject({ port: 'p1', local: false, static: true, user: true });
    expect(fdb.learned).toBe(0);
  });

  it('keeps the entry where it is in the table (newest-first order of entries())', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p1', 0);
    fdb.learn(M2, 0, 'p1', 0);
    fdb.replaceUser(M1, 0, 'p1', 'static', false, 1);
    expect(fdb.entries().map((e) => e.mac)).toEqual(['02:00:00:00:00:02', '02:00:00:00:00:01']);
  });

  it('rejects bad MACs like add does, changing nothing', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p1', 0);
    for (const bad of [0, 0x01_00_5e_00_00_01, 0xff_ff_ff_ff_ff_ff]) expectCode(() => fdb.replaceUser(bad, 0, 'p1', 'static', false, 1), 'invalid-argument');
    expect(fdb.size).toBe(1);
  });
});

describe('entries(): JSON-ready snapshots', () => {
  it('without naming: dev is the port as a string (the owner is empty), newest first', () => {
    const { fdb } = db();
    fdb.addLocal(M3, 0, null, 0);
    fdb.learn(M1, 0, 'p1', 5);
    fdb.addUser(M2, 7, 'p2', 'static', true, 6);
    const snap = fdb.entries();
    expect(snap).toEqual([
      { mac: '02:00:00:00:00:02', vlan: 7, dev: 'p2', master: '', local: false, kind: 'static', sticky: true, user: true, updated: 6, expires: null },
      { mac: '02:00:00:00:00:01', vlan: 0, dev: 'p1', master: '', local: false, kind: 'dynamic', sticky: false, user: false, updated: 5, expires: 5 + AGE },
      { mac: '02:00:00:00:00:03', vlan: 0, dev: '', master: '', local: true, kind: 'permanent', sticky: false, user: false, updated: 0, expires: null },
    ]);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    (snap as { mac: string }[])[0]!.mac = 'mutated';
    expect(fdb.entries()[0]!.mac).toBe('02:00:00:00:00:02');
  });

  it('with naming: device names, the owner as master, grouped by rank', () => {
    const rank: Record<string, number> = { p1: 2, p2: 1 };
    const fdb = new ForwardingDatabase<string>({ naming: { port: (p) => `veth-${p}`, owner: () => 'br0', rank: (p) => (p === null ? 0 : rank[p]!) } });
    fdb.learn(M1, 0, 'p1', 0);
    fdb.learn(M2, 0, 'p2', 0);
    fdb.addLocal(M3, 0, null, 0);
    expect(fdb.entries().map((e) => `${e.mac} ${e.dev} ${e.master}`)).toEqual(['02:00:00:00:00:03 br0 br0', '02:00:00:00:00:02 veth-p2 br0', '02:00:00:00:00:01 veth-p1 br0']);
    expect(expectCode(() => fdb.addUser(M1, 0, 'p2', 'static', false, 0), 'already-exists').message).toContain('veth-p1');
    expect(expectCode(() => fdb.addUser(M3, 0, 'p2', 'static', false, 0), 'already-exists').message).toContain('br0');
  });
});

describe('local entries', () => {
  it('addLocal replaces a learned entry but keeps an existing local one (first port wins)', () => {
    const { fdb } = db();
    fdb.learn(M1, 0, 'p9', 0);
    expect(fdb.addLocal(M1, 0, 'p1', 1)).toBe(true);
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p1', local: true, static: true });
    expect(fdb.learned).toBe(0);
    expect(fdb.addLocal(M1, 0, 'p2', 2)).toBe(false);
    expect(fdb.lookup(M1, 0)?.port).toBe('p1');
    expect(fdb.reassignLocal(M1, 0, 'p2')).toBe(true);
    expect(fdb.lookup(M1, 0)).toMatchObject({ port: 'p2', local: true, updated: 1 });
    expect(fdb.reassignLocal(M2, 0, 'p2')).toBe(false);
  });

  it('local entries never age', () => {
    const { fdb } = db({ ageingTime: 1 });
    fdb.addLocal(M1, 0, 'p1', 0);
    expect(fdb.nextDeadline()).toBeUndefined();
    expect(fdb.expire(10 ** 15)).toEqual([]);
    expect(fdb.size).toBe(1);
  });
});

describe('ageing', () => {
  it('an entry ages exactly at last-seen + ageing time, and refreshing moves the instant', () => {
    const { fdb, changes } = db();
    fdb.learn(M1, 0, 'p1', 0);
    fdb.learn(M2, 0, 'p1', 10);
    expect(fdb.nextDeadline()).toBe(AGE);
    fdb.learn(M1, 0, 'p1', 20); // M1 seen again as a source
    expect(fdb.nextDeadline()).toBe(10 + AGE);
    expect(fdb.expire(10 + AGE - 1)).toEqual([]);
    expect(fdb.expire(10 + AGE).map((e) => e.mac)).toEqual([M2]);
    expect(fdb.nextDeadline()).toBe(20 + AGE);
    expect(fdb.expire(20 + AGE).map((e) => e.mac)).toEqual([M1]);
    expect(fdb.nextDeadline()).toBeUndefined();
    expect(changes.filter((c) => c.startsWith('age'))).toEqual(['age 20000000002 p1', 'age 20000000001 p1']);
  });

  it('expire returns the aged entries oldest first', () => {
    const { fdb } = db({ ageingTime: 100 });
    fdb.learn(M3, 0, 'p1', 3);
    fdb.learn(M1, 0, 'p1', 1);
    fdb.learn(M2, 0, 'p1', 2);
    fdb.learn(M3, 0, 'p1', 4);
    expect(fdb.expire(1000).map((e) => e.mac)).toEqual([M1, M2, M3]);
  });

  it('setAgeingTime changes every deadline; 0 makes every dynamic entry expire now and stops learning', () => {
    const { fdb } = db();
    fdb.addUser(M2, 0, 'p1', 'static', false, 0);
    fdb.addUser(M3, 0, 'p1', 'dynamic', false, 0);
    fdb.learn(M1, 0, 'p1', 100);
    fdb.setAgeingTime(50);
    expect(fdb.nextDeadline()).toBe(50);
    fdb.setAgeingTime(0);
    expect(fdb.expire(100).map((e) => e.mac)).toEqual([M3, M1]);
    expect(fdb.learn(M1, 0, 'p1', 101)).toBe('disabled');
    expect([...fdb.all()].map((e) => e.mac)).toEqual([M2]);
    expectCode(() => fdb.setAgeingTime(-1), 'invalid-argument');
    expectCode(() => fdb.setAgeingTime(1.5), 'invalid-argument');
    expect(fdb.ageingTime).toBe(0);
  });
});

describe('flushes', () => {
  it("flushPort(all=false) removes the port's dynamic entries (learned and user-dynamic) only", () => {
    const { fdb, changes } = db();
    fdb.addLocal(M1, 0, 'p1', 0);
    fdb.addUser(M2, 0, 'p1', 'static', false, 0);
    fdb.addUser(M3, 0, 'p1', 'dynamic', false, 0);
    fdb.learn(0x02_00_00_00_00_04, 0, 'p1', 0);
    fdb.learn(0x02_00_00_00_00_05, 0, 'p2', 0);
    const gone = fdb.flushPort('p1', false, 'port disabled');
    expect(gone.map((e) => e.mac).sort()).toEqual([M3, 0x02_00_00_00_00_04]);
    expect(changes.filter((c) => c.startsWith('flush')).sort()).toEqual(['flush 20000000003 p1 (port disabled)', 'flush 20000000004 p1 (port disabled)']);
    expect([...fdb.all()].map((e) => e.mac).sort()).toEqual([M1, M2, 0x02_00_00_00_00_05]);
    expect(fdb.learned).toBe(1);
  });

  it('flushPort(all=true) removes everything on the port, local entries included', () => {
    const { fdb } = db();
    fdb.addLocal(M1, 0, 'p1', 0);
    fdb.addUser(M2, 0, 'p1', 'static', false, 0);
    fdb.learn(M3, 0, 'p2', 0);
    expect(fdb.flushPort('p1', true, 'port removed').map((e) => e.mac).sort()).toEqual([M1, M2]);
    expect([...fdb.all()].map((e) => e.mac)).toEqual([M3]);
  });
});

describe('learned-entry limit (fdb_max_learned)', () => {
  it('stops creating learned entries at the limit; refreshes and moves go on; user entries do not count', () => {
    const { fdb } = db({ maxLearned: 2 });
    expect(fdb.learnedLimit).toBe(2);
    fdb.addUser(0x02_00_00_00_00_aa, 0, 'p1', 'dynamic', false, 0);
    expect(fdb.learn(M1, 0, 'p1', 0)).toBe('learned');
    expect(fdb.learn(M2, 0, 'p1', 0)).toBe('learned');
    expect(fdb.learn(M3, 0, 'p1', 0)).toBe('limit');
    expect(fdb.lookup(M3, 0)).toBeUndefined();
    expect(fdb.learn(M1, 0, 'p2', 1)).toBe('moved');
    expect(fdb.learn(M2, 0, 'p1', 1)).toBe('refreshed');
    fdb.remove(M1, 0);
    expect(fdb.learn(M3, 0, 'p1', 2)).toBe('learned');
  });

  it('lowering the limit keeps existing entries; 0 means unlimited', () => {
    const { fdb } = db();
    for (let i = 1; i <= 5; i++) fdb.learn(0x02_00_00_00_00_00 + i, 0, 'p1', 0);
    fdb.setLearnedLimit(3);
    expect(fdb.size).toBe(5);
    expect(fdb.learn(0x02_00_00_00_00_10, 0, 'p1', 0)).toBe('limit');
    fdb.setLearnedLimit(0);
    expect(fdb.learn(0x02_00_00_00_00_10, 0, 'p1', 0)).toBe('learned');
    expectCode(() => fdb.setLearnedLimit(-1), 'invalid-argument');
    expectCode(() => fdb.setLearnedLimit(0.5), 'invalid-argument');
    expect(fdb.learnedLimit).toBe(0);
  });
});

describe('construction', () => {
  it('rejects a negative or fractional ageing time or limit', () => {
    expectCode(() => new ForwardingDatabase({ ageingTime: -1 }), 'invalid-argument');
    expectCode(() => new ForwardingDatabase({ ageingTime: 0.5 }), 'invalid-argument');
    expectCode(() => new ForwardingDatabase({ maxLearned: -2 }), 'invalid-argument');
  });
});
