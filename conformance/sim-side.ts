/**
 * The l2sim side of the conformance harness: builds the scenario through l2sim's public API
 * (interpreting the parsed commands of dsl.ts), runs the timeline on the virtual clock and
 * returns an Observation in the same shape as the real-kernel side.
 *
 * Virtual t=0 is the instant after setup; nothing happens between setup and t=0 in l2sim (the
 * real side waits 1.5 s there for the kernel's link-state worker).
 */
import { LinuxBridge, type NetDevice, type NetworkNamespace, type Ping, Simulator, VethPair } from '../src/index.js';
import { parseScenario } from './dsl.js';
import type { CapturedFrame, FdbInfo, LinkInfo, NeighInfo, NsCommand, Observation, PingResult, Scenario, Snapshot } from './types.js';

const SECOND = 1e9;
const toNs = (seconds: number): number => Math.round(seconds * SECOND);

class SimRun {
  readonly sim: Simulator;
  private readonly pings = new Map<string, { ns: string; ping: Ping }>();

  constructor(
    private readonly s: Scenario,
    seed: number,
  ) {
    this.sim = new Simulator({ seed });
    for (const n of s.namespaces) this.sim.namespace(n);
  }

  private ns(name: string): NetworkNamespace {
    return this.sim.namespace(name);
  }

  private bridge(ns: NetworkNamespace, name: string): LinuxBridge {
    const d = ns.device(name);
    if (!(d instanceof LinuxBridge)) throw new Error(`${ns.name}/${name} is not a bridge`);
    return d;
  }

  exec(c: NsCommand, id?: string): void {
    const ns = this.ns(c.ns);
    const cmd = c.command;
    switch (cmd.kind) {
      case 'link-add-bridge':
        new LinuxBridge(ns, cmd.name, cmd.ageingTimeCs === undefined ? {} : { ageingTime: cmd.ageingTimeCs * 10_000_000 });
        return;
      case 'link-add-veth':
        new VethPair({ ns, name: cmd.name }, { ns: this.ns(cmd.peerNetns ?? c.ns), name: cmd.peer });
        return;
      case 'link-set-updown':
        if (cmd.up) ns.device(cmd.name).up();
        else ns.device(cmd.name).down();
        return;
      case 'link-set-master':
        this.bridge(ns, cmd.master).addPort(ns.device(cmd.name));
        return;
      case 'link-set-nomaster': {
        const dev = ns.device(cmd.name);
        const master = dev.masterName;
        if (master !== null) this.bridge(ns, master).removePort(dev);
        return;
      }
      case 'link-set-address': {
        const a = cmd.address;
        const mac = a.type === 'literal' ? a.mac : this.ns(a.ns).device(a.dev).mac;
        ns.device(cmd.name).setMac(mac);
        return;
      }
      case 'link-del':
        ns.deleteDevice(cmd.name);
        return;
      case 'addr-add':
        ns.addAddress(cmd.dev, `${cmd.address}/${cmd.prefixLen}`);
        return;
      case 'route-add-default':
        ns.addRoute('default', { via: cmd.via });
        return;
      case 'sysctl':
        ns.sysctl(cmd.key, cmd.value);
        return;
      case 'ping': {
        const ping = ns.ping(cmd.target, {
          count: cmd.count,
          ...(cmd.interval !== undefined ? { interval: toNs(cmd.interval) } : {}),
          ...(cmd.timeout !== undefined ? { timeout: toNs(cmd.timeout) } : {}),
          ...(cmd.size !== undefined ? { size: cmd.size } : {}),
        });
        this.pings.set(id ?? `${c.ns}-ping`, { ns: c.ns, ping });
        return;
      }
    }
  }

  private portState(ns: NetworkNamespace, bridge: string, port: string): string {
    const p = this.bridge(ns, bridge).port(port);
    if (p === undefined) throw new Error(`${ns.name}/${port} names ${bridge} as master but is not its port`);
    return p.portState;
  }

  snapshot(name: string, t: number): Snapshot {
    const links: Record<string, LinkInfo[]> = {};
    const neigh: Record<string, NeighInfo[]> = {};
    const fdb: Record<string, FdbInfo[]> = {};
    for (const ns of this.sim.namespaces()) {
      links[ns.name] = ns.links().map((l) => ({
        name: l.name,
        ifindex: l.ifindex,
        mac: l.mac,
        mtu: l.mtu,
        adminUp: l.adminUp,
        carrier: l.adminUp && l.carrier,
        operstate: l.operstate,
        ...(l.master !== null ? { master: l.master, portState: this.portState(ns, l.master, l.name) } : {}),
        kind: l.kind,
        stats: { rxPackets: l.stats.rxPackets, rxBytes: l.stats.rxBytes, rxDropped: l.stats.rxDropped, txPackets: l.stats.txPackets, txBytes: l.stats.txBytes, txDropped: l.stats.txDropped },
      }));
      neigh[ns.name] = ns
        .neighbours()
        .filter((n) => n.state !== 'NONE')
        .map((n) => ({ ip: n.ip, dev: n.dev, ...(n.lladdr !== null ? { lladdr: n.lladdr } : {}), state: n.state }));
      fdb[ns.name] = ns
        .devices()
        .filter((d): d is LinuxBridge => d instanceof LinuxBridge)
        .flatMap((b) => b.fdbEntries().map((e) => ({ mac: e.mac, dev: e.dev, master: e.master, permanent: e.kind === 'permanent', static: e.kind === 'static' })));
    }
    return { name, t, links, neigh, fdb };
  }

  run(): Observation {
    const ps = parseScenario(this.s);
    for (const c of ps.setup) this.exec(c);
    const t0 = this.sim.now;
    const caps = ps.captures.map((cp) => {
      const dev: NetDevice = this.ns(cp.ns).device(cp.dev);
      return { key: cp.key, capture: this.sim.capture(dev) };
    });
    const snapshots: Snapshot[] = [this.snapshot('setup', 0)];
    for (const step of ps.timeline) {
      this.sim.runUntil(t0 + toNs(step.at));
      if (step.type === 'snapshot') snapshots.push(this.snapshot(step.name, step.at));
      else this.exec(step.cmd, step.id);
    }
    this.sim.runUntil(t0 + toNs(this.s.end));
    snapshots.push(this.snapshot('end', this.s.end));
    const captures: Record<string, CapturedFrame[]> = {};
    for (const c of caps) {
      c.capture.stop();
      captures[c.key] = c.capture.records.map((r) => ({ t: (r.time - t0) / SECOND, hex: r.frame.toHex() }));
    }
    // Let pings finish (their linger), bounded, as the real side waits for the processes.
    for (let i = 0; i < 60 && [...this.pings.values()].some((p) => !p.ping.done); i++) this.sim.runFor('1s');
    const pings: Record<string, PingResult> = {};
    for (const [id, { ping }] of this.pings) {
      pings[id] = {
        transmitted: ping.transmitted,
        received: ping.received,
        replies: ping.replies.map((r) => ({ seq: r.seq, ttl: r.ttl })),
        unreachable: ping.errors.filter((e) => e.message === 'Destination Host Unreachable').map((e) => ({ seq: e.seq })),
      };
    }
    return { side: 'l2sim', captures, snapshots, pings };
  }
}

/** Run one scenario in l2sim. */
export async function runSim(s: Scenario, seed = 1): Promise<Observation> {
  return new SimRun(s, seed).run();
}
