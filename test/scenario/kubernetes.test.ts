import { describe, expect, it } from 'vitest';
import { kubernetesNode, Simulator } from '../../src/index.js';
import { expectCode } from '../support/errors.js';

describe('kubernetesNode', () => {
  it('builds the node as the CNI bridge plugin does', () => {
    const sim = new Simulator({ seed: 1 });
    const k = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: ['web', 'db'] });
    expect(k.gateway).toBe('10.244.0.1');
    expect(k.bridge.name).toBe('cni0');
    expect(k.ns.show('ip route')).toBe('10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 ');
    expect(k.pods.map((p) => [p.name, p.cidr, p.hostVeth.name, p.eth0.name])).toEqual([
      ['web', '10.244.0.2/24', 'veth-web', 'eth0'],
      ['db', '10.244.0.3/24', 'veth-db', 'eth0'],
    ]);
    const web = k.pod('web');
    expect(web.ns.show('ip route')).toBe('default via 10.244.0.1 dev eth0 \n10.244.0.0/24 dev eth0 proto kernel scope link src 10.244.0.2 ');
    expect(web.ns.lo.isUp).toBe(true);
    expect(k.bridge.ports.map((p) => [p.device.name, p.portState])).toEqual([
      ['veth-db', 'forwarding'],
      ['veth-web', 'forwarding'],
    ]);
    const ping = web.ns.ping(k.pod('db').ip, { count: 2 });
    sim.runFor('3s');
    expect(ping.received).toBe(2);
    const extra = k.addPod('cache');
    expect(extra.ip).toBe('10.244.0.4');
    expectCode(() => k.pod('nope'), 'not-found');
  });

  it('numbers pods, and names long host veths within 15 characters', () => {
    const sim = new Simulator({ seed: 1 });
    const k = kubernetesNode(sim, { name: 'worker-1', podCidr: '10.244.1.0/24', pods: 2, bridge: 'br0' });
    expect(k.pods.map((p) => p.name)).toEqual(['pod1', 'pod2']);
    const long = kubernetesNode(sim, { name: 'worker-2', podCidr: '10.244.2.0/24', pods: ['a-rather-long-pod-name'] });
    expect(long.pods[0]!.hostVeth.name).toMatch(/^veth[0-9a-f]{8}$/);
  });

  it('validates everything first and leaves the simulation unchanged on bad input', () => {
    const sim = new Simulator({ seed: 1 });
    sim.namespace('taken');
    const before = sim.namespaces().map((n) => n.name);
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/33', pods: 1 }), 'invalid-argument');
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.1/24', pods: 1 }), 'invalid-argument');
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/30', pods: 2 }), 'invalid-argument');
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: ['a', 'a'] }), 'invalid-argument');
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: ['taken'] }), 'already-exists');
    expectCode(() => kubernetesNode(sim, { name: 'taken', podCidr: '10.244.0.0/24', pods: 1 }), 'already-exists');
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: 1, bridge: 'a/b' }), 'invalid-argument');
    expectCode(() => kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: ['x'], vethName: () => 'bad name' }), 'invalid-argument');
    expect(sim.namespaces().map((n) => n.name)).toEqual(before);
  });
});
