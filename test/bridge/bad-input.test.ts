// Misuse of the bridge API throws L2SimError with a stable code and leaves everything exactly as
// it was: FDB, ports, MAC, MTU, carrier, and the namespace's links.
import { describe, expect, it } from 'vitest';
import { type ErrorCode, LinuxBridge, type NetDevice, VethPair } from '../../src/index.js';
import { expectCode } from '../support/errors.js';
import { bridgeState, frame, hostMac, lan, type Lan, send } from './support.js';

/** A LAN with some history (learned entries, a user entry, a changed flag) and a second bridge. */
function world(): Lan & { br1: LinuxBridge; other: VethPair } {
  const l = lan(3);
  for (const h of l.hosts) send(l, h, 'ff:ff:ff:ff:ff:ff');
  l.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'static' });
  l.br.setPortFlags('p3', { hairpin: true });
  const br1 = new LinuxBridge(l.sw, 'br1');
  const other = new VethPair({ ns: l.sw, name: 'q1' }, { ns: l.sim.namespace('x'), name: 'eth0' });
  br1.addPort(other.a);
  other.up();
  br1.up();
  return { ...l, br1, other };
}

/** Everything, for both bridges and every namespace. */
function everything(w: ReturnType<typeof world>): unknown {
  return {
    br: bridgeState(w.br, w.sw),
    br1: bridgeState(w.br1, w.sw),
    links: w.sim.namespaces().map((ns) => [ns.name, ns.links()]),
    now: w.sim.now,
    pending: w.sim.pendingEvents,
  };
}

function rejects(w: ReturnType<typeof world>, code: ErrorCode, fn: () => unknown): void {
  const before = everything(w);
  expectCode(fn, code);
  expect(everything(w)).toEqual(before);
}

describe('addPort', () => {
  it('a device that is already a port of this bridge → already-exists', () => {
    const w = world();
    rejects(w, 'already-exists', () => w.br.addPort(w.hosts[0]!.port));
  });

  it('a device that is a port of another bridge → already-exists', () => {
    const w = world();
    rejects(w, 'already-exists', () => w.br.addPort(w.other.a));
    rejects(w, 'already-exists', () => w.br1.addPort(w.hosts[1]!.port));
  });

  it('a device of another namespace → invalid-argument', () => {
    const w = world();
    rejects(w, 'invalid-argument', () => w.br.addPort(w.hosts[0]!.nic));
    rejects(w, 'invalid-argument', () => w.br.addPort(w.other.b));
    rejects(w, 'invalid-argument', () => w.br.addPort(w.sim.namespace('x').lo));
  });

  it('the bridge to itself, another bridge, or the loopback device → invalid-argument', () => {
    const w = world();
    rejects(w, 'invalid-argument', () => w.br.addPort(w.br));
    const br2 = new LinuxBridge(w.sw, 'br2');
    rejects(w, 'invalid-argument', () => w.br.addPort(br2));
    rejects(w, 'invalid-argument', () => w.br.addPort(w.sw.lo));
  });

  it('something that is not a device → invalid-argument', () => {
    const w = world();
    for (const bad of [undefined, null, {}, 'p1', 42]) rejects(w, 'invalid-argument', () => w.br.addPort(bad as unknown as NetDevice));
  });

  it('a deleted device → invalid-state', () => {
    const w = world();
    const v = new VethPair({ ns: w.sw, name: 'gone' }, { ns: w.sim.namespace('y'), name: 'eth0' });
    v.delete();
    rejects(w, 'invalid-state', () => w.br.addPort(v.a));
  });

  it('a deleted bridge → invalid-state, for every mutating call', () => {
    const w = world();
    const br2 = new LinuxBridge(w.sw, 'br2');
    const v = new VethPair({ ns: w.sw, name: 'v2' }, { ns: w.sim.namespace('y'), name: 'eth0' });
    const was = br2.addPort(v.a);
    br2.delete();
    rejects(w, 'invalid-state', () => br2.addPort(v.a));
    rejects(w, 'invalid-state', () => br2.removePort(v.a));
    rejects(w, 'invalid-state', () => br2.setPortFlags(v.a, { hairpin: true }));
    rejects(w, 'invalid-state', () => br2.setAgeingTime('10s'));
    rejects(w, 'invalid-state', () => br2.addFdbEntry('02:00:00:00:00:09', v.a));
    rejects(w, 'invalid-state', () => br2.deleteFdbEntry('02:00:00:00:00:09'));
    rejects(w, 'invalid-state', () => br2.decide(frame('ff:ff:ff:ff:ff:ff', '02:00:00:00:00:01'), was, 0));
    rejects(w, 'invalid-state', () => br2.expire(0));
    rejects(w, 'invalid-state', () => br2.up());
    rejects(w, 'invalid-state', () => br2.down());
    rejects(w, 'invalid-state', () => br2.setMac('02:00:00:00:00:01'));
    rejects(w, 'invalid-state', () => br2.setMtu(1400));
    rejects(w, 'invalid-state', () => br2.delete());
  });
});

describe('removePort', () => {
  it('a device that is not a port → not-found', () => {
    const w = world();
    rejects(w, 'not-found', () => w.br.removePort(w.other.a)); // a port of br1
    rejects(w, 'not-found', () => w.br.removePort(w.sw.lo));
    rejects(w, 'not-found', () => w.br.removePort(w.hosts[0]!.nic));
    rejects(w, 'not-found', () => w.br.removePort(undefined as unknown as NetDevice));
  });

  it('a port removed already → not-found', () => {
    const w = world();
    w.br.removePort(w.hosts[0]!.port);
    rejects(w, 'not-found', () => w.br.removePort(w.hosts[0]!.port));
  });
});

describe('FDB entries', () => {
  it('malformed MACs in user entries → invalid-argument', () => {
    const w = world();
    for (const bad of ['', 'zz:00:00:00:00:01', '02:00:00:00:00', '02:00:00:00:00:01:02', '02:00:00:00:00:100', '02.00.00.00.00.01', 'broadcast']) {
      rejects(w, 'invalid-argument', () => w.br.addFdbEntry(bad, 'p1', { kind: 'static' }));
      rejects(w, 'invalid-argument', () => w.br.deleteFdbEntry(bad));
    }
  });

  it('multicast, broadcast and zero MACs in user entries → invalid-argument', () => {
    const w = world();
    for (const bad of ['01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', '01:80:c2:00:00:00', '33:33:00:00:00:01']) {
      for (const kind of ['permanent', 'static', 'dynamic'] as const) rejects(w, 'invalid-argument', () => w.br.addFdbEntry(bad, 'p1', { kind }));
    }
  });

  it('an entry on a device that is not a port → not-found; a bad kind → invalid-argument', () => {
    const w = world();
    rejects(w, 'not-found', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'q1', { kind: 'static' }));
    rejects(w, 'not-found', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'nope'));
    rejects(w, 'not-found', () => w.br.addFdbEntry('02:00:00:00:00:bb', w.sw.lo));
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'sticky' as never }));
  });

  // Observed on Linux 6.18: `bridge fdb add … dev v3 master dynamic` on a disabled port fails with
  // EPERM (br_fdb.c:fdb_add_entry); permanent and static entries are accepted.
  it('a dynamic entry on a port that does not learn → invalid-state', () => {
    const w = world();
    w.hosts[0]!.nic.down();
    rejects(w, 'invalid-state', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'dynamic' }));
    w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'static' });
    expect(w.br.fdbEntries().some((e) => e.mac === '02:00:00:00:00:bb')).toBe(true);
  });

  // Observed on Linux 6.18: `bridge fdb add` (NLM_F_EXCL) over any existing entry fails with
  // "RTNETLINK answers: File exists": the port's own MAC, a user entry, a learned one.
  it('an entry that exists (learned, user-added, local) → already-exists, naming MAC, VLAN and port', () => {
    const w = world();
    rejects(w, 'already-exists', () => w.br.addFdbEntry('02:00:00:00:00:aa', 'p1', { kind: 'static' }));
    rejects(w, 'already-exists', () => w.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'static' }));
    rejects(w, 'already-exists', () => w.br.addFdbEntry(hostMac(1), 'p3', { kind: 'static' })); // learned
    rejects(w, 'already-exists', () => w.br.addFdbEntry(w.hosts[0]!.port.mac, 'p1')); // p1's own MAC
    rejects(w, 'already-exists', () => w.br.addFdbEntry(w.hosts[0]!.port.mac, 'p2', { kind: 'static' }));
    const err = expectCode(() => w.br.addFdbEntry('02:00:00:00:00:aa', 'p1', { kind: 'dynamic' }), 'already-exists');
    expect(err.message).toContain('02:00:00:00:00:aa');
    expect(err.message).toContain('vlan 0');
    expect(err.message).toContain('p2');
  });

  // Observed on Linux 6.18: `bridge fdb add … master sticky` (permanent, the default) and
  // `… permanent sticky` fail with "Invalid argument"; `static sticky` is accepted.
  it('sticky with permanent → invalid-argument, with add and with replace', () => {
    const w = world();
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { sticky: true }));
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'permanent', sticky: true }));
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'permanent', sticky: true, replace: true }));
  });

  it('options that are not an object, or sticky/replace that are not booleans → invalid-argument', () => {
    const w = world();
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', null as never));
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:bb', 'p1', { kind: 'static', sticky: 'yes' as never }));
    rejects(w, 'invalid-argument', () => w.br.addFdbEntry('02:00:00:00:00:aa', 'p1', { kind: 'static', replace: 1 as never }));
  });

  it('replace on a port that does not learn still refuses a dynamic entry → invalid-state', () => {
    const w = world();
    w.hosts[1]!.nic.down();
    rejects(w, 'invalid-state', () => w.br.addFdbEntry('02:00:00:00:00:aa', 'p2', { kind: 'dynamic', replace: true }));
  });
});

describe('other settings', () => {
  it('a malformed ageing time → invalid-argument', () => {
    const w = world();
    for (const bad of [-1, 1.5, '3 parsecs', '', '-3s', Number.NaN]) rejects(w, 'invalid-argument', () => w.br.setAgeingTime(bad as never));
  });

  it('an invalid bridge MAC or MTU → invalid-argument', () => {
    const w = world();
    for (const bad of ['01:00:5e:00:00:01', '00:00:00:00:00:00', 'nope']) rejects(w, 'invalid-argument', () => w.br.setMac(bad));
    for (const bad of [0, 67, 65536, 1500.5]) rejects(w, 'invalid-argument', () => w.br.setMtu(bad));
  });

  it('decide() for a device that is not a port → not-found', () => {
    const w = world();
    const f = send(w, w.hosts[0]!, 'ff:ff:ff:ff:ff:ff');
    rejects(w, 'not-found', () => w.br.decide(f, w.other.a, 0));
    rejects(w, 'not-found', () => w.br.decide(f, w.br1.port('q1')!, 0));
  });

  it('a bad bridge creation changes nothing in the namespace', () => {
    const w = world();
    const cases: [ErrorCode, () => unknown][] = [
      ['already-exists', () => new LinuxBridge(w.sw, 'br0')],
      ['already-exists', () => new LinuxBridge(w.sw, 'p1')],
      ['invalid-argument', () => new LinuxBridge(w.sw, '')],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'a/b')],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'name-longer-than-15')],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'br9', { ageingTime: -1 })],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'br9', { mac: '01:00:00:00:00:01' })],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'br9', { mac: 'xx' })],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'br9', { mtu: 10 })],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'br9', { maxLearned: -1 })],
      ['invalid-argument', () => new LinuxBridge(w.sw, 'br9', { groupFwdMask: 1 })],
      ['unsupported', () => new LinuxBridge(w.sw, 'br9', { stp: true as never })],
      ['unsupported', () => new LinuxBridge(w.sw, 'br9', { vlanFiltering: true as never })],
      ['invalid-argument', () => new LinuxBridge(null as never, 'br9')],
    ];
    for (const [code, fn] of cases) rejects(w, code, fn);
    // and a valid one afterwards gets the next ifindex, as if nothing happened
    const ok = new LinuxBridge(w.sw, 'br9');
    expect(ok.ifindex).toBe(Math.max(...w.sw.links().filter((x) => x.name !== 'br9').map((x) => x.ifindex)) + 1);
  });

  it('the model is unchanged and still works after every rejected call', () => {
    const w = world();
    expectCode(() => w.br.addPort(w.hosts[0]!.port), 'already-exists');
    expectCode(() => w.br.addFdbEntry('nope', 'p1'), 'invalid-argument');
    expectCode(() => w.br.removePort(w.sw.lo), 'not-found');
    const before = w.hosts.map((h) => h.cap.size);
    send(w, w.hosts[0]!, hostMac(2));
    expect(w.hosts.map((h) => h.cap.size - before[w.hosts.indexOf(h)]!)).toEqual([1, 1, 0]); // h1 sent it, h2 got it
  });
});

