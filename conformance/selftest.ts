/**
 * Self-test of the harness's own pieces that need neither root nor l2sim:
 * the DSL parser, the capture-file reader (pcap us/ns, both byte orders,
 * pcapng), the frame decoder, fact extraction and comparison.
 *
 *   npx tsx conformance/selftest.ts
 *
 * Prints 'N passed, N failed' and exits non-zero on failure.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareFacts } from './compare.js';
import { describeFrame } from './decode.js';
import { cniTopology, DslError, parseCommand, parseNsCommand, parseScenario } from './dsl.js';
import { buildRoleMap, observationToFacts, roleOf } from './facts.js';
import { parseBridgeFdbJson, parseIpLinkJson, parseIpNeighJson, parsePingOutput } from './linux-side.js';
import { framesFromCapture, fromHex, readCapture, toHex, writePcap } from './pcap.js';
import type { Fact, Observation, Scenario } from './types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
let passed = 0;
let failed = 0;
async function test(name: string, f: () => void | Promise<void>): Promise<void> {
  try {
    await f();
    passed++;
  } catch (e) {
    failed++;
    process.stdout.write(`FAIL ${name}\n  ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
}

// --- helpers to build frames -------------------------------------------------
const mac = (s: string): number[] => s.split(':').map((h) => parseInt(h, 16));
const ip = (s: string): number[] => s.split('.').map(Number);
const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
function csum(bytes: number[]): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
function arpFrame(op: number, sha: string, spa: string, tha: string, tpa: string, dst: string): Uint8Array {
  return Uint8Array.from([...mac(dst), ...mac(sha), 0x08, 0x06, 0, 1, 8, 0, 6, 4, ...u16(op), ...mac(sha), ...ip(spa), ...mac(tha), ...ip(tpa)]);
}
function icmpEcho(type: number, src: string, dst: string, smac: string, dmac: string, seq: number, ttl: number, df: boolean): Uint8Array {
  const payload = Array.from({ length: 56 }, (_, i) => i & 0xff);
  const icmp = [type, 0, 0, 0, 0x12, 0x34, ...u16(seq), ...payload];
  const c = csum(icmp);
  icmp[2] = c >> 8;
  icmp[3] = c & 0xff;
  const hdr = [0x45, 0, ...u16(20 + icmp.length), 0, 0, df ? 0x40 : 0, 0, ttl, 1, 0, 0, ...ip(src), ...ip(dst)];
  const hc = csum(hdr);
  hdr[10] = hc >> 8;
  hdr[11] = hc & 0xff;
  return Uint8Array.from([...mac(dmac), ...mac(smac), 0x08, 0x00, ...hdr, ...icmp]);
}

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const ZERO = '00:00:00:00:00:00';
const BC = 'ff:ff:ff:ff:ff:ff';

function swapPcapToBigEndian(le: Uint8Array): Uint8Array {
  const out = le.slice();
  const src = new DataView(le.buffer, le.byteOffset, le.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, src.getUint32(0, true), false);
  dv.setUint16(4, src.getUint16(4, true), false);
  dv.setUint16(6, src.getUint16(6, true), false);
  for (const o of [8, 12, 16, 20]) dv.setUint32(o, src.getUint32(o, true), false);
  let off = 24;
  while (off + 16 <= le.byteLength) {
    for (const o of [0, 4, 8, 12]) dv.setUint32(off + o, src.getUint32(off + o, true), false);
    off += 16 + src.getUint32(off + 8, true);
  }
  return out;
}

function pcapng(packets: { tsNs: bigint; data: Uint8Array }[], tsresol: number): Uint8Array {
  const parts: number[] = [];
  const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
  const le16 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
  // SHB
  parts.push(...le32(0x0a0d0d0a), ...le32(28), ...le32(0x1a2b3c4d), ...le16(1), ...le16(0), ...le32(0xffffffff), ...le32(0xffffffff), ...le32(28));
  // IDB with if_tsresol option
  const idbLen = 20 + 8 + 4;
  parts.push(...le32(1), ...le32(idbLen), ...le16(1), ...le16(0), ...le32(262144), ...le16(9), ...le16(1), tsresol, 0, 0, 0, ...le16(0), ...le16(0), ...le32(idbLen));
  const units = tsresol === 9 ? 1n : 1000n; // ns per tick
  for (const p of packets) {
    const pad = (4 - (p.data.length % 4)) % 4;
    const len = 32 + p.data.length + pad;
    const ticks = p.tsNs / units;
    parts.push(...le32(6), ...le32(len), ...le32(0), ...le32(Number(ticks >> 32n)), ...le32(Number(ticks & 0xffffffffn)), ...le32(p.data.length), ...le32(p.data.length), ...p.data, ...Array<number>(pad).fill(0), ...le32(len));
  }
  return Uint8Array.from(parts);
}

// --- tests --------------------------------------------------------------------
await test('parseCommand accepts the allowed commands', () => {
  assert.deepEqual(parseCommand('ip link add cni0 type bridge ageing_time 300'), { kind: 'link-add-bridge', name: 'cni0', ageingTimeCs: 300 });
  assert.deepEqual(parseCommand('ip link add veth-pod1 type veth peer name eth0 netns pod1'), { kind: 'link-add-veth', name: 'veth-pod1', peer: 'eth0', peerNetns: 'pod1' });
  assert.deepEqual(parseCommand('ip  link set eth0   up'), { kind: 'link-set-updown', name: 'eth0', up: true });
  assert.deepEqual(parseCommand('ip link set eth0 address @pod1/eth0'), { kind: 'link-set-address', name: 'eth0', address: { type: 'ref', ns: 'pod1', dev: 'eth0' } });
  assert.deepEqual(parseCommand('ip link set cni0 address 02:00:00:00:00:01'), { kind: 'link-set-address', name: 'cni0', address: { type: 'literal', mac: '02:00:00:00:00:01' } });
  assert.deepEqual(parseCommand('ip addr add 10.244.0.2/24 dev eth0'), { kind: 'addr-add', address: '10.244.0.2', prefixLen: 24, dev: 'eth0' });
  assert.deepEqual(parseCommand('ip route add default via 10.244.0.1'), { kind: 'route-add-default', via: '10.244.0.1' });
  assert.deepEqual(parseCommand('sysctl -w net.ipv4.neigh.eth0.retrans_time_ms=500'), { kind: 'sysctl', key: 'net.ipv4.neigh.eth0.retrans_time_ms', value: '500' });
  assert.deepEqual(parseCommand('ping -c 3 -i 0.2 -W 1 -s 100 10.244.0.3'), { kind: 'ping', count: 3, interval: 0.2, timeout: 1, size: 100, target: '10.244.0.3' });
  assert.deepEqual(parseNsCommand('node: ip link del cni0'), { ns: 'node', command: { kind: 'link-del', name: 'cni0' }, text: 'ip link del cni0' });
});

await test('parseCommand rejects anything else', () => {
  for (const bad of ['ip neigh flush all', 'ping 10.0.0.1', 'ping -c 1 -f 10.0.0.1', 'ip link add x type vxlan id 1', 'rm -rf /', 'sysctl -w kernel.panic=1', 'ip link set eth0 address zz:00:00:00:00:00', 'ip addr add 10.0.0.300/24 dev eth0']) {
    assert.throws(() => parseCommand(bad), DslError, bad);
  }
});

await test('parseScenario validates namespaces, order and ids', () => {
  const ok: Scenario = { name: 'x', title: 't', ...cniTopology({ pods: 2 }), timeline: [{ at: 0, run: 'pod1: ping -c 1 10.244.0.3' }, { at: 1, snapshot: 's' }], end: 2 };
  const ps = parseScenario(ok);
  assert.equal(ps.timeline[0]?.type, 'run');
  assert.throws(() => parseScenario({ ...ok, timeline: [{ at: 1, snapshot: 'a' }, { at: 0, snapshot: 'b' }] }), /not sorted/);
  assert.throws(() => parseScenario({ ...ok, setup: ['nope: ip link set lo up'] }), /unknown namespace/);
  assert.throws(() => parseScenario({ ...ok, timeline: [{ at: 1, snapshot: 'end' }] }), /reserved/);
});

const frames = [
  { tsNs: 1_700_000_000_123_456_789n, data: arpFrame(1, A, '10.244.0.2', ZERO, '10.244.0.3', BC) },
  { tsNs: 1_700_000_000_223_456_000n, data: icmpEcho(8, '10.244.0.2', '10.244.0.3', A, B, 1, 64, true) },
];

await test('pcap reader: nanosecond little endian', () => {
  const p = readCapture(writePcap(frames));
  assert.equal(p.length, 2);
  assert.equal(p[0]?.tsNs, frames[0]?.tsNs);
  assert.equal(toHex(p[1]?.data ?? new Uint8Array()), toHex(frames[1]?.data ?? new Uint8Array()));
});

await test('pcap reader: big endian and microsecond magic', () => {
  const be = swapPcapToBigEndian(writePcap(frames));
  assert.equal(readCapture(be)[0]?.tsNs, frames[0]?.tsNs);
  const us = writePcap(frames.map((f) => ({ tsNs: (f.tsNs / 1000n) * 1000n, data: f.data })));
  // rewrite as microsecond pcap: magic + fractional field in us
  const dv = new DataView(us.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  let off = 24;
  while (off + 16 <= us.byteLength) {
    dv.setUint32(off + 4, dv.getUint32(off + 4, true) / 1000, true);
    off += 16 + dv.getUint32(off + 8, true);
  }
  assert.equal(readCapture(us)[0]?.tsNs, 1_700_000_000_123_456_000n);
  assert.equal(readCapture(swapPcapToBigEndian(us))[1]?.tsNs, 1_700_000_000_223_456_000n);
});

await test('pcapng reader: SHB/IDB/EPB with us and ns resolution', () => {
  const ns = readCapture(pcapng(frames, 9));
  assert.equal(ns[0]?.tsNs, frames[0]?.tsNs);
  assert.equal(ns[1]?.data.length, frames[1]?.data.length);
  const us = readCapture(pcapng(frames, 6));
  assert.equal(us[0]?.tsNs, 1_700_000_000_123_456_000n);
  const rel = framesFromCapture(pcapng(frames, 9), 1_700_000_000_000_000_000n);
  assert.ok(Math.abs((rel[0]?.t ?? 0) - 0.123456789) < 1e-9);
});

await test('pcap reader: truncated and empty files', () => {
  assert.deepEqual(readCapture(new Uint8Array(0)), []);
  const full = writePcap(frames);
  assert.equal(readCapture(full.slice(0, full.length - 5)).length, 1);
});

await test('decoder: ARP and ICMP lines with roles and checksums', () => {
  const role = (m: string): string => (m === A ? 'pod1/eth0' : m === B ? 'pod2/eth0' : m === ZERO ? 'zero' : m === BC ? 'broadcast' : m);
  assert.equal(
    describeFrame(frames[0]?.data ?? new Uint8Array(), role),
    'ARP request who-has 10.244.0.3 tell 10.244.0.2 src=pod1/eth0 dst=broadcast sha=pod1/eth0 tha=zero len=42',
  );
  assert.equal(
    describeFrame(arpFrame(2, B, '10.244.0.3', A, '10.244.0.2', A), role),
    'ARP reply 10.244.0.3 is-at pod2/eth0 to 10.244.0.2 src=pod2/eth0 dst=pod1/eth0 tha=pod1/eth0 len=42',
  );
  const echo = frames[1]?.data ?? new Uint8Array();
  assert.equal(describeFrame(echo, role), 'IPv4 10.244.0.2>10.244.0.3 ICMP echo-request seq=1 payload=56 ttl=64 df src=pod1/eth0 dst=pod2/eth0 len=98');
  const bad = echo.slice();
  bad[50] = (bad[50] ?? 0) ^ 0xff; // corrupt ICMP payload
  assert.match(describeFrame(bad, role), /BAD-ICMP-CSUM/);
  const badIp = echo.slice();
  badIp[22] = 63; // change TTL without fixing the header checksum
  assert.match(describeFrame(badIp, role), /ttl=63 df BAD-IP-CSUM/);
});

await test('iproute2 / ping output parsers', () => {
  const links = parseIpLinkJson(
    JSON.stringify([
      { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00', stats64: { rx: { bytes: 1, packets: 2, dropped: 3 }, tx: { bytes: 4, packets: 5, dropped: 6 } } },
      { ifindex: 3, ifname: 'veth-pod1', flags: ['BROADCAST', 'UP'], mtu: 1500, operstate: 'LOWERLAYERDOWN', master: 'cni0', address: 'AA:00:00:00:00:01', linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge', info_slave_data: { state: 'disabled' } } },
    ]),
  );
  assert.equal(links[0]?.portState, undefined);
  assert.equal(links[1]?.portState, 'disabled');
  assert.deepEqual(links[0]?.stats, { rxPackets: 2, rxBytes: 1, rxDropped: 3, txPackets: 5, txBytes: 4, txDropped: 6 });
  assert.equal(links[0]?.kind, 'loopback');
  assert.equal(links[1]?.carrier, false);
  assert.equal(links[1]?.mac, 'aa:00:00:00:00:01');
  assert.equal(links[1]?.master, 'cni0');
  assert.deepEqual(parseIpNeighJson('[{"dst":"10.0.0.1","dev":"eth0","lladdr":"aa:bb:cc:dd:ee:ff","state":["REACHABLE"]},{"dst":"10.0.0.9","dev":"eth0"}]'), [
    { ip: '10.0.0.1', dev: 'eth0', lladdr: 'aa:bb:cc:dd:ee:ff', state: 'REACHABLE' },
  ]);
  assert.deepEqual(
    parseBridgeFdbJson('[{"mac":"33:33:00:00:00:01","ifname":"cni0","flags":["self"],"state":"permanent"},{"mac":"aa:00:00:00:00:01","ifname":"veth-pod1","flags":[],"master":"cni0","state":""}]'),
    [{ mac: 'aa:00:00:00:00:01', dev: 'veth-pod1', master: 'cni0', permanent: false, static: false }],
  );
  const out = [
    'PING 10.244.0.99 (10.244.0.99) 56(84) bytes of data.',
    'From 10.244.0.2 icmp_seq=1 Destination Host Unreachable',
    '64 bytes from 10.244.0.99: icmp_seq=2 ttl=64 time=0.05 ms',
    '',
    '--- 10.244.0.99 ping statistics ---',
    '2 packets transmitted, 1 received, +1 errors, 50% packet loss, time 1001ms',
  ].join('\n');
  assert.deepEqual(parsePingOutput(out, 1), { transmitted: 2, received: 1, replies: [{ seq: 2, ttl: 64 }], unreachable: [{ seq: 1 }], exitCode: 1 });
});

await test('role map: bridge MAC wins over the port it borrowed; first device keeps a copied MAC', () => {
  const link = (name: string, ifindex: number, m: string, kind: 'bridge' | 'veth', master?: string) => ({
    name,
    ifindex,
    mac: m,
    mtu: 1500,
    adminUp: true,
    carrier: true,
    operstate: 'UP',
    kind,
    ...(master !== undefined ? { master } : {}),
    stats: { rxPackets: 0, rxBytes: 0, rxDropped: 0, txPackets: 0, txBytes: 0, txDropped: 0 },
  });
  const obs: Observation = {
    side: 'l2sim',
    captures: {},
    pings: {},
    snapshots: [
      { name: 'setup', t: 0, links: { node: [link('cni0', 2, A, 'bridge'), link('veth-pod1', 3, A, 'veth', 'cni0')], pod1: [link('eth0', 2, B, 'veth')] }, neigh: {}, fdb: {} },
      { name: 'end', t: 1, links: { node: [link('cni0', 2, A, 'bridge'), link('veth-pod1', 3, A, 'veth', 'cni0')], pod3: [link('eth0', 2, B, 'veth')] }, neigh: {}, fdb: { node: [{ mac: A, dev: 'veth-pod1', master: 'cni0', permanent: true, static: false }] } },
    ],
  };
  const roles = buildRoleMap(obs, ['node', 'pod1', 'pod3']);
  assert.equal(roleOf(roles, A), 'node/cni0');
  assert.equal(roleOf(roles, B), 'pod1/eth0');
  assert.equal(roleOf(roles, '01:00:5e:00:00:01'), 'multicast:01:00:5e:00:00:01');
  assert.equal(roleOf(roles, '02:99:00:00:00:00'), 'unknown:02:99:00:00:00:00');
  const s: Scenario = { name: 'x', title: 't', namespaces: ['node', 'pod1', 'pod3'], setup: [], captures: [], timeline: [], end: 1 };
  const facts = observationToFacts(obs, s).facts;
  // the port's own permanent entry is named after the port, not the bridge
  assert.ok(facts.some((f) => f.key === 'fdb:end:node:node/veth-pod1@veth-pod1' && f.value === 'permanent'));
  assert.ok(facts.some((f) => f.key === 'bridgemac:setup:node/cni0' && f.value === 'lowest-port'));
});

await test('compare: values, times, one-sided facts, skip and known differences', () => {
  const s: Scenario = { name: 'x', title: 't', namespaces: ['a'], setup: [], captures: [], timeline: [], end: 1, skip: ['^skipme'] };
  const L: Fact[] = [
    { key: 'same', value: 'v' },
    { key: 'frames:a/x#1', value: 'f', t: 1.0 },
    { key: 'frames:a/x#2', value: 'g', t: 1.0 },
    { key: 'diff', value: 'L' },
    { key: 'onlyL', value: 'x' },
    { key: 'skipme', value: '1' },
    { key: 'knownkey', value: '1' },
  ];
  const S: Fact[] = [
    { key: 'same', value: 'v' },
    { key: 'frames:a/x#1', value: 'f', t: 1.2 },
    { key: 'frames:a/x#2', value: 'g', t: 1.3 },
    { key: 'diff', value: 'S' },
    { key: 'onlyS', value: 'y' },
    { key: 'skipme', value: '2' },
    { key: 'knownkey', value: '2' },
  ];
  const r = compareFacts(s, L, S, [{ id: 'k', scenario: '*', keyPattern: '^knownkey$', reason: 'test' }]);
  assert.equal(r.skipped, 1);
  assert.equal(r.compared, 7);
  assert.equal(r.matched, 2);
  assert.equal(r.known, 1);
  assert.equal(r.mismatched, 4);
  assert.deepEqual(
    r.mismatches.map((m) => `${m.kind}:${m.key}`),
    ['time:frames:a/x#2', 'value:diff', 'only-linux:onlyL', 'value:knownkey', 'only-l2sim:onlyS'],
  );
});

await test('compare: looseTimes widen the tolerance for the keys they name only', () => {
  const s: Scenario = {
    name: 'x', title: 't', namespaces: ['a'], setup: [], captures: [], timeline: [], end: 1,
    looseTimes: [{ keys: '^frames:a/x#2$', seconds: 0.35, why: 'test' }],
  };
  const L: Fact[] = [
    { key: 'frames:a/x#1', value: 'f', t: 1.0 },
    { key: 'frames:a/x#2', value: 'g', t: 1.0 },
    { key: 'frames:a/x#3', value: 'h', t: 1.0 },
  ];
  const S: Fact[] = [
    { key: 'frames:a/x#1', value: 'f', t: 1.3 },
    { key: 'frames:a/x#2', value: 'g', t: 1.3 },
    { key: 'frames:a/x#3', value: 'h', t: 1.4 },
  ];
  const r = compareFacts(s, L, S, []);
  assert.deepEqual(r.mismatches.map((m) => `${m.kind}:${m.key}`), ['time:frames:a/x#1', 'time:frames:a/x#3']);
  assert.throws(() => parseScenario({ ...s, looseTimes: [{ keys: '^x', seconds: 0.1, why: 'narrower' }] }), DslError);
  assert.throws(() => parseScenario({ ...s, looseTimes: [{ keys: '^x', seconds: 1, why: ' ' }] }), DslError);
});

await test('all scenario files parse and their recorded Linux observations (if any) yield facts', async () => {
  const dir = path.join(HERE, 'scenarios');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts')).sort()) {
    const mod = (await import(`./scenarios/${f}`)) as { scenario: Scenario };
    parseScenario(mod.scenario);
    const rec = path.join(HERE, 'recorded', `${mod.scenario.name}.linux.json`);
    if (fs.existsSync(rec)) {
      const obs = JSON.parse(fs.readFileSync(rec, 'utf8')) as Observation;
      const facts = observationToFacts(obs, mod.scenario).facts;
      assert.ok(facts.length > 0);
      const self = compareFacts(mod.scenario, facts, facts, []);
      assert.equal(self.mismatched, 0);
      for (const fr of Object.values(obs.captures).flat()) fromHex(fr.hex);
    }
  }
});

process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
