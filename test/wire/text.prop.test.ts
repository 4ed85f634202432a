// Text forms of the address values: parse(toString(x)) is x for every value, in every accepted
// spelling; a CIDR's network, broadcast and contains agree with plain integer arithmetic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EtherType, Frame, Ipv4Address, Ipv4Cidr, MacAddress } from '../../src/wire/index.js';

const mac48 = fc.integer({ min: 0, max: 2 ** 48 - 1 });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });

describe('text round trips', () => {
  it('MacAddress: parse(toString) and the dash and upper-case spellings give the same value; the text is canonical', () => {
    fc.assert(
      fc.property(mac48, (v) => {
        const m = MacAddress.fromNumber(v);
        const text = m.toString();
        expect(text).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
        expect(MacAddress.parse(text).value).toBe(v);
        expect(MacAddress.parse(text.replace(/:/g, '-')).value).toBe(v);
        expect(MacAddress.parse(text.toUpperCase()).toString()).toBe(text);
      }),
    );
  });

  it('Ipv4Address: parse(toString) is the same value, and the text is dotted decimal without leading zeros', () => {
    fc.assert(
      fc.property(u32, (v) => {
        const a = Ipv4Address.fromNumber(v);
        const text = a.toString();
        expect(text).toBe([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.'));
        expect(Ipv4Address.parse(text).value).toBe(v);
      }),
    );
  });

  it('Ipv4Cidr: parse(toString) round-trips; network, broadcast and contains agree with integer arithmetic', () => {
    fc.assert(
      fc.property(u32, fc.integer({ min: 0, max: 32 }), u32, (v, len, other) => {
        const c = Ipv4Cidr.parse(`${Ipv4Address.fromNumber(v).toString()}/${len}`);
        expect(Ipv4Cidr.parse(c.toString()).equals(c)).toBe(true);
        const mask = len === 0 ? 0 : (0xffff_ffff << (32 - len)) >>> 0;
        expect(c.network.value).toBe((v & mask) >>> 0);
        expect(c.broadcast.value).toBe((v | ~mask) >>> 0);
        expect(c.contains(Ipv4Address.fromNumber(other))).toBe(((other & mask) >>> 0) === ((v & mask) >>> 0));
      }),
    );
  });
});

describe('802.3 length frames', () => {
  it('a type field below 0x0600 is a length: isLengthField, round trip, and the summary says so', () => {
    const f = Frame.build({ dst: '01:80:c2:00:00:00', src: '02:00:00:00:00:01', etherType: 38 }, new Uint8Array(38).fill(0x42));
    expect(f.isLengthField).toBe(true);
    expect(f.etherType).toBe(38);
    expect(f.length).toBe(14 + 38);
    const r = Frame.decode(f.toBytes());
    expect(r.ok && r.value.isLengthField && r.value.etherType === 38 && r.value.payload.length === 38).toBe(true);
    expect(Frame.build({ dst: '01:80:c2:00:00:00', src: '02:00:00:00:00:01', etherType: 0x05ff }, new Uint8Array(0)).isLengthField).toBe(true);
    expect(Frame.build({ dst: '01:80:c2:00:00:00', src: '02:00:00:00:00:01', etherType: EtherType.ARP }, new Uint8Array(0)).isLengthField).toBe(false);
    expect(Frame.build({ dst: '01:80:c2:00:00:00', src: '02:00:00:00:00:01', etherType: 0x0600 }, new Uint8Array(0)).isLengthField).toBe(false);
  });
});
