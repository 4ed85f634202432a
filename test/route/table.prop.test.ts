// Longest-prefix match against a naive reference: filter, longest prefix, lowest metric, first added.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type Route, RouteTable } from '../../src/route/index.js';

const mask = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

const routeArb = fc
  .record({
    table: fc.constantFrom<'main' | 'local'>('main', 'main', 'main', 'local'),
    addr: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0x0a000000, 0x0a000100, 0x0a0001ff)),
    prefixLength: fc.integer({ min: 0, max: 32 }),
    metric: fc.integer({ min: 0, max: 3 }),
    dev: fc.integer({ min: 1, max: 9 }),
  })
  .map(
    (r): Route => ({
      table: r.table,
      type: r.table === 'local' ? 'local' : 'unicast',
      dst: (r.addr & mask(r.prefixLength)) >>> 0,
      prefixLength: r.prefixLength,
      dev: r.dev,
      gateway: null,
      prefsrc: null,
      scope: 'link',
      proto: 'static',
      metric: r.metric,
    }),
  );

function naive(routes: Route[], addr: number, main: boolean): Route | undefined {
  const ok = routes.filter((r) => (!main || r.table === 'main') && ((addr & mask(r.prefixLength)) >>> 0) === r.dst);
  const rank = (r: Route): number[] => [r.table === 'local' ? 0 : 1, -r.prefixLength, r.metric];
  let best: Route | undefined;
  for (const r of ok) {
    if (best === undefined) best = r;
    else {
      const a = rank(r);
      const b = rank(best);
      if (a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! < b[2]!)))) best = r;
    }
  }
  return best;
}

describe('RouteTable lookup', () => {
  it('agrees with a naive scan (local first, longest prefix, lowest metric, first added)', () => {
    fc.assert(
      fc.property(fc.array(routeArb, { maxLength: 30 }), fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0x0a000000, max: 0x0a0002ff })), { minLength: 1, maxLength: 30 }), (routes, addrs) => {
        const t = new RouteTable();
        const added: Route[] = [];
        for (const r of routes) {
          try {
            t.add(r);
            added.push(r);
          } catch {
            // duplicates are refused; the model skips them too
          }
        }
        for (const a of addrs) {
          if (t.lookup(a) !== naive(added, a, false)) return false;
          if (t.lookupMain(a) !== naive(added, a, true)) return false;
        }
        return t.routes().length === added.length;
      }),
    );
  });
});
