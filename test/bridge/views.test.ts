// Views: fdbEntries() and portSnapshots() snapshots, `bridge fdb` and `bridge link` text.
import { describe, expect, it } from 'vitest';
import { LinuxBridge, Simulator, VethPair } from '../../src/index.js';
import { cniNode } from '../support/topology.js';
import { hostMac, lan, portMac, send } from './support.js';

describe('fdbEntries()', () => {
  it('snapshots every entry: grouped by device in ifindex order, newest first, with times', () => {
    const { sim, cni0, pods, veths } = cniNode(2, { gateway: false });
    const m1 = String(pods[0]!.device('eth0').mac);
    const m2 = String(pods[1]!.device('eth0').mac);
    sim.runFor('2s');
    pods[0]!.ping('10.244.0.3', { count: 1 });
    sim.runFor('1s'); // before the 5 s probes
    const snap = cni0.fdbEntries();
    const base = { vlan: 0, master: 'cni0', sticky: false, user: false };
    expect(snap).toEqual([
      { ...base, mac: m1, dev: 'veth-pod1', local: false, kind: 'dynamic', updated: 2e9, expires: 302e9 },
      { ...base, mac: String(veths[0]!.a.mac), dev: 'veth-pod1', local: true, kind: 'permanent', updated: 0, expires: null },
      { ...base, mac: m2, dev: 'veth-pod2', local: false, kind: 'dynamic', updated: 2e9, expires: 302e9 },
      { ...base, mac: String(veths[1]!.a.mac), dev: 'veth-pod2', local: true, kind: 'permanent', updated: 0, expires: null },
    ]);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap); // JSON-ready
  });

  it('is a snapshot: later changes do not alter it, and changing it does not alter the bridge', () => {
    const l = lan(2);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    const snap = l.br.fdbEntries();
    const copy = JSON.parse(JSON.stringify(snap)) as unknown;
    l.sim.runFor('10s');
    const t = l.sim.now;
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff'); // refresh
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff'); // learn
    expect(snap).toEqual(copy);
    (snap as { mac: string }[])[0]!.mac = 'mutated';
    snap.length = 0;
    expect(l.br.fdbEntries()).toHaveLength(4);
    expect(l.br.fdbEntries()[0]!.mac).toBe(hostMac(1));
    expect(l.br.fdbEntries()[0]!.updated).toBe(t);
    expect(t).toBeGreaterThan(10e9);
  });

  it('shows user entries with their kind, sticky flag and expiry', () => {
    const l = lan(1);
    l.br.addFdbEntry('02:00:00:00:00:aa', 'p1'); // default: permanent (bridge(8))
    l.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'static', sticky: true });
    l.sim.runFor('1s');
    l.br.addFdbEntry('02:00:00:00:00:cc', 'p1', { kind: 'dynamic' });
    expect(l.br.fdbEntries().map((e) => [e.mac, e.kind, e.local, e.sticky, e.user, e.expires])).toEqual([
      ['02:00:00:00:00:cc', 'dynamic', false, false, true, 301e9],
      ['02:00:00:00:00:bb', 'static', false, true, true, null],
      ['02:00:00:00:00:aa', 'permanent', true, false, true, null],
      [portMac(1), 'permanent', true, false, false, null],
    ]);
  });
});

describe("ns.show('bridge fdb')", () => {
  it('prints `MAC dev PORT master BRIDGE ` and `… permanent` lines like bridge fdb show', () => {
    const { sim, node, pods, veths } = cniNode(2);
    pods[0]!.ping('10.244.0.1', { count: 1 });
    sim.runFor('1s');
    const m1 = String(pods[0]!.device('eth0').mac);
    expect(node.show('bridge fdb')).toBe(
      [`${m1} dev veth-pod1 master cni0 `, `${String(veths[0]!.a.mac)} dev veth-pod1 master cni0 permanent`, `${String(veths[1]!.a.mac)} dev veth-pod2 master cni0 permanent`].join('\n'),
    );
    expect(node.show('bridge fdb show')).toBe(node.show('bridge fdb'));
  });

  it("prints the bridge's own entry as `dev BRIDGE master BRIDGE permanent`", () => {
    const l = lan(1);
    l.br.setMac('02:bb:00:00:00:01');
    expect(l.sw.show('bridge fdb')).toBe(['02:bb:00:00:00:01 dev br0 master br0 permanent', `${portMac(1)} dev p1 master br0 permanent`].join('\n'));
  });

  it('prints static entries as `… master BRIDGE static`', () => {
    const l = lan(1);
    l.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'static' });
    expect(l.sw.show('bridge fdb').split('\n')[0]).toBe('02:00:00:00:00:bb dev p1 master br0 static');
  });

  // Observed on Linux 6.18 / iproute2 6.1 (`bridge fdb add … static sticky`):
  //   02:00:00:00:00:cc dev v3 sticky master br0 static
  // iproute2's print_fdb_flags prints `sticky` before `master BR` and the state. src/netns/views.ts
  // prints `… master br0 static sticky`.
  it('a sticky entry prints `sticky` before `master`, as iproute2 does', () => {
    const l = lan(1);
    l.br.addFdbEntry('02:00:00:00:00:cc', 'p1', { kind: 'static', sticky: true });
    expect(l.sw.show('bridge fdb').split('\n')[0]).toBe('02:00:00:00:00:cc dev p1 sticky master br0 static');
  });
});

describe("ns.show('bridge link')", () => {
  it('prints one line per port, as bridge link does (the peer index resolved in this namespace)', () => {
    const { node, pods } = cniNode(2);
    expect(node.show('bridge link')).toBe(
      [
        '3: veth-pod1@cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master cni0 state forwarding priority 32 cost 2 ',
        '4: veth-pod2@cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master cni0 state forwarding priority 32 cost 2 ',
      ].join('\n'),
    );
    pods[1]!.device('eth0').down();
    expect(node.show('bridge link').split('\n')[1]).toBe('4: veth-pod2@cni0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 master cni0 state disabled priority 32 cost 2 ');
  });

  // Observed on Linux 6.18 / iproute2 6.1: `bridge link` takes M-DOWN from the flags of whatever device of
  // its own namespace has the peer's ifindex. A pod's eth0 is ifindex 2, which in the node is cni0:
  // with cni0 down, `3: veth1@br0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 master br0 state
  // disabled priority 32 cost 2 `; with no device at that index, no M-DOWN.
  it('M-DOWN follows the node device that has the peer index, as iproute2 resolves it', () => {
    const { node, cni0 } = cniNode(1);
    cni0.down();
    expect(node.show('bridge link')).toBe('3: veth-pod1@cni0: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 master cni0 state disabled priority 32 cost 2 ');
    // `ip link` does not: the peer is in another namespace (link-netns).
    expect(node.links().find((l) => l.name === 'veth-pod1')!.flags).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
  });

  it('a port whose peer is in the same namespace shows M-DOWN while the peer is down', () => {
    const sim = new Simulator({ seed: 1 });
    const ns = sim.namespace('n');
    const br = new LinuxBridge(ns, 'br9');
    const veth = new VethPair({ ns, name: 'vx' }, { ns, name: 'vy' }); // as `ip link add vx type veth peer name vy`: vy is 3, vx is 4
    br.addPort(veth.a);
    veth.a.up();
    expect(ns.show('bridge link')).toBe('4: vx@vy: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 master br9 state disabled priority 32 cost 2 ');
    veth.b.up();
    expect(ns.show('bridge link')).not.toContain('M-DOWN');
  });

  // Observed on Linux 6.18 / iproute2 6.1: after `bridge link set dev v1 hairpin on isolated on flood off`,
  // `bridge link` (without -d) still prints `… state forwarding priority 32 cost 2 ` and nothing more:
  // print_protinfo returns before the flags unless show_details.
  it('port flags are not printed without -d, as iproute2 6.1', () => {
    const { node, cni0 } = cniNode(1);
    cni0.setPortFlags('veth-pod1', { hairpin: true, isolated: true, flood: false, learning: false });
    expect(node.show('bridge link')).toBe('3: veth-pod1@cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master cni0 state forwarding priority 32 cost 2 ');
  });

  it('portSnapshots() lists ports in ifindex order with number, state, flags, priority and cost', () => {
    const l = lan(2);
    l.br.setPortFlags('p2', { hairpin: true });
    const snap = l.br.portSnapshots();
    expect(snap).toEqual([
      { dev: 'p1', ifindex: l.hosts[0]!.port.ifindex, portNo: 1, state: 'forwarding', flags: { learning: true, flood: true, mcast_flood: true, bcast_flood: true, hairpin: false, isolated: false }, priority: 32, cost: 2 },
      { dev: 'p2', ifindex: l.hosts[1]!.port.ifindex, portNo: 2, state: 'forwarding', flags: { learning: true, flood: true, mcast_flood: true, bcast_flood: true, hairpin: true, isolated: false }, priority: 32, cost: 2 },
    ]);
    (snap[0]!.flags as { hairpin: boolean }).hairpin = true;
    expect(l.br.port('p1')?.portFlags.hairpin).toBe(false);
  });
});
