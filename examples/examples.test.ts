// Every example runs, is deterministic (same seed → byte-identical pcapng and identical trace),
// and a different seed changes the MACs but not the behaviour.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArpPacket, EtherType, Frame, IcmpMessage, Ipv4Packet, readPcap } from '../src/index.js';
import { fdbAgeing } from './fdb-ageing.js';
import { gateway } from './gateway.js';
import type { ExampleResult } from './lib.js';
import { linkDown } from './link-down.js';
import { podToPod } from './pod-to-pod.js';
import { threePods } from './three-pods.js';
import { unreachable } from './unreachable.js';

const EXAMPLES: Record<string, (seed: number) => ExampleResult> = { podToPod, threePods, gateway, unreachable, fdbAgeing, linkDown };
const maskMacs = (s: string): string => s.replace(/[0-9a-f]{2}(:[0-9a-f]{2}){5}/gi, (m) => (/^(ff:){5}ff$|^(00:){5}00$/i.test(m) ? m : 'MAC')).replace(/id \d+/g, 'id N');

describe.each(Object.entries(EXAMPLES))('example %s', (_name, run) => {
  const a = run(1);
  const b = run(1);
  const c = run(7);
  it('produces a capture and a trace', () => {
    expect(a.pcapng.length).toBeGreaterThan(100);
    expect(a.trace.split('\n').length).toBeGreaterThan(3);
    const r = readPcap(a.pcapng);
    expect(r.ok && r.value.packets.length > 0).toBe(true);
  });
  it('is deterministic: the same seed gives byte-identical pcapng, trace and text', () => {
    expect(Buffer.from(b.pcapng).equals(Buffer.from(a.pcapng))).toBe(true);
    expect(b.trace).toBe(a.trace);
    expect(b.text).toBe(a.text);
  });
  it('with another seed the MACs differ and the behaviour does not', () => {
    expect(Buffer.from(c.pcapng).equals(Buffer.from(a.pcapng))).toBe(false); // the MACs inside differ
    expect(maskMacs(c.trace)).toBe(maskMacs(a.trace));
    expect(maskMacs(c.text)).toBe(maskMacs(a.text).replace('(seed 1)', '(seed 7)'));
  });
});

// What Linux showed for the same lesson (conformance/recorded/01-seed-lesson.linux.json: the same
// two pods, `ping -c 3 -i 0.2`, captured with tcpdump on a 6.18 kernel): at each capture point the
// same frames in the same order with the same lengths (42-byte ARP, 98-byte ICMP echo).
describe('pod-to-pod matches Linux frame for frame', () => {
  const linux = JSON.parse(readFileSync(new URL('../conformance/recorded/01-seed-lesson.linux.json', import.meta.url), 'utf8')) as {
    captures: Record<string, { t: number; hex: string }[]>;
  };
  const kind = (bytes: Uint8Array): string => {
    const f = Frame.decode(bytes);
    if (!f.ok) return '?';
    const fr = f.value;
    if (fr.etherType === EtherType.ARP) {
      const a = ArpPacket.decode(fr.payload);
      return `${fr.isBroadcast ? 'bcast ' : ''}ARP op${a.ok ? a.value.op : '?'} ${fr.length}`;
    }
    const ip = Ipv4Packet.decode(fr.payload);
    if (!ip.ok) return '?';
    const m = IcmpMessage.decode(ip.value.payload);
    return `ICMP type${m.ok ? m.value.type : '?'} seq${m.ok ? m.value.sequence : '?'} ${fr.length}`;
  };
  const sim = readPcap(podToPod(1).pcapng);
  if (!sim.ok) throw new Error('pcapng');
  const names = sim.value.interfaces.map((i) => i.name);
  it.each(Object.keys(linux.captures))('at %s', (point) => {
    const expected = linux.captures[point]!.filter((f) => f.t <= 8).map((f) => kind(Uint8Array.from(Buffer.from(f.hex, 'hex'))));
    const iface = names.indexOf(point);
    expect(iface).toBeGreaterThanOrEqual(0);
    const got = sim.value.packets.filter((p) => p.iface === iface).map((p) => kind(p.bytes));
    expect(got).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('examples/foundation.ts', () => {
  it('runs', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    try {
      await import('./foundation.js');
    } finally {
      console.log = log;
    }
    expect(lines[0]).toMatch(/^0\.000000 ([0-9a-f]{2}:){5}[0-9a-f]{2} > ff:ff:ff:ff:ff:ff, ARP, Request who-has 10\.0\.0\.2 tell 10\.0\.0\.1, length 42$/);
    expect(lines.at(-1)).toContain('2 events');
  });
});
