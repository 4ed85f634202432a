import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArpPacket, EtherType, Frame, IcmpMessage, Ipv4Packet } from '../../src/wire/index.js';
import { bytes, ip, mac, u16, u8 } from '../support/arbitraries.js';
import { DECODERS, neverThrows } from '../support/decoder-props.js';
import { expectCode } from '../support/errors.js';

const arpFields = fc.record({ op: u16, sha: mac, spa: ip, tha: mac, tpa: ip, htype: u16, ptype: u16 });
const ipInit = fc.record({
  src: ip,
  dst: ip,
  protocol: u8,
  ttl: u8,
  tos: u8,
  identification: u16,
  dontFragment: fc.boolean(),
  moreFragments: fc.boolean(),
  fragmentOffset: fc.integer({ min: 0, max: 0x1fff }),
  options: fc.integer({ min: 0, max: 10 }).chain((n) => fc.uint8Array({ minLength: n * 4, maxLength: n * 4 })),
  payload: bytes(300),
});
const icmpFields = fc.record({ type: u8, code: u8, rest: fc.integer({ min: 0, max: 0xffffffff }), data: bytes(300) });

describe('codec round trips', () => {
  it('Frame: decode(build(h, p)) gives back the header and payload; encode(decode(b)) = b', () => {
    fc.assert(
      fc.property(mac, mac, u16, fc.option(fc.record({ vid: fc.integer({ min: 0, max: 4095 }), pcp: fc.integer({ min: 0, max: 7 }), dei: fc.integer({ min: 0, max: 1 }) }), { nil: undefined }), bytes(), (dst, src, et, vlan, payload) => {
        fc.pre(vlan !== undefined || et !== EtherType.VLAN);
        const f = Frame.build({ dst, src, etherType: et, ...(vlan ? { vlan } : {}) }, payload);
        const r = Frame.decode(f.toBytes());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const g = r.value;
        expect(g.dst.equals(dst) && g.src.equals(src)).toBe(true);
        expect(g.etherType).toBe(et);
        expect(g.vlan).toEqual(vlan ? { tpid: 0x8100, ...vlan } : null);
        expect(g.payload).toEqual(payload);
        expect(g.equals(f)).toBe(true);
        expect(f.length).toBe(payload.length + (vlan ? 18 : 14));
      }),
    );
  });

  it('ArpPacket: decode(encode(v)) = v', () => {
    fc.assert(
      fc.property(arpFields, (f) => {
        const p = ArpPacket.create(f);
        const r = ArpPacket.decode(p.toBytes());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const q = r.value;
        expect([q.op, q.htype, q.ptype]).toEqual([f.op, f.htype, f.ptype]);
        expect(q.sha.equals(f.sha) && q.spa.equals(f.spa) && q.tha.equals(f.tha) && q.tpa.equals(f.tpa)).toBe(true);
        expect(q.toBytes()).toEqual(p.toBytes());
      }),
    );
  });

  it('Ipv4Packet: decode(encode(v)) = v with a valid checksum', () => {
    fc.assert(
      fc.property(ipInit, (init) => {
        const p = Ipv4Packet.create(init);
        const r = Ipv4Packet.decode(p.toBytes());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const q = r.value;
        expect(q.checksumOk).toBe(true);
        expect(q.checksum).toBe(p.checksum);
        expect([q.srcValue, q.dstValue, q.protocol, q.ttl, q.tos, q.identification, q.dontFragment, q.moreFragments, q.fragmentOffset]).toEqual([
          init.src.value,
          init.dst.value,
          init.protocol,
          init.ttl,
          init.tos,
          init.identification,
          init.dontFragment,
          init.moreFragments,
          init.fragmentOffset,
        ]);
        expect(q.options).toEqual(init.options);
        expect(q.payload).toEqual(init.payload);
        expect(q.toBytes()).toEqual(p.toBytes());
      }),
    );
  });

  it('Ipv4Packet: a flipped header bit is reported by checksumOk', () => {
    fc.assert(
      fc.property(ipInit, fc.integer({ min: 0, max: 159 }), (init, bit) => {
        const b = Ipv4Packet.create({ ...init, options: new Uint8Array(0) }).toBytes();
        b[bit >> 3]! ^= 1 << (bit & 7);
        const r = Ipv4Packet.decode(b);
        if (r.ok) expect(r.value.checksumOk).toBe(false);
      }),
    );
  });

  it('IcmpMessage: decode(encode(v)) = v with a valid checksum', () => {
    fc.assert(
      fc.property(icmpFields, (f) => {
        const m = IcmpMessage.create(f);
        const r = IcmpMessage.decode(m.toBytes());
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect([r.value.type, r.value.code, r.value.rest, r.value.checksumOk]).toEqual([f.type, f.code, f.rest, true]);
        expect(r.value.data).toEqual(f.data);
        expect(r.value.toBytes()).toEqual(m.toBytes());
      }),
    );
  });

  it('a whole ICMP echo frame round-trips through every layer', () => {
    fc.assert(
      fc.property(mac, mac, ip, ip, u16, u16, bytes(1400), (dst, src, sip, dip, id, seq, data) => {
        const f = Frame.build(
          { dst, src, etherType: EtherType.IPv4 },
          Ipv4Packet.create({ src: sip, dst: dip, protocol: 1, payload: IcmpMessage.echoRequest(id, seq, data) }),
        );
        expect(f.length).toBe(14 + 20 + 8 + data.length);
        const d = Frame.decode(f.bytes);
        if (!d.ok) throw new Error('frame');
        const i = Ipv4Packet.decode(d.value.payload);
        if (!i.ok) throw new Error('ip');
        const m = IcmpMessage.decode(i.value.payload);
        if (!m.ok) throw new Error('icmp');
        expect([m.value.identifier, m.value.sequence, m.value.checksumOk]).toEqual([id, seq, true]);
        expect(m.value.data).toEqual(data);
      }),
    );
  });
});

describe('decoders survive arbitrary bytes', () => {
  for (const [name, decode] of Object.entries(DECODERS)) {
    it(`${name}.decode never throws`, () => {
      fc.assert(neverThrows(name, decode), { numRuns: 2000 });
    });
  }
});

describe('Frame.decode edge cases', () => {
  it('reports a frame that ends inside its 802.1Q tag as truncated', () => {
    const b = new Uint8Array(16);
    b[12] = 0x81;
    b[13] = 0x00;
    const r = Frame.decode(b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.layer, r.error.code]).toEqual(['ethernet', 'truncated']);
  });
  it('reports a frame shorter than 14 bytes as truncated', () => {
    const r = Frame.decode(new Uint8Array(13));
    expect(r.ok ? 'ok' : r.error.code).toBe('truncated');
  });
  it('copies the input, so the caller may reuse its buffer', () => {
    const b = new Uint8Array(20).fill(2);
    const r = Frame.decode(b);
    b.fill(0);
    expect(r.ok && r.value.bytes[0]).toBe(2);
  });
});

describe('writeTo', () => {
  // A property over every codec: writeTo into a buffer with room writes exactly toBytes() at the
  // offset and nothing else; into a buffer without room it throws invalid-argument and writes nothing.
  const cases = fc.oneof(
    arpFields.map((f) => ArpPacket.create(f)),
    ipInit.map((f) => Ipv4Packet.create(f)),
    icmpFields.map((f) => IcmpMessage.create(f)),
  );
  it('writes exactly toBytes() at the offset when there is room, and throws leaving the buffer untouched when not', () => {
    fc.assert(
      fc.property(cases, fc.integer({ min: 0, max: 40 }), fc.integer({ min: -40, max: 10 }), (p, offset, slack) => {
        const n = p.byteLength;
        const size = Math.max(0, offset + n + slack);
        const buf = new Uint8Array(size).fill(0xee);
        if (slack >= 0) {
          p.writeTo(buf, offset);
          expect(buf.subarray(offset, offset + n)).toEqual(p.toBytes());
          expect(buf.subarray(0, offset).every((x) => x === 0xee)).toBe(true);
          expect(buf.subarray(offset + n).every((x) => x === 0xee)).toBe(true);
        } else {
          expectCode(() => p.writeTo(buf, offset), 'invalid-argument');
          expect(buf.every((x) => x === 0xee)).toBe(true);
        }
      }),
    );
  });

  it('rejects a negative or fractional offset', () => {
    const p = ArpPacket.request({ sha: '02:00:00:00:00:01', spa: '10.0.0.1', tpa: '10.0.0.2' });
    expectCode(() => p.writeTo(new Uint8Array(64), -1), 'invalid-argument');
    expectCode(() => p.writeTo(new Uint8Array(64), 1.5), 'invalid-argument');
  });
});
