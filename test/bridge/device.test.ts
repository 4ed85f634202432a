// The bridge as a device: admin state, addresses, the host stack through the bridge (pods ping
// the gateway), counters (§4.10), the bridge MAC (§4.6), MTU (§4.1) and carrier (§4.2).
import { describe, expect, it } from 'vitest';
import { ArpPacket, LinuxBridge, Simulator, VethPair } from '../../src/index.js';
import { cniNode } from '../support/topology.js';
import { attachHost, lan, portMac, received, send } from './support.js';

describe('LinuxBridge as a device', () => {
  it('starts down with MTU 1500 and a random, unicast, locally administered MAC', () => {
    const sim = new Simulator({ seed: 3 });
    const br = new LinuxBridge(sim.namespace('n'), 'br0');
    expect(br.kind).toBe('bridge');
    expect(br.isUp).toBe(false);
    expect(br.operstate).toBe('DOWN');
    expect(br.mtu).toBe(1500);
    expect(br.mac.isValidUnicast).toBe(true);
    expect(br.mac.isLocallyAdministered).toBe(true);
    expect(br.ageingTime).toBe(300_000_000_000);
    expect(br.ports).toEqual([]);
  });

  it('up() and down() change the admin state and are idempotent', () => {
    const sim = new Simulator({ seed: 3 });
    const ns = sim.namespace('n');
    const br = new LinuxBridge(ns, 'br0');
    br.up();
    br.up();
    expect(br.isUp).toBe(true);
    expect(ns.show('ip link').split('\n')[2]).toBe(
      '2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
    );
    br.down();
    br.down();
    expect(br.isUp).toBe(false);
    expect(br.operstate).toBe('DOWN');
    expect(ns.show('ip link').split('\n')[2]).toBe('2: br0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000');
  });

  it('carries the gateway address 10.244.0.1/24 with its connected route', () => {
    const { node } = cniNode(2);
    expect(node.addresses().filter((a) => a.dev === 'cni0').map((a) => a.cidr)).toEqual(['10.244.0.1/24']);
    expect(node.show('ip route')).toBe('10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 ');
  });

  it('sends and receives as a host: pods ping the gateway, neighbours are on cni0', () => {
    const { sim, node, cni0, pods } = cniNode(3);
    const pings = pods.map((p) => p.ping('10.244.0.1', { count: 3 }));
    sim.runFor('5s');
    for (const p of pings) {
      expect(p.transmitted).toBe(3);
      expect(p.received).toBe(3);
      expect(p.errors).toEqual([]);
    }
    for (const [i, p] of pods.entries()) {
      const gw = p.neighbours().find((n) => n.ip === '10.244.0.1');
      expect(gw?.lladdr).toBe(String(cni0.mac));
      const back = node.neighbours().find((n) => n.ip === `10.244.0.${i + 2}`);
      expect(back?.dev).toBe('cni0');
      expect(back?.lladdr).toBe(String(p.device('eth0').mac));
    }
  });

  it('a down bridge neither answers nor forwards; up again, it does', () => {
    const { sim, cni0, pods } = cniNode(2);
    cni0.down();
    const toGw = pods[0]!.ping('10.244.0.1', { count: 2 });
    const toPod = pods[0]!.ping('10.244.0.3', { count: 2 });
    sim.runFor('10s');
    expect(toGw.received).toBe(0);
    expect(toPod.received).toBe(0);
    cni0.up();
    const again = pods[0]!.ping('10.244.0.3', { count: 2 });
    sim.runFor('5s');
    expect(again.received).toBe(2);
  });

  // Observed on Linux 6.18 (arp_notify=1 on br0, `ip link set br0 down; ip link set br0 up`): the pod
  // sees `ARP, Request who-has 10.9.9.1 tell 10.9.9.1`. br_dev_open enables the ports before the
  // NETDEV_UP notifiers send the gratuitous ARP.
  it('what the stack sends as the bridge comes up (arp_notify) already leaves by the ports', () => {
    const { sim, node, cni0, pods } = cniNode(2);
    node.sysctl('net.ipv4.conf.cni0.arp_notify', 1);
    cni0.down();
    const caps = pods.map((p) => sim.capture(p.device('eth0')));
    cni0.up();
    sim.runFor('1ms');
    for (const c of caps) {
      const got = c.records.filter((r) => r.direction === 'in').map((r) => ArpPacket.decode(r.frame.payload));
      expect(got).toHaveLength(1);
      const a = got[0]!;
      expect(a.ok && [String(a.value.spa), String(a.value.tpa), String(a.value.sha)]).toEqual(['10.244.0.1', '10.244.0.1', String(cni0.mac)]);
    }
  });

  describe('counters (§4.10)', () => {
    it('rx counts only frames passed up, without the 14-byte header; tx counts its own frames with the header', () => {
      const { sim, cni0, pods } = cniNode(2);
      const before = cni0.stats;
      expect(before.rxPackets + before.txPackets).toBe(0);
      const ping = pods[0]!.ping('10.244.0.1', { count: 1 });
      sim.runFor('1s'); // before the 5 s DELAY probe
      expect(ping.received).toBe(1);
      // up: ARP request (42 B, broadcast) + echo request (98 B); sent: ARP reply (42) + echo reply (98).
      // The bridge's sw netstats have no multicast counter (br_pass_frame_up), so `mcast` stays 0.
      expect(cni0.stats).toMatchObject({ rxPackets: 2, rxBytes: 28 + 84, multicast: 0, txPackets: 2, txBytes: 42 + 98, rxDropped: 0, txDropped: 0 });
    });

    it('transit frames are not counted on the bridge device (only the flooded broadcast that is also passed up)', () => {
      const { sim, cni0, pods, veths } = cniNode(2, { gateway: false });
      const ping = pods[0]!.ping('10.244.0.3', { count: 3 });
      sim.runFor('20s'); // includes the unicast DELAY probes ~5 s later
      expect(ping.received).toBe(3);
      // Only pod1's broadcast ARP request reached the bridge's own stack.
      expect(cni0.stats).toMatchObject({ rxPackets: 1, rxBytes: 28, txPackets: 0, txBytes: 0 });
      // The ports carried everything (the veth ends count it).
      expect(veths[0]!.a.stats.rxPackets).toBeGreaterThanOrEqual(4);
      expect(veths[1]!.a.stats.txPackets).toBeGreaterThanOrEqual(4);
    });

    it('unknown unicast is flooded but not counted; frames to the bridge MAC are counted', () => {
      const l = lan(2);
      send(l, l.hosts[0]!, '02:00:00:00:99:99');
      expect(l.br.stats.rxPackets).toBe(0);
      send(l, l.hosts[0]!, String(l.br.mac), { size: 100 });
      expect(l.br.stats).toMatchObject({ rxPackets: 1, rxBytes: 86, multicast: 0 });
    });
  });

  describe('bridge MAC (§4.6)', () => {
    it('a fresh bridge keeps its random MAC through up and down', () => {
      const sim = new Simulator({ seed: 11 });
      const br = new LinuxBridge(sim.namespace('n'), 'br0');
      const m = String(br.mac);
      br.up();
      br.down();
      br.up();
      expect(String(br.mac)).toBe(m);
      expect(m).not.toBe('00:00:00:00:00:00');
      // and the same seed gives the same MAC
      expect(String(new LinuxBridge(new Simulator({ seed: 11 }).namespace('n'), 'br0').mac)).toBe(m);
    });

    it('is the lowest port MAC, recalculated as ports come, go and change MAC; all-zero when the last port leaves', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br0');
      const h5 = attachHost(sim, sw, br, 5);
      expect(String(br.mac)).toBe(portMac(5));
      const h3 = attachHost(sim, sw, br, 3);
      expect(String(br.mac)).toBe(portMac(3)); // a lower MAC joined
      const h9 = attachHost(sim, sw, br, 9);
      expect(String(br.mac)).toBe(portMac(3)); // a higher one did not change it
      h3.port.setMac('02:ff:00:00:00:00');
      expect(String(br.mac)).toBe(portMac(5)); // the lowest port got a higher MAC
      h9.port.setMac('02:01:00:00:00:00');
      expect(String(br.mac)).toBe('02:01:00:00:00:00');
      br.removePort(h9.port);
      expect(String(br.mac)).toBe(portMac(5)); // the lowest left
      br.removePort(h5.port);
      expect(String(br.mac)).toBe('02:ff:00:00:00:00');
      br.removePort(h3.port);
      expect(String(br.mac)).toBe('00:00:00:00:00:00');
      // the zero MAC gets no FDB entry
      expect(br.fdbEntries()).toEqual([]);
    });

    it('counts every enslaved port, forwarding or not', () => {
      const l = lan(2);
      attachHost(l.sim, l.sw, l.br, 0, false); // port p0, MAC 02:aa:00:00:00:00, disabled
      expect(l.br.port('p0')?.portState).toBe('disabled');
      expect(String(l.br.mac)).toBe(portMac(0));
    });

    it('compares MACs bytewise (numerically), not as locally administered or not', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br0');
      const h = sim.namespace('h');
      const a = new VethPair({ ns: sw, name: 'a', mac: 'fe:00:00:00:00:01' }, { ns: h, name: 'a' });
      const b = new VethPair({ ns: sw, name: 'b', mac: '00:1b:21:00:00:01' }, { ns: h, name: 'b' });
      br.addPort(a.a);
      br.addPort(b.a);
      expect(String(br.mac)).toBe('00:1b:21:00:00:01');
    });

    it('is frozen once set by the user (setMac), even when a lower port joins or all ports leave', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br0');
      const h2 = attachHost(sim, sw, br, 2);
      br.setMac('02:bb:00:00:00:01');
      const h1 = attachHost(sim, sw, br, 1);
      expect(String(br.mac)).toBe('02:bb:00:00:00:01');
      br.removePort(h1.port);
      br.removePort(h2.port);
      expect(String(br.mac)).toBe('02:bb:00:00:00:01');
      expect(br.fdbEntries().map((e) => `${e.mac} ${e.dev} ${e.kind}`)).toEqual(['02:bb:00:00:00:01 br0 permanent']);
    });

    it('is frozen when given at creation (`ip link add … address X type bridge`)', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br0', { mac: '02:cc:00:00:00:01' });
      const h1 = attachHost(sim, sw, br, 1);
      expect(String(br.mac)).toBe('02:cc:00:00:00:01');
      br.removePort(h1.port);
      expect(String(br.mac)).toBe('02:cc:00:00:00:01');
    });

    it('the bridge MAC has its own local entry only while no port holds that MAC', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br0');
      const own = String(br.mac);
      expect(br.fdbEntries().map((e) => `${e.mac} ${e.dev} ${e.kind}`)).toEqual([`${own} br0 permanent`]);
      attachHost(sim, sw, br, 1);
      expect(br.fdbEntries().map((e) => `${e.mac} ${e.dev} ${e.kind}`)).toEqual([`${portMac(1)} p1 permanent`]);
      br.setMac('02:bb:00:00:00:01');
      expect(br.fdbEntries().map((e) => `${e.mac} ${e.dev} ${e.kind}`)).toEqual(['02:bb:00:00:00:01 br0 permanent', `${portMac(1)} p1 permanent`]);
    });

    // Observed on Linux 6.18 (`ip link set br0 address <v1's MAC>; ip link set v1 nomaster`):
    // `02:00:00:00:00:05 dev br0 master br0 permanent` remains (br_fdb.c:fdb_delete_local).
    it('a port leaving with the (user-set) bridge MAC hands its local entry to the bridge', () => {
      const l = lan(3);
      l.br.setMac(portMac(2));
      l.br.removePort(l.hosts[1]!.port);
      expect(l.br.fdbEntries().filter((e) => e.mac === portMac(2)).map((e) => `${e.dev} ${e.kind}`)).toEqual(['br0 permanent']);
      // and frames to the bridge MAC still go to the bridge, not flooded
      send(l, l.hosts[0]!, portMac(2));
      expect(received(l.hosts[2]!)).toHaveLength(0);
      expect(l.br.stats.rxPackets).toBe(1);
    });

    // Observed on Linux 6.18: with two ports of the same MAC, the first port keeps the local entry
    // (br_fdb.c:fdb_add_local "just use the first one"); when it leaves, the entry goes to the other.
    it('two ports with the same MAC: the first port keeps the local entry, the other inherits it', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const h = sim.namespace('h');
      const br = new LinuxBridge(sw, 'br0');
      const v1 = new VethPair({ ns: sw, name: 'v1', mac: '02:00:00:00:00:11' }, { ns: h, name: 'e1' });
      const v2 = new VethPair({ ns: sw, name: 'v2', mac: '02:00:00:00:00:11' }, { ns: h, name: 'e2' });
      br.addPort(v1.a);
      br.addPort(v2.a);
      expect(br.fdbEntries().map((e) => `${e.mac} ${e.dev} ${e.kind}`)).toEqual(['02:00:00:00:00:11 v1 permanent']);
      br.removePort(v1.a);
      expect(br.fdbEntries().map((e) => `${e.mac} ${e.dev} ${e.kind}`)).toEqual(['02:00:00:00:00:11 v2 permanent']);
    });

    // Observed on Linux 6.18: `bridge fdb add … dev v3 master permanent` survives `ip link set v3 address …`;
    // only the port's own local entry is replaced (br_fdb.c:br_fdb_changeaddr skips ADDED_BY_USER).
    it("a port's MAC change replaces its own local entry and keeps user-added permanent entries", () => {
      const l = lan(2);
      l.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'permanent' });
      l.hosts[1]!.port.setMac('02:aa:00:00:00:34');
      expect(l.br.fdbEntries().filter((e) => e.dev === 'p2').map((e) => `${e.mac} ${e.kind} ${e.user}`)).toEqual([
        '02:aa:00:00:00:34 permanent false',
        '02:00:00:00:00:aa permanent true',
      ]);
    });
  });

  describe('MTU', () => {
    it('follows the smallest port MTU, 1500 without ports', () => {
      const l = lan(2);
      expect(l.br.mtu).toBe(1500);
      const h = l.sim.namespace('h3');
      const v = new VethPair({ ns: l.sw, name: 'p3', mtu: 1400 }, { ns: h, name: 'eth0' });
      l.br.addPort(v.a);
      expect(l.br.mtu).toBe(1400);
      v.a.setMtu(1300);
      expect(l.br.mtu).toBe(1300);
      v.a.setMtu(9000);
      expect(l.br.mtu).toBe(1500);
      l.hosts[0]!.port.setMtu(1450);
      expect(l.br.mtu).toBe(1450);
      l.br.removePort(l.hosts[0]!.port);
      expect(l.br.mtu).toBe(1500);
      l.br.removePort(l.hosts[1]!.port);
      l.br.removePort(v.a);
      expect(l.br.mtu).toBe(1500);
    });

    it('an MTU set by the user stops the tracking', () => {
      const l = lan(1);
      l.br.setMtu(9000);
      l.hosts[0]!.port.setMtu(1400);
      attachHost(l.sim, l.sw, l.br, 2);
      expect(l.br.mtu).toBe(9000);
    });

    // Observed on Linux 6.18: `ip link add br1 mtu 9000 type bridge`, then a 1500-byte port → 1500.
    it('an MTU given at creation is not "set by the user": the first port recalculates it', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br1', { mtu: 9000 });
      expect(br.mtu).toBe(9000);
      const h = attachHost(sim, sw, br, 1);
      expect(br.mtu).toBe(1500);
      h.port.setMtu(1400);
      expect(br.mtu).toBe(1400);
    });

    // Observed on Linux 6.18: `ip link set br1 mtu 1400` while it already is 1400 changes nothing
    // (dev_set_mtu returns early), so a port going to 1300 still pulls the bridge to 1300.
    it('setting the MTU it already has does not freeze it', () => {
      const l = lan(1);
      l.hosts[0]!.port.setMtu(1400);
      l.br.setMtu(1400);
      l.hosts[0]!.port.setMtu(1300);
      expect(l.br.mtu).toBe(1300);
    });
  });

  describe('carrier and operstate (§4.2)', () => {
    it('a fresh, never-ported bridge has carrier: UNKNOWN when up, also after down and up again', () => {
      const sim = new Simulator({ seed: 1 });
      const br = new LinuxBridge(sim.namespace('n'), 'br0');
      expect(br.hasCarrier).toBe(true);
      br.up();
      expect(br.operstate).toBe('UNKNOWN');
      br.down();
      br.up(); // observed on Linux 6.18: still UNKNOWN, <BROADCAST,MULTICAST,UP,LOWER_UP>
      expect(br.hasCarrier).toBe(true);
      expect(br.operstate).toBe('UNKNOWN');
    });

    it('after ports come and go, carrier is on iff a port forwards', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br = new LinuxBridge(sw, 'br0');
      br.up();
      const h1 = attachHost(sim, sw, br, 1, false); // veth down: the port is disabled
      expect([br.hasCarrier, br.operstate]).toEqual([false, 'DOWN']);
      expect(sw.links().find((x) => x.name === 'br0')?.flags).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
      h1.veth.up();
      expect([br.hasCarrier, br.operstate]).toEqual([true, 'UP']);
      const h2 = attachHost(sim, sw, br, 2);
      h1.nic.down();
      expect([br.hasCarrier, br.operstate]).toEqual([true, 'UP']); // h2 still forwards
      h2.nic.down();
      expect([br.hasCarrier, br.operstate]).toEqual([false, 'DOWN']);
      h2.nic.up();
      expect(br.hasCarrier).toBe(true);
      br.removePort(h2.port);
      expect(br.hasCarrier).toBe(false); // h1 is still disabled
      br.removePort(h1.port);
      expect([br.hasCarrier, br.operstate]).toEqual([false, 'DOWN']); // no ports: stays off
    });

    // Observed on Linux 6.18: a port added while the bridge is down, bridge then up with the port
    // not running → NO-CARRIER, state DOWN.
    it('ports added while the bridge is down: carrier follows the ports when it comes up', () => {
      const sim = new Simulator({ seed: 1 });
      const sw = sim.namespace('sw');
      const br0 = new LinuxBridge(sw, 'br0');
      attachHost(sim, sw, br0, 1, false);
      br0.up();
      expect([br0.hasCarrier, br0.operstate]).toEqual([false, 'DOWN']);
      const br1 = new LinuxBridge(sw, 'br1');
      attachHost(sim, sw, br1, 2, true);
      br1.up();
      expect([br1.hasCarrier, br1.operstate]).toEqual([true, 'UP']);
    });

    it('bridge down turns the carrier off with the ports; up again turns it on', () => {
      const l = lan(2);
      expect(l.br.hasCarrier).toBe(true);
      l.br.down();
      expect(l.br.hasCarrier).toBe(false);
      l.br.up();
      expect([l.br.hasCarrier, l.br.operstate]).toEqual([true, 'UP']);
    });
  });
});

