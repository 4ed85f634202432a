// Loops of bridges without STP: a broadcast storms forever on Linux; here the run stops with
// L2SimError 'storm' naming the loop's ports, after a handful of events. Every run is bounded
// with maxEvents so that a regression fails instead of hanging or eating the memory.
import { describe, expect, it } from 'vitest';
import { L2SimError, LinuxBridge, type NetworkNamespace, Simulator, VethPair } from '../../src/index.js';
import { frame, hostMac } from './support.js';

const BOUND = { maxEvents: 200_000 };

function runExpectingStorm(sim: Simulator, run: () => unknown = () => sim.runFor('1s', BOUND)): L2SimError {
  let err: unknown;
  try {
    run();
  } catch (e) {
    err = e;
  }
  expect(err, 'the run should stop with a storm error').toBeInstanceOf(L2SimError);
  expect((err as L2SimError).code).toBe('storm');
  // quickly: a few dozen bridge traversals, not the maxEvents bound, and no virtual time spent
  expect(sim.executedEvents).toBeLessThan(2_000);
  expect(sim.now).toBe(0);
  return err as L2SimError;
}

/** A bridge in its own namespace, up. */
function bridge(sim: Simulator, name: string): { ns: NetworkNamespace; br: LinuxBridge } {
  const ns = sim.namespace(`ns-${name}`);
  const br = new LinuxBridge(ns, name);
  br.up();
  return { ns, br };
}

/** Join two bridges with a veth pair `<a>-<b>-<n>`; returns the two port names as `ns/bridge:port`. */
function join(x: { ns: NetworkNamespace; br: LinuxBridge }, y: { ns: NetworkNamespace; br: LinuxBridge }, n: number): string[] {
  const an = `to-${y.br.name}-${n}`;
  const bn = `to-${x.br.name}-${n}`;
  const v = new VethPair({ ns: x.ns, name: an }, { ns: y.ns, name: bn });
  x.br.addPort(v.a);
  y.br.addPort(v.b);
  v.up();
  return [`${x.ns.name}/${x.br.name}:${an}`, `${y.ns.name}/${y.br.name}:${bn}`];
}

/** A host on a bridge; returns its eth0. */
function host(sim: Simulator, b: { ns: NetworkNamespace; br: LinuxBridge }, i: number): VethPair {
  const ns = sim.namespace(`h${i}`);
  const v = new VethPair({ ns: b.ns, name: `h${i}` }, { ns, name: 'eth0', mac: hostMac(i) });
  b.br.addPort(v.a);
  v.up();
  return v;
}

function portsOf(err: L2SimError): string[] {
  const p = err.details.ports;
  expect(Array.isArray(p)).toBe(true);
  return p as string[];
}

describe('broadcast storms in loops without STP', () => {
  it('two bridges joined twice: the run throws storm naming the loop ports', () => {
    const sim = new Simulator({ seed: 1 });
    const a = bridge(sim, 'br0');
    const b = bridge(sim, 'br1');
    const loop = [...join(a, b, 1), ...join(a, b, 2)];
    const h = host(sim, a, 1);
    h.b.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1)));
    const err = runExpectingStorm(sim);
    const ports = portsOf(err);
    expect(ports.length).toBeGreaterThanOrEqual(2);
    for (const p of ports) expect(loop).toContain(p);
    expect(err.message).toContain(ports[0]);
  });

  it('three bridges in a ring: the run throws storm naming ports of the ring only', () => {
    const sim = new Simulator({ seed: 2 });
    const [a, b, c] = ['br0', 'br1', 'br2'].map((n) => bridge(sim, n)) as [ReturnType<typeof bridge>, ReturnType<typeof bridge>, ReturnType<typeof bridge>];
    const ring = [...join(a, b, 1), ...join(b, c, 1), ...join(c, a, 1)];
    host(sim, a, 1);
    const h2 = host(sim, b, 2);
    host(sim, c, 3);
    h2.b.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(2)));
    const ports = portsOf(runExpectingStorm(sim));
    expect(ports.length).toBeGreaterThanOrEqual(2);
    for (const p of ports) expect(ring).toContain(p);
  });

  it('an unknown unicast storms too (it is flooded)', () => {
    const sim = new Simulator({ seed: 3 });
    const a = bridge(sim, 'br0');
    const b = bridge(sim, 'br1');
    join(a, b, 1);
    join(a, b, 2);
    const h = host(sim, a, 1);
    h.b.transmit(frame(hostMac(99), hostMac(1)));
    runExpectingStorm(sim);
  });

  it('a single bridge with two of its ports joined by a veth pair storms', () => {
    const sim = new Simulator({ seed: 4 });
    const a = bridge(sim, 'br0');
    const v = new VethPair({ ns: a.ns, name: 'x' }, { ns: a.ns, name: 'y' });
    a.br.addPort(v.a);
    a.br.addPort(v.b);
    v.up();
    const h = host(sim, a, 1);
    h.b.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1)));
    const ports = portsOf(runExpectingStorm(sim));
    for (const p of ports) expect(['ns-br0/br0:x', 'ns-br0/br0:y']).toContain(p);
  });

  it('a storm is caught by runUntilIdle too', () => {
    const sim = new Simulator({ seed: 5 });
    const a = bridge(sim, 'br0');
    const b = bridge(sim, 'br1');
    join(a, b, 1);
    join(a, b, 2);
    host(sim, a, 1).b.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1)));
    runExpectingStorm(sim, () => sim.runUntilIdle(BOUND));
  });
});

describe('no false storms', () => {
  it('a chain of six bridges carries broadcasts from every host', () => {
    const sim = new Simulator({ seed: 6 });
    const bs = Array.from({ length: 6 }, (_, i) => bridge(sim, `br${i}`));
    for (let i = 1; i < bs.length; i++) join(bs[i - 1]!, bs[i]!, 1);
    const hosts = bs.map((b, i) => host(sim, b, i + 1));
    const caps = hosts.map((h) => sim.capture(h.b));
    for (const [i, h] of hosts.entries()) h.b.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(i + 1)));
    sim.runFor('1ms', BOUND);
    for (const c of caps) expect(c.records.filter((r) => r.direction === 'in')).toHaveLength(5);
  });

  it('the same Frame object sent many times through two bridges is not a storm (frames are values)', () => {
    const sim = new Simulator({ seed: 7 });
    const a = bridge(sim, 'br0');
    const b = bridge(sim, 'br1');
    join(a, b, 1);
    const h1 = host(sim, a, 1);
    const h2 = host(sim, b, 2);
    const cap = sim.capture(h2.b);
    const f = frame('ff:ff:ff:ff:ff:ff', hostMac(1));
    for (let i = 0; i < 30; i++) {
      h1.b.transmit(f);
      sim.runFor('1ms', BOUND);
    }
    for (let i = 0; i < 30; i++) h1.b.transmit(f); // and all at one instant
    sim.runFor('1ms', BOUND);
    expect(cap.records.filter((r) => r.direction === 'in')).toHaveLength(60);
  });

  it('a received frame sent on again by its receiver (the same object) is not a storm', () => {
    const sim = new Simulator({ seed: 8 });
    const a = bridge(sim, 'br0');
    const b = bridge(sim, 'br1');
    join(a, b, 1);
    const h1 = host(sim, a, 1);
    const h2 = host(sim, b, 2);
    const cap1 = sim.capture(h1.b);
    const cap2 = sim.capture(h2.b);
    h1.b.transmit(frame('ff:ff:ff:ff:ff:ff', hostMac(1)));
    sim.runFor('1ms', BOUND);
    // ping-pong the very same object 20 times between the hosts (an echo server in a test)
    for (let i = 0; i < 20; i++) {
      const [from, capIn] = i % 2 === 0 ? [h2, cap2] : [h1, cap1];
      const last = capIn.records.filter((r) => r.direction === 'in').at(-1)!.frame;
      from.b.transmit(last);
      sim.runFor('1ms', BOUND);
    }
    expect(cap1.records.filter((r) => r.direction === 'in')).toHaveLength(10);
  });
});
