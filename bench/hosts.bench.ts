// Hosts: two hosts on one veth pair exchanging pings for 1 hour of virtual time (frames per wall
// second), and building 10,000 namespaces each with a veth end and an address (time and heap
// bytes per namespace). Baseline: the bare event loop's throughput measured in the same run.
import { performance } from 'node:perf_hooks';
import { Simulator, VethPair } from '../src/index.js';
import { fmtRate, measure } from './harness.js';
import { bareLoopRate } from './loop.bench.js';

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function pingHour(intervalMs = 10): { frames: number; wallS: number; events: number } {
  const sim = new Simulator({ seed: 1 });
  const a = sim.namespace('a');
  const b = sim.namespace('b');
  const v = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  a.addAddress('eth0', '10.0.0.1/24');
  b.addAddress('eth0', '10.0.0.2/24');
  v.up();
  const count = Math.floor(3_600_000 / intervalMs);
  a.ping('10.0.0.2', { count, interval: intervalMs * 1_000_000, quiet: true });
  const t0 = performance.now();
  sim.runFor('1h');
  const wallS = (performance.now() - t0) / 1000;
  return { frames: a.device('eth0').stats.txPackets + b.device('eth0').stats.txPackets, wallS, events: sim.executedEvents };
}

export function manyNamespaces(n = 10_000): { buildS: number; heapPerNs: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const sim = new Simulator({ seed: 1 });
  for (let i = 0; i < n; i += 2) {
    const x = sim.namespace(`ns${i}`);
    const y = sim.namespace(`ns${i + 1}`);
    new VethPair({ ns: x, name: 'eth0' }, { ns: y, name: 'eth0' });
    const o = i % 250;
    x.addAddress('eth0', `10.${Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${o + 1}/16`);
    y.addAddress('eth0', `10.${Math.floor(i / 62500)}.${Math.floor(i / 250) % 250}.${o + 2}/16`);
  }
  const buildS = (performance.now() - t0) / 1000;
  gc();
  const after = process.memoryUsage().heapUsed;
  if (sim.namespaces().length !== n) throw new Error('namespaces');
  return { buildS, heapPerNs: (after - before) / n };
}

export function runHostsBench(): void {
  const base = bareLoopRate();
  const r = pingHour();
  const rate = r.frames / r.wallS;
  console.log(`${'ping for 1 h virtual (10 ms interval)'.padEnd(44)} ${fmtRate(rate).padStart(11)} frames (${r.frames} frames, ${r.events} events in ${r.wallS.toFixed(2)} s)   baseline bare loop: ${fmtRate(base)} events   ratio ${(base / (r.events / r.wallS)).toFixed(2)}x per event`);
  const m = manyNamespaces();
  const gcNote = (globalThis as { gc?: unknown }).gc === undefined ? ' (run with node --expose-gc for exact heap figures)' : '';
  console.log(`${'10,000 namespaces with a veth and an address'.padEnd(44)} build ${m.buildS.toFixed(2)} s (${((m.buildS / 10_000) * 1e6).toFixed(0)} µs/ns), heap ${(m.heapPerNs / 1024).toFixed(2)} KiB per namespace${gcNote}`);
  void measure;
}
