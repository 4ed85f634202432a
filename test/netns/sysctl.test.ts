// Sysctls by their Linux names, per namespace and per device, each with its effect:
// arp_ignore, arp_announce, arp_accept, arp_notify, arp_filter, proxy_arp, drop_gratuitous_arp,
// ip_forward, base_reachable_time_ms, retrans_time_ms, delay_first_probe_time, mcast_solicit,
// ucast_solicit, unres_qlen, gc_stale_time, locktime.
import { describe, expect, it } from 'vitest';
import { Simulator, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { traceLog, twoHosts } from '../support/topology.js';
import { arpFrame, arpLine, arpOf, MS, probeOn, S, sentFrames } from '../support/hosts.js';

const PEER = '02:00:00:00:99:99';

/** Host `h`: eth0 10.0.0.1/24 (peer: the probe), eth1 10.1.0.1/24 (peer in namespace x), lo up. */
function host(seed = 1) {
  const sim = new Simulator({ seed });
  const h = sim.namespace('h');
  const probe = probeOn(sim, h, 'eth0');
  const other = new VethPair({ ns: h, name: 'eth1' }, { ns: sim.namespace('x'), name: 'eth1' });
  other.up();
  h.addAddress('eth0', '10.0.0.1/24');
  h.addAddress('eth1', '10.1.0.1/24');
  h.lo.up();
  const mac = String(h.device('eth0').mac);
  const out = sentFrames(sim, 'h');
  const send = (f: ReturnType<typeof arpFrame>): void => {
    probe.send(f);
    sim.runFor(0);
  };
  const ask = (spa: string, tpa: string): string[] => {
    out.length = 0;
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa, tpa }));
    return out.map((f) => arpLine(f.frame));
  };
  return { sim, h, probe, mac, out, send, ask };
}

describe('sysctl names and values', () => {
  it('reads the kernel defaults', () => {
    const ns = new Simulator().namespace('n');
    const expected: Record<string, number> = {
      'net.ipv4.ip_forward': 0,
      'net.ipv4.ip_default_ttl': 64,
      'net.ipv4.icmp_echo_ignore_broadcasts': 1,
      'net.ipv4.conf.all.arp_ignore': 0,
      'net.ipv4.conf.all.arp_announce': 0,
      'net.ipv4.conf.all.arp_accept': 0,
      'net.ipv4.conf.all.arp_notify': 0,
      'net.ipv4.conf.all.arp_filter': 0,
      'net.ipv4.conf.all.proxy_arp': 0,
      'net.ipv4.conf.all.drop_gratuitous_arp': 0,
      'net.ipv4.conf.all.forwarding': 0,
      'net.ipv4.conf.all.arp_evict_nocarrier': 1,
      'net.ipv4.conf.lo.arp_ignore': 0,
      'net.ipv4.neigh.default.base_reachable_time_ms': 30000,
      'net.ipv4.neigh.default.base_reachable_time': 30,
      'net.ipv4.neigh.default.retrans_time_ms': 1000,
      'net.ipv4.neigh.default.retrans_time': 100, // USER_HZ
      'net.ipv4.neigh.default.delay_first_probe_time': 5,
      'net.ipv4.neigh.default.mcast_solicit': 3,
      'net.ipv4.neigh.default.ucast_solicit': 3,
      'net.ipv4.neigh.default.app_solicit': 0,
      'net.ipv4.neigh.default.mcast_resolicit': 0,
      'net.ipv4.neigh.default.unres_qlen': 101,
      'net.ipv4.neigh.default.gc_stale_time': 60,
      'net.ipv4.neigh.default.locktime': 100, // USER_HZ
      'net.ipv4.neigh.default.gc_thresh1': 128,
      'net.ipv4.neigh.default.gc_thresh2': 512,
      'net.ipv4.neigh.default.gc_thresh3': 1024,
      'net.ipv4.neigh.lo.mcast_solicit': 3,
    };
    for (const [k, v] of Object.entries(expected)) expect(ns.sysctl(k), k).toBe(v);
  });

  it('accepts /proc/sys paths and numeric strings, and writes return the new value', () => {
    const ns = new Simulator().namespace('n');
    expect(ns.sysctl('/proc/sys/net/ipv4/conf/all/arp_ignore', '2')).toBe(2);
    expect(ns.sysctl('net/ipv4/conf/all/arp_ignore')).toBe(2);
    expect(ns.sysctl('net.ipv4.conf.all.arp_ignore', ' 1 ')).toBe(1);
  });

  it('milliseconds, seconds and USER_HZ views of one parameter agree', () => {
    const ns = new Simulator().namespace('n');
    ns.sysctl('net.ipv4.neigh.default.retrans_time_ms', 250);
    expect(ns.sysctl('net.ipv4.neigh.default.retrans_time')).toBe(25);
    ns.sysctl('net.ipv4.neigh.default.base_reachable_time', 10);
    expect(ns.sysctl('net.ipv4.neigh.default.base_reachable_time_ms')).toBe(10000);
  });

  it('are per namespace', () => {
    const sim = new Simulator();
    sim.namespace('a').sysctl('net.ipv4.ip_forward', 1);
    expect(sim.namespace('b').sysctl('net.ipv4.ip_forward')).toBe(0);
  });

  it('conf.default reaches devices created afterwards and every device that never wrote that key; conf.DEV that device only (checked on 6.18)', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    new VethPair({ ns: a, name: 'old' }, { ns: sim.namespace('b'), name: 'p1' });
    new VethPair({ ns: a, name: 'old2' }, { ns: sim.namespace('b'), name: 'p3' });
    a.sysctl('net.ipv4.conf.default.arp_ignore', 2);
    new VethPair({ ns: a, name: 'new' }, { ns: sim.namespace('b'), name: 'p2' });
    expect(a.sysctl('net.ipv4.conf.old.arp_ignore')).toBe(2);
    expect(a.sysctl('net.ipv4.conf.new.arp_ignore')).toBe(2);
    expect(a.sysctl('net.ipv4.conf.lo.arp_ignore')).toBe(2);
    a.sysctl('net.ipv4.conf.old.arp_ignore', 1);
    a.sysctl('net.ipv4.conf.old2.arp_ignore', 3);
    a.sysctl('net.ipv4.conf.default.arp_ignore', 0);
    // a written key stays, even when it was written with the value it had
    expect(a.sysctl('net.ipv4.conf.old.arp_ignore')).toBe(1);
    expect(a.sysctl('net.ipv4.conf.old2.arp_ignore')).toBe(3);
    // `new` was created after conf.default.arp_ignore was written: it copied the written mark too
    // (inetdev_init copies devconf_dflt with its state bitmap), so it keeps 2
    expect(a.sysctl('net.ipv4.conf.new.arp_ignore')).toBe(2);
    expect(a.sysctl('net.ipv4.conf.lo.arp_ignore')).toBe(0);
    // other keys of a device with one written key still follow the default, `new` included
    a.sysctl('net.ipv4.conf.default.arp_announce', 2);
    expect(a.sysctl('net.ipv4.conf.old.arp_announce')).toBe(2);
    expect(a.sysctl('net.ipv4.conf.new.arp_announce')).toBe(2);
    expect(a.sysctl('net.ipv4.conf.all.arp_ignore')).toBe(0);
  });

  it('a device moved to another namespace takes that namespace\'s defaults and follows its later default writes (6.18)', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    a.sysctl('net.ipv4.conf.default.arp_announce', 1);
    new VethPair({ ns: a, name: 'x' }, { ns: a, name: 'y' });
    expect(a.sysctl('net.ipv4.conf.y.arp_announce')).toBe(1);
    a.moveDevice('y', b);
    expect(b.sysctl('net.ipv4.conf.y.arp_announce')).toBe(0);
    b.sysctl('net.ipv4.conf.default.arp_announce', 2);
    expect(b.sysctl('net.ipv4.conf.y.arp_announce')).toBe(2);
    a.sysctl('net.ipv4.conf.default.arp_announce', 2);
    expect(a.sysctl('net.ipv4.conf.x.arp_announce')).toBe(1); // made after the first write: keeps it
  });

  it('conf.default.forwarding is copied to new devices only (devinet_sysctl_forward copies nothing)', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    new VethPair({ ns: a, name: 'old' }, { ns: sim.namespace('b'), name: 'p1' });
    a.sysctl('net.ipv4.conf.default.forwarding', 1);
    new VethPair({ ns: a, name: 'new' }, { ns: sim.namespace('b'), name: 'p2' });
    expect(a.sysctl('net.ipv4.conf.old.forwarding')).toBe(0);
    expect(a.sysctl('net.ipv4.conf.new.forwarding')).toBe(1);
  });

  it('neigh.default applies to every device without its own value; neigh.DEV overrides it', () => {
    const { a } = twoHosts();
    a.sysctl('net.ipv4.neigh.default.mcast_solicit', 5);
    expect(a.sysctl('net.ipv4.neigh.eth0.mcast_solicit')).toBe(5);
    a.sysctl('net.ipv4.neigh.eth0.mcast_solicit', 2);
    a.sysctl('net.ipv4.neigh.default.mcast_solicit', 7);
    expect(a.sysctl('net.ipv4.neigh.eth0.mcast_solicit')).toBe(2);
    expect(a.sysctl('net.ipv4.neigh.lo.mcast_solicit')).toBe(7);
  });

  it('rejects unknown names (not-found) and bad values (invalid-argument)', () => {
    const { a } = twoHosts();
    for (const n of ['net.ipv4.nope', 'net.ipv6.conf.all.forwarding', 'kernel.hostname', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.eth9.arp_ignore', 'net.ipv4.neigh.eth9.locktime', 'net.ipv4.neigh.eth0.gc_thresh1', '', 'net.ipv4']) {
      expectCode(() => a.sysctl(n), 'not-found');
    }
    expectCode(() => a.sysctl(5 as never), 'invalid-argument');
    for (const [n, v] of [
      ['net.ipv4.ip_forward', 2],
      ['net.ipv4.ip_forward', -1],
      ['net.ipv4.ip_default_ttl', 0],
      ['net.ipv4.ip_default_ttl', 256],
      ['net.ipv4.conf.all.arp_ignore', 9],
      ['net.ipv4.conf.all.arp_ignore', 4.5],
      ['net.ipv4.conf.all.arp_announce', 3],
      ['net.ipv4.conf.eth0.arp_accept', 3],
      ['net.ipv4.conf.all.arp_notify', 2],
      ['net.ipv4.neigh.eth0.mcast_solicit', -1],
      ['net.ipv4.neigh.eth0.locktime', 'soon'],
      ['net.ipv4.neigh.eth0.locktime', '1e3'],
      ['net.ipv4.neigh.eth0.locktime', Number.NaN],
      ['net.ipv4.neigh.eth0.locktime', 2 ** 31],
    ] as const) {
      expectCode(() => a.sysctl(n, v as never), 'invalid-argument');
    }
  });
});

describe('arp_ignore', () => {
  it('0: replies for any local address, on any interface', () => {
    const { mac, ask } = host();
    expect(ask('10.0.0.9', '10.1.0.1')).toEqual([`${PEER} reply ${mac} 10.1.0.1 ${PEER} 10.0.0.9`]);
  });

  it('1: only for addresses configured on the receiving interface; no neighbour entry when ignored', () => {
    const { h, mac, ask } = host();
    h.sysctl('net.ipv4.conf.eth0.arp_ignore', 1);
    expect(ask('10.0.0.9', '10.1.0.1')).toEqual([]);
    expect(h.neighbours()).toEqual([]);
    expect(ask('10.0.0.9', '10.0.0.1')).toEqual([`${PEER} reply ${mac} 10.0.0.1 ${PEER} 10.0.0.9`]);
  });

  it('2: as 1, and the sender must be in the subnet of that address', () => {
    const { h, ask } = host();
    h.sysctl('net.ipv4.conf.eth0.arp_ignore', 2);
    expect(ask('10.9.9.9', '10.0.0.1')).toEqual([]);
    expect(ask('10.0.0.9', '10.0.0.1').length).toBe(1);
  });

  it('3: still replies for global-scope addresses', () => {
    const { h, ask } = host();
    h.sysctl('net.ipv4.conf.eth0.arp_ignore', 3);
    expect(ask('10.0.0.9', '10.1.0.1').length).toBe(1);
  });

  it('8: never replies', () => {
    const { h, ask } = host();
    h.sysctl('net.ipv4.conf.eth0.arp_ignore', 8);
    expect(ask('10.0.0.9', '10.0.0.1')).toEqual([]);
  });

  it('the larger of conf.all and conf.DEV applies', () => {
    const { h, ask } = host();
    h.sysctl('net.ipv4.conf.all.arp_ignore', 8);
    expect(ask('10.0.0.9', '10.0.0.1')).toEqual([]);
  });
});

describe('arp_announce', () => {
  /** h sends to 10.9.0.1 via 10.0.0.2 with a packet sourced from `src`; what SPA does the ARP request carry? */
  function spaFor(announce: number, src: string): string {
    const { sim, h, out } = host();
    h.addAddress('eth0', '10.0.0.7/24'); // secondary
    h.addRoute('10.9.0.0/16', { via: '10.0.0.2', src });
    h.sysctl('net.ipv4.conf.eth0.arp_announce', announce);
    h.ping('10.9.0.1', { count: 1, timeout: '1ms' });
    sim.runFor('1ms');
    return String(out.map((f) => arpOf(f.frame)).find((x) => x !== undefined)!.spa);
  }

  it('0: the source of the packet that triggered resolution, even from another interface', () => {
    expect(spaFor(0, '10.1.0.1')).toBe('10.1.0.1');
    expect(spaFor(0, '10.0.0.7')).toBe('10.0.0.7');
  });

  it('1: that source only if it is in a subnet of this device that holds the target; else selected', () => {
    expect(spaFor(1, '10.1.0.1')).toBe('10.0.0.1');
    expect(spaFor(1, '10.0.0.7')).toBe('10.0.0.7');
  });

  it('2: always the primary address of the subnet holding the target', () => {
    expect(spaFor(2, '10.1.0.1')).toBe('10.0.0.1');
    expect(spaFor(2, '10.0.0.7')).toBe('10.0.0.1');
  });
});

describe('arp_accept', () => {
  const garp = { dst: 'ff:ff:ff:ff:ff:ff', op: 1 as const, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.9' };

  it('0: a gratuitous ARP or unsolicited reply creates no entry', () => {
    const { h, mac, send } = host();
    send(arpFrame(garp));
    send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: '10.0.0.8', tha: mac, tpa: '10.0.0.1' }));
    expect(h.neighbours()).toEqual([]);
  });

  it('1: a gratuitous ARP creates a STALE entry, a unicast unsolicited reply a REACHABLE one', () => {
    const { h, mac, send } = host();
    h.sysctl('net.ipv4.conf.eth0.arp_accept', 1);
    send(arpFrame(garp));
    send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: '10.0.0.8', tha: mac, tpa: '10.0.0.1' }));
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.6', tpa: '10.0.0.5' })); // a plain request: no
    expect(h.neighbours().map((e) => `${e.ip} ${e.state}`)).toEqual(['10.0.0.8 REACHABLE', '10.0.0.9 STALE']);
  });

  it('2: only when the sender is in a subnet of the receiving device', () => {
    const { h, send } = host();
    h.sysctl('net.ipv4.conf.eth0.arp_accept', 2);
    send(arpFrame(garp));
    send(arpFrame({ ...garp, spa: '10.7.0.9', tpa: '10.7.0.9' }));
    expect(h.neighbours().map((e) => e.ip)).toEqual(['10.0.0.9']);
  });
});

describe('arp_notify', () => {
  it('0 (default): no gratuitous ARP on link up or address add', () => {
    const { sim, b, veth } = twoHosts(1);
    const out = sentFrames(sim, 'b');
    veth.b.down();
    b.addAddress('eth0', '10.0.0.22/24');
    veth.b.up();
    sim.runFor('1s');
    expect(out).toEqual([]);
  });

  it('1: a gratuitous request per address, secondaries included, in the kernel list order (primaries first), on link up (checked on 6.18)', () => {
    const { sim, b, veth } = twoHosts(1);
    b.addAddress('eth0', '10.0.0.5/24'); // secondary of 10.0.0.2/24
    b.addAddress('eth0', '10.1.0.1/24'); // another primary: before the secondary in the list
    b.sysctl('net.ipv4.conf.eth0.arp_notify', 1);
    expect(b.show('ip addr').split('\n').filter((l) => l.includes('inet ')).map((l) => l.trim().split(' ')[1])).toEqual(['10.0.0.2/24', '10.1.0.1/24', '10.0.0.5/24']);
    const out = sentFrames(sim, 'b');
    veth.b.down();
    veth.b.up();
    sim.runFor(0);
    expect(out.map((f) => String(arpOf(f.frame)!.spa))).toEqual(['10.0.0.2', '10.1.0.1', '10.0.0.5']);
  });

  it('1: a gratuitous request on link up and on MAC change; the neighbour learns the new MAC at once', () => {
    const { sim, a, b, veth } = twoHosts(1);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    b.sysctl('net.ipv4.conf.eth0.arp_notify', 1);
    const out = sentFrames(sim, 'b');
    veth.b.setMac('02:00:00:00:00:bb');
    sim.runFor(0);
    expect(out.map((f) => arpLine(f.frame))).toEqual(['ff:ff:ff:ff:ff:ff request 02:00:00:00:00:bb 10.0.0.2 00:00:00:00:00:00 10.0.0.2']);
    expect(a.neighbours()[0]).toMatchObject({ state: 'STALE', lladdr: '02:00:00:00:00:bb' });
    out.length = 0;
    veth.b.down();
    veth.b.up();
    sim.runFor(0);
    expect(out.map((f) => arpLine(f.frame))).toEqual(['ff:ff:ff:ff:ff:ff request 02:00:00:00:00:bb 10.0.0.2 00:00:00:00:00:00 10.0.0.2']);
  });
});

describe('arp_filter', () => {
  it('1: replies only when the route back to the sender leaves by the receiving device', () => {
    const { h, mac, ask } = host();
    // the request for 10.0.0.1 from 10.1.0.9 arrives on eth0, but 10.1.0.9 is routed via eth1
    expect(ask('10.1.0.9', '10.0.0.1')).toEqual([`${PEER} reply ${mac} 10.0.0.1 ${PEER} 10.1.0.9`]);
    h.neighbours();
    h.sysctl('net.ipv4.conf.all.arp_filter', 1);
    expect(ask('10.1.0.9', '10.0.0.1')).toEqual([]);
    expect(ask('10.0.0.9', '10.0.0.1').length).toBe(1);
  });
});

describe('proxy_arp', () => {
  /** A (10.0.1.2/16: thinks 10.0.2.2 is on-link) -- R (proxy) -- B (10.0.2.2/24) */
  function proxied(o: { proxy: boolean; forward: boolean }) {
    const sim = new Simulator({ seed: 4 });
    const a = sim.namespace('A');
    const r = sim.namespace('R');
    const b = sim.namespace('B');
    new VethPair({ ns: a, name: 'eth0' }, { ns: r, name: 'eth0' }).up();
    new VethPair({ ns: r, name: 'eth1' }, { ns: b, name: 'eth0' }).up();
    a.addAddress('eth0', '10.0.1.2/16');
    r.addAddress('eth0', '10.0.1.1/24');
    r.addAddress('eth1', '10.0.2.1/24');
    b.addAddress('eth0', '10.0.2.2/24');
    b.addRoute('default', { via: '10.0.2.1' });
    if (o.forward) r.sysctl('net.ipv4.ip_forward', 1);
    if (o.proxy) r.sysctl('net.ipv4.conf.eth0.proxy_arp', 1);
    return { sim, a, r, b };
  }

  it('1 with forwarding: the router answers for addresses it routes via another device, with its own MAC, after a delay below 0.8 s', () => {
    const { sim, a, r } = proxied({ proxy: true, forward: true });
    const out = sentFrames(sim, 'R');
    const p = a.ping('10.0.2.2', { count: 2 });
    sim.runFor('3s');
    const reply = out.find((f) => arpOf(f.frame)?.op === 2 && f.dev === 'eth0')!;
    expect(String(arpOf(reply.frame)!.spa)).toBe('10.0.2.2');
    expect(String(arpOf(reply.frame)!.sha)).toBe(String(r.device('eth0').mac));
    expect(reply.time).toBeGreaterThanOrEqual(0);
    expect(reply.time).toBeLessThan(800 * MS);
    expect(p.received).toBe(2);
    expect(a.neighbours().find((e) => e.ip === '10.0.2.2')!.lladdr).toBe(String(r.device('eth0').mac));
  });

  it('successive proxied replies are delayed independently (a fresh random delay each time)', () => {
    const { sim, r } = proxied({ proxy: true, forward: true });
    const probe = probeOn(sim, r, 'eth7');
    r.addAddress('eth7', '10.0.1.129/25');
    r.sysctl('net.ipv4.conf.eth7.proxy_arp', 1);
    const out = sentFrames(sim, 'R');
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      out.length = 0;
      const t0 = sim.now;
      probe.send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.1.130', tpa: '10.0.2.2' }));
      sim.runFor('1s');
      const rep = out.find((f) => arpOf(f.frame)?.op === 2)!;
      delays.push(rep.time - t0);
    }
    for (const d of delays) expect(d).toBeLessThan(800 * MS);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('0, or without forwarding: no answer, resolution fails', () => {
    for (const o of [
      { proxy: false, forward: true },
      { proxy: true, forward: false },
    ]) {
      const { sim, a } = proxied(o);
      a.lo.up();
      const p = a.ping('10.0.2.2', { count: 1 });
      sim.runFor('4s');
      expect(p.errors.map((e) => e.message)).toEqual(['Destination Host Unreachable']);
    }
  });
});

describe('drop_gratuitous_arp', () => {
  it('1: gratuitous ARP no longer updates an existing entry; 0: it does, even inside locktime', () => {
    const { h, send } = host();
    h.addNeighbour('10.0.0.9', { dev: 'eth0', lladdr: '02:00:00:00:00:09', state: 'stale' });
    h.sysctl('net.ipv4.conf.eth0.drop_gratuitous_arp', 1);
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.9' }));
    expect(h.neighbours()[0]!.lladdr).toBe('02:00:00:00:00:09');
    h.sysctl('net.ipv4.conf.eth0.drop_gratuitous_arp', 0);
    send(arpFrame({ dst: 'ff:ff:ff:ff:ff:ff', op: 1, sha: PEER, spa: '10.0.0.9', tpa: '10.0.0.9' }));
    expect(h.neighbours()[0]!.lladdr).toBe(PEER);
  });
});

describe('ip_forward', () => {
  it('sets forwarding on conf.all, conf.default and every device; conf.all.forwarding sets ip_forward back', () => {
    const { a } = twoHosts();
    a.sysctl('net.ipv4.ip_forward', 1);
    expect(a.sysctl('net.ipv4.conf.all.forwarding')).toBe(1);
    expect(a.sysctl('net.ipv4.conf.default.forwarding')).toBe(1);
    expect(a.sysctl('net.ipv4.conf.eth0.forwarding')).toBe(1);
    a.sysctl('net.ipv4.conf.all.forwarding', 0);
    expect(a.sysctl('net.ipv4.ip_forward')).toBe(0);
    expect(a.sysctl('net.ipv4.conf.eth0.forwarding')).toBe(0);
  });
  // its effect on forwarding is tested in ipv4.test.ts
});

describe('neighbour timers and counts', () => {
  it('retrans_time_ms: the interval between broadcast probes', () => {
    const { sim, a } = twoHosts(1);
    a.sysctl('net.ipv4.neigh.eth0.retrans_time_ms', 300);
    const out = sentFrames(sim, 'a');
    a.ping('10.0.0.9', { count: 1 });
    sim.runFor('2s');
    expect(out.map((f) => f.time / MS)).toEqual([0, 300, 600]);
  });

  it('retrans_time in USER_HZ (1/100 s)', () => {
    const { sim, a } = twoHosts(1);
    a.sysctl('net.ipv4.neigh.eth0.retrans_time', 50);
    const out = sentFrames(sim, 'a');
    a.ping('10.0.0.9', { count: 1 });
    sim.runFor('2s');
    expect(out.map((f) => f.time / MS)).toEqual([0, 500, 1000]);
  });

  it('mcast_solicit: the number of broadcast probes; 0 = FAILED at once, the packet dropped silently (checked on 6.18)', () => {
    const { sim, a } = twoHosts(1);
    a.lo.up();
    a.sysctl('net.ipv4.neigh.eth0.mcast_solicit', 5);
    const out = sentFrames(sim, 'a');
    a.ping('10.0.0.9', { count: 1 });
    sim.runFor('10s');
    expect(out.filter((f) => f.dev === 'eth0').map((f) => f.time / S)).toEqual([0, 1, 2, 3, 4]);
    a.sysctl('net.ipv4.neigh.eth0.mcast_solicit', 0);
    out.length = 0;
    const p = a.ping('10.0.0.8', { count: 2 });
    sim.runFor('5s');
    expect(out).toEqual([]);
    expect(p.errors).toEqual([]);
    expect(p.summary()).toBe('--- 10.0.0.8 ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1000ms');
    expect(a.show('ip neigh').split('\n')).toContain('10.0.0.8 dev eth0 FAILED ');
  });

  it('ucast_solicit: the number of unicast probes in PROBE; delay_first_probe_time: how long DELAY lasts', () => {
    const { sim, a, b } = twoHosts(1);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    a.sysctl('net.ipv4.neigh.eth0.ucast_solicit', 1);
    a.sysctl('net.ipv4.neigh.eth0.delay_first_probe_time', 2);
    a.addNeighbour('10.0.0.2', { dev: 'eth0', lladdr: '02:00:00:00:00:42', state: 'stale' }); // a MAC nobody has
    b.sysctl('net.ipv4.conf.all.arp_ignore', 8);
    const log = traceLog(sim, ['neigh:state', 'frame:tx']);
    a.ping('10.0.0.2', { count: 1, timeout: '1ms' });
    sim.runFor('3.5s'); // (at 5 s B's own probe for A arrives and makes A's entry STALE again)
    expect(log.filter((l) => l.includes(' a') && !l.includes('echo'))).toEqual([
      '1.000000 a 10.0.0.2 STALE->DELAY',
      '3.000000 a 10.0.0.2 DELAY->PROBE',
      '3.000000 a/eth0 tx ARP request who-has 10.0.0.2 tell 10.0.0.1',
      '4.000000 a 10.0.0.2 PROBE->FAILED',
    ]);
  });

  it('unres_qlen: packets queued while INCOMPLETE; the oldest are dropped silently, the rest get errors', () => {
    const { sim, a } = twoHosts(1);
    a.lo.up();
    a.sysctl('net.ipv4.neigh.eth0.unres_qlen', 2);
    const drops: string[] = [];
    sim.on('frame:drop', (e) => {
      if (e.kind === 'frame:drop' && e.ns === 'a' && e.dev === 'eth0') drops.push(e.reason);
    });
    const p = a.ping('10.0.0.9', { count: 5, interval: '100ms' });
    sim.runFor('4s');
    expect(p.errors.map((e) => e.seq)).toEqual([4, 5]);
    expect(drops).toEqual(['arp-queue-full', 'arp-queue-full', 'arp-queue-full', 'arp-failed', 'arp-failed']);
  });

  it('gc_stale_time: with GC active (gc_thresh1 lowered), unused STALE entries go after it, on the 15 s GC grid', () => {
    const { sim, a } = twoHosts(1);
    a.sysctl('net.ipv4.neigh.default.gc_thresh1', 0);
    a.sysctl('net.ipv4.neigh.eth0.gc_stale_time', 20);
    a.addNeighbour('10.0.0.50', { dev: 'eth0', lladdr: '02:00:00:00:00:50', state: 'stale' });
    sim.runFor('29s');
    expect(a.neighbours().length).toBe(1);
    sim.runFor('1s'); // GC at 30 s: unused since 0 for 30 s >= 20 s
    expect(a.neighbours()).toEqual([]);
  });

  it('gc_stale_time does nothing while the table is below gc_thresh1 (the default 128)', () => {
    const { sim, a } = twoHosts(1);
    a.sysctl('net.ipv4.neigh.eth0.gc_stale_time', 1);
    a.addNeighbour('10.0.0.50', { dev: 'eth0', lladdr: '02:00:00:00:00:50', state: 'stale' });
    sim.runFor('1h');
    expect(a.neighbours().length).toBe(1);
  });

  it('locktime (USER_HZ): 0 lets a second different reply replace the MAC at once', () => {
    const { sim, h, mac, send } = host();
    h.addNeighbour('10.0.0.9', { dev: 'eth0', lladdr: '02:00:00:00:00:09', state: 'stale' });
    sim.runFor('990ms');
    send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.1' }));
    expect(h.neighbours()[0]!.lladdr).toBe('02:00:00:00:00:09');
    h.sysctl('net.ipv4.neigh.eth0.locktime', 0);
    sim.runFor('1ms'); // "after" updated + 0: the next instant
    send(arpFrame({ dst: mac, op: 2, sha: PEER, spa: '10.0.0.9', tha: mac, tpa: '10.0.0.1' }));
    expect(h.neighbours()[0]).toMatchObject({ lladdr: PEER, state: 'REACHABLE' });
  });

  it('base_reachable_time_ms and delay_first_probe_time: see timelines.test.ts; ip_default_ttl sets the TTL of our packets', () => {
    const { sim, a } = twoHosts(1);
    a.sysctl('net.ipv4.ip_default_ttl', 17);
    const out = sentFrames(sim, 'b');
    const p = a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(p.ttl).toBe(17);
    expect(p.replies[0]!.ttl).toBe(64);
    expect(out.length).toBeGreaterThan(0);
  });
});
