import { L2SimError } from '../errors/index.js';
import { type Duration, parseDuration } from '../sim/index.js';
import { type Frame, MacAddress } from '../wire/index.js';
import { type DeviceOwner, NetDevice, type OperState, validateDeviceName, validateMtu } from './device.js';

/** One end of a veth pair, as given to the `VethPair` constructor. */
export interface VethEndSpec {
  /** The namespace the end lives in. */
  readonly ns: DeviceOwner;
  /** Its device name. */
  readonly name: string;
  /** A MAC address (default: random, unicast, locally administered, from the seeded stream). */
  readonly mac?: MacAddress | string;
  /** MTU (default 1500). */
  readonly mtu?: number;
}

/** Link options of a veth pair (beyond Linux, which has neither). */
export interface VethOptions {
  /** One-way delivery latency (default 0: a zero-delay FIFO event, as `netif_rx`). */
  readonly latency?: Duration;
  /**
   * Serialisation rate in bits per second, e.g. `10e9` (default: none). When set, each end sends
   * one frame at a time and a frame of L bytes occupies the sender for 8·L/rate seconds.
   */
  readonly rate?: number;
}

const ETH_HLEN_VLAN = 18; // hard_header_len (14) + VLAN_HLEN (4): __is_skb_forwardable

/**
 * One end of a veth pair. Frames sent on one end arrive on the other, through the event loop
 * (a zero-delay FIFO event by default), never by a recursive call.
 *
 * @example
 * ```ts
 * const veth = new VethPair({ ns: node, name: 'veth-pod1' }, { ns: pod, name: 'eth0' });
 * veth.a.peer === veth.b; // true
 * ```
 */
export class VethEnd extends NetDevice {
  /** `'veth'` */
  readonly kind = 'veth' as const;
  /** @internal */ _peer: VethEnd | null = null;
  /** @internal */ pair: VethPair;
  /** Operstate without carrier, fixed when carrier was lost (linkwatch's default_operstate). @internal */
  noCarrierState: OperState = 'DOWN';
  private busyUntil = 0;
  private readonly deliverToPeer: (f: Frame) => void;

  /** @internal */
  constructor(owner: DeviceOwner, name: string, mac: number, mtu: number, pair: VethPair) {
    super(owner, name, mac, mtu);
    this.pair = pair;
    // The other end of the pair, even once the pair was deleted (`_peer` is then null): a frame
    // still in flight reaches it and is dropped there as `device-deleted`, visibly.
    this.deliverToPeer = (f: Frame) => (this.pair.a === this ? this.pair.b : this.pair.a).arrive(f);
  }

  /** The other end, or `null` once the pair was deleted. */
  get peer(): VethEnd | null {
    return this._peer;
  }

  /**
   * `UP` with carrier; `DOWN` when admin down. Up without carrier, the kernel's
   * `default_operstate` looks up the peer's ifindex *in this end's namespace*: `LOWERLAYERDOWN`
   * if a device with that index exists there without carrier, `DOWN` otherwise. Like linkwatch,
   * this is decided when the carrier is lost (or the end comes up without it).
   */
  get operstate(): OperState {
    if (!this.adminUp || this.deleted) return 'DOWN';
    if (this.carrier) return 'UP';
    return this.noCarrierState;
  }

  /** @internal */
  fixNoCarrierState(): void {
    const p = this._peer;
    const other = p === null ? undefined : this.owner.deviceByIndex(p.ifindex);
    this.noCarrierState = other !== undefined && !other.hasCarrier ? 'LOWERLAYERDOWN' : 'DOWN';
  }

  up(): void {
    this.assertAlive();
    if (this.adminUp) return;
    const peer = this._peer;
    if (peer === null) throw new L2SimError('invalid-state', `cannot bring ${this._name} up: its veth peer is gone (ENOTCONN)`, { dev: this._name });
    this.adminUp = true;
    if (peer.adminUp) {
      this.carrier = true;
      peer.carrier = true;
      this.notify('up');
      this.notify('carrier-on');
      peer.notify('carrier-on');
    } else {
      this.fixNoCarrierState();
      this.notify('up');
    }
  }

  down(): void {
    this.assertAlive();
    if (!this.adminUp) return;
    const peer = this._peer;
    const hadCarrier = this.carrier;
    this.adminUp = false;
    this.carrier = false;
    if (hadCarrier) this.notify('carrier-off');
    this.notify('down');
    if (peer !== null && peer.carrier) {
      peer.carrier = false;
      peer.fixNoCarrierState();
      peer.notify('carrier-off');
    }
  }

  /**
   * veth_xmit: hand the frame to the peer. Dropped when this end is down (traced, not counted),
   * when there is no carrier (the peer is down: the noop qdisc drops it; this end's tx_dropped), or
   * when the frame is longer than the peer's MTU allows (the peer's rx_dropped and this end's
   * tx_dropped).
   *
   * @param frame - the frame
   * @returns whether the frame left this end (it then arrives on the peer through the event loop)
   * @example
   * ```ts
   * veth.up();
   * const arp = ArpPacket.request({ sha: veth.b.mac, spa: '10.244.0.2', tpa: '10.244.0.1' });
   * veth.b.transmit(Frame.build({ dst: MacAddress.BROADCAST, src: veth.b.mac, etherType: EtherType.ARP }, arp)); // true
   * ```
   */
  transmit(frame: Frame): boolean {
    if (!this.adminUp || this.deleted) {
      this.drop(frame, 'device-down');
      return false;
    }
    const peer = this._peer;
    if (!this.carrier || peer === null) {
      this.txDropped++;
      this.drop(frame, 'peer-down');
      return false;
    }
    if (this.taps !== null || this.ctx.tracer.listening['frame:tx']) this.tapOut(frame);
    const len = frame.bytes.length;
    if (len > peer._mtu + ETH_HLEN_VLAN) {
      this.txDropped++;
      peer.rxDropped++;
      this.drop(frame, 'mtu', `length ${len} exceeds ${peer._name} MTU ${peer._mtu}`);
      return false;
    }
    this.txPackets++;
    this.txBytes += len;
    const loop = this.ctx.loop;
    const pair = this.pair;
    if (pair.rate === 0) {
      loop.post(pair.latency, this.deliverToPeer, frame);
    } else {
      const start = this.busyUntil > loop.now ? this.busyUntil : loop.now;
      const done = start + Math.ceil((len * 8e9) / pair.rate);
      this.busyUntil = done;
      loop.post(done - loop.now + pair.latency, this.deliverToPeer, frame);
    }
    return true;
  }

  /** The frame reaches this end (after the link delay). */
  private arrive(frame: Frame): void {
    this.receiveFromLink(frame);
  }
}

/**
 * A veth pair: two connected virtual Ethernet devices, each in its own namespace (or both in one).
 *
 * Behaviour follows the kernel (reference §2): both ends start down; carrier only when both are
 * up; frames to a down peer are dropped and counted; each end's MTU is its own and oversize
 * frames are dropped; deleting one end deletes both; MACs come from the seeded generator.
 * Like `ip link add A type veth peer name B`, the peer (`b`) is created first and gets its
 * ifindex first.
 *
 * @example
 * ```ts
 * const veth = new VethPair({ ns: node, name: 'veth-pod1' }, { ns: pod1, name: 'eth0' });
 * cni0.addPort(veth.a);
 * veth.up(); // both ends
 * ```
 */
export class VethPair {
  /** The first end. */
  readonly a: VethEnd;
  /** The second end (the kernel's "peer", created first). */
  readonly b: VethEnd;
  /** One-way latency in nanoseconds. @internal */
  readonly latency: number;
  /** Serialisation rate in bits per second (0 = none). @internal */
  readonly rate: number;

  /**
   * Create a veth pair. Nothing changes if any argument is invalid.
   *
   * @param a - the first end: namespace, name, optional MAC and MTU
   * @param b - the second end (the peer)
   * @param options - link latency and rate (beyond Linux)
   * @throws L2SimError `invalid-argument` for a bad name, MAC, MTU, latency or rate;
   *   `already-exists` when a name is taken in its namespace (or both ends share a namespace and a name)
   */
  constructor(a: VethEndSpec, b: VethEndSpec, options: VethOptions = {}) {
    const isOwner = (ns: unknown): boolean => ns !== null && typeof ns === 'object' && typeof (ns as DeviceOwner).checkNewDevice === 'function' && typeof (ns as DeviceOwner).attachDevice === 'function';
    if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object' || !isOwner(a.ns) || !isOwner(b.ns)) {
      throw new L2SimError('invalid-argument', 'invalid veth ends: expected { ns, name } for each end, ns a namespace', {});
    }
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid veth options: expected { latency?, rate? }', {});
    validateDeviceName(a.name);
    validateDeviceName(b.name);
    if (a.ns === b.ns && a.name === b.name) {
      throw new L2SimError('already-exists', `cannot create veth pair: both ends are named ${a.name} in namespace ${a.ns.name}`, { name: a.name });
    }
    a.ns.checkNewDevice(a.name);
    b.ns.checkNewDevice(b.name);
    const macA = a.mac === undefined ? undefined : checkedMac(a.mac, a.name).value;
    const macB = b.mac === undefined ? undefined : checkedMac(b.mac, b.name).value;
    const mtuA = a.mtu ?? 1500;
    const mtuB = b.mtu ?? 1500;
    validateMtu(mtuA, a.name);
    validateMtu(mtuB, b.name);
    this.latency = options.latency === undefined ? 0 : parseDuration(options.latency, 'veth latency');
    const rate = options.rate ?? 0;
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new L2SimError('invalid-argument', `invalid veth rate ${String(rate)}: expected bits per second, a positive number`, { rate });
    }
    this.rate = rate;
    // Peer first, as veth_newlink registers it first.
    const ctxB = b.ns.context;
    const ctxA = a.ns.context;
    this.b = new VethEnd(b.ns, b.name, macB ?? ctxB.randomMac(b.ns.name, b.name).value, mtuB, this);
    this.a = new VethEnd(a.ns, a.name, macA ?? ctxA.randomMac(a.ns.name, a.name).value, mtuA, this);
    if (macB !== undefined) this.b.macSet = true;
    if (macA !== undefined) this.a.macSet = true;
    this.a._peer = this.b;
    this.b._peer = this.a;
    this.b._ifindex = b.ns.attachDevice(this.b);
    this.a._ifindex = a.ns.attachDevice(this.a);
    ctxB.deviceCreated(this.b);
    ctxA.deviceCreated(this.a);
  }

  /**
   * Bring both ends up (`b` first, then `a`).
   *
   * @throws L2SimError `invalid-state` when the pair was deleted
   * @example
   * ```ts
   * veth.up();
   * veth.a.hasCarrier; // true
   * ```
   */
  up(): void {
    this.b.up();
    this.a.up();
  }

  /**
   * Bring both ends down (`a` first, then `b`).
   *
   * @throws L2SimError `invalid-state` when the pair was deleted
   * @example
   * ```ts
   * veth.down();
   * veth.b.operstate; // 'DOWN'
   * ```
   */
  down(): void {
    this.a.down();
    this.b.down();
  }

  /** Whether the pair was deleted. */
  get isDeleted(): boolean {
    return this.a.deleted;
  }

  /**
   * Delete the pair (deleting either end deletes both, as `veth_dellink` does): both ends go down,
   * leave their bridges and namespaces, and lose their addresses, routes and neighbours.
   *
   * @throws L2SimError `invalid-state` when already deleted
   * @example
   * ```ts
   * veth.delete();
   * node.hasDevice('veth-pod1'); // false
   * ```
   */
  delete(): void {
    if (this.a.deleted) throw new L2SimError('invalid-state', `veth pair ${this.a.name}/${this.b.name} was already deleted`, {});
    for (const end of [this.a, this.b]) {
      end.adminUp = false;
      end.carrier = false;
    }
    for (const end of [this.a, this.b]) {
      end.deleted = true;
      end.notify('deleted');
      end.owner.detachDevice(end);
    }
    this.a._peer = null;
    this.b._peer = null;
  }
}

function checkedMac(mac: MacAddress | string, name: string): MacAddress {
  const m = MacAddress.from(mac);
  if (!m.isValidUnicast) {
    throw new L2SimError('invalid-argument', `invalid MAC address ${String(m)} for ${name}: a device needs a unicast, non-zero address`, { mac: String(m) });
  }
  return m;
}
