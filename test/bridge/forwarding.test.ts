// Forwarding (§4.3, §4.5, §4.8, §4.10): known unicast, the ingress-port rule, flooding and local
// delivery, link-local groups, flood order, egress MTU, frames sent by the bridge itself.
import { describe, expect, it } from 'vitest';
import { ArpOp, ArpPacket, EtherType, Frame, LinuxBridge, MacAddress, Simulator } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { cniNode } from '../support/topology.js';
import { attachHost, collect, ETH_TEST, frame, hostMac, lan, learned, portMac, received, rxCounts, send } from './support.js';

describe('unicast', () => {
  it('a known unicast leaves only by the port its destination was learned on, and is not passed up', () => {
    const l = lan(4);
    send(l, l.hosts[2]!, 'ff:ff:ff:ff:ff:ff'); // h3 learned on p3
    const rx0 = l.br.stats.rxPackets;
    const before = rxCounts(l);
    const at = l.sim.now;
    const f = send(l, l.hosts[0]!, hostMac(3));
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([0, 0, 1, 0]);
    expect(received(l.hosts[2]!).at(-1)).toBe(f);
    expect(l.br.stats.rxPackets).toBe(rx0);
    // entry->used records the forwarding; updated (last seen as a source) does not move
    const e = l.br.fdb.lookup(MacAddress.from(hostMac(3)).value, 0)!;
    expect([e.used, e.updated]).toEqual([at, 0]);
  });

  it('a known unicast whose port is the ingress port is dropped, not flooded', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff', { src: '02:00:00:00:77:77' }); // a second MAC behind p1
    const drops = collect(l.sim, 'frame:drop');
    const before = rxCounts(l);
    send(l, l.hosts[0]!, '02:00:00:00:77:77');
    expect(rxCounts(l)).toEqual(before);
    expect(drops.map((d) => `${d.ns}/${d.dev} ${d.reason}`)).toEqual(['sw/p1 ingress-port']);
  });

  it('an unknown unicast is flooded to every other forwarding port and not delivered to the bridge', () => {
    const l = lan(4);
    l.hosts[3]!.nic.down();
    send(l, l.hosts[0]!, '02:00:00:00:99:99');
    expect(rxCounts(l)).toEqual([0, 1, 1, 0]);
    expect(l.br.stats.rxPackets).toBe(0);
  });

  it('a unicast to a MAC learned on a port that has since been disabled is dropped, not flooded', () => {
    // Learned entries are flushed when the port is disabled, so the only way to keep an entry on a
    // disabled port is a static one.
    const l = lan(3);
    l.br.addFdbEntry(hostMac(3), 'p3', { kind: 'static' });
    l.hosts[2]!.nic.down();
    const drops = collect(l.sim, 'frame:drop');
    send(l, l.hosts[0]!, hostMac(3));
    expect(rxCounts(l)).toEqual([0, 0, 0]);
    expect(drops.map((d) => d.reason)).toEqual(['port-not-forwarding']);
  });
});

describe('broadcast, multicast and local delivery', () => {
  it('broadcast is flooded and delivered up', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l)).toEqual([0, 1, 1]);
    expect(l.br.stats.rxPackets).toBe(1);
  });

  it('multicast (IPv4 and IPv6 groups) is flooded and delivered up (no snooping querier)', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, '01:00:5e:00:00:fb');
    send(l, l.hosts[1]!, '33:33:00:00:00:01');
    expect(rxCounts(l)).toEqual([1, 1, 2]);
    expect(l.br.stats.rxPackets).toBe(2);
  });

  it('a frame to the bridge MAC goes to the bridge only', () => {
    const l = lan(3);
    const rx = collect(l.sim, 'frame:rx');
    send(l, l.hosts[0]!, String(l.br.mac));
    expect(rxCounts(l)).toEqual([0, 0, 0]);
    expect(rx.map((e) => `${e.ns}/${e.dev}`)).toEqual(['sw/p1', 'sw/br0']);
  });

  it("a frame to another port's MAC is delivered to the bridge device, as PACKET_HOST", () => {
    const { sim, cni0, pods, veths } = cniNode(2);
    const pod1 = pods[0]!;
    const eth0 = pod1.device('eth0');
    // an ARP request for the gateway, sent (unicast) to veth-pod2's MAC
    const req = Frame.build(
      { dst: veths[1]!.a.mac, src: eth0.mac, etherType: EtherType.ARP },
      ArpPacket.request({ sha: eth0.mac, spa: '10.244.0.2', tpa: '10.244.0.1' }),
    );
    const cap = sim.capture(eth0);
    expect(eth0.transmit(req)).toBe(true);
    sim.runFor('1ms');
    expect(cni0.stats.rxPackets).toBe(1);
    expect(veths[1]!.b.stats.rxPackets).toBe(0); // not forwarded to pod2
    const replies = cap.records.filter((r) => r.direction === 'in').map((r) => ArpPacket.decode(r.frame.payload));
    expect(replies).toHaveLength(1);
    const a = replies[0]!;
    expect(a.ok && a.value.op).toBe(ArpOp.REPLY);
    expect(a.ok && String(a.value.sha)).toBe(String(cni0.mac));
  });
});

describe('link-local groups 01:80:c2:00:00:0X (§4.8)', () => {
  it(':00 (STP) is flooded with STP off, and passed up', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, '01:80:c2:00:00:00');
    expect(rxCounts(l)).toEqual([0, 1, 1]);
    expect(l.br.stats.rxPackets).toBe(1);
  });

  it(':01 (PAUSE) is always dropped, even when the mask asks, and its source is not learned', () => {
    expectCode(() => new LinuxBridge(new Simulator().namespace('n'), 'br0', { groupFwdMask: 1 << 1 }), 'invalid-argument');
    const l = lan(3);
    const drops = collect(l.sim, 'frame:drop');
    send(l, l.hosts[0]!, '01:80:c2:00:00:01');
    expect(rxCounts(l)).toEqual([0, 0, 0]);
    expect(l.br.stats.rxPackets).toBe(0);
    expect(drops.map((d) => `${d.dev} ${d.reason}`)).toEqual(['p1 link-local']);
    expect(learned(l.br)).toEqual({});
  });

  it.each(['02', '03', '0e', '0f'])(':%s is not forwarded by default: the source is learned and the frame goes to the port device, not the bridge', (x) => {
    const l = lan(3);
    const dst = `01:80:c2:00:00:${x}`;
    send(l, l.hosts[0]!, dst);
    expect(rxCounts(l)).toEqual([0, 0, 0]);
    expect(l.br.stats.rxPackets).toBe(0);
    expect(l.hosts[0]!.port.stats.rxNohandler).toBe(1); // the port's own stack had no handler for it
    expect(learned(l.br)).toEqual({ [hostMac(1)]: 'p1' });
  });

  it('groups in group_fwd_mask are forwarded like multicast (flooded and passed up)', () => {
    const l = lan(3, { bridge: { groupFwdMask: (1 << 0x0e) | (1 << 0x03) } });
    send(l, l.hosts[0]!, '01:80:c2:00:00:0e');
    send(l, l.hosts[0]!, '01:80:c2:00:00:03');
    send(l, l.hosts[0]!, '01:80:c2:00:00:02'); // LACP is not in the mask (and cannot be)
    expect(rxCounts(l)).toEqual([0, 2, 2]);
    expect(l.br.stats.rxPackets).toBe(2);
  });

  it('bits 0-2 of group_fwd_mask cannot be set', () => {
    const ns = new Simulator().namespace('n');
    for (const m of [1, 2, 4, 7, 0x10001, -1, 1.5]) expectCode(() => new LinuxBridge(ns, 'br0', { groupFwdMask: m }), 'invalid-argument');
    expect(ns.links().map((x) => x.name)).toEqual(['lo']);
  });
});

describe('flood order and egress', () => {
  it('floods go out newest port first (br_add_if inserts at the head of the port list)', () => {
    const l = lan(4);
    const tx = collect(l.sim, 'frame:tx');
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(tx.filter((e) => e.ns === 'sw').map((e) => e.dev)).toEqual(['p4', 'p3', 'p2']);
    // a port removed and added again goes to the head
    l.br.removePort(l.hosts[2]!.port);
    l.br.addPort(l.hosts[2]!.port);
    tx.length = 0;
    send(l, l.hosts[0]!, '02:00:00:00:99:99');
    expect(tx.filter((e) => e.ns === 'sw').map((e) => e.dev)).toEqual(['p3', 'p4', 'p2']);
    expect(l.br.ports.map((p) => p.device.name)).toEqual(['p3', 'p4', 'p2', 'p1']);
  });

  it('egress MTU: a frame longer than the port MTU + 18 is dropped silently at that port only', () => {
    const l = lan(3);
    l.hosts[2]!.port.setMtu(1400);
    const drops = collect(l.sim, 'frame:drop');
    send(l, l.hosts[0]!, '02:00:00:00:99:99', { size: 1418 }); // 1400 + 14 + 4 (VLAN slack) fits
    expect(rxCounts(l)).toEqual([0, 1, 1]);
    send(l, l.hosts[0]!, '02:00:00:00:99:99', { size: 1419 });
    expect(rxCounts(l)).toEqual([0, 2, 1]);
    expect(drops.filter((d) => d.ns === 'sw').map((d) => `${d.dev} ${d.reason}`)).toEqual(['p3 mtu']);
    // silently: no counter anywhere
    expect(l.hosts[2]!.port.stats).toMatchObject({ txDropped: 0, rxDropped: 0 });
    expect(l.hosts[2]!.nic.stats).toMatchObject({ rxDropped: 0, txDropped: 0 });
    expect(l.br.stats).toMatchObject({ rxDropped: 0, txDropped: 0 });
  });
});

describe('frames sent by the bridge device (§4.10)', () => {
  it('known unicast goes to its port only; never learned; counted as bridge tx', () => {
    const l = lan(3);
    send(l, l.hosts[1]!, String(l.br.mac));
    const own = String(l.br.mac);
    expect(l.br.transmit(frame(hostMac(2), own, 60))).toBe(true);
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([0, 1, 0]);
    expect(l.br.stats).toMatchObject({ txPackets: 1, txBytes: 60 });
    expect(Object.keys(learned(l.br))).toEqual([hostMac(2)]);
  });

  it('a frame to a LOCAL entry that has a port leaves by that port; to the bridge-only entry it is dropped', () => {
    const l = lan(3);
    l.br.setMac('02:bb:00:00:00:01'); // a bridge-only local entry
    const own = String(l.br.mac);
    const drops = collect(l.sim, 'frame:drop');
    l.br.transmit(frame(portMac(2), own));
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([0, 1, 0]); // br_dev_xmit → br_forward(dst->dst = p2)
    l.br.transmit(frame(own, own));
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([0, 1, 0]);
    expect(drops.filter((d) => d.ns === 'sw').map((d) => `${d.dev} ${d.reason}`)).toEqual(['br0 not-for-us']);
  });

  it('a down bridge sends nothing and counts nothing', () => {
    const l = lan(2);
    l.br.down();
    expect(l.br.transmit(frame('ff:ff:ff:ff:ff:ff', String(l.br.mac)))).toBe(false);
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([0, 0]);
    expect(l.br.stats.txPackets).toBe(0);
  });
});

describe('user FDB entries and the learned-entry limit, through the bridge', () => {
  it('permanent: frames to the MAC go up to the bridge; static: forwarded to its port, never aged; dynamic: aged', () => {
    const l = lan(3, { bridge: { ageingTime: '10s' } });
    l.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'permanent' });
    l.br.addFdbEntry(hostMac(3), 'p3', { kind: 'static' });
    l.br.addFdbEntry(hostMac(2), 'p2', { kind: 'dynamic' });
    send(l, l.hosts[0]!, '02:00:00:00:00:aa');
    expect([rxCounts(l), l.br.stats.rxPackets]).toEqual([[0, 0, 0], 1]);
    send(l, l.hosts[0]!, hostMac(3));
    send(l, l.hosts[0]!, hostMac(2));
    expect(rxCounts(l)).toEqual([0, 1, 1]);
    l.sim.runFor('10s');
    expect(l.br.fdbEntries().filter((e) => e.user).map((e) => e.mac).sort()).toEqual([hostMac(3), '02:00:00:00:00:aa']);
    send(l, l.hosts[0]!, hostMac(3)); // still known: to h3 only
    send(l, l.hosts[0]!, hostMac(2)); // aged: flooded
    expect(rxCounts(l)).toEqual([0, 2, 3]);
    expect(l.br.deleteFdbEntry(hostMac(3))).toBe(true);
    expect(l.br.deleteFdbEntry(hostMac(3))).toBe(false);
    send(l, l.hosts[0]!, hostMac(3)); // flooded now
    expect(rxCounts(l)).toEqual([0, 3, 4]);
  });

  it('a sticky entry keeps its port when the MAC shows up elsewhere', () => {
    const l = lan(3);
    l.br.addFdbEntry(hostMac(3), 'p3', { kind: 'static', sticky: true });
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff', { src: hostMac(3) }); // h3's MAC seen on p2
    expect(l.br.fdbEntries().find((e) => e.mac === hostMac(3))?.dev).toBe('p3');
    const before = rxCounts(l);
    send(l, l.hosts[0]!, hostMac(3));
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([0, 0, 1]);
  });

  it('maxLearned: beyond the limit nothing more is learned, and frames to unlearned MACs are flooded', () => {
    const l = lan(4, { bridge: { maxLearned: 2 } });
    for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
    expect(Object.keys(learned(l.br)).sort()).toEqual([hostMac(1), hostMac(2)]);
    const before = rxCounts(l);
    send(l, l.hosts[0]!, hostMac(4)); // not learned: flooded to h2, h3 and h4
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([0, 1, 1, 1]);
    send(l, l.hosts[3]!, hostMac(2)); // learned: forwarded to h2 only
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([0, 2, 1, 1]);
  });
});

describe('tagged frames (vlan_filtering 0)', () => {
  it('pass through unchanged, and the FDB uses VLAN 0', () => {
    const l = lan(3);
    const f = Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: hostMac(1), etherType: ETH_TEST, vlan: { vid: 42 } }, new Uint8Array(42));
    l.hosts[0]!.nic.transmit(f);
    l.sim.runFor('1us');
    expect(received(l.hosts[1]!)[0]!.bytes).toEqual(f.bytes);
    expect(l.br.fdbEntries().filter((e) => e.mac === hostMac(1)).map((e) => e.vlan)).toEqual([0]);
    const g = Frame.build({ dst: hostMac(1), src: hostMac(3), etherType: ETH_TEST, vlan: { vid: 7 } }, new Uint8Array(42));
    l.hosts[2]!.nic.transmit(g);
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([1, 1, 1]); // known (VLAN-blind) unicast to h1 only
  });
});

describe('a bridge with many ports', () => {
  it('learns and forwards between 50 hosts', () => {
    const sim = new Simulator({ seed: 5 });
    const sw = sim.namespace('sw');
    const br = new LinuxBridge(sw, 'br0');
    const hosts = Array.from({ length: 50 }, (_, k) => attachHost(sim, sw, br, k + 1));
    br.up();
    const l = { sim, sw, br, hosts };
    for (const h of hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
    expect(Object.keys(learned(br))).toHaveLength(50);
    const before = rxCounts(l);
    send(l, hosts[7]!, hostMac(42));
    const delta = rxCounts(l).map((n, i) => n - before[i]!);
    expect(delta.reduce((a, b) => a + b, 0)).toBe(1);
    expect(delta[41]).toBe(1);
  });
});
