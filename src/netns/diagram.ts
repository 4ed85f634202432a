import { VethEnd } from '../link/index.js';
import { summarizeFrame, type TraceEvent } from '../trace/index.js';
import type { Simulator } from './simulator.js';

const id = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');
const label = (s: string): string => s.replace(/"/g, '#quot;');

/**
 * A Mermaid flowchart of the topology: one subgraph per namespace, a node per device (with its
 * addresses), a solid edge per veth pair and a dotted edge from each bridge port to its bridge.
 * The loopback device is left out unless it has an address other than 127.0.0.1.
 *
 * @param sim - the simulation
 * @returns Mermaid source (`flowchart LR …`)
 * @example
 * ```ts
 * writeFileSync('topology.mmd', topologyDiagram(sim));
 * ```
 */
export function topologyDiagram(sim: Simulator): string {
  const out = ['flowchart LR'];
  const edges: string[] = [];
  const seen = new Set<string>();
  for (const ns of sim.namespaces()) {
    out.push(`  subgraph ${id(`ns_${ns.name}`)}["${label(ns.name)}"]`);
    for (const d of ns.devices()) {
      const addrs = ns.addresses(d.name).filter((a) => !(d.kind === 'loopback' && a.address === '127.0.0.1'));
      if (d.kind === 'loopback' && addrs.length === 0) continue;
      const kind = d.kind === 'bridge' ? ' (bridge)' : '';
      const text = [`${d.name}${kind}`, ...addrs.map((a) => a.cidr)].map(label).join('<br/>');
      out.push(`    ${id(`${ns.name}__${d.name}`)}["${text}"]`);
      if (d instanceof VethEnd && d.peer !== null) {
        const a = `${ns.name}__${d.name}`;
        const b = `${d.peer.namespaceName}__${d.peer.name}`;
        const key = [a, b].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          edges.push(`  ${id(a)} ---|veth| ${id(b)}`);
        }
      }
      if (d.masterName !== null) edges.push(`  ${id(`${ns.name}__${d.name}`)} -.-|port| ${id(`${ns.name}__${d.masterName}`)}`);
    }
    out.push('  end');
  }
  return [...out, ...edges].join('\n');
}

/** Options of {@link sequenceDiagram}. */
export interface SequenceOptions {
  /** Add notes for FDB learning and neighbour state changes (default true). */
  readonly notes?: boolean;
  /** Stop after this many messages (default 200), so a long run stays readable. */
  readonly limit?: number;
}

/**
 * A Mermaid sequence diagram of recorded trace events: one participant per namespace, one
 * arrow per frame sent over a veth pair (from the sender's namespace to the peer's), in order,
 * and optional notes for FDB and neighbour changes. Record the events with `sim.record()`.
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
 * ```
 */
export function sequenceDiagram(sim: Simulator, events: readonly TraceEvent[], options: SequenceOptions = {}): string {
  const notes = options.notes ?? true;
  const limit = options.limit ?? 200;
  const participants: string[] = [];
  const add = (p: string): void => {
    if (!participants.includes(p)) participants.push(p);
  };
  const lines: string[] = [];
  let n = 0;
  for (const e of events) {
    if (n >= limit) {
      lines.push(`  Note over ${id(participants[0] ?? 'sim')}: … (${limit} messages shown)`);
      break;
    }
    if (e.kind === 'frame:tx') {
      if (!sim.hasNamespace(e.ns)) continue;
      const ns = sim.namespace(e.ns);
      if (!ns.hasDevice(e.dev)) continue;
      const d = ns.device(e.dev);
      if (!(d instanceof VethEnd) || d.peer === null) continue;
      const from = e.ns;
      const to = d.peer.namespaceName;
      add(from);
      add(to);
      const via = d.masterName !== null || d.peer.masterName !== null ? ` [${d.masterName !== null ? d.name : d.peer.name}]` : '';
      lines.push(`  ${id(from)}->>${id(to)}: ${label(summarizeFrame(e.frame))}${label(via)}`);
      n++;
    } else if (notes && (e.kind === 'fdb:learn' || e.kind === 'fdb:move')) {
      add(e.ns);
      lines.push(`  Note over ${id(e.ns)}: ${e.bridge} ${e.kind === 'fdb:learn' ? 'learns' : 'moves'} ${e.mac} → ${e.port ?? e.bridge}`);
    } else if (notes && e.kind === 'neigh:state') {
      add(e.ns);
      lines.push(`  Note over ${id(e.ns)}: ${e.ip} ${e.from} → ${e.to}`);
    }
  }
  const head = ['sequenceDiagram', ...participants.map((p) => `  participant ${id(p)} as ${label(p)}`)];
  return [...head, ...lines].join('\n');
}
