// The capture files open in Wireshark: tshark decodes our pcap and pcapng and reports the same
// frames the simulation sent (count, lengths, Ethernet addresses, ARP opcodes and addresses, ICMP
// types and sequence numbers, interface names, nanosecond timestamps).
// tshark comes from Debian's `tshark` package (.ci/run installs it). Where it is missing the
// tests are skipped LOUDLY; with L2SIM_REQUIRE_TSHARK=1 (as in CI) they fail instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArpPacket, EtherType, IcmpMessage, Ipv4Packet, type CaptureRecord } from '../../src/index.js';
import { cniNode } from '../support/topology.js';

const has = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
const required = process.env.L2SIM_REQUIRE_TSHARK === '1';
if (!has) {
  const msg = '\n!!! tshark is not installed: the Wireshark decoding tests are SKIPPED. Install it with `apt-get install tshark` (CI requires it).\n';
  if (required) throw new Error(msg);
  console.warn(msg);
}

const FIELDS = ['frame.len', 'frame.interface_name', 'frame.time_epoch', 'eth.src', 'eth.dst', 'arp.opcode', 'arp.src.proto_ipv4', 'arp.dst.proto_ipv4', 'arp.src.hw_mac', 'icmp.type', 'icmp.seq', '_ws.malformed'];

function tshark(file: string): string[][] {
  const out = execFileSync('tshark', ['-n', '-r', file, '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', ...FIELDS.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out
    .trim()
    .split('\n')
    .map((l) => l.split('|'));
}

function expected(r: CaptureRecord, iface: string): string[] {
  const f = r.frame;
  let arp = ['', '', '', ''];
  let icmp = ['', ''];
  if (f.etherType === EtherType.ARP) {
    const a = ArpPacket.decode(f.payload);
    if (a.ok) arp = [String(a.value.op), String(a.value.spa), String(a.value.tpa), String(a.value.sha)];
  } else if (f.etherType === EtherType.IPv4) {
    const p = Ipv4Packet.decode(f.payload);
    const m = p.ok ? IcmpMessage.decode(p.value.payload) : undefined;
    if (m?.ok) {
      // For an ICMP error tshark reports the sequence number of the quoted echo request.
      const q = m.value.isEcho ? undefined : Ipv4Packet.decode(m.value.data);
      const qm = q?.ok ? IcmpMessage.decode(q.value.payload) : undefined;
      icmp = [String(m.value.type), m.value.isEcho ? String(m.value.sequence) : qm?.ok ? String(qm.value.sequence) : ''];
    }
  }
  const secs = `${Math.floor(r.time / 1e9)}.${String(r.time % 1e9).padStart(9, '0')}`;
  return [String(f.length), iface, secs, String(f.src), String(f.dst), ...arp, ...icmp, ''];
}

describe.skipIf(!has)('tshark decodes our captures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2sim-tshark-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { sim, pods } = cniNode(3, { seed: 3, lo: true });
  const cap = sim.capture();
  pods[0]!.ping('10.244.0.3', { count: 3, interval: '200ms' });
  pods[0]!.ping('10.244.0.99', { count: 1 });
  pods[2]!.ping('10.244.0.1', { count: 1 });
  sim.runFor('6s');
  const recs = cap.records;
  const names = cap.interfaces;

  it('pcapng: one interface per device, named namespace/device; every field as sent', () => {
    const file = join(dir, 'all.pcapng');
    writeFileSync(file, cap.pcapng());
    const rows = tshark(file);
    expect(rows.length).toBe(recs.length);
    expect(recs.length).toBeGreaterThan(40);
    rows.forEach((row, i) => {
      const r = recs[i]!;
      const exp = expected(r, names[r.iface]!);
      // tshark prints the epoch time with 9 decimals for nanosecond pcapng.
      expect(row).toEqual(exp);
    });
  });

  it('pcap: the same frames, interleaved, with nanosecond timestamps', () => {
    const file = join(dir, 'all.pcap');
    writeFileSync(file, cap.pcap());
    const rows = tshark(file);
    expect(rows.length).toBe(recs.length);
    rows.forEach((row, i) => {
      const r = recs[i]!;
      const exp = expected(r, '');
      expect([row[0], row[2], ...row.slice(3)]).toEqual([exp[0], exp[2], ...exp.slice(3)]);
    });
  });

  it('tshark sees ARP requests, replies, echo requests and replies, and an ICMP host unreachable on lo', () => {
    const kinds = new Set(recs.map((r) => expected(r, '').slice(5, 6).join('') + '/' + expected(r, '')[9]));
    expect([...kinds]).toEqual(expect.arrayContaining(['1/', '2/', '/8', '/0', '/3']));
  });
});
