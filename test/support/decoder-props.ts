// The arbitrary-bytes properties of every decoder, shared by the test suite (a few hundred
// runs each) and `npm run fuzz` (a million inputs or more).
import fc from 'fast-check';
import { ArpPacket, Frame, IcmpMessage, Ipv4Packet } from '../../src/wire/index.js';
import { Ipv4View, readIcmp, readIpv4, readQuotedEcho } from '../../src/wire/index.js';
import { readPcap } from '../../src/trace/index.js';

type Decoder = (b: Uint8Array) => { ok: boolean };

export const DECODERS: Record<string, Decoder> = {
  Frame: (b) => Frame.decode(b),
  ArpPacket: (b) => ArpPacket.decode(b),
  Ipv4Packet: (b) => Ipv4Packet.decode(b),
  IcmpMessage: (b) => IcmpMessage.decode(b),
  readPcap: (b) => readPcap(b),
  readIpv4: (b) => {
    const f = Frame.decode(new Uint8Array([...new Uint8Array(12), 0x08, 0x00, ...b]));
    if (!f.ok) return f;
    const v = new Ipv4View();
    const ok = readIpv4(f.value, v) && readIcmp(f.value, v);
    if (ok) readQuotedEcho(f.value, v); // must not throw on any quote
    return { ok };
  },
};

/** Bytes that are often almost valid: random, or a valid prefix with random mutations. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  fc.uint8Array({ minLength: 14, maxLength: 120 }).map((b) => {
    // Look like IPv4 often: version 4, IHL 5..15.
    if (b.length > 0) b[0] = 0x40 | (b[0]! & 0x0f);
    return b;
  }),
  fc.uint8Array({ minLength: 8, maxLength: 64 }).map((b) => {
    b[4] = 6;
    b[5] = 4;
    return b;
  }),
);

/** A property: the decoder returns a result object and never throws. */
export function neverThrows(name: string, decode: Decoder): fc.IPropertyWithHooks<[Uint8Array]> {
  return fc.property(hostileBytes, (b) => {
    const r = decode(b);
    if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') throw new Error(`${name} returned ${String(r)}`);
  });
}
