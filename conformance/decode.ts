/**
 * A small, deliberately independent frame decoder (Ethernet II, 802.1Q, ARP,
 * IPv4, ICMP; IPv6 and 802.3/LLC only recognised). It does not use the l2sim
 * library's codecs, so codec bugs in the library cannot hide themselves.
 *
 * describeFrame() renders a frame as one comparable line in which every MAC
 * address is replaced by its role (see facts.ts), e.g.
 *   ARP request who-has 10.244.0.3 tell 10.244.0.2 src=pod1/eth0 dst=broadcast sha=pod1/eth0 tha=zero len=42
 *   IPv4 10.244.0.2>10.244.0.3 ICMP echo-request seq=1 ttl=64 df src=pod1/eth0 dst=pod2/eth0 len=98
 * Checksums are verified; a bad one adds a BAD-... token.
 */

export type MacRole = (mac: string) => string;

export interface EthernetHeader {
  dst: string;
  src: string;
  vlans: number[];
  ethertype: number;
  /** Offset of the payload. */
  payloadOffset: number;
}

export interface ArpPacket {
  htype: number;
  ptype: number;
  hlen: number;
  plen: number;
  op: number;
  sha: string;
  spa: string;
  tha: string;
  tpa: string;
}

export interface Ipv4Packet {
  ihl: number;
  tos: number;
  totalLength: number;
  id: number;
  df: boolean;
  mf: boolean;
  fragOffset: number;
  ttl: number;
  protocol: number;
  src: string;
  dst: string;
  headerChecksumOk: boolean;
  /** Offset of the L4 payload within the frame. */
  payloadOffset: number;
  payloadLength: number;
}

export function macAt(b: Uint8Array, off: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[off + i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(':');
}

function ipAt(b: Uint8Array, off: number): string {
  return `${b[off] ?? 0}.${b[off + 1] ?? 0}.${b[off + 2] ?? 0}.${b[off + 3] ?? 0}`;
}

function u16(b: Uint8Array, off: number): number {
  return ((b[off] ?? 0) << 8) | (b[off + 1] ?? 0);
}

/** RFC 1071 ones-complement sum over b[start, end); returns the folded 16-bit sum. */
export function onesComplementSum(b: Uint8Array, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 2) {
    sum += ((b[i] ?? 0) << 8) | (i + 1 < end ? (b[i + 1] ?? 0) : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function parseEthernet(b: Uint8Array): EthernetHeader | undefined {
  if (b.length < 14) return undefined;
  const dst = macAt(b, 0);
  const src = macAt(b, 6);
  let off = 12;
  let ethertype = u16(b, off);
  const vlans: number[] = [];
  while ((ethertype === 0x8100 || ethertype === 0x88a8) && off + 6 <= b.length) {
    vlans.push(u16(b, off + 2) & 0x0fff);
    off += 4;
    ethertype = u16(b, off);
  }
  return { dst, src, vlans, ethertype, payloadOffset: off + 2 };
}

export function parseArp(b: Uint8Array, off: number): ArpPacket | undefined {
  if (b.length < off + 8) return undefined;
  const htype = u16(b, off);
  const ptype = u16(b, off + 2);
  const hlen = b[off + 4] ?? 0;
  const plen = b[off + 5] ?? 0;
  const op = u16(b, off + 6);
  if (hlen !== 6 || plen !== 4 || b.length < off + 28) {
    return { htype, ptype, hlen, plen, op, sha: '', spa: '', tha: '', tpa: '' };
  }
  return {
    htype,
    ptype,
    hlen,
    plen,
    op,
    sha: macAt(b, off + 8),
    spa: ipAt(b, off + 14),
    tha: macAt(b, off + 18),
    tpa: ipAt(b, off + 24),
  };
}

export function parseIpv4(b: Uint8Array, off: number): Ipv4Packet | undefined {
  if (b.length < off + 20) return undefined;
  const vihl = b[off] ?? 0;
  if (vihl >> 4 !== 4) return undefined;
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20 || b.length < off + ihl) return undefined;
  const totalLength = u16(b, off + 2);
  const flagsFrag = u16(b, off + 6);
  const payloadEnd = Math.min(b.length, off + totalLength);
  return {
    ihl,
    tos: b[off + 1] ?? 0,
    totalLength,
    id: u16(b, off + 4),
    df: (flagsFrag & 0x4000) !== 0,
    mf: (flagsFrag & 0x2000) !== 0,
    fragOffset: (flagsFrag & 0x1fff) * 8,
    ttl: b[off + 8] ?? 0,
    protocol: b[off + 9] ?? 0,
    src: ipAt(b, off + 12),
    dst: ipAt(b, off + 16),
    headerChecksumOk: onesComplementSum(b, off, off + ihl) === 0xffff,
    payloadOffset: off + ihl,
    payloadLength: Math.max(0, payloadEnd - (off + ihl)),
  };
}

const ICMP_UNREACH_CODES: Record<number, string> = {
  0: 'net',
  1: 'host',
  2: 'protocol',
  3: 'port',
  4: 'frag-needed',
  13: 'admin-prohibited',
};

function describeIcmp(b: Uint8Array, off: number, len: number): string {
  if (len < 8) return 'ICMP truncated';
  const type = b[off] ?? 0;
  const code = b[off + 1] ?? 0;
  const csumOk = onesComplementSum(b, off, off + len) === 0xffff;
  const bad = csumOk ? '' : ' BAD-ICMP-CSUM';
  if (type === 8 || type === 0) {
    const seq = u16(b, off + 6);
    const name = type === 8 ? 'echo-request' : 'echo-reply';
    return `ICMP ${name}${code !== 0 ? ` code=${code}` : ''} seq=${seq} payload=${len - 8}${bad}`;
  }
  let s: string;
  if (type === 3) s = `ICMP dest-unreachable code=${code}${ICMP_UNREACH_CODES[code] ? `(${ICMP_UNREACH_CODES[code]})` : ''}`;
  else if (type === 11) s = `ICMP time-exceeded code=${code}`;
  else if (type === 5) s = `ICMP redirect code=${code} gw=${ipAt(b, off + 4)}`;
  else s = `ICMP type=${type} code=${code}`;
  if (type === 3 || type === 11 || type === 5) {
    // The offending datagram's header (+8 bytes) follows.
    const inner = parseIpv4(b, off + 8);
    if (inner) {
      s += ` orig=[${inner.src}>${inner.dst} proto=${inner.protocol}`;
      if (inner.protocol === 1 && inner.payloadOffset + 8 <= b.length) {
        const it = b[inner.payloadOffset] ?? 0;
        if (it === 8) s += ` echo-request seq=${u16(b, inner.payloadOffset + 6)}`;
        else s += ` icmp-type=${it}`;
      }
      s += ']';
    }
  }
  return s + bad;
}

function describeIpv4(b: Uint8Array, ip: Ipv4Packet): string {
  let s = `IPv4 ${ip.src}>${ip.dst}`;
  const frag = ip.mf || ip.fragOffset !== 0;
  if (frag) {
    s += ` proto=${ip.protocol} fragment offset=${ip.fragOffset}${ip.mf ? ' mf' : ''} payload=${ip.payloadLength}`;
  } else if (ip.protocol === 1) {
    s += ` ${describeIcmp(b, ip.payloadOffset, ip.payloadLength)}`;
  } else {
    s += ` proto=${ip.protocol} payload=${ip.payloadLength}`;
  }
  s += ` ttl=${ip.ttl}`;
  if (ip.df) s += ' df';
  if (ip.tos !== 0) s += ` tos=0x${ip.tos.toString(16)}`;
  if (ip.ihl !== 20) s += ` ihl=${ip.ihl}`;
  if (!ip.headerChecksumOk) s += ' BAD-IP-CSUM';
  if (ip.payloadOffset + ip.payloadLength < ip.payloadOffset - ip.ihl + ip.totalLength) s += ' BAD-IP-LEN';
  return s;
}

/** One comparable line for a frame; MACs rendered through `role`. */
export function describeFrame(b: Uint8Array, role: MacRole): string {
  const eth = parseEthernet(b);
  if (!eth) return `runt len=${b.length}`;
  const l2 = ` src=${role(eth.src)} dst=${role(eth.dst)}`;
  const vlan = eth.vlans.length > 0 ? `vlan=${eth.vlans.join('.')} ` : '';
  const tail = `${l2} len=${b.length}`;
  const off = eth.payloadOffset;
  if (eth.ethertype === 0x0806) {
    const a = parseArp(b, off);
    if (!a) return `${vlan}ARP truncated${tail}`;
    if (a.htype !== 1 || a.ptype !== 0x0800 || a.hlen !== 6 || a.plen !== 4) {
      return `${vlan}ARP htype=${a.htype} ptype=0x${a.ptype.toString(16)} hlen=${a.hlen} plen=${a.plen} op=${a.op}${tail}`;
    }
    if (a.op === 1) {
      return `${vlan}ARP request who-has ${a.tpa} tell ${a.spa}${l2} sha=${role(a.sha)} tha=${role(a.tha)} len=${b.length}`;
    }
    if (a.op === 2) {
      return `${vlan}ARP reply ${a.spa} is-at ${role(a.sha)} to ${a.tpa}${l2} tha=${role(a.tha)} len=${b.length}`;
    }
    return `${vlan}ARP op=${a.op} spa=${a.spa} tpa=${a.tpa}${l2} sha=${role(a.sha)} tha=${role(a.tha)} len=${b.length}`;
  }
  if (eth.ethertype === 0x0800) {
    const ip = parseIpv4(b, off);
    if (!ip) return `${vlan}IPv4 malformed${tail}`;
    return `${vlan}${describeIpv4(b, ip)}${tail}`;
  }
  if (eth.ethertype === 0x86dd) {
    const next = b[off + 6];
    let s = `IPv6 next=${next ?? '?'}`;
    if (next === 58) s += ` icmpv6-type=${b[off + 40] ?? '?'}`;
    return `${vlan}${s}${tail}`;
  }
  if (eth.ethertype < 0x0600) {
    const dsap = b[off] ?? 0;
    return `${vlan}802.3 length=${eth.ethertype} dsap=0x${dsap.toString(16)}${dsap === 0x42 ? ' (STP)' : ''}${tail}`;
  }
  return `${vlan}ethertype=0x${eth.ethertype.toString(16).padStart(4, '0')}${tail}`;
}
