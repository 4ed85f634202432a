import { L2SimError } from '../errors/index.js';
import { type Nanoseconds, SECOND } from '../sim/index.js';
import { MacAddress } from '../wire/index.js';

/** How a user-added entry behaves (`bridge fdb add … [permanent|static|dynamic] [sticky]`). */
export type FdbUserKind = 'permanent' | 'static' | 'dynamic';

/**
 * One forwarding database entry. `port` is `null` for the bridge's own local entry.
 * Entries are owned by the database; read them, don't write them.
 *
 * @example
 * ```ts
 * const e = fdb.lookup(MacAddress.parse('02:00:00:00:00:01').value, 0);
 * if (e !== undefined && !e.local) console.log('behind', e.port, 'last seen at', e.updated);
 * ```
 */
export class FdbEntry<P> {
  /** The MAC as a 48-bit number. */
  readonly mac: number;
  /** VLAN id (0 without VLAN filtering). */
  readonly vlan: number;
  /** The port frames to this MAC leave by, or `null` (the bridge itself). */
  port: P | null;
  /** LOCAL: a bridge or port MAC; frames to it are delivered to the bridge device. */
  local: boolean;
  /** STATIC: never aged (local entries are static too: "permanent"). */
  static: boolean;
  /** STICKY: never moves to another port. */
  sticky: boolean;
  /** Added by the user (`bridge fdb add`), not learned. */
  user: boolean;
  /** Last time the MAC was seen as a source (ns). */
  updated: Nanoseconds;
  /** Last time a unicast lookup forwarded to it (ns). */
  used: Nanoseconds;
  /** LRU links of the ageing list (dynamic entries only). @internal */
  prev: FdbEntry<P> | null = null;
  /** @internal */ next: FdbEntry<P> | null = null;
  /** @internal */ inAgeList = false;

  /** @internal */
  constructor(mac: number, vlan: number, port: P | null, local: boolean, isStatic: boolean, now: Nanoseconds) {
    this.mac = mac;
    this.vlan = vlan;
    this.port = port;
    this.local = local;
    this.static = isStatic;
    this.sticky = false;
    this.user = false;
    this.updated = now;
    this.used = now;
  }
}

/** What {@link ForwardingDatabase.learn} did. */
export type LearnOutcome =
  /** A new dynamic entry was created. */
  | 'learned'
  /** An existing entry moved to the ingress port. */
  | 'moved'
  /** An existing entry on the same port (or a sticky one) was refreshed. */
  | 'refreshed'
  /** The MAC is a local (bridge or port) address: nothing changes. */
  | 'local'
  /** Learning is off (ageing time 0). */
  | 'disabled'
  /** The learned-entry limit is reached: nothing is created. */
  | 'limit';

/** An FDB change, for tracing. */
export interface FdbChange<P> {
  /** `learn`, `move`, `age` or `flush`. */
  readonly kind: 'learn' | 'move' | 'age' | 'flush';
  /** The entry (after the change). */
  readonly entry: FdbEntry<P>;
  /** For moves: the previous port. */
  readonly from?: P | null;
  /** For flushes: why. */
  readonly reason?: string;
}

/** An FDB entry as `bridge fdb` shows it, JSON-ready. */
export interface FdbEntrySnapshot {
  /** MAC, canonical form. */
  readonly mac: string;
  /** VLAN id (0 without VLAN filtering). */
  readonly vlan: number;
  /** The port device's name, or the bridge's name for the bridge's own entry. */
  readonly dev: string;
  /** The bridge. */
  readonly master: string;
  /** Local (a bridge or port address): delivered to the bridge. */
  readonly local: boolean;
  /** `permanent` (local), `static`, or `dynamic` (learned or user-added, ages). */
  readonly kind: 'permanent' | 'static' | 'dynamic';
  /** Never moves. */
  readonly sticky: boolean;
  /** Added by the user (`addFdbEntry`, {@link ForwardingDatabase.addUser}), not learned. */
  readonly user: boolean;
  /** Last seen as a source (ns). */
  readonly updated: number;
  /** When it ages out (ns), or `null` for static and local entries. */
  readonly expires: number | null;
}

/** Options of a {@link ForwardingDatabase}. */
export interface FdbOptions<P> {
  /** Ageing time (default 300 s). 0 turns learning off and ages out every dynamic entry. */
  readonly ageingTime?: Nanoseconds;
  /** Maximum number of learned entries (`fdb_max_learned`; default 0 = unlimited). */
  readonly maxLearned?: number;
  /** Called on every learn, move, ageing and flush. */
  readonly onChange?: (change: FdbChange<P>) => void;
  /**
   * How {@link ForwardingDatabase.entries} and error messages name ports and the owner. A
   * {@link LinuxBridge} names ports by device and ranks them by ifindex, as `bridge fdb show`.
   */
  readonly naming?: {
    /** The name of a port: the `dev` of its entries (default `String(port)`). */
    readonly port: (port: P) => string;
    /** The owner's name: the `dev` of entries without a port and the `master` of every entry (default `''`). */
    readonly owner: () => string;
    /** The rank of a port's entries (`null`: entries without a port): lower ranks first (default: all equal). */
    readonly rank?: (port: P | null) => number;
  };
}

const KINDS: readonly string[] = ['permanent', 'static', 'dynamic'];


/**
 * The bridge forwarding database (net/bridge/br_fdb.c), keyed by (MAC, VLAN). Pure: every call
 * takes `now`; {@link ForwardingDatabase.nextDeadline} says when the next entry ages out.
 *
 * **The learning rule** ({@link ForwardingDatabase.learn}, the kernel's `br_fdb_update`), applied
 * to the source MAC of every frame that arrives on a port whose LEARNING flag is set and whose
 * state is LEARNING or FORWARDING, and whose source is a valid unicast address:
 * 1. ageing time 0 → nothing is learned (hub mode: everything floods);
 * 2. the MAC is a local entry (the bridge's or a port's own MAC) → nothing changes;
 * 3. the MAC is known on the same port → `updated = now` (refresh);
 * 4. the MAC is known on another port → it moves at once (no hold-down), `updated = now`,
 *    unless the entry is sticky (then only refreshed);
 * 5. the MAC is unknown → a dynamic entry is created, unless the learned-entry limit is reached.
 *
 * Time (`now`) must not go backwards between calls: the ageing list is ordered by `updated`.
 *
 * **Ageing**: a dynamic entry is deleted exactly at `updated + ageingTime`. Only traffic *from* the
 * MAC refreshes `updated`; traffic *to* it does not. Dynamic entries are kept in a list ordered by
 * `updated` (refreshing moves an entry to the tail), so the next expiry is always the head.
 *
 * @example
 * ```ts
 * const fdb = new ForwardingDatabase<string>({ ageingTime: 300 * SECOND });
 * fdb.learn(0x020000000001, 0, 'veth1', 0); // 'learned'
 * fdb.lookup(0x020000000001, 0)?.port;      // 'veth1'
 * fdb.nextDeadline();                        // 300 s
 * ```
 */
export class ForwardingDatabase<P> {
  /** Entries of VLAN 0 (no VLAN filtering) keyed by MAC: the hot path. */
  private readonly map = new Map<number, FdbEntry<P>>();
  /** Entries of other VLANs. */
  private readonly vlans = new Map<number, Map<number, FdbEntry<P>>>();
  private count = 0;
  private head: FdbEntry<P> | null = null;
  private tail: FdbEntry<P> | null = null;
  private _ageingTime: Nanoseconds;
  private learnedCount = 0;
  private maxLearned: number;
  private readonly onChange: ((c: FdbChange<P>) => void) | undefined;
  private readonly naming: NonNullable<FdbOptions<P>['naming']>;

  /**
   * @param options - ageing time, learned-entry limit, change callback, naming
   * @throws L2SimError `invalid-argument` for a negative ageing time or limit
   */
  constructor(options: FdbOptions<P> = {}) {
    const at = options.ageingTime ?? 300 * SECOND;
    const max = options.maxLearned ?? 0;
    if (!Number.isSafeInteger(at) || at < 0) throw new L2SimError('invalid-argument', `invalid ageing time ${String(at)}: expected non-negative nanoseconds`, {});
    if (!Number.isSafeInteger(max) || max < 0) throw new L2SimError('invalid-argument', `invalid learned-entry limit ${String(max)}`, {});
    this._ageingTime = at;
    this.maxLearned = max;
    this.onChange = options.onChange;
    this.naming = options.naming ?? { port: (p: P) => String(p), owner: () => '' };
  }

  /** Ageing time in nanoseconds. */
  get ageingTime(): Nanoseconds {
    return this._ageingTime;
  }

  /**
   * Change the ageing time (`ip link set BR type bridge ageing_time …`). With 0, learning stops and
   * every dynamic entry is aged out at the next {@link ForwardingDatabase.expire}.
   *
   * @param t - nanoseconds, not negative
   * @throws L2SimError `invalid-argument` for a negative value
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);
   * fdb.setAgeingTime(30 * SECOND);
   * fdb.nextDeadline(); // 30_000_000_000
   * ```
   */
  setAgeingTime(t: Nanoseconds): void {
    if (!Number.isSafeInteger(t) || t < 0) throw new L2SimError('invalid-argument', `invalid ageing time ${String(t)}: expected non-negative nanoseconds`, {});
    this._ageingTime = t;
  }

  /** The learned-entry limit (0 = unlimited). */
  get learnedLimit(): number {
    return this.maxLearned;
  }

  /**
   * Set the learned-entry limit (`fdb_max_learned`); existing entries stay.
   *
   * @param n - 0 (unlimited) or a positive integer
   * @throws L2SimError `invalid-argument` for a negative or non-integer value
   * @example
   * ```ts
   * fdb.setLearnedLimit(1);
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0); // 'learned'
   * fdb.learn(0x020000000002, 0, 'veth-pod2', 0); // 'limit'
   * ```
   */
  setLearnedLimit(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new L2SimError('invalid-argument', `invalid learned-entry limit ${String(n)}`, {});
    this.maxLearned = n;
  }

  /** Number of learned (dynamic, not user-added) entries. */
  get learned(): number {
    return this.learnedCount;
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /**
   * The entry for (MAC, VLAN), or `undefined` (`br_fdb_find_rcu`; expiry is not re-checked here,
   * as in current kernels: ageing happens at the ageing instant).
   *
   * @param mac - 48-bit MAC
   * @param vlan - VLAN id (0 without VLAN filtering)
   * @returns the entry
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);
   * fdb.lookup(0x020000000001, 0)?.port; // 'veth-pod1'
   * fdb.lookup(0x020000000002, 0);       // undefined: unknown unicast, flooded
   * ```
   */
  lookup(mac: number, vlan: number): FdbEntry<P> | undefined {
    return vlan === 0 ? this.map.get(mac) : this.vlans.get(vlan)?.get(mac);
  }

  private put(e: FdbEntry<P>): void {
    let m = this.map;
    if (e.vlan !== 0) {
      let v = this.vlans.get(e.vlan);
      if (v === undefined) this.vlans.set(e.vlan, (v = new Map()));
      m = v;
    }
    m.set(e.mac, e);
    this.count++;
  }

  /**
   * The learning rule (`br_fdb_update`): see the class description.
   *
   * @param mac - source MAC (a valid unicast address; the caller checks)
   * @param vlan - VLAN id
   * @param port - the ingress port
   * @param now - current time
   * @returns what happened
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);          // 'learned'
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 1 * SECOND); // 'refreshed'
   * fdb.learn(0x020000000001, 0, 'veth-pod2', 2 * SECOND); // 'moved'
   * ```
   */
  learn(mac: number, vlan: number, port: P, now: Nanoseconds): LearnOutcome {
    if (this._ageingTime === 0) return 'disabled';
    const e = vlan === 0 ? this.map.get(mac) : this.lookup(mac, vlan);
    if (e !== undefined) {
      if (e.local) return 'local';
      if (e.port === port || e.sticky) {
        this.touch(e, now);
        return 'refreshed';
      }
      const from = e.port;
      e.port = port;
      this.touch(e, now);
      this.onChange?.({ kind: 'move', entry: e, from });
      return 'moved';
    }
    if (this.maxLearned !== 0 && this.learnedCount >= this.maxLearned) return 'limit';
    const n = new FdbEntry<P>(mac, vlan, port, false, false, now);
    this.put(n);
    this.learnedCount++;
    this.append(n);
    this.onChange?.({ kind: 'learn', entry: n });
    return 'learned';
  }

  /** Refresh `updated` and move the entry to the tail of the ageing list. */
  private touch(e: FdbEntry<P>, now: Nanoseconds): void {
    e.updated = now;
    if (!e.inAgeList || this.tail === e) return;
    this.unlink(e);
    this.append(e);
  }

  private append(e: FdbEntry<P>): void {
    e.prev = this.tail;
    e.next = null;
    if (this.tail !== null) this.tail.next = e;
    else this.head = e;
    this.tail = e;
    e.inAgeList = true;
  }

  private unlink(e: FdbEntry<P>): void {
    if (!e.inAgeList) return;
    if (e.prev !== null) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next !== null) e.next.prev = e.prev;
    else this.tail = e.prev;
    e.prev = e.next = null;
    e.inAgeList = false;
  }

  /**
   * Add a local permanent entry (a port's or the bridge's own MAC: `br_fdb_add_local`). An existing
   * learned, static or dynamic entry for the MAC is replaced; an existing local entry is kept as it
   * is (two ports with one MAC: the first one keeps the entry, as in `fdb_add_local`).
   *
   * @param mac - 48-bit MAC
   * @param vlan - VLAN id
   * @param port - the port, or `null` for the bridge device itself
   * @param now - current time
   * @returns whether a new entry was created (`false` when a local entry already held the MAC)
   * @example
   * ```ts
   * fdb.addLocal(0x02aa00000001, 0, 'veth-pod1', 0); // true: the port's own MAC
   * fdb.addLocal(0x02aa00000001, 0, 'veth-pod2', 0); // false: veth-pod1 keeps it
   * fdb.learn(0x02aa00000001, 0, 'veth-pod2', 1);    // 'local': never learned
   * ```
   */
  addLocal(mac: number, vlan: number, port: P | null, now: Nanoseconds): boolean {
    const old = this.lookup(mac, vlan);
    if (old !== undefined) {
      if (old.local) return false;
      this.removeEntry(old);
    }
    this.put(new FdbEntry<P>(mac, vlan, port, true, true, now));
    return true;
  }

  /**
   * Hand a local entry over to another owner in place (`fdb_delete_local`: another port with the
   * same MAC, or the bridge itself), keeping its place in the table; it stops being user-added.
   *
   * @param mac - 48-bit MAC
   * @param vlan - VLAN id
   * @param port - the new owner, or `null` for the bridge device itself
   * @returns whether a local entry was found and handed over
   * @example
   * ```ts
   * fdb.addLocal(0x02aa00000001, 0, 'veth-pod1', 0);
   * fdb.reassignLocal(0x02aa00000001, 0, null); // true: now the bridge's own entry
   * fdb.lookup(0x02aa00000001, 0)?.port;        // null
   * ```
   */
  reassignLocal(mac: number, vlan: number, port: P | null): boolean {
    const e = this.lookup(mac, vlan);
    if (e === undefined || !e.local) return false;
    e.port = port;
    e.user = false;
    return true;
  }

  /**
   * A user entry (`bridge fdb add MAC dev PORT master [permanent|static|dynamic] [sticky]`).
   * `permanent` terminates locally; `static` forwards to the port and never ages; `dynamic` ages.
   * Like `bridge fdb add` (NLM_F_EXCL), it never replaces an entry: use
   * {@link ForwardingDatabase.replaceUser} for `bridge fdb replace`.
   *
   * @param mac - 48-bit MAC
   * @param vlan - VLAN id
   * @param port - the port
   * @param kind - permanent, static or dynamic
   * @param sticky - never move (not with `permanent`)
   * @param now - current time
   * @throws L2SimError `invalid-argument` for a multicast or zero MAC, an unknown kind, or sticky
   *   with permanent (EINVAL); `already-exists` when (MAC, VLAN) has an entry, learned, user-added or
   *   local (EEXIST). Nothing changes when it throws.
   * @example
   * ```ts
   * fdb.addUser(0x020000000009, 0, 'veth-pod1', 'static', false, 0); // forwards to veth-pod1, never ages
   * fdb.addUser(0x02000000000a, 0, 'veth-pod2', 'dynamic', true, 0); // ages, never moves
   * fdb.nextDeadline(); // 300_000_000_000: the dynamic entry
   * fdb.addUser(0x020000000009, 0, 'veth-pod2', 'static', false, 0); // throws already-exists
   * ```
   */
  addUser(mac: number, vlan: number, port: P, kind: FdbUserKind, sticky: boolean, now: Nanoseconds): void {
    this.checkUser(mac, kind, sticky);
    const old = this.lookup(mac, vlan);
    if (old !== undefined) {
      const m = MacAddress.fromNumber(mac).toString();
      const what = old.local ? 'permanent' : old.static ? 'static' : old.user ? 'dynamic' : 'learned';
      throw new L2SimError(
        'already-exists',
        `cannot add FDB entry ${m} vlan ${vlan} on ${this.where(port)}: it exists (${what}, on ${this.where(old.port)}); replace it instead (bridge fdb replace)`,
        { mac: m, vlan, port: this.where(port), existing: this.where(old.port) },
      );
    }
    this.createUser(mac, vlan, port, kind, sticky, now);
  }

  /**
   * Add or replace a user entry (`bridge fdb replace MAC dev PORT master [permanent|static|dynamic]
   * [sticky]`): as the kernel's `fdb_add_entry` without NLM_F_EXCL, an existing entry, whatever it
   * is (learned, user-added, or local: a port's or the bridge's own MAC), is changed in place to
   * the port, kind and sticky flag given, and becomes a user entry. Its `updated` time is reset only
   * when the port, kind or sticky flag changed; `used` always is.
   *
   * @param mac - 48-bit MAC
   * @param vlan - VLAN id
   * @param port - the port
   * @param kind - permanent, static or dynamic
   * @param sticky - never move (not with `permanent`)
   * @param now - current time
   * @returns whether an existing entry was replaced (`false`: a new entry was created)
   * @throws L2SimError `invalid-argument` for a multicast or zero MAC, an unknown kind, or sticky
   *   with permanent (EINVAL). Nothing changes when it throws.
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);
   * fdb.replaceUser(0x020000000001, 0, 'veth-pod2', 'static', false, 5); // true
   * fdb.lookup(0x020000000001, 0)?.port;                                // 'veth-pod2', never ages
   * ```
   */
  replaceUser(mac: number, vlan: number, port: P, kind: FdbUserKind, sticky: boolean, now: Nanoseconds): boolean {
    this.checkUser(mac, kind, sticky);
    const e = this.lookup(mac, vlan);
    if (e === undefined) {
      this.createUser(mac, vlan, port, kind, sticky, now);
      return false;
    }
    const local = kind === 'permanent';
    const isStatic = kind !== 'dynamic';
    const modified = e.port !== port || e.local !== local || e.static !== isStatic || e.sticky !== sticky;
    if (!e.local && !e.static && !e.user) this.learnedCount--;
    e.port = port;
    e.local = local;
    e.static = isStatic;
    e.sticky = sticky;
    e.user = true;
    e.used = now;
    if (isStatic) {
      this.unlink(e);
      if (modified) e.updated = now;
    } else if (!e.inAgeList) {
      e.updated = now; // it was static or local: a change
      this.append(e);
    } else if (modified) {
      this.touch(e, now);
    }
    return true;
  }

  /** Validate a user entry (br_fdb_add, fdb_add_entry): nothing has changed yet. */
  private checkUser(mac: number, kind: FdbUserKind, sticky: boolean): void {
    const m = MacAddress.fromNumber(mac);
    if (!m.isValidUnicast) throw new L2SimError('invalid-argument', `invalid FDB entry ${String(m)}: expected a unicast, non-zero MAC`, { mac: String(m) });
    if (!KINDS.includes(kind)) throw new L2SimError('invalid-argument', `invalid FDB entry kind ${String(kind)}: expected permanent, static or dynamic`, { kind: String(kind) });
    if (sticky && kind === 'permanent') {
      throw new L2SimError('invalid-argument', `invalid FDB entry ${String(m)}: a permanent (local) entry cannot be sticky (EINVAL); use static or dynamic`, { mac: String(m) });
    }
  }

  private createUser(mac: number, vlan: number, port: P, kind: FdbUserKind, sticky: boolean, now: Nanoseconds): void {
    const e = new FdbEntry<P>(mac, vlan, port, kind === 'permanent', kind !== 'dynamic', now);
    e.sticky = sticky;
    e.user = true;
    this.put(e);
    if (kind === 'dynamic') this.append(e);
  }

  /** How messages name a port, or the owner for `null`. */
  private where(p: P | null): string {
    if (p !== null) return this.naming.port(p);
    const o = this.naming.owner();
    return o === '' ? 'the bridge itself' : o;
  }

  /**
   * Remove one entry.
   *
   * @param mac - 48-bit MAC
   * @param vlan - VLAN id
   * @returns the removed entry, or `undefined`
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);
   * fdb.remove(0x020000000001, 0)?.port; // 'veth-pod1'
   * fdb.remove(0x020000000001, 0);       // undefined
   * ```
   */
  remove(mac: number, vlan: number): FdbEntry<P> | undefined {
    const e = this.lookup(mac, vlan);
    if (e !== undefined) this.removeEntry(e);
    return e;
  }

  private removeEntry(e: FdbEntry<P>): void {
    if (e.vlan === 0) this.map.delete(e.mac);
    else this.vlans.get(e.vlan)?.delete(e.mac);
    this.count--;
    this.unlink(e);
    if (!e.local && !e.static && !e.user) this.learnedCount--;
  }

  /**
   * Remove a port's entries: the dynamic ones only (port disabled: `br_fdb_delete_by_port(…, 0)`),
   * or all of them, local ones included (port removed).
   *
   * @param port - the port
   * @param all - also static and local entries
   * @param reason - for the change callback
   * @returns the removed entries
   * @example
   * ```ts
   * fdb.addLocal(0x02aa00000001, 0, 'veth-pod1', 0);
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);
   * fdb.flushPort('veth-pod1', false, 'port down').length;   // 1: the learned entry
   * fdb.flushPort('veth-pod1', true, 'port removed').length; // 1: the local entry
   * ```
   */
  flushPort(port: P, all: boolean, reason: string): FdbEntry<P>[] {
    const out: FdbEntry<P>[] = [];
    for (const e of [...this.all()]) {
      if (e.port !== port) continue;
      if (!all && (e.static || e.local)) continue;
      this.removeEntry(e);
      out.push(e);
      if (!e.local) this.onChange?.({ kind: 'flush', entry: e, reason });
    }
    return out;
  }

  /**
   * Delete every dynamic entry whose ageing instant has come (`updated + ageingTime ≤ now`).
   *
   * @param now - current time
   * @returns the aged entries, oldest first
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 0);
   * fdb.expire(300 * SECOND - 1).length; // 0
   * fdb.expire(300 * SECOND).length;     // 1: exactly at updated + ageingTime
   * ```
   */
  expire(now: Nanoseconds): FdbEntry<P>[] {
    const out: FdbEntry<P>[] = [];
    const at = this._ageingTime;
    while (this.head !== null && this.head.updated + at <= now) {
      const e = this.head;
      this.removeEntry(e);
      out.push(e);
      this.onChange?.({ kind: 'age', entry: e });
    }
    return out;
  }

  /**
   * When the next dynamic entry ages out, or `undefined` when none can.
   *
   * @returns time in nanoseconds
   * @example
   * ```ts
   * fdb.nextDeadline(); // undefined: nothing can age
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 5 * SECOND);
   * fdb.nextDeadline(); // 305_000_000_000
   * ```
   */
  nextDeadline(): Nanoseconds | undefined {
    return this.head === null ? undefined : this.head.updated + this._ageingTime;
  }

  /**
   * Snapshots of every entry, JSON-ready (the view `bridge fdb show` prints): by rank (see
   * {@link FdbOptions.naming}; a bridge's `fdb` ranks by device ifindex, its own entry first), newest first
   * within a rank. Later changes do not alter them, and changing them does not alter the database.
   *
   * @returns the entries
   * @example
   * ```ts
   * fdb.learn(0x020000000001, 0, 'veth-pod1', 5 * SECOND);
   * fdb.entries(); // [{ mac: '02:00:00:00:00:01', vlan: 0, dev: 'veth-pod1', kind: 'dynamic', expires: 305_000_000_000, … }]
   * cni0.fdb.entries(); // the same snapshots as cni0.fdbEntries()
   * ```
   */
  entries(): FdbEntrySnapshot[] {
    const all = [...this.all()];
    const rank = this.naming.rank;
    const order = all.map((_, i) => i);
    if (rank !== undefined) {
      const r = all.map((e) => rank(e.port));
      order.sort((a, b) => r[a]! - r[b]! || b - a);
    } else {
      order.reverse();
    }
    const at = this._ageingTime;
    const master = this.naming.owner();
    return order.map((i) => {
      const e = all[i]!;
      return {
        mac: MacAddress.fromNumber(e.mac).toString(),
        vlan: e.vlan,
        dev: e.port === null ? master : this.naming.port(e.port),
        master,
        local: e.local,
        kind: e.local ? 'permanent' : e.static ? 'static' : 'dynamic',
        sticky: e.sticky,
        user: e.user,
        updated: e.updated,
        expires: e.local || e.static ? null : e.updated + at,
      };
    });
  }

  /**
   * Every entry (unordered). @internal
   */
  *all(): IterableIterator<FdbEntry<P>> {
    yield* this.map.values();
    for (const v of this.vlans.values()) yield* v.values();
  }
}
