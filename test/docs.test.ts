// The docs match the code: every output line the guide shows is printed by the same code, and
// the README's quick example runs and prints what the README says.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubernetesNode, LinuxBridge, Simulator, VethPair } from '../src/index.js';

function outputLines(md: string): string[] {
  const out: string[] = [];
  const blocks = md.split('```');
  for (let i = 1; i < blocks.length; i += 2) {
    const b = blocks[i]!;
    const lang = b.slice(0, b.indexOf('\n')).trim();
    const body = b.slice(b.indexOf('\n') + 1);
    if (lang === '') out.push(...body.split('\n'));
    if (lang === 'ts') out.push(...body.split('\n').filter((l) => l.trim().startsWith('// ') && !/^\s*\/\/ (ip |ip link|ip netns|ip addr|or |every device|one interface|…)/.test(l)).map((l) => l.trim().slice(3)));
  }
  return out.map((l) => l.trim()).filter((l) => l !== '');
}

describe('docs/guide.md', () => {
  it('shows only lines the lesson really prints', () => {
    const sim = new Simulator({ seed: 1 });
    const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: ['pod1', 'pod2'] });
    const pod1 = k8s.pod('pod1');
    const pod2 = k8s.pod('pod2');
    const printed: string[] = [pod1.ns.show('ip route')];
    const rec = sim.record({ kinds: ['frame:rx', 'fdb:learn', 'neigh:state'] });
    const ping = pod1.ns.ping(pod2.ip, { count: 3, interval: '200ms' });
    sim.runFor('10s');
    printed.push(rec.text(), pod1.ns.show('ip neigh'), k8s.ns.show('bridge fdb'), ping.summary());
    const all = new Set(printed.join('\n').split('\n').map((l) => l.trim()));
    const shown = outputLines(readFileSync(new URL('../docs/guide.md', import.meta.url), 'utf8'));
    expect(shown.length).toBeGreaterThan(20);
    const missing = shown.filter((l) => !all.has(l));
    expect(missing).toEqual([]);
  });
});

describe('README quick example (DESIGN.md §2)', () => {
  it('runs and prints what the README says', () => {
    const sim = new Simulator({ seed: 1 });
    const node = sim.namespace('node');
    const cni0 = new LinuxBridge(node, 'cni0');
    for (const [name, cidr] of [['pod1', '10.244.0.2/24'], ['pod2', '10.244.0.3/24']] as const) {
      const pod = sim.namespace(name);
      const veth = new VethPair({ ns: node, name: `veth-${name}` }, { ns: pod, name: 'eth0' });
      cni0.addPort(veth.a);
      pod.addAddress('eth0', cidr);
      veth.up();
    }
    cni0.up();
    const capture = sim.capture(cni0);
    const ping = sim.namespace('pod1').ping('10.244.0.3', { count: 3 });
    sim.runFor('10s');
    expect(ping.summary().split('\n')[1]).toBe('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
    expect(node.show('bridge fdb').split('\n')).toHaveLength(4);
    expect(sim.namespace('pod1').show('ip neigh')).toMatch(/^10\.244\.0\.3 dev eth0 lladdr ([0-9a-f]{2}:){5}[0-9a-f]{2} REACHABLE $/);
    expect(capture.size).toBe(1); // cni0 sees the broadcast it receives; forwarded frames are not seen on it
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain("const ping = sim.namespace('pod1').ping('10.244.0.3', { count: 3 });");
    expect(readme).toContain('// 3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
    expect(readme).toContain(`// ${sim.namespace('pod1').show('ip neigh').trim()}`);
  });
});
