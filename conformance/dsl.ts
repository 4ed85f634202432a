/**
 * The scenario DSL: parsing of 'NS: command' lines into the typed `Command`
 * union (so the simulator side never has to do string hacking), validation
 * of whole scenarios, and a helper that builds the common CNI-bridge topology.
 *
 * Only the commands listed in types.ts are accepted; anything else is
 * rejected with an error naming the offending line.
 */
import type { Command, MacOperand, NsCommand, Scenario, TimelineStep } from './types.js';
import { DEFAULT_TOLERANCE } from './types.js';

export class DslError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DslError';
  }
}

// ---------------------------------------------------------------------------
// Small validators
// ---------------------------------------------------------------------------

const NS_RE = /^[a-z][a-z0-9-]{0,30}$/;
const IFNAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/; // IFNAMSIZ-1 = 15 chars
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const SNAPSHOT_RE = /^[A-Za-z0-9_.-]+$/;
const SYSCTL_KEY_RE = /^net\.[A-Za-z0-9_.-]+$/;
const SYSCTL_VALUE_RE = /^[A-Za-z0-9_.:-]+$/;

export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

export function isNamespaceName(s: string): boolean {
  return NS_RE.test(s);
}

function ifname(tok: string | undefined, line: string, what = 'device name'): string {
  if (tok === undefined) throw new DslError(`missing ${what} in '${line}'`);
  if (!IFNAME_RE.test(tok)) throw new DslError(`invalid ${what} '${tok}' in '${line}' (1-15 chars [A-Za-z0-9_.-])`);
  return tok;
}

function nsName(tok: string | undefined, line: string): string {
  if (tok === undefined) throw new DslError(`missing namespace name in '${line}'`);
  if (!NS_RE.test(tok)) throw new DslError(`invalid namespace name '${tok}' in '${line}'`);
  return tok;
}

function posNumber(tok: string | undefined, line: string, what: string, integer: boolean): number {
  if (tok === undefined) throw new DslError(`missing value for ${what} in '${line}'`);
  const re = integer ? /^[0-9]+$/ : /^([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
  if (!re.test(tok)) throw new DslError(`invalid ${what} '${tok}' in '${line}'`);
  const n = Number(tok);
  if (!Number.isFinite(n)) throw new DslError(`invalid ${what} '${tok}' in '${line}'`);
  return n;
}

function macOperand(tok: string | undefined, line: string): MacOperand {
  if (tok === undefined) throw new DslError(`missing MAC in '${line}'`);
  if (tok.startsWith('@')) {
    const m = /^@([^/]+)\/(.+)$/.exec(tok);
    if (!m || m[1] === undefined || m[2] === undefined) {
      throw new DslError(`invalid MAC reference '${tok}' in '${line}' (expected @NS/DEV)`);
    }
    return { type: 'ref', ns: nsName(m[1], line), dev: ifname(m[2], line) };
  }
  const mac = tok.toLowerCase();
  if (!MAC_RE.test(mac)) throw new DslError(`invalid MAC '${tok}' in '${line}'`);
  return { type: 'literal', mac };
}

function expectEnd(toks: string[], i: number, line: string): void {
  if (i < toks.length) throw new DslError(`unexpected '${toks.slice(i).join(' ')}' in '${line}'`);
}

function expectWord(toks: string[], i: number, word: string, line: string): void {
  if (toks[i] !== word) {
    throw new DslError(`expected '${word}' at position ${i + 1} in '${line}', got '${toks[i] ?? '<end>'}'`);
  }
}

// ---------------------------------------------------------------------------
// Command parsing
// ---------------------------------------------------------------------------

const ALLOWED = [
  'ip link add NAME type bridge [ageing_time CS]',
  'ip link add NAME type veth peer name PEER [netns NS]',
  'ip link set NAME up|down',
  'ip link set NAME master BR | nomaster',
  'ip link set NAME address MAC|@NS/DEV',
  'ip link del NAME',
  'ip addr add A.B.C.D/LEN dev NAME',
  'ip route add default via A.B.C.D',
  'sysctl -w KEY=VALUE',
  'ping -c COUNT [-i INTERVAL] [-W TIMEOUT] [-s SIZE] A.B.C.D',
];

function reject(line: string, why?: string): never {
  throw new DslError(
    `unsupported command '${line}'${why ? ` (${why})` : ''}; allowed commands:\n  ${ALLOWED.join('\n  ')}`,
  );
}

/** Parse one command (without the 'NS: ' prefix). */
export function parseCommand(text: string): Command {
  const line = text.trim().replace(/\s+/g, ' ');
  const toks = line.split(' ');
  const [t0, t1, t2] = toks;
  if (t0 === 'ip') {
    if (t1 === 'link' && t2 === 'add') {
      const name = ifname(toks[3], line);
      expectWord(toks, 4, 'type', line);
      const type = toks[5];
      if (type === 'bridge') {
        if (toks.length === 6) return { kind: 'link-add-bridge', name };
        expectWord(toks, 6, 'ageing_time', line);
        const cs = posNumber(toks[7], line, 'ageing_time (centiseconds)', true);
        expectEnd(toks, 8, line);
        return { kind: 'link-add-bridge', name, ageingTimeCs: cs };
      }
      if (type === 'veth') {
        expectWord(toks, 6, 'peer', line);
        expectWord(toks, 7, 'name', line);
        const peer = ifname(toks[8], line, 'peer name');
        if (toks.length === 9) return { kind: 'link-add-veth', name, peer };
        expectWord(toks, 9, 'netns', line);
        const peerNetns = nsName(toks[10], line);
        expectEnd(toks, 11, line);
        return { kind: 'link-add-veth', name, peer, peerNetns };
      }
      reject(line, `link type '${type ?? ''}'`);
    }
    if (t1 === 'link' && t2 === 'set') {
      const name = ifname(toks[3], line);
      const op = toks[4];
      if (op === 'up' || op === 'down') {
        expectEnd(toks, 5, line);
        return { kind: 'link-set-updown', name, up: op === 'up' };
      }
      if (op === 'master') {
        const master = ifname(toks[5], line, 'master name');
        expectEnd(toks, 6, line);
        return { kind: 'link-set-master', name, master };
      }
      if (op === 'nomaster') {
        expectEnd(toks, 5, line);
        return { kind: 'link-set-nomaster', name };
      }
      if (op === 'address') {
        const address = macOperand(toks[5], line);
        expectEnd(toks, 6, line);
        return { kind: 'link-set-address', name, address };
      }
      reject(line, `ip link set ... '${op ?? ''}'`);
    }
    if (t1 === 'link' && t2 === 'del') {
      const name = ifname(toks[3], line);
      expectEnd(toks, 4, line);
      return { kind: 'link-del', name };
    }
    if (t1 === 'addr' && t2 === 'add') {
      const cidr = toks[3] ?? '';
      const m = /^([0-9.]+)\/([0-9]{1,2})$/.exec(cidr);
      if (!m || m[1] === undefined || m[2] === undefined || !isIPv4(m[1]) || Number(m[2]) > 32) {
        throw new DslError(`invalid CIDR '${cidr}' in '${line}'`);
      }
      expectWord(toks, 4, 'dev', line);
      const dev = ifname(toks[5], line);
      expectEnd(toks, 6, line);
      return { kind: 'addr-add', address: m[1], prefixLen: Number(m[2]), dev };
    }
    if (t1 === 'route' && t2 === 'add') {
      expectWord(toks, 3, 'default', line);
      expectWord(toks, 4, 'via', line);
      const via = toks[5] ?? '';
      if (!isIPv4(via)) throw new DslError(`invalid gateway '${via}' in '${line}'`);
      expectEnd(toks, 6, line);
      return { kind: 'route-add-default', via };
    }
    reject(line);
  }
  if (t0 === 'sysctl') {
    expectWord(toks, 1, '-w', line);
    const kv = toks[2] ?? '';
    const eq = kv.indexOf('=');
    const key = eq > 0 ? kv.slice(0, eq) : '';
    const value = eq > 0 ? kv.slice(eq + 1) : '';
    if (!SYSCTL_KEY_RE.test(key) || !SYSCTL_VALUE_RE.test(value)) {
      throw new DslError(`invalid sysctl assignment '${kv}' in '${line}' (expected net.KEY=VALUE)`);
    }
    expectEnd(toks, 3, line);
    return { kind: 'sysctl', key, value };
  }
  if (t0 === 'ping') {
    let count: number | undefined;
    let interval: number | undefined;
    let timeout: number | undefined;
    let size: number | undefined;
    let target: string | undefined;
    for (let i = 1; i < toks.length; i++) {
      const tok = toks[i] as string;
      switch (tok) {
        case '-c':
          count = posNumber(toks[++i], line, 'count', true);
          break;
        case '-i':
          interval = posNumber(toks[++i], line, 'interval', false);
          break;
        case '-W':
          timeout = posNumber(toks[++i], line, 'timeout', false);
          break;
        case '-s':
          size = posNumber(toks[++i], line, 'size', true);
          break;
        default:
          if (tok.startsWith('-')) reject(line, `ping option '${tok}'`);
          if (target !== undefined) reject(line, 'more than one target');
          if (!isIPv4(tok)) throw new DslError(`invalid ping target '${tok}' in '${line}' (IPv4 literal required)`);
          target = tok;
      }
    }
    if (count === undefined || count < 1) throw new DslError(`ping needs -c COUNT >= 1 (unbounded pings are not allowed): '${line}'`);
    if (target === undefined) throw new DslError(`ping needs a target: '${line}'`);
    if (interval !== undefined && interval < 0.002) throw new DslError(`ping interval too small in '${line}'`);
    if (size !== undefined && size > 65507) throw new DslError(`ping size too large in '${line}'`);
    const cmd: Command = { kind: 'ping', count, target };
    if (interval !== undefined) cmd.interval = interval;
    if (timeout !== undefined) cmd.timeout = timeout;
    if (size !== undefined) cmd.size = size;
    return cmd;
  }
  reject(line);
}

/** Parse 'NS: command'. */
export function parseNsCommand(line: string): NsCommand {
  const m = /^\s*([^:\s]+)\s*:\s*(.*\S)\s*$/.exec(line);
  if (!m || m[1] === undefined || m[2] === undefined) {
    throw new DslError(`expected 'NS: command', got '${line}'`);
  }
  const ns = nsName(m[1], line);
  const command = parseCommand(m[2]);
  return { ns, command, text: m[2].replace(/\s+/g, ' ') };
}

/** Canonical iproute2/iputils text of a command (logical namespace names). */
export function commandToString(c: Command): string {
  switch (c.kind) {
    case 'link-add-bridge':
      return `ip link add ${c.name} type bridge${c.ageingTimeCs !== undefined ? ` ageing_time ${c.ageingTimeCs}` : ''}`;
    case 'link-add-veth':
      return `ip link add ${c.name} type veth peer name ${c.peer}${c.peerNetns !== undefined ? ` netns ${c.peerNetns}` : ''}`;
    case 'link-set-updown':
      return `ip link set ${c.name} ${c.up ? 'up' : 'down'}`;
    case 'link-set-master':
      return `ip link set ${c.name} master ${c.master}`;
    case 'link-set-nomaster':
      return `ip link set ${c.name} nomaster`;
    case 'link-set-address':
      return `ip link set ${c.name} address ${c.address.type === 'literal' ? c.address.mac : `@${c.address.ns}/${c.address.dev}`}`;
    case 'link-del':
      return `ip link del ${c.name}`;
    case 'addr-add':
      return `ip addr add ${c.address}/${c.prefixLen} dev ${c.dev}`;
    case 'route-add-default':
      return `ip route add default via ${c.via}`;
    case 'sysctl':
      return `sysctl -w ${c.key}=${c.value}`;
    case 'ping': {
      const parts = ['ping', '-c', String(c.count)];
      if (c.interval !== undefined) parts.push('-i', String(c.interval));
      if (c.timeout !== undefined) parts.push('-W', String(c.timeout));
      if (c.size !== undefined) parts.push('-s', String(c.size));
      parts.push(c.target);
      return parts.join(' ');
    }
  }
}

// ---------------------------------------------------------------------------
// Scenario validation
// ---------------------------------------------------------------------------

export interface CapturePoint {
  ns: string;
  dev: string;
  /** 'NS/DEV' */
  key: string;
}

export type ParsedStep =
  | { at: number; type: 'run'; cmd: NsCommand; /** only for ping: the id its result is kept under */ id?: string }
  | { at: number; type: 'snapshot'; name: string };

export interface ParsedScenario {
  scenario: Scenario;
  setup: NsCommand[];
  captures: CapturePoint[];
  timeline: ParsedStep[];
  tolerance: number;
  /** Per-key tolerances (first match wins), from the scenario's `looseTimes`. */
  looseTimes: { keys: RegExp; seconds: number }[];
  skip: RegExp[];
  /** MACs set explicitly with a literal `ip link set X address MAC` (lower-case). */
  literalMacs: string[];
}

export function parseCapturePoint(s: string): CapturePoint {
  const m = /^([^/]+)\/(.+)$/.exec(s);
  if (!m || m[1] === undefined || m[2] === undefined) throw new DslError(`invalid capture point '${s}' (expected NS/DEV)`);
  const ns = nsName(m[1], s);
  const dev = ifname(m[2], s);
  return { ns, dev, key: `${ns}/${dev}` };
}

/** Default id of a ping step without an explicit id. */
export function defaultPingId(ns: string, at: number): string {
  return `${ns}-ping@${at}`;
}

function isRunStep(s: TimelineStep): s is { at: number; run: string; id?: string } {
  return 'run' in s;
}

/** Validate a scenario and return its parsed form. Throws DslError with all problems found. */
/**
 * A `looseTimes` entry for frames sent when a 5 s kernel timer fires (the neighbour's
 * delay_first_probe_time): with HZ=250 such a timer sits in timer-wheel level 2 (256 ms
 * granularity) and fires up to ~256 ms late (seen: +10..+207 ms), so ±0.25 s is too tight
 * for those frames alone; they get ±0.35 s.
 */
export function fivesecondTimer(keys: string): { keys: string; seconds: number; why: string } {
  return { keys, seconds: 0.35, why: 'a 5 s kernel timer fires up to 256 ms late (HZ=250 timer wheel)' };
}

export function parseScenario(s: Scenario): ParsedScenario {
  const problems: string[] = [];
  const guard = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };
  if (!/^[A-Za-z0-9_.-]+$/.test(s.name)) problems.push(`invalid scenario name '${s.name}'`);
  const nsSet = new Set<string>();
  for (const ns of s.namespaces) {
    if (!NS_RE.test(ns)) problems.push(`invalid namespace name '${ns}'`);
    if (nsSet.has(ns)) problems.push(`duplicate namespace '${ns}'`);
    nsSet.add(ns);
  }
  const literalMacs = new Set<string>();
  const checkCmd = (c: NsCommand, where: string): void => {
    if (!nsSet.has(c.ns)) problems.push(`${where}: unknown namespace '${c.ns}'`);
    const cmd = c.command;
    if (cmd.kind === 'link-add-veth' && cmd.peerNetns !== undefined && !nsSet.has(cmd.peerNetns)) {
      problems.push(`${where}: unknown namespace '${cmd.peerNetns}' in netns argument`);
    }
    if (cmd.kind === 'link-set-address') {
      if (cmd.address.type === 'ref' && !nsSet.has(cmd.address.ns)) {
        problems.push(`${where}: unknown namespace '${cmd.address.ns}' in MAC reference`);
      }
      if (cmd.address.type === 'literal') literalMacs.add(cmd.address.mac);
    }
  };
  const setup: NsCommand[] = [];
  s.setup.forEach((line, i) => {
    const c = guard(() => parseNsCommand(line));
    if (!c) return;
    if (c.command.kind === 'ping') problems.push(`setup[${i}]: ping is only allowed in the timeline ('${line}')`);
    checkCmd(c, `setup[${i}]`);
    setup.push(c);
  });
  const captures: CapturePoint[] = [];
  const capSet = new Set<string>();
  for (const cp of s.captures) {
    const p = guard(() => parseCapturePoint(cp));
    if (!p) continue;
    if (!nsSet.has(p.ns)) problems.push(`capture '${cp}': unknown namespace '${p.ns}'`);
    if (capSet.has(p.key)) problems.push(`duplicate capture point '${cp}'`);
    capSet.add(p.key);
    captures.push(p);
  }
  if (!(Number.isFinite(s.end) && s.end > 0)) problems.push(`end must be a positive number of seconds`);
  const timeline: ParsedStep[] = [];
  const ids = new Set<string>();
  const snapNames = new Set<string>(['setup', 'end']);
  let prevAt = -Infinity;
  s.timeline.forEach((step, i) => {
    const where = `timeline[${i}] (at ${step.at})`;
    if (!Number.isFinite(step.at) || step.at < 0) problems.push(`${where}: 'at' must be >= 0`);
    if (step.at < prevAt) problems.push(`${where}: timeline is not sorted by 'at'`);
    if (step.at > s.end) problems.push(`${where}: after end (${s.end})`);
    prevAt = step.at;
    if (isRunStep(step)) {
      const c = guard(() => parseNsCommand(step.run));
      if (!c) return;
      checkCmd(c, where);
      if (c.command.kind === 'ping') {
        const id = step.id ?? defaultPingId(c.ns, step.at);
        if (ids.has(id)) problems.push(`${where}: duplicate ping id '${id}'`);
        if (!SNAPSHOT_RE.test(id.replace(/@/g, ''))) problems.push(`${where}: invalid id '${id}'`);
        ids.add(id);
        timeline.push({ at: step.at, type: 'run', cmd: c, id });
      } else {
        if (step.id !== undefined) problems.push(`${where}: 'id' is only meaningful for ping`);
        timeline.push({ at: step.at, type: 'run', cmd: c });
      }
    } else {
      if (!SNAPSHOT_RE.test(step.snapshot)) problems.push(`${where}: invalid snapshot name '${step.snapshot}'`);
      if (snapNames.has(step.snapshot)) problems.push(`${where}: duplicate or reserved snapshot name '${step.snapshot}'`);
      snapNames.add(step.snapshot);
      timeline.push({ at: step.at, type: 'snapshot', name: step.snapshot });
    }
  });
  const tolerance = s.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance >= 0)) problems.push(`tolerance must be >= 0`);
  const looseTimes: { keys: RegExp; seconds: number }[] = [];
  for (const lt of s.looseTimes ?? []) {
    if (!(lt.seconds >= tolerance)) problems.push(`looseTimes '${lt.keys}': seconds must be >= the tolerance`);
    if (lt.why.trim() === '') problems.push(`looseTimes '${lt.keys}': say why`);
    const re = guard(() => new RegExp(lt.keys));
    if (re) looseTimes.push({ keys: re, seconds: lt.seconds });
  }
  const skip: RegExp[] = [];
  for (const pat of s.skip ?? []) {
    const re = guard(() => new RegExp(pat));
    if (re) skip.push(re);
  }
  if (problems.length > 0) {
    throw new DslError(`scenario '${s.name}' is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return { scenario: s, setup, captures, timeline, tolerance, looseTimes, skip, literalMacs: [...literalMacs] };
}

// ---------------------------------------------------------------------------
// The common topology: the Kubernetes CNI bridge lesson
// ---------------------------------------------------------------------------

export interface CniTopologyOptions {
  /** Number of pods (pod1..podN), 10.244.0.2, .3, ... */
  pods: number;
  /** Give cni0 10.244.0.1/24 (the pods' default gateway). Default true. */
  gateway?: boolean;
  /** ageing_time of cni0 in centiseconds (iproute2 units). */
  ageingTimeCs?: number;
  /** Extra commands run in every pod right after its eth0 exists (before addressing); '$POD' is replaced. */
  podCommands?: string[];
  /** Enslave veth-podN to cni0 in setup. Default true. */
  enslave?: boolean;
}

export function podIp(n: number): string {
  return `10.244.0.${n + 1}`;
}

/**
 * node holds bridge cni0; podN holds eth0, joined to node's veth-podN; pods
 * are 10.244.0.(N+1)/24 with default route via 10.244.0.1; everything up,
 * including lo (as the CNI loopback plugin does). lo matters: the kernel's
 * "Destination Host Unreachable" for a failed neighbour is an ICMP error sent
 * to the pod's own address, i.e. through lo; with lo down it is dropped
 * (lo tx_dropped) and ping never prints it.
 */
export function cniTopology(o: CniTopologyOptions): Pick<Scenario, 'namespaces' | 'setup' | 'captures'> {
  const pods = Array.from({ length: o.pods }, (_, i) => i + 1);
  const setup: string[] = [];
  const bridge = o.ageingTimeCs !== undefined ? `ip link add cni0 type bridge ageing_time ${o.ageingTimeCs}` : 'ip link add cni0 type bridge';
  setup.push('node: ip link set lo up');
  setup.push(`node: ${bridge}`);
  for (const n of pods) {
    const pod = `pod${n}`;
    setup.push(`node: ip link add veth-${pod} type veth peer name eth0 netns ${pod}`);
    for (const c of o.podCommands ?? []) setup.push(`${pod}: ${c.replace(/\$POD/g, pod)}`);
    if (o.enslave !== false) setup.push(`node: ip link set veth-${pod} master cni0`);
    setup.push(`${pod}: ip addr add ${podIp(n)}/24 dev eth0`);
    setup.push(`node: ip link set veth-${pod} up`);
    setup.push(`${pod}: ip link set lo up`);
    setup.push(`${pod}: ip link set eth0 up`);
  }
  setup.push('node: ip link set cni0 up');
  if (o.gateway !== false) setup.push('node: ip addr add 10.244.0.1/24 dev cni0');
  for (const n of pods) setup.push(`pod${n}: ip route add default via 10.244.0.1`);
  const captures: string[] = ['node/cni0'];
  for (const n of pods) captures.push(`node/veth-pod${n}`, `pod${n}/eth0`);
  return { namespaces: ['node', ...pods.map((n) => `pod${n}`)], setup, captures };
}
