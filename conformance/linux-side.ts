/**
 * The real-kernel side: builds a Scenario out of real network namespaces,
 * veth pairs and a Linux bridge, captures with tcpdump, drives the timeline
 * on the wall clock and snapshots links/neighbours/FDB with iproute2.
 *
 * Safety rules (see README.md):
 *  - every namespace is named `<prefix>-<name>` with a per-run prefix
 *    `l2c<pid>r<random>`; all are deleted afterwards, also on failure and on
 *    SIGINT/SIGTERM; stale `l2c<pid>r*-*` namespaces of dead runs are removed
 *    once they are older than any run can be (a pid is only meaningful in our
 *    own PID namespace, so a young namespace may belong to a live run elsewhere);
 *  - nothing is changed in the root namespace: devices are created inside the
 *    namespaces, sysctls run via `ip netns exec`;
 *  - every child process has a timeout and is killed if it outlives it.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseScenario } from './dsl.js';
import type { ParsedScenario } from './dsl.js';
import { framesFromCapture } from './pcap.js';
import type {
  CapturedFrame,
  NsCommand,
  FdbInfo,
  LinkInfo,
  NeighInfo,
  Observation,
  PingResult,
  Scenario,
  Snapshot,
} from './types.js';

export type Logger = (msg: string) => void;

export interface LinuxRunOptions {
  log?: Logger;
  /** Wait after setup for link state to settle (linkwatch runs at most once per second). Default 1500 ms. */
  settleMs?: number;
  /** Keep the raw .pcap files in this directory (created if missing). */
  keepPcapDir?: string;
}

/** Raised when the real side cannot run here (not root, tools missing). */
export class SkipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SkipError';
  }
}

export const NS_PREFIX_BASE = 'l2c';
/** This run's prefix: the pid plus a random part, unique even across PID namespaces. */
const RUN_PREFIX = `${NS_PREFIX_BASE}${process.pid}r${randomBytes(3).toString('hex')}`;
/** A namespace of a dead run is removed only when older than this (a whole run takes ~2 min). */
const STALE_AGE_MS = 15 * 60_000;
const CMD_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------
// Prerequisites
// ---------------------------------------------------------------------------

function which(cmd: string): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** undefined if the real side can run; otherwise the reason it cannot. */
export function linuxPrerequisites(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root (network namespaces need CAP_SYS_ADMIN)';
  const missing = ['ip', 'bridge', 'tcpdump', 'ping', 'sysctl'].filter((c) => which(c) === undefined);
  if (missing.length > 0) {
    return `missing tools: ${missing.join(', ')} (apt-get install iproute2 iputils-ping tcpdump procps)`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Process / namespace bookkeeping and emergency cleanup
// ---------------------------------------------------------------------------

const liveChildren = new Set<ChildProcess>();
const liveNamespaces = new Set<string>();
const liveTempDirs = new Set<string>();
let handlersInstalled = false;

/** Synchronous, idempotent cleanup of everything this process created. */
export function cleanupAllSync(): void {
  for (const child of liveChildren) {
    try {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveChildren.clear();
  for (const ns of liveNamespaces) {
    spawnSync('ip', ['netns', 'del', ns], { timeout: 5000, stdio: 'ignore' });
  }
  liveNamespaces.clear();
  for (const d of liveTempDirs) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // ignore
    }
  }
  liveTempDirs.clear();
}

/** Install SIGINT/SIGTERM/exit handlers that remove our namespaces. Idempotent. */
export function installSignalHandlers(log: Logger = (m) => process.stderr.write(m + '\n')): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (sig: NodeJS.Signals, code: number) => () => {
    log(`\n${sig}: removing the harness's namespaces and child processes...`);
    cleanupAllSync();
    process.exit(code);
  };
  process.on('SIGINT', onSignal('SIGINT', 130));
  process.on('SIGTERM', onSignal('SIGTERM', 143));
  process.on('SIGHUP', onSignal('SIGHUP', 129));
  process.on('exit', () => cleanupAllSync());
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Delete namespaces `l2c<pid>r<random>-*` left behind by harness runs whose process no
 * longer exists and that are older than STALE_AGE_MS (after killing the tcpdump/ping
 * processes still inside them).
 */
export function cleanupStaleNamespaces(log: Logger): void {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) return;
  for (const line of r.stdout.split('\n')) {
    const name = line.trim().split(/\s+/)[0] ?? '';
    const m = new RegExp(`^${NS_PREFIX_BASE}(\\d+)(r[0-9a-f]+)?-`).exec(name);
    if (!m || m[1] === undefined) continue;
    const pid = Number(m[1]);
    if (name.startsWith(`${RUN_PREFIX}-`) || pidAlive(pid)) continue;
    let ageMs = 0;
    try {
      ageMs = Date.now() - fs.statSync(`/run/netns/${name}`).mtimeMs;
    } catch {
      continue;
    }
    if (ageMs < STALE_AGE_MS) continue;
    const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8', timeout: 5000 });
    for (const p of (pids.stdout ?? '').split(/\s+/).filter(Boolean)) {
      let comm = '';
      try {
        comm = fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (comm === 'tcpdump' || comm === 'ping') {
        try {
          process.kill(Number(p), 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    spawnSync('ip', ['netns', 'del', name], { timeout: 5000, stdio: 'ignore' });
    log(`removed stale namespace ${name} (harness pid ${pid} no longer exists)`);
  }
}

// ---------------------------------------------------------------------------
// Running commands
// ---------------------------------------------------------------------------

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runSync(argv: string[], timeoutMs = CMD_TIMEOUT_MS): string {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('empty command');
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' });
  if (r.error) throw new Error(`${argv.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (exit ${r.status ?? r.signal}): ${r.stderr.trim()}`);
  }
  return r.stdout;
}

function runAsync(argv: string[], timeoutMs = CMD_TIMEOUT_MS, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = argv;
    if (cmd === undefined) {
      reject(new Error('empty command'));
      return;
    }
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    liveChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[harness] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      reject(new Error(`${argv.join(' ')}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function runChecked(argv: string[], timeoutMs = CMD_TIMEOUT_MS): Promise<string> {
  const r = await runAsync(argv, timeoutMs);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.code ?? r.signal}): ${r.stderr.trim()}`);
  return r.stdout;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Resolve with the promise's value, or undefined after ms (the timer is cleared either way). */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

// ---------------------------------------------------------------------------
// Namespace setup
// ---------------------------------------------------------------------------

/**
 * Applied in every namespace right after creating it, before any device.
 * IPv6 off: no neighbour discovery / MLD frames. IPv4 knobs pinned to the
 * kernel defaults because a new namespace copies devconf from the root ns.
 */
export const NAMESPACE_SYSCTLS: string[] = [
  'net.ipv6.conf.all.disable_ipv6=1',
  'net.ipv6.conf.default.disable_ipv6=1',
  ...['all', 'default'].flatMap((w) =>
    ['arp_ignore', 'arp_announce', 'arp_accept', 'arp_notify', 'arp_filter', 'rp_filter', 'proxy_arp', 'drop_gratuitous_arp'].map(
      (k) => `net.ipv4.conf.${w}.${k}=0`,
    ),
  ),
  // Kernel default too, pinned for the same reason (flush neighbours on carrier loss).
  'net.ipv4.conf.all.arp_evict_nocarrier=1',
  'net.ipv4.conf.default.arp_evict_nocarrier=1',
  'net.ipv4.ip_forward=0',
];

/**
 * The ARP table's per-device parameters in a new namespace are copied from the
 * global `net.ipv4.neigh.default.*` of the root namespace (a non-init
 * namespace has no `default` directory of its own), so host settings there
 * DO leak in. We only read them (never write the root ns) and warn.
 */
const KERNEL_NEIGH_DEFAULTS: Record<string, string> = {
  base_reachable_time_ms: '30000',
  delay_first_probe_time: '5',
  retrans_time_ms: '1000',
  ucast_solicit: '3',
  mcast_solicit: '3',
  mcast_resolicit: '0',
  app_solicit: '0',
  gc_stale_time: '60',
  locktime: '100',
};

export function checkRootNeighDefaults(log: Logger): void {
  const diffs: string[] = [];
  for (const [k, v] of Object.entries(KERNEL_NEIGH_DEFAULTS)) {
    try {
      const cur = fs.readFileSync(`/proc/sys/net/ipv4/neigh/default/${k}`, 'utf8').trim();
      if (cur !== v) diffs.push(`${k}=${cur} (kernel default ${v})`);
    } catch {
      // not present on this kernel
    }
  }
  if (diffs.length > 0) {
    log(`WARNING: the root namespace's net.ipv4.neigh.default differs from the kernel defaults and is inherited by new namespaces: ${diffs.join(', ')}`);
  }
}

let ipv6NoticePrinted = false;

// ---------------------------------------------------------------------------
// Parsing iproute2 JSON
// ---------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function obj(v: Json | undefined): { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}
function num(v: Json | undefined): number {
  return typeof v === 'number' ? v : 0;
}
function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function arr(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

function parseJson(text: string, what: string): Json[] {
  const t = text.trim();
  if (t === '') return [];
  try {
    const v = JSON.parse(t) as Json;
    return Array.isArray(v) ? v : [];
  } catch (e) {
    throw new Error(`cannot parse JSON of ${what}: ${(e as Error).message}`);
  }
}

export function parseIpLinkJson(text: string): LinkInfo[] {
  const out: LinkInfo[] = [];
  for (const raw of parseJson(text, 'ip -j link')) {
    const l = obj(raw);
    const flags = arr(l['flags']).map((f) => String(f));
    const linkinfo = obj(l['linkinfo']);
    const kindRaw = str(linkinfo['info_kind']);
    const stats = obj(l['stats64']);
    const rx = obj(stats['rx']);
    const tx = obj(stats['tx']);
    const info: LinkInfo = {
      name: str(l['ifname']) ?? '?',
      ifindex: num(l['ifindex']),
      mac: (str(l['address']) ?? '').toLowerCase(),
      mtu: num(l['mtu']),
      adminUp: flags.includes('UP'),
      carrier: flags.includes('LOWER_UP'),
      operstate: str(l['operstate']) ?? 'UNKNOWN',
      stats: {
        rxPackets: num(rx['packets']),
        rxBytes: num(rx['bytes']),
        rxDropped: num(rx['dropped']),
        txPackets: num(tx['packets']),
        txBytes: num(tx['bytes']),
        txDropped: num(tx['dropped']),
      },
    };
    const master = str(l['master']);
    if (master !== undefined) info.master = master;
    if (str(linkinfo['info_slave_kind']) === 'bridge') {
      const state = str(obj(linkinfo['info_slave_data'])['state']);
      if (state !== undefined) info.portState = state;
    }
    if (kindRaw === 'bridge' || kindRaw === 'veth') info.kind = kindRaw;
    else if (str(l['link_type']) === 'loopback') info.kind = 'loopback';
    out.push(info);
  }
  return out.sort((a, b) => a.ifindex - b.ifindex);
}

export function parseIpNeighJson(text: string): NeighInfo[] {
  const out: NeighInfo[] = [];
  for (const raw of parseJson(text, 'ip -j neigh')) {
    const n = obj(raw);
    const states = arr(n['state']).map((s) => String(s));
    if (states.length === 0) continue;
    const info: NeighInfo = { ip: str(n['dst']) ?? '?', dev: str(n['dev']) ?? '?', state: states.join(',') };
    const ll = str(n['lladdr']);
    if (ll !== undefined) info.lladdr = ll.toLowerCase();
    out.push(info);
  }
  return out;
}

export function parseBridgeFdbJson(text: string): FdbInfo[] {
  const out: FdbInfo[] = [];
  for (const raw of parseJson(text, 'bridge -j fdb')) {
    const f = obj(raw);
    const master = str(f['master']);
    if (master === undefined) continue; // 'self' entries (the device's own table) are not the bridge FDB
    const state = str(f['state']) ?? '';
    out.push({
      mac: (str(f['mac']) ?? '').toLowerCase(),
      dev: str(f['ifname']) ?? '?',
      master,
      permanent: state === 'permanent',
      static: state === 'static',
    });
  }
  return out;
}

/** Parse iputils ping output (LC_ALL=C). */
export function parsePingOutput(stdout: string, exitCode: number): PingResult {
  const replies: { seq: number; ttl: number }[] = [];
  const unreachable: { seq: number }[] = [];
  let transmitted = 0;
  let received = 0;
  for (const line of stdout.split('\n')) {
    let m = /bytes from .*icmp_seq=(\d+) ttl=(\d+)/.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined) {
      replies.push({ seq: Number(m[1]), ttl: Number(m[2]) });
      continue;
    }
    m = /icmp_seq=(\d+) Destination Host Unreachable/.exec(line);
    if (m && m[1] !== undefined) {
      unreachable.push({ seq: Number(m[1]) });
      continue;
    }
    m = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined) {
      transmitted = Number(m[1]);
      received = Number(m[2]);
    }
  }
  return { transmitted, received, replies, unreachable, exitCode };
}

// ---------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------

interface CaptureProc {
  key: string;
  file: string;
  child: ChildProcess;
  exited: Promise<void>;
}

interface PingProc {
  id: string;
  child: ChildProcess;
  startedAt: number;
  done: Promise<{ result: PingResult; endedAt: number; stdout: string }>;
}

class LinuxRun {
  readonly prefix: string;
  readonly ps: ParsedScenario;
  readonly log: Logger;
  readonly tmp: string;
  private t0Mono = 0;
  private readonly captures: CaptureProc[] = [];
  private readonly pings: PingProc[] = [];
  private readonly created: string[] = [];

  constructor(ps: ParsedScenario, log: Logger) {
    this.ps = ps;
    this.log = log;
    this.prefix = RUN_PREFIX;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${this.prefix}-`));
    liveTempDirs.add(this.tmp);
  }

  full(ns: string): string {
    return `${this.prefix}-${ns}`;
  }

  now(): number {
    return (performance.now() - this.t0Mono) / 1000;
  }

  createNamespaces(): void {
    for (const ns of this.ps.scenario.namespaces) {
      const name = this.full(ns);
      // Register before creating, so a failure half-way still cleans up.
      liveNamespaces.add(name);
      this.created.push(name);
      runSync(['ip', 'netns', 'add', name]);
      runSync(['ip', 'netns', 'exec', name, 'sysctl', '-q', '-w', ...NAMESPACE_SYSCTLS]);
    }
    if (!ipv6NoticePrinted) {
      ipv6NoticePrinted = true;
      this.log(
        'note: IPv6 is disabled in the harness namespaces (disable_ipv6=1 before any device exists) so that ' +
          'IPv6 neighbour discovery, DAD and MLD add no frames; IPv4 ARP/proxy/rp_filter knobs and ip_forward are pinned ' +
          'to the kernel defaults because namespaces inherit devconf from the root namespace.',
      );
    }
  }

  async resolveMac(ns: string, dev: string): Promise<string> {
    const out = await runChecked(['ip', '-n', this.full(ns), '-j', 'link', 'show', 'dev', dev]);
    const l = parseIpLinkJson(out)[0];
    if (!l || !l.mac) throw new Error(`cannot resolve MAC of ${ns}/${dev}`);
    return l.mac;
  }

  async argv(nc: NsCommand): Promise<string[]> {
    const ns = this.full(nc.ns);
    const c = nc.command;
    const ip = (...a: string[]): string[] => ['ip', '-n', ns, ...a];
    switch (c.kind) {
      case 'link-add-bridge':
        return ip('link', 'add', c.name, 'type', 'bridge', ...(c.ageingTimeCs !== undefined ? ['ageing_time', String(c.ageingTimeCs)] : []));
      case 'link-add-veth':
        return ip('link', 'add', c.name, 'type', 'veth', 'peer', 'name', c.peer, ...(c.peerNetns !== undefined ? ['netns', this.full(c.peerNetns)] : []));
      case 'link-set-updown':
        return ip('link', 'set', 'dev', c.name, c.up ? 'up' : 'down');
      case 'link-set-master':
        return ip('link', 'set', 'dev', c.name, 'master', c.master);
      case 'link-set-nomaster':
        return ip('link', 'set', 'dev', c.name, 'nomaster');
      case 'link-set-address': {
        const mac = c.address.type === 'literal' ? c.address.mac : await this.resolveMac(c.address.ns, c.address.dev);
        return ip('link', 'set', 'dev', c.name, 'address', mac);
      }
      case 'link-del':
        return ip('link', 'del', 'dev', c.name);
      case 'addr-add':
        return ip('addr', 'add', `${c.address}/${c.prefixLen}`, 'dev', c.dev);
      case 'route-add-default':
        return ip('route', 'add', 'default', 'via', c.via);
      case 'sysctl':
        return ['ip', 'netns', 'exec', ns, 'sysctl', '-w', `${c.key}=${c.value}`];
      case 'ping': {
        const a = ['ip', 'netns', 'exec', ns, 'ping', '-c', String(c.count)];
        if (c.interval !== undefined) a.push('-i', String(c.interval));
        if (c.timeout !== undefined) a.push('-W', String(c.timeout));
        if (c.size !== undefined) a.push('-s', String(c.size));
        a.push(c.target);
        return a;
      }
    }
  }

  async runSetup(): Promise<void> {
    for (const nc of this.ps.setup) {
      const argv = await this.argv(nc);
      await runChecked(argv);
    }
  }

  async startCaptures(): Promise<void> {
    for (const cp of this.ps.captures) {
      const file = path.join(this.tmp, `${cp.ns}_${cp.dev}.pcap`);
      const argv = ['ip', 'netns', 'exec', this.full(cp.ns), 'tcpdump', '-p', '-U', '--immediate-mode', '-s', '0', '--time-stamp-precision=nano', '-Z', 'root', '-i', cp.dev, '-w', file];
      const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
      liveChildren.add(child);
      let stderr = '';
      const exited = new Promise<void>((resolve) => {
        child.on('close', () => {
          liveChildren.delete(child);
          resolve();
        });
        child.on('error', () => {
          liveChildren.delete(child);
          resolve();
        });
      });
      const listening = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 5000);
        child.stderr?.setEncoding('utf8').on('data', (d: string) => {
          stderr += d;
          if (stderr.includes('listening on')) {
            clearTimeout(timer);
            resolve(true);
          }
        });
        void exited.then(() => {
          clearTimeout(timer);
          resolve(stderr.includes('listening on'));
        });
      });
      this.captures.push({ key: cp.key, file, child, exited });
      if (!(await listening)) {
        throw new Error(`tcpdump on ${cp.key} did not start: ${stderr.trim() || '(no output within 5 s)'}`);
      }
    }
  }

  async stopCaptures(): Promise<void> {
    for (const c of this.captures) {
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGINT');
    }
    await within(Promise.all(this.captures.map((c) => c.exited)), 5000);
    for (const c of this.captures) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        this.log(`warning: tcpdump on ${c.key} did not exit after SIGINT; killing it`);
        c.child.kill('SIGKILL');
      }
    }
    await within(Promise.all(this.captures.map((c) => c.exited)), 2000);
  }

  readCaptures(t0EpochNs: bigint, keepDir?: string): Record<string, CapturedFrame[]> {
    const out: Record<string, CapturedFrame[]> = {};
    for (const c of this.captures) {
      let bytes: Uint8Array = new Uint8Array(0);
      try {
        bytes = fs.readFileSync(c.file);
      } catch {
        this.log(`warning: no capture file for ${c.key}`);
      }
      if (keepDir !== undefined && bytes.byteLength > 0) {
        fs.mkdirSync(keepDir, { recursive: true });
        fs.writeFileSync(path.join(keepDir, `${this.ps.scenario.name}.${c.key.replace('/', '_')}.pcap`), bytes);
      }
      out[c.key] = framesFromCapture(bytes, t0EpochNs);
    }
    return out;
  }

  async snapshot(name: string, t: number): Promise<Snapshot> {
    const snap: Snapshot = { name, t, links: {}, neigh: {}, fdb: {} };
    await Promise.all(
      this.ps.scenario.namespaces.map(async (ns) => {
        const full = this.full(ns);
        const [links, neigh, fdb] = await Promise.all([
          runChecked(['ip', '-n', full, '-j', '-s', '-d', 'link', 'show']),
          runChecked(['ip', '-n', full, '-j', 'neigh', 'show']),
          runChecked(['bridge', '-n', full, '-j', 'fdb', 'show']),
        ]);
        snap.links[ns] = parseIpLinkJson(links);
        snap.neigh[ns] = parseIpNeighJson(neigh);
        snap.fdb[ns] = parseBridgeFdbJson(fdb);
      }),
    );
    // Key order = scenario namespace order, for stable JSON.
    const order = (r: Record<string, unknown[]>): void => {
      const copy = { ...r };
      for (const k of Object.keys(r)) delete r[k];
      for (const ns of this.ps.scenario.namespaces) if (copy[ns] !== undefined) r[ns] = copy[ns];
    };
    order(snap.links);
    order(snap.neigh);
    order(snap.fdb);
    return snap;
  }

  startPing(id: string, argv: string[]): void {
    const [cmd, ...args] = argv;
    const child = spawn(cmd as string, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    liveChildren.add(child);
    const startedAt = this.now();
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const done = new Promise<{ result: PingResult; endedAt: number; stdout: string }>((resolve) => {
      child.on('close', (code, signal) => {
        liveChildren.delete(child);
        const exitCode = code ?? (signal ? 128 : -1);
        if (stderr.trim()) this.log(`ping ${id} stderr: ${stderr.trim()}`);
        resolve({ result: parsePingOutput(stdout, exitCode), endedAt: this.now(), stdout });
      });
      child.on('error', (e) => {
        liveChildren.delete(child);
        this.log(`ping ${id} failed to start: ${e.message}`);
        resolve({ result: parsePingOutput('', -1), endedAt: this.now(), stdout: '' });
      });
    });
    this.pings.push({ id, child, startedAt, done });
  }

  async waitUntil(t: number): Promise<void> {
    for (;;) {
      const rem = t * 1000 - (performance.now() - this.t0Mono);
      if (rem <= 0) return;
      await sleep(rem > 3 ? rem - 1 : 0);
    }
  }

  async run(opts: LinuxRunOptions): Promise<Observation> {
    const s = this.ps.scenario;
    this.createNamespaces();
    await this.runSetup();
    await sleep(opts.settleMs ?? 1500);
    await this.startCaptures();
    // The 'setup' snapshot is taken just before t=0 (nothing is scheduled in
    // between), so that steps at t=0 are not delayed by it.
    const setupSnap = await this.snapshot('setup', 0);

    // t = 0
    this.t0Mono = performance.now();
    const t0EpochMs = performance.timeOrigin + this.t0Mono;
    const drift = Date.now() - t0EpochMs;
    const t0EpochNs =
      Math.abs(drift) > 20
        ? (this.log(`warning: performance.timeOrigin drifted ${drift.toFixed(1)} ms from the wall clock; using Date.now()`),
          BigInt(Date.now()) * 1_000_000n)
        : BigInt(Math.round(t0EpochMs * 1000)) * 1000n;

    const snapshots: Snapshot[] = [setupSnap];
    for (const step of this.ps.timeline) {
      await this.waitUntil(step.at);
      const late = this.now() - step.at;
      if (late > 0.05) this.log(`warning: step at ${step.at}s started ${(late * 1000).toFixed(0)} ms late`);
      if (step.type === 'snapshot') {
        snapshots.push(await this.snapshot(step.name, step.at));
      } else if (step.cmd.command.kind === 'ping') {
        this.startPing(step.id ?? 'ping', await this.argv(step.cmd));
      } else {
        await runChecked(await this.argv(step.cmd));
      }
    }
    await this.waitUntil(s.end);
    snapshots.push(await this.snapshot('end', s.end));
    await this.stopCaptures();

    // Pings should have finished by `end`; wait (bounded) for stragglers.
    const pings: Record<string, PingResult> = {};
    for (const p of this.pings) {
      const r = await within(p.done, 20_000);
      if (r === undefined) {
        this.log(`warning: ping ${p.id} still running 20 s after end; interrupting it`);
        p.child.kill('SIGINT');
        const r2 = await within(p.done, 3000);
        if (r2 === undefined) p.child.kill('SIGKILL');
        pings[p.id] = (await p.done).result;
        continue;
      }
      if (r.endedAt > s.end) this.log(`warning: ping ${p.id} ended at t=${r.endedAt.toFixed(2)}s, after end=${s.end}s`);
      pings[p.id] = r.result;
    }
    const captures = this.readCaptures(t0EpochNs, opts.keepPcapDir);
    return { side: 'linux', kernel: os.release(), captures, snapshots, pings };
  }

  /** Remove everything this run created (namespaces, processes, temp dir). */
  async cleanup(): Promise<void> {
    for (const c of this.captures) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    for (const p of this.pings) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await within(Promise.all(this.captures.map((c) => c.exited)), 2000);
    for (const name of this.created) {
      const r = await runAsync(['ip', 'netns', 'del', name], 5000);
      if (r.code !== 0 && !/No such file/.test(r.stderr)) this.log(`warning: ip netns del ${name}: ${r.stderr.trim()}`);
      liveNamespaces.delete(name);
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
    liveTempDirs.delete(this.tmp);
  }
}

/** Run one scenario on the real kernel. Throws SkipError if it cannot run here. */
export async function runLinux(s: Scenario, opts: LinuxRunOptions = {}): Promise<Observation> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const reason = linuxPrerequisites();
  if (reason !== undefined) throw new SkipError(reason);
  installSignalHandlers(log);
  const ps = parseScenario(s);
  const run = new LinuxRun(ps, log);
  try {
    return await run.run(opts);
  } finally {
    await run.cleanup();
  }
}
