import { describe, expect, it } from 'vitest';
import { LinuxBridge, Simulator, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';

describe('port limit', () => {
  it('takes 1023 ports, as the kernel (BR_MAX_PORTS); maxPorts raises it for benchmarks', () => {
    const sim = new Simulator({ seed: 1 });
    const ns = sim.namespace('sw');
    const br = new LinuxBridge(ns, 'br0');
    const big = new LinuxBridge(ns, 'br1', { maxPorts: 1030 });
    for (let i = 0; i < 1023; i++) br.addPort(new VethPair({ ns, name: `a${i}` }, { ns, name: `b${i}` }).a);
    expect(br.ports.length).toBe(1023);
    expect(Math.max(...br.ports.map((p) => p.portNo))).toBe(1023);
    const extra = new VethPair({ ns, name: 'x' }, { ns, name: 'y' });
    expectCode(() => br.addPort(extra.a), 'invalid-state');
    expect(br.ports.length).toBe(1023);
    for (let i = 0; i < 1025; i++) big.addPort(new VethPair({ ns, name: `c${i}` }, { ns, name: `d${i}` }).a);
    expect(big.ports.length).toBe(1025);
    expectCode(() => new LinuxBridge(ns, 'br2', { maxPorts: 0 }), 'invalid-argument');
  });
});
