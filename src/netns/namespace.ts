import { L2SimError } from '../errors/index.js';
import { type DeviceEvent, type DeviceOwner, type LinkContext, LoopbackDevice, type NetDevice, VethEnd, validateDeviceName } from '../link/index.js';
import { type AdminNudState, type ArpSolicit, ArpTable, type ArpTableHooks, type NeighChange, type NeighEntrySnapshot, type NeighParams, Nud, NUD_VALID } from '../neigh/index.js';
import { type Route, RouteTable } from '../route/index.js';
import { type Duration, type Nanoseconds, parseDuration, type Rng } from '../sim/index.js';
import {
  ArpOp,
  ArpPacket,
  EtherType,
  Frame,
  IcmpType,
  IcmpUnreachableCode,
  Ipv4Address,
  Ipv4Cidr,
  Ipv4Packet,
  IpProtocol,
  MacAddress,
  encodeIcmpFrame,
  forwardIpv4,
  Ipv4View,
  ipv4Destination,
  ipv4Source,
  readIcmp,
  readIpv4,
  readQuotedEcho,
  withDestination,
} from '../wire/index.js';
import { Arping, type ArpingHost, type ArpingOptions } from './arping.js';
import { type IfAddr, type InetDev, inetOf, NO_NEIGH_OVERRIDES, type OutPacket } from './inet.js';
import { Ping, type PingHost, type PingOptions, pingOptions } from './ping.js';
import { DEFAULT_DEVCONF, DEFAULT_PARAMS, type DevConf, neighFromParams, neighToParams, parseSysctlName, sysctlValue } from './sysctl.js';
import type { World } from './world.js';
import { LinuxBridge } from '../bridge/index.js';
import { type LinkSnapshot, linkSnapshot, showAddresses, showBridgeLinks, showFdb, showLinks, showNeighbours, showRoutes } from './views.js';

/** The views {@link NetworkNamespace.show} prints. */
export type ViewName = 'ip link' | 'ip -s link' | 'ip addr' | 'ip route' | 'ip neigh' | 'bridge fdb' | 'bridge link';

const VIEW_ALIASES: Readonly<Record<string, ViewName>> = {
  'ip link': 'ip link',
  'ip link show': 'ip link',
  'ip l': 'ip link',
  'ip -s link': 'ip -s link',
  'ip -s link show': 'ip -s link',
  'ip addr': 'ip addr',
  'ip address': 'ip addr',
  'ip addr show': 'ip addr',
  'ip a': 'ip addr',
  'ip route': 'ip route',
  'ip route show': 'ip route',
  'ip r': 'ip route',
  'ip neigh': 'ip neigh',
  'ip neighbour': 'ip neigh',
  'ip neighbor': 'ip neigh',
  'ip neigh show': 'ip neigh',
  'ip n': 'ip neigh',
  'bridge fdb': 'bridge fdb',
  'bridge fdb show': 'bridge fdb',
  'bridge link': 'bridge link',
  'bridge link show': 'bridge link',
};

const BROADCAST_MAC = 0xffff_ffff_ffff;
const LIMITED_BROADCAST = 0xffff_ffff;
const PKT_HOST = 0;
const PKT_BROADCAST = 1;
const PKT_MULTICAST = 2;
const PKT_OTHERHOST = 3;
const ICMP_QUOTE_MAX = 576 - 20 - 8;
/** Numeric `rt_scope_t` of the scopes addresses take here (RT_SCOPE_UNIVERSE 0, RT_SCOPE_HOST 254). */
const SCOPE_RANK = { global: 0, host: 254 } as const;

const maskOf = (len: number): number => (len === 0 ? 0 : (0xffff_ffff << (32 - len)) >>> 0);
const ipStr = (v: number): string => Ipv4Address.fromNumber(v).toString();

/** An IPv4 address as `ip addr` shows it. */
export interface AddressSnapshot {
  /** Device name. */
  readonly dev: string;
  /** `address/prefix`. */
  readonly cidr: string;
  /** The address alone. */
  readonly address: string;
  /** Prefix length. */
  readonly prefixLength: number;
  /** The subnet's broadcast address, or `null` for /31 and /32. */
  readonly broadcast: string | null;
  /** `global` or `host` (127.0.0.0/8 on `lo`). */
  readonly scope: 'global' | 'host';
  /** Whether it is a secondary address (another address of the same subnet came first). */
  readonly secondary: boolean;
}

/** A route as `ip route` shows it. */
export interface RouteSnapshot {
  /** `'main'` or `'local'`. */
  readonly table: 'main' | 'local';
  /** `'unicast'`, `'local'` or `'broadcast'`. */
  readonly type: 'unicast' | 'local' | 'broadcast';
  /** `'default'` or `network/prefix` (local table: the address). */
  readonly dst: string;
  /** Gateway, or `null`. */
  readonly via: string | null;
  /** Output device name. */
  readonly dev: string;
  /** `kernel`, `boot` or `static`. */
  readonly proto: 'kernel' | 'boot' | 'static';
  /** `host`, `link` or `global`. */
  readonly scope: 'host' | 'link' | 'global';
  /** Preferred source, or `null`. */
  readonly src: string | null;
  /** Metric. */
  readonly metric: number;
  /** The device has no carrier (`linkdown`). */
  readonly linkdown: boolean;
}

/** Options of {@link NetworkNamespace.addRoute}. */
export interface RouteOptions {
  /** Gateway; it must be reachable through an on-link route (`Nexthop has invalid gateway` otherwise). */
  readonly via?: string;
  /** Output device (default: the device of the on-link route to the gateway). */
  readonly dev?: string;
  /** Preferred source address (must be local). */
  readonly src?: string;
  /** Metric (default 0). */
  readonly metric?: number;
}

/**
 * A network namespace: its devices (starting with `lo`, down), IPv4 addresses and routes, the ARP
 * neighbour table, sysctls, and the IPv4/ARP/ICMP processing of a Linux host.
 *
 * Get one with `sim.namespace(name)`. After `sim.deleteNamespace(name)` the object is dead: every
 * method throws `invalid-state` (reads too; `name`, `isDeleted` and `toString()` still answer).
 *
 * @example
 * ```ts
 * const a = sim.namespace('a');
 * const b = sim.namespace('b');
 * const veth = new VethPair({ ns: a, name: 'eth0' }, { ns: b, name: 'eth0' });
 * a.addAddress('eth0', '10.0.0.1/24');
 * b.addAddress('eth0', '10.0.0.2/24');
 * veth.up();
 * a.addRoute('default', { via: '10.0.0.2' });
 * const p = a.ping('10.0.0.2', { count: 3 });
 * sim.runFor('5s');
 * ```
 */
export class NetworkNamespace implements DeviceOwner {
  /** Namespace name. */
  readonly name: string;
  /** The simulation, as devices see it. */
  readonly context: LinkContext;
  /**
   * The namespace's ARP neighbour table. Admin calls take device names:
   * `ns.arp.add('10.0.0.9', { dev: 'eth0', lladdr: '02:00:00:00:00:09' }, sim.now)`.
   */
  readonly arp: ArpTable<OutPacket>;
  /** The loopback device. */
  readonly lo: LoopbackDevice;

  /** @internal */ readonly world: World;
  /** @internal */ readonly id: number;
  private readonly devs = new Map<string, NetDevice>();
  private readonly byIndex = new Map<number, NetDevice>();
  private nextIfindex = 1;
  private readonly routing = new RouteTable();
  private readonly local = new Map<number, IfAddr>();
  private ipForward = 0;
  private ttl = 64;
  private echoIgnoreBroadcasts = 1;
  // Copy-on-write: namespaces share the kernel defaults until a sysctl is written, and devices share
  // the namespace's conf.default (copied at creation, as Linux does) until theirs is written.
  private confAll: Readonly<DevConf> = DEFAULT_DEVCONF;
  private confDefault: Readonly<DevConf> = DEFAULT_DEVCONF;
  /** The conf.default keys written so far (devconf_dflt's state bitmap), or null for none. */
  private confDefaultOwn: Set<keyof DevConf> | null = null;
  private neighDefault: NeighParams = DEFAULT_PARAMS;
  private arpTimerAt = Infinity;
  private onArpTimer: ((at: number) => void) | null = null;
  private pings: Ping[] | null = null;
  private pingStarts: { at: number; n: number } | null = null;
  private proxyRng: ReturnType<World['rng']['fork']> | null = null;
  private arpings: Arping[] | null = null;
  private deleted = false;
  private pingHost: PingHost | null = null;
  private arpingHost: ArpingHost | null = null;
  /** Reused for reading IPv4 headers in place (receive processing never re-enters). */
  private view: Ipv4View | null = null;
  /** The error of the last failed send, for ping's messages. */
  private sendError = '';

  /** @internal */
  constructor(world: World, name: string, id: number) {
    this.world = world;
    this.context = world;
    this.name = name;
    this.id = id;
    this.arp = new ArpTable<OutPacket>({ hooks: new NamespaceArpHooks(this), gc: world.neighGc });
    this.lo = new LoopbackDevice(this);
    this.lo._ifindex = this.attachDevice(this.lo);
    world.deviceCreated(this.lo);
  }

  // ================================================================ devices

  /**
   * A device by name.
   *
   * @param name - device name
   * @returns the device
   * @throws L2SimError `not-found` when there is no such device; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * const eth0 = pod.device('eth0');
   * eth0.mtu; // 1500
   * ```
   */
  device(name: string): NetDevice {
    this.assertAlive();
    const d = this.devs.get(name);
    if (d === undefined) {
      throw new L2SimError('not-found', `no device ${JSON.stringify(name)} in namespace ${this.name} (Cannot find device)`, { ns: this.name, dev: String(name) });
    }
    return d;
  }

  /**
   * Whether a device of that name exists.
   *
   * @param name - device name
   * @returns whether it exists
   * @throws L2SimError `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.hasDevice('eth0'); // true
   * pod.hasDevice('eth1'); // false
   * ```
   */
  hasDevice(name: string): boolean {
    this.assertAlive();
    return this.devs.has(name);
  }

  /**
   * The devices, in ifindex order.
   *
   * @returns the devices
   * @throws L2SimError `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.devices().map((d) => d.name); // ['lo', 'eth0']
   * ```
   */
  devices(): NetDevice[] {
    this.assertAlive();
    return [...this.byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  }

  /** Whether the namespace was deleted. */
  get isDeleted(): boolean {
    return this.deleted;
  }

  private dev(d: string | NetDevice): NetDevice {
    this.assertAlive();
    if (typeof d === 'string') return this.device(d);
    if (d !== null && typeof d === 'object' && this.devs.get(d.name) === d) return d;
    throw new L2SimError('not-found', `device ${String(d)} is not in namespace ${this.name}`, { ns: this.name });
  }

  private assertAlive(): void {
    if (this.deleted) throw new L2SimError('invalid-state', `namespace ${this.name} was deleted`, { ns: this.name });
  }

  /** @internal */
  deviceByIndex(ifindex: number): NetDevice | undefined {
    return this.byIndex.get(ifindex);
  }

  /** @internal */
  checkNewDevice(name: string): void {
    this.assertAlive();
    validateDeviceName(name);
    if (this.devs.has(name)) {
      throw new L2SimError('already-exists', `device ${name} already exists in namespace ${this.name} (RTNETLINK answers: File exists)`, { ns: this.name, dev: name });
    }
  }

  /** @internal */
  attachDevice(dev: NetDevice, preferredIfindex?: number): number {
    let idx = preferredIfindex !== undefined && !this.byIndex.has(preferredIfindex) ? preferredIfindex : this.nextIfindex;
    while (this.byIndex.has(idx)) idx++;
    if (idx >= this.nextIfindex) this.nextIfindex = idx + 1;
    // inetdev_init copies devconf_dflt with its state bitmap: a device made (or moved here) after
    // conf.default.KEY was written keeps that KEY when conf.default.KEY is written again.
    const inet: InetDev = { addrs: [], conf: this.confDefault, confOwn: this.confDefaultOwn === null ? null : new Set(this.confDefaultOwn), neigh: NO_NEIGH_OVERRIDES, params: null };
    dev.inet = inet;
    dev.owner = this;
    this.devs.set(dev.name, dev);
    this.byIndex.set(idx, dev);
    return idx;
  }

  /** @internal */
  detachDevice(dev: NetDevice): void {
    if (this.devs.get(dev.name) !== dev) return;
    const inet = inetOf(dev);
    for (const a of inet.addrs) this.local.delete(a.address);
    inet.addrs = [];
    this.routing.removeWhere((r) => r.dev === dev.ifindex);
    this.arp.flushDevice(dev.ifindex, true, 'device removed');
    this.arp.resetReachable(dev.ifindex);
    this.devs.delete(dev.name);
    this.byIndex.delete(dev.ifindex);
    if (this.arpings) for (const a of [...this.arpings]) if (a.ifindex === dev.ifindex) a.stop();
    this.armArpTimer();
  }

  /**
   * Move a veth end to another namespace (`ip link set DEV netns OTHER`): it goes down, loses its
   * addresses, routes and neighbours, leaves its bridge, and arrives down in `target` with the same
   * name and MAC (and the same ifindex when free there).
   *
   * @param name - device name
   * @param target - the destination namespace
   * @throws L2SimError `not-found` for an unknown device; `invalid-argument` for a device that
   *   cannot move (the loopback device, a bridge) or a `target` that is not a namespace;
   *   `already-exists` when the name is taken in `target`; `invalid-state` when either namespace
   *   was deleted
   * @example
   * ```ts
   * // As a CNI plugin does: create both ends on the node, then move one into the pod.
   * const veth = new VethPair({ ns: node, name: 'veth-pod1' }, { ns: node, name: 'eth0' });
   * node.moveDevice('eth0', pod);
   * pod.hasDevice('eth0'); // true
   * ```
   */
  moveDevice(name: string, target: NetworkNamespace): void {
    const dev = this.dev(name);
    if (!(target instanceof NetworkNamespace)) throw new L2SimError('invalid-argument', 'invalid target namespace', {});
    if (!(dev instanceof VethEnd)) {
      throw new L2SimError('invalid-argument', `device ${name} cannot change namespace (only veth ends can: lo and bridges are netns-local)`, { dev: name });
    }
    if (target === this) return;
    target.checkNewDevice(name);
    dev.down();
    dev.notify('deleted'); // detaches from a bridge
    const idx = dev.ifindex;
    this.detachDevice(dev);
    dev.ctx = target.context;
    dev._ifindex = target.attachDevice(dev, idx);
    // linkwatch computes the peer's operstate after the move: its peer's ifindex may now name
    // another device in its namespace, or none (then DOWN rather than LOWERLAYERDOWN).
    const peer = dev.peer;
    if (peer !== null && peer.isUp && !peer.hasCarrier) {
      const before = peer.operstate;
      peer.fixNoCarrierState();
      if (peer.operstate !== before) peer.traceLink();
    }
  }

  /**
   * Delete a device (`ip link del DEV`). Deleting a veth end deletes its peer too; a bridge
   * releases its ports first.
   *
   * @param name - device name
   * @throws L2SimError `not-found` for an unknown device; `invalid-argument` for `lo`;
   *   `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * node.deleteDevice('veth-pod1');
   * pod.hasDevice('eth0'); // false: the peer went too
   * ```
   */
  deleteDevice(name: string): void {
    const dev = this.dev(name);
    if (dev === this.lo) throw new L2SimError('invalid-argument', 'cannot delete the loopback device', {});
    if (dev instanceof VethEnd) {
      dev.pair.delete();
      return;
    }
    if (dev instanceof LinuxBridge) dev.delete();
  }

  /** @internal */
  deviceEvent(dev: NetDevice, event: DeviceEvent): void {
    if (this.devs.get(dev.name) !== dev) return;
    switch (event) {
      case 'up': {
        // inetdev_event NETDEV_UP on loopback: 127.0.0.1/8 is added unless present (a secondary when
        // another 127/8 address is there; checked on 6.18)
        if (dev === this.lo && !inetOf(dev).addrs.some((a) => a.address === 0x7f000001)) this.addAddressNow(dev, 0x7f000001, 8, 'host');
        for (const a of inetOf(dev).addrs) if (!a.secondary) this.addPrefixRoutes(a);
        if (this.conf(dev, 'arp_notify') > 0) this.gratuitous(dev);
        break;
      }
      case 'down':
        this.routing.removeWhere((r) => r.dev === dev.ifindex && !(r.table === 'local' && r.type === 'local'));
        this.arp.flushDevice(dev.ifindex, true, 'device down');
        break;
      case 'carrier-off':
        if (this.confAll.arp_evict_nocarrier !== 0 && inetOf(dev).conf.arp_evict_nocarrier !== 0) this.arp.flushDevice(dev.ifindex, false, 'carrier lost');
        break;
      case 'mac':
        this.arp.flushDevice(dev.ifindex, true, 'device MAC changed');
        if (dev.isUp && this.conf(dev, 'arp_notify') > 0) this.gratuitous(dev);
        break;
      default:
        break;
    }
    this.armArpTimer();
  }

  // ================================================================ addresses

  /**
   * Add an IPv4 address (`ip addr add CIDR dev DEV`). The local route appears at once; the
   * connected route (and the broadcast route) appear while the device is up. A second address
   * in a subnet the device already has becomes secondary.
   *
   * @param dev - device name (or the device)
   * @param cidr - e.g. `'10.244.0.2/24'`
   * @throws L2SimError `invalid-argument` for a malformed CIDR; `not-found` for an unknown device;
   *   `already-exists` when the device already has that address; `invalid-state` when the namespace
   *   was deleted
   * @example
   * ```ts
   * pod.addAddress('eth0', '10.244.0.2/24');
   * ```
   */
  addAddress(dev: string | NetDevice, cidr: string | Ipv4Cidr): void {
    const d = this.dev(dev);
    const c = Ipv4Cidr.from(cidr);
    const addr = c.address.value;
    if (inetOf(d).addrs.some((a) => a.address === addr)) {
      throw new L2SimError('already-exists', `address ${String(c)} already exists on ${d.name} (RTNETLINK answers: File exists)`, { dev: d.name, cidr: String(c) });
    }
    if (addr === 0 || c.address.isMulticast || addr === LIMITED_BROADCAST) {
      throw new L2SimError('invalid-argument', `invalid address ${String(c)}: not a unicast address`, { cidr: String(c) });
    }
    this.addAddressNow(d, addr, c.prefixLength, d === this.lo && addr >>> 24 === 127 ? 'host' : 'global');
  }

  private addAddressNow(d: NetDevice, addr: number, len: number, scope: 'global' | 'host'): void {
    const mask = maskOf(len);
    const network = (addr & mask) >>> 0;
    const inet = inetOf(d);
    const secondary = inet.addrs.some((a) => !a.secondary && a.prefixLength === len && a.network === network);
    const ifa: IfAddr = { address: addr, prefixLength: len, mask, network, broadcast: len >= 31 ? 0 : (network | ~mask) >>> 0, secondary, scope, dev: d };
    // __inet_insert_ifa: a secondary goes to the end of the list, a primary after the last primary
    // of the same or a wider scope (`ip addr` and arp_notify walk the list in this order).
    if (secondary) inet.addrs.push(ifa);
    else {
      let at = 0;
      inet.addrs.forEach((a, i) => {
        if (!a.secondary && SCOPE_RANK[scope] <= SCOPE_RANK[a.scope]) at = i + 1;
      });
      inet.addrs.splice(at, 0, ifa);
    }
    if (!this.local.has(addr)) this.local.set(addr, ifa);
    this.routing.add({ table: 'local', type: 'local', dst: addr, prefixLength: 32, dev: d.ifindex, gateway: null, prefsrc: addr, scope: 'host', proto: 'kernel', metric: 0 }, { append: true });
    if (d.isUp && !secondary) this.addPrefixRoutes(ifa);
  }

  private addPrefixRoutes(a: IfAddr): void {
    const dev = a.dev.ifindex;
    const has = (r: Partial<Route>): boolean => this.routing.routes().some((x) => x.dev === dev && x.table === r.table && x.type === r.type && x.dst === r.dst && x.prefixLength === r.prefixLength);
    if (a.prefixLength < 32 && !(a.network === 0 && a.prefixLength === 0)) {
      const r: Route = { table: 'main', type: 'unicast', dst: a.network, prefixLength: a.prefixLength, dev, gateway: null, prefsrc: a.address, scope: 'link', proto: 'kernel', metric: 0 };
      if (a.dev.kind === 'loopback') {
        const lr: Route = { ...r, table: 'local', type: 'local', scope: 'host' };
        if (!has(lr)) this.routing.add(lr, { append: true });
      } else if (!has(r)) this.routing.add(r, { append: true });
    }
    if (a.prefixLength < 31) {
      const b: Route = { table: 'local', type: 'broadcast', dst: a.broadcast, prefixLength: 32, dev, gateway: null, prefsrc: a.address, scope: 'link', proto: 'kernel', metric: 0 };
      if (!has(b)) this.routing.add(b, { append: true });
    }
  }

  /**
   * Remove an IPv4 address (`ip addr del CIDR dev DEV`) with its routes. Removing a primary
   * address also removes its secondaries (promote_secondaries is off by default). Removing the
   * device's last address also removes every route through the device (static ones included) and
   * its neighbour entries, as Linux does; static routes survive while another address remains.
   *
   * @param dev - device name (or the device)
   * @param cidr - the address with its prefix
   * @throws L2SimError `invalid-argument` for a malformed CIDR; `not-found` for an unknown device or address;
   *   `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.deleteAddress('eth0', '10.244.0.2/24');
   * pod.addresses('eth0'); // []
   * ```
   */
  deleteAddress(dev: string | NetDevice, cidr: string | Ipv4Cidr): void {
    const d = this.dev(dev);
    const c = Ipv4Cidr.from(cidr);
    const inet = inetOf(d);
    const ifa = inet.addrs.find((a) => a.address === c.address.value && a.prefixLength === c.prefixLength);
    if (ifa === undefined) throw new L2SimError('not-found', `address ${String(c)} is not on ${d.name} (Cannot assign requested address)`, { dev: d.name, cidr: String(c) });
    const gone = ifa.secondary ? [ifa] : inet.addrs.filter((a) => a === ifa || (a.secondary && a.network === ifa.network && a.prefixLength === ifa.prefixLength));
    inet.addrs = inet.addrs.filter((a) => !gone.includes(a));
    for (const a of gone) {
      if (this.local.get(a.address) === a) {
        this.local.delete(a.address);
        const other = this.allAddrs().find((x) => x.address === a.address);
        if (other) this.local.set(a.address, other);
      }
      this.routing.removeWhere((r) => r.dev === d.ifindex && r.prefsrc === a.address);
    }
    if (inet.addrs.length === 0) {
      // The device's last IPv4 address: fib_disable_ip takes every route through it and arp_ifdown
      // its neighbour entries, PERMANENT ones too (checked on 6.18).
      this.routing.removeWhere((r) => r.dev === d.ifindex);
      this.arp.flushDevice(d.ifindex, true, 'last address removed');
    }
  }

  private allAddrs(): IfAddr[] {
    return this.devices().flatMap((d) => inetOf(d).addrs);
  }

  /**
   * The IPv4 addresses, as `ip addr` lists them (device order, then the kernel's list order on each
   * device: primaries first, secondaries after them, each in the order they were added).
   *
   * @param dev - only this device (optional)
   * @returns snapshots
   * @throws L2SimError `not-found` for an unknown device; `invalid-state` when the namespace was
   *   deleted
   * @example
   * ```ts
   * pod.addresses().map((a) => `${a.dev} ${a.cidr}`); // ['lo 127.0.0.1/8', 'eth0 10.244.0.2/24']
   * pod.addresses('eth0')[0]?.broadcast;              // '10.244.0.255'
   * ```
   */
  addresses(dev?: string): AddressSnapshot[] {
    this.assertAlive();
    const list = dev === undefined ? this.devices() : [this.dev(dev)];
    return list.flatMap((d) =>
      inetOf(d).addrs.map((a) => ({
        dev: d.name,
        cidr: `${ipStr(a.address)}/${a.prefixLength}`,
        address: ipStr(a.address),
        prefixLength: a.prefixLength,
        broadcast: a.prefixLength >= 31 ? null : ipStr(a.broadcast),
        scope: a.scope,
        secondary: a.secondary,
      })),
    );
  }

  // ================================================================ routes

  /**
   * Add a route (`ip route add DEST [via GW] [dev DEV] [src SRC] [metric N]`).
   *
   * @param dest - `'default'` or a CIDR with its host bits clear
   * @param options - gateway, device, source, metric; at least `via` or `dev`
   * @throws L2SimError `invalid-argument` for malformed input or a gateway not reachable on-link
   *   (`Nexthop has invalid gateway`); `not-found` for an unknown device; `invalid-state` when the
   *   device is down; `already-exists` for a duplicate route; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.addRoute('default', { via: '10.244.0.1' });
   * ```
   */
  addRoute(dest: string, options: RouteOptions): void {
    this.assertAlive();
    const { dst, prefixLength } = this.parseDest(dest);
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid route options: expected { via?, dev?, src?, metric? }', {});
    const metric = options.metric ?? 0;
    if (!Number.isSafeInteger(metric) || metric < 0 || metric > 0xffff_ffff) throw new L2SimError('invalid-argument', `invalid metric ${String(metric)}`, { metric });
    let dev = options.dev === undefined ? undefined : this.device(options.dev);
    let gateway: number | null = null;
    if (options.via !== undefined) {
      gateway = Ipv4Address.from(options.via).value;
      const onlink = this.routing.routes('main').find((r) => r.gateway === null && r.scope === 'link' && (dev === undefined || r.dev === dev.ifindex) && ((gateway! & maskOf(r.prefixLength)) >>> 0) === r.dst);
      if (onlink === undefined || this.local.has(gateway)) {
        throw new L2SimError('invalid-argument', `cannot add route ${dest} via ${options.via}: Nexthop has invalid gateway (no on-link route to it${dev ? ` on ${dev.name}` : ''})`, { dest, via: options.via });
      }
      dev ??= this.byIndex.get(onlink.dev)!;
    }
    if (dev === undefined) throw new L2SimError('invalid-argument', `cannot add route ${dest}: give a gateway (via) or a device (dev)`, { dest });
    if (!dev.isUp) throw new L2SimError('invalid-state', `cannot add route ${dest}: Device for nexthop is not up (${dev.name})`, { dest, dev: dev.name });
    let prefsrc: number | null = null;
    if (options.src !== undefined) {
      prefsrc = Ipv4Address.from(options.src).value;
      if (!this.local.has(prefsrc)) throw new L2SimError('invalid-argument', `invalid src ${options.src}: not a local address`, { src: options.src });
    }
    this.routing.add({ table: 'main', type: 'unicast', dst, prefixLength, dev: dev.ifindex, gateway, prefsrc, scope: gateway === null ? 'link' : 'global', proto: 'boot', metric });
  }

  /**
   * Remove routes (`ip route del DEST [via GW] [dev DEV]`) from the main table.
   *
   * @param dest - `'default'` or a CIDR
   * @param options - narrow by gateway or device
   * @throws L2SimError `invalid-argument` for malformed input; `not-found` when no route matches
   *   or for an unknown device; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.deleteRoute('default', { via: '10.244.0.1' });
   * pod.routes().map((r) => r.dst); // ['10.244.0.0/24']
   * ```
   */
  deleteRoute(dest: string, options: { via?: string; dev?: string } = {}): void {
    this.assertAlive();
    const { dst, prefixLength } = this.parseDest(dest);
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid route options: expected { via?, dev? }', {});
    const via = options.via === undefined ? undefined : Ipv4Address.from(options.via).value;
    const dev = options.dev === undefined ? undefined : this.device(options.dev).ifindex;
    const removed = this.routing.removeWhere((r) => r.table === 'main' && r.dst === dst && r.prefixLength === prefixLength && (via === undefined || r.gateway === via) && (dev === undefined || r.dev === dev));
    if (removed.length === 0) throw new L2SimError('not-found', `no route ${dest} to delete (RTNETLINK answers: No such process)`, { dest });
  }

  private parseDest(dest: string): { dst: number; prefixLength: number } {
    if (dest === 'default') return { dst: 0, prefixLength: 0 };
    const c = Ipv4Cidr.from(dest);
    const net = c.network.value;
    if (net !== c.address.value) throw new L2SimError('invalid-argument', `invalid route destination ${dest}: Invalid prefix for given prefix length`, { dest });
    return { dst: net, prefixLength: c.prefixLength };
  }

  /**
   * The routes, in lookup order.
   *
   * @param table - `'main'` (default, what `ip route` shows) or `'local'`, or `'all'`
   * @returns snapshots
   * @throws L2SimError `invalid-argument` for another table name; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.routes().map((r) => (r.via === null ? r.dst : `${r.dst} via ${r.via}`)); // ['10.244.0.0/24', 'default via 10.244.0.1']
   * pod.routes('local').length; // 5
   * ```
   */
  routes(table: 'main' | 'local' | 'all' = 'main'): RouteSnapshot[] {
    this.assertAlive();
    if (table !== 'main' && table !== 'local' && table !== 'all') {
      throw new L2SimError('invalid-argument', `invalid route table ${JSON.stringify(table)}: expected 'main', 'local' or 'all'`, { table: String(table) });
    }
    return this.routing.routes(table === 'all' ? undefined : table).map((r) => {
      const d = this.byIndex.get(r.dev);
      return {
        table: r.table,
        type: r.type,
        dst: r.prefixLength === 0 && r.table === 'main' ? 'default' : r.table === 'local' && r.prefixLength === 32 ? ipStr(r.dst) : `${ipStr(r.dst)}/${r.prefixLength}`,
        via: r.gateway === null ? null : ipStr(r.gateway),
        dev: d?.name ?? String(r.dev),
        proto: r.proto,
        scope: r.scope,
        src: r.prefsrc === null ? null : ipStr(r.prefsrc),
        metric: r.metric,
        linkdown: d !== undefined && d.isUp && !d.hasCarrier,
      };
    });
  }

  // ================================================================ sysctls

  /**
   * Read or write a sysctl by its Linux name: `net.ipv4.ip_forward`,
   * `net.ipv4.conf.{all,default,DEV}.arp_ignore` (and arp_announce, arp_accept, arp_notify,
   * arp_filter, proxy_arp, drop_gratuitous_arp, forwarding, arp_evict_nocarrier),
   * `net.ipv4.neigh.{default,DEV}.base_reachable_time_ms` (and retrans_time_ms,
   * delay_first_probe_time, mcast_solicit, ucast_solicit, unres_qlen, gc_stale_time, locktime…),
   * `net.ipv4.ip_default_ttl`, `net.ipv4.icmp_echo_ignore_broadcasts`. Values are in the kernel's
   * units (seconds, milliseconds or USER_HZ, as the name says).
   *
   * @param name - the sysctl
   * @param value - the value to write (omit to read)
   * @returns the current value (after writing)
   * @throws L2SimError `not-found` for an unknown sysctl or device; `invalid-argument` for a bad value; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.sysctl('net.ipv4.neigh.eth0.delay_first_probe_time', 1);
   * pod.sysctl('net.ipv4.conf.all.arp_ignore'); // 0
   * ```
   */
  sysctl(name: string, value?: number | string): number {
    this.assertAlive();
    const k = parseSysctlName(name);
    const dev = (k.kind === 'conf' || k.kind === 'neigh') && k.scope === 'dev' ? this.devs.get(k.dev!) : undefined;
    if ((k.kind === 'conf' || k.kind === 'neigh') && k.scope === 'dev' && dev === undefined) {
      throw new L2SimError('not-found', `unknown sysctl ${name}: no device ${k.dev} in namespace ${this.name}`, { name });
    }
    if (value !== undefined) {
      const v = sysctlValue(name, k, value);
      this.writeSysctl(k, v, dev);
    }
    switch (k.kind) {
      case 'ns':
        return k.key === 'ip_forward' ? this.ipForward : k.key === 'ip_default_ttl' ? this.ttl : this.echoIgnoreBroadcasts;
      case 'conf':
        return k.scope === 'all' ? this.confAll[k.key] : k.scope === 'default' ? this.confDefault[k.key] : inetOf(dev!).conf[k.key];
      case 'neigh':
        return neighFromParams(k.scope === 'default' ? this.neighDefault : this.neighParams(dev!.ifindex), k.field, k.unit);
      case 'neigh-gc':
        return this.world.neighGc[k.key === 'gc_thresh1' ? 'thresh1' : k.key === 'gc_thresh2' ? 'thresh2' : 'thresh3'];
    }
  }

  private writeSysctl(k: ReturnType<typeof parseSysctlName>, v: number, dev: NetDevice | undefined): void {
    switch (k.kind) {
      case 'ns':
        if (k.key === 'ip_forward') this.setForwarding(v);
        else if (k.key === 'ip_default_ttl') this.ttl = v;
        else this.echoIgnoreBroadcasts = v;
        return;
      case 'conf':
        if (k.key === 'forwarding' && k.scope === 'all') {
          this.setForwarding(v);
          return;
        }
        if (k.scope === 'all') this.confAll = { ...this.confAll, [k.key]: v };
        else if (k.scope === 'default') this.writeConfDefault(k.key, v);
        else {
          const inet = inetOf(dev!);
          inet.conf = { ...inet.conf, [k.key]: v };
          (inet.confOwn ??= new Set()).add(k.key);
        }
        return;
      case 'neigh': {
        const ns = neighToParams(k.unit, v);
        if (k.scope === 'default') {
          this.neighDefault = { ...this.neighDefault, [k.field]: ns };
          for (const d of this.devs.values()) inetOf(d).params = null;
        } else {
          const inet = inetOf(dev!);
          inet.neigh = { ...inet.neigh, [k.field]: ns };
          inet.params = null;
        }
        if (k.field === 'baseReachableTime') for (const d of this.devs.values()) this.arp.resetReachable(d.ifindex);
        return;
      }
      case 'neigh-gc': {
        const g = this.world.neighGc;
        if (k.key === 'gc_thresh1') g.thresh1 = v;
        else if (k.key === 'gc_thresh2') g.thresh2 = v;
        else g.thresh3 = v;
        this.arp.gcThresholdReached(this.world.loop.now);
        return;
      }
    }
  }

  /**
   * conf.default.KEY: devices created later copy it, and so does every existing device that never
   * had its own KEY written (devinet_copy_dflt_conf, checked on 6.18). A device created after a
   * write of conf.default.KEY copied the "written" mark too, so it keeps its KEY from then on.
   * `forwarding` has its own handler in the kernel (devinet_sysctl_forward), which copies nothing.
   */
  private writeConfDefault(key: keyof DevConf, v: number): void {
    const old = this.confDefault;
    const next = { ...old, [key]: v };
    this.confDefault = next;
    if (key === 'forwarding') return;
    (this.confDefaultOwn ??= new Set()).add(key);
    for (const d of this.devs.values()) {
      const inet = inetOf(d);
      if (inet.confOwn?.has(key) === true) continue; // keeps its own (its snapshot is immutable)
      if (inet.conf === old) inet.conf = next;
      else if (inet.conf[key] !== v) inet.conf = { ...inet.conf, [key]: v };
    }
  }

  /** ip_forward / conf.all.forwarding: set everywhere (devinet's inet_forward_change). */
  private setForwarding(v: number): void {
    this.ipForward = v;
    this.confAll = { ...this.confAll, forwarding: v };
    this.confDefault = { ...this.confDefault, forwarding: v };
    for (const d of this.devs.values()) {
      const inet = inetOf(d);
      if (inet.conf.forwarding !== v) inet.conf = { ...inet.conf, forwarding: v };
    }
  }

  private conf(dev: NetDevice, key: keyof DevConf): number {
    const d = inetOf(dev).conf[key];
    const a = this.confAll[key];
    switch (key) {
      case 'arp_filter':
      case 'proxy_arp':
      case 'drop_gratuitous_arp':
        return a !== 0 || d !== 0 ? 1 : 0;
      case 'forwarding':
        return d;
      case 'arp_evict_nocarrier':
        return a !== 0 && d !== 0 ? 1 : 0;
      default:
        return Math.max(a, d);
    }
  }

  /** @internal */
  neighParams(ifindex: number): NeighParams {
    const dev = this.byIndex.get(ifindex);
    if (dev === undefined) return this.neighDefault;
    const inet = inetOf(dev);
    if (inet.neigh === NO_NEIGH_OVERRIDES) return this.neighDefault;
    return (inet.params ??= { ...this.neighDefault, ...inet.neigh });
  }

  // ================================================================ ARP table timer

  /** Make sure an event fires at the ARP table's next deadline. @internal */
  armArpTimer(): void {
    const d = this.arp.nextDeadline();
    if (d === undefined || d >= this.arpTimerAt) return;
    this.arpTimerAt = d;
    const loop = this.world.loop;
    loop.post(Math.max(0, d - loop.now), (this.onArpTimer ??= this.makeArpTimer()), d);
  }

  /**
   * A neighbour timer runs in its place in the loop's FIFO order, like any event: it was posted
   * when the previous probe went out, before the packet that will be sent at the same instant was
   * scheduled. So with ping at 1 s intervals to an address nobody owns, resolution fails at 3 s
   * before ping's 4th request, and the errors come in batches of three (seq 1–3 at 3 s, 4–6 at
   * 6 s), as on Linux (6.18: the outcome in seven runs out of eight; the order there is a race).
   */
  private makeArpTimer(): (at: number) => void {
    return (at: number) => {
      if (at !== this.arpTimerAt) return;
      this.arpTimerAt = Infinity;
      this.arp.poll(this.world.loop.now);
      this.armArpTimer();
    };
  }

  // ================================================================ receive path

  /** @internal */
  receive(dev: NetDevice, frame: Frame, local = false): void {
    let type: number;
    const dst = frame.dstValue;
    if (local || dst === dev.macValue) type = PKT_HOST;
    else if (dst === BROADCAST_MAC) type = PKT_BROADCAST;
    else if (frame.isMulticast) type = PKT_MULTICAST;
    else type = PKT_OTHERHOST;
    if (frame.vlanTci >= 0 && (frame.vlanTci & 0xfff) !== 0) {
      // No VLAN devices are modelled: a tagged frame (VID ≠ 0) reaches no protocol.
      dev.drop(frame, 'not-for-us', `802.1Q VLAN ${frame.vlanTci & 0xfff} and no VLAN device`);
      return;
    }
    const et = frame.etherType;
    if (et === EtherType.IPv4) this.ipRcv(dev, frame, type);
    else if (et === EtherType.ARP) this.arpRcv(dev, frame, type);
    else {
      dev.rxNohandler++;
      dev.drop(frame, 'no-handler', `EtherType 0x${et.toString(16).padStart(4, '0')}`);
    }
  }

  // ---------------------------------------------------------------- ARP

  private arpRcv(dev: NetDevice, frame: Frame, type: number): void {
    if (dev.kind === 'loopback') return dev.drop(frame, 'arp-ignored', 'NOARP device');
    if (type === PKT_OTHERHOST) return dev.drop(frame, 'not-for-us');
    const r = ArpPacket.decode(frame.payload);
    if (!r.ok) return dev.drop(frame, 'malformed', r.error.message);
    const arp = r.value;
    if ((arp.htype !== 1 && arp.htype !== 6) || arp.ptype !== EtherType.IPv4) return dev.drop(frame, 'arp-ignored', 'not Ethernet/IPv4');
    if (arp.op !== ArpOp.REQUEST && arp.op !== ArpOp.REPLY) return dev.drop(frame, 'arp-ignored', `op ${arp.op}`);
    this.notifyArpings(dev, arp, type);
    const sip = arp.spaValue;
    const tip = arp.tpaValue;
    const sha = arp.shaValue;
    if (tip >>> 28 === 0xe || tip >>> 24 === 127) return dev.drop(frame, 'arp-ignored', 'multicast or loopback target');
    if (sip === tip && this.conf(dev, 'drop_gratuitous_arp') !== 0) return dev.drop(frame, 'arp-ignored', 'drop_gratuitous_arp');
    const now = this.world.loop.now;
    if (sip === 0) {
      // Duplicate address detection probe (RFC 5227): answer for a local target; no cache update.
      if (arp.op === ArpOp.REQUEST && this.local.has(tip) && !this.arpIgnore(dev, sip, tip)) this.sendArp(dev, ArpOp.REPLY, sha, tip, sha, 0);
      return;
    }
    if (arp.op === ArpOp.REQUEST && this.validSource(sip)) {
      if (this.local.has(tip)) {
        const ignored = this.arpIgnore(dev, sip, tip);
        const filtered = !ignored && this.conf(dev, 'arp_filter') !== 0 && this.arpFilter(sip, tip, dev);
        if (!ignored && !filtered) {
          if (this.arp.eventNs(dev.ifindex, sip, sha, now)) this.sendArp(dev, ArpOp.REPLY, sha, tip, sha, sip);
        } else {
          dev.drop(frame, 'arp-ignored', ignored ? 'arp_ignore' : 'arp_filter');
        }
        this.armArpTimer();
        return;
      }
      if (this.conf(dev, 'forwarding') !== 0 && this.conf(dev, 'proxy_arp') !== 0) {
        const rt = this.routing.lookup(tip);
        if (rt !== undefined && rt.type === 'unicast' && rt.dev !== dev.ifindex) {
          this.arp.eventNs(dev.ifindex, sip, sha, now);
          const reply = (): void => {
            if (dev.isUp) this.sendArp(dev, ArpOp.REPLY, sha, tip, sha, sip);
          };
          if (type === PKT_HOST) reply();
          else this.world.loop.schedule(this.proxyDelay(dev), reply, `proxy-arp ${ipStr(tip)}`);
          this.armArpTimer();
          return;
        }
      }
    }
    // Replies, and requests not for us: update an existing entry only (unless arp_accept).
    const exists = this.arp.stateOf(dev.ifindex, sip) !== undefined;
    const accept = this.arpAccept(dev, sip);
    let garp = false;
    if (exists || accept) {
      garp = sip === tip && (arp.op !== ArpOp.REPLY || arp.thaValue === arp.shaValue) && this.addrTypeUnicast(sip);
    }
    const create = accept && !exists && (garp || (arp.op === ArpOp.REPLY && this.addrTypeUnicast(sip)));
    const updated = this.arp.learn(dev.ifindex, sip, sha, { reply: arp.op === ArpOp.REPLY, unicastToUs: type === PKT_HOST, garp, create }, now);
    if (!updated && arp.op === ArpOp.REPLY) dev.drop(frame, 'arp-ignored', 'unsolicited reply (arp_accept=0)');
    this.armArpTimer();
  }

  private proxyDelay(_dev: NetDevice): Nanoseconds {
    // pneigh_enqueue: a random delay below proxy_delay (0.8 s) for broadcast requests, a fresh
    // draw each time from the namespace's own stream.
    this.proxyRng ??= this.world.rng.fork(`proxy:${this.name}`);
    return this.proxyRng.int(0, 800_000) * 1000;
  }

  private validSource(sip: number): boolean {
    // ip_route_input: martian sources (multicast, broadcast, zeronet, our own address) get no route.
    if (sip >>> 28 === 0xe || sip === LIMITED_BROADCAST || sip >>> 24 === 0) return false;
    return !this.local.has(sip);
  }

  private addrTypeUnicast(ip: number): boolean {
    if (this.local.has(ip) || ip === LIMITED_BROADCAST || ip >>> 28 === 0xe || ip === 0) return false;
    const r = this.routing.lookup(ip);
    return r === undefined || r.type === 'unicast';
  }

  private arpAccept(dev: NetDevice, sip: number): boolean {
    const v = this.conf(dev, 'arp_accept');
    if (v === 1) return true;
    if (v === 2) return inetOf(dev).addrs.some((a) => ((sip & a.mask) >>> 0) === a.network);
    return false;
  }

  /** arp_ignore: true means "do not reply". */
  private arpIgnore(dev: NetDevice, sip: number, tip: number): boolean {
    const mode = this.conf(dev, 'arp_ignore');
    switch (mode) {
      case 0:
        return false;
      case 1:
        return !inetOf(dev).addrs.some((a) => a.address === tip);
      case 2:
        return !inetOf(dev).addrs.some((a) => a.address === tip && ((sip & a.mask) >>> 0) === a.network);
      case 3:
        return !this.allAddrs().some((a) => a.address === tip && a.scope !== 'host');
      case 8:
        return true;
      default:
        return false;
    }
  }

  /** arp_filter: true means "do not reply" (the route back to the sender leaves by another device). */
  private arpFilter(sip: number, _tip: number, dev: NetDevice): boolean {
    const r = this.routing.lookup(sip);
    return r === undefined || r.dev !== dev.ifindex;
  }

  private notifyArpings(dev: NetDevice, arp: ArpPacket, type: number): void {
    const list = this.arpings;
    if (list === null || arp.op !== ArpOp.REPLY) return;
    for (const a of list) {
      if (a.ifindex === dev.ifindex && arp.spaValue === a.targetValue) a.onReply(ipStr(arp.spaValue), arp.shaValue, MacAddress.fromNumber(arp.shaValue).toString(), type === PKT_HOST);
    }
  }

  /** arp_send_dst: Ethernet destination `ethDst`, sender = device MAC and `sip`, target `tha`/`tip`. */
  private sendArp(dev: NetDevice, op: number, ethDst: number, sip: number, tha: number, tip: number, sha = dev.macValue): void {
    const frame = Frame.encode(ethDst, dev.macValue, EtherType.ARP, -1, ArpPacket.fromValues(op, sha, sip, tha, tip));
    dev.transmit(frame);
  }

  /** arp_solicit: a probe for `target`, with the source chosen by arp_announce. @internal */
  arpSolicit(ifindex: number, target: number, dstMac: number | null, hint: OutPacket | null): void {
    const dev = this.byIndex.get(ifindex);
    if (dev === undefined) return;
    let saddr = 0;
    const announce = this.conf(dev, 'arp_announce');
    if (hint !== null && announce <= 1) {
      const s = ipv4Source(hint.frame);
      const local = inetOf(dev).addrs.some((a) => a.address === s) || this.local.has(s);
      if (announce === 0 && local) saddr = s;
      if (announce === 1 && local && inetOf(dev).addrs.some((a) => ((target & a.mask) >>> 0) === a.network && ((s & a.mask) >>> 0) === a.network)) saddr = s;
    }
    if (saddr === 0) saddr = this.selectAddr(dev, target);
    this.sendArp(dev, ArpOp.REQUEST, dstMac ?? BROADCAST_MAC, saddr, 0, target);
  }

  /** inet_select_addr(dev, dst, RT_SCOPE_LINK). */
  private selectAddr(dev: NetDevice, dst: number): number {
    let addr = 0;
    for (const a of inetOf(dev).addrs) {
      if (a.secondary || a.scope === 'host') continue;
      if (dst === 0 || ((dst & a.mask) >>> 0) === a.network) return a.address;
      if (addr === 0) addr = a.address;
    }
    if (addr !== 0) return addr;
    for (const d of this.devices()) {
      for (const a of inetOf(d).addrs) if (!a.secondary && a.scope !== 'host') return a.address;
    }
    return 0;
  }

  /** inetdev_send_gratuitous_arp: one request per address, secondaries included, in list order. */
  private gratuitous(dev: NetDevice): void {
    for (const a of inetOf(dev).addrs) this.sendArp(dev, ArpOp.REQUEST, BROADCAST_MAC, a.address, 0, a.address);
  }

  // ---------------------------------------------------------------- IPv4

  private ipRcv(dev: NetDevice, frame: Frame, type: number): void {
    if (type === PKT_OTHERHOST) return dev.drop(frame, 'not-for-us', 'unicast to another MAC');
    const v = (this.view ??= new Ipv4View());
    if (!readIpv4(frame, v)) return dev.drop(frame, 'malformed', v.error);
    if (!v.checksumOk) return dev.drop(frame, 'bad-checksum');
    const dst = v.dst;
    // Frames looped back through `lo` carry their output route: no input route lookup, no martian checks.
    if (dev.kind === 'loopback') return this.localDeliver(dev, frame, v, !this.local.has(dst));
    // ip_route_input_slow: martian destinations and sources are dropped.
    if (dst === 0 || dst >>> 24 === 0 || dst >>> 24 === 127) return dev.drop(frame, 'martian', `destination ${ipStr(dst)}`);
    if (dst === LIMITED_BROADCAST || dst >>> 28 === 0xe) {
      if (!this.validSource(v.src) && v.src !== 0) return dev.drop(frame, 'martian', `source ${ipStr(v.src)}`);
      return this.localDeliver(dev, frame, v, true);
    }
    if (!this.validSource(v.src) || v.src >>> 24 === 127 || this.isBroadcastAddress(v.src)) return dev.drop(frame, 'martian', `source ${ipStr(v.src)}`);
    if (this.local.has(dst)) return this.localDeliver(dev, frame, v, false);
    const rt = this.routing.lookup(dst);
    if (rt !== undefined && rt.type === 'broadcast') return this.localDeliver(dev, frame, v, true);
    if (this.conf(dev, 'forwarding') === 0) return dev.drop(frame, 'not-for-us', `IPv4 to ${ipStr(dst)}, forwarding off`);
    // ip_forward: only what was sent to our MAC is forwarded.
    if (type !== PKT_HOST) return dev.drop(frame, 'not-for-us', `IPv4 to ${ipStr(dst)} in a link-layer ${type === PKT_BROADCAST ? 'broadcast' : 'multicast'}`);
    this.forward(dev, frame, v, rt);
  }

  /** Whether `ip` is the broadcast address of one of our subnets (a broadcast route of the local table). */
  private isBroadcastAddress(ip: number): boolean {
    for (const d of this.byIndex.values()) if (this.isBroadcastOf(d, ip)) return true;
    return false;
  }

  private isBroadcastOf(dev: NetDevice, dst: number): boolean {
    const addrs = inetOf(dev).addrs;
    for (let i = 0; i < addrs.length; i++) if (addrs[i]!.broadcast === dst && addrs[i]!.prefixLength < 31) return true;
    return false;
  }

  private localDeliver(dev: NetDevice, frame: Frame, v: Ipv4View, broadcast: boolean): void {
    if (v.protocol !== IpProtocol.ICMP) return dev.drop(frame, 'unsupported-protocol', `IP protocol ${v.protocol}`);
    if (v.moreFragments || v.fragmentOffset !== 0) return dev.drop(frame, 'unsupported-protocol', 'IP fragment (reassembly is not modelled)');
    if (!readIcmp(frame, v)) return dev.drop(frame, 'malformed', v.error);
    if (!v.icmpChecksumOk) return dev.drop(frame, 'bad-checksum', 'ICMP');
    const type = v.icmpType;
    if (type === IcmpType.ECHO_REQUEST) {
      if (broadcast && this.echoIgnoreBroadcasts !== 0) return;
      // icmp_reply: same identifier, sequence and data, from the address the request was sent to.
      const src = broadcast ? this.selectAddr(dev, v.src) : v.dst;
      this.ipSendIcmp(src, v.src, v.tos, this.ttl, false, IcmpType.ECHO_REPLY, 0, v.icmpRest, frame.bytes, v.payloadOffset + 8, v.payloadLength - 8);
      return;
    }
    const pings = this.pings;
    if (pings === null) return;
    if (type === IcmpType.ECHO_REPLY) {
      const id = v.icmpRest >>> 16;
      for (const p of pings) if (p.id === id) p.onReply(v.icmpRest & 0xffff, v.ttl, v.src, v.payloadLength);
      return;
    }
    if (type === IcmpType.DEST_UNREACHABLE || type === IcmpType.TIME_EXCEEDED) {
      const quoted = readQuotedEcho(frame, v);
      if (quoted < 0) return;
      const id = quoted >>> 16;
      const msg = icmpErrorText(type, v.icmpCode);
      for (const p of pings) if (p.id === id) p.onError(quoted & 0xffff, ipStr(v.src), msg);
    }
  }

  /** ip_forward, after the input route lookup (`rt`): no route first (ip_error), then the TTL. */
  private forward(inDev: NetDevice, frame: Frame, v: Ipv4View, rt: Route | undefined): void {
    const ip = frame.bytes.subarray(v.ipOffset, v.ipOffset + v.totalLength);
    if (rt === undefined || rt.type !== 'unicast') {
      inDev.drop(frame, 'no-route', `to ${ipStr(v.dst)}`);
      this.icmpSend(ip, inDev, IcmpType.DEST_UNREACHABLE, IcmpUnreachableCode.NET);
      return;
    }
    if (v.ttl <= 1) {
      inDev.drop(frame, 'ttl-exceeded');
      this.icmpSend(ip, inDev, IcmpType.TIME_EXCEEDED, 0);
      return;
    }
    const out = this.byIndex.get(rt.dev)!;
    if (v.totalLength > out.mtu) {
      out.drop(frame, 'mtu', `forwarded packet of ${v.totalLength} bytes exceeds ${out.name} MTU ${out.mtu}`);
      if (v.dontFragment) this.icmpSend(ip, inDev, IcmpType.DEST_UNREACHABLE, IcmpUnreachableCode.FRAG_NEEDED, out.mtu);
      return;
    }
    const nexthop = rt.gateway ?? v.dst;
    const mac = this.resolveFast(out, nexthop, v.totalLength);
    if (mac === -2) return;
    if (mac >= 0) out.transmit(forwardIpv4(frame, v, mac, out.macValue));
    else this.queueOrSend(out, nexthop, forwardIpv4(frame, v, 0, out.macValue), inDev);
  }

  /**
   * icmp_send: an ICMP error about the IPv4 packet `ip` to its sender. Never about ICMP errors,
   * broadcasts or fragments. Quotes up to 548 bytes of the original datagram.
   */
  private icmpSend(ip: Uint8Array, _inDev: NetDevice | null, type: number, code: number, mtu = 0): void {
    const r = Ipv4Packet.decode(ip);
    if (!r.ok) return;
    const orig = r.value;
    const dst = orig.srcValue;
    if (dst === 0 || dst === LIMITED_BROADCAST || dst >>> 28 === 0xe) return;
    if (orig.fragmentOffset !== 0) return;
    if (orig.protocol === IpProtocol.ICMP) {
      // Never about an ICMP error (destination unreachable, source quench, redirect, time exceeded,
      // parameter problem) or an unknown type.
      const t = orig.payload[0];
      if (t !== undefined && (t === 3 || t === 4 || t === 5 || t === 11 || t === 12 || t > 18)) return;
    }
    const quote = ip.subarray(0, Math.min(orig.totalLength, ICMP_QUOTE_MAX));
    // The source: the original destination when it was for us; otherwise chosen by the route back
    // to the sender (icmp_errors_use_inbound_ifaddr = 0). For our own packets that route is local,
    // so the error comes "from" the packet's own source address, as ping shows it.
    const src = this.local.has(orig.dstValue) ? orig.dstValue : 0;
    const rest = type === IcmpType.DEST_UNREACHABLE && code === IcmpUnreachableCode.FRAG_NEEDED ? mtu & 0xffff : 0;
    this.ipSendIcmp(src, dst, (orig.tos & 0x1e) | 0xc0, this.ttl, false, type, code, rest, quote, 0, quote.length);
  }

  /** A queued packet's resolution failed (neigh_invalidate → arp_error_report). @internal */
  resolutionFailed(out: OutPacket): void {
    const ip = out.frame.bytes.subarray(out.frame.payloadOffset);
    out.dev.drop(null, 'arp-failed', `no ARP reply for ${ipStr(ipv4Destination(out.frame))}`);
    this.icmpSend(ip, out.inDev, IcmpType.DEST_UNREACHABLE, IcmpUnreachableCode.HOST);
  }

  /**
   * Route and send an ICMP message from this namespace (ip_push_pending_frames): the frame is
   * encoded once, with the next hop's MAC when it is known (the cached-header fast path), or queued
   * in the neighbour table until it resolves. Returns an error text when it cannot be sent (no
   * route, device down, too big), or null.
   */
  private ipSendIcmp(src: number, dst: number, tos: number, ttl: number, df: boolean, type: number, code: number, rest: number, data: Uint8Array, off: number, len: number): string | null {
    const rt = this.routing.lookup(dst);
    if (rt === undefined) return 'Network is unreachable';
    if (rt.type === 'local' || (rt.type === 'broadcast' && this.local.has(dst))) {
      // Local traffic goes through `lo`; while lo is down it is dropped there, counted in lo's
      // tx_dropped, and the sender sees no error (a 6.18 kernel: `ping` of its own address with lo
      // down reports the packets transmitted and lost, lo TX dropped 2).
      const s = src !== 0 ? src : dst;
      this.lo.transmit(encodeIcmpFrame(0, 0, s, dst, ttl, tos, this.world.nextIpId(this.id, s, dst, 1), df, type, code, rest, data, off, len));
      return null;
    }
    const dev = this.byIndex.get(rt.dev)!;
    // fib_result_prefsrc: the route's prefsrc, else inet_select_addr towards the next hop.
    const s = src !== 0 ? src : (rt.prefsrc ?? this.selectAddr(dev, rt.gateway ?? dst));
    const nexthop = rt.type === 'broadcast' || dst === LIMITED_BROADCAST ? LIMITED_BROADCAST : (rt.gateway ?? dst);
    const mac = this.resolveFast(dev, nexthop, 28 + len);
    if (mac === -2) return this.sendError;
    const id = this.world.nextIpId(this.id, s, dst, 1);
    if (mac >= 0) dev.transmit(encodeIcmpFrame(mac, dev.macValue, s, dst, ttl, tos, id, df, type, code, rest, data, off, len));
    else this.queueOrSend(dev, nexthop, encodeIcmpFrame(0, dev.macValue, s, dst, ttl, tos, id, df, type, code, rest, data, off, len), null);
    return null;
  }

  /**
   * The checks of ip_finish_output and the neighbour fast path: the MAC to send to at once
   * (broadcast, or a REACHABLE/PERMANENT/NOARP entry), -1 when the neighbour table must be asked
   * ({@link NetworkNamespace.queueOrSend}), -2 when the packet cannot be sent (`sendError` says why).
   */
  private resolveFast(dev: NetDevice, nexthop: number, ipLength: number): number {
    if (!dev.isUp) {
      // Defensive: routes through a device are removed when it goes down, so this is rare.
      dev.drop(null, 'device-down', `to ${ipStr(nexthop)}`);
      this.sendError = 'Network is down';
      return -2;
    }
    if (ipLength > dev.mtu) {
      dev.drop(null, 'mtu', `packet of ${ipLength} bytes exceeds ${dev.name} MTU ${dev.mtu}`);
      this.sendError = `Message too long, mtu=${dev.mtu}`;
      return -2;
    }
    if (nexthop === LIMITED_BROADCAST || this.isBroadcastOf(dev, nexthop)) return BROADCAST_MAC;
    const mac = this.arp.connectedMac(dev.ifindex, nexthop);
    if (mac >= 0) return mac;
    // STALE, DELAY, PROBE: sent at once with the cached MAC (STALE goes to DELAY).
    const m = this.arp.outputMac(dev.ifindex, nexthop, this.world.loop.now);
    if (m >= 0) this.armArpTimer();
    return m;
  }

  /** neigh_event_send for an entry without a usable MAC: queue the frame (encoded without its destination MAC). */
  private queueOrSend(dev: NetDevice, nexthop: number, template: Frame, inDev: NetDevice | null): void {
    const mac = this.arp.output(dev.ifindex, nexthop, { frame: template, dev, inDev }, this.world.loop.now);
    this.armArpTimer();
    if (mac >= 0) dev.transmit(withDestination(template, mac));
  }

  /** A queued frame whose next hop resolved. @internal */
  sendQueued(out: OutPacket, mac: number): void {
    out.dev.transmit(withDestination(out.frame, mac));
  }

  // ================================================================ ping and arping

  /**
   * Ping an address, as iputils `ping` (raw socket): ICMP echo requests with a timestamp and
   * iputils' data pattern, DF set, one every `interval`.
   *
   * @param ip - the destination
   * @param options - `count`, `interval`, `size`, `timeout`, `ttl`
   * @returns the running ping: `.replies`, `.errors`, `.summary()`
   * @throws L2SimError `invalid-argument` for a malformed address or option; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * const p = sim.namespace('pod1').ping('10.244.0.3', { count: 3 });
   * sim.runFor('10s');
   * console.log(p.summary());
   * ```
   */
  ping(ip: string, options: PingOptions = {}): Ping {
    this.assertAlive();
    const target = Ipv4Address.from(ip);
    const o = pingOptions(options, this.ttl, (d, what) => parseDuration(d as Duration, what));
    // Each run gets its own identifier (iputils uses its process id): drawn from a stream named by
    // the start time, with a counter when several runs start at the same instant.
    const now = this.world.loop.now;
    const starts = this.pingStarts;
    const nth = starts !== null && starts.at === now ? ++starts.n : ((this.pingStarts = { at: now, n: 0 }), 0);
    const used = new Set((this.pings ?? []).map((x) => x.id));
    let id = -1;
    for (let k = nth; id < 0 || used.has(id); k++) id = this.world.rng.fork(`ping-id:${this.name}`).fork(k === 0 ? String(now) : `${now}#${k}`).int(0, 0x10000);
    const p = new Ping(this.hostForPings(), target.toString(), id, o);
    (this.pings ??= []).push(p);
    return p;
  }

  /** A running ping without a count, if any. @internal */
  endlessPing(): Ping | undefined {
    return this.pings?.find((p) => p.count === Infinity && !p.done);
  }

  private hostForPings(): PingHost {
    return (this.pingHost ??= {
      loop: this.world.loop,
      sendEcho: (p, seq) => this.sendEcho(p, seq),
      release: (p) => {
        if (this.pings) this.pings = this.pings.filter((x) => x !== p);
      },
    });
  }

  private hostForArpings(): ArpingHost {
    return (this.arpingHost ??= {
      loop: this.world.loop,
      send: (a, to) => this.sendArping(a, to),
      release: (a) => {
        if (this.arpings) this.arpings = this.arpings.filter((x) => x !== a);
      },
    });
  }

  /** @internal */
  sendEcho(p: Ping, seq: number): string | null {
    const dst = p.targetValue;
    const rt = this.routing.lookup(dst);
    if (rt === undefined) return 'Network is unreachable';
    const dev = rt.type === 'local' ? this.lo : this.byIndex.get(rt.dev)!;
    // fib_result_prefsrc: the route's prefsrc, else inet_select_addr towards the next hop (the
    // gateway for a gateway route, not the final destination).
    const src = rt.type === 'local' ? dst : (rt.prefsrc ?? this.selectAddr(dev, rt.gateway ?? dst));
    if (p.source === '') p.source = ipStr(src);
    const data = p.payload(this.world.loop.now);
    return this.ipSendIcmp(src, dst, 0, p.ttl, true, IcmpType.ECHO_REQUEST, 0, ((p.id << 16) | seq) >>> 0, data, 0, data.length);
  }

  /**
   * Send ARP requests (or gratuitous announcements) as iputils `arping` does.
   *
   * @param ip - the target address
   * @param options - `dev` (`-I`), `count`, `interval`, `source`, `mode` (`'unsolicited'` = `-U`, `'reply'` = `-A`), `broadcastOnly`
   * @returns the running arping: `.replies`, `.summary()`
   * @throws L2SimError `invalid-argument` for a malformed address or option; `not-found` for an
   *   unknown device, or when no device can be chosen (no route to the target); `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * const a = pod1.arping('10.244.0.3', { dev: 'eth0', count: 1 });
   * ```
   */
  arping(ip: string, options: ArpingOptions = {}): Arping {
    this.assertAlive();
    const target = Ipv4Address.from(ip).value;
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid arping options: expected an object', {});
    let dev: NetDevice;
    if (options.dev !== undefined) dev = this.device(options.dev);
    else {
      const rt = this.routing.lookup(target);
      if (rt === undefined || rt.type === 'local') throw new L2SimError('not-found', `arping ${ip}: no device to send on (give options.dev)`, { ip });
      dev = this.byIndex.get(rt.dev)!;
    }
    let source: number;
    if (options.source !== undefined) source = Ipv4Address.from(options.source).value;
    else if (options.mode === 'unsolicited' || options.mode === 'reply') source = target;
    else source = this.selectAddr(dev, target);
    const a = new Arping(this.hostForArpings(), {
      target: ipStr(target),
      targetValue: target,
      dev: dev.name,
      ifindex: dev.ifindex,
      source: ipStr(source),
      sourceValue: source,
      options,
      parse: (d, what) => parseDuration(d as Duration, what),
    });
    (this.arpings ??= []).push(a);
    return a;
  }

  private sendArping(a: Arping, unicastTo: number): void {
    const dev = this.byIndex.get(a.ifindex);
    if (dev === undefined) return;
    if (a.mode === 'reply') this.sendArp(dev, ArpOp.REPLY, BROADCAST_MAC, a.sourceValue, dev.macValue, a.sourceValue);
    else if (a.mode === 'unsolicited') this.sendArp(dev, ArpOp.REQUEST, BROADCAST_MAC, a.sourceValue, BROADCAST_MAC, a.sourceValue);
    else this.sendArp(dev, ArpOp.REQUEST, unicastTo >= 0 ? unicastTo : BROADCAST_MAC, a.sourceValue, unicastTo >= 0 ? unicastTo : BROADCAST_MAC, a.targetValue);
  }

  // ================================================================ neighbours (admin)

  /**
   * `ip neigh add|replace`: an admin neighbour entry (default `permanent`).
   *
   * @param ip - the neighbour's address
   * @param options - `dev`, `lladdr`, `state` (`permanent`, `noarp`, `reachable`, `stale`)
   * @throws L2SimError `invalid-argument` for malformed input; `not-found` for an unknown device; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.addNeighbour('10.244.0.9', { dev: 'eth0', lladdr: '02:00:00:00:00:09' });
   * ```
   */
  addNeighbour(ip: string, options: { dev: string; lladdr?: string; state?: AdminNudState }): void {
    this.assertAlive();
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid neighbour options: expected { dev, lladdr?, state? }', {});
    this.device(options.dev);
    this.arp.add(ip, options, this.world.loop.now);
    this.armArpTimer();
  }

  /**
   * The neighbour entries, newest first, as `ip neigh` lists them.
   *
   * @returns snapshots
   * @throws L2SimError `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod1.ping('10.244.0.3', { count: 1 });
   * sim.runFor('1s');
   * pod1.neighbours().map((n) => `${n.ip} ${n.state}`); // ['10.244.0.3 REACHABLE']
   * ```
   */
  neighbours(): NeighEntrySnapshot[] {
    this.assertAlive();
    return this.arp.entries();
  }

  // ================================================================ views

  /**
   * Snapshots of every device, as `ip -s link` describes them (JSON-ready).
   *
   * @returns one snapshot per device, in ifindex order
   * @throws L2SimError `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * pod.links().map((l) => `${l.name} ${l.operstate}`); // ['lo UNKNOWN', 'eth0 UP']
   * ```
   */
  links(): LinkSnapshot[] {
    this.assertAlive();
    return this.devices().map(linkSnapshot);
  }

  /**
   * Text in iproute2's shape for `'ip link'`, `'ip -s link'`, `'ip addr'`, `'ip route'`,
   * `'ip neigh'`, `'bridge fdb'` or `'bridge link'` (short forms such as `'ip a'` work too).
   * Lines end with a space where iproute2's do.
   *
   * @param view - which view
   * @returns the text, lines joined with `\n`
   * @throws L2SimError `invalid-argument` for an unknown view; `invalid-state` when the namespace was deleted
   * @example
   * ```ts
   * console.log(pod1.show('ip neigh')); // 10.244.0.3 dev eth0 lladdr 3a:8c:95:5e:17:86 REACHABLE
   * ```
   */
  show(view: ViewName | string): string {
    this.assertAlive();
    const v = VIEW_ALIASES[typeof view === 'string' ? view.trim().replace(/\s+/g, ' ') : ''];
    switch (v) {
      case 'ip link':
        return showLinks(this.links(), this.name, false);
      case 'ip -s link':
        return showLinks(this.links(), this.name, true);
      case 'ip addr':
        return showAddresses(this.links(), this.addresses(), this.name);
      case 'ip route':
        return showRoutes(this.routes('main'));
      case 'ip neigh':
        return showNeighbours(this.arp.entries());
      case 'bridge fdb':
        return this.bridgeView('fdb');
      case 'bridge link':
        return this.bridgeView('link');
      default:
        throw new L2SimError('invalid-argument', `unknown view ${JSON.stringify(view)}: expected one of ${[...new Set(Object.values(VIEW_ALIASES))].map((x) => `'${x}'`).join(', ')}`, { view: String(view) });
    }
  }

  private bridgeView(which: 'fdb' | 'link'): string {
    const bridges = this.devices().filter((d): d is LinuxBridge => d instanceof LinuxBridge);
    if (which === 'fdb') return showFdb(bridges.flatMap((b) => b.fdbEntries()));
    return showBridgeLinks(
      bridges.flatMap((b) => b.portSnapshots().map((p) => ({ port: p, link: linkSnapshot(this.byIndex.get(p.ifindex)!), bridge: b.name }))),
      (i) => this.byIndex.get(i),
    );
  }

  // ================================================================ lifetime

  /** Delete the namespace: its veths (and their peers elsewhere) and bridges go with it. @internal */
  destroy(): void {
    if (this.deleted) return;
    for (const d of this.devices()) {
      if (d === this.lo || d.isDeleted) continue;
      try {
        this.deleteDevice(d.name);
      } catch {
        // already gone with its peer
      }
    }
    if (this.pings) for (const p of [...this.pings]) p.stop();
    if (this.arpings) for (const a of [...this.arpings]) a.stop();
    // Every entry goes, PERMANENT and NOARP ones (on lo, say) included: the table is shared.
    for (const d of this.devices()) this.arp.flushDevice(d.ifindex, true, 'namespace deleted');
    this.arp.flush();
    this.arp.detach();
    this.deleted = true;
  }

  /**
   * `namespace name`.
   *
   * @returns e.g. `'namespace pod1'`
   * @example
   * ```ts
   * String(sim.namespace('pod1')); // 'namespace pod1'
   * ```
   */
  toString(): string {
    return `namespace ${this.name}`;
  }
}

function icmpErrorText(type: number, code: number): string {
  if (type === IcmpType.TIME_EXCEEDED) return 'Time to live exceeded';
  switch (code) {
    case 0:
      return 'Destination Net Unreachable';
    case 1:
      return 'Destination Host Unreachable';
    case 2:
      return 'Destination Protocol Unreachable';
    case 3:
      return 'Destination Port Unreachable';
    case 4:
      return 'Frag needed and DF set';
    default:
      return `Dest Unreachable, Bad Code: ${code}`;
  }
}

/**
 * The namespace's side of its ArpTable: one object per namespace with prototype methods (no
 * per-namespace closures: namespaces are many, see docs/performance.md).
 */
class NamespaceArpHooks implements ArpTableHooks<OutPacket> {
  private reachRng: Rng | null = null;
  private streams: Map<number, Rng> | null = null;
  constructor(private readonly ns: NetworkNamespace) {}

  solicit(p: ArpSolicit<OutPacket>): void {
    this.ns.arpSolicit(p.dev, p.target, p.dstMac, p.hint);
  }
  transmit(pkt: OutPacket, _dev: number, mac: number): void {
    this.ns.sendQueued(pkt, mac);
  }
  failed(pkt: OutPacket): void {
    this.ns.resolutionFailed(pkt);
  }
  /**
   * Dropped without an error report: the pending queue overflowed (INCOMPLETE), or no probe may be
   * sent (mcast_solicit = 0: FAILED at once), or the table is full.
   */
  discarded(pkt: OutPacket, dev: number, target: number): void {
    pkt.dev.drop(null, this.ns.arp.stateOf(dev, target) === 'INCOMPLETE' ? 'arp-queue-full' : 'arp-failed', `to ${ipStr(ipv4Destination(pkt.frame))}`);
  }
  deadlineChanged(): void {
    this.ns.armArpTimer();
  }
  changed(c: NeighChange): void {
    const ns = this.ns;
    // A change may arm a timer (also when made through ns.arp directly): keep the loop event in step.
    ns.armArpTimer();
    const tr = ns.world.tracer;
    if (!tr.listening['neigh:state']) return;
    tr.emit({
      kind: 'neigh:state',
      time: ns.world.loop.now,
      ns: ns.name,
      dev: ns.deviceByIndex(c.dev)?.name ?? String(c.dev),
      ip: ipStr(c.ip),
      from: c.from,
      to: c.to,
      // as `ip monitor neigh`: no lladdr for the states without a valid one (INCOMPLETE, FAILED)
      lladdr: c.lladdr >= 0 && (Nud[c.to] & NUD_VALID) !== 0 ? MacAddress.fromNumber(c.lladdr).toString() : null,
      why: c.why,
    });
  }
  params(dev: number): NeighParams {
    return this.ns.neighParams(dev);
  }
  randomInt(dev: number, min: number, max: number): number {
    const streams = (this.streams ??= new Map());
    let r = streams.get(dev);
    if (r === undefined) {
      r = (this.reachRng ??= this.ns.world.rng.fork(`reachable:${this.ns.name}`)).fork(String(dev));
      streams.set(dev, r);
    }
    return r.int(min, max);
  }
  deviceName(dev: number): string {
    return this.ns.deviceByIndex(dev)?.name ?? String(dev);
  }
  deviceIndex(name: string): number | undefined {
    return this.ns.hasDevice(name) ? this.ns.device(name).ifindex : undefined;
  }
}
