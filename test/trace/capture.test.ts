import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Capture, Frame, readPcap, type TraceEvent } from '../../src/index.js';
import { writePcap, writePcapng } from '../../src/trace/index.js';
import { expectCode } from '../support/errors.js';
import { cniNode, describe as frameText, twoHosts } from '../support/topology.js';

interface Golden {
  file: string;
  index: number;
  hex: string;
}
const GOLDEN: Golden[] = JSON.parse(readFileSync(new URL('../fixtures/kernel/frames.json', import.meta.url), 'utf8'));

describe('readPcap', () => {
  it.each(['ping.pcap', 'unreachable.pcap', 'garp.pcap', 'vlan.pcap'])('reads the kernel capture %s (tcpdump, nanosecond pcap) frame for frame', (file) => {
    const r = readPcap(new Uint8Array(readFileSync(new URL(`../fixtures/kernel/${file}`, import.meta.url))));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hex = r.value.packets.map((p) => Buffer.from(p.bytes).toString('hex'));
    expect(hex).toEqual(GOLDEN.filter((g) => g.file === file).map((g) => g.hex));
    expect(r.value.format).toBe('pcap');
    expect(r.value.interfaces[0]!.linkType).toBe(1);
  });

  it('round-trips our pcap and pcapng writers, with times, interfaces and directions', () => {
    const f1 = Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: 0x0806 }, new Uint8Array(28));
    const f2 = Frame.build({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', etherType: 0x0800 }, new Uint8Array(84));
    const recs = [
      { time: 0, iface: 0, direction: 'out' as const, frame: f1 },
      { time: 1_500_000_001, iface: 1, direction: 'in' as const, frame: f2 },
      { time: 5_000_000_000_123, iface: 0, direction: 'in' as const, frame: f2 },
    ];
    const ng = readPcap(writePcapng(['a/eth0', 'node/cni0'], recs));
    expect(ng.ok).toBe(true);
    if (!ng.ok) return;
    expect(ng.value.interfaces.map((i) => i.name)).toEqual(['a/eth0', 'node/cni0']);
    expect(ng.value.packets.map((p) => [p.time, p.iface, p.direction, p.bytes.length])).toEqual([
      [0, 0, 'out', 42],
      [1_500_000_001, 1, 'in', 98],
      [5_000_000_000_123, 0, 'in', 98],
    ]);
    const pc = readPcap(writePcap(recs));
    expect(pc.ok && pc.value.packets.map((p) => [p.time, Buffer.from(p.bytes).toString('hex')])).toEqual(recs.map((r) => [r.time, r.frame.toHex()]));
  });

  it('reports broken files as errors, never throws', () => {
    for (const b of [new Uint8Array(0), new Uint8Array([1, 2, 3, 4, 5]), writePcap([]).subarray(0, 10)]) {
      const r = readPcap(b);
      expect(r.ok).toBe(false);
    }
    const cut = writePcapng(['x'], [{ time: 0, iface: 0, direction: 'in', frame: Frame.build({ dst: '02:00:00:00:00:01', src: '02:00:00:00:00:02', etherType: 0x0800 }, new Uint8Array(50)) }]);
    expect(readPcap(cut.subarray(0, cut.length - 8)).ok).toBe(false);
  });
});

describe('sim.capture', () => {
  it('records a frame delivered across a veth at both ends: out on the sender, in on the receiver', () => {
    const { sim, a, b } = twoHosts(2);
    const cap = sim.capture([a.device('eth0'), b.device('eth0')]);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const view = cap.records.map((r) => `${cap.interfaces[r.iface]} ${r.direction} ${frameText(r.frame)}`);
    expect(view).toEqual([
      'a/eth0 out ARP request who-has 10.0.0.2 tell 10.0.0.1',
      'b/eth0 in ARP request who-has 10.0.0.2 tell 10.0.0.1',
      'b/eth0 out ARP reply 10.0.0.2 is-at ' + String(b.device('eth0').mac),
      'a/eth0 in ARP reply 10.0.0.2 is-at ' + String(b.device('eth0').mac),
      'a/eth0 out ICMP echo-request seq=1 10.0.0.1>10.0.0.2',
      'b/eth0 in ICMP echo-request seq=1 10.0.0.1>10.0.0.2',
      'b/eth0 out ICMP echo-reply seq=1 10.0.0.2>10.0.0.1',
      'a/eth0 in ICMP echo-reply seq=1 10.0.0.2>10.0.0.1',
    ]);
  });

  it('on the bridge device: frames forwarded between ports are not seen; broadcasts delivered up and frames the bridge sends are', () => {
    const { sim, cni0, pods } = cniNode(2, { seed: 4 });
    const cap = sim.capture(cni0);
    pods[0]!.ping('10.244.0.3', { count: 2, interval: '100ms' });
    sim.runFor('1s');
    expect(cap.records.map((r) => `${r.direction} ${frameText(r.frame)}`)).toEqual(['in ARP request who-has 10.244.0.3 tell 10.244.0.2']);
    const cap2 = sim.capture(cni0);
    pods[1]!.ping('10.244.0.1', { count: 1 });
    sim.runFor('1s');
    expect(cap2.records.map((r) => `${r.direction} ${frameText(r.frame)}`)).toEqual([
      'in ARP request who-has 10.244.0.1 tell 10.244.0.3',
      'out ARP reply 10.244.0.1 is-at ' + String(cni0.mac),
      'in ICMP echo-request seq=1 10.244.0.3>10.244.0.1',
      'out ICMP echo-reply seq=1 10.244.0.1>10.244.0.3',
    ]);
  });

  it('starts at the moment it is called, can be stopped, and honours a frame limit', () => {
    const { sim, a } = twoHosts(2);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    const cap = sim.capture(a.device('eth0'));
    const lim = sim.capture(a.device('eth0'), { limit: 3 });
    expect(cap.size).toBe(0);
    a.ping('10.0.0.2', { count: 3, interval: '100ms' });
    sim.runUntil('1.15s');
    cap.stop();
    sim.runFor('1s');
    expect(cap.size).toBe(4); // two echo requests and replies before the stop
    expect(cap.recording).toBe(false);
    expect(lim.size).toBe(3);
    expectCode(() => sim.capture(a.device('eth0'), { limit: 0 }), 'invalid-argument');
    expectCode(() => new Capture({ limit: 1.5 }), 'invalid-argument');
  });

  it('captures every device, present and future, when none is named', () => {
    const { sim, a } = twoHosts(2);
    const cap = sim.capture();
    const c = sim.namespace('c');
    expect(cap.interfaces).toEqual(['a/lo', 'a/eth0', 'b/lo', 'b/eth0', 'c/lo']);
    void c;
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(cap.size).toBe(8);
  });

  it('a device named twice is captured once: one interface, each frame recorded once', () => {
    const { sim, a, b } = twoHosts(2);
    const [ea, eb] = [a.device('eth0'), b.device('eth0')];
    const twice = sim.capture([ea, ea]);
    const mixed = sim.capture([ea, eb, ea]);
    const single = sim.capture(ea);
    expect(twice.interfaces).toEqual(['a/eth0']);
    expect(mixed.interfaces).toEqual(['a/eth0', 'b/eth0']);
    expect(ea.taps).toHaveLength(3); // one per capture
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(single.size).toBe(4);
    expect(twice.records.map((r) => [r.time, r.iface, r.direction, r.frame.toHex()])).toEqual(single.records.map((r) => [r.time, 0, r.direction, r.frame.toHex()]));
    expect(mixed.records.filter((r) => r.iface === 0)).toHaveLength(4);
    const f = readPcap(twice.pcapng());
    expect(f.ok && f.value.interfaces.map((i) => i.name)).toEqual(['a/eth0']);
  });

  it('stop() detaches the capture from its devices; a new capture still works and sees the same frames', () => {
    const { sim, a, b } = twoHosts(2);
    const [ea, eb] = [a.device('eth0'), b.device('eth0')];
    const all = sim.capture();
    const one = sim.capture([ea, eb]);
    expect(ea.taps).toHaveLength(2);
    one.stop();
    expect(ea.taps).toHaveLength(1);
    expect(eb.taps).toHaveLength(1);
    all.stop();
    for (const ns of sim.namespaces()) for (const d of ns.devices()) expect(d.taps, String(d)).toBeNull();
    one.stop(); // twice: nothing more
    expect(one.recording).toBe(false);
    sim.namespace('c'); // a device created after the stop is not tapped by the stopped capture
    expect(sim.namespace('c').lo.taps).toBeNull();
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect([all.size, one.size]).toEqual([0, 0]);
    const again = sim.capture(ea);
    expect(ea.taps).toHaveLength(1);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(again.records.map((r) => `${r.direction} ${frameText(r.frame)}`)).toEqual(['out ICMP echo-request seq=1 10.0.0.1>10.0.0.2', 'in ICMP echo-reply seq=1 10.0.0.2>10.0.0.1']);
  });

  it('a capture that reaches its frame limit detaches from its devices at that frame', () => {
    const { sim, a, b } = twoHosts(2);
    const [ea, eb] = [a.device('eth0'), b.device('eth0')];
    const lim = sim.capture([ea, eb], { limit: 3 });
    const other = sim.capture(eb);
    a.ping('10.0.0.2', { count: 1 });
    sim.runFor('1s');
    expect(lim.size).toBe(3);
    expect(lim.recording).toBe(false);
    expect(ea.taps).toBeNull();
    expect(eb.taps).toHaveLength(1); // only the other capture's tap is left
    expect(other.size).toBe(4);
    expect(other.recording).toBe(true);
  });

  it('rejects what is not a device of this simulation', () => {
    const { sim } = twoHosts(2);
    const other = twoHosts(3);
    expectCode(() => sim.capture(other.a.device('eth0')), 'invalid-argument');
    expectCode(() => sim.capture({} as never), 'invalid-argument');
  });
});

describe('capturing and listening never change the outcome', () => {
  function run(observe: boolean): unknown {
    const { sim, node, cni0, pods } = cniNode(3, { seed: 9, lo: true });
    const only = sim.capture(cni0);
    if (observe) {
      sim.capture();
      sim.capture(pods[1]!.device('eth0'), { limit: 2 });
      sim.on('*', (e: TraceEvent) => void e);
      sim.record();
    }
    const p1 = pods[0]!.ping('10.244.0.3', { count: 4, interval: '300ms' });
    const p2 = pods[2]!.ping('10.244.0.77', { count: 2 });
    const p3 = pods[1]!.ping('10.244.0.1', { count: 2 });
    sim.runFor('20s');
    return {
      events: sim.executedEvents,
      frames: only.records.map((r) => [r.time, r.direction, r.frame.toHex()]),
      links: sim.namespaces().map((n) => n.links()),
      neigh: sim.namespaces().map((n) => n.neighbours()),
      fdb: cni0.fdbEntries(),
      node: node.show('ip -s link'),
      pings: [p1, p2, p3].map((p) => [p.replies, p.errors, p.summary()]),
    };
  }
  it('the same frames, counters, tables and ping results with captures and listeners as without', () => {
    expect(run(true)).toEqual(run(false));
  });

  it('stopping captures (and reaching a limit) mid-run changes nothing either', () => {
    function staged(observe: boolean): unknown {
      const { sim, cni0, pods } = cniNode(3, { seed: 9, lo: true });
      const only = sim.capture(cni0);
      const p1 = pods[0]!.ping('10.244.0.3', { count: 6, interval: '300ms' });
      const p2 = pods[2]!.ping('10.244.0.1', { count: 3 });
      if (observe) {
        const all = sim.capture();
        sim.capture([pods[1]!.device('eth0'), pods[1]!.device('eth0')], { limit: 5 });
        sim.runFor('700ms');
        all.stop();
      }
      sim.runFor('20s');
      return {
        events: sim.executedEvents,
        frames: only.records.map((r) => [r.time, r.direction, r.frame.toHex()]),
        neigh: sim.namespaces().map((n) => n.neighbours()),
        links: sim.namespaces().map((n) => n.links()),
        fdb: cni0.fdbEntries(),
        pings: [p1, p2].map((p) => [p.replies, p.errors]),
      };
    }
    expect(staged(true)).toEqual(staged(false));
  });
});
