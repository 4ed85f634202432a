/**
 * Shared types of the l2sim conformance harness.
 *
 * A Scenario is plain data: both the real-kernel side (linux-side.ts) and the
 * simulator side (sim-side.ts) build exactly the same thing from it. Each side
 * produces an Observation; facts.ts turns an Observation into comparable,
 * MAC-independent facts; compare.ts compares two fact lists.
 */

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

export interface Scenario {
  /** e.g. '01-seed-lesson' (equals the file name without extension). */
  name: string;
  /** One line. */
  title: string;
  /** Logical namespace names: 'node', 'pod1', ... */
  namespaces: string[];
  /** Commands run in order before t=0, each 'NS: command'. */
  setup: string[];
  /** Capture points 'NS/DEV', started after setup, before t=0. */
  captures: string[];
  /** Sorted by `at` (stable: steps with equal `at` run in array order). */
  timeline: TimelineStep[];
  /** Seconds after t=0 when the run ends (captures stopped, final snapshot 'end' taken). */
  end: number;
  /** Seconds; frame times must agree within this. Default 0.25. */
  tolerance?: number;
  /**
   * Wider tolerances for named facts whose time hangs on a long kernel timer: a 5 s
   * delay_first_probe_time timer fires up to 256 ms late on a HZ=250 kernel (timer-wheel
   * granularity). Each entry: a regex string over fact keys, the seconds, and why.
   */
  looseTimes?: { keys: string; seconds: number; why: string }[];
  /**
   * Regex strings; facts whose key matches one are not compared. Only for
   * facts that depend on the kernel's randomised reachable time. Keep rare,
   * and comment each one in the scenario file.
   */
  skip?: string[];
  notes?: string;
}

export type TimelineStep =
  /** 'NS: command'; ping runs in the background, its output kept under id. */
  | { at: number; run: string; id?: string }
  /** Named moment: snapshot neigh/fdb/links in all namespaces. */
  | { at: number; snapshot: string };

export const DEFAULT_TOLERANCE = 0.25;

// ---------------------------------------------------------------------------
// Parsed commands (dsl.ts parses 'NS: command' strings into these)
// ---------------------------------------------------------------------------

/** A MAC address operand: a literal, or "the current MAC of DEV in NS" (`@NS/DEV`). */
export type MacOperand =
  | { type: 'literal'; mac: string } // lower-case, colon separated
  | { type: 'ref'; ns: string; dev: string };

export type Command =
  /** ip link add NAME type bridge [ageing_time CS] */
  | { kind: 'link-add-bridge'; name: string; ageingTimeCs?: number }
  /** ip link add NAME type veth peer name PEER [netns NS]  (peerNetns: logical name) */
  | { kind: 'link-add-veth'; name: string; peer: string; peerNetns?: string }
  /** ip link set NAME up | down */
  | { kind: 'link-set-updown'; name: string; up: boolean }
  /** ip link set NAME master BR */
  | { kind: 'link-set-master'; name: string; master: string }
  /** ip link set NAME nomaster */
  | { kind: 'link-set-nomaster'; name: string }
  /** ip link set NAME address MAC|@NS/DEV */
  | { kind: 'link-set-address'; name: string; address: MacOperand }
  /** ip link del NAME */
  | { kind: 'link-del'; name: string }
  /** ip addr add CIDR dev NAME */
  | { kind: 'addr-add'; address: string; prefixLen: number; dev: string }
  /** ip route add default via IP */
  | { kind: 'route-add-default'; via: string }
  /** sysctl -w KEY=VALUE (value kept verbatim, e.g. '2000') */
  | { kind: 'sysctl'; key: string; value: string }
  /**
   * ping -c COUNT [-i INTERVAL] [-W TIMEOUT] [-s SIZE] IP (iputils; background).
   * Defaults as iputils: interval 1 s, size 56, timeout: iputils' linger (10 s).
   */
  | { kind: 'ping'; count: number; interval?: number; timeout?: number; size?: number; target: string };

export type CommandKind = Command['kind'];

/** A parsed 'NS: command' line. */
export interface NsCommand {
  ns: string;
  command: Command;
  /** The original text after 'NS: ' (normalised whitespace). */
  text: string;
}

// ---------------------------------------------------------------------------
// Observations
// ---------------------------------------------------------------------------

export interface Observation {
  side: 'linux' | 'l2sim';
  /** uname -r for linux */
  kernel?: string;
  /** key 'NS/DEV' */
  captures: Record<string, CapturedFrame[]>;
  /** In time order; always includes 'setup' (t=0, after setup) and 'end'. */
  snapshots: Snapshot[];
  /** By timeline id. */
  pings: Record<string, PingResult>;
}

/** t in seconds relative to t=0 (negative allowed); hex = whole frame (Ethernet header on). */
export interface CapturedFrame {
  t: number;
  hex: string;
}

export interface Snapshot {
  name: string;
  t: number;
  /** by NS */
  links: Record<string, LinkInfo[]>;
  neigh: Record<string, NeighInfo[]>;
  /** Only 'master' entries (the bridge FDB), not 'self'. */
  fdb: Record<string, FdbInfo[]>;
}

export interface LinkStats {
  rxPackets: number;
  rxBytes: number;
  rxDropped: number;
  txPackets: number;
  txBytes: number;
  txDropped: number;
}

export interface LinkInfo {
  name: string;
  ifindex: number;
  mac: string;
  mtu: number;
  adminUp: boolean;
  /** IFF_LOWER_UP as the kernel reports it (only ever true while adminUp). */
  carrier: boolean;
  /** As iproute2 prints it: 'UP', 'DOWN', 'LOWERLAYERDOWN', 'UNKNOWN', ... */
  operstate: string;
  master?: string;
  /** A bridge port's STP state as `bridge link` prints it ('forwarding', 'disabled', ...). */
  portState?: string;
  kind?: 'bridge' | 'veth' | 'loopback';
  stats: LinkStats;
}

/** state as iproute2 prints it, e.g. 'REACHABLE' (several joined with ',') */
export interface NeighInfo {
  ip: string;
  dev: string;
  lladdr?: string;
  state: string;
}

export interface FdbInfo {
  mac: string;
  dev: string;
  master: string;
  permanent: boolean;
  static: boolean;
}

export interface PingResult {
  transmitted: number;
  received: number;
  replies: { seq: number; ttl: number }[];
  unreachable: { seq: number }[];
  /** iputils ping's exit status (Linux side only; kept in the recording, not compared: l2sim has no process). */
  exitCode?: number;
}

// ---------------------------------------------------------------------------
// Facts and comparison
// ---------------------------------------------------------------------------

export interface Fact {
  key: string;
  value: string;
  /** Seconds relative to t=0, for facts whose time is compared (frames). */
  t?: number;
}

export interface KnownDifference {
  id: string;
  /** Scenario name, or '*' for all. */
  scenario: string;
  /** Regex matched against the fact key. */
  keyPattern: string;
  reason: string;
}

export type MismatchKind = 'value' | 'time' | 'only-linux' | 'only-l2sim';

export interface Mismatch {
  key: string;
  kind: MismatchKind;
  linux?: Fact;
  l2sim?: Fact;
  /** Set when a known difference covers it. */
  known?: KnownDifference;
}

export interface ComparisonResult {
  scenario: string;
  /** Number of distinct keys compared (skipped keys excluded). */
  compared: number;
  matched: number;
  known: number;
  mismatched: number;
  skipped: number;
  mismatches: Mismatch[];
}
