// Builders for the bridge tests: a switch namespace with one bridge and N hosts, raw frame
// injection from a host, and per-host receive logs. Deterministic MACs make expectations exact:
// host i has MAC 02:00:00:00:00:0i on its `eth0`, the switch side of its veth (`p<i>`) has
// 02:aa:00:00:00:0i, so the bridge MAC (lowest port MAC) is 02:aa:00:00:00:01.
import { expect } from 'vitest';
import {
  type BridgeOptions,
  type Capture,
  Frame,
  LinuxBridge,
  type LinkSnapshot,
  MacAddress,
  type NetworkNamespace,
  type PortSnapshot,
  type FdbEntrySnapshot,
  Simulator,
  type TraceEvent,
  VethPair,
  type VethEnd,
} from '../../src/index.js';

/** An EtherType no protocol handles (IEEE local experimental): hosts count it as no-handler. */
export const ETH_TEST = 0x88b5;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
/** MAC of host i's `eth0`. */
export const hostMac = (i: number): string => `02:00:00:00:${hex2(i >> 8)}:${hex2(i & 0xff)}`;
/** MAC of the switch-side end `p<i>` of host i's veth. */
export const portMac = (i: number): string => `02:aa:00:00:${hex2(i >> 8)}:${hex2(i & 0xff)}`;

/** A host attached to the bridge. */
export interface Host {
  readonly i: number;
  readonly ns: NetworkNamespace;
  readonly veth: VethPair;
  /** The switch-side end (the bridge port device), named `p<i>`. */
  readonly port: VethEnd;
  /** The host-side end, `eth0` in namespace `h<i>`. */
  readonly nic: VethEnd;
  readonly mac: string;
  /** Frames the host's `eth0` received. */
  readonly cap: Capture;
}

export interface Lan {
  readonly sim: Simulator;
  readonly sw: NetworkNamespace;
  readonly br: LinuxBridge;
  readonly hosts: Host[];
}

export interface LanOptions {
  seed?: number;
  bridge?: BridgeOptions;
  /** Bring the bridge up (default true). */
  up?: boolean;
  /** Bring the veths up (default true). */
  linksUp?: boolean;
}

/** Attach one more host (index i) to `br` in `sw`; the veth is brought up when `up`. */
export function attachHost(sim: Simulator, sw: NetworkNamespace, br: LinuxBridge, i: number, up = true): Host {
  const ns = sim.namespace(`h${i}`);
  const veth = new VethPair({ ns: sw, name: `p${i}`, mac: portMac(i) }, { ns, name: 'eth0', mac: hostMac(i) });
  br.addPort(veth.a);
  if (up) veth.up();
  const cap = sim.capture(veth.b);
  return { i, ns, veth, port: veth.a, nic: veth.b, mac: hostMac(i), cap };
}

/** A switch namespace `sw` with bridge `br0` and hosts h1..hn (ports p1..pn, added in order). */
export function lan(n: number, o: LanOptions = {}): Lan {
  const sim = new Simulator({ seed: o.seed ?? 7 });
  const sw = sim.namespace('sw');
  const br = new LinuxBridge(sw, 'br0', o.bridge ?? {});
  const hosts: Host[] = [];
  for (let i = 1; i <= n; i++) hosts.push(attachHost(sim, sw, br, i, o.linksUp ?? true));
  if (o.up ?? true) br.up();
  return { sim, sw, br, hosts };
}

/** Build a test frame (60 bytes unless `size` says otherwise). */
export function frame(dst: string | MacAddress, src: string | MacAddress, size = 60, etherType = ETH_TEST): Frame {
  return Frame.build({ dst, src, etherType }, new Uint8Array(Math.max(0, size - 14)));
}

/**
 * Send a frame from a host's `eth0` and let it propagate (the links have no latency: 1 µs of
 * virtual time is plenty; bounded so a regression fails instead of hanging).
 */
export function send(l: Lan, from: Host, dst: string | MacAddress, o: { src?: string; size?: number; etherType?: number } = {}): Frame {
  const f = frame(dst, o.src ?? from.mac, o.size ?? 60, o.etherType ?? ETH_TEST);
  expect(from.nic.transmit(f)).toBe(true);
  l.sim.runFor('1us', { maxEvents: 100_000 });
  return f;
}

/** Frames host h received (direction in). */
export function received(h: Host): Frame[] {
  return h.cap.records.filter((r) => r.direction === 'in').map((r) => r.frame);
}

/** Number of frames each host received, in host order. */
export function rxCounts(l: Lan): number[] {
  return l.hosts.map((h) => received(h).length);
}

/** Collect trace events of some kinds. */
export function collect<K extends TraceEvent['kind']>(sim: Simulator, ...kinds: K[]): (TraceEvent & { kind: K })[] {
  const out: (TraceEvent & { kind: K })[] = [];
  for (const k of kinds) sim.on(k, (e: TraceEvent) => out.push(e as TraceEvent & { kind: K }));
  return out;
}

/** The learned (dynamic) entries as `mac -> port device name`. */
export function learned(br: LinuxBridge): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of br.fdbEntries()) if (e.kind === 'dynamic' && !e.user) out[e.mac] = e.dev;
  return out;
}

/** Everything observable about a bridge and its namespace, for "left exactly as it was" checks. */
export interface BridgeState {
  fdb: FdbEntrySnapshot[];
  ports: PortSnapshot[];
  mac: string;
  mtu: number;
  operstate: string;
  carrier: boolean;
  up: boolean;
  links: LinkSnapshot[];
  portsOrder: string[];
  ageing: number;
}

export function bridgeState(br: LinuxBridge, ns: NetworkNamespace): BridgeState {
  return {
    fdb: br.fdbEntries(),
    ports: br.portSnapshots(),
    mac: String(br.mac),
    mtu: br.mtu,
    operstate: br.operstate,
    carrier: br.hasCarrier,
    up: br.isUp,
    links: ns.links(),
    portsOrder: br.ports.map((p) => `${p.device.name}#${p.portNo}`),
    ageing: br.ageingTime,
  };
}
