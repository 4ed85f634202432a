import { VethEnd } from '../link/index.js';
import type { Frame } from '../wire/index.js';
import { summarizeFrame, type TraceEvent } from '../trace/index.js';
import type { Simulator } from './simulator.js';

const ENTITY: Record<string, string> = { '#': '#35;', ';': '#59;', '%': '#37;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '\n': ' ', '\r': ' ' };

/**
 * A name as a Mermaid label: characters Mermaid's lexers, its directives or its HTML labels treat
 * specially become Mermaid entity codes (`#35;` …), which Mermaid turns back into the characters
 * when it renders. One pass, so a name that looks like an entity code (`#lt;`) stays literal.
 */
const label = (s: string): string => s.replace(/[#;%"<>&\n\r]/g, (c) => ENTITY[c]!);

/** Frame summaries and notes: only what would end a sequence message (`#`, `;`, a newline) or start a directive (`%`). */
const text = (s: string): string => s.replace(/[#;%\n\r]/g, (c) => ENTITY[c]!);

/** A participant's alias: a label that cannot start like Mermaid's `wrap:` directive either. */
const alias = (s: string): string => label(s).replace(/:/g, '#58;');

/** Hands out Mermaid ids `<prefix>1`, `<prefix>2`… by key: never a keyword, never a character Mermaid dislikes. */
class Ids {
  private readonly map = new Map<string, string>();
  private readonly prefix: string;
  constructor(prefix: string) {
    this.prefix = prefix;
  }
  get(key: string): string {
    let v = this.map.get(key);
    if (v === undefined) {
      v = `${this.prefix}${this.map.size + 1}`;
      this.map.set(key, v);
    }
    return v;
  }
  entries(): [string, string][] {
    return [...this.map];
  }
}

const devKey = (ns: string, dev: string): string => `${ns}/${dev}`;

/**
 * A Mermaid flowchart of the topology: one subgraph per namespace, a node per device (with its
 * addresses), a solid edge per veth pair and a dotted edge from each bridge port to its bridge.
 * The loopback device is left out unless it has an address other than 127.0.0.1.
 *
 * @remarks Mermaid ids are generated (`n1`, `n2`… for namespaces, `d1`, `d2`… for devices, in
 * the order they are drawn) and the names are labels, so any namespace or device name is safe, including
 * Mermaid keywords (`end`, `class`, `style`…) and characters such as `#`, `;`, `"` or `<`, which
 * are written as Mermaid entity codes.
 *
 * @param sim - the simulation
 * @returns Mermaid source (`flowchart LR …`)
 * @example
 * ```ts
 * writeFileSync('topology.mmd', topologyDiagram(sim));
 * // flowchart LR
 * //   subgraph n1["node"]
 * //     d1["cni0 (bridge)<br/>10.244.0.1/24"]
 * // …
 * ```
 */
export function topologyDiagram(sim: Simulator): string {
  const out = ['flowchart LR'];
  const edges: [a: string, b: string, port: boolean][] = [];
  const seen = new Set<string>();
  const spaces = new Ids('n');
  const devs = new Ids('d');
  for (const ns of sim.namespaces()) {
    out.push(`  subgraph ${spaces.get(ns.name)}["${label(ns.name)}"]`);
    for (const d of ns.devices()) {
      const addrs = ns.addresses(d.name).filter((a) => !(d.kind === 'loopback' && a.address === '127.0.0.1'));
      if (d.kind === 'loopback' && addrs.length === 0) continue;
      const kind = d.kind === 'bridge' ? ' (bridge)' : '';
      const text = [`${d.name}${kind}`, ...addrs.map((a) => a.cidr)].map(label).join('<br/>');
      const me = devKey(ns.name, d.name);
      out.push(`    ${devs.get(me)}["${text}"]`);
      if (d instanceof VethEnd && d.peer !== null) {
        const peer = devKey(d.peer.namespaceName, d.peer.name);
        const key = [me, peer].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          edges.push([me, peer, false]);
        }
      }
      if (d.masterName !== null) edges.push([me, devKey(ns.name, d.masterName), true]);
    }
    out.push('  end');
  }
  // Ids of edge ends are taken after every device has one, so they follow creation order.
  return [...out, ...edges.map(([a, b, port]) => `  ${devs.get(a)} ${port ? '-.-|port|' : '---|veth|'} ${devs.get(b)}`)].join('\n');
}

/** Options of {@link sequenceDiagram}. */
export interface SequenceOptions {
  /** Add notes for FDB learning and neighbour state changes (default true). */
  readonly notes?: boolean;
  /** Stop after this many messages (default 200), so a long run stays readable. */
  readonly limit?: number;
}

/** Where a frame sent on a veth went: the peer's namespace and the bridge port to name. */
interface Hop {
  readonly to: string;
  readonly via: string | null;
  /** The receiving device, `namespace/device`, when the topology tells. */
  readonly peer: string | null;
}

/** A frame event: sent, received or dropped on a device. */
type FrameEvent = TraceEvent & { kind: 'frame:tx' | 'frame:rx' | 'frame:drop' };

/**
 * For each `frame:tx`, where the frame went. From the current topology when the sending device
 * still exists; for a device deleted since, from the recorded arrival of the same frame object (a
 * `frame:rx` or `frame:drop` in another namespace) that no other sender accounts for; `null` when
 * neither tells. The bridge forwards the frame object it received, so for a deleted pair the
 * bridge port is the end where the same frame is also seen on another device of its namespace.
 * Without deleted senders this is one pass over the events.
 */
function resolveHops(sim: Simulator, events: readonly TraceEvent[]): (Hop | null)[] {
  const hops: (Hop | null)[] = new Array<Hop | null>(events.length).fill(null);
  const pending: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== 'frame:tx') continue;
    const ns = sim.hasNamespace(e.ns) ? sim.namespace(e.ns) : undefined;
    if (ns === undefined || !ns.hasDevice(e.dev)) {
      pending.push(i);
      continue;
    }
    const d = ns.device(e.dev);
    if (!(d instanceof VethEnd) || d.peer === null) continue;
    const p = d.peer;
    hops[i] = { to: p.namespaceName, via: d.masterName !== null ? d.name : p.masterName !== null ? p.name : null, peer: devKey(p.namespaceName, p.name) };
  }
  if (pending.length === 0) return hops;

  const byFrame = new Map<Frame, number[]>(); // frame → indices of its events, in order
  const arrivalsAt = new Map<Frame, Map<string, number[]>>(); // frame → receiving device → indices
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if ((e.kind !== 'frame:tx' && e.kind !== 'frame:rx' && e.kind !== 'frame:drop') || e.frame === null) continue;
    const list = byFrame.get(e.frame);
    if (list === undefined) byFrame.set(e.frame, [i]);
    else list.push(i);
    if (e.kind === 'frame:tx') continue;
    let at = arrivalsAt.get(e.frame);
    if (at === undefined) arrivalsAt.set(e.frame, (at = new Map()));
    const key = devKey(e.ns, e.dev);
    const q = at.get(key);
    if (q === undefined) at.set(key, [i]);
    else q.push(i);
  }
  // The arrivals the topology accounts for are taken first.
  const used = new Set<number>();
  for (let i = 0; i < events.length; i++) {
    const hop = hops[i];
    if (hop === null || hop === undefined || hop.peer === null) continue;
    const q = arrivalsAt.get((events[i] as FrameEvent).frame!)?.get(hop.peer);
    const j = q?.find((x) => x > i && !used.has(x));
    if (j !== undefined) used.add(j);
  }
  /** Whether the frame of event `i` is also seen on another device of the same namespace, before or after it. */
  const bridged = (i: number, after: boolean): boolean => {
    const e = events[i] as FrameEvent;
    return byFrame.get(e.frame!)!.some((j) => (after ? j > i : j < i) && events[j]!.ns === e.ns && (events[j] as FrameEvent).dev !== e.dev);
  };
  for (const i of pending) {
    const e = events[i] as FrameEvent;
    const seen = byFrame.get(e.frame!)!;
    // A frame a bridge device sends leaves by a port (the same frame object, sent next in the
    // same namespace): the port's transmission is the one on the wire.
    const next = seen[1] === undefined ? undefined : (events[seen[1]] as FrameEvent);
    if (seen[0] === i && next !== undefined && next.kind === 'frame:tx' && next.ns === e.ns && next.dev !== e.dev) continue;
    const j = seen.find((x) => x > i && !used.has(x) && events[x]!.kind !== 'frame:tx' && events[x]!.ns !== e.ns);
    if (j === undefined) continue;
    used.add(j);
    const a = events[j] as FrameEvent;
    hops[i] = { to: a.ns, via: bridged(i, false) ? e.dev : bridged(j, true) ? a.dev : null, peer: null };
  }
  return hops;
}

/**
 * A Mermaid sequence diagram of recorded trace events: one participant per namespace, one
 * arrow per frame sent over a veth pair (from the sender's namespace to the peer's), in order,
 * and optional notes for FDB and neighbour changes. Record the events with `sim.record()`.
 *
 * @remarks Participants get generated ids (`p1`, `p2`…, `participant p1 as node`), so namespace
 * names that are Mermaid keywords (`end`, `box`, `loop`, `note`…) or hold characters Mermaid
 * dislikes (`#`, `;`, `:`…, written as entity codes) are safe. Each frame's receiver is found
 * from the current topology; for a device deleted after the recording, from the recorded arrival
 * of the same frame at the other end (record `frame:rx` events too — `sim.record()` records every
 * kind — to keep those arrows). A frame whose receiver neither tells is left out.
 *
 * @param sim - the simulation (to find each veth's peer)
 * @param events - recorded events (`frame:tx` events draw arrows)
 * @param options - notes and a message limit
 * @returns Mermaid source (`sequenceDiagram …`)
 * @example
 * ```ts
 * const rec = sim.record();
 * sim.runFor('1s');
 * console.log(sequenceDiagram(sim, rec.events));
 * // sequenceDiagram
 * //   participant p1 as pod1
 * //   participant p2 as node
 * //   p1->>p2: ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28 [veth-pod1]
 * // …
 * ```
 */
export function sequenceDiagram(sim: Simulator, events: readonly TraceEvent[], options: SequenceOptions = {}): string {
  const notes = options.notes ?? true;
  const limit = options.limit ?? 200;
  const ids = new Ids('p');
  const hops = resolveHops(sim, events);
  const lines: string[] = [];
  let n = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (n >= limit) {
      lines.push(`  Note over ${ids.entries()[0]?.[1] ?? ids.get('sim')}: … (${limit} messages shown)`);
      break;
    }
    if (e.kind === 'frame:tx') {
      const hop = hops[i];
      if (hop === null || hop === undefined) continue;
      const from = ids.get(e.ns);
      const to = ids.get(hop.to);
      lines.push(`  ${from}->>${to}: ${text(summarizeFrame(e.frame))}${hop.via === null ? '' : ` [${text(hop.via)}]`}`);
      n++;
    } else if (notes && (e.kind === 'fdb:learn' || e.kind === 'fdb:move')) {
      lines.push(`  Note over ${ids.get(e.ns)}: ${text(`${e.bridge} ${e.kind === 'fdb:learn' ? 'learns' : 'moves'} ${e.mac} → ${e.port ?? e.bridge}`)}`);
    } else if (notes && e.kind === 'neigh:state') {
      lines.push(`  Note over ${ids.get(e.ns)}: ${e.ip} ${e.from} → ${e.to}`);
    }
  }
  const head = ['sequenceDiagram', ...ids.entries().map(([name, id]) => `  participant ${id} as ${alias(name)}`)];
  return [...head, ...lines].join('\n');
}
