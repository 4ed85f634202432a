// Golden frames captured from a real Linux kernel (6.18) with tcpdump: see
// test/fixtures/kernel/README.md for the topology, commands and versions, and
// scripts/capture-golden.sh to regenerate them. Every frame must decode through every layer
// with valid checksums, and re-encoding its decoded fields with our encoders must give back the
// kernel's bytes exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArpOp, ArpPacket, EtherType, Frame, IcmpMessage, IcmpType, Ipv4Packet } from '../../src/wire/index.js';

interface Golden {
  file: string;
  index: number;
  name: string;
  hex: string;
  length: number;
}

const GOLDEN: Golden[] = JSON.parse(readFileSync(new URL('../fixtures/kernel/frames.json', import.meta.url), 'utf8'));
const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g)!.map((h) => parseInt(h, 16)));
const byName = (file: string, name: string): Golden => {
  const g = GOLDEN.find((x) => x.file === file && x.name === name);
  if (!g) throw new Error(`no golden frame ${file}/${name}`);
  return g;
};

function decodeFrame(g: Golden): Frame {
  const r = Frame.decode(hex(g.hex));
  if (!r.ok) throw new Error(`${g.name}: ${r.error.message}`);
  return r.value;
}

function rebuild(f: Frame): Frame {
  const header = { dst: f.dst, src: f.src, etherType: f.etherType, ...(f.vlan ? { vlan: f.vlan } : {}) };
  if (f.etherType === EtherType.ARP) {
    const a = ArpPacket.decode(f.payload);
    if (!a.ok) throw new Error(a.error.message);
    return Frame.build(header, ArpPacket.create(a.value));
  }
  const ip = Ipv4Packet.decode(f.payload);
  if (!ip.ok) throw new Error(ip.error.message);
  const p = ip.value;
  const icmp = IcmpMessage.decode(p.payload);
  if (!icmp.ok) throw new Error(icmp.error.message);
  const m = icmp.value;
  return Frame.build(
    header,
    Ipv4Packet.create({
      src: p.src,
      dst: p.dst,
      protocol: p.protocol,
      ttl: p.ttl,
      tos: p.tos,
      identification: p.identification,
      dontFragment: p.dontFragment,
      payload: IcmpMessage.create({ type: m.type, code: m.code, rest: m.rest, data: m.data }),
    }),
  );
}

describe('golden frames from a real kernel', () => {
  it('has the fixtures', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(30);
  });

  it.each(GOLDEN.map((g) => [`${g.file}#${g.index} ${g.name}`, g] as const))('%s decodes with valid checksums and re-encodes byte for byte', (_, g) => {
    const f = decodeFrame(g);
    expect(f.length).toBe(g.length);
    if (f.etherType === EtherType.IPv4) {
      const ip = Ipv4Packet.decode(f.payload);
      expect(ip.ok && ip.value.checksumOk).toBe(true);
      if (ip.ok) {
        const icmp = IcmpMessage.decode(ip.value.payload);
        expect(icmp.ok && icmp.value.checksumOk).toBe(true);
      }
    } else {
      expect(f.etherType).toBe(EtherType.ARP);
    }
    expect(rebuild(f).toHex()).toBe(g.hex);
  });

  it('a kernel ARP request is 42 bytes, broadcast, with a zero target MAC', () => {
    const f = decodeFrame(byName('ping.pcap', 'arp-request-broadcast'));
    expect(f.length).toBe(42);
    expect(f.isBroadcast).toBe(true);
    const a = ArpPacket.decode(f.payload);
    if (!a.ok) throw new Error();
    expect(a.value.op).toBe(ArpOp.REQUEST);
    expect(a.value.tha.isZero).toBe(true);
    expect(String(a.value)).toBe('Request who-has 10.0.0.2 tell 10.0.0.1');
    // Our request builder makes the very same bytes.
    const built = Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: a.value.sha, etherType: EtherType.ARP }, ArpPacket.request(a.value));
    expect(built.toHex()).toBe(f.toHex());
  });

  it('a unicast probe is addressed to the cached MAC and still carries a zero target MAC', () => {
    const f = decodeFrame(byName('ping.pcap', 'arp-probe-unicast'));
    expect(f.isMulticast).toBe(false);
    const a = ArpPacket.decode(f.payload);
    expect(a.ok && a.value.tha.isZero && a.value.op === ArpOp.REQUEST).toBe(true);
  });

  it('the echo request carries a 16-byte timeval then bytes 0x10..0x37, 98 bytes in all', () => {
    const f = decodeFrame(byName('ping.pcap', 'icmp-echo-request'));
    expect(f.length).toBe(98);
    const ip = Ipv4Packet.decode(f.payload);
    if (!ip.ok) throw new Error();
    expect([ip.value.ttl, ip.value.dontFragment, ip.value.tos]).toEqual([64, true, 0]);
    const m = IcmpMessage.decode(ip.value.payload);
    if (!m.ok) throw new Error();
    expect(m.value.type).toBe(IcmpType.ECHO_REQUEST);
    expect(m.value.sequence).toBe(1);
    expect(Array.from(m.value.data.subarray(16))).toEqual(Array.from({ length: 40 }, (_, i) => i + 16));
  });

  it('the echo reply copies id, seq and data, without DF', () => {
    const req = decodeFrame(byName('ping.pcap', 'icmp-echo-request'));
    const rep = decodeFrame(byName('ping.pcap', 'icmp-echo-reply'));
    const qi = Ipv4Packet.decode(req.payload);
    const pi = Ipv4Packet.decode(rep.payload);
    if (!qi.ok || !pi.ok) throw new Error();
    expect(pi.value.dontFragment).toBe(false);
    const q = IcmpMessage.decode(qi.value.payload);
    const p = IcmpMessage.decode(pi.value.payload);
    if (!q.ok || !p.ok) throw new Error();
    expect(p.value.type).toBe(IcmpType.ECHO_REPLY);
    expect([p.value.identifier, p.value.sequence]).toEqual([q.value.identifier, q.value.sequence]);
    expect(p.value.data).toEqual(q.value.data);
    // Building the reply from the request with our encoder gives the kernel's ICMP bytes.
    expect(IcmpMessage.echoReply(q.value.identifier, q.value.sequence, q.value.data).toBytes()).toEqual(pi.value.payload);
  });

  it('host unreachable: TOS 0xc0, code 1, quoting the whole forwarded datagram', () => {
    const f = decodeFrame(byName('unreachable.pcap', 'icmp-host-unreachable'));
    expect(f.length).toBe(126);
    const ip = Ipv4Packet.decode(f.payload);
    if (!ip.ok) throw new Error();
    expect([ip.value.tos, ip.value.ttl, ip.value.dontFragment]).toEqual([0xc0, 64, false]);
    const m = IcmpMessage.decode(ip.value.payload);
    if (!m.ok) throw new Error();
    expect([m.value.type, m.value.code, m.value.rest]).toEqual([3, 1, 0]);
    const quoted = Ipv4Packet.decode(m.value.data);
    expect(quoted.ok && quoted.value.totalLength === 84 && quoted.value.ttl === 63).toBe(true);
  });

  it('802.1Q: TPID 0x8100, TCI with VLAN 10, inner EtherType after the tag', () => {
    const f = decodeFrame(byName('vlan.pcap', 'vlan-arp-request-broadcast'));
    expect(f.vlan).toEqual({ tpid: 0x8100, pcp: 0, dei: 0, vid: 10 });
    expect(f.etherType).toBe(EtherType.ARP);
    expect(f.payloadOffset).toBe(18);
    expect(f.length).toBe(46);
  });

  it('arping -U and -A frames', () => {
    const u = ArpPacket.decode(decodeFrame(byName('garp.pcap', 'garp-unsolicited-request')).payload);
    const a = ArpPacket.decode(decodeFrame(byName('garp.pcap', 'garp-reply')).payload);
    if (!u.ok || !a.ok) throw new Error();
    expect([u.value.op, String(u.value.tha), String(u.value.spa), String(u.value.tpa)]).toEqual([1, 'ff:ff:ff:ff:ff:ff', '10.0.0.1', '10.0.0.1']);
    expect([a.value.op, a.value.tha.equals(a.value.sha), String(a.value.tpa)]).toEqual([2, true, '10.0.0.1']);
  });
});
