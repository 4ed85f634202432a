import { L2SimError } from '../errors/index.js';
import { type DeviceEvent, type DeviceOwner, NetDevice, type OperState, type RxHandler, validateMtu, VethEnd } from '../link/index.js';
import { type Duration, type Nanoseconds, parseDuration, SECOND } from '../sim/index.js';
import type { DropReason } from '../trace/index.js';
import { Frame, MacAddress } from '../wire/index.js';
import { type FdbChange, type FdbEntry, type FdbEntrySnapshot, type FdbUserKind, ForwardingDatabase } from './fdb.js';

/** Port states (uapi BR_STATE_*). */
export type PortState = 'disabled' | 'listening' | 'learning' | 'forwarding' | 'blocking';

/** Per-port flags (`bridge link set dev PORT …`). */
export interface PortFlags {
  /** Learn source MACs arriving on this port (default on). */
  learning: boolean;
  /** Flood unknown unicast to this port (default on). */
  flood: boolean;
  /** Flood multicast to this port (default on). */
  mcast_flood: boolean;
  /** Flood broadcast to this port (default on). */
  bcast_flood: boolean;
  /** Allow a frame to leave by the port it arrived on (default off). */
  hairpin: boolean;
  /** Isolated ports do not talk to each other (default off). */
  isolated: boolean;
}

/** Options of a {@link LinuxBridge}. */
export interface BridgeOptions {
  /** FDB ageing time (default `'300s'`; `0` turns learning off and floods everything). */
  readonly ageingTime?: Duration;
  /** A MAC set by the user: frozen, never recalculated from the ports. */
  readonly mac?: MacAddress | string;
  /**
   * The MTU at creation (`ip link add BR mtu N type bridge`; default 1500). As on Linux it is not
   * "set by the user": the first port added recalculates it (the smallest port MTU). Use
   * {@link LinuxBridge.setMtu} to fix the MTU for good.
   */
  readonly mtu?: number;
  /** Learned-entry limit (`fdb_max_learned`; default 0 = unlimited). */
  readonly maxLearned?: number;
  /** Forward these link-local groups 01:80:c2:00:00:0X (bit X; bits 0–2 cannot be set). Default 0. */
  readonly groupFwdMask?: number;
  /**
   * The most ports the bridge takes (default 1023, the kernel's `BR_MAX_PORTS` − 1: port numbers
   * are 10 bits and 0 is reserved). Raise it only for synthetic benchmarks: beyond Linux.
   */
  readonly maxPorts?: number;
  /** `stp_state`: only 0 (no STP) is modelled; spanning tree is a later addition. */
  readonly stp?: false;
  /** `vlan_filtering`: only 0 is modelled; tags pass through and the FDB uses VLAN 0. */
  readonly vlanFiltering?: false;
}

/**
 * A bridge port: its device, number, state and flags. Made by {@link LinuxBridge.addPort}.
 *
 * @example
 * ```ts
 * const port = cni0.addPort(veth.a);
 * port.portNo;     // 1
 * port.portState;  // 'forwarding' once the bridge and the veth are up
 * ```
 */
export class BridgePort {
  /** The enslaved device. */
  readonly device: NetDevice;
  /** The port number (lowest free ≥ 1). */
  readonly portNo: number;
  /** @internal */ state: PortState = 'disabled';
  /** @internal */ readonly flags: PortFlags = { learning: true, flood: true, mcast_flood: true, bcast_flood: true, hairpin: false, isolated: false };
  /** @internal */ readonly bridge: LinuxBridge;
  /** Storm guard: this port's bit in a way's mask. @internal */ readonly loopBit: number;

  /** @internal */
  constructor(bridge: LinuxBridge, device: NetDevice, portNo: number, loopBit = 1) {
    this.bridge = bridge;
    this.device = device;
    this.portNo = portNo;
    this.loopBit = loopBit;
  }

  /** The port state. */
  get portState(): PortState {
    return this.state;
  }
  /** A copy of the flags. */
  get portFlags(): Readonly<PortFlags> {
    return { ...this.flags };
  }
  /** Port priority (32) as `bridge link` prints it. */
  get priority(): number {
    return 32;
  }
  /** STP path cost by link speed (veth: 10 Gb/s → 2). */
  get cost(): number {
    return 2;
  }
}

/** A bridge port as `bridge link` shows it, JSON-ready. */
export interface PortSnapshot {
  /** Port device name. */
  readonly dev: string;
  /** Port device ifindex. */
  readonly ifindex: number;
  /** Port number. */
  readonly portNo: number;
  /** State. */
  readonly state: PortState;
  /** Flags. */
  readonly flags: Readonly<PortFlags>;
  /** Priority (32). */
  readonly priority: number;
  /** Path cost (2 for a veth). */
  readonly cost: number;
}

/**
 * The forwarding decision for one frame, for simulators that drive a bridge with their own clock
 * (see {@link LinuxBridge.decide}).
 */
export interface ForwardDecision {
  /** Ports the frame leaves by, in the kernel's order (newest port first when flooding). */
  readonly egress: readonly BridgePort[];
  /** Whether the frame is also delivered to the bridge device's own stack. */
  readonly deliverUp: boolean;
  /**
   * `forward` (known unicast), `flood`, `local` (to the bridge only), `port-stack` (a link-local
   * 01:80:c2:00:00:0X frame handed to the port device's own stack, RX_HANDLER_PASS) or `drop`.
   */
  readonly action: 'forward' | 'flood' | 'local' | 'port-stack' | 'drop';
  /** Why it was dropped, when `action` is `drop`. */
  readonly reason: DropReason | null;
}

const BROADCAST = 0xffff_ffff_ffff;
const FLOOD_UNICAST = 0;
const FLOOD_MULTICAST = 1;
const FLOOD_BROADCAST = 2;
// Ingress verdicts.
const V_DROP = 0;
const V_FORWARD = 1;
const V_FLOOD = 2;
const V_LOCAL = 3;
const V_PASS_PORT = 4;

const macIsMulticast = (v: number): boolean => (Math.floor(v / 0x100_0000_0000) & 1) !== 0;

/**
 * One flood: every copy of a frame that a host (or anything but a bridge forwarding it) handed to
 * its first bridge.
 * @internal
 */
interface Flood {
  /** How many of its copies entered a bridge from another bridge so far. */
  copies: number;
  /** The flood was reported as a storm; its copies still in flight are dropped. */
  stormed: boolean;
}

/**
 * One step of a frame copy's way through bridges: the port it entered a bridge by, the port it
 * left that bridge by, and the step before. Only a copy in flight from one bridge to another
 * carries a step: a bridge sends a fresh frame object (same bytes) out of each port that leads to
 * another bridge, and the next bridge takes the step off it when it receives it. A frame sent
 * towards a host, or recorded once it arrived, carries none, so anyone may send any frame object
 * again: it starts a new flood.
 * @internal
 */
interface Hop {
  /** The port the copy entered its bridge by. */
  readonly port: BridgePort;
  /** The port the copy left that bridge by, towards the next bridge. */
  readonly out: BridgePort;
  /** The step before, or `null` at the first bridge. */
  readonly parent: Hop | null;
  /** The flood the copy belongs to. */
  readonly flood: Flood;
  /** The `loopBit`s of the ports the copy entered by so far: a port whose bit is not set is not on its way. */
  readonly mask: number;
  /** The guard's epoch when the copy was sent: a step from before a port changed is not trusted. */
  readonly epoch: number;
}

/**
 * Per-simulation storm guard: the step each bridge-bound frame copy carries while in flight, the
 * next port bit, the number of bridge ports (for the bound on the copies of one flood), and an
 * epoch that moves whenever a port's state or flags change or a port leaves.
 * @internal
 */
interface StormGuard {
  hops: WeakMap<Frame, Hop>;
  bits: number;
  ports: number;
  epoch: number;
}
const GUARDS = new WeakMap<object, StormGuard>();

/**
 * The Linux bridge (net/bridge): a device in its namespace with ports, a forwarding database,
 * learning, ageing, flooding, the port state machine, and the bridge's own MAC and MTU rules.
 *
 * The specification is the reference's §4; every rule of its §7 that concerns the bridge holds:
 * known unicast back to its ingress port is dropped (not flooded) unless hairpin; unknown unicast
 * is flooded but not delivered up; broadcast and multicast are flooded and delivered up; frames
 * to the bridge's or a port's MAC go to the bridge device; link-local 01:80:c2:00:00:0X frames are
 * not forwarded (except :00 with STP off); flood order is newest port first; the bridge MAC is the
 * lowest port MAC unless set, all-zero when the last port leaves; ports forward at once with STP off.
 *
 * A loop of bridges (no STP) would storm forever on a real host; here the run stops with an
 * `L2SimError` of code `storm` naming the ports of the loop as soon as one copy of a frame enters a
 * bridge by a port it already entered by on its own way (it went round the loop). Copies of one
 * frame that reach a port by different ways are not a storm: with port flags (`isolated`, `flood`,
 * `mcast_flood`, `bcast_flood`, `hairpin`) that happens without any storm, as on Linux. Because a
 * flood in a dense mesh multiplies before any copy repeats a port (and flags can make one multiply
 * without a loop), the run also stops with `storm` once one flood has made more than
 * 8 × (bridge ports in the simulation) + 256 copies between bridges.
 *
 * @remarks Not modelled: STP (only `stp_state 0`), VLAN filtering (only `vlan_filtering 0`: tags
 * pass through, the FDB uses VLAN 0), multicast snooping (multicast is always flooded, as with no
 * querier), proxy ARP / neighbour suppression on ports, netfilter. Beyond Linux: the bound on the
 * copies of one flood also stops a finite flood that Linux would deliver in full — parallel links
 * that port flags keep from storming can double a flood at every pair — with `storm` (its message
 * says the flood multiplied beyond the bound).
 *
 * @example
 * ```ts
 * const cni0 = new LinuxBridge(node, 'cni0');
 * cni0.addPort(node.device('veth-pod1'));
 * cni0.up();
 * node.addAddress('cni0', '10.244.0.1/24');
 * ```
 */
export class LinuxBridge extends NetDevice implements RxHandler {
  /** `'bridge'` */
  readonly kind = 'bridge' as const;
  /**
   * The bridge's forwarding database: `fdb.entries()` snapshots it (as {@link LinuxBridge.fdbEntries}),
   * `fdb.lookup(mac, vlan)` reads one live entry. Change it through the bridge
   * ({@link LinuxBridge.addFdbEntry}, {@link LinuxBridge.deleteFdbEntry}, {@link LinuxBridge.setAgeingTime}).
   */
  readonly fdb: ForwardingDatabase<BridgePort>;
  private portList: BridgePort[] = []; // newest first (br_add_if inserts at the head)
  private readonly byDev = new Map<NetDevice, BridgePort>();
  private mtuSet = false;
  private everPorted = false;
  private groupFwdMask: number;
  private readonly maxPorts: number;
  private gcAt = Infinity;
  private readonly onGc: (at: number) => void;
  private readonly guard: StormGuard;
  // Scratch results of ingress().
  private outPort: BridgePort | null = null;
  private floodKind = 0;
  private deliverUp = false;
  private dropReason: DropReason = 'port-not-forwarding';
  // Scratch results of countHop(), for the copies of one forwarding decision.
  private hopPort: BridgePort | null = null;
  private hopPrev: Hop | null = null;
  private hopFlood: Flood | null = null;

  /**
   * Create a bridge in a namespace (`ip link add NAME type bridge`). It starts down, with a random
   * MAC (until its first port) and MTU 1500.
   *
   * @param ns - the namespace
   * @param name - device name
   * @param options - ageing time, MAC, MTU, learned-entry limit, group forward mask
   * @throws L2SimError `invalid-argument` for a bad name, MAC, MTU or option, `unsupported` for STP
   *   or VLAN filtering; `already-exists` when the name is taken
   */
  constructor(ns: DeviceOwner, name: string, options: BridgeOptions = {}) {
    if (ns === null || typeof ns !== 'object' || typeof ns.checkNewDevice !== 'function') {
      throw new L2SimError('invalid-argument', 'new LinuxBridge(ns, name): expected a namespace', {});
    }
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid bridge options', {});
    ns.checkNewDevice(name);
    if ((options.stp as unknown) === true) throw new L2SimError('unsupported', 'STP (stp_state 1) is not modelled yet; bridges run with stp_state 0', {});
    if ((options.vlanFiltering as unknown) === true) throw new L2SimError('unsupported', 'VLAN filtering is not modelled; bridges run with vlan_filtering 0', {});
    const ageing = options.ageingTime === undefined ? 300 * SECOND : parseDuration(options.ageingTime, 'ageing time');
    const userMac = options.mac === undefined ? undefined : MacAddress.from(options.mac);
    if (userMac !== undefined && !userMac.isValidUnicast) throw new L2SimError('invalid-argument', `invalid bridge MAC ${String(userMac)}: expected a unicast, non-zero address`, {});
    if (options.mtu !== undefined) validateMtu(options.mtu, name);
    const mask = options.groupFwdMask ?? 0;
    if (!Number.isInteger(mask) || mask < 0 || mask > 0xffff || (mask & 0x7) !== 0) {
      throw new L2SimError('invalid-argument', `invalid group_fwd_mask ${String(mask)}: bits 0-2 (STP, PAUSE, LACP) cannot be set`, { mask });
    }
    const maxPorts = options.maxPorts ?? 1023;
    if (!Number.isSafeInteger(maxPorts) || maxPorts < 1) throw new L2SimError('invalid-argument', `invalid maxPorts ${String(maxPorts)}`, {});
    const max = options.maxLearned ?? 0;
    if (!Number.isSafeInteger(max) || max < 0) throw new L2SimError('invalid-argument', `invalid maxLearned ${String(max)}`, {});
    const ctx = ns.context;
    super(ns, name, (userMac ?? ctx.randomMac(ns.name, name)).value, options.mtu ?? 1500);
    this.macSet = userMac !== undefined;
    this.mtuSet = false; // observed on Linux 6.18: a creation-time MTU follows the first port
    this.groupFwdMask = mask;
    this.maxPorts = maxPorts;
    this.carrier = true; // a fresh bridge has carrier until its first port state selection
    this.fdb = new ForwardingDatabase<BridgePort>({
      ageingTime: ageing,
      maxLearned: max,
      onChange: (c) => this.traceFdb(c),
      // `bridge fdb show`: ports by device name, grouped in ifindex order, the bridge's own entry first.
      naming: { port: (p) => p.device.name, owner: () => this._name, rank: (p) => (p === null ? this._ifindex : p.device.ifindex) },
    });
    let g = GUARDS.get(ctx);
    if (g === undefined) GUARDS.set(ctx, (g = { hops: new WeakMap(), bits: 0, ports: 0, epoch: 0 }));
    this.guard = g;
    // Like the neighbour timers, ageing runs after the frames already queued for its instant. A
    // timer event that is no longer the armed one (gcAt moved) does nothing.
    const deferred = (at: number): void => {
      if (at === this.gcAt) this.runGc();
    };
    this.onGc = (at: number) => {
      if (at === this.gcAt) this.ctx.loop.post(0, deferred, at);
    };
    this._ifindex = ns.attachDevice(this);
    this.fdb.addLocal(this.macValue, 0, null, ctx.loop.now);
    ctx.deviceCreated(this);
  }

  // ================================================================ device

  /** `UP` with carrier, `UNKNOWN` for a fresh bridge that never had a port, `DOWN` otherwise. */
  get operstate(): OperState {
    if (!this.adminUp || this.deleted) return 'DOWN';
    if (!this.carrier) return 'DOWN';
    return this.everPorted ? 'UP' : 'UNKNOWN';
  }

  /** The bridge's name, as the master of its ports. @internal */
  get handlerName(): string {
    return this._name;
  }

  /** The ports, in the kernel's list order (newest first). */
  get ports(): readonly BridgePort[] {
    return [...this.portList];
  }

  /** Ageing time in nanoseconds. */
  get ageingTime(): Nanoseconds {
    return this.fdb.ageingTime;
  }

  up(): void {
    this.assertAlive();
    if (this.adminUp) return;
    this.adminUp = true;
    // br_dev_open → br_stp_enable_bridge: every running port is enabled (and the carrier selected)
    // before the NETDEV_UP notifiers run, so what the stack sends on `up` (a gratuitous ARP with
    // arp_notify) already leaves by the ports (observed on Linux 6.18).
    let selected = false;
    for (const p of this.portList) {
      if (p.device.isRunning) {
        this.setPortState(p, 'forwarding');
        selected = true;
      }
    }
    if (selected) this.selectCarrier();
    this.notify('up');
    this.armGc();
  }

  down(): void {
    this.assertAlive();
    if (!this.adminUp) return;
    // br_stp_disable_bridge: every port not yet DISABLED is disabled (its dynamic entries flushed),
    // and each of those runs the port state selection, which turns the carrier off. A bridge
    // without such ports keeps its carrier (a fresh bridge stays UNKNOWN across down/up).
    let selected = false;
    for (const p of this.portList) {
      if (p.state === 'disabled') continue;
      this.disablePort(p, 'bridge down');
      selected = true;
    }
    if (selected) this.selectCarrier();
    this.adminUp = false;
    this.notify('down');
  }

  /**
   * br_dev_xmit: a frame sent by the bridge device's own stack (never learned). Broadcast and
   * multicast go to every forwarding port (ignoring the per-port broadcast/multicast flood
   * flags); known unicast to its port (a port's own MAC included; the bridge-only entry drops
   * it); unknown unicast is flooded (respecting `flood`).
   *
   * @param frame - the frame, as the bridge device's stack built it
   * @returns whether the frame left by at least one port (`false` when it was dropped: bridge down
   *   or deleted, a bridge-only destination, a port that does not forward, too big for the port
   *   MTU, or no eligible port)
   * @example
   * ```ts
   * const f = Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: cni0.mac, etherType: 0x88b5 }, new Uint8Array(46));
   * cni0.transmit(f); // true: a copy leaves by veth-pod1 and veth-pod2
   * ```
   */
  transmit(frame: Frame): boolean {
    if (!this.adminUp || this.deleted) {
      this.drop(frame, 'device-down');
      return false;
    }
    this.txPackets++;
    this.txBytes += frame.bytes.length;
    if (this.taps !== null || this.ctx.tracer.listening['frame:tx']) this.tapOut(frame);
    const dst = frame.dstValue;
    if (dst === BROADCAST) return this.flood(frame, FLOOD_BROADCAST, null, true);
    if (macIsMulticast(dst)) return this.flood(frame, FLOOD_MULTICAST, null, true);
    const e = this.fdb.lookup(dst, 0);
    if (e !== undefined) {
      // br_forward(dst->dst): a bridge-only local entry has no port and the frame is dropped; a
      // port's local entry (its MAC) sends the frame out of that port.
      if (e.port === null) {
        this.drop(frame, 'not-for-us', 'to a local address of the bridge');
        return false;
      }
      e.used = this.ctx.loop.now;
      if (this.shouldDeliver(e.port, null)) return this.egress(e.port, frame);
      this.drop(frame, 'port-not-forwarding', e.port.device.name);
      return false;
    }
    return this.flood(frame, FLOOD_UNICAST, null, true);
  }

  // ================================================================ ports

  /**
   * Enslave a device (`ip link set DEV master BRIDGE`). The port starts disabled and forwards as
   * soon as the bridge is up and the device is up with carrier (no STP: no listening/learning
   * delay). Its MAC gets a local permanent FDB entry; the bridge MAC and MTU are recalculated.
   *
   * @param dev - a device in the bridge's namespace (a veth end)
   * @returns the port
   * @throws L2SimError `already-exists` when the device is already a port (of this or another
   *   bridge); `invalid-argument` for a device of another namespace, the bridge itself, another
   *   bridge or a loopback device; `invalid-state` for a deleted device or a full bridge (1023 ports
   *   unless `maxPorts` was raised) or when the bridge itself was deleted
   * @example
   * ```ts
   * const veth = new VethPair({ ns: node, name: 'veth-pod1' }, { ns: sim.namespace('pod1'), name: 'eth0' });
   * const port = cni0.addPort(veth.a);
   * port.portNo; // 1
   * ```
   */
  addPort(dev: NetDevice): BridgePort {
    this.assertAlive();
    if (!(dev instanceof NetDevice)) throw new L2SimError('invalid-argument', `${this._name}.addPort: expected a device`, {});
    if (dev.isDeleted) throw new L2SimError('invalid-state', `cannot add ${dev.name} to ${this._name}: the device was deleted`, { dev: dev.name });
    if (dev === this) throw new L2SimError('invalid-argument', `cannot add bridge ${this._name} to itself (ELOOP)`, { dev: dev.name });
    if (dev.owner !== this.owner) {
      throw new L2SimError('invalid-argument', `cannot add ${dev.namespaceName}/${dev.name} to ${this.owner.name}/${this._name}: it is in another namespace`, { dev: dev.name, ns: dev.namespaceName });
    }
    if (dev.master !== null) {
      throw new L2SimError('already-exists', `${dev.name} is already a port of ${dev.master.handlerName} (Device is already a member of a bridge)`, { dev: dev.name, master: dev.master.handlerName });
    }
    if (dev.kind === 'bridge') throw new L2SimError('invalid-argument', `cannot enslave bridge ${dev.name} to ${this._name} (ELOOP)`, { dev: dev.name });
    if (dev.kind === 'loopback') throw new L2SimError('invalid-argument', `cannot enslave the loopback device to ${this._name}`, {});
    let no = 1;
    const used = new Set(this.portList.map((p) => p.portNo));
    while (used.has(no)) no++;
    if (no > this.maxPorts) throw new L2SimError('invalid-state', `bridge ${this._name} is full (${this.maxPorts} ports; Linux allows 1023)`, { maxPorts: this.maxPorts });
    const p = new BridgePort(this, dev, no, 1 << this.guard.bits++ % 30);
    this.guard.ports++;
    this.portList = [p, ...this.portList];
    this.byDev.set(dev, p);
    dev.master = this;
    this.everPorted = true;
    this.fdb.addLocal(dev.macValue, 0, p, this.ctx.loop.now);
    this.recalcMac();
    this.recalcMtu();
    if (this.adminUp && dev.isRunning) this.setPortState(p, 'forwarding');
    // Adding a port reselects the carrier even when the port cannot forward (observed on Linux
    // 6.18: an up bridge given a down port shows NO-CARRIER; so does a down bridge brought up).
    this.selectCarrier();
    return p;
  }

  /**
   * Release a port (`ip link set DEV nomaster`): it is disabled, all its FDB entries (local ones
   * too) are removed, and the bridge MAC and MTU are recalculated (the MAC becomes
   * 00:00:00:00:00:00 when the last port leaves, unless it was set).
   *
   * @param dev - the port device
   * @throws L2SimError `not-found` when the device is not a port of this bridge; `invalid-state`
   *   when the bridge was deleted
   * @example
   * ```ts
   * cni0.removePort(node.device('veth-pod1'));
   * cni0.port('veth-pod1'); // undefined
   * ```
   */
  removePort(dev: NetDevice): void {
    this.assertAlive();
    const p = this.byDev.get(dev);
    if (p === undefined) throw new L2SimError('not-found', `${dev?.name ?? String(dev)} is not a port of ${this._name}`, { dev: dev?.name });
    this.releasePort(p);
  }

  private releasePort(p: BridgePort): void {
    this.disablePort(p, 'port removed');
    this.selectCarrier();
    this.portList = this.portList.filter((x) => x !== p);
    this.byDev.delete(p.device);
    p.device.master = null;
    this.guard.ports--;
    this.guard.epoch++;
    // br_fdb_delete_by_port(do_all): local entries are handed over where the MAC is still owned
    // (fdb_delete_local), everything else on the port goes.
    for (const e of [...this.fdb.all()]) if (e.port === p && e.local) this.deleteLocal(e, p);
    this.fdb.flushPort(p, true, 'port removed');
    this.recalcMac();
    this.recalcMtu();
  }

  /**
   * The port of a device, or `undefined`.
   *
   * @param dev - a device (or its name)
   * @returns the port
   * @example
   * ```ts
   * cni0.port('veth-pod1')?.portState;           // 'forwarding'
   * cni0.port(node.device('veth-pod1'))?.portNo; // 1
   * ```
   */
  port(dev: NetDevice | string): BridgePort | undefined {
    if (typeof dev === 'string') return this.portList.find((p) => p.device.name === dev);
    return this.byDev.get(dev);
  }

  /**
   * Set port flags (`bridge link set dev PORT learning on|off flood … hairpin … isolated …`).
   *
   * @param dev - the port device (or its name)
   * @param flags - the flags to change
   * @throws L2SimError `not-found` when the device is not a port; `invalid-argument` for unknown
   *   flags or non-boolean values; `invalid-state` when the bridge was deleted
   * @example
   * ```ts
   * cni0.setPortFlags('veth-pod1', { hairpin: true, learning: false });
   * cni0.port('veth-pod1')?.portFlags.hairpin; // true
   * ```
   */
  setPortFlags(dev: NetDevice | string, flags: Partial<PortFlags>): void {
    this.assertAlive();
    const p = this.port(dev);
    if (p === undefined) throw new L2SimError('not-found', `${typeof dev === 'string' ? dev : dev.name} is not a port of ${this._name}`, {});
    for (const [k, v] of Object.entries(flags)) {
      if (!(k in p.flags)) throw new L2SimError('invalid-argument', `unknown port flag ${k}: expected learning, flood, mcast_flood, bcast_flood, hairpin or isolated`, { flag: k });
      if (typeof v !== 'boolean') throw new L2SimError('invalid-argument', `port flag ${k} must be true or false`, { flag: k });
    }
    Object.assign(p.flags, flags);
    this.guard.epoch++; // the storm guard trusts a copy's way only while flags and states stay put
  }

  /**
   * Set the ageing time (`ip link set BR type bridge ageing_time …`). 0 stops learning and ages out
   * every dynamic entry now.
   *
   * @param d - a duration (`'300s'`, `'3s'`, `0`)
   * @throws L2SimError `invalid-argument` for a malformed duration; `invalid-state` when the bridge
   *   was deleted
   * @example
   * ```ts
   * cni0.setAgeingTime('30s');
   * cni0.ageingTime; // 30_000_000_000
   * ```
   */
  setAgeingTime(d: Duration): void {
    this.assertAlive();
    const t = parseDuration(d, 'ageing time');
    this.fdb.setAgeingTime(t);
    this.gcAt = Infinity; // br_set_ageing_time reschedules GC at once
    if (t === 0) this.runGc();
    this.armGc();
  }

  /**
   * Add a user FDB entry (`bridge fdb add MAC dev PORT master [permanent|static|dynamic] [sticky]`).
   * The default kind, as in bridge(8), is `permanent` (local). As `bridge fdb add`, it refuses a MAC
   * that already has an entry (learned, user-added, or a port's or the bridge's own MAC); with
   * `replace: true` it is `bridge fdb replace`: an existing entry, whatever it is, is changed in place
   * to this port, kind and sticky flag (Linux overwrites even a port's own local entry, and so does
   * this), and a missing one is created.
   *
   * @param mac - the MAC
   * @param dev - the port device (or its name)
   * @param options - `kind`, `sticky` (never moves; not with `permanent`) and `replace`
   * @throws L2SimError `invalid-argument` for a malformed, multicast or zero MAC, a bad kind, sticky
   *   with permanent (EINVAL), or options that are not an object of those; `not-found` when the
   *   device is not a port; `invalid-state` for a `dynamic` entry on a port that is neither learning
   *   nor forwarding (EPERM in `fdb_add_entry`) or when the bridge was deleted; `already-exists`
   *   (EEXIST) when the MAC has an entry and `replace` is not set. Nothing changes when it throws.
   * @example
   * ```ts
   * cni0.addFdbEntry('02:00:00:00:00:09', 'veth-pod1', { kind: 'static' });
   * cni0.fdbEntries().find((e) => e.mac === '02:00:00:00:00:09')?.kind; // 'static'
   * cni0.addFdbEntry('02:00:00:00:00:09', 'veth-pod2', { kind: 'static', replace: true }); // moved to veth-pod2
   * ```
   */
  addFdbEntry(mac: MacAddress | string, dev: NetDevice | string, options: { kind?: FdbUserKind; sticky?: boolean; replace?: boolean } = {}): void {
    this.assertAlive();
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', `${this._name}.addFdbEntry: options must be an object { kind?, sticky?, replace? }`, {});
    const m = MacAddress.from(mac);
    const p = this.port(dev);
    if (p === undefined) throw new L2SimError('not-found', `${typeof dev === 'string' ? dev : dev.name} is not a port of ${this._name}`, {});
    const kind = options.kind ?? 'permanent';
    if (kind !== 'permanent' && kind !== 'static' && kind !== 'dynamic') throw new L2SimError('invalid-argument', `invalid FDB entry kind ${String(kind)}`, {});
    for (const k of ['sticky', 'replace'] as const) {
      const v = options[k];
      if (v !== undefined && typeof v !== 'boolean') throw new L2SimError('invalid-argument', `FDB entry option ${k} must be true or false`, { option: k });
    }
    if (kind === 'dynamic' && p.state !== 'forwarding' && p.state !== 'learning') {
      throw new L2SimError('invalid-state', `cannot add a dynamic FDB entry on ${p.device.name}: the port is ${p.state} (only permanent and static entries can be added to a port that does not learn)`, { dev: p.device.name, state: p.state });
    }
    const sticky = options.sticky ?? false;
    const now = this.ctx.loop.now;
    if (options.replace === true) this.fdb.replaceUser(m.value, 0, p, kind, sticky, now);
    else this.fdb.addUser(m.value, 0, p, kind, sticky, now);
    this.armGc();
  }

  /**
   * Remove an FDB entry (`bridge fdb del MAC dev PORT master`).
   *
   * @param mac - the MAC
   * @returns whether an entry was removed
   * @throws L2SimError `invalid-argument` for a malformed MAC; `invalid-state` when the bridge was
   *   deleted
   * @example
   * ```ts
   * cni0.addFdbEntry('02:00:00:00:00:09', 'veth-pod1', { kind: 'static' });
   * cni0.deleteFdbEntry('02:00:00:00:00:09'); // true
   * cni0.deleteFdbEntry('02:00:00:00:00:09'); // false
   * ```
   */
  deleteFdbEntry(mac: MacAddress | string): boolean {
    this.assertAlive();
    return this.fdb.remove(MacAddress.from(mac).value, 0) !== undefined;
  }

  /**
   * Snapshots of the forwarding database, grouped by device in ifindex order (the bridge's own
   * entry first), newest first within a device: the order of `bridge fdb show`.
   *
   * @returns the entries
   * @example
   * ```ts
   * sim.namespace('pod1').ping('10.244.0.3', { count: 1 });
   * sim.runFor('1s');
   * cni0.fdbEntries().filter((e) => !e.local).map((e) => `${e.dev} ${e.kind}`); // ['veth-pod1 dynamic', 'veth-pod2 dynamic']
   * ```
   */
  fdbEntries(): FdbEntrySnapshot[] {
    return this.fdb.entries();
  }

  /**
   * Snapshots of the ports, in ifindex order (as `bridge link`).
   *
   * @returns the ports
   * @example
   * ```ts
   * cni0.portSnapshots().map((p) => `${p.dev} ${p.state}`); // ['veth-pod1 forwarding', 'veth-pod2 forwarding']
   * ```
   */
  portSnapshots(): PortSnapshot[] {
    return [...this.portList]
      .sort((a, b) => a.device.ifindex - b.device.ifindex)
      .map((p) => ({ dev: p.device.name, ifindex: p.device.ifindex, portNo: p.portNo, state: p.state, flags: { ...p.flags }, priority: p.priority, cost: p.cost }));
  }

  /**
   * Delete the bridge (`ip link del BR`): ports are released first.
   *
   * @throws L2SimError `invalid-state` when the bridge was already deleted
   * @example
   * ```ts
   * cni0.delete();
   * cni0.isDeleted;                          // true
   * node.device('veth-pod1').masterName;     // null
   * ```
   */
  delete(): void {
    this.assertAlive();
    for (const p of [...this.portList]) this.releasePort(p);
    if (this.adminUp) this.down();
    this.deleted = true;
    this.owner.detachDevice(this);
  }

  // ================================================================ state machine

  /** The port state machine (§4.2): with STP off a port forwards as soon as it is enabled. */
  private enablePort(p: BridgePort): void {
    if (p.state !== 'disabled') return;
    // br_stp_enable_port → br_init_port (blocking) → br_port_state_selection → br_make_forwarding.
    // With kernel STP this is where listening/learning with forward_delay would start.
    this.setPortState(p, 'forwarding');
  }

  private disablePort(p: BridgePort, why: string): void {
    if (p.state === 'disabled') return;
    this.setPortState(p, 'disabled');
    this.fdb.flushPort(p, false, why);
  }

  private setPortState(p: BridgePort, state: PortState): void {
    const from = p.state;
    if (from === state) return;
    p.state = state;
    this.guard.epoch++;
    const tr = this.ctx.tracer;
    if (tr.listening['port:state']) tr.emit({ kind: 'port:state', time: this.ctx.loop.now, ns: this.owner.name, bridge: this._name, port: p.device.name, from, to: state });
  }

  /** br_port_state_selection's carrier rule: on iff at least one port forwards. */
  private selectCarrier(): void {
    const on = this.adminUp && this.portList.some((p) => p.state === 'forwarding');
    if (on === this.carrier) return;
    this.carrier = on;
    this.notify(on ? 'carrier-on' : 'carrier-off');
  }

  /** @internal RxHandler: a port device changed state. */
  portEvent(dev: NetDevice, event: DeviceEvent): void {
    const p = this.byDev.get(dev);
    if (p === undefined) return;
    switch (event) {
      case 'up':
      case 'carrier-on':
        if (this.adminUp && dev.isRunning && p.state === 'disabled') {
          this.enablePort(p);
          this.selectCarrier();
        }
        break;
      case 'down':
      case 'carrier-off':
        if (p.state !== 'disabled') {
          this.disablePort(p, event === 'down' ? 'port down' : 'port lost carrier');
          this.selectCarrier();
        }
        break;
      case 'mac': {
        // br_fdb_changeaddr: the port's own local entries (not user-added ones) are deleted or
        // handed over, then the new MAC gets its local entry.
        for (const e of [...this.fdb.all()]) if (e.port === p && e.local && !e.user) this.deleteLocal(e, p);
        this.fdb.addLocal(dev.macValue, 0, p, this.ctx.loop.now);
        this.recalcMac();
        break;
      }
      case 'mtu':
        this.recalcMtu();
        break;
      case 'deleted':
        this.releasePort(p);
        break;
    }
  }

  /** br_stp_recalculate_bridge_id: the lowest port MAC unless the user set one; zero with no ports. */
  private recalcMac(): void {
    if (this.macSet) return;
    let min = 0;
    let first = true;
    for (const p of this.portList) {
      const m = p.device.macValue;
      if (first || m < min) min = m;
      first = false;
    }
    this.setBridgeMac(min);
  }

  private setBridgeMac(v: number): void {
    if (v === this.macValue) return;
    // br_fdb_change_mac_address: the old bridge-only entry goes (or passes to a port with that MAC);
    // the new MAC gets a local entry unless a port's local entry already holds it. Zero gets none.
    const old = this.fdb.lookup(this.macValue, 0);
    if (old !== undefined && old.local && old.port === null && !old.user) this.deleteLocal(old, null);
    this.macValue = v;
    if (v !== 0) this.fdb.addLocal(v, 0, null, this.ctx.loop.now);
    this.notify('mac');
  }

  /**
   * fdb_delete_local: a local entry leaving port `p` (or the bridge, `p` null) passes to another port
   * with the same MAC, or, when it leaves a port and is the bridge MAC, to the bridge; otherwise it
   * is deleted.
   */
  private deleteLocal(e: FdbEntry<BridgePort>, p: BridgePort | null): void {
    const other = this.portList.find((q) => q !== p && q.device.macValue === e.mac);
    if (other !== undefined) this.fdb.reassignLocal(e.mac, e.vlan, other);
    else if (p !== null && e.mac === this.macValue) this.fdb.reassignLocal(e.mac, e.vlan, null);
    else this.fdb.remove(e.mac, e.vlan);
  }

  /**
   * Set the bridge MAC (`ip link set BR address MAC`). A MAC set by the user is frozen
   * (NET_ADDR_SET): adding or removing ports no longer recalculates it. The new MAC gets a local
   * FDB entry for the bridge itself (`br_fdb_change_mac_address`).
   *
   * @param mac - the new address
   * @throws L2SimError `invalid-argument` for a malformed, multicast or zero address;
   *   `invalid-state` when the bridge was deleted
   * @example
   * ```ts
   * cni0.setMac('02:00:00:00:00:0b');
   * String(cni0.mac); // '02:00:00:00:00:0b', whatever ports come and go
   * ```
   */
  override setMac(mac: MacAddress | string): void {
    this.assertAlive();
    const m = MacAddress.from(mac);
    if (!m.isValidUnicast) throw new L2SimError('invalid-argument', `invalid MAC address ${String(m)} for ${this._name}: a device needs a unicast, non-zero address`, {});
    this.macSet = true;
    this.setBridgeMac(m.value);
  }

  /** br_mtu_auto_adjust: the smallest port MTU (1500 without ports), unless set by the user. */
  private recalcMtu(): void {
    if (this.mtuSet) return;
    let m = Infinity;
    for (const p of this.portList) m = Math.min(m, p.device.mtu);
    const v = m === Infinity ? 1500 : m;
    if (v !== this._mtu) {
      this._mtu = v;
      this.notify('mtu');
    }
  }

  /**
   * Set the MTU (`ip link set BR mtu N`). A change stops the automatic adjustment to the smallest
   * port MTU for good; setting the MTU the bridge already has changes nothing (as `dev_set_mtu`).
   *
   * @param mtu - 68..65535
   * @throws L2SimError `invalid-argument` when out of range; `invalid-state` when deleted
   * @example
   * ```ts
   * cni0.setMtu(1450);
   * cni0.mtu; // 1450, no longer lowered by the ports added later
   * ```
   */
  override setMtu(mtu: number): void {
    const same = mtu === this._mtu; // dev_set_mtu returns early: the bridge never hears of it
    super.setMtu(mtu);
    if (!same) this.mtuSet = true;
  }

  // ================================================================ ageing

  private armGc(): void {
    const d = this.fdb.nextDeadline();
    if (d === undefined || d >= this.gcAt) return;
    this.gcAt = d;
    const loop = this.ctx.loop;
    loop.post(Math.max(0, d - loop.now), this.onGc, d);
  }

  private runGc(): void {
    this.gcAt = Infinity;
    this.fdb.expire(this.ctx.loop.now);
    this.armGc();
  }

  private traceFdb(c: FdbChange<BridgePort>): void {
    // A new or moved entry needs the ageing timer (also when learned through bridge.fdb directly).
    if ((c.kind === 'learn' || c.kind === 'move') && this.gcAt === Infinity) this.armGc();
    const tr = this.ctx.tracer;
    const kind = c.kind === 'learn' ? 'fdb:learn' : c.kind === 'move' ? 'fdb:move' : c.kind === 'age' ? 'fdb:age' : 'fdb:flush';
    if (!tr.listening[kind]) return;
    tr.emit({
      kind,
      time: this.ctx.loop.now,
      ns: this.owner.name,
      bridge: this._name,
      mac: MacAddress.fromNumber(c.entry.mac).toString(),
      vlan: c.entry.vlan,
      port: c.entry.port === null ? null : c.entry.port.device.name,
      ...(c.from !== undefined ? { fromPort: c.from === null ? this._name : c.from.device.name } : {}),
      ...(c.reason !== undefined ? { reason: c.reason } : {}),
    });
  }

  // ================================================================ forwarding

  /**
   * The ingress pipeline (br_handle_frame → br_handle_frame_finish) without side effects on the
   * outside world: validates, learns, classifies and looks up. Sets the scratch fields and returns
   * a verdict.
   */
  private ingress(frame: Frame, p: BridgePort, now: Nanoseconds): number {
    const src = frame.srcValue;
    if (src === 0 || macIsMulticast(src)) {
      this.dropReason = 'invalid-source';
      return V_DROP;
    }
    const dst = frame.dstValue;
    if (Math.floor(dst / 16) === 0x0180_c200_000) {
      const x = dst & 0xf;
      if (x === 1) {
        this.dropReason = 'link-local';
        return V_DROP; // PAUSE is always dropped
      }
      if (x !== 0 && (this.groupFwdMask & (1 << x)) === 0) {
        // Learn the source, then hand the frame to the port device's own stack (RX_HANDLER_PASS).
        if (p.flags.learning && (p.state === 'forwarding' || p.state === 'learning')) this.fdb.learn(src, 0, p, now);
        return V_PASS_PORT;
      }
      // X = 0 with STP off, or a group in the mask: treated as a normal (multicast) frame.
    }
    const st = p.state;
    if (st !== 'forwarding' && st !== 'learning') {
      this.dropReason = this.adminUp ? 'port-not-forwarding' : 'bridge-down';
      return V_DROP;
    }
    if (p.flags.learning) this.fdb.learn(src, 0, p, now);
    if (st === 'learning') {
      this.dropReason = 'port-not-forwarding';
      return V_DROP;
    }
    if (dst === BROADCAST) {
      this.floodKind = FLOOD_BROADCAST;
      this.deliverUp = true;
      return V_FLOOD;
    }
    if (macIsMulticast(dst)) {
      this.floodKind = FLOOD_MULTICAST;
      this.deliverUp = true;
      return V_FLOOD;
    }
    const e = this.fdb.lookup(dst, 0);
    if (e === undefined) {
      this.floodKind = FLOOD_UNICAST;
      this.deliverUp = false;
      return V_FLOOD;
    }
    if (e.local || e.port === null) return V_LOCAL;
    e.used = now;
    if (!this.shouldDeliver(e.port, p)) {
      this.dropReason = e.port === p ? 'ingress-port' : e.port.state !== 'forwarding' ? 'port-not-forwarding' : 'isolated';
      return V_DROP;
    }
    this.outPort = e.port;
    return V_FORWARD;
  }

  /** should_deliver: not back out of the ingress port (unless hairpin), forwarding, isolation. */
  private shouldDeliver(q: BridgePort, ingress: BridgePort | null): boolean {
    return (q !== ingress || q.flags.hairpin) && q.state === 'forwarding' && !(ingress !== null && ingress.flags.isolated && q.flags.isolated);
  }

  /** @internal RxHandler: a frame arrived on a port. */
  handleFrame(dev: NetDevice, frame: Frame): void {
    const p = this.byDev.get(dev);
    if (p === undefined) return;
    // With the bridge down every port is disabled: ingress() drops normal frames ('bridge-down')
    // and still hands link-local frames to the port's own stack, as br_handle_frame does.
    const v = this.ingress(frame, p, this.ctx.loop.now);
    if (this.gcAt === Infinity) this.armGc();
    switch (v) {
      case V_FORWARD: {
        const out = this.outPort!;
        if (!this.countHop(frame, p)) return;
        this.egress(out, this.copyFor(out, frame));
        return;
      }
      case V_FLOOD:
        if (!this.countHop(frame, p)) return;
        this.flood(frame, this.floodKind, p, false);
        if (this.deliverUp) this.passUp(frame, false);
        return;
      case V_LOCAL:
        this.endWay(dev, frame);
        this.passUp(frame, true);
        return;
      case V_PASS_PORT:
        this.endWay(dev, frame);
        this.owner.receive(dev, frame);
        return;
      default:
        this.endWay(dev, frame);
        dev.drop(frame, this.dropReason);
    }
  }

  /** Storm guard: a copy from another bridge that goes no further is no longer in flight. */
  private endWay(dev: NetDevice, frame: Frame): void {
    if (!LinuxBridge.towardsBridge(dev)) return;
    const h = this.guard.hops.get(frame);
    if (h !== undefined && h.out.device === (dev as VethEnd).peer) this.guard.hops.delete(frame);
  }

  /** br_flood: a copy to every eligible port, in list order (newest first). */
  private flood(frame: Frame, kind: number, ingress: BridgePort | null, localOrig: boolean): boolean {
    let any = false;
    for (const q of this.portList) {
      if (!this.shouldDeliver(q, ingress)) continue;
      if (kind === FLOOD_UNICAST && !q.flags.flood) continue;
      if (kind === FLOOD_MULTICAST && !localOrig && !q.flags.mcast_flood) continue;
      if (kind === FLOOD_BROADCAST && !localOrig && !q.flags.bcast_flood) continue;
      if (this.egress(q, localOrig ? frame : this.copyFor(q, frame))) any = true;
    }
    return any;
  }

  /** br_dev_queue_push_xmit: egress MTU check (silent drop), then the port device sends. */
  private egress(q: BridgePort, frame: Frame): boolean {
    const dev = q.device;
    if (frame.bytes.length > dev.mtu + 18) {
      dev.drop(frame, 'mtu', `bridge egress: length ${frame.bytes.length} exceeds ${dev.name} MTU ${dev.mtu}`);
      this.guard.hops.delete(frame); // a copy that never left carries no step
      return false;
    }
    if (dev.transmit(frame)) return true;
    this.guard.hops.delete(frame);
    return false;
  }

  /** br_pass_frame_up: the bridge device receives the frame (rx counters without the header). */
  private passUp(frame: Frame, host: boolean): void {
    this.rxPackets++;
    this.rxBytes += frame.bytes.length - 14;
    if (this.taps !== null || this.ctx.tracer.listening['frame:rx']) this.tapIn(frame);
    this.owner.receive(this, frame, host);
  }

  /** Whether a port leads to another bridge port (its veth peer is enslaved): a frame may loop. */
  private static towardsBridge(dev: NetDevice): boolean {
    return dev instanceof VethEnd && dev.peer !== null && dev.peer.master !== null;
  }

  /**
   * Storm guard, for a frame about to be forwarded or flooded: sets the scratch fields that
   * {@link copyFor} uses, and stops the run (`storm`) when the frame went round a loop.
   *
   * A copy that comes from another bridge carries its way so far (see {@link Hop}); this bridge
   * takes it off the frame object, so that a later send of the same object is a new flood. A copy
   * that enters by a port it already entered by on its own way went round a loop: from there it
   * would follow the same way again, for ever, since each bridge's choice depends only on the port
   * a copy entered by while port states, flags and forwarding entries stay put (a change of port
   * state or flags starts every flood in flight afresh). That test is exact. Copies of one flood
   * entering the same port by different ways prove nothing: port flags (isolated, flood,
   * mcast_flood, bcast_flood, hairpin) let them do so without any storm, on Linux too.
   *
   * A flood may multiply a lot before one of its copies repeats a port — in a full mesh of K
   * bridges the copies multiply by K − 2 at every hop — and port flags can make a flood multiply
   * without any loop (parallel links whose far ends are isolated double it at every pair). So the
   * copies of each flood that enter a bridge from another are counted too: past 8 per bridge port
   * in the simulation + 256 the run stops with `storm` as well, naming the loop on the last copy's
   * way, or its whole way when no bridge repeats on it. In a tree of bridges a flood that does not
   * storm stays far below the bound (about two copies per port at most in random trees with random
   * hairpin and isolated flags).
   *
   * Cost per bridge crossed: a WeakMap lookup and delete, a mask test and a counter; the way is
   * walked only when the mask says the port may be on it. A frame from a host's port costs only the
   * test that the port leads to no bridge.
   *
   * Once a flood was reported, its copies still in flight are dropped (reason `storm`) at the next
   * bridge they reach, so that a run can go on after the loop was broken.
   *
   * @returns whether the frame goes on (`false`: dropped)
   */
  private countHop(frame: Frame, p: BridgePort): boolean {
    this.hopPort = p;
    const dev = p.device;
    const g = this.guard;
    const prev = LinuxBridge.towardsBridge(dev) ? g.hops.get(frame) : undefined;
    // A step is only trusted on the frame object it was sent with, arriving where it was sent to.
    if (prev === undefined || prev.out.device !== (dev as VethEnd).peer) {
      this.hopPrev = null;
      this.hopFlood = null;
      return true;
    }
    g.hops.delete(frame);
    const flood = prev.flood;
    if (flood.stormed) {
      dev.drop(frame, 'storm', 'a copy of a frame already reported as a storm');
      return false;
    }
    if (prev.epoch !== g.epoch) {
      this.hopPrev = null;
      this.hopFlood = null;
      return true;
    }
    this.hopPrev = prev;
    this.hopFlood = flood;
    if ((prev.mask & p.loopBit) !== 0) {
      for (let h: Hop | null = prev; h !== null; h = h.parent) if (h.port === p) this.storm(frame, p, prev, h);
    }
    if (++flood.copies > 8 * g.ports + 256) this.storm(frame, p, prev, null);
    return true;
  }

  /**
   * Stop the run. The copy entering by `p` (after `prev`) went round a loop since it entered by `p`
   * at step `again`; or (`again` null) its flood passed the bound on copies.
   */
  private storm(frame: Frame, p: BridgePort, prev: Hop, again: Hop | null): never {
    const steps: Hop[] = [];
    for (let h: Hop | null = prev; h !== null; h = h.parent) steps.push(h);
    steps.reverse();
    const depth = steps.length + 1; // bridges entered, this one included
    const entered = (i: number): BridgePort => (i < steps.length ? steps[i]!.port : p);
    // The loop: the way from bridge number `from` on the way back to it at number `to`.
    let from = again === null ? -1 : steps.indexOf(again);
    let to = depth - 1;
    if (again === null) {
      // the shortest stretch between two visits of one bridge, if any
      const seen = new Map<LinuxBridge, number>();
      for (let i = 0; i < depth; i++) {
        const b = entered(i).bridge;
        const j = seen.get(b);
        if (j !== undefined && (from < 0 || i - j < to - from)) [from, to] = [j, i];
        seen.set(b, i);
      }
    }
    const nameOf = (q: BridgePort): string => `${q.device.namespaceName}/${q.bridge._name}:${q.device.name}`;
    let names: string[];
    if (from >= 0) {
      // Each link: where the copy left a bridge, where it entered the next. The loop is what the way
      // crosses an odd number of times (a link crossed there and back, as in a bounce off a
      // hairpin port, is not part of it).
      const links: [BridgePort, BridgePort][] = [];
      for (let i = from + 1; i <= to; i++) links.push([steps[i - 1]!.out, entered(i)]);
      const count = new Map<unknown, number>();
      const key = (q: BridgePort): unknown => (q.device instanceof VethEnd ? q.device.pair : q.device);
      for (const [, q] of links) count.set(key(q), (count.get(key(q)) ?? 0) + 1);
      const odd = links.filter(([, q]) => count.get(key(q))! % 2 === 1);
      names = (odd.length > 0 ? odd : links).flatMap(([o, q]) => [nameOf(o), nameOf(q)]);
    } else {
      // No bridge repeats on this copy's way: name the way.
      names = [nameOf(entered(0))];
      for (let i = 1; i < depth; i++) names.push(nameOf(steps[i - 1]!.out), nameOf(entered(i)));
    }
    const ports = [...new Set(names)];
    if (ports.length === 0) ports.push(nameOf(p));
    prev.flood.stormed = true;
    p.device.drop(frame, 'storm', `looping through ${ports.join(', ')}`);
    const g = this.guard;
    const a = `a frame from ${String(frame.src)} to ${String(frame.dst)}`;
    const bound = `copies of ${a} multiplied beyond ${8 * g.ports + 256} copies (8 per bridge port + 256, for ${g.ports} ports) before one repeated a port`;
    const what = again !== null ? `${a} came back to ${nameOf(p)} after ${depth - 1} bridge crossings` : bound;
    const where = from >= 0 || again !== null ? '' : ' (the way of the last copy, which repeats no bridge; if port flags cut every loop, the flood is finite but too large for l2sim)';
    throw new L2SimError('storm', `broadcast storm: ${what}; the loop runs through ports ${ports.join(', ')}${where}. Break the loop (remove a port) — spanning tree is not modelled.`, {
      ports,
      hops: depth,
    });
  }

  /**
   * The frame object to send out of `q` for the current forwarding decision: towards another
   * bridge, a fresh copy (same bytes) carrying its step, one per such port; towards a host, the
   * frame itself (it carries no step: the step it came with was taken off in {@link countHop}).
   */
  private copyFor(q: BridgePort, frame: Frame): Frame {
    if (!LinuxBridge.towardsBridge(q.device)) return frame;
    const c = Frame.wrap(frame.bytes) ?? frame;
    const prev = this.hopPrev;
    const g = this.guard;
    const flood = (this.hopFlood ??= { copies: 0, stormed: false });
    g.hops.set(c, { port: this.hopPort!, out: q, parent: prev, flood, mask: (prev === null ? 0 : prev.mask) | this.hopPort!.loopBit, epoch: g.epoch });
    return c;
  }

  // ================================================================ views

  /**
   * The forwarding decision for one frame arriving on `port` at `now`, for simulators that embed
   * the bridge with their own clock: learning happens (the FDB changes) but nothing is sent.
   * The egress ports' MTU is not part of the decision: when the frame is sent, a port whose MTU it
   * exceeds drops it (reason `mtu`), as `br_dev_queue_push_xmit` does after the decision.
   *
   * @param frame - the frame
   * @param port - the ingress port (or its device)
   * @param now - the embedder's current time, in nanoseconds
   * @returns the egress ports (in flood order), whether the frame goes up to the bridge, and why a drop happened
   * @throws L2SimError `not-found` when `port` is not a port of this bridge; `invalid-state` when the
   *   bridge was deleted
   * @example
   * ```ts
   * const f = Frame.build({ dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: 0x88b5 }, new Uint8Array(46));
   * const d = cni0.decide(f, cni0.port('veth-pod1')!, 5 * SECOND); // learns 02:00:00:00:00:01 on veth-pod1
   * d.action;                             // 'flood'
   * d.egress.map((p) => p.device.name);   // ['veth-pod2']
   * ```
   */
  decide(frame: Frame, port: BridgePort | NetDevice, now: Nanoseconds): ForwardDecision {
    this.assertAlive();
    const p = port instanceof BridgePort ? port : this.byDev.get(port);
    if (p === undefined || p.bridge !== this) throw new L2SimError('not-found', `not a port of ${this._name}`, {});
    const v = this.ingress(frame, p, now);
    switch (v) {
      case V_FORWARD:
        return { egress: [this.outPort!], deliverUp: false, action: 'forward', reason: null };
      case V_FLOOD: {
        const kind = this.floodKind;
        const egress = this.portList.filter(
          (q) => this.shouldDeliver(q, p) && !(kind === FLOOD_UNICAST && !q.flags.flood) && !(kind === FLOOD_MULTICAST && !q.flags.mcast_flood) && !(kind === FLOOD_BROADCAST && !q.flags.bcast_flood),
        );
        return { egress, deliverUp: this.deliverUp, action: 'flood', reason: null };
      }
      case V_LOCAL:
        return { egress: [], deliverUp: true, action: 'local', reason: null };
      case V_PASS_PORT:
        return { egress: [], deliverUp: false, action: 'port-stack', reason: null };
      default:
        return { egress: [], deliverUp: false, action: 'drop', reason: this.dropReason };
    }
  }

  /**
   * Advance the bridge's own ageing to `now` (for embedders driving the bridge without its event
   * loop): every entry whose ageing instant has come is removed.
   *
   * @param now - current time
   * @throws L2SimError `invalid-state` when the bridge was deleted
   * @example
   * ```ts
   * cni0.fdb.learn(0x020000000001, 0, cni0.port('veth-pod1')!, 5 * SECOND);
   * cni0.expire(305 * SECOND);         // last seen at 5 s, ageing time 300 s
   * cni0.fdb.lookup(0x020000000001, 0); // undefined
   * ```
   */
  expire(now: Nanoseconds): void {
    this.assertAlive();
    this.fdb.expire(now);
  }
}
