// RouteTable: the local and main tables, longest-prefix match, metrics, validation.
import { describe, expect, it } from 'vitest';
import { type Route, RouteTable } from '../../src/route/index.js';
import { Ipv4Address } from '../../src/wire/index.js';
import { expectCode } from '../support/errors.js';

const ip = (s: string): number => Ipv4Address.parse(s).value;
const route = (o: Partial<Omit<Route, 'dst'>> & { dst: string | number; prefixLength: number }): Route => ({
  table: 'main',
  type: 'unicast',
  dev: 2,
  gateway: null,
  prefsrc: null,
  scope: 'link',
  proto: 'kernel',
  metric: 0,
  ...o,
  dst: typeof o.dst === 'string' ? ip(o.dst) : o.dst,
});

describe('RouteTable', () => {
  it('is empty at first', () => {
    const t = new RouteTable();
    expect(t.routes()).toEqual([]);
    expect(t.lookup(ip('10.0.0.1'))).toBeUndefined();
    expect(t.lookupMain(ip('10.0.0.1'))).toBeUndefined();
  });

  it('picks the longest prefix, whatever the order of insertion', () => {
    const t = new RouteTable();
    t.add(route({ dst: '0.0.0.0', prefixLength: 0, gateway: ip('10.0.0.1'), dev: 2 }));
    t.add(route({ dst: '10.1.2.0', prefixLength: 24, dev: 4 }));
    t.add(route({ dst: '10.0.0.0', prefixLength: 8, dev: 3 }));
    t.add(route({ dst: '10.1.2.128', prefixLength: 25, dev: 5 }));
    t.add(route({ dst: '10.1.2.200', prefixLength: 32, dev: 6 }));
    expect(t.lookup(ip('10.1.2.200'))!.dev).toBe(6);
    expect(t.lookup(ip('10.1.2.201'))!.dev).toBe(5);
    expect(t.lookup(ip('10.1.2.127'))!.dev).toBe(4);
    expect(t.lookup(ip('10.9.9.9'))!.dev).toBe(3);
    expect(t.lookup(ip('192.168.1.1'))!.dev).toBe(2);
  });

  it('among equal prefixes picks the lowest metric', () => {
    const t = new RouteTable();
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 2, metric: 100 }));
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 3, metric: 10 }));
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 4, metric: 50 }));
    expect(t.lookup(ip('10.0.0.7'))!.dev).toBe(3);
    t.removeWhere((r) => r.dev === 3);
    expect(t.lookup(ip('10.0.0.7'))!.dev).toBe(4);
  });

  it('looks in the local table first, even against a longer main prefix', () => {
    const t = new RouteTable();
    t.add(route({ dst: '10.0.0.1', prefixLength: 32, dev: 7 }));
    t.add(route({ table: 'local', type: 'local', dst: '10.0.0.0', prefixLength: 8, dev: 1, scope: 'host' }));
    expect(t.lookup(ip('10.0.0.1'))!.table).toBe('local');
    expect(t.lookupMain(ip('10.0.0.1'))!.dev).toBe(7);
    expect(t.routes('main').length).toBe(1);
    expect(t.routes('local').length).toBe(1);
    expect(t.routes().map((r) => r.table)).toEqual(['local', 'main']);
  });

  it('matches a /0 for everything and a /32 for one address', () => {
    const t = new RouteTable();
    t.add(route({ dst: '0.0.0.0', prefixLength: 0 }));
    t.add(route({ dst: '255.255.255.255', prefixLength: 32, dev: 9 }));
    expect(t.lookup(0)!.prefixLength).toBe(0);
    expect(t.lookup(0xffffffff)!.dev).toBe(9);
    expect(t.lookup(0xfffffffe)!.dev).toBe(2);
  });

  it('rejects malformed routes and duplicates, changing nothing', () => {
    const t = new RouteTable();
    t.add(route({ dst: '10.0.0.0', prefixLength: 24 }));
    const before = JSON.stringify(t.routes());
    expectCode(() => t.add(route({ dst: '10.0.0.1', prefixLength: 24 })), 'invalid-argument');
    expectCode(() => t.add(route({ dst: '10.0.0.0', prefixLength: 33 })), 'invalid-argument');
    expectCode(() => t.add(route({ dst: '10.0.0.0', prefixLength: -1 })), 'invalid-argument');
    expectCode(() => t.add(route({ dst: '10.0.0.0', prefixLength: 1.5 })), 'invalid-argument');
    expectCode(() => t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 5 })), 'already-exists');
    expect(JSON.stringify(t.routes())).toBe(before);
    // a different metric is another route
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, metric: 1 }));
    // local routes of the same address on two devices may coexist
    t.add(route({ table: 'local', type: 'local', dst: '10.0.0.1', prefixLength: 32, dev: 2 }));
    t.add(route({ table: 'local', type: 'local', dst: '10.0.0.1', prefixLength: 32, dev: 3 }));
    expect(t.routes().length).toBe(4);
  });

  it('with append (the kernel’s own routes), ties on another device are kept in order; identical routes are refused', () => {
    const t = new RouteTable();
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 2 }), { append: true });
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 3 }), { append: true });
    expect(t.routes().map((r) => r.dev)).toEqual([2, 3]);
    expect(t.lookup(ip('10.0.0.9'))!.dev).toBe(2);
    expectCode(() => t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 3 }), { append: true }), 'already-exists');
    expectCode(() => t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 4 })), 'already-exists');
    expect(t.routes().length).toBe(2);
  });

  it('removeWhere returns the removed routes', () => {
    const t = new RouteTable();
    t.add(route({ dst: '10.0.0.0', prefixLength: 24, dev: 2 }));
    t.add(route({ dst: '10.1.0.0', prefixLength: 24, dev: 3 }));
    expect(t.removeWhere((r) => r.dev === 3).map((r) => r.dev)).toEqual([3]);
    expect(t.removeWhere((r) => r.dev === 3)).toEqual([]);
    expect(t.routes().length).toBe(1);
  });
});
