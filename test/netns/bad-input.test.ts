// Bad input: every public method of NetworkNamespace, VethPair/VethEnd, Simulator and ArpTable
// rejects malformed names, addresses, CIDRs, MTUs, sysctl values and references to missing
// devices with the right code — and a call that throws leaves the world exactly as it was
// (links, addresses, routes('all'), neighbours, every sysctl, the views, pending events).
import { describe, expect, it } from 'vitest';
import { type ErrorCode, LinuxBridge, type NetworkNamespace, Simulator, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { fullSnapshot } from '../support/hosts.js';

/** A world with some of everything: two hosts, a bridge, routes, neighbours in several states, a running ping. */
export function richWorld() {
  const sim = new Simulator({ seed: 11 });
  const a = sim.namespace('a');
  const b = sim.namespace('b');
  const node = sim.namespace('node');
  const br = new LinuxBridge(node, 'br0');
  const ab = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  const an = new VethPair({ ns: a, name: 'eth1' }, { ns: node, name: 'veth-a' });
  const down = new VethPair({ ns: a, name: 'eth2' }, { ns: b, name: 'eth2' });
  br.addPort(an.b);
  a.addAddress('eth0', '10.0.0.1/24');
  a.addAddress('eth0', '10.0.0.5/24');
  a.addAddress('eth1', '10.1.0.1/24');
  a.addAddress('eth2', '10.2.0.1/24');
  b.addAddress('eth0', '10.0.0.2/24');
  node.addAddress('br0', '10.1.0.254/24');
  ab.up();
  an.up();
  br.up();
  a.lo.up();
  a.addRoute('default', { via: '10.1.0.254' });
  a.addRoute('10.9.0.0/16', { via: '10.0.0.2', metric: 5 });
  a.sysctl('net.ipv4.conf.eth0.arp_ignore', 1);
  a.sysctl('net.ipv4.neigh.eth1.retrans_time_ms', 500);
  a.addNeighbour('10.0.0.77', { dev: 'eth0', lladdr: '02:00:00:00:00:77' });
  const p = a.ping('10.0.0.2', { count: 100 });
  a.ping('10.0.0.99', { count: 100 });
  sim.runFor('3.5s');
  return { sim, a, b, node, br, ab, an, down, p };
}

function worldSnapshot(sim: Simulator): string {
  return JSON.stringify({ now: sim.now, pending: sim.pendingEvents, namespaces: sim.namespaces().map((n) => [n.name, fullSnapshot(n)]) });
}

/** Run `fn`, expect `code`, and expect the whole world unchanged. */
function rejects(sim: Simulator, fn: () => unknown, code: ErrorCode): void {
  const before = worldSnapshot(sim);
  expectCode(fn, code);
  expect(worldSnapshot(sim)).toBe(before);
}

type Case = [string, (w: ReturnType<typeof richWorld>) => unknown, ErrorCode];

const NAMESPACE_CASES: Case[] = [
  // devices
  ['device: missing', (w) => w.a.device('eth9'), 'not-found'],
  ['moveDevice: missing device', (w) => w.a.moveDevice('eth9', w.b), 'not-found'],
  ['moveDevice: name taken in target', (w) => w.a.moveDevice('eth0', w.b), 'already-exists'],
  ['moveDevice: lo', (w) => w.a.moveDevice('lo', w.b), 'invalid-argument'],
  ['moveDevice: a bridge', (w) => w.node.moveDevice('br0', w.a), 'invalid-argument'],
  ['moveDevice: not a namespace', (w) => w.a.moveDevice('eth1', {} as never), 'invalid-argument'],
  ['deleteDevice: missing', (w) => w.a.deleteDevice('eth9'), 'not-found'],
  ['deleteDevice: lo', (w) => w.a.deleteDevice('lo'), 'invalid-argument'],
  // addresses
  ['addAddress: missing device', (w) => w.a.addAddress('eth9', '10.5.0.1/24'), 'not-found'],
  ['addAddress: a device of another namespace', (w) => w.a.addAddress(w.b.device('eth0'), '10.5.0.1/24'), 'not-found'],
  ['addAddress: duplicate', (w) => w.a.addAddress('eth0', '10.0.0.1/24'), 'already-exists'],
  ['addAddress: duplicate with another prefix', (w) => w.a.addAddress('eth0', '10.0.0.1/16'), 'already-exists'],
  ['addAddress: octet 256', (w) => w.a.addAddress('eth0', '10.0.0.256/24'), 'invalid-argument'],
  ['addAddress: prefix 33', (w) => w.a.addAddress('eth0', '10.0.0.3/33'), 'invalid-argument'],
  ['addAddress: garbage', (w) => w.a.addAddress('eth0', 'ten/8'), 'invalid-argument'],
  ['addAddress: empty', (w) => w.a.addAddress('eth0', ''), 'invalid-argument'],
  ['addAddress: not a string', (w) => w.a.addAddress('eth0', 7 as never), 'invalid-argument'],
  ['addAddress: 0.0.0.0', (w) => w.a.addAddress('eth0', '0.0.0.0/8'), 'invalid-argument'],
  ['addAddress: multicast', (w) => w.a.addAddress('eth0', '224.0.0.1/4'), 'invalid-argument'],
  ['addAddress: limited broadcast', (w) => w.a.addAddress('eth0', '255.255.255.255/32'), 'invalid-argument'],
  ['deleteAddress: not there', (w) => w.a.deleteAddress('eth0', '10.0.0.9/24'), 'not-found'],
  ['deleteAddress: other prefix', (w) => w.a.deleteAddress('eth0', '10.0.0.1/16'), 'not-found'],
  ['deleteAddress: on another device', (w) => w.a.deleteAddress('eth1', '10.0.0.1/24'), 'not-found'],
  ['deleteAddress: missing device', (w) => w.a.deleteAddress('eth9', '10.0.0.1/24'), 'not-found'],
  ['deleteAddress: malformed', (w) => w.a.deleteAddress('eth0', '10.0.0.1/99'), 'invalid-argument'],
  ['addresses: missing device', (w) => w.a.addresses('eth9'), 'not-found'],
  // routes
  ['addRoute: host bits set', (w) => w.a.addRoute('10.8.0.1/16', { via: '10.0.0.2' }), 'invalid-argument'],
  ['addRoute: malformed destination', (w) => w.a.addRoute('10.8.0.0/40', { via: '10.0.0.2' }), 'invalid-argument'],
  ['addRoute: not a string', (w) => w.a.addRoute(3 as never, { via: '10.0.0.2' }), 'invalid-argument'],
  ['addRoute: gateway not on-link', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.7.0.1' }), 'invalid-argument'],
  ['addRoute: gateway not on-link on the given device', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.0.0.2', dev: 'eth1' }), 'invalid-argument'],
  ['addRoute: malformed gateway', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.0.0' }), 'invalid-argument'],
  ['addRoute: neither via nor dev', (w) => w.a.addRoute('10.8.0.0/16', {}), 'invalid-argument'],
  ['addRoute: options null', (w) => w.a.addRoute('10.8.0.0/16', null as never), 'invalid-argument'],
  ['addRoute: missing device', (w) => w.a.addRoute('10.8.0.0/16', { dev: 'eth9' }), 'not-found'],
  ['addRoute: device down', (w) => w.a.addRoute('10.8.0.0/16', { dev: 'eth2' }), 'invalid-state'],
  ['addRoute: duplicate', (w) => w.a.addRoute('10.9.0.0/16', { via: '10.0.0.2', metric: 5 }), 'already-exists'],
  ['addRoute: duplicate default', (w) => w.a.addRoute('default', { via: '10.0.0.2' }), 'already-exists'],
  ['addRoute: bad metric', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.0.0.2', metric: -1 }), 'invalid-argument'],
  ['addRoute: fractional metric', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.0.0.2', metric: 1.5 }), 'invalid-argument'],
  ['addRoute: src not local', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.0.0.2', src: '10.0.0.200' }), 'invalid-argument'],
  ['addRoute: malformed src', (w) => w.a.addRoute('10.8.0.0/16', { via: '10.0.0.2', src: 'me' }), 'invalid-argument'],
  ['deleteRoute: nothing matches', (w) => w.a.deleteRoute('10.8.0.0/16'), 'not-found'],
  ['deleteRoute: wrong gateway', (w) => w.a.deleteRoute('10.9.0.0/16', { via: '10.0.0.3' }), 'not-found'],
  ['deleteRoute: local routes are not in main', (w) => w.a.deleteRoute('10.0.0.1/32'), 'not-found'],
  ['deleteRoute: malformed', (w) => w.a.deleteRoute('x'), 'invalid-argument'],
  ['deleteRoute: missing device', (w) => w.a.deleteRoute('10.9.0.0/16', { dev: 'eth9' }), 'not-found'],
  ['deleteRoute: options null', (w) => w.a.deleteRoute('10.9.0.0/16', null as never), 'invalid-argument'],
  ['routes: unknown table', (w) => w.a.routes('nat' as never), 'invalid-argument'],
  // sysctls
  ['sysctl: unknown name', (w) => w.a.sysctl('net.ipv4.conf.all.rp_filter', 1), 'not-found'],
  ['sysctl: unknown device (conf)', (w) => w.a.sysctl('net.ipv4.conf.eth9.arp_ignore', 1), 'not-found'],
  ['sysctl: unknown device (neigh)', (w) => w.a.sysctl('net.ipv4.neigh.eth9.mcast_solicit', 1), 'not-found'],
  ['sysctl: out of range', (w) => w.a.sysctl('net.ipv4.conf.eth0.arp_ignore', 9), 'invalid-argument'],
  ['sysctl: not a number', (w) => w.a.sysctl('net.ipv4.neigh.eth0.mcast_solicit', 'three'), 'invalid-argument'],
  ['sysctl: negative', (w) => w.a.sysctl('net.ipv4.neigh.default.retrans_time_ms', -1), 'invalid-argument'],
  ['sysctl: ttl 0', (w) => w.a.sysctl('net.ipv4.ip_default_ttl', 0), 'invalid-argument'],
  ['sysctl: ip_forward 2', (w) => w.a.sysctl('net.ipv4.ip_forward', 2), 'invalid-argument'],
  ['sysctl: name not a string', (w) => w.a.sysctl(null as never), 'invalid-argument'],
  // ping, arping, neighbours, views
  ['ping: malformed address', (w) => w.a.ping('10.0.0'), 'invalid-argument'],
  ['ping: bad count', (w) => w.a.ping('10.0.0.2', { count: 0 }), 'invalid-argument'],
  ['ping: bad interval', (w) => w.a.ping('10.0.0.2', { interval: 'fast' }), 'invalid-argument'],
  ['ping: bad size', (w) => w.a.ping('10.0.0.2', { size: 70000 }), 'invalid-argument'],
  ['ping: bad ttl', (w) => w.a.ping('10.0.0.2', { ttl: 300 }), 'invalid-argument'],
  ['arping: malformed address', (w) => w.a.arping('1.2.3'), 'invalid-argument'],
  ['arping: missing device', (w) => w.a.arping('10.0.0.2', { dev: 'eth9' }), 'not-found'],
  ['arping: no route', (w) => w.b.arping('192.168.0.1'), 'not-found'],
  ['arping: bad mode', (w) => w.a.arping('10.0.0.2', { mode: 'x' as never }), 'invalid-argument'],
  ['arping: options null', (w) => w.a.arping('10.0.0.2', null as never), 'invalid-argument'],
  ['addNeighbour: missing device', (w) => w.a.addNeighbour('10.0.0.8', { dev: 'eth9', lladdr: '02:00:00:00:00:08' }), 'not-found'],
  ['addNeighbour: malformed address', (w) => w.a.addNeighbour('10.0.0.800', { dev: 'eth0', lladdr: '02:00:00:00:00:08' }), 'invalid-argument'],
  ['addNeighbour: malformed MAC', (w) => w.a.addNeighbour('10.0.0.8', { dev: 'eth0', lladdr: '02:00:00:00:00:0g' }), 'invalid-argument'],
  ['addNeighbour: bad state', (w) => w.a.addNeighbour('10.0.0.8', { dev: 'eth0', lladdr: '02:00:00:00:00:08', state: 'probe' as never }), 'invalid-argument'],
  ['addNeighbour: no lladdr for a new entry', (w) => w.a.addNeighbour('10.0.0.8', { dev: 'eth0', state: 'noarp' }), 'invalid-argument'],
  ['addNeighbour: options null', (w) => w.a.addNeighbour('10.0.0.8', null as never), 'invalid-argument'],
  ['show: unknown view', (w) => w.a.show('ip xfrm'), 'invalid-argument'],
  // the namespace's ArpTable admin calls
  ['arp.add: missing device', (w) => w.a.arp.add('10.0.0.8', { dev: 'eth9', lladdr: '02:00:00:00:00:08' }, w.sim.now), 'not-found'],
  ['arp.add: malformed address', (w) => w.a.arp.add('nope', { dev: 'eth0', lladdr: '02:00:00:00:00:08' }, w.sim.now), 'invalid-argument'],
  ['arp.add: bad time', (w) => w.a.arp.add('10.0.0.8', { dev: 'eth0', lladdr: '02:00:00:00:00:08' }, Number.NaN), 'invalid-argument'],
  ['arp.delete: missing device', (w) => w.a.arp.delete('10.0.0.77', 'eth9'), 'not-found'],
  ['arp.delete: malformed', (w) => w.a.arp.delete('10.0.0', 'eth0'), 'invalid-argument'],
  ['arp.flush: missing device', (w) => w.a.arp.flush('eth9'), 'not-found'],
  ['arp.get: missing device', (w) => w.a.arp.get('10.0.0.2', 'eth9'), 'not-found'],
  ['arp.poll: bad time', (w) => w.a.arp.poll(Number.NaN), 'invalid-argument'],
];

const LINK_CASES: Case[] = [
  ['VethPair: bad name', (w) => new VethPair({ ns: w.a, name: 'x:y' }, { ns: w.b, name: 'ok' }), 'invalid-argument'],
  ['VethPair: name of 16 bytes', (w) => new VethPair({ ns: w.a, name: 'ok' }, { ns: w.b, name: 'abcdefghijklmnop' }), 'invalid-argument'],
  ['VethPair: taken name', (w) => new VethPair({ ns: w.a, name: 'ok' }, { ns: w.b, name: 'eth0' }), 'already-exists'],
  ['VethPair: bad MAC', (w) => new VethPair({ ns: w.a, name: 'ok', mac: '33:33:00:00:00:01' }, { ns: w.b, name: 'ok' }), 'invalid-argument'],
  ['VethPair: bad MTU', (w) => new VethPair({ ns: w.a, name: 'ok' }, { ns: w.b, name: 'ok', mtu: 60 }), 'invalid-argument'],
  ['VethPair: not a namespace', (w) => new VethPair({ ns: {} as never, name: 'ok' }, { ns: w.b, name: 'ok' }), 'invalid-argument'],
  ['VethPair: options null', (w) => new VethPair({ ns: w.a, name: 'ok' }, { ns: w.b, name: 'ok' }, null as never), 'invalid-argument'],
  ['VethPair: bad latency', (w) => new VethPair({ ns: w.a, name: 'ok' }, { ns: w.b, name: 'ok' }, { latency: '1 fortnight' }), 'invalid-argument'],
  ['VethEnd.setMtu: too small', (w) => w.ab.a.setMtu(67), 'invalid-argument'],
  ['VethEnd.setMtu: too big', (w) => w.ab.a.setMtu(65536), 'invalid-argument'],
  ['VethEnd.setMtu: not an integer', (w) => w.ab.a.setMtu(1500.5), 'invalid-argument'],
  ['VethEnd.setMac: multicast', (w) => w.ab.a.setMac('01:00:5e:00:00:01'), 'invalid-argument'],
  ['VethEnd.setMac: zero', (w) => w.ab.a.setMac('00:00:00:00:00:00'), 'invalid-argument'],
  ['VethEnd.setMac: malformed', (w) => w.ab.a.setMac('02-00-00-00-00'), 'invalid-argument'],
  ['lo.setMtu: too small', (w) => w.a.lo.setMtu(10), 'invalid-argument'],
];

const SIM_CASES: Case[] = [
  ['namespace: bad name', (w) => w.sim.namespace('a b'), 'invalid-argument'],
  ['namespace: empty', (w) => w.sim.namespace(''), 'invalid-argument'],
  ['deleteNamespace: missing', (w) => w.sim.deleteNamespace('zz'), 'not-found'],
  ['capture: not a device', (w) => w.sim.capture({} as never), 'invalid-argument'],
  ['capture: a device of another simulator', () => new Simulator().capture(new Simulator().namespace('q').lo), 'invalid-argument'],
  ['on: unknown kind', (w) => w.sim.on('frame:lost' as never, () => {}), 'invalid-argument'],
  ['runFor: malformed', (w) => w.sim.runFor('soon'), 'invalid-argument'],
  ['runUntil: in the past', (w) => w.sim.runUntil('1s'), 'invalid-argument'],
  ['schedule: negative', (w) => w.sim.schedule(-1, () => {}), 'invalid-argument'],
];

describe('a failing call changes nothing', () => {
  it.each(NAMESPACE_CASES)('NetworkNamespace %s', (_name, fn, code) => {
    const w = richWorld();
    rejects(w.sim, () => fn(w), code);
  });

  it.each(LINK_CASES)('%s', (_name, fn, code) => {
    const w = richWorld();
    rejects(w.sim, () => fn(w), code);
  });

  it.each(SIM_CASES)('Simulator %s', (_name, fn, code) => {
    const w = richWorld();
    rejects(w.sim, () => fn(w), code);
  });

  it('the world goes on exactly as a twin that never saw the failing calls', () => {
    const w = richWorld();
    const twin = richWorld();
    for (const [, fn] of [...NAMESPACE_CASES, ...LINK_CASES, ...SIM_CASES]) {
      try {
        fn(w);
      } catch {
        // expected
      }
    }
    w.sim.runFor('20s');
    twin.sim.runFor('20s');
    expect(worldSnapshot(w.sim)).toBe(worldSnapshot(twin.sim));
    expect(w.p.summary()).toBe(twin.p.summary());
    // and new devices get the same MACs (no random stream was consumed by a failed creation)
    const v1 = new VethPair({ ns: w.a, name: 'new0' }, { ns: w.b, name: 'new0' });
    const v2 = new VethPair({ ns: twin.a, name: 'new0' }, { ns: twin.b, name: 'new0' });
    expect(String(v1.a.mac)).toBe(String(v2.a.mac));
  });

  it('Simulator options are validated', () => {
    for (const o of [null, { seed: 1.5 }, { seed: {} }, { seed: Number.NaN }]) expectCode(() => new Simulator(o as never), 'invalid-argument');
  });
});

describe('deleted objects', () => {
  it('a deleted pair refuses every state change with invalid-state and changes nothing', () => {
    const w = richWorld();
    w.down.delete();
    for (const [fn, code] of [
      [() => w.down.delete(), 'invalid-state'],
      [() => w.down.a.up(), 'invalid-state'],
      [() => w.down.b.down(), 'invalid-state'],
      [() => w.down.a.setMtu(1400), 'invalid-state'],
      [() => w.down.b.setMac('02:00:00:00:00:01'), 'invalid-state'],
      [() => w.a.addAddress(w.down.a, '10.3.0.1/24'), 'not-found'],
      [() => w.sim.capture(w.down.a), 'invalid-state'],
    ] as const) {
      rejects(w.sim, fn, code);
    }
  });

  it('a deleted namespace refuses calls with invalid-state', () => {
    const w = richWorld();
    const gone = w.b;
    w.sim.deleteNamespace('b');
    for (const fn of [() => gone.addAddress('lo', '10.3.0.1/8'), () => gone.addRoute('default', { dev: 'lo' }), () => gone.sysctl('net.ipv4.ip_forward', 1), () => gone.ping('10.0.0.1'), () => gone.arping('10.0.0.1'), () => gone.addNeighbour('10.0.0.1', { dev: 'lo', lladdr: '02:00:00:00:00:01' }), () => new VethPair({ ns: gone, name: 'z' }, { ns: w.a, name: 'z' })]) {
      rejects(w.sim, fn, 'invalid-state');
    }
  });
});

export type _W = NetworkNamespace;
