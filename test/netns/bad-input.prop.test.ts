// Generated bad input: malformed device names, CIDRs and addresses, MTUs, sysctl values and names
// of devices that do not exist. Every call must throw the right code and leave the world
// byte-for-byte as it was.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type ErrorCode, L2SimError, LinuxBridge, Simulator, VethPair } from '../../src/index.js';
import { fullSnapshot } from '../support/hosts.js';

function world() {
  const sim = new Simulator({ seed: 3 });
  const a = sim.namespace('a');
  const b = sim.namespace('b');
  const node = sim.namespace('node');
  const br = new LinuxBridge(node, 'br0');
  const ab = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
  const an = new VethPair({ ns: a, name: 'eth1' }, { ns: node, name: 'veth-a' });
  br.addPort(an.b);
  a.addAddress('eth0', '10.0.0.1/24');
  b.addAddress('eth0', '10.0.0.2/24');
  a.addAddress('eth1', '10.1.0.1/24');
  ab.up();
  an.up();
  br.up();
  a.addRoute('default', { via: '10.0.0.2' });
  a.ping('10.0.0.2', { count: 50 });
  sim.runFor('2.5s');
  return { sim, a, b, ab };
}

const snap = (sim: Simulator): string => JSON.stringify({ now: sim.now, pending: sim.pendingEvents, ns: sim.namespaces().map((n) => fullSnapshot(n)) });

function check(sim: Simulator, fn: () => unknown, codes: readonly ErrorCode[]): void {
  const before = snap(sim);
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof L2SimError)) throw new Error(`expected an L2SimError (${codes.join('|')}), got ${err === undefined ? 'no error' : String(err)}`);
  if (!codes.includes(err.code)) throw new Error(`expected ${codes.join('|')}, got ${err.code}: ${err.message}`);
  if (snap(sim) !== before) throw new Error(`the failing call changed the world (${err.message})`);
}

// ---- generators

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;
/** Names dev_valid_name refuses. */
const badName = fc.oneof(
  fc.constant(''),
  fc.constantFrom('.', '..'),
  fc.string({ minLength: 16, maxLength: 30 }).filter((s) => utf8Length(s) > 15),
  fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('/', ':', ' ', '\t', '\n', '\r', '\u000b', '\u000c', '\u00a0', '\u0000'), fc.string({ maxLength: 6 })).map(([x, c, y]) => `${x}${c}${y}`),
  fc.string({ minLength: 8, maxLength: 15, unit: fc.constantFrom('é', 'ü', 'ß', '€') }).filter((s) => utf8Length(s) > 15),
);
/** Names that are valid but taken by nothing in namespace a. */
const missingName = fc
  .string({ minLength: 1, maxLength: 15, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'.split('')) })
  .filter((s) => !['lo', 'eth0', 'eth1'].includes(s) && s !== '.' && s !== '..');
const octet = fc.integer({ min: 0, max: 255 });
/** CIDR texts Ipv4Cidr.parse refuses. */
const badCidr = fc.oneof(
  fc.tuple(octet, octet, octet, fc.integer({ min: 256, max: 9999 }), fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, l]) => `${a}.${b}.${c}.${d}/${l}`),
  fc.tuple(octet, octet, octet, octet, fc.integer({ min: 33, max: 999 })).map(([a, b, c, d, l]) => `${a}.${b}.${c}.${d}/${l}`),
  fc.tuple(octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, l]) => `${a}.${b}.${c}/${l}`),
  fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => `${a}.${b}.${c}.${d}/`),
  fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => `0${a}.${b}.${c}.${d}/24`),
  fc.string({ maxLength: 20 }).filter((s) => !/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(s)),
);
/** Unicast-looking CIDRs for devices that do not exist. */
const goodCidr = fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, fc.integer({ min: 1, max: 254 }), fc.integer({ min: 8, max: 30 })).map(([a, b, c, d, l]) => `${a}.${b}.${c}.${d}/${l}`);
const badMtu = fc.oneof(fc.integer({ min: -100_000, max: 67 }), fc.integer({ min: 65536, max: 10_000_000 }), fc.double({ noInteger: true, noNaN: false }), fc.constantFrom(Number.NaN, Infinity, -Infinity));
const badMac = fc.oneof(
  fc.string({ maxLength: 20 }).filter((s) => !/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(s)),
  fc.tuple(fc.integer({ min: 0, max: 127 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 5, maxLength: 5 })).map(([o, rest]) =>
    [(o << 1) | 1, ...rest].map((x) => (x & 0xff).toString(16).padStart(2, '0')).join(':'),
  ), // multicast
  fc.constant('00:00:00:00:00:00'),
);
const CONF_RANGE: Record<string, number[]> = {
  arp_ignore: [0, 8],
  arp_announce: [0, 2],
  arp_accept: [0, 2],
  arp_notify: [0, 1],
  arp_filter: [0, 1],
  proxy_arp: [0, 1],
  drop_gratuitous_arp: [0, 1],
  forwarding: [0, 1],
  arp_evict_nocarrier: [0, 1],
};
const badConf = fc
  .tuple(fc.constantFrom(...Object.keys(CONF_RANGE)), fc.constantFrom('all', 'default', 'eth0', 'lo'), fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noInteger: true }), fc.string()))
  .filter(([k, , v]) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return !(typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) && Number(v) >= CONF_RANGE[k]![0]! && Number(v) <= CONF_RANGE[k]![1]!);
    const [lo, hi] = CONF_RANGE[k]!;
    return v < lo! || v > hi!; // arp_ignore 4..7 are reserved values Linux accepts (they reply like 0)
  });
const badNeigh = fc.tuple(
  fc.constantFrom('base_reachable_time_ms', 'retrans_time_ms', 'delay_first_probe_time', 'mcast_solicit', 'ucast_solicit', 'unres_qlen', 'gc_stale_time', 'locktime'),
  fc.constantFrom('default', 'eth0', 'eth1'),
  fc.oneof(fc.integer({ min: -1_000_000, max: -1 }), fc.double({ noInteger: true }), fc.constantFrom('x', '', '1.5', '0x10', '1e3', 'NaN'), fc.constant(2 ** 31)),
);

describe('generated bad input (fast-check)', () => {
  const w = world();

  it('malformed device names: new veth ends are refused with invalid-argument', () => {
    fc.assert(
      fc.property(badName, fc.boolean(), (name, first) => {
        check(w.sim, () => (first ? new VethPair({ ns: w.a, name }, { ns: w.b, name: 'ok0' }) : new VethPair({ ns: w.a, name: 'ok0' }, { ns: w.b, name })), ['invalid-argument']);
      }),
    );
  });

  it('names of missing devices: every lookup by name is not-found', () => {
    fc.assert(
      fc.property(missingName, goodCidr, (dev, cidr) => {
        check(w.sim, () => w.a.device(dev), ['not-found']);
        check(w.sim, () => w.a.addAddress(dev, cidr), ['not-found']);
        check(w.sim, () => w.a.deleteAddress(dev, cidr), ['not-found']);
        check(w.sim, () => w.a.addresses(dev), ['not-found']);
        check(w.sim, () => w.a.addRoute('10.200.0.0/16', { dev }), ['not-found']);
        check(w.sim, () => w.a.deleteRoute('default', { dev }), ['not-found']);
        check(w.sim, () => w.a.moveDevice(dev, w.b), ['not-found']);
        check(w.sim, () => w.a.deleteDevice(dev), ['not-found']);
        check(w.sim, () => w.a.sysctl(`net.ipv4.conf.${dev}.arp_ignore`, 1), ['not-found']);
        check(w.sim, () => w.a.sysctl(`net.ipv4.neigh.${dev}.locktime`, 1), ['not-found']);
        check(w.sim, () => w.a.addNeighbour('10.0.0.9', { dev, lladdr: '02:00:00:00:00:09' }), ['not-found']);
        check(w.sim, () => w.a.arping('10.0.0.2', { dev }), ['not-found']);
        check(w.sim, () => w.a.arp.flush(dev), ['not-found']);
      }),
      { numRuns: 50 },
    );
  });

  it('malformed CIDRs and addresses: invalid-argument everywhere they are taken', () => {
    fc.assert(
      fc.property(badCidr, (cidr) => {
        check(w.sim, () => w.a.addAddress('eth0', cidr), ['invalid-argument']);
        check(w.sim, () => w.a.deleteAddress('eth0', cidr), ['invalid-argument']);
        check(w.sim, () => w.a.addRoute(cidr, { dev: 'eth0' }), ['invalid-argument']);
        check(w.sim, () => w.a.deleteRoute(cidr), ['invalid-argument']);
        const addr = cidr.split('/')[0]!;
        if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(addr) || addr.split('.').some((o) => Number(o) > 255)) {
          check(w.sim, () => w.a.ping(addr), ['invalid-argument']);
          check(w.sim, () => w.a.arping(addr, { dev: 'eth0' }), ['invalid-argument']);
          check(w.sim, () => w.a.addRoute('10.200.0.0/16', { via: addr }), ['invalid-argument']);
          check(w.sim, () => w.a.addNeighbour(addr, { dev: 'eth0', lladdr: '02:00:00:00:00:09' }), ['invalid-argument']);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('routes with host bits set, and gateways that are not on-link: invalid-argument', () => {
    fc.assert(
      fc.property(goodCidr, fc.tuple(fc.integer({ min: 11, max: 223 }), octet, octet, fc.integer({ min: 1, max: 254 })), (cidr, gw) => {
        const [addr, len] = cidr.split('/');
        const v = addr!.split('.').reduce((s, o) => s * 256 + Number(o), 0);
        const hostBits = Number(len) < 32 && v % 2 ** (32 - Number(len)) !== 0;
        if (hostBits) check(w.sim, () => w.a.addRoute(cidr, { dev: 'eth0' }), ['invalid-argument']);
        check(w.sim, () => w.a.addRoute('10.200.0.0/16', { via: gw.join('.') }), ['invalid-argument']);
      }),
    );
  });

  it('MTUs outside 68..65535 and malformed or non-unicast MACs: invalid-argument', () => {
    fc.assert(
      fc.property(badMtu, badMac, (mtu, mac) => {
        check(w.sim, () => w.ab.a.setMtu(mtu), ['invalid-argument']);
        check(w.sim, () => new VethPair({ ns: w.a, name: 'ok0', mtu }, { ns: w.b, name: 'ok0' }), ['invalid-argument']);
        check(w.sim, () => w.ab.b.setMac(mac), ['invalid-argument']);
        check(w.sim, () => new VethPair({ ns: w.a, name: 'ok0' }, { ns: w.b, name: 'ok0', mac }), ['invalid-argument']);
        // `ip neigh add` takes any well-formed lladdr (zero and multicast too, as the kernel does)
        if (!/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(mac)) check(w.sim, () => w.a.addNeighbour('10.0.0.9', { dev: 'eth0', lladdr: mac }), ['invalid-argument']);
      }),
    );
  });

  it('sysctl values out of range or not integers: invalid-argument', () => {
    fc.assert(
      fc.property(badConf, badNeigh, ([k, scope, v], [nk, nscope, nv]) => {
        check(w.sim, () => w.a.sysctl(`net.ipv4.conf.${scope}.${k}`, v as never), ['invalid-argument']);
        check(w.sim, () => w.a.sysctl(`net.ipv4.neigh.${nscope}.${nk}`, nv as never), ['invalid-argument']);
      }),
    );
  });

  it('unknown sysctl names: not-found', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const known = /^(\/?proc\/sys\/)?net[./]ipv4[./]/.test(name);
        if (!known) check(w.sim, () => w.a.sysctl(name), ['not-found']);
      }),
    );
  });
});
