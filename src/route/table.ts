import { L2SimError } from '../errors/index.js';
import { Ipv4Address } from '../wire/index.js';

/** Route types used here (rtm_type). */
export type RouteType = 'unicast' | 'local' | 'broadcast';
/** Route scope as `ip route` prints it. */
export type RouteScope = 'host' | 'link' | 'global';
/** Who added the route. */
export type RouteProto = 'kernel' | 'boot' | 'static';
/** The routing tables modelled: `local` (255, looked up first) and `main` (254). */
export type RouteTableName = 'local' | 'main';

/** One route. Addresses are 32-bit numbers; `dev` is an interface index. */
export interface Route {
  /** Table. */
  readonly table: RouteTableName;
  /** Type. */
  readonly type: RouteType;
  /** Destination network (host bits clear). */
  readonly dst: number;
  /** Prefix length 0..32. */
  readonly prefixLength: number;
  /** Output device (ifindex). */
  readonly dev: number;
  /** Gateway, or `null` for an on-link route. */
  readonly gateway: number | null;
  /** Preferred source address, or `null`. */
  readonly prefsrc: number | null;
  /** Scope. */
  readonly scope: RouteScope;
  /** Origin. */
  readonly proto: RouteProto;
  /** Metric (priority); lower wins among equal prefixes. */
  readonly metric: number;
}

const mask = (len: number): number => (len === 0 ? 0 : (0xffff_ffff << (32 - len)) >>> 0);

/** Whether a route covers `addr`. @internal */
export function routeMatches(r: Route, addr: number): boolean {
  return ((addr & mask(r.prefixLength)) >>> 0) === r.dst;
}

/**
 * A route table: the `local` and `main` tables of one namespace, with longest-prefix match.
 * Pure (no clock, no devices): devices are interface indexes.
 *
 * Lookup follows Linux's default rules: the local table first (priority 0), then main (32766);
 * within a table the longest prefix wins, then the lowest metric.
 *
 * @example
 * ```ts
 * const t = new RouteTable();
 * t.add({ table: 'main', type: 'unicast', dst: 0x0af40000, prefixLength: 24, dev: 2, gateway: null,
 *         prefsrc: 0x0af40002, scope: 'link', proto: 'kernel', metric: 0 });
 * t.lookup(0x0af40003)?.dev; // 2
 * ```
 */
export class RouteTable {
  // Kept sorted: local before main, then longer prefixes first, then lower metric, then insertion.
  private list: Route[] = [];

  /**
   * Add a route. Like `ip route add` (NLM_F_EXCL), a route whose table, destination, prefix,
   * metric and type are taken is refused; with `append` (NLM_F_APPEND, as the kernel adds the
   * routes of an address with `fib_magic`) it goes after the routes it ties with, and only an
   * identical route (same device, gateway and source too) is refused.
   *
   * @param route - the route; `dst` must have its host bits clear
   * @param options - `append`: NLM_F_APPEND semantics
   * @throws L2SimError `invalid-argument` for a malformed route; `already-exists` when the route
   *   exists (see above)
   * @example
   * ```ts
   * // two devices in one subnet: both connected routes, the first one used
   * const connected = { table: 'main', type: 'unicast', dst: 0x0af40000, prefixLength: 24, gateway: null,
   *                     prefsrc: 0x0af40002, scope: 'link', proto: 'kernel', metric: 0 } as const;
   * t.add({ ...connected, dev: 2 }, { append: true });
   * t.add({ ...connected, dev: 3 }, { append: true });
   * t.lookup(0x0af40003)?.dev; // 2
   * ```
   */
  add(route: Route, options: { append?: boolean } = {}): void {
    if (!Number.isInteger(route.prefixLength) || route.prefixLength < 0 || route.prefixLength > 32) {
      throw new L2SimError('invalid-argument', `invalid route prefix length ${String(route.prefixLength)}`, {});
    }
    if (((route.dst & mask(route.prefixLength)) >>> 0) !== route.dst) {
      throw new L2SimError('invalid-argument', `invalid route ${Ipv4Address.fromNumber(route.dst).toString()}/${route.prefixLength}: host bits are set`, {});
    }
    const same = (r: Route): boolean => r.table === route.table && r.dst === route.dst && r.prefixLength === route.prefixLength && r.metric === route.metric && r.type === route.type;
    const taken = options.append === true
      ? (r: Route): boolean => same(r) && r.dev === route.dev && r.gateway === route.gateway && r.prefsrc === route.prefsrc
      : (r: Route): boolean => same(r) && (r.type !== 'local' || r.dev === route.dev);
    if (this.list.some(taken)) {
      throw new L2SimError('already-exists', `route ${describe(route)} already exists (RTNETLINK answers: File exists)`, {});
    }
    const rank = (r: Route): number[] => [r.table === 'local' ? 0 : 1, -r.prefixLength, r.metric];
    const k = rank(route);
    let i = 0;
    for (; i < this.list.length; i++) {
      const o = rank(this.list[i]!);
      if (o[0]! > k[0]! || (o[0] === k[0] && (o[1]! > k[1]! || (o[1] === k[1] && o[2]! > k[2]!)))) break;
    }
    this.list = [...this.list.slice(0, i), route, ...this.list.slice(i)];
  }

  /**
   * Remove every route for which `pred` holds.
   *
   * @param pred - which routes to remove
   * @returns the removed routes
   * @example
   * ```ts
   * // device 2 was deleted: its routes go with it
   * t.removeWhere((r) => r.dev === 2).length; // 1
   * ```
   */
  removeWhere(pred: (r: Route) => boolean): Route[] {
    const removed = this.list.filter(pred);
    if (removed.length > 0) this.list = this.list.filter((r) => !pred(r));
    return removed;
  }

  /**
   * The route for `addr`: local table first, then main; longest prefix, then lowest metric.
   *
   * @param addr - destination as a 32-bit number
   * @returns the route, or `undefined` when none matches
   * @example
   * ```ts
   * t.lookup(Ipv4Address.parse('10.244.0.3').value)?.dev; // 2
   * t.lookup(Ipv4Address.parse('8.8.8.8').value);         // undefined: no default route
   * ```
   */
  lookup(addr: number): Route | undefined {
    const l = this.list;
    for (let i = 0; i < l.length; i++) {
      const r = l[i]!;
      if (((addr & (r.prefixLength === 0 ? 0 : (0xffff_ffff << (32 - r.prefixLength)))) >>> 0) === r.dst) return r;
    }
    return undefined;
  }

  /**
   * The main-table route for `addr` (skipping the local table).
   *
   * @param addr - destination as a 32-bit number
   * @returns the route, or `undefined`
   * @example
   * ```ts
   * t.add({ table: 'local', type: 'local', dst: 0x0af40002, prefixLength: 32, dev: 2, gateway: null,
   *         prefsrc: 0x0af40002, scope: 'host', proto: 'kernel', metric: 0 });
   * t.lookup(0x0af40002)?.type;     // 'local'
   * t.lookupMain(0x0af40002)?.type; // 'unicast': 10.244.0.0/24 of the main table
   * ```
   */
  lookupMain(addr: number): Route | undefined {
    for (const r of this.list) if (r.table === 'main' && routeMatches(r, addr)) return r;
    return undefined;
  }

  /**
   * The routes of one table (or both), in lookup order.
   *
   * @param table - `'main'`, `'local'`, or every table when omitted
   * @returns the routes
   * @example
   * ```ts
   * t.routes('main').map((r) => `${Ipv4Address.fromNumber(r.dst).toString()}/${r.prefixLength}`); // ['10.244.0.0/24']
   * t.routes().length; // 1: the local table is empty
   * ```
   */
  routes(table?: RouteTableName): Route[] {
    return this.list.filter((r) => table === undefined || r.table === table);
  }
}

function describe(r: Route): string {
  const d = r.prefixLength === 0 ? 'default' : `${Ipv4Address.fromNumber(r.dst).toString()}/${r.prefixLength}`;
  return `${r.table === 'local' ? r.type + ' ' : ''}${d}${r.gateway === null ? '' : ` via ${Ipv4Address.fromNumber(r.gateway).toString()}`}`;
}
