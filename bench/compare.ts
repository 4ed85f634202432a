// npm run bench:compare: l2-ring-ping in l2sim and in ns-3, on this machine, in the same run.
//
// For each N (default 16, 128, 1024): one warm-up pair, then `pairs` pairs, each pair running
// l2sim and ns-3 one after the other (alternating which goes first), each in a fresh process.
// Prints per N the median ratio of run_wall_s l2sim/ns-3 with its range, the same ratio per link
// frame (ns-3's ARP does not learn from requests, so its frame counts differ; the output says so
// when they do), and both peaks. Both sides' counts are checked and must repeat across runs.
//
// Usage: npm run bench:compare [-- --ns=16,128,1024 --pairs=3 --k=1000]
// Needs bench/ns3/build/l2-ring-ping: run bench/ns3/build.sh (needs libns3-dev).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const NS3 = join(here, 'ns3', 'build', 'l2-ring-ping');
const arg = (k: string, d: string): string => process.argv.find((a) => a.startsWith(`--${k}=`))?.split('=')[1] ?? d;
const ns = arg('ns', '16,128,1024').split(',').map(Number);
const pairs = Number(arg('pairs', '3'));
const k = Number(arg('k', '1000'));

type Result = Record<string, number>;

function parse(out: string): Result {
  const r: Result = {};
  for (const line of out.split('\n')) {
    const m = /^([a-z_]+)=([-\d.e+]+)$/.exec(line.trim());
    if (m) r[m[1]!] = Number(m[2]);
  }
  return r;
}

function runL2sim(n: number): Result {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', join(here, 'l2-ring-ping.ts'), `--n=${n}`, `--k=${k}`, '--check'], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (!out.includes('check=ok')) throw new Error(`l2sim run at N=${n} failed its checks:\n${out}`);
  return parse(out);
}

// ns-3's counts, checked as l2sim's are (l2-ring-ping.ts --check): every echo answered, and for
// N >= 3 the exact frame counts of its ARP (which does not learn from requests), which also
// shows that nothing was dropped or retransmitted (ns-3 reports no drop counter of its own).
function runNs3(n: number): Result {
  const out = execFileSync(NS3, [`--n=${n}`, `--k=${k}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = parse(out);
  const problems: string[] = [];
  if (r.echo_replies !== n * k) problems.push(`echo_replies ${r.echo_replies} != N*K = ${n * k}`);
  if (n >= 3) {
    const host = n * (2 * k + 4);
    const bridge = host + 2 * n * (n - 2);
    if (r.host_tx_frames !== host) problems.push(`host_tx_frames ${r.host_tx_frames} != N(2K+4) = ${host}`);
    if (r.bridge_tx_frames !== bridge) problems.push(`bridge_tx_frames ${r.bridge_tx_frames} != N(2K+4)+2N(N-2) = ${bridge}`);
    if (r.link_frames !== host + bridge) problems.push(`link_frames ${r.link_frames} != ${host + bridge}`);
  }
  if (problems.length > 0) throw new Error(`ns-3 run at N=${n} failed its checks: ${problems.join('; ')}\n${out}`);
  return r;
}

function ns3Version(): string {
  const pc = spawnSync('pkg-config', ['--modversion', 'ns3-core'], { encoding: 'utf8' });
  if (pc.status === 0 && pc.stdout.trim() !== '') return pc.stdout.trim();
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'libns3-dev'], { encoding: 'utf8' });
  return dpkg.status === 0 && dpkg.stdout.trim() !== '' ? dpkg.stdout.trim() : '(version unknown)';
}

if (!existsSync(NS3)) {
  const b = spawnSync(join(here, 'ns3', 'build.sh'), { stdio: 'inherit' });
  if (b.status !== 0 || !existsSync(NS3)) {
    console.error('ns-3 is not built: install libns3-dev (apt-get install libns3-dev) and run bench/ns3/build.sh');
    process.exit(2);
  }
}

const med = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
console.log(`l2-ring-ping, l2sim against ns-3 ${ns3Version()} — K=${k}, ${pairs} pairs per N after one warm-up pair, node ${process.version}\n`);
const rows: string[] = [];
for (const n of ns) {
  runL2sim(n);
  runNs3(n); // warm-up pair
  const ratio: number[] = [];
  const perFrame: number[] = [];
  const l2: Result[] = [];
  const n3: Result[] = [];
  for (let p = 0; p < pairs; p++) {
    const [a, b] = p % 2 === 0 ? [runL2sim(n), runNs3(n)] : ((): [Result, Result] => {
      const y = runNs3(n);
      return [runL2sim(n), y];
    })();
    l2.push(a);
    n3.push(b);
    ratio.push(a.run_wall_s! / b.run_wall_s!);
    perFrame.push(a.run_wall_s! / a.link_frames! / (b.run_wall_s! / b.link_frames!));
  }
  // A run counts only if its counts are the same every time (determinism), on both sides.
  const key = (r: Result): string => ['events', 'echo_replies', 'host_tx_frames', 'bridge_rx_frames', 'bridge_tx_frames', 'link_frames'].map((k) => r[k]).join('/');
  if (new Set(l2.map(key)).size !== 1) throw new Error(`l2sim counts differ between runs at N=${n}: ${l2.map(key).join(' vs ')}`);
  if (new Set(n3.map(key)).size !== 1) throw new Error(`ns-3 counts differ between runs at N=${n}: ${n3.map(key).join(' vs ')}`);
  if (l2[0]!.link_frames !== n3[0]!.link_frames) {
    console.log(
      `N=${n}: the frame counts differ (link frames l2sim ${l2[0]!.link_frames}, ns-3 ${n3[0]!.link_frames}): ns-3's ARP does not learn from ` +
        'requests (N(2K+4) host frames against Linux\'s N(2K+2)), so compare the per-link-frame ratio.',
    );
  }
  const line = [
    `N=${n}`.padEnd(7),
    `l2sim ${med(l2.map((r) => r.run_wall_s!)).toFixed(3)} s`,
    `ns-3 ${med(n3.map((r) => r.run_wall_s!)).toFixed(3)} s`,
    `ratio ${med(ratio).toFixed(3)}x (range ${Math.min(...ratio).toFixed(3)}–${Math.max(...ratio).toFixed(3)})`,
    `per link frame ${med(perFrame).toFixed(3)}x`,
    `link frames ${l2[0]!.link_frames} / ${n3[0]!.link_frames}`,
    `l2sim heap ${(med(l2.map((r) => r.heap_used_bytes!)) / 2 ** 20).toFixed(1)} MiB, peak RSS ${(med(l2.map((r) => r.peak_rss_kib!)) / 1024).toFixed(1)} MiB`,
    `ns-3 peak RSS ${(med(n3.map((r) => r.peak_rss_kib!)) / 1024).toFixed(1)} MiB`,
  ].join(' | ');
  console.log(line);
  rows.push(line);
}
