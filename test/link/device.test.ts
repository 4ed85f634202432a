// Device naming (dev_valid_name), MTU ranges, and the loopback device.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EtherType, Frame, Simulator, validateDeviceName, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';

describe('validateDeviceName (dev_valid_name)', () => {
  it.each(['e', 'eth0', 'veth-pod1', 'cni0', 'a'.repeat(15), 'x.y', 'eth0.10', '...', 'br_0@x', 'ééééééé'])('accepts %j', (name) => {
    expect(() => validateDeviceName(name)).not.toThrow();
  });

  it.each([
    ['empty', ''],
    ['16 bytes', 'a'.repeat(16)],
    ['16 bytes of UTF-8 in 8 characters (checked on 6.18: "Attribute failed policy validation")', 'éééééééé'],
    ['slash', 'a/b'],
    ['colon', 'eth0:1'],
    ['space', 'eth 0'],
    ['tab', 'eth\t0'],
    ['newline', 'eth0\n'],
    ['vertical tab', 'a\u000bb'],
    ['no-break space (byte 0xa0: kernel isspace)', 'a\u00a0b'],
    ['NUL', 'a\u0000b'],
    ['dot', '.'],
    ['dot dot', '..'],
  ])('rejects %s', (_what, name) => {
    expectCode(() => validateDeviceName(name), 'invalid-argument');
  });

  it('rejects non-strings', () => {
    for (const v of [undefined, null, 5, {}, ['eth0']]) expectCode(() => validateDeviceName(v as never), 'invalid-argument');
  });

  it('agrees with a byte-level reference over any Unicode string (UTF-8 via TextEncoder, the kernel’s isspace bytes)', () => {
    const enc = new TextEncoder();
    const bad = new Set([0x00, 0x2f, 0x3a, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]);
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20, unit: 'binary' }), fc.string({ maxLength: 20, unit: 'grapheme' }), fc.string({ maxLength: 12 })), (name) => {
        const b = enc.encode(name);
        const valid = b.length >= 1 && b.length <= 15 && !b.some((x) => bad.has(x)) && name !== '.' && name !== '..';
        let ok = true;
        try {
          validateDeviceName(name);
        } catch {
          ok = false;
        }
        return ok === valid;
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly the ASCII names of 1..15 printable characters without / and :', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 }), (name) => {
        const valid = name.length <= 15 && !name.includes('/') && !name.includes(':') && name !== '.' && name !== '..';
        let ok = true;
        try {
          validateDeviceName(name);
        } catch {
          ok = false;
        }
        return ok === valid;
      }),
    );
  });
});

describe('device names in a namespace', () => {
  it('are unique within a namespace but may repeat across namespaces', () => {
    const sim = new Simulator();
    const a = sim.namespace('a');
    const b = sim.namespace('b');
    new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
    expectCode(() => new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth1' }), 'already-exists');
    expectCode(() => new VethPair({ ns: a, name: 'lo' }, { ns: b, name: 'eth1' }), 'already-exists');
    expect(a.device('eth0').name).toBe('eth0');
    expectCode(() => a.device('eth1'), 'not-found');
    expect(a.hasDevice('eth1')).toBe(false);
  });
});

describe('LoopbackDevice', () => {
  it('exists in every new namespace as ifindex 1, down, MTU 65536, MAC zero', () => {
    const ns = new Simulator().namespace('x');
    const lo = ns.device('lo');
    expect(lo).toBe(ns.lo);
    expect(lo.kind).toBe('loopback');
    expect(lo.ifindex).toBe(1);
    expect(lo.isUp).toBe(false);
    expect(lo.hasCarrier).toBe(false);
    expect(lo.operstate).toBe('DOWN');
    expect(lo.mtu).toBe(65536);
    expect(String(lo.mac)).toBe('00:00:00:00:00:00');
    expect(ns.show('ip link')).toBe(
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    );
  });

  it('comes up as UNKNOWN with carrier, and gets 127.0.0.1/8', () => {
    const ns = new Simulator().namespace('x');
    ns.lo.up();
    expect(ns.lo.operstate).toBe('UNKNOWN');
    expect(ns.lo.hasCarrier).toBe(true);
    expect(ns.addresses()).toEqual([{ dev: 'lo', cidr: '127.0.0.1/8', address: '127.0.0.1', prefixLength: 8, broadcast: '127.255.255.255', scope: 'host', secondary: false }]);
    expect(ns.show('ip link').split('\n')[0]).toBe('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000');
    ns.lo.down();
    expect(ns.lo.operstate).toBe('DOWN');
    expect(ns.addresses().length).toBe(1); // the address stays
  });

  it('loops frames back through the event loop, counting bytes without the Ethernet header', () => {
    const sim = new Simulator();
    const ns = sim.namespace('x');
    ns.lo.up();
    const f = Frame.build({ dst: '00:00:00:00:00:00', src: '00:00:00:00:00:00', etherType: 0x88b5 }, new Uint8Array(86));
    expect(ns.lo.transmit(f)).toBe(true);
    expect(ns.lo.stats.rxPackets).toBe(0);
    sim.runFor(0);
    expect(ns.lo.stats).toMatchObject({ txPackets: 1, txBytes: 86, rxPackets: 1, rxBytes: 86 });
  });

  it('drops what is sent while down and counts it in tx_dropped', () => {
    const ns = new Simulator().namespace('x');
    const f = Frame.build({ dst: '00:00:00:00:00:00', src: '00:00:00:00:00:00', etherType: EtherType.IPv4 }, new Uint8Array(20));
    expect(ns.lo.transmit(f)).toBe(false);
    expect(ns.lo.stats).toMatchObject({ txPackets: 0, txDropped: 1 });
  });

  it('takes any MTU from 68 up, its default 65536 included (Linux sets no max_mtu on lo; checked on 6.18)', () => {
    const ns = new Simulator().namespace('x');
    ns.lo.setMtu(1500);
    ns.lo.setMtu(65536);
    expect(ns.lo.mtu).toBe(65536);
    ns.lo.setMtu(70000);
    expect(ns.lo.mtu).toBe(70000);
    expectCode(() => ns.lo.setMtu(67), 'invalid-argument');
    expectCode(() => ns.lo.setMtu(2 ** 31), 'invalid-argument');
    expect(ns.lo.mtu).toBe(70000);
  });

  it('cannot be deleted or moved', () => {
    const sim = new Simulator();
    const ns = sim.namespace('x');
    expectCode(() => ns.deleteDevice('lo'), 'invalid-argument');
    expectCode(() => ns.moveDevice('lo', sim.namespace('y')), 'invalid-argument');
    expect(ns.hasDevice('lo')).toBe(true);
  });
});
