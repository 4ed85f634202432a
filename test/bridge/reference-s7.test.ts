// Reference §7 ("things simulators commonly get wrong"): every bridge item, one test each.
import { describe, expect, it } from 'vitest';
import { LinuxBridge, MILLISECOND, SECOND, Simulator } from '../../src/index.js';
import { cniNode } from '../support/topology.js';
import { attachHost, collect, frame, hostMac, lan, learned, portMac, received, rxCounts, send } from './support.js';

describe('reference §7, bridge items', () => {
  it('§7.8 FDB ageing counts from the last time the MAC was a source; traffic to it does not refresh it', () => {
    const l = lan(3);
    const ages = collect(l.sim, 'fdb:age');
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff'); // h2 seen as a source at t = 0
    const seen = 0;
    // h1 talks to h2 every 10 s for 400 s; h2 never answers
    let toH2Floods = 0;
    for (let t = 10; t <= 400; t += 10) {
      l.sim.runUntil(t * SECOND);
      const before = received(l.hosts[2]!).length;
      send(l, l.hosts[0]!, hostMac(2));
      if (received(l.hosts[2]!).length > before) toH2Floods++;
      if (t < 300) expect(learned(l.br)[hostMac(2)], `at ${t} s`).toBe('p2');
    }
    expect(ages.filter((e) => e.mac === hostMac(2)).map((e) => e.time)).toEqual([seen + 300 * SECOND]);
    // before 300 s the frames went to p2 only; from 300 s on they are unknown unicast: flooded to h3 too
    expect(toH2Floods).toBe(11); // t = 300, 310, …, 400
  });

  it('§7.9 bridge timers are in centiseconds on Linux: ageing_time 30000 = 300 s, `ageing_time 300` = 3 s', () => {
    const cs = 10 * MILLISECOND;
    expect(new LinuxBridge(new Simulator().namespace('n'), 'br0').ageingTime).toBe(30000 * cs);
    // `ip link add br0 type bridge ageing_time 300` means 3 s: entries go after 3 s, not 300 s
    const l = lan(2, { bridge: { ageingTime: 300 * cs } });
    expect(l.br.ageingTime).toBe(3 * SECOND);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    l.sim.runUntil(3 * SECOND - 1);
    expect(learned(l.br)).toEqual({ [hostMac(1)]: 'p1' });
    l.sim.runUntil(3 * SECOND);
    expect(learned(l.br)).toEqual({});
  });

  it('§7.10 ageing_time 0 means no learning and flood everything (and existing entries go at once)', () => {
    const l = lan(3);
    for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
    expect(Object.keys(learned(l.br))).toHaveLength(3);
    l.br.setAgeingTime(0);
    expect(learned(l.br)).toEqual({});
    const before = rxCounts(l);
    for (let i = 0; i < 3; i++) send(l, l.hosts[1]!, hostMac(1)); // h2 → h1, repeatedly
    for (let i = 0; i < 3; i++) send(l, l.hosts[0]!, hostMac(2)); // and back
    expect(learned(l.br)).toEqual({});
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([3, 3, 6]); // h3 sees every frame
  });

  it('§7.11 bridge MAC = lowest port MAC, changes as ports come and go, 00:00:00:00:00:00 when the last leaves, frozen once set', () => {
    const sim = new Simulator({ seed: 1 });
    const sw = sim.namespace('sw');
    const br = new LinuxBridge(sw, 'br0');
    const random = String(br.mac);
    const h7 = attachHost(sim, sw, br, 7);
    expect(String(br.mac)).toBe(portMac(7));
    const h2 = attachHost(sim, sw, br, 2);
    expect(String(br.mac)).toBe(portMac(2));
    br.removePort(h2.port);
    expect(String(br.mac)).toBe(portMac(7));
    br.removePort(h7.port);
    expect(String(br.mac)).toBe('00:00:00:00:00:00');
    expect(random).not.toBe('00:00:00:00:00:00');
    br.setMac('02:bb:00:00:00:09');
    attachHost(sim, sw, br, 1);
    expect(String(br.mac)).toBe('02:bb:00:00:00:09');
  });

  it('§7.12 bridge down ⇒ every port disabled ⇒ nothing forwarded; a port whose veth peer is down is disabled and its MACs flushed at once', () => {
    const l = lan(3);
    for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
    const flushes = collect(l.sim, 'fdb:flush');
    const t = l.sim.now;
    l.hosts[2]!.nic.down();
    expect(l.br.port('p3')?.portState).toBe('disabled');
    expect(flushes.map((e) => `${e.time} ${e.mac}`)).toEqual([`${t} ${hostMac(3)}`]);
    l.br.down();
    expect(l.br.portSnapshots().map((p) => p.state)).toEqual(['disabled', 'disabled', 'disabled']);
    const before = rxCounts(l);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    send(l, l.hosts[1]!, hostMac(1));
    expect(rxCounts(l)).toEqual(before);
  });

  it('§7.13 STP is off: ports forward immediately, no 30 s listening/learning', () => {
    const { sim, cni0, pods } = cniNode(2);
    expect(cni0.portSnapshots().map((p) => p.state)).toEqual(['forwarding', 'forwarding']);
    const ping = pods[0]!.ping('10.244.0.3', { count: 1 });
    sim.runFor('100ms');
    expect(ping.replies.map((r) => r.time)).toEqual([0]);
  });

  it('§7.14 a known unicast whose FDB port is the ingress port is dropped, not flooded (unless hairpin)', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff', { src: '02:00:00:00:77:77' }); // learned on p1
    const before = rxCounts(l);
    send(l, l.hosts[0]!, '02:00:00:00:77:77');
    expect(rxCounts(l)).toEqual(before);
    l.br.setPortFlags('p1', { hairpin: true });
    send(l, l.hosts[0]!, '02:00:00:00:77:77');
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([1, 0, 0]);
  });

  it('§7.15 frames with a multicast or zero source MAC are dropped at bridge ingress, never learned', () => {
    const l = lan(3);
    const drops = collect(l.sim, 'frame:drop');
    for (const src of ['01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', '33:33:00:00:00:01']) {
      send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff', { src });
      send(l, l.hosts[0]!, String(l.br.mac), { src });
    }
    expect(rxCounts(l)).toEqual([0, 0, 0]);
    expect(l.br.stats.rxPackets).toBe(0);
    expect(l.br.fdbEntries().filter((e) => !e.local)).toEqual([]);
    expect(drops.filter((d) => d.ns === 'sw').map((d) => d.reason)).toEqual(Array(8).fill('invalid-source'));
  });

  it('§7.16 unknown unicast is flooded but not delivered to the bridge; broadcast and multicast are both', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, hostMac(9));
    expect([rxCounts(l), l.br.stats.rxPackets]).toEqual([[0, 1, 1], 0]);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect([rxCounts(l), l.br.stats.rxPackets]).toEqual([[0, 2, 2], 1]);
    send(l, l.hosts[0]!, '01:00:5e:7f:ff:fa');
    expect([rxCounts(l), l.br.stats.rxPackets]).toEqual([[0, 3, 3], 2]);
  });

  it("§7.17 frames to a port's MAC are delivered to the bridge interface; an IP on an enslaved port is dead", () => {
    // The address is on the port veth-pod1, not on cni0. Frames arriving on veth-pod1 belong to the
    // bridge; the port's own stack never sees pod1's ARP reply, so the node cannot answer.
    const { sim, node, cni0, pods, veths } = cniNode(2, { gateway: false });
    node.addAddress('veth-pod1', '10.244.0.1/24');
    const ping = pods[0]!.ping('10.244.0.1', { count: 3 });
    sim.runFor('10s');
    expect(ping.received).toBe(0);
    expect(veths[0]!.a.stats.rxPackets).toBeGreaterThan(0); // frames did arrive on the port…
    expect(cni0.stats.rxPackets).toBeGreaterThan(0); // …and went up the bridge
    // and a frame addressed to the port's MAC goes up the bridge too
    const rx = cni0.stats.rxPackets;
    const eth0 = pods[0]!.device('eth0');
    eth0.transmit(frame(String(veths[0]!.a.mac), String(eth0.mac)));
    sim.runFor('1ms');
    expect(cni0.stats.rxPackets).toBe(rx + 1);
  });

  it('§7.18 01:80:C2:00:00:0X is not forwarded by default, except :00 with STP off; :01 (PAUSE) is always dropped', () => {
    const l = lan(2);
    const got: string[] = [];
    for (let x = 0; x < 16; x++) {
      const dst = `01:80:c2:00:00:${x.toString(16).padStart(2, '0')}`;
      const before = received(l.hosts[1]!).length;
      send(l, l.hosts[0]!, dst);
      if (received(l.hosts[1]!).length > before) got.push(dst);
    }
    expect(got).toEqual(['01:80:c2:00:00:00']);
    // with every allowed bit of group_fwd_mask set, all but :01 (and the restricted :00-:02 bits) pass
    const m = lan(2, { bridge: { groupFwdMask: 0xfff8 } });
    const got2: string[] = [];
    for (let x = 0; x < 16; x++) {
      const dst = `01:80:c2:00:00:${x.toString(16).padStart(2, '0')}`;
      const before = received(m.hosts[1]!).length;
      send(m, m.hosts[0]!, dst);
      if (received(m.hosts[1]!).length > before) got2.push(dst.slice(-2));
    }
    expect(got2).toEqual(['00', '03', '04', '05', '06', '07', '08', '09', '0a', '0b', '0c', '0d', '0e', '0f']);
  });

  it('§7.19 a MAC moves between ports on the first frame (no hold-down); the bridge never learns from its own transmissions', () => {
    const l = lan(3);
    const moves = collect(l.sim, 'fdb:move');
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff', { src: '02:00:00:00:77:77' });
    expect(learned(l.br)['02:00:00:00:77:77']).toBe('p1');
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff', { src: '02:00:00:00:77:77' }); // the same instant's next µs
    expect(learned(l.br)['02:00:00:00:77:77']).toBe('p2');
    expect(moves.map((e) => `${e.mac} ${e.fromPort}->${e.port}`)).toEqual(['02:00:00:00:77:77 p1->p2']);
    const before = rxCounts(l);
    send(l, l.hosts[2]!, '02:00:00:00:77:77');
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([0, 1, 0]);
    // the bridge's own frames (ARP from the gateway) teach it nothing
    const { sim, node, cni0 } = cniNode(2);
    node.ping('10.244.0.2', { count: 2 });
    sim.runFor('3s');
    expect(cni0.fdbEntries().filter((e) => e.mac === String(cni0.mac) && !e.local)).toEqual([]);
    expect(cni0.fdbEntries().filter((e) => !e.local).map((e) => e.dev)).toEqual(['veth-pod1']); // pod1's replies only
  });

  it('§7.20 flood order is the port list order: most recently added port first', () => {
    const l = lan(5);
    const tx = collect(l.sim, 'frame:tx');
    send(l, l.hosts[2]!, 'ff:ff:ff:ff:ff:ff');
    expect(tx.filter((e) => e.ns === 'sw').map((e) => e.dev)).toEqual(['p5', 'p4', 'p2', 'p1']);
  });

  it('§7.21 bridge carrier is on only while a port forwards (after the first port event); a fresh bridge shows carrier on / UNKNOWN', () => {
    const sim = new Simulator({ seed: 1 });
    const sw = sim.namespace('sw');
    const br = new LinuxBridge(sw, 'br0');
    br.up();
    expect(sw.show('ip link').split('\n')[2]).toContain('<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN');
    const h = attachHost(sim, sw, br, 1, false);
    expect(sw.show('ip link').split('\n')[2]).toContain('<NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN');
    h.veth.up();
    expect(sw.show('ip link').split('\n')[2]).toContain('<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP');
    h.nic.down();
    expect([br.hasCarrier, br.operstate]).toEqual([false, 'DOWN']);
    h.nic.up();
    br.removePort(h.port);
    expect([br.hasCarrier, br.operstate]).toEqual([false, 'DOWN']);
  });

  it('§7.24 MTU: each veth end and each bridge port checks frames against its own MTU, silently; the bridge MTU tracks the minimum', () => {
    const l = lan(3);
    l.hosts[1]!.port.setMtu(1400); // bridge egress towards h2
    l.hosts[2]!.nic.setMtu(1300); // h3's own end: the veth drops on its way in (rx_dropped)
    expect(l.br.mtu).toBe(1400);
    send(l, l.hosts[0]!, hostMac(9), { size: 1318 }); // fits everywhere (MTU + 18)
    expect(rxCounts(l)).toEqual([0, 1, 1]);
    send(l, l.hosts[0]!, hostMac(9), { size: 1319 }); // too long for h3's end only
    expect(rxCounts(l)).toEqual([0, 2, 1]);
    expect(l.hosts[2]!.nic.stats.rxDropped).toBe(1); // the veth counts its drop…
    send(l, l.hosts[0]!, hostMac(9), { size: 1419 }); // too long for the bridge port p2 as well
    expect(rxCounts(l)).toEqual([0, 2, 1]);
    expect(l.hosts[1]!.port.stats.txDropped).toBe(0); // …the bridge egress drop is silent
    expect(l.hosts[1]!.nic.stats.rxDropped).toBe(0);
  });
});
