// The hot-path encoders and readers (src/wire/fast.ts) agree byte for byte with the public codecs.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EtherType, Frame, IcmpMessage, Ipv4Packet } from '../../src/wire/index.js';
import { encodeIcmpFrame, forwardIpv4, Ipv4View, readIcmp, readIpv4, readQuotedEcho, withDestination } from '../../src/wire/index.js';
import { bytes, ip, mac, u16, u8 } from '../support/arbitraries.js';

const fields = fc.record({ dst: mac, src: mac, sip: ip, dip: ip, ttl: fc.integer({ min: 1, max: 255 }), tos: u8, id: u16, df: fc.boolean(), type: u8, code: u8, rest: fc.integer({ min: 0, max: 0xffffffff }), data: bytes(600) });

describe('hot-path codecs', () => {
  it('encodeIcmpFrame = Frame.build(Ipv4Packet.create(IcmpMessage.create))', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const fast = encodeIcmpFrame(f.dst.value, f.src.value, f.sip.value, f.dip.value, f.ttl, f.tos, f.id, f.df, f.type, f.code, f.rest, f.data, 0, f.data.length);
        const slow = Frame.build(
          { dst: f.dst, src: f.src, etherType: EtherType.IPv4 },
          Ipv4Packet.create({ src: f.sip, dst: f.dip, protocol: 1, ttl: f.ttl, tos: f.tos, identification: f.id, dontFragment: f.df, payload: IcmpMessage.create({ type: f.type, code: f.code, rest: f.rest, data: f.data }) }),
        );
        expect(fast.toHex()).toBe(slow.toHex());
        expect([fast.dstValue, fast.srcValue, fast.etherType]).toEqual([slow.dstValue, slow.srcValue, slow.etherType]);
      }),
    );
  });

  it('readIpv4/readIcmp read what Ipv4Packet.decode/IcmpMessage.decode read', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const fr = encodeIcmpFrame(f.dst.value, f.src.value, f.sip.value, f.dip.value, f.ttl, f.tos, f.id, f.df, f.type, f.code, f.rest, f.data, 0, f.data.length);
        const v = new Ipv4View();
        expect(readIpv4(fr, v) && readIcmp(fr, v)).toBe(true);
        const p = Ipv4Packet.decode(fr.payload);
        if (!p.ok) throw new Error();
        const m = IcmpMessage.decode(p.value.payload);
        if (!m.ok) throw new Error();
        expect([v.src, v.dst, v.ttl, v.tos, v.identification, v.dontFragment, v.protocol, v.checksumOk, v.totalLength]).toEqual([
          p.value.srcValue,
          p.value.dstValue,
          p.value.ttl,
          p.value.tos,
          p.value.identification,
          p.value.dontFragment,
          p.value.protocol,
          true,
          p.value.totalLength,
        ]);
        expect([v.icmpType, v.icmpCode, v.icmpRest, v.icmpChecksumOk]).toEqual([m.value.type, m.value.code, m.value.rest, true]);
      }),
    );
  });

  it('an echo reply encoded from the request builds what IcmpMessage.echoReply builds; forwardIpv4 what withTtl builds', () => {
    fc.assert(
      fc.property(fields, mac, ip, u16, (f, other, me, id) => {
        const req = encodeIcmpFrame(f.dst.value, f.src.value, f.sip.value, f.dip.value, f.ttl, f.tos, f.id, true, 8, 0, f.rest, f.data, 0, f.data.length);
        const v = new Ipv4View();
        readIpv4(req, v);
        readIcmp(req, v);
        // The echo reply as the namespace builds it: the request's data copied from its bytes.
        const reply = encodeIcmpFrame(other.value, f.dst.value, me.value, v.src, 64, v.tos, id, false, 0, 0, v.icmpRest, req.bytes, v.payloadOffset + 8, v.payloadLength - 8);
        const slow = Frame.build(
          { dst: other, src: f.dst, etherType: EtherType.IPv4 },
          Ipv4Packet.create({ src: me, dst: f.sip, protocol: 1, ttl: 64, tos: f.tos, identification: id, payload: IcmpMessage.create({ type: 0, code: 0, rest: f.rest, data: f.data }) }),
        );
        expect(reply.toHex()).toBe(slow.toHex());
        fc.pre(f.ttl > 1);
        const fwd = forwardIpv4(req, v, other.value, f.src.value);
        const p = Ipv4Packet.decode(req.payload);
        if (!p.ok) throw new Error();
        expect(fwd.toHex()).toBe(Frame.build({ dst: other, src: f.src, etherType: EtherType.IPv4 }, p.value.withTtl(f.ttl - 1)).toHex());
        expect(withDestination(req, other.value).toHex()).toBe(other.toBytes().reduce((s, x) => s + x.toString(16).padStart(2, '0'), '') + req.toHex().slice(12));
      }),
    );
  });

  it('readQuotedEcho finds the identifier and sequence of the echo request an ICMP error quotes', () => {
    fc.assert(
      fc.property(fields, u16, u16, fc.integer({ min: 28, max: 548 }), (f, id, seq, cut) => {
        const req = encodeIcmpFrame(f.dst.value, f.src.value, f.sip.value, f.dip.value, f.ttl, f.tos, f.id, true, 8, 0, ((id << 16) | seq) >>> 0, f.data, 0, f.data.length);
        const quote = req.bytes.subarray(14, 14 + Math.min(cut, req.length - 14));
        const err = encodeIcmpFrame(f.src.value, f.dst.value, f.dip.value, f.sip.value, 64, 0xc0, 0, false, 3, 1, 0, quote, 0, quote.length);
        const v = new Ipv4View();
        expect(readIpv4(err, v) && readIcmp(err, v)).toBe(true);
        expect(readQuotedEcho(err, v)).toBe(((id << 16) | seq) >>> 0);
        // Not an echo request inside: -1.
        const other = encodeIcmpFrame(f.src.value, f.dst.value, f.dip.value, f.sip.value, 64, 0, 0, false, 3, 1, 0, new Uint8Array(30), 0, 30);
        readIpv4(other, v);
        readIcmp(other, v);
        expect(readQuotedEcho(other, v)).toBe(-1);
      }),
    );
  });

  it('golden kernel frames: readIpv4 accepts them with valid checksums', () => {
    const golden: { hex: string }[] = JSON.parse(readFileSync(new URL('../fixtures/kernel/frames.json', import.meta.url), 'utf8'));
    let n = 0;
    for (const g of golden) {
      const r = Frame.decode(Uint8Array.from(Buffer.from(g.hex, 'hex')));
      if (!r.ok || r.value.etherType !== EtherType.IPv4) continue;
      const v = new Ipv4View();
      expect(readIpv4(r.value, v) && readIcmp(r.value, v)).toBe(true);
      expect(v.checksumOk && v.icmpChecksumOk).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(15);
  });
});
