// Ports: add/remove, port numbers (§4.1), the state machine (§4.2) and per-port flags (§4.5).
import { describe, expect, it } from 'vitest';
import { Frame, LinuxBridge, Simulator } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { attachHost, collect, ETH_TEST, hostMac, lan, learned, portMac, received, rxCounts, send } from './support.js';

describe('adding and removing ports', () => {
  it('addPort enslaves the device: a port with its number, newest first in the port list', () => {
    const l = lan(3);
    expect(l.br.ports.map((p) => [p.device.name, p.portNo])).toEqual([
      ['p3', 3],
      ['p2', 2],
      ['p1', 1],
    ]);
    const p2 = l.br.port(l.hosts[1]!.port);
    expect(p2?.device).toBe(l.hosts[1]!.port);
    expect(l.br.port('p2')).toBe(p2);
    expect(l.br.port('nope')).toBeUndefined();
    expect(l.hosts[1]!.port.masterName).toBe('br0');
    expect(l.sw.links().find((x) => x.name === 'p2')?.master).toBe('br0');
    expect(p2?.priority).toBe(32);
    expect(p2?.cost).toBe(2);
  });

  it('port numbers are the lowest free number ≥ 1 (br_if.c:find_portno)', () => {
    const sim = new Simulator({ seed: 1 });
    const sw = sim.namespace('sw');
    const br = new LinuxBridge(sw, 'br0');
    const h = [1, 2, 3].map((i) => attachHost(sim, sw, br, i));
    br.removePort(h[1]!.port);
    expect(attachHost(sim, sw, br, 4) && br.port('p4')?.portNo).toBe(2);
    br.removePort(h[0]!.port);
    expect(attachHost(sim, sw, br, 5) && br.port('p5')?.portNo).toBe(1);
    expect(attachHost(sim, sw, br, 6) && br.port('p6')?.portNo).toBe(4);
    expect(br.portSnapshots().map((p) => `${p.dev}:${p.portNo}`)).toEqual(['p3:3', 'p4:2', 'p5:1', 'p6:4']);
  });

  it('removePort releases the device and every FDB entry on it, local ones included', () => {
    const l = lan(3);
    send(l, l.hosts[1]!, hostMac(1)); // learn h2 on p2
    l.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'static' });
    expect(l.br.fdbEntries().filter((e) => e.dev === 'p2')).toHaveLength(3);
    l.br.removePort(l.hosts[1]!.port);
    expect(l.br.port(l.hosts[1]!.port)).toBeUndefined();
    expect(l.hosts[1]!.port.masterName).toBeNull();
    expect(l.br.fdbEntries().filter((e) => e.dev === 'p2')).toEqual([]);
    expect(l.br.ports.map((p) => p.device.name)).toEqual(['p3', 'p1']);
    // it no longer forwards: a broadcast from h1 reaches h3 only
    const before = rxCounts(l);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l).map((n, i) => n - before[i]!)).toEqual([0, 0, 1]);
  });

  it('deleting the bridge releases its ports, which may then join another bridge', () => {
    const l = lan(2);
    l.sw.deleteDevice('br0');
    expect(l.br.isDeleted).toBe(true);
    expect(l.hosts.map((h) => h.port.masterName)).toEqual([null, null]);
    expect(l.sw.links().map((x) => x.name)).toEqual(['lo', 'p1', 'p2']);
    const br1 = new LinuxBridge(l.sw, 'br1');
    br1.addPort(l.hosts[0]!.port);
    br1.addPort(l.hosts[1]!.port);
    br1.up();
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l)).toEqual([0, 1]);
  });

  it('a port moved to another namespace leaves its bridge', () => {
    const l = lan(3);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    l.sw.moveDevice('p1', l.sim.namespace('elsewhere'));
    expect(l.br.ports.map((p) => p.device.name)).toEqual(['p3', 'p2']);
    expect(l.br.fdbEntries().map((e) => e.dev)).toEqual(['p2', 'p3']);
    expect(String(l.br.mac)).toBe(portMac(2));
  });

  it('a deleted veth leaves its bridge', () => {
    const l = lan(2);
    l.hosts[0]!.veth.delete();
    expect(l.br.ports.map((p) => p.device.name)).toEqual(['p2']);
    expect(l.br.fdbEntries().map((e) => e.dev)).toEqual(['p2']);
    expect(String(l.br.mac)).toBe(portMac(2));
  });
});

describe('port state machine (§4.2)', () => {
  it('a port is disabled until the bridge is up and the port is up with carrier; then forwarding at once', () => {
    const sim = new Simulator({ seed: 1 });
    const sw = sim.namespace('sw');
    const br = new LinuxBridge(sw, 'br0');
    const states = collect(sim, 'port:state');
    const h = attachHost(sim, sw, br, 1, false);
    const p = br.port(h.port)!;
    expect(p.portState).toBe('disabled');
    h.port.up(); // our end up, peer down: no carrier
    br.up();
    expect(p.portState).toBe('disabled');
    sim.runFor('42s');
    expect(p.portState).toBe('disabled');
    h.nic.up(); // carrier on both ends
    expect(p.portState).toBe('forwarding'); // STP off: no listening/learning
    expect(states.map((e) => `${e.time} ${e.port} ${e.from}->${e.to}`)).toEqual(['42000000000 p1 disabled->forwarding']);
  });

  it('bridge up with running ports: every port forwards at the same instant', () => {
    const l = lan(3, { up: false });
    const states = collect(l.sim, 'port:state');
    l.sim.runFor('3s');
    expect(l.br.portSnapshots().map((p) => p.state)).toEqual(['disabled', 'disabled', 'disabled']);
    l.br.up();
    expect(l.br.portSnapshots().map((p) => p.state)).toEqual(['forwarding', 'forwarding', 'forwarding']);
    expect(states.map((e) => `${e.time} ${e.to}`)).toEqual(['3000000000 forwarding', '3000000000 forwarding', '3000000000 forwarding']);
  });

  it('bridge down → every port disabled and their learned entries flushed', () => {
    const l = lan(3);
    for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
    expect(Object.keys(learned(l.br))).toHaveLength(3);
    l.br.addFdbEntry('02:00:00:00:00:aa', 'p1', { kind: 'static' });
    const flushes = collect(l.sim, 'fdb:flush');
    l.br.down();
    expect(l.br.portSnapshots().map((p) => p.state)).toEqual(['disabled', 'disabled', 'disabled']);
    expect(learned(l.br)).toEqual({});
    expect(flushes).toHaveLength(3);
    // static and local entries stay
    expect(l.br.fdbEntries().map((e) => `${e.mac} ${e.kind}`)).toEqual([
      '02:00:00:00:00:aa static',
      `${portMac(1)} permanent`,
      `${portMac(2)} permanent`,
      `${portMac(3)} permanent`,
    ]);
  });

  it('port carrier loss (the peer goes down) → disabled at once and its dynamic entries flushed, others kept', () => {
    const l = lan(3);
    for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
    l.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'static' });
    l.br.addFdbEntry('02:00:00:00:00:bb', 'p2', { kind: 'dynamic' });
    const flushes = collect(l.sim, 'fdb:flush');
    l.sim.runFor('10s');
    const t = l.sim.now;
    l.hosts[1]!.nic.down();
    expect(l.br.port('p2')?.portState).toBe('disabled');
    expect(l.br.port('p1')?.portState).toBe('forwarding');
    expect(learned(l.br)).toEqual({ [hostMac(1)]: 'p1', [hostMac(3)]: 'p3' });
    expect(flushes.map((e) => `${e.time} ${e.mac} ${e.port}`).sort()).toEqual([`${t} ${hostMac(2)} p2`, `${t} 02:00:00:00:00:bb p2`]);
    expect(l.br.fdbEntries().filter((e) => e.dev === 'p2').map((e) => `${e.mac} ${e.kind}`)).toEqual(['02:00:00:00:00:aa static', `${portMac(2)} permanent`]);
    // up again: forwarding, nothing relearned until h2 speaks
    l.hosts[1]!.nic.up();
    expect(l.br.port('p2')?.portState).toBe('forwarding');
    expect(learned(l.br)[hostMac(2)]).toBeUndefined();
  });

  it('the port device going down disables the port and flushes it', () => {
    const l = lan(2);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    l.hosts[0]!.port.down();
    expect(l.br.port('p1')?.portState).toBe('disabled');
    expect(learned(l.br)).toEqual({});
  });

  it('a disabled port receives no floods; with the bridge down, arriving frames are dropped unlearned', () => {
    const l = lan(3);
    l.hosts[2]!.nic.down();
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l)).toEqual([0, 1, 0]);
    l.br.down();
    const drops = collect(l.sim, 'frame:drop');
    send(l, l.hosts[1]!, 'ff:ff:ff:ff:ff:ff', { src: '02:00:00:00:55:55' });
    expect(rxCounts(l)).toEqual([0, 1, 0]);
    expect(drops.map((d) => `${d.dev} ${d.reason}`)).toEqual(['p2 bridge-down']);
    expect(l.br.fdbEntries().some((e) => e.mac === '02:00:00:00:55:55')).toBe(false);
  });
});

describe('per-port flags (§4.5)', () => {
  it('defaults: learning, flood, mcast_flood, bcast_flood on; hairpin, isolated off', () => {
    const l = lan(1);
    expect(l.br.port('p1')?.portFlags).toEqual({ learning: true, flood: true, mcast_flood: true, bcast_flood: true, hairpin: false, isolated: false });
  });

  it('learning off: the source is not learned, the frame is still forwarded', () => {
    const l = lan(3);
    l.br.setPortFlags('p1', { learning: false });
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(learned(l.br)).toEqual({});
    expect(rxCounts(l)).toEqual([0, 1, 1]);
    // so frames to h1 are unknown unicast: flooded to p1 and p3
    send(l, l.hosts[1]!, hostMac(1));
    expect(rxCounts(l)).toEqual([1, 1, 2]);
  });

  // Observed on Linux 6.18: `bridge link set dev v1 learning off` keeps the learned entry.
  it('turning learning off does not flush what was learned', () => {
    const l = lan(2);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    l.br.setPortFlags(l.hosts[0]!.port, { learning: false });
    expect(learned(l.br)).toEqual({ [hostMac(1)]: 'p1' });
  });

  it('flood off: no unknown unicast to the port, but broadcast, multicast and known unicast still', () => {
    const l = lan(3);
    l.br.setPortFlags('p3', { flood: false });
    send(l, l.hosts[0]!, '02:00:00:00:99:99');
    expect(rxCounts(l)).toEqual([0, 1, 0]);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    send(l, l.hosts[0]!, '01:00:5e:00:00:fb');
    expect(rxCounts(l)).toEqual([0, 3, 2]);
    send(l, l.hosts[2]!, 'ff:ff:ff:ff:ff:ff'); // h3 is now known on p3
    send(l, l.hosts[0]!, hostMac(3));
    expect(rxCounts(l)).toEqual([1, 4, 3]);
  });

  it('mcast_flood off: no multicast to the port; broadcast still', () => {
    const l = lan(3);
    l.br.setPortFlags('p3', { mcast_flood: false });
    send(l, l.hosts[0]!, '01:00:5e:00:00:fb');
    send(l, l.hosts[0]!, '33:33:00:00:00:01');
    expect(rxCounts(l)).toEqual([0, 2, 0]);
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l)).toEqual([0, 3, 1]);
  });

  it('bcast_flood off: no broadcast to the port; multicast still', () => {
    const l = lan(3);
    l.br.setPortFlags('p3', { bcast_flood: false });
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l)).toEqual([0, 1, 0]);
    send(l, l.hosts[0]!, '01:00:5e:00:00:fb');
    expect(rxCounts(l)).toEqual([0, 2, 1]);
  });

  it("frames the bridge sends itself ignore mcast_flood/bcast_flood but respect flood (§4.10)", () => {
    const l = lan(3);
    for (const p of ['p1', 'p2', 'p3']) l.br.setPortFlags(p, { mcast_flood: false, bcast_flood: false });
    l.br.setPortFlags('p2', { flood: false });
    l.br.up();
    const own = String(l.br.mac);
    expect(l.br.transmit(Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: own, etherType: ETH_TEST }, new Uint8Array(46)))).toBe(true);
    expect(l.br.transmit(Frame.build({ dst: '01:00:5e:00:00:fb', src: own, etherType: ETH_TEST }, new Uint8Array(46)))).toBe(true);
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([2, 2, 2]);
    l.br.transmit(Frame.build({ dst: '02:00:00:00:99:99', src: own, etherType: ETH_TEST }, new Uint8Array(46)));
    l.sim.runFor('1us');
    expect(rxCounts(l)).toEqual([3, 2, 3]);
    expect(learned(l.br)).toEqual({}); // never learned from its own frames
  });

  it('hairpin: a known unicast may leave by its ingress port', () => {
    const l = lan(2);
    // h1 sends with a source that then appears on p1, and a frame back to it from p1 itself
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff', { src: '02:00:00:00:77:77' });
    const drops = collect(l.sim, 'frame:drop');
    send(l, l.hosts[0]!, '02:00:00:00:77:77');
    expect(rxCounts(l)).toEqual([0, 1]);
    expect(drops.map((d) => `${d.dev} ${d.reason}`)).toEqual(['p1 ingress-port']);
    l.br.setPortFlags('p1', { hairpin: true });
    send(l, l.hosts[0]!, '02:00:00:00:77:77');
    expect(rxCounts(l)).toEqual([1, 1]);
    expect(received(l.hosts[0]!)[0]!.dst.toString()).toBe('02:00:00:00:77:77');
  });

  it('hairpin: floods go back out of the ingress port too', () => {
    const l = lan(2);
    l.br.setPortFlags('p1', { hairpin: true });
    send(l, l.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    expect(rxCounts(l)).toEqual([1, 1]);
  });

  it('isolated ports do not talk to each other; isolated ↔ non-isolated is fine', () => {
    const l = lan(3);
    l.br.setPortFlags('p1', { isolated: true });
    l.br.setPortFlags('p2', { isolated: true });
    for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff'); // learn everybody
    // floods: h1's broadcast reached h3 only; h2's too; h3's reached both
    expect(rxCounts(l)).toEqual([1, 1, 2]);
    const drops = collect(l.sim, 'frame:drop');
    send(l, l.hosts[0]!, hostMac(2)); // isolated → isolated: dropped
    expect(rxCounts(l)).toEqual([1, 1, 2]);
    expect(drops.map((d) => d.reason)).toEqual(['isolated']);
    send(l, l.hosts[0]!, hostMac(3));
    send(l, l.hosts[2]!, hostMac(1));
    expect(rxCounts(l)).toEqual([2, 1, 3]);
  });

  it('setPortFlags validates names, values and the port, and changes nothing on error', () => {
    const l = lan(2);
    const before = l.br.portSnapshots();
    expectCode(() => l.br.setPortFlags('p1', { hairpin: true, bogus: true } as never), 'invalid-argument');
    expectCode(() => l.br.setPortFlags('p1', { hairpin: true, flood: 1 } as never), 'invalid-argument');
    expectCode(() => l.br.setPortFlags('nope', { hairpin: true }), 'not-found');
    expectCode(() => l.br.setPortFlags(l.sw.lo, { hairpin: true }), 'not-found');
    expect(l.br.portSnapshots()).toEqual(before);
  });
});
