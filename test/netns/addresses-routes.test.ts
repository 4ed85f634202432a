// IPv4 addresses (primary, secondary, removal) and routes (local, connected, broadcast, default
// via an on-link gateway, static routes, longest-prefix match, linkdown) and source address
// selection (reference §6).
import { describe, expect, it } from 'vitest';
import { Simulator, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { twoHosts } from '../support/topology.js';
import { arpOf, icmpOf, sentFrames } from '../support/hosts.js';

const routeLines = (ns: ReturnType<Simulator['namespace']>): string[] => ns.routes('all').map((r) => `${r.table} ${r.type} ${r.dst}${r.via ? ` via ${r.via}` : ''} dev ${r.dev} ${r.proto} ${r.scope}${r.src ? ` src ${r.src}` : ''}${r.metric ? ` metric ${r.metric}` : ''}`);

function host() {
  const sim = new Simulator({ seed: 1 });
  const a = sim.namespace('a');
  const b = sim.namespace('b');
  const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  return { sim, a, b, veth };
}

describe('addresses (reference §6, address add)', () => {
  it('the local route appears at once, even with the device down; connected and broadcast routes only once it is up', () => {
    const { a, veth } = host();
    a.addAddress('eth0', '10.0.0.1/24');
    expect(routeLines(a)).toEqual(['local local 10.0.0.1 dev eth0 kernel host src 10.0.0.1']);
    veth.a.up(); // no carrier yet: the routes come with admin up
    expect(routeLines(a)).toEqual([
      'local local 10.0.0.1 dev eth0 kernel host src 10.0.0.1',
      'local broadcast 10.0.0.255 dev eth0 kernel link src 10.0.0.1',
      'main unicast 10.0.0.0/24 dev eth0 kernel link src 10.0.0.1',
    ]);
    expect(a.routes()[0]!.linkdown).toBe(true);
  });

  it('connected and broadcast routes go when the device goes down and come back when it comes up; the local route stays (checked on 6.18)', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    veth.a.down();
    expect(routeLines(a)).toEqual(['local local 10.0.0.1 dev eth0 kernel host src 10.0.0.1']);
    veth.a.up();
    expect(routeLines(a)).toEqual([
      'local local 10.0.0.1 dev eth0 kernel host src 10.0.0.1',
      'local broadcast 10.0.0.255 dev eth0 kernel link src 10.0.0.1',
      'main unicast 10.0.0.0/24 dev eth0 kernel link src 10.0.0.1',
    ]);
  });

  it('a second address in the same subnet is secondary: no new route, the source stays the primary', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addAddress('eth0', '10.0.0.5/24');
    a.addAddress('eth0', '10.0.0.9/16'); // same network, other mask: another primary
    a.addAddress('eth0', '10.1.0.1/24');
    // in the kernel's list order (__inet_insert_ifa): primaries first, secondaries at the end, as
    // `ip addr` shows on 6.18 for the same four commands
    expect(a.addresses().map((x) => `${x.cidr}${x.secondary ? ' secondary' : ''} brd ${x.broadcast}`)).toEqual([
      '10.0.0.1/24 brd 10.0.0.255',
      '10.0.0.9/16 brd 10.0.255.255',
      '10.1.0.1/24 brd 10.1.0.255',
      '10.0.0.5/24 secondary brd 10.0.0.255',
    ]);
    expect(a.routes().map((r) => `${r.dst} src ${r.src}`)).toEqual(['10.0.0.0/24 src 10.0.0.1', '10.1.0.0/24 src 10.1.0.1', '10.0.0.0/16 src 10.0.0.9']);
    expect(a.routes('local').filter((r) => r.type === 'local').map((r) => r.dst)).toEqual(['10.0.0.1', '10.0.0.5', '10.0.0.9', '10.1.0.1']);
    expect(a.show('ip addr')).toContain('    inet 10.0.0.5/24 scope global secondary eth0');
  });

  it('removing a secondary keeps the primary; removing the primary removes its secondaries too (promote_secondaries=0)', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addAddress('eth0', '10.0.0.5/24');
    a.addAddress('eth0', '10.0.0.6/24');
    a.deleteAddress('eth0', '10.0.0.6/24');
    expect(a.addresses().map((x) => x.cidr)).toEqual(['10.0.0.1/24', '10.0.0.5/24']);
    expect(a.routes().length).toBe(1);
    a.deleteAddress('eth0', '10.0.0.1/24');
    expect(a.addresses()).toEqual([]);
    expect(a.routes('all')).toEqual([]);
  });

  // Checked on 6.18: with 10.9.0.1/24 and 10.8.0.1/24 on eth0, `default via 10.9.0.2` and
  // `10.7.0.0/16 dev eth0`, deleting 10.9.0.1 keeps both static routes (the gateway is no longer
  // on-link, and the route stays); deleting 10.8.0.1, the last address, empties the routing tables
  // and the neighbour table of eth0, PERMANENT entries included (fib_disable_ip, arp_ifdown).
  it('removing the last address of a device removes every route through it and its neighbour entries', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.9.0.1/24');
    a.addAddress('eth0', '10.8.0.1/24');
    a.addRoute('default', { via: '10.9.0.2' });
    a.addRoute('10.7.0.0/16', { dev: 'eth0' });
    a.addNeighbour('10.9.0.50', { dev: 'eth0', lladdr: '02:00:00:00:00:50' });
    a.addNeighbour('10.9.0.51', { dev: 'eth0', lladdr: '02:00:00:00:00:51', state: 'stale' });
    a.deleteAddress('eth0', '10.9.0.1/24');
    expect(a.show('ip route')).toBe(['default via 10.9.0.2 dev eth0 ', '10.7.0.0/16 dev eth0 scope link ', '10.8.0.0/24 dev eth0 proto kernel scope link src 10.8.0.1 '].join('\n'));
    expect(a.neighbours()).toHaveLength(2);
    a.deleteAddress('eth0', '10.8.0.1/24');
    expect(a.routes('all')).toEqual([]);
    expect(a.neighbours()).toEqual([]);
  });

  it('/31 and /32 addresses have no broadcast; a /32 has no prefix route', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/31');
    a.addAddress('eth0', '10.9.9.9/32');
    expect(a.addresses().map((x) => `${x.cidr} ${x.broadcast}`)).toEqual(['10.0.0.1/31 null', '10.9.9.9/32 null']);
    expect(routeLines(a)).toEqual(['local local 10.0.0.1 dev eth0 kernel host src 10.0.0.1', 'local local 10.9.9.9 dev eth0 kernel host src 10.9.9.9', 'main unicast 10.0.0.0/31 dev eth0 kernel link src 10.0.0.1']);
  });

  it('two devices in one subnet both get their connected and broadcast routes (the kernel appends them); the first is used', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    new VethPair({ ns: a, name: 'eth0' }, { ns: sim.namespace('b'), name: 'eth0' }).up();
    new VethPair({ ns: a, name: 'eth1' }, { ns: sim.namespace('c'), name: 'eth0' }).up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addAddress('eth1', '10.0.0.2/24');
    a.addAddress('eth1', '10.0.1.129/25'); // the broadcast 10.0.1.255 of a /24 elsewhere would also clash
    expect(routeLines(a).filter((l) => l.includes('10.0.0.'))).toEqual([
      'local local 10.0.0.1 dev eth0 kernel host src 10.0.0.1',
      'local broadcast 10.0.0.255 dev eth0 kernel link src 10.0.0.1',
      'local local 10.0.0.2 dev eth1 kernel host src 10.0.0.2',
      'local broadcast 10.0.0.255 dev eth1 kernel link src 10.0.0.2',
      'main unicast 10.0.0.0/24 dev eth0 kernel link src 10.0.0.1',
      'main unicast 10.0.0.0/24 dev eth1 kernel link src 10.0.0.2',
    ]);
    a.device('eth1').down();
    a.device('eth1').up();
    expect(a.routes().filter((r) => r.dst === '10.0.0.0/24').map((r) => r.dev)).toEqual(['eth0', 'eth1']);
    // `ip route add` of a taken prefix is still refused (NLM_F_EXCL)
    expectCode(() => a.addRoute('10.0.0.0/24', { dev: 'eth1' }), 'already-exists');
  });

  it('accepts an Ipv4Cidr value and a device object', () => {
    const { a, veth } = host();
    a.addAddress(veth.a, '10.0.0.1/24');
    expect(a.addresses('eth0').map((x) => x.cidr)).toEqual(['10.0.0.1/24']);
  });

  it('the same address may sit on two devices (weak host); the local map keeps one', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
    new VethPair({ ns: a, name: 'eth1' }, { ns: b, name: 'eth1' });
    a.addAddress('eth0', '10.0.0.1/24');
    a.addAddress('eth1', '10.0.0.1/24');
    a.deleteAddress('eth0', '10.0.0.1/24');
    expect(a.addresses().map((x) => `${x.dev} ${x.cidr}`)).toEqual(['eth1 10.0.0.1/24']);
    expect(a.routes('local').map((r) => `${r.dst} ${r.dev}`)).toEqual(['10.0.0.1 eth1']);
  });
});

describe('routes', () => {
  it('default via a gateway is accepted only when the gateway is on-link (Nexthop has invalid gateway)', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    expectCode(() => a.addRoute('default', { via: '10.0.1.1' }), 'invalid-argument');
    expectCode(() => a.addRoute('default', { via: '10.0.0.254', dev: 'lo' }), 'invalid-argument');
    a.addRoute('default', { via: '10.0.0.254' });
    expect(a.routes().map((r) => `${r.dst} ${r.via} ${r.dev} ${r.proto} ${r.scope}`)).toEqual(['10.0.0.0/24 null eth0 kernel link', 'default 10.0.0.254 eth0 boot global']);
    expectCode(() => a.addRoute('default', { via: '10.0.0.254' }), 'already-exists');
    a.addRoute('default', { via: '10.0.0.253', metric: 10 });
    expect(a.routes().length).toBe(3);
  });

  it('a gateway on a device that is down has no on-link route: rejected', () => {
    const { a } = host();
    a.addAddress('eth0', '10.0.0.1/24');
    expectCode(() => a.addRoute('default', { via: '10.0.0.254' }), 'invalid-argument');
    expectCode(() => a.addRoute('10.9.0.0/16', { dev: 'eth0' }), 'invalid-state');
  });

  it('device routes (scope link), explicit src and metric', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addAddress('eth0', '10.0.0.5/24');
    a.addRoute('10.9.0.0/16', { dev: 'eth0', src: '10.0.0.5', metric: 7 });
    expect(a.routes().find((r) => r.dst === '10.9.0.0/16')).toEqual({ table: 'main', type: 'unicast', dst: '10.9.0.0/16', via: null, dev: 'eth0', proto: 'boot', scope: 'link', src: '10.0.0.5', metric: 7, linkdown: false });
    expectCode(() => a.addRoute('10.8.0.0/16', { dev: 'eth0', src: '10.0.0.77' }), 'invalid-argument');
  });

  it('deleteRoute removes matching routes from the main table; nothing to delete is not-found', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addRoute('default', { via: '10.0.0.254' });
    a.addRoute('10.9.0.0/16', { via: '10.0.0.253' });
    expectCode(() => a.deleteRoute('10.9.0.0/16', { via: '10.0.0.254' }), 'not-found');
    a.deleteRoute('10.9.0.0/16');
    a.deleteRoute('default', { dev: 'eth0' });
    expect(a.routes().map((r) => r.dst)).toEqual(['10.0.0.0/24']);
    expectCode(() => a.deleteRoute('default'), 'not-found');
  });

  it('static routes through a device go away when the device goes down, and do not come back', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addRoute('default', { via: '10.0.0.254' });
    veth.a.down();
    veth.a.up();
    expect(a.routes().map((r) => r.dst)).toEqual(['10.0.0.0/24']);
  });

  it('on carrier loss routes stay, flagged linkdown', () => {
    const { a, veth } = host();
    veth.up();
    a.addAddress('eth0', '10.0.0.1/24');
    a.addRoute('default', { via: '10.0.0.254' });
    veth.b.down();
    expect(a.routes().map((r) => `${r.dst} ${r.linkdown}`)).toEqual(['10.0.0.0/24 true', 'default true']);
  });

  it('longest prefix match picks the gateway; lower metric breaks ties', () => {
    const { sim, a } = twoHosts(1);
    a.addRoute('default', { via: '10.0.0.250' });
    a.addRoute('10.9.0.0/16', { via: '10.0.0.251' });
    a.addRoute('10.9.9.0/24', { via: '10.0.0.252', metric: 20 });
    a.addRoute('10.9.9.0/24', { via: '10.0.0.253', metric: 10 });
    const frames = sentFrames(sim, 'a');
    const askedFor = (dst: string): string => {
      frames.length = 0;
      a.ping(dst, { count: 1, timeout: '1ms' });
      sim.runFor('10ms');
      const arp = frames.map((f) => arpOf(f.frame)).find((x) => x !== undefined);
      return arp === undefined ? '-' : String(arp.tpa);
    };
    expect(askedFor('10.9.9.9')).toBe('10.0.0.253');
    expect(askedFor('10.9.1.1')).toBe('10.0.0.251');
    expect(askedFor('192.168.7.7')).toBe('10.0.0.250');
    expect(askedFor('10.0.0.77')).toBe('10.0.0.77'); // on-link: the destination itself
  });

  it('without a route, ping fails at connect: Network is unreachable', () => {
    const { sim, a } = twoHosts(1);
    const p = a.ping('192.168.1.1', { count: 1 });
    sim.runFor('1s');
    expect(p.transmitted).toBe(0);
    expect(p.summary()).toBe('ping: connect: Network is unreachable');
  });
});

describe('source address selection (reference §6)', () => {
  it('on a connected route: the primary address of the subnet (prefsrc)', () => {
    const { sim, a } = twoHosts(1);
    a.addAddress('eth0', '10.0.0.7/24'); // secondary
    const frames = sentFrames(sim, 'a');
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const echo = frames.map((f) => icmpOf(f.frame)).find((x) => x?.icmp.type === 8)!;
    expect(String(echo.ip.src)).toBe('10.0.0.1');
  });

  it('on a gateway route: inet_select_addr towards the gateway, not the destination (checked on 6.18: `ip route get` gives src 10.0.2.2)', () => {
    const sim = new Simulator({ seed: 1 });
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    const v = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
    a.addAddress('eth0', '10.0.1.2/24');
    a.addAddress('eth0', '10.0.2.2/24');
    b.addAddress('eth0', '10.0.2.1/24');
    v.up();
    a.addRoute('default', { via: '10.0.2.1' });
    const frames = sentFrames(sim, 'a');
    const p = a.ping('8.8.8.8', { count: 1, timeout: '10ms' });
    sim.runFor('20ms');
    const arp = frames.map((f) => arpOf(f.frame)).find((x) => x !== undefined)!;
    expect(String(arp.spa)).toBe('10.0.2.2');
    const echo = frames.map((f) => icmpOf(f.frame)).find((x) => x?.icmp.type === 8)!;
    expect(String(echo.ip.src)).toBe('10.0.2.2');
    expect(p.transmitted).toBe(1);
  });

  it('a route’s explicit src wins', () => {
    const { sim, a } = twoHosts(1);
    a.addAddress('eth0', '10.5.0.1/24');
    a.addRoute('10.9.0.0/16', { via: '10.0.0.2', src: '10.5.0.1' });
    const frames = sentFrames(sim, 'a');
    a.ping('10.9.0.1', { count: 1, timeout: '10ms' });
    sim.runFor('20ms');
    const echo = frames.map((f) => icmpOf(f.frame)).find((x) => x?.icmp.type === 8)!;
    expect(String(echo.ip.src)).toBe('10.5.0.1');
  });

  it('the ARP request takes the source of the packet that triggered it (arp_announce 0)', () => {
    const { sim, a } = twoHosts(1);
    a.addAddress('eth0', '10.5.0.1/24');
    a.addRoute('10.9.0.0/16', { via: '10.0.0.2', src: '10.5.0.1' });
    const frames = sentFrames(sim, 'a');
    a.ping('10.9.0.1', { count: 1, timeout: '10ms' });
    sim.runFor('20ms');
    expect(String(frames.map((f) => arpOf(f.frame)).find((x) => x !== undefined)!.spa)).toBe('10.5.0.1');
  });

  it('replies come from the address that was asked (icmp_reply uses the request’s destination)', () => {
    const { sim, a, b } = twoHosts(1);
    b.addAddress('eth0', '10.0.0.22/24'); // secondary on b
    const p = a.ping('10.0.0.22', { count: 1 });
    sim.runFor('1s');
    expect(p.replies.map((r) => r.from)).toEqual(['10.0.0.22']);
  });
});

describe('lo coming up', () => {
  it('adds 127.0.0.1/8 unless present, as a secondary behind another 127/8 address (6.18: `ip addr` on lo after adding 127.0.0.5/8 and 10.1.1.1/32, then up)', () => {
    const ns = new Simulator().namespace('a');
    ns.addAddress('lo', '127.0.0.5/8');
    ns.addAddress('lo', '10.1.1.1/32');
    ns.lo.up();
    ns.lo.down();
    ns.lo.up();
    expect(ns.show('ip addr').split('\n').filter((l) => l.includes('inet ')).map((l) => l.trim())).toEqual([
      'inet 127.0.0.5/8 scope host lo',
      'inet 10.1.1.1/32 scope global lo',
      'inet 127.0.0.1/8 scope host secondary lo',
    ]);
  });
});
