#!/usr/bin/env node
// pcap-to-json.mjs — turn the golden kernel captures into frames.json.
//
// Usage: node scripts/pcap-to-json.mjs [DIR]   (default test/fixtures/kernel)
// Prints a JSON array to stdout:
//   { file, index, name, description, hex, length, relTime, capturedOn }
// index   = position of the record in the pcap file (0-based, file order)
// name    = classification of the frame, unique within the file
// relTime = seconds since the first record of the same file (ns precision)
//
// Plain JS, no dependencies. Reads classic pcap (µs or ns, either byte order),
// link type 1 (Ethernet) only.

import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? join(here, '..', 'test', 'fixtures', 'kernel');

// Capture point and scenario per file (keep in sync with capture-golden.sh).
const FILES = [
  ['ping.pcap', 'A eth0',
    'A(10.0.0.1, 02:00:00:00:00:01) <-veth-> B(10.0.0.2, 02:00:00:00:00:02); `ping -c 2 -i 0.2 10.0.0.2` from A, then 7.5 s idle'],
  ['ping-size.pcap', 'A eth0',
    'same pair topology (fresh namespaces); `ping -c 1 -s 0 10.0.0.2` then `ping -c 1 -s 1400 10.0.0.2` from A'],
  ['unreachable.pcap', 'A eth0',
    'A(10.0.1.2, 02:00:00:00:01:02) -- R eth0(10.0.1.1, 02:00:00:00:01:01) | R eth1(10.0.2.1, 02:00:00:00:02:01) -- B(10.0.2.2, 02:00:00:00:02:02); R forwards; A: `ping -c 1 10.0.2.99` (no owner) then `ping -c 1 10.0.2.2`'],
  ['unreachable-r-eth1.pcap', 'R eth1',
    'same run as unreachable.pcap, captured on R\'s second interface (10.0.2.1)'],
  ['garp.pcap', 'B eth0',
    'pair topology (fresh); from A: `arping -U -c 1 -I eth0 10.0.0.1`, `arping -A -c 1 -I eth0 10.0.0.1`, `arping -c 1 -I eth0 10.0.0.2`'],
  ['vlan.pcap', 'A eth0',
    'pair topology with VLAN 10 (10.0.10.1/24 <-> 10.0.10.2/24); `ping -c 1 10.0.10.2` from A; captured on the underlying eth0'],
];

function readPcap(buf) {
  const magicLE = buf.readUInt32LE(0);
  let le, nano;
  if (magicLE === 0xa1b2c3d4) { le = true; nano = false; }
  else if (magicLE === 0xa1b23c4d) { le = true; nano = true; }
  else if (buf.readUInt32BE(0) === 0xa1b2c3d4) { le = false; nano = false; }
  else if (buf.readUInt32BE(0) === 0xa1b23c4d) { le = false; nano = true; }
  else throw new Error('not a classic pcap file');
  const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linktype = u32(20) & 0x0fffffff;
  if (linktype !== 1) throw new Error(`unsupported link type ${linktype}`);
  const recs = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = u32(off), frac = u32(off + 4), incl = u32(off + 8), orig = u32(off + 12);
    const data = buf.subarray(off + 16, off + 16 + incl);
    if (data.length !== incl) throw new Error('truncated record');
    if (incl !== orig) throw new Error(`record truncated by snaplen (${incl}/${orig})`);
    const ns = BigInt(sec) * 1000000000n + BigInt(nano ? frac : frac * 1000);
    recs.push({ ns, data });
    off += 16 + incl;
  }
  return recs;
}

const mac = (b, o) => [...b.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
const ip4 = (b, o) => [...b.subarray(o, o + 4)].join('.');
const hex16 = (n) => '0x' + n.toString(16).padStart(4, '0');
const BCAST = 'ff:ff:ff:ff:ff:ff';
const ZERO = '00:00:00:00:00:00';

function classify(d, ctx) {
  let dst = mac(d, 0), src = mac(d, 6), type = d.readUInt16BE(12), off = 14;
  let prefix = '', vlanText = '';
  if (type === 0x8100 || type === 0x88a8) {
    const tci = d.readUInt16BE(14);
    vlanText = `802.1Q TPID ${hex16(type)} TCI ${hex16(tci)} (PCP ${tci >> 13}, DEI ${(tci >> 12) & 1}, VID ${tci & 0xfff}); `;
    prefix = 'vlan-';
    type = d.readUInt16BE(16);
    off = 18;
  }
  const eth = `Ethernet ${src} -> ${dst}; ${vlanText}`;
  if (type === 0x0806) {
    const op = d.readUInt16BE(off + 6);
    const sha = mac(d, off + 8), spa = ip4(d, off + 14), tha = mac(d, off + 18), tpa = ip4(d, off + 24);
    const body = `ARP htype ${d.readUInt16BE(off)} ptype ${hex16(d.readUInt16BE(off + 2))} hlen ${d[off + 4]} plen ${d[off + 5]} op ${op}; sha ${sha} spa ${spa} tha ${tha} tpa ${tpa}`;
    let name;
    if (op === 1) {
      if (spa === tpa) name = 'garp-unsolicited-request';
      else if (dst === BCAST && tha === BCAST) name = 'arping-request-broadcast';
      else if (dst === BCAST) name = ctx.unreachableDsts.has(tpa) ? 'arp-request-broadcast-unanswered' : 'arp-request-broadcast';
      else name = 'arp-probe-unicast';
      if (name !== 'garp-unsolicited-request') ctx.lastArpReq = { name, spa, tpa };
    } else if (op === 2) {
      if (spa === tpa) name = 'garp-reply';
      else {
        const q = ctx.lastArpReq;
        name = q && q.name === 'arp-probe-unicast' && q.spa === tpa && q.tpa === spa ? 'arp-probe-reply' : 'arp-reply';
      }
    } else name = `arp-op${op}`;
    const what = {
      'garp-unsolicited-request': 'gratuitous ARP request (arping -U): spa == tpa',
      'garp-reply': 'gratuitous ARP reply (arping -A): spa == tpa, broadcast',
      'arping-request-broadcast': 'ARP request from iputils arping (tha = ff:ff:ff:ff:ff:ff, unlike the kernel which uses zeros)',
      'arp-request-broadcast': 'kernel ARP request (neighbour INCOMPLETE, broadcast, tha zero)',
      'arp-request-broadcast-unanswered': 'kernel ARP request for an address nobody owns (neighbour INCOMPLETE, broadcast, tha zero; retransmitted every retrans_time until mcast_solicit is exhausted)',
      'arp-probe-unicast': 'kernel unicast ARP probe (neighbour PROBE state; tha zero, Ethernet dst = cached MAC)',
      'arp-probe-reply': 'ARP reply to the unicast probe',
      'arp-reply': 'kernel ARP reply',
    }[name] ?? 'ARP';
    return { name: prefix + name, description: `${what}. ${eth}${body}` };
  }
  if (type === 0x0800) {
    const ihl = (d[off] & 15) * 4;
    const tos = d[off + 1], tot = d.readUInt16BE(off + 2), id = d.readUInt16BE(off + 4);
    const ff = d.readUInt16BE(off + 6), ttl = d[off + 8], proto = d[off + 9], csum = d.readUInt16BE(off + 10);
    const sip = ip4(d, off + 12), dip = ip4(d, off + 16);
    const ipText = `IPv4 ${sip} -> ${dip} tos ${'0x' + tos.toString(16).padStart(2, '0')} len ${tot} id ${hex16(id)} flags${ff & 0x4000 ? ' DF' : ''}${ff & 0x2000 ? ' MF' : ''}${!(ff & 0x6000) ? ' none' : ''} frag ${ff & 0x1fff} ttl ${ttl} proto ${proto} csum ${hex16(csum)}`;
    if (proto === 1) {
      const io = off + ihl;
      const t = d[io], code = d[io + 1], icsum = d.readUInt16BE(io + 2);
      const dataLen = tot - ihl - 8;
      if (t === 8 || t === 0) {
        const ident = d.readUInt16BE(io + 4), seq = d.readUInt16BE(io + 6);
        let name = t === 8 ? 'icmp-echo-request' : 'icmp-echo-reply';
        if (dataLen !== 56) name += `-s${dataLen}`;
        if (t === 8 && ctx.unreachableDsts.has(dip)) name += '-to-unreachable';
        if (ttl < 64) name += '-forwarded';
        const what = `ICMP echo ${t === 8 ? 'request' : 'reply'}${ttl < 64 ? ` (forwarded by R, ttl ${ttl})` : ''}`;
        return {
          name: prefix + name,
          description: `${what}. ${eth}${ipText}; ICMP type ${t} code ${code} csum ${hex16(icsum)} id ${hex16(ident)} seq ${seq}, ${dataLen} data bytes`,
        };
      }
      if (t === 3) {
        const qlen = tot - ihl - 8;
        const qo = io + 8;
        const qText = `quotes ${qlen} bytes of the original datagram (${ip4(d, qo + 12)} -> ${ip4(d, qo + 16)}, quoted ttl ${d[qo + 8]}, quoted len ${d.readUInt16BE(qo + 2)})`;
        const names = { 0: 'net-unreachable', 1: 'host-unreachable', 3: 'port-unreachable' };
        return {
          name: prefix + 'icmp-' + (names[code] ?? `dest-unreachable-code${code}`),
          description: `ICMP destination unreachable (type 3 code ${code}). ${eth}${ipText}; ICMP csum ${hex16(icsum)} unused 0x${d.readUInt32BE(io + 4).toString(16).padStart(8, '0')}; ${qText}`,
        };
      }
      return { name: `${prefix}icmp-type${t}-code${code}`, description: `${eth}${ipText}` };
    }
    return { name: `${prefix}ipv4-proto${proto}`, description: `${eth}${ipText}` };
  }
  return { name: `${prefix}ethertype-${type.toString(16)}`, description: eth };
}

// First pass over all files: destinations that an ICMP destination-unreachable
// refers to, so the frames that led to it get distinguishable names (also in
// captures taken on another interface of the same run).
const unreachableDsts = new Set();
for (const [file] of FILES) {
  const p = join(dir, file);
  if (!existsSync(p)) continue;
  for (const r of readPcap(readFileSync(p))) {
    const d = r.data;
    let off = 14;
    if (d.readUInt16BE(12) === 0x8100) off = 18;
    if (d.readUInt16BE(off - 2) === 0x0800 && d[off + 9] === 1) {
      const io = off + (d[off] & 15) * 4;
      if (d[io] === 3) unreachableDsts.add(ip4(d, io + 8 + 16));
    }
  }
}

const out = [];
for (const [file, capturedOn, scenario] of FILES) {
  const p = join(dir, file);
  if (!existsSync(p)) { process.stderr.write(`skip missing ${file}\n`); continue; }
  const recs = readPcap(readFileSync(p));
  const t0 = recs.length ? recs[0].ns : 0n;
  const ctx = { unreachableDsts };
  const seen = new Map();
  recs.forEach((r, index) => {
    const c = classify(r.data, ctx);
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    const rel = r.ns - t0;
    const neg = rel < 0n;
    const abs = neg ? -rel : rel;
    const relTime = Number(`${neg ? '-' : ''}${abs / 1000000000n}.${(abs % 1000000000n).toString().padStart(9, '0')}`);
    out.push({
      file,
      index,
      name: n === 1 ? c.name : `${c.name}-${n}`,
      description: `${c.description}. Captured on ${capturedOn}. Scenario: ${scenario}`,
      hex: Buffer.from(r.data).toString('hex'),
      length: r.data.length,
      relTime,
      capturedOn,
    });
  });
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
