// Properties of the bridge in the simulator (fast-check; the seed is printed by test/setup.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Frame, LinuxBridge, MacAddress, MICROSECOND, type NetworkNamespace, Simulator, type TraceEvent, VethPair } from '../../src/index.js';
import { cniNode } from '../support/topology.js';
import { collect, frame, hostMac, lan, portMac, received, rxCounts, send } from './support.js';

const BOUND = { maxEvents: 100_000 };

/** Destinations a test frame may have, relative to a LAN of n hosts. */
type Dst = { k: 'bcast' } | { k: 'mcast' } | { k: 'host'; i: number } | { k: 'stranger'; i: number } | { k: 'port'; i: number } | { k: 'bridge' } | { k: 'linklocal'; x: number };
const dstArb = (n: number): fc.Arbitrary<Dst> =>
  fc.oneof(
    fc.constant<Dst>({ k: 'bcast' }),
    fc.constant<Dst>({ k: 'mcast' }),
    fc.integer({ min: 1, max: n }).map((i): Dst => ({ k: 'host', i })),
    fc.integer({ min: 1, max: 4 }).map((i): Dst => ({ k: 'stranger', i })),
    fc.integer({ min: 1, max: n }).map((i): Dst => ({ k: 'port', i })),
    fc.constant<Dst>({ k: 'bridge' }),
    fc.integer({ min: 0, max: 15 }).map((x): Dst => ({ k: 'linklocal', x })),
  );
const strangerMac = (i: number): string => `02:00:00:00:77:${(0x70 + i).toString(16)}`;
function dstMac(d: Dst, br: LinuxBridge): string {
  switch (d.k) {
    case 'bcast':
      return 'ff:ff:ff:ff:ff:ff';
    case 'mcast':
      return '01:00:5e:00:00:fb';
    case 'host':
      return hostMac(d.i);
    case 'stranger':
      return strangerMac(d.i);
    case 'port':
      return portMac(d.i);
    case 'bridge':
      return String(br.mac);
    case 'linklocal':
      return `01:80:c2:00:00:${d.x.toString(16).padStart(2, '0')}`;
  }
}

/** Sources: the host's own MAC, a "stranger" MAC (a VM behind the host), or an invalid one. */
type Src = { k: 'own' } | { k: 'stranger'; i: number } | { k: 'bad'; mac: string } | { k: 'port'; i: number };
const srcArb = (n: number): fc.Arbitrary<Src> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant<Src>({ k: 'own' }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }).map((i): Src => ({ k: 'stranger', i })) },
    { weight: 1, arbitrary: fc.constantFrom('01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00').map((mac): Src => ({ k: 'bad', mac })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: n }).map((i): Src => ({ k: 'port', i })) },
  );
const srcMac = (s: Src, from: number): string => (s.k === 'own' ? hostMac(from) : s.k === 'stranger' ? strangerMac(s.i) : s.k === 'bad' ? s.mac : portMac(s.i));

const flagsArb = fc.record({ learning: fc.boolean(), flood: fc.boolean(), mcast_flood: fc.boolean(), bcast_flood: fc.boolean(), hairpin: fc.boolean(), isolated: fc.boolean() });

describe('bridge properties', () => {
  it('after a frame with a valid, non-local unicast source S arrives on a forwarding, learning port P, the FDB maps S to P', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            fc.array(fc.record({ from: fc.integer({ min: 1, max: n }), src: srcArb(n), dst: dstArb(n) }), { minLength: 1, maxLength: 30 }),
          ),
        ),
        ([n, learning, frames]) => {
          const l = lan(n);
          learning.forEach((on, i) => l.br.setPortFlags(`p${i + 1}`, { learning: on }));
          for (const f of frames) {
            const src = srcMac(f.src, f.from);
            const dst = dstMac(f.dst, l.br);
            const local = l.br.fdbEntries().some((e) => e.local && e.mac === src);
            send(l, l.hosts[f.from - 1]!, dst, { src });
            const s = MacAddress.from(src);
            const pause = dst === '01:80:c2:00:00:01';
            if (s.isValidUnicast && !local && learning[f.from - 1] && !pause) {
              const e = l.br.fdbEntries().find((x) => x.mac === src);
              expect(e?.dev, `${src} after a frame on p${f.from}`).toBe(`p${f.from}`);
              expect(e?.updated).toBe(l.sim.now - 1 * MICROSECOND);
            }
            if (!s.isValidUnicast) expect(l.br.fdbEntries().some((x) => x.mac === src)).toBe(false);
          }
        },
      ),
    );
  });

  it('no frame ever leaves by its ingress port unless that port has hairpin on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(flagsArb, { minLength: n, maxLength: n }),
            fc.array(fc.record({ from: fc.integer({ min: 1, max: n }), src: srcArb(n), dst: dstArb(n) }), { minLength: 1, maxLength: 30 }),
          ),
        ),
        ([n, flags, frames]) => {
          const l = lan(n);
          flags.forEach((f, i) => l.br.setPortFlags(`p${i + 1}`, f));
          const tx = collect(l.sim, 'frame:tx');
          for (const f of frames) {
            tx.length = 0;
            send(l, l.hosts[f.from - 1]!, dstMac(f.dst, l.br), { src: srcMac(f.src, f.from) });
            const out = tx.filter((e) => e.ns === 'sw').map((e) => e.dev);
            if (!flags[f.from - 1]!.hairpin) expect(out).not.toContain(`p${f.from}`);
            // and never twice by the same port
            expect(new Set(out).size).toBe(out.length);
          }
        },
      ),
    );
  });

  it('a broadcast reaches every other forwarding port exactly once, and no other port', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.boolean(), { minLength: n, maxLength: n }), // port up?
            fc.integer({ min: 1, max: n }),
            fc.array(fc.record({ from: fc.integer({ min: 1, max: n }), dst: dstArb(n) }), { maxLength: 10 }), // earlier traffic
            fc.array(fc.integer({ min: 1, max: n }), { maxLength: 3 }), // ports removed and added again (reordering)
          ),
        ),
        ([n, upGen, sender, history, readd]) => {
          const l = lan(n);
          const up = [...upGen];
          for (const i of readd) {
            l.br.removePort(l.hosts[i - 1]!.port);
            l.br.addPort(l.hosts[i - 1]!.port);
          }
          for (const f of history) send(l, l.hosts[f.from - 1]!, dstMac(f.dst, l.br));
          up[sender - 1] = true;
          up.forEach((u, i) => {
            if (!u) l.hosts[i]!.nic.down();
          });
          const before = rxCounts(l);
          const f = send(l, l.hosts[sender - 1]!, 'ff:ff:ff:ff:ff:ff');
          const delta = rxCounts(l).map((c, i) => c - before[i]!);
          expect(delta).toEqual(up.map((u, i) => (u && i !== sender - 1 ? 1 : 0)));
          for (const [i, h] of l.hosts.entries()) if (delta[i] === 1) expect(received(h).at(-1)!.bytes).toEqual(f.bytes);
        },
      ),
    );
  });

  it('in a random loop-free tree of bridges, once every host has spoken, a unicast reaches its destination and no other host', () => {
    const tree = fc.integer({ min: 1, max: 5 }).chain((k) =>
      fc.record({
        parents: fc.tuple(...Array.from({ length: k - 1 }, (_, i) => fc.integer({ min: 0, max: i }))),
        hosts: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: 2, maxLength: 8 }),
        order: fc.func(fc.integer()),
        pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
    );
    fc.assert(
      fc.property(tree, ({ parents, hosts, order, pairs, seed }) => {
        const sim = new Simulator({ seed });
        const bridges: { ns: NetworkNamespace; br: LinuxBridge }[] = [];
        for (let b = 0; b <= parents.length; b++) {
          const ns = sim.namespace(`b${b}`);
          const br = new LinuxBridge(ns, 'br0');
          br.up();
          bridges.push({ ns, br });
        }
        parents.forEach((p, i) => {
          const child = bridges[i + 1]!;
          const parent = bridges[p]!;
          const v = new VethPair({ ns: parent.ns, name: `down${i + 1}` }, { ns: child.ns, name: 'up' });
          parent.br.addPort(v.a);
          child.br.addPort(v.b);
          v.up();
        });
        const nics = hosts.map((b, i) => {
          const ns = sim.namespace(`h${i + 1}`);
          const v = new VethPair({ ns: bridges[b]!.ns, name: `h${i + 1}` }, { ns, name: 'eth0', mac: hostMac(i + 1) });
          bridges[b]!.br.addPort(v.a);
          v.up();
          return v.b;
        });
        const caps = nics.map((nic) => sim.capture(nic));
        const inCount = (): number[] => caps.map((c) => c.records.filter((r) => r.direction === 'in').length);
        // every host speaks once (a broadcast), in a random order
        const speakOrder = nics.map((_, i) => i).sort((a, b) => order(a) - order(b) || a - b);
        for (const i of speakOrder) {
          nics[i]!.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(i + 1)));
          sim.runFor('1us', BOUND);
        }
        for (const [x, y] of pairs) {
          const a = x % nics.length;
          const b = y % nics.length;
          if (a === b) continue;
          const before = inCount();
          nics[a]!.transmit(frame(hostMac(b + 1), hostMac(a + 1)));
          sim.runFor('1us', BOUND);
          const delta = inCount().map((c, i) => c - before[i]!);
          expect(delta).toEqual(nics.map((_, i) => (i === b ? 1 : 0)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('learned entries disappear exactly at last-seen-as-source + ageing time, and not before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }).map((k) => (2 * k + 1) * MICROSECOND), // odd µs: never a sending instant
        fc.array(
          fc.record({ at: fc.integer({ min: 0, max: 5_000 }).map((k) => 2 * k * MICROSECOND), from: fc.integer({ min: 1, max: 3 }), src: fc.integer({ min: 1, max: 4 }), toKnown: fc.boolean() }),
          { minLength: 1, maxLength: 25 },
        ),
        (ageing, events) => {
          const l = lan(3, { bridge: { ageingTime: ageing } });
          const ages = collect(l.sim, 'fdb:age');
          events.sort((a, b) => a.at - b.at);
          const seen = new Map<string, number[]>();
          for (const e of events) {
            l.sim.runUntil(e.at, BOUND);
            const src = strangerMac(e.src);
            // either a broadcast from src, or a frame from host 3 *to* src (which must not refresh it)
            if (e.toKnown) {
              l.hosts[2]!.nic.transmit(frame(src, hostMac(3)));
              seen.set(hostMac(3), [...(seen.get(hostMac(3)) ?? []), e.at]);
            } else {
              l.hosts[e.from - 1]!.nic.transmit(frame('ff:ff:ff:ff:ff:ff', src));
              seen.set(src, [...(seen.get(src) ?? []), e.at]);
            }
          }
          // the expected ageing instants: the end of each run of sightings less than `ageing` apart
          const expected: string[] = [];
          for (const [mac, times] of seen) {
            for (let i = 0; i < times.length; i++) {
              const next = times[i + 1];
              if (next === undefined || next >= times[i]! + ageing) expected.push(`${times[i]! + ageing} ${mac}`);
            }
          }
          // walk to each later expected instant: present 1 ns before, gone at it
          for (const x of [...expected].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]))) {
            const [ts, mac] = x.split(' ') as [string, string];
            const t = Number(ts);
            if (t - 1 < l.sim.now) continue; // passed while feeding: the age events below pin those
            l.sim.runUntil(t - 1, BOUND);
            expect(l.br.fdbEntries().some((e) => e.mac === mac), `${mac} 1 ns before ${t}`).toBe(true);
            l.sim.runUntil(t, BOUND);
            expect(l.br.fdbEntries().some((e) => e.mac === mac), `${mac} at ${t}`).toBe(false);
          }
          l.sim.runFor(ageing + 1, BOUND);
          expect(ages.map((e) => `${e.time} ${e.mac}`).sort()).toEqual(expected.sort());
          expect(l.br.fdbEntries().filter((e) => !e.local)).toEqual([]);
        },
      ),
    );
  });

  it('the same seed gives the same frames (pcap bytes), trace and FDB; the run is independent of listeners', () => {
    const scenario = fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      pods: fc.integer({ min: 1, max: 4 }),
      pings: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), count: fc.integer({ min: 1, max: 3 }), at: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 5 }),
      downAt: fc.option(fc.record({ pod: fc.nat(), at: fc.integer({ min: 0, max: 20_000 }) })),
    });
    type Scenario = { seed: number; pods: number; pings: { from: number; to: number; count: number; at: number }[]; downAt: { pod: number; at: number } | null };
    const run = (s: Scenario, listen: boolean) => {
      const { sim, node, cni0, pods } = cniNode(s.pods, { seed: s.seed });
      const cap = sim.capture();
      const log: string[] = [];
      if (listen) sim.on('*', (e: TraceEvent) => log.push(JSON.stringify(e, (k, v: unknown) => (k === 'frame' && v instanceof Frame ? Buffer.from(v.bytes).toString('hex') : v))));
      for (const p of [...s.pings].sort((a, b) => a.at - b.at)) {
        sim.runUntil(p.at * 1_000_000, BOUND);
        pods[p.from % pods.length]!.ping(`10.244.0.${(p.to % (pods.length + 1)) + 1}`, { count: p.count });
      }
      if (s.downAt !== null) {
        sim.runUntil(Math.max(sim.now, s.downAt.at * 1_000_000), BOUND);
        pods[s.downAt.pod % pods.length]!.device('eth0').down();
      }
      sim.runFor('30s', BOUND);
      return { pcap: Buffer.from(cap.pcapng()).toString('hex'), log, fdb: node.show('bridge fdb'), mac: String(cni0.mac), stats: cni0.stats, now: sim.now };
    };
    fc.assert(
      fc.property(scenario, (s) => {
        const a = run(s, true);
        const b = run(s, true);
        const c = run(s, false);
        expect(b).toEqual(a);
        expect({ ...c, log: a.log }).toEqual(a);
      }),
      { numRuns: 25 },
    );
  });
});

