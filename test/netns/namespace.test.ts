// NetworkNamespace basics: creation through the Simulator, lo, devices and their state, counters,
// snapshots and the iproute2-shaped views.
import { describe, expect, it } from 'vitest';
import { LinuxBridge, NetworkNamespace, Simulator, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { twoHosts } from '../support/topology.js';

describe('Simulator.namespace', () => {
  it('creates a namespace on first use and returns the same one afterwards', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    expect(a).toBeInstanceOf(NetworkNamespace);
    expect(sim.namespace('a')).toBe(a);
    expect(a.name).toBe('a');
    expect(sim.hasNamespace('a')).toBe(true);
    expect(sim.hasNamespace('b')).toBe(false);
    sim.namespace('b');
    expect(sim.namespaces().map((n) => n.name)).toEqual(['a', 'b']);
  });

  it('a new namespace holds only lo, administratively down, with no address, route or neighbour', () => {
    const ns = new Simulator().namespace('fresh');
    expect(ns.devices().map((d) => d.name)).toEqual(['lo']);
    expect(ns.lo.isUp).toBe(false);
    expect(ns.addresses()).toEqual([]);
    expect(ns.routes('all')).toEqual([]);
    expect(ns.neighbours()).toEqual([]);
    expect(ns.arp.entries()).toEqual([]);
    expect(ns.links()).toMatchObject([
      {
        ifindex: 1,
        name: 'lo',
        kind: 'loopback',
        mac: '00:00:00:00:00:00',
        mtu: 65536,
        adminUp: false,
        carrier: false,
        operstate: 'DOWN',
        flags: ['LOOPBACK'],
        master: null,
        peer: null,
        stats: { rxPackets: 0, rxBytes: 0, rxDropped: 0, multicast: 0, txPackets: 0, txBytes: 0, txDropped: 0 },
      },
    ]);
  });

  it.each([
    ['empty', ''],
    ['slash', 'a/b'],
    ['space', 'a b'],
    ['tab', 'a\tb'],
    ['dot', '.'],
    ['dot dot', '..'],
    ['too long', 'x'.repeat(256)],
  ])('rejects a %s name', (_w, name) => {
    const sim = new Simulator();
    expectCode(() => sim.namespace(name), 'invalid-argument');
    expect(sim.namespaces()).toEqual([]);
  });

  it('rejects non-string names', () => {
    const sim = new Simulator();
    for (const v of [undefined, null, 3, {}]) expectCode(() => sim.namespace(v as never), 'invalid-argument');
  });

  it('deleteNamespace removes it; using the old object afterwards is an invalid-state error', () => {
    const sim = new Simulator();
    const ns = sim.namespace('gone');
    sim.deleteNamespace('gone');
    expect(ns.isDeleted).toBe(true);
    expect(sim.hasNamespace('gone')).toBe(false);
    expectCode(() => ns.addAddress('lo', '10.0.0.1/8'), 'invalid-state');
    expectCode(() => ns.sysctl('net.ipv4.ip_forward'), 'invalid-state');
    expectCode(() => ns.ping('10.0.0.1'), 'invalid-state');
    expectCode(() => ns.show('ip link'), 'invalid-state');
    // every other public call too, reads included: a deleted namespace has nothing to show
    const other = sim.namespace('other');
    const calls: [string, () => unknown][] = [
      ['device', () => ns.device('lo')],
      ['hasDevice', () => ns.hasDevice('lo')],
      ['devices', () => ns.devices()],
      ['moveDevice', () => ns.moveDevice('lo', other)],
      ['deleteDevice', () => ns.deleteDevice('lo')],
      ['deleteAddress', () => ns.deleteAddress('lo', '127.0.0.1/8')],
      ['addresses', () => ns.addresses()],
      ['addresses(dev)', () => ns.addresses('lo')],
      ['addRoute', () => ns.addRoute('default', { dev: 'lo' })],
      ['deleteRoute', () => ns.deleteRoute('default')],
      ['routes', () => ns.routes()],
      ['arping', () => ns.arping('10.0.0.1')],
      ['addNeighbour', () => ns.addNeighbour('10.0.0.1', { dev: 'lo', lladdr: '02:00:00:00:00:01' })],
      ['neighbours', () => ns.neighbours()],
      ['links', () => ns.links()],
    ];
    const wrong = calls.filter(([, f]) => {
      try {
        f();
        return true;
      } catch (e) {
        return (e as { code?: string }).code !== 'invalid-state';
      }
    });
    expect(wrong.map(([n]) => n)).toEqual([]);
    expect(String(ns)).toContain('gone'); // toString and name still work
    // a new namespace of that name is a fresh one
    expect(sim.namespace('gone')).not.toBe(ns);
  });
});

describe('devices', () => {
  it('device(name) finds a device; unknown names are not-found', () => {
    const { a, veth } = twoHosts();
    expect(a.device('eth0')).toBe(veth.a);
    expect(a.device('lo')).toBe(a.lo);
    expectCode(() => a.device('eth1'), 'not-found');
    expectCode(() => a.device(''), 'not-found');
  });

  it('devices() are in ifindex order and ifindexes are not reused after a delete', () => {
    const sim = new Simulator();
    const ns = sim.namespace('n');
    const other = sim.namespace('o');
    new VethPair({ ns, name: 'v1' }, { ns: other, name: 'p1' });
    const v2 = new VethPair({ ns, name: 'v2' }, { ns: other, name: 'p2' });
    new VethPair({ ns, name: 'v3' }, { ns: other, name: 'p3' });
    v2.delete();
    const v4 = new VethPair({ ns, name: 'v4' }, { ns: other, name: 'p4' });
    expect(ns.devices().map((d) => `${d.ifindex}:${d.name}`)).toEqual(['1:lo', '2:v1', '4:v3', '5:v4']);
    expect(v4.a.ifindex).toBe(5);
  });

  it('tracks admin state and carrier separately (flags as ip link prints them)', () => {
    const { a, b, veth } = twoHosts();
    veth.down();
    veth.a.up();
    const flags = (): readonly string[] => a.links().find((l) => l.name === 'eth0')!.flags;
    expect(flags()).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    veth.b.up();
    expect(flags()).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
    veth.a.down();
    expect(flags()).toEqual(['BROADCAST', 'MULTICAST']);
    expect(b.links().find((l) => l.name === 'eth0')!.flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
  });

  it('counts ip -s link statistics: a ping of 56 bytes is 98-byte frames, ARP 42', () => {
    const { sim, a, b } = twoHosts();
    a.ping('10.0.0.2', { count: 2 });
    sim.runFor('3s');
    const sa = a.device('eth0').stats;
    const sb = b.device('eth0').stats;
    expect(sa).toMatchObject({ txPackets: 3, txBytes: 42 + 98 + 98, rxPackets: 3, rxBytes: 42 + 98 + 98, rxDropped: 0, txDropped: 0 });
    expect(sb).toMatchObject({ txPackets: 3, rxPackets: 3 });
    const lines = a.show('ip -s link').split('\n');
    expect(lines).toContain('    RX:  bytes packets errors dropped  missed   mcast           ');
    expect(lines).toContain('           238       3      0       0       0       0 ');
  });

  it('setMac on a host device flushes its neighbour entries (neigh_changeaddr)', () => {
    const { sim, a } = twoHosts();
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(a.neighbours().length).toBe(1);
    a.device('eth0').setMac('02:00:00:00:00:aa');
    expect(a.neighbours()).toEqual([]);
    expect(a.links().find((l) => l.name === 'eth0')!.mac).toBe('02:00:00:00:00:aa');
  });
});

describe('views', () => {
  it('ip link / ip addr / ip route / ip neigh have iproute2 shapes', () => {
    const { sim, a, b } = twoHosts(1);
    a.lo.up();
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const mac = a.links().find((l) => l.name === 'eth0')!.mac;
    const bmac = b.links().find((l) => l.name === 'eth0')!.mac;
    expect(a.show('ip link')).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000',
        `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff link-netns b`,
      ].join('\n'),
    );
    expect(a.show('ip addr')).toBe(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
        `    link/ether ${mac} brd ff:ff:ff:ff:ff:ff link-netns b`,
        '    inet 10.0.0.1/24 scope global eth0',
        '       valid_lft forever preferred_lft forever',
      ].join('\n'),
    );
    expect(a.show('ip route')).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 ');
    expect(a.show('ip neigh')).toBe(`10.0.0.2 dev eth0 lladdr ${bmac} REACHABLE `);
    // aliases
    expect(a.show('ip a')).toBe(a.show('ip addr'));
    expect(a.show('  ip   neigh  ')).toBe(a.show('ip neigh'));
    expect(a.show('ip r')).toBe(a.show('ip route'));
  });

  // Linux 6.18 / iproute2: a new pair in one namespace prints `2: vb@va: <BROADCAST,MULTICAST,M-DOWN> …`.
  it('a veth peer in the same namespace shows as name@peer, with M-DOWN while the peer is down', () => {
    const sim = new Simulator();
    const ns = sim.namespace('n');
    new VethPair({ ns, name: 'va' }, { ns, name: 'vb' });
    expect(ns.show('ip link').split('\n').filter((l) => /^\d/.test(l))).toEqual([
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '2: vb@va: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '3: va@vb: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
    ]);
  });

  it('ip neigh lists newest first, hides NOARP entries (as iproute2 without `nud all`) and shows FAILED without lladdr', () => {
    const { sim, a } = twoHosts(1);
    a.addNeighbour('10.0.0.50', { dev: 'eth0', lladdr: '02:00:00:00:00:50' });
    a.addNeighbour('10.0.0.51', { dev: 'eth0', lladdr: '02:00:00:00:00:51', state: 'noarp' });
    a.addNeighbour('10.0.0.52', { dev: 'eth0', lladdr: '02:00:00:00:00:52', state: 'stale' });
    a.ping('10.0.0.9', { count: 1 });
    sim.runFor('4s');
    expect(a.show('ip neigh')).toBe(
      ['10.0.0.9 dev eth0 FAILED ', '10.0.0.52 dev eth0 lladdr 02:00:00:00:00:52 STALE ', '10.0.0.50 dev eth0 lladdr 02:00:00:00:00:50 PERMANENT '].join('\n'),
    );
    expect(a.neighbours().map((e) => e.state)).toEqual(['FAILED', 'STALE', 'NOARP', 'PERMANENT']);
  });

  it('ip route with gateway, metric and linkdown', () => {
    const { a, veth } = twoHosts(1);
    a.addRoute('default', { via: '10.0.0.2' });
    a.addRoute('10.9.0.0/16', { via: '10.0.0.2', metric: 100 });
    veth.b.down();
    expect(a.show('ip route').split('\n')).toEqual([
      'default via 10.0.0.2 dev eth0 linkdown ',
      '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 linkdown ',
      '10.9.0.0/16 via 10.0.0.2 dev eth0 metric 100 linkdown ',
    ]);
  });

  it('unknown views are rejected', () => {
    const { a } = twoHosts();
    for (const v of ['ip foo', '', 'bridge', 42 as never]) expectCode(() => a.show(v), 'invalid-argument');
  });

  it('bridge views of a namespace without bridges are empty', () => {
    const { a } = twoHosts();
    expect(a.show('bridge fdb')).toBe('');
    expect(a.show('bridge link')).toBe('');
  });

  it('a bridge in a namespace is a device of it', () => {
    const sim = new Simulator();
    const node = sim.namespace('node');
    const br = new LinuxBridge(node, 'br0');
    expect(node.device('br0')).toBe(br);
    expect(node.devices().map((d) => d.kind)).toEqual(['loopback', 'bridge']);
    expectCode(() => node.moveDevice('br0', sim.namespace('x')), 'invalid-argument');
  });
});
