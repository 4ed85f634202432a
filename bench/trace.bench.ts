// Capture and tracing overhead: the bridge workload (N=128 hosts, each pinging the next) with every
// device captured and a trace listener on every kind, against none, and against a listener on a
// kind that never fires (nobody listening to frames), in the same run.
import { performance } from 'node:perf_hooks';
import { buildStar } from './bridge.bench.js';

const addr = (i: number): string => {
  const a = 0x0a000000 + i + 1;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
};

function run(mode: 'none' | 'idle-listener' | 'capture+trace', n = 128, k = 200): number {
  const { sim, hosts } = buildStar(n);
  let seen = 0;
  if (mode === 'capture+trace') {
    sim.capture();
    sim.on('*', () => {
      seen++;
    });
  }
  if (mode === 'idle-listener') sim.on('port:state', () => seen++);
  hosts.forEach((h, i) => h.ping(addr((i + 1) % n), { count: k, interval: '1ms', quiet: true }));
  const t0 = performance.now();
  sim.runFor(`${k + 20}ms`);
  return performance.now() - t0 + seen * 0;
}

export function runTraceBench(): void {
  const modes = ['none', 'idle-listener', 'capture+trace'] as const;
  const times: Record<string, number[]> = { none: [], 'idle-listener': [], 'capture+trace': [] };
  run('none');
  for (let r = 0; r < 5; r++) for (const m of modes) times[m]!.push(run(m));
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  const base = med(times.none!);
  for (const m of modes) {
    const t = med(times[m]!);
    console.log(`${`N=128 ring, ${m}`.padEnd(44)} ${t.toFixed(0).padStart(6)} ms   ratio to none ${(t / base).toFixed(3)}x`);
  }
}
