/**
 * Turns an Observation into a list of comparable facts that do not depend on
 * the (random) MAC addresses of a run: every MAC is replaced by its role.
 *
 * Fact keys (see README.md):
 *   frames:<NS/DEV>#<n>                 n-th frame (1-based) at a capture point, with t
 *   frames:<NS/DEV>#count               number of frames with t <= end
 *   neigh:<snap>:<NS>:<ip>@<dev>        'STATE lladdr-role' ('-' when no lladdr)
 *   fdb:<snap>:<NS>:<mac-role>@<dev>    'permanent' | 'static' | 'dynamic'
 *   link:<snap>:<NS>/<dev>              'admin=up carrier=on operstate=UP master=cni0 port=forwarding mtu=1500 kind=veth'
 *                                       (port=: a bridge port's state, as `bridge link` shows it)
 *   counters:<snap>:<NS>/<dev>          'rx=packets/bytes/dropped tx=packets/bytes/dropped', counted
 *                                       from the 'setup' snapshot (t=0): what happened during the
 *                                       timeline. Before t=0 a real bridge sends IGMP reports for its
 *                                       multicast snooping, which l2sim does not model (see
 *                                       docs/conformance.md); counting from t=0 keeps them out.
 *   bridgemac:<snap>:<NS>/<bridge>      'lowest-port' | 'zero' | 'set' | 'other'
 *   ping:<id>                           'tx=3 rx=3 unreachable=0 seqs=1,2,3'
 *   ping:<id>:unreachable               seqs reported 'Destination Host Unreachable' ('-' if none)
 *   ping:<id>:ttl                       distinct reply TTLs ('-' if none)
 */
import { describeFrame } from './decode.js';
import { parseScenario } from './dsl.js';
import { fromHex } from './pcap.js';
import type { Fact, LinkInfo, Observation, Scenario, Snapshot } from './types.js';

export const ZERO_MAC = '00:00:00:00:00:00';
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export type RoleMap = Map<string, string>;

function nsOrder(obsKeys: string[], scenarioNs: string[]): string[] {
  const rest = obsKeys.filter((k) => !scenarioNs.includes(k)).sort();
  return [...scenarioNs.filter((k) => obsKeys.includes(k)), ...rest];
}

/**
 * Every MAC seen in any snapshot's links maps to a role 'NS/DEV'. Bridge
 * devices take precedence over ports (a Linux bridge borrows the lowest port
 * MAC); otherwise the first device seen (snapshots in time order, namespaces
 * in scenario order, devices by ifindex) keeps the role, so a MAC that is
 * later copied to another device (a "MAC move") keeps its original role.
 */
export function buildRoleMap(obs: Observation, scenarioNs: string[]): RoleMap {
  const map: RoleMap = new Map();
  const snaps = [...obs.snapshots].sort((a, b) => a.t - b.t);
  const visit = (bridges: boolean): void => {
    for (const snap of snaps) {
      for (const ns of nsOrder(Object.keys(snap.links), scenarioNs)) {
        const links = [...(snap.links[ns] ?? [])].sort((a, b) => a.ifindex - b.ifindex);
        for (const l of links) {
          if ((l.kind === 'bridge') !== bridges) continue;
          const mac = l.mac.toLowerCase();
          if (mac === ZERO_MAC || mac === BROADCAST_MAC || mac === '') continue;
          if (!map.has(mac)) map.set(mac, `${ns}/${l.name}`);
        }
      }
    }
  };
  visit(true);
  visit(false);
  return map;
}

export function roleOf(map: RoleMap, macIn: string): string {
  const mac = macIn.toLowerCase();
  if (mac === ZERO_MAC) return 'zero';
  if (mac === BROADCAST_MAC) return 'broadcast';
  const r = map.get(mac);
  if (r !== undefined) return r;
  const first = parseInt(mac.slice(0, 2), 16);
  if (!Number.isNaN(first) && (first & 1) === 1) return `multicast:${mac}`;
  return `unknown:${mac}`;
}

function macNum(mac: string): bigint {
  return BigInt('0x' + mac.replace(/:/g, ''));
}

/** Classify a bridge's MAC relative to its current ports. */
export function bridgeMacClass(bridge: LinkInfo, links: LinkInfo[], literalMacs: string[]): string {
  const mac = bridge.mac.toLowerCase();
  if (mac === ZERO_MAC) return 'zero';
  const ports = links.filter((l) => l.master === bridge.name).map((l) => l.mac.toLowerCase());
  if (ports.length > 0) {
    const lowest = ports.reduce((a, b) => (macNum(b) < macNum(a) ? b : a));
    if (mac === lowest) return 'lowest-port';
  }
  if (literalMacs.includes(mac) && !ports.includes(mac)) return 'set';
  return 'other';
}

function linkValue(l: LinkInfo): string {
  return [
    `admin=${l.adminUp ? 'up' : 'down'}`,
    `carrier=${l.carrier ? 'on' : 'off'}`,
    `operstate=${l.operstate}`,
    `master=${l.master ?? '-'}`,
    ...(l.portState !== undefined ? [`port=${l.portState}`] : []),
    `mtu=${l.mtu}`,
    `kind=${l.kind ?? '-'}`,
  ].join(' ');
}

function countersValue(l: LinkInfo, base: LinkInfo | undefined): string {
  const s = l.stats;
  const b = base?.stats ?? { rxPackets: 0, rxBytes: 0, rxDropped: 0, txPackets: 0, txBytes: 0, txDropped: 0 };
  return `rx=${s.rxPackets - b.rxPackets}/${s.rxBytes - b.rxBytes}/${s.rxDropped - b.rxDropped} tx=${s.txPackets - b.txPackets}/${s.txBytes - b.txBytes}/${s.txDropped - b.txDropped}`;
}

function snapshotFacts(snap: Snapshot, base: Snapshot | undefined, roles: RoleMap, scenarioNs: string[], literalMacs: string[], push: (f: Fact) => void): void {
  const sn = snap.name;
  for (const ns of nsOrder(Object.keys(snap.links), scenarioNs)) {
    const links = [...(snap.links[ns] ?? [])].sort((a, b) => a.ifindex - b.ifindex);
    for (const l of links) {
      push({ key: `link:${sn}:${ns}/${l.name}`, value: linkValue(l) });
      const b = base?.links[ns]?.find((x) => x.name === l.name && x.ifindex === l.ifindex);
      push({ key: `counters:${sn}:${ns}/${l.name}`, value: countersValue(l, b) });
      if (l.kind === 'bridge') {
        push({ key: `bridgemac:${sn}:${ns}/${l.name}`, value: bridgeMacClass(l, links, literalMacs) });
      }
    }
  }
  for (const ns of nsOrder(Object.keys(snap.neigh), scenarioNs)) {
    for (const n of snap.neigh[ns] ?? []) {
      const ll = n.lladdr !== undefined && n.lladdr !== '' ? roleOf(roles, n.lladdr) : '-';
      push({ key: `neigh:${sn}:${ns}:${n.ip}@${n.dev}`, value: `${n.state} ${ll}` });
    }
  }
  for (const ns of nsOrder(Object.keys(snap.fdb), scenarioNs)) {
    const links = snap.links[ns] ?? [];
    for (const f of snap.fdb[ns] ?? []) {
      const mac = f.mac.toLowerCase();
      // An entry for the device's own address is named after the device itself:
      // which port's MAC the bridge borrowed is random, this is not.
      const own = links.find((l) => l.name === f.dev && l.mac.toLowerCase() === mac);
      const role = own ? `${ns}/${f.dev}` : roleOf(roles, mac);
      const kind = f.permanent ? 'permanent' : f.static ? 'static' : 'dynamic';
      push({ key: `fdb:${sn}:${ns}:${role}@${f.dev}`, value: kind });
    }
  }
}

export interface FactsResult {
  facts: Fact[];
  roles: RoleMap;
}

/** All facts of an observation, in a stable order. Keys are unique (duplicates are merged with ' | '). */
export function observationToFacts(obs: Observation, scenario: Scenario): FactsResult {
  const ps = parseScenario(scenario);
  const scenarioNs = scenario.namespaces;
  const roles = buildRoleMap(obs, scenarioNs);
  const facts: Fact[] = [];
  const index = new Map<string, Fact>();
  const push = (f: Fact): void => {
    const prev = index.get(f.key);
    if (prev) {
      prev.value = `${prev.value} | ${f.value}`;
      return;
    }
    index.set(f.key, f);
    facts.push(f);
  };

  // Frames, per capture point (scenario order first, then any extra).
  const cps = [...ps.captures.map((c) => c.key), ...Object.keys(obs.captures).filter((k) => !ps.captures.some((c) => c.key === k)).sort()];
  for (const cp of cps) {
    const frames = obs.captures[cp];
    if (frames === undefined) continue; // a missing capture point shows up as missing #count
    const kept = frames.filter((f) => f.t <= scenario.end + 1e-9);
    kept.forEach((f, i) => {
      push({ key: `frames:${cp}#${i + 1}`, value: describeFrame(fromHex(f.hex), (m) => roleOf(roles, m)), t: f.t });
    });
    push({ key: `frames:${cp}#count`, value: String(kept.length) });
  }

  const base = obs.snapshots.find((x) => x.name === 'setup');
  for (const snap of [...obs.snapshots].sort((a, b) => a.t - b.t)) {
    snapshotFacts(snap, base, roles, scenarioNs, ps.literalMacs, push);
  }

  for (const [id, p] of Object.entries(obs.pings)) {
    const seqs = p.replies.map((r) => r.seq);
    push({
      key: `ping:${id}`,
      value: `tx=${p.transmitted} rx=${p.received} unreachable=${p.unreachable.length} seqs=${seqs.length ? seqs.join(',') : '-'}`,
    });
    push({ key: `ping:${id}:unreachable`, value: p.unreachable.length ? p.unreachable.map((u) => u.seq).join(',') : '-' });
    const ttls = [...new Set(p.replies.map((r) => r.ttl))];
    push({ key: `ping:${id}:ttl`, value: ttls.length ? ttls.join(',') : '-' });
  }
  return { facts, roles };
}
