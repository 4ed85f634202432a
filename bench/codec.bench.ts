// Frame encode+decode of an ARP frame and of a 98-byte ICMP echo frame, against copying the same
// bytes (allocate + copy) as the baseline.
import { ArpPacket, EtherType, Frame, IcmpMessage, Ipv4Packet, MacAddress, Ipv4Address } from '../src/wire/index.js';
import { measure, report } from './harness.js';

const A = MacAddress.parse('02:00:00:00:00:01');
const B = MacAddress.parse('02:00:00:00:00:02');
const IA = Ipv4Address.parse('10.0.0.1');
const IB = Ipv4Address.parse('10.0.0.2');
const DATA = Uint8Array.from({ length: 56 }, (_, i) => i);

function arpRoundTrip(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const f = Frame.build({ dst: MacAddress.BROADCAST, src: A, etherType: EtherType.ARP }, ArpPacket.request({ sha: A, spa: IA, tpa: IB }));
    const d = Frame.decode(f.bytes);
    if (!d.ok) throw new Error();
    const a = ArpPacket.decode(d.value.payload);
    if (a.ok) s += a.value.op;
  }
  return s;
}

function icmpRoundTrip(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const f = Frame.build(
      { dst: B, src: A, etherType: EtherType.IPv4 },
      Ipv4Packet.create({ src: IA, dst: IB, protocol: 1, dontFragment: true, identification: i & 0xffff, payload: IcmpMessage.echoRequest(7, i & 0xffff, DATA) }),
    );
    const d = Frame.decode(f.bytes);
    if (!d.ok) throw new Error();
    const ip = Ipv4Packet.decode(d.value.payload);
    if (!ip.ok) throw new Error();
    const m = IcmpMessage.decode(ip.value.payload);
    if (m.ok) s += m.value.sequence;
  }
  return s;
}

function copyBaseline(bytes: Uint8Array): (n: number) => number {
  return (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = new Uint8Array(bytes.length);
      c.set(bytes);
      const d = c.slice();
      s += d[12]!;
    }
    return s;
  };
}

export function runCodecBench(): void {
  const arp = Frame.build({ dst: MacAddress.BROADCAST, src: A, etherType: EtherType.ARP }, ArpPacket.request({ sha: A, spa: IA, tpa: IB }));
  const icmp = Frame.build({ dst: B, src: A, etherType: EtherType.IPv4 }, Ipv4Packet.create({ src: IA, dst: IB, protocol: 1, payload: IcmpMessage.echoRequest(7, 1, DATA) }));
  const n = 1_000_000;
  report('ARP frame (42 B) encode+decode', measure(arpRoundTrip, n), 'copy 42 B twice', measure(copyBaseline(arp.bytes), n));
  report('ICMP echo frame (98 B) encode+decode', measure(icmpRoundTrip, n), 'copy 98 B twice', measure(copyBaseline(icmp.bytes), n));
}
