import { describe, expect, it } from 'vitest';
import { LinuxBridge, sequenceDiagram, Simulator, type TraceEvent, topologyDiagram, VethPair } from '../../src/index.js';
import { cniNode } from '../support/topology.js';

/** Mermaid entity codes back to characters, as Mermaid does when it renders. */
const decode = (s: string): string =>
  s.replace(/#(\w+);/g, (_m, c: string) => (/^\d+$/.test(c) ? String.fromCharCode(Number(c)) : ({ quot: '"', lt: '<', gt: '>', amp: '&' } as Record<string, string>)[c] ?? `#${c};`));

/** The flowchart's node ids by their (decoded) label: `'node/cni0 (bridge)'` → `'d1'`, subgraphs by namespace name. */
function flowIds(d: string): Map<string, string> {
  const ids = new Map<string, string>();
  let ns = '';
  for (const line of d.split('\n')) {
    const sub = /^ {2}subgraph (\w+)\["(.*)"\]$/.exec(line);
    if (sub !== null) {
      ns = decode(sub[2]!);
      ids.set(ns, sub[1]!);
      continue;
    }
    const node = /^ {4}(\w+)\["(.*)"\]$/.exec(line);
    if (node !== null) ids.set(`${ns}/${decode(node[2]!.split('<br/>')[0]!)}`, node[1]!);
  }
  return ids;
}

/** The participants of a sequence diagram: decoded name → id. */
function participants(d: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of d.split('\n')) {
    const p = /^ {2}participant (\S+) as (.*)$/.exec(line);
    if (p !== null) m.set(decode(p[2]!), p[1]!);
  }
  return m;
}

/**
 * What Mermaid's lexers need from every line: ids are plain words that are no keyword; labels
 * and texts hold no raw `#`, `;`, `%`, `"` (only entity codes), and no newline.
 */
function expectMermaidSafe(d: string): void {
  const KEYWORDS = /^(end|box|loop|alt|else|opt|par|and|rect|critical|break|option|note|over|participant|actor|create|destroy|activate|deactivate|autonumber|title|links?|properties|details|subgraph|class|classDef|style|linkStyle|click|call|href|default|graph|flowchart|direction|interpolate)/i;
  const raw = (s: string): string => s.replace(/#\w+;/g, '');
  for (const line of d.split('\n').slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^ {2}participant (\S+) as (.+)$/.exec(line)) !== null) {
      expect(m[1]).toMatch(/^p\d+$/);
      expect(raw(m[2]!), line).not.toMatch(/[#;%"<>:\n]/);
    } else if ((m = /^ {2}(\S+)->>(\S+): (.+)$/.exec(line)) !== null) {
      expect([m[1], m[2]]).toEqual([expect.stringMatching(/^p\d+$/), expect.stringMatching(/^p\d+$/)]);
      expect(raw(m[3]!), line).not.toMatch(/[#;%]/);
    } else if ((m = /^ {2}Note over (\S+): (.+)$/.exec(line)) !== null) {
      expect(m[1]).toMatch(/^p\d+$/);
      expect(raw(m[2]!), line).not.toMatch(/[#;%]/);
    } else if ((m = /^ {2}subgraph (\S+)\["(.*)"\]$/.exec(line)) !== null || (m = /^ {4}(\S+)\["(.*)"\]$/.exec(line)) !== null) {
      expect(m[1]).toMatch(/^[nd]\d+$/);
      expect(m[1]).not.toMatch(KEYWORDS);
      expect(raw(m[2]!.replace(/<br\/>/g, '')), line).not.toMatch(/[#;%"<>&]/);
    } else if ((m = /^ {2}(\S+) (---\|veth\||-\.-\|port\|) (\S+)$/.exec(line)) !== null) {
      expect([m[1], m[3]]).toEqual([expect.stringMatching(/^d\d+$/), expect.stringMatching(/^d\d+$/)]);
    } else {
      expect(line).toBe('  end');
    }
  }
}

describe('Mermaid diagrams', () => {
  it('topology: a subgraph per namespace, devices with addresses, veth and port edges', () => {
    const { sim } = cniNode(2, { seed: 1 });
    const d = topologyDiagram(sim);
    expect(d.split('\n')[0]).toBe('flowchart LR');
    const ids = flowIds(d);
    expect([...ids.keys()]).toEqual(['node', 'node/cni0 (bridge)', 'node/veth-pod1', 'node/veth-pod2', 'pod1', 'pod1/eth0', 'pod2', 'pod2/eth0']);
    expect(d).toContain(`subgraph ${ids.get('node')}["node"]`);
    expect(d).toContain(`${ids.get('node/cni0 (bridge)')}["cni0 (bridge)<br/>10.244.0.1/24"]`);
    expect(d).toContain(`${ids.get('pod1/eth0')}["eth0<br/>10.244.0.2/24"]`);
    expect(d).toContain(`${ids.get('node/veth-pod1')} ---|veth| ${ids.get('pod1/eth0')}`);
    expect(d).toContain(`${ids.get('node/veth-pod2')} -.-|port| ${ids.get('node/cni0 (bridge)')}`);
    expect(d).not.toContain('"lo');
    expect(d.match(/---\|veth\|/g)).toHaveLength(2);
    expectMermaidSafe(d);
  });

  it('sequence: who sent which frame to whom, in order, with notes', () => {
    const { sim, pods } = cniNode(2, { seed: 1 });
    const rec = sim.record();
    pods[0]!.ping('10.244.0.3', { count: 1 });
    sim.runFor('1s');
    const d = sequenceDiagram(sim, rec.events).split('\n');
    expect(d.slice(0, 4)).toEqual(['sequenceDiagram', '  participant p1 as pod1', '  participant p2 as node', '  participant p3 as pod2']);
    const msgs = d.filter((l) => l.includes('->>'));
    expect(msgs).toEqual([
      '  p1->>p2: ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28 [veth-pod1]',
      '  p2->>p3: ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28 [veth-pod2]',
      expect.stringMatching(/^ {2}p3->>p2: ARP, Reply 10\.244\.0\.3 is-at .* \[veth-pod2\]$/),
      expect.stringMatching(/^ {2}p2->>p1: ARP, Reply .* \[veth-pod1\]$/),
      expect.stringMatching(/^ {2}p1->>p2: IP 10\.244\.0\.2 > 10\.244\.0\.3: ICMP echo request/),
      expect.stringMatching(/^ {2}p2->>p3: IP 10\.244\.0\.2 > 10\.244\.0\.3: ICMP echo request/),
      expect.stringMatching(/^ {2}p3->>p2: IP 10\.244\.0\.3 > 10\.244\.0\.2: ICMP echo reply/),
      expect.stringMatching(/^ {2}p2->>p1: IP 10\.244\.0\.3 > 10\.244\.0\.2: ICMP echo reply/),
    ]);
    expect(d.some((l) => /Note over p2: cni0 learns .* → veth-pod1/.test(l))).toBe(true);
    expect(sequenceDiagram(sim, rec.events, { notes: false }).includes('Note')).toBe(false);
    expect(sequenceDiagram(sim, rec.events, { limit: 2 }).split('\n').filter((l) => l.includes('->>'))).toHaveLength(2);
    expectMermaidSafe(d.join('\n'));
  });

  // Namespace and device names may be Mermaid keywords or hold characters Mermaid reads as syntax.
  const NASTY = ['end', 'box', 'loop', 'note', 'participant', 'class', 'style', 'a;b#c', 'q"x', '%%{init}%%', '<b>&lt;', 'wrap:x', 'x-->>y', 'a,b'];

  it('names that are Mermaid keywords or hold its syntax characters become labels of safe ids', () => {
    const sim = new Simulator({ seed: 3 });
    const hub = sim.namespace('end');
    const br = new LinuxBridge(hub, 'class');
    br.up();
    hub.addAddress('class', '10.9.0.1/24');
    NASTY.slice(1).forEach((name, i) => {
      const ns = sim.namespace(name);
      const v = new VethPair({ ns: hub, name: `s${i};#%` }, { ns, name: i % 2 === 0 ? 'end' : 'st"<y>' });
      br.addPort(v.a);
      ns.addAddress(v.b, `10.9.0.${i + 2}/24`);
      v.up();
    });
    const rec = sim.record();
    sim.namespace('loop').ping('10.9.0.1', { count: 1 });
    sim.namespace('a;b#c').ping('10.9.0.3', { count: 1 });
    sim.runFor('1s');

    const topo = topologyDiagram(sim);
    expectMermaidSafe(topo);
    const ids = flowIds(topo);
    for (const name of NASTY) expect(ids.has(name), name).toBe(true);
    expect(ids.has('end/class (bridge)')).toBe(true);
    expect(ids.has('box/end') && ids.has('loop/st"<y>')).toBe(true);
    expect(new Set(ids.values()).size).toBe(ids.size); // no two things share an id
    expect(topo).toContain(`${ids.get('end/s0;#%')} ---|veth| ${ids.get('box/end')}`);

    const seq = sequenceDiagram(sim, rec.events);
    expectMermaidSafe(seq);
    const ps = participants(seq);
    expect([...ps.keys()]).toEqual(['loop', 'end', 'a;b#c', 'a,b', 'x-->>y', 'wrap:x', '<b>&lt;', '%%{init}%%', 'q"x', 'style', 'class', 'participant', 'note', 'box']);
    const [loop, end, abc] = [ps.get('loop')!, ps.get('end')!, ps.get('a;b#c')!];
    // loop pings the bridge `class` in namespace `end`; `a;b#c` pings loop through the bridge
    expect(seq).toContain(`  ${loop}->>${end}: IP 10.9.0.3 > 10.9.0.1: ICMP echo request, id`);
    expect(seq).toContain(`  ${end}->>${loop}: IP 10.9.0.1 > 10.9.0.3: ICMP echo reply, id`);
    const arrows = seq.split('\n').filter((l) => l.includes('->>'));
    expect(arrows.filter((l) => l.includes(': IP 10.9.0.8 > 10.9.0.3: ICMP echo request'))).toEqual([
      expect.stringMatching(new RegExp(`^  ${abc}->>${end}: .* \\[s6#59;#35;#37;\\]$`)),
      expect.stringMatching(new RegExp(`^  ${end}->>${loop}: .* \\[s1#59;#35;#37;\\]$`)),
    ]);
    expect(arrows.filter((l) => l.includes('ARP, Request who-has 10.9.0.1'))).toHaveLength(1 + 12); // from loop, then flooded to the 12 other pods
  });

  describe('frames of devices deleted after the recording keep their arrows', () => {
    function recorded(kinds?: TraceEvent['kind'][]): { sim: Simulator; events: TraceEvent[]; before: string } {
      const { sim, pods } = cniNode(3, { seed: 2 });
      const rec = sim.record(kinds === undefined ? {} : { kinds });
      pods[0]!.ping('10.244.0.3', { count: 2, interval: '200ms' });
      pods[2]!.ping('10.244.0.1', { count: 1 });
      sim.runFor('1s');
      const events = [...rec.events];
      return { sim, events, before: sequenceDiagram(sim, events) };
    }

    it('a deleted pod: the same diagram as before the deletion', () => {
      const { sim, events, before } = recorded();
      expect(before.split('\n').filter((l) => l.includes('->>')).length).toBeGreaterThan(10);
      sim.deleteNamespace('pod2');
      expect(sequenceDiagram(sim, events)).toBe(before);
    });

    it('the node namespace deleted (the bridge and every veth gone): the same diagram', () => {
      const { sim, events, before } = recorded();
      sim.deleteNamespace('node');
      expect(sim.namespaces().every((ns) => !ns.hasDevice('eth0'))).toBe(true);
      expect(sequenceDiagram(sim, events)).toBe(before);
    });

    it('without frame:rx events there is nothing to tell where a deleted device sent: those frames are left out, the rest stays', () => {
      const { sim, events, before } = recorded(['frame:tx', 'fdb:learn', 'neigh:state']);
      sim.deleteNamespace('pod2');
      const after = sequenceDiagram(sim, events).split('\n');
      const p = participants(before);
      const pod2 = p.get('pod2')!;
      const arrows = (lines: string[]): string[] => lines.filter((l) => l.includes('->>'));
      // arrows from pod2, or from node over veth-pod2, cannot be resolved any more
      expect(arrows(after)).toEqual(arrows(before.split('\n')).filter((l) => !l.startsWith(`  ${pod2}->>`) && !l.includes('[veth-pod2]')));
      expect(arrows(after).length).toBeGreaterThan(4);
    });
  });
});
