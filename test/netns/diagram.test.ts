import { describe, expect, it } from 'vitest';
import { sequenceDiagram, topologyDiagram } from '../../src/index.js';
import { cniNode } from '../support/topology.js';

describe('Mermaid diagrams', () => {
  it('topology: a subgraph per namespace, devices with addresses, veth and port edges', () => {
    const { sim } = cniNode(2, { seed: 1 });
    const d = topologyDiagram(sim);
    expect(d.split('\n')[0]).toBe('flowchart LR');
    expect(d).toContain('subgraph ns_node["node"]');
    expect(d).toContain('node__cni0["cni0 (bridge)<br/>10.244.0.1/24"]');
    expect(d).toContain('pod1__eth0["eth0<br/>10.244.0.2/24"]');
    expect(d).toContain('node__veth_pod1 ---|veth| pod1__eth0');
    expect(d).toContain('node__veth_pod2 -.-|port| node__cni0');
    expect(d).not.toContain('__lo');
    expect(d.match(/---\|veth\|/g)).toHaveLength(2);
  });

  it('sequence: who sent which frame to whom, in order, with notes', () => {
    const { sim, pods } = cniNode(2, { seed: 1 });
    const rec = sim.record();
    pods[0]!.ping('10.244.0.3', { count: 1 });
    sim.runFor('1s');
    const d = sequenceDiagram(sim, rec.events).split('\n');
    expect(d.slice(0, 4)).toEqual(['sequenceDiagram', '  participant pod1 as pod1', '  participant node as node', '  participant pod2 as pod2']);
    const msgs = d.filter((l) => l.includes('->>'));
    expect(msgs).toEqual([
      '  pod1->>node: ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28 [veth-pod1]',
      '  node->>pod2: ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28 [veth-pod2]',
      expect.stringMatching(/^ {2}pod2->>node: ARP, Reply 10\.244\.0\.3 is-at .* \[veth-pod2\]$/),
      expect.stringMatching(/^ {2}node->>pod1: ARP, Reply .* \[veth-pod1\]$/),
      expect.stringMatching(/^ {2}pod1->>node: IP 10\.244\.0\.2 > 10\.244\.0\.3: ICMP echo request/),
      expect.stringMatching(/^ {2}node->>pod2: IP 10\.244\.0\.2 > 10\.244\.0\.3: ICMP echo request/),
      expect.stringMatching(/^ {2}pod2->>node: IP 10\.244\.0\.3 > 10\.244\.0\.2: ICMP echo reply/),
      expect.stringMatching(/^ {2}node->>pod1: IP 10\.244\.0\.3 > 10\.244\.0\.2: ICMP echo reply/),
    ]);
    expect(d.some((l) => /Note over node: cni0 learns .* → veth-pod1/.test(l))).toBe(true);
    expect(sequenceDiagram(sim, rec.events, { notes: false }).includes('Note')).toBe(false);
    expect(sequenceDiagram(sim, rec.events, { limit: 2 }).split('\n').filter((l) => l.includes('->>'))).toHaveLength(2);
  });
});
