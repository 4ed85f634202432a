/**
 * A compact, human-readable digest of one side's facts (run.ts --summary):
 * frames per capture point with times, then per snapshot the neighbour and
 * FDB tables, the bridge MAC class, link states that changed since the
 * previous snapshot, and counters that changed.
 */
import type { Fact } from './types.js';

function snapshotOf(key: string): { kind: string; snap: string; rest: string } | undefined {
  const m = /^(neigh|fdb|link|counters|bridgemac):([^:]+):(.*)$/.exec(key);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return { kind: m[1], snap: m[2], rest: m[3] };
}

export function summarizeFacts(title: string, facts: Fact[]): string {
  const out: string[] = [`== ${title}`];
  // Frames
  const frames = new Map<string, Fact[]>();
  for (const f of facts) {
    const m = /^frames:(.+)#(\d+)$/.exec(f.key);
    if (!m || m[1] === undefined) continue;
    const list = frames.get(m[1]) ?? [];
    list.push(f);
    frames.set(m[1], list);
  }
  for (const f of facts) {
    const m = /^frames:(.+)#count$/.exec(f.key);
    if (!m || m[1] === undefined) continue;
    out.push(`  frames ${m[1]} (${f.value}):`);
    for (const fr of frames.get(m[1]) ?? []) out.push(`    ${(fr.t ?? 0).toFixed(3).padStart(7)}  ${fr.value}`);
  }
  // Snapshots
  const snaps: string[] = [];
  const bySnap = new Map<string, Fact[]>();
  for (const f of facts) {
    const s = snapshotOf(f.key);
    if (!s) continue;
    if (!bySnap.has(s.snap)) {
      snaps.push(s.snap);
      bySnap.set(s.snap, []);
    }
    bySnap.get(s.snap)?.push(f);
  }
  const prevLink = new Map<string, string>();
  const prevCounters = new Map<string, string>();
  for (const snap of snaps) {
    out.push(`  snapshot ${snap}:`);
    for (const f of bySnap.get(snap) ?? []) {
      const s = snapshotOf(f.key);
      if (!s) continue;
      if (s.kind === 'neigh') out.push(`    neigh ${s.rest} = ${f.value}`);
      else if (s.kind === 'fdb') out.push(`    fdb   ${s.rest} = ${f.value}`);
      else if (s.kind === 'bridgemac') out.push(`    bridgemac ${s.rest} = ${f.value}`);
      else if (s.kind === 'link') {
        if (prevLink.get(s.rest) !== f.value) out.push(`    link  ${s.rest}: ${f.value}`);
        prevLink.set(s.rest, f.value);
      } else if (s.kind === 'counters') {
        const prev = prevCounters.get(s.rest);
        if (prev !== f.value && !(prev === undefined && f.value === 'rx=0/0/0 tx=0/0/0')) out.push(`    count ${s.rest}: ${f.value}`);
        prevCounters.set(s.rest, f.value);
      }
    }
  }
  for (const f of facts) if (f.key.startsWith('ping:')) out.push(`  ${f.key} = ${f.value}`);
  return out.join('\n') + '\n';
}
