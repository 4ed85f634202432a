import { describe, expect, it } from 'vitest';
import { Simulator, VethPair } from '../../src/index.js';

// Linux has one ARP table for all namespaces: gc_thresh1 (128) counts every namespace's entries,
// and one periodic sweep (every base_reachable_time/2 = 15 s) collects unused entries in all of them.
describe('neighbour garbage collection across namespaces', () => {
  function world(perNs: number): Simulator {
    const sim = new Simulator({ seed: 1 });
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' }).up();
    for (const ns of [a, b]) {
      ns.addAddress('eth0', ns === a ? '10.0.0.1/16' : '10.0.0.2/16');
      for (let i = 0; i < perNs; i++) ns.addNeighbour(`10.0.${1 + (i >> 8)}.${i & 255}`, { dev: 'eth0', lladdr: '02:00:00:00:00:99', state: 'stale' });
    }
    return sim;
  }

  it('with 64 + 64 STALE entries (the threshold reached together), both namespaces are swept at 60 s', () => {
    const sim = world(64);
    sim.runUntil('59s');
    expect(sim.namespace('a').neighbours().length + sim.namespace('b').neighbours().length).toBe(128);
    sim.runUntil('60s');
    expect(sim.namespace('a').neighbours().length + sim.namespace('b').neighbours().length).toBe(0);
  });

  it('with 63 + 63 entries nothing is ever collected (below gc_thresh1)', () => {
    const sim = world(63);
    sim.runUntil('600s');
    expect(sim.namespace('a').neighbours().length + sim.namespace('b').neighbours().length).toBe(126);
    expect(sim.pendingEvents).toBe(0);
  });

  it('lowering gc_thresh1 starts the sweep in every namespace', () => {
    const sim = world(10);
    sim.namespace('b').sysctl('net.ipv4.neigh.default.gc_thresh1', 20);
    sim.runUntil('60s');
    expect(sim.namespace('a').neighbours().length + sim.namespace('b').neighbours().length).toBe(0);
  });
});
