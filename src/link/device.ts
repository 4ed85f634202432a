import { L2SimError } from '../errors/index.js';
import type { EventLoop } from '../sim/index.js';
import type { DropReason, FrameTap, Tracer } from '../trace/index.js';
import { type Frame, MacAddress } from '../wire/index.js';

/** What a device needs from the simulation it lives in. Implemented by `Simulator`. */
export interface LinkContext {
  /** The event loop (virtual time and delivery). */
  readonly loop: EventLoop;
  /** The trace bus. */
  readonly tracer: Tracer;
  /**
   * A fresh random MAC for a new device, from the seeded stream of `namespace/name`.
   * @param ns - namespace name
   * @param name - device name
   */
  randomMac(ns: string, name: string): MacAddress;
  /**
   * Called once for every new device (captures of "every device" attach here).
   * @param dev - the new device
   */
  deviceCreated(dev: NetDevice): void;
}

/** The kinds of device state change a device reports to its owner and master. */
export type DeviceEvent = 'up' | 'down' | 'carrier-on' | 'carrier-off' | 'mac' | 'mtu' | 'deleted';

/**
 * The namespace a device lives in, as the link layer sees it. Implemented by `NetworkNamespace`;
 * the link and bridge layers never import the netns layer.
 */
export interface DeviceOwner {
  /** Namespace name. */
  readonly name: string;
  /** The simulation. */
  readonly context: LinkContext;
  /**
   * Throw if `name` cannot be used for a new device here (bad name, taken).
   * @param name - the proposed device name
   */
  checkNewDevice(name: string): void;
  /**
   * The device with this ifindex in the namespace, if any.
   * @param ifindex - interface index
   */
  deviceByIndex(ifindex: number): NetDevice | undefined;
  /**
   * Register a device; returns its ifindex (the preferred one when free).
   * @param dev - the device
   * @param preferredIfindex - keep this ifindex if it is free (moving between namespaces)
   */
  attachDevice(dev: NetDevice, preferredIfindex?: number): number;
  /**
   * Remove a device: its addresses, routes and neighbours go with it.
   * @param dev - the device
   */
  detachDevice(dev: NetDevice): void;
  /**
   * A frame for the host stack (ARP, IPv4) arrived on `dev`.
   * @param dev - the receiving device
   * @param frame - the frame
   * @param local - the frame is addressed to a local MAC (the bridge passes up frames to any
   *   of its ports' MACs as PACKET_HOST)
   */
  receive(dev: NetDevice, frame: Frame, local?: boolean): void;
  /**
   * A device changed state.
   * @param dev - the device
   * @param event - what changed
   */
  deviceEvent(dev: NetDevice, event: DeviceEvent): void;
}

/**
 * What a device enslaved to a master (a bridge port) hands its frames and state changes to:
 * the kernel's `rx_handler`.
 */
export interface RxHandler {
  /** Name of the master device (the bridge). */
  readonly handlerName: string;
  /**
   * A frame arrived on the enslaved device.
   * @param dev - the port device
   * @param frame - the frame
   */
  handleFrame(dev: NetDevice, frame: Frame): void;
  /**
   * The enslaved device changed state.
   * @param dev - the port device
   * @param event - what changed
   */
  portEvent(dev: NetDevice, event: DeviceEvent): void;
}

/** Interface counters as `ip -s link` shows them. */
export interface DeviceStats {
  /** Frames received. */
  readonly rxPackets: number;
  /** Bytes received. */
  readonly rxBytes: number;
  /** Frames dropped on receive. */
  readonly rxDropped: number;
  /** Multicast frames received (veth and bridge devices do not count them: always 0 here, as on Linux). */
  readonly multicast: number;
  /** Frames for which no protocol handler existed. */
  readonly rxNohandler: number;
  /** Frames sent. */
  readonly txPackets: number;
  /** Bytes sent. */
  readonly txBytes: number;
  /** Frames dropped on transmit. */
  readonly txDropped: number;
}

/** RFC 2863 operational state, as `ip link` prints it. */
export type OperState = 'UP' | 'DOWN' | 'LOWERLAYERDOWN' | 'UNKNOWN';

/** The UTF-8 bytes of a string (a lone surrogate counts as U+FFFD, as TextEncoder does). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** A byte the kernel rejects in a name: NUL, '/', ':', or a byte its isspace() accepts (\t..\r, ' ', 0xa0). */
const badNameByte = (b: number): boolean => b === 0 || b === 0x2f || b === 0x3a || (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0;

/**
 * Validate a Linux interface name (`dev_valid_name`): 1 to 15 bytes (IFNAMSIZ − 1, counted in
 * UTF-8, as the kernel sees the name), no `/`, `:` or whitespace, not `.` or `..`.
 *
 * @remarks The checks are on the UTF-8 bytes, like the kernel's: `'ééééééé'` (14 bytes) is valid,
 * `'éééééééé'` (16 bytes) is not, and any character whose encoding holds the byte 0xa0 (such as
 * U+00A0) counts as whitespace, since the kernel's `isspace` accepts that byte.
 *
 * @param name - the proposed name
 * @throws L2SimError `invalid-argument` when the name is not valid
 * @example
 * ```ts
 * validateDeviceName('veth-pod1'); // ok
 * validateDeviceName('a/b');       // throws invalid-argument
 * ```
 */
export function validateDeviceName(name: string): void {
  const bytes = typeof name === 'string' ? utf8(name) : null;
  if (bytes === null || bytes.length === 0 || bytes.length > 15 || bytes.some(badNameByte) || name === '.' || name === '..') {
    throw new L2SimError(
      'invalid-argument',
      `invalid device name ${JSON.stringify(name)}: expected 1 to 15 bytes, no '/', ':' or whitespace, not '.' or '..'`,
      { name: String(name) },
    );
  }
}

/**
 * Validate an MTU against a device's range.
 * @internal
 */
export function validateMtu(mtu: number, dev: string, min = 68, max = 65535): void {
  if (!Number.isInteger(mtu) || mtu < min || mtu > max) {
    throw new L2SimError('invalid-argument', `invalid MTU ${String(mtu)} for ${dev}: expected ${min}..${max}`, { mtu, dev });
  }
}

/**
 * A network device in a namespace: the contract shared by loopback, veth ends and bridges.
 *
 * Every device has an ifindex, a name, a MAC, an MTU, an administrative state (`up()`/`down()`),
 * an operational state (carrier) and `ip -s link` counters. Frames arrive from the link and go to
 * the master (a bridge port) if the device is enslaved, otherwise to the namespace's stack.
 *
 * @example
 * ```ts
 * const eth0 = pod.device('eth0');
 * eth0.up();
 * console.log(eth0.name, String(eth0.mac), eth0.mtu, eth0.operstate);
 * ```
 */
export abstract class NetDevice {
  /** The device kind. */
  abstract readonly kind: 'loopback' | 'veth' | 'bridge';

  /** @internal */ owner: DeviceOwner;
  /** @internal */ ctx: LinkContext;
  /** @internal */ _name: string;
  /** @internal */ _ifindex = 0;
  /** The MAC as a 48-bit number. @internal */ macValue: number;
  /** @internal */ _mtu: number;
  /** The largest MTU `setMtu` accepts (the device's max_mtu). @internal */ maxMtu = 65535;
  /** @internal */ adminUp = false;
  /** @internal */ carrier = false;
  /** @internal */ deleted = false;
  /** Whether the MAC was set by the user (NET_ADDR_SET) rather than generated. @internal */ macSet = false;
  /** The master's receive handler when enslaved (a bridge port). @internal */ master: RxHandler | null = null;
  /** Frame taps of active captures, or null. @internal */ taps: FrameTap[] | null = null;
  /** Opaque per-device state of the namespace stack (IPv4 config). @internal */ inet: unknown = null;

  /** @internal */ rxPackets = 0;
  /** @internal */ rxBytes = 0;
  /** @internal */ rxDropped = 0;
  /** @internal */ rxMulticast = 0;
  /** @internal */ rxNohandler = 0;
  /** @internal */ txPackets = 0;
  /** @internal */ txBytes = 0;
  /** @internal */ txDropped = 0;
  /** Bytes of each received frame not counted in rx_bytes (14 on `lo`). @internal */ rxHeaderBytes = 0;

  /** @internal */
  protected constructor(owner: DeviceOwner, name: string, mac: number, mtu: number) {
    this.owner = owner;
    this.ctx = owner.context;
    this._name = name;
    this.macValue = mac;
    this._mtu = mtu;
  }

  /** Device name, unique within its namespace. */
  get name(): string {
    return this._name;
  }
  /** Interface index, unique within its namespace. */
  get ifindex(): number {
    return this._ifindex;
  }
  /** Hardware address. */
  get mac(): MacAddress {
    return MacAddress.fromNumber(this.macValue);
  }
  /** MTU in bytes (the largest payload after the 14-byte Ethernet header). */
  get mtu(): number {
    return this._mtu;
  }
  /** Name of the namespace the device is in. */
  get namespaceName(): string {
    return this.owner.name;
  }
  /** Administratively up (`ip link set … up`). */
  get isUp(): boolean {
    return this.adminUp;
  }
  /** Carrier (LOWER_UP). */
  get hasCarrier(): boolean {
    return this.carrier;
  }
  /** Up and with carrier: able to pass frames (`netif_running && netif_oper_up`). */
  get isRunning(): boolean {
    return this.adminUp && this.carrier && !this.deleted;
  }
  /** Whether the device was deleted. */
  get isDeleted(): boolean {
    return this.deleted;
  }
  /** The master device's name when enslaved (a bridge), otherwise `null`. */
  get masterName(): string | null {
    return this.master === null ? null : this.master.handlerName;
  }
  /** RFC 2863 operational state as `ip link` prints it. */
  abstract get operstate(): OperState;

  /** A snapshot of the counters. */
  get stats(): DeviceStats {
    return {
      rxPackets: this.rxPackets,
      rxBytes: this.rxBytes,
      rxDropped: this.rxDropped,
      multicast: this.rxMulticast,
      rxNohandler: this.rxNohandler,
      txPackets: this.txPackets,
      txBytes: this.txBytes,
      txDropped: this.txDropped,
    };
  }

  /**
   * Bring the device administratively up (`ip link set DEV up`).
   *
   * @throws L2SimError `invalid-state` when the device was deleted
   * @example
   * ```ts
   * const eth0 = pod.device('eth0');
   * eth0.up();
   * eth0.operstate; // 'UP' once its veth peer is up too
   * ```
   */
  abstract up(): void;

  /**
   * Bring the device administratively down (`ip link set DEV down`).
   *
   * @throws L2SimError `invalid-state` when the device was deleted
   * @example
   * ```ts
   * pod.device('eth0').down(); // its routes go, and its veth peer loses carrier
   * ```
   */
  abstract down(): void;

  /**
   * Send a frame from this device onto its link. The namespace stack and the bridge call this.
   * Returns `false` when the frame was dropped (the drop is counted and traced).
   *
   * @param frame - the frame
   * @returns whether the frame left the device
   * @example
   * ```ts
   * const eth0 = pod.device('eth0');
   * const arp = ArpPacket.request({ sha: eth0.mac, spa: '10.244.0.2', tpa: '10.244.0.3' });
   * eth0.transmit(Frame.build({ dst: MacAddress.BROADCAST, src: eth0.mac, etherType: EtherType.ARP }, arp)); // true
   * ```
   */
  abstract transmit(frame: Frame): boolean;

  /**
   * Set the MAC address (`ip link set DEV address MAC`). The address must be a valid unicast
   * address; the neighbour entries of the device are flushed, as the kernel does.
   *
   * @param mac - the new address
   * @throws L2SimError `invalid-argument` for a malformed, multicast or zero address;
   *   `invalid-state` when the device was deleted
   * @example
   * ```ts
   * pod.device('eth0').setMac('02:42:0a:f4:00:02');
   * ```
   */
  setMac(mac: MacAddress | string): void {
    this.assertAlive();
    const m = MacAddress.from(mac);
    if (!m.isValidUnicast) {
      throw new L2SimError('invalid-argument', `invalid MAC address ${String(m)} for ${this._name}: a device needs a unicast, non-zero address`, {
        mac: String(m),
      });
    }
    this.applyMac(m.value);
  }

  /** @internal */
  protected applyMac(value: number): void {
    this.macSet = true;
    if (value === this.macValue) return;
    this.macValue = value;
    this.notify('mac');
  }

  /**
   * Set the MTU (`ip link set DEV mtu N`).
   *
   * @param mtu - 68..65535 (`lo`: 68 and up)
   * @throws L2SimError `invalid-argument` when out of range; `invalid-state` when deleted
   * @example
   * ```ts
   * pod.device('eth0').setMtu(1450);
   * ```
   */
  setMtu(mtu: number): void {
    this.assertAlive();
    validateMtu(mtu, this._name, 68, this.maxMtu);
    if (mtu === this._mtu) return;
    this._mtu = mtu;
    this.notify('mtu');
  }

  /** @internal */
  assertAlive(): void {
    if (this.deleted) throw new L2SimError('invalid-state', `device ${this._name} was deleted`, { dev: this._name });
  }

  /** Tell the owner and the master about a state change, and trace it. @internal */
  notify(event: DeviceEvent): void {
    if (event === 'up' || event === 'down' || event === 'carrier-on' || event === 'carrier-off') this.traceLink();
    this.owner.deviceEvent(this, event);
    if (this.master !== null) this.master.portEvent(this, event);
  }

  /** The last link state traced, to report each change once. @internal */
  private lastLink = '';

  /** @internal */
  traceLink(): void {
    const tr = this.ctx.tracer;
    const key = `${this.adminUp}/${this.carrier}/${this.operstate}`;
    if (key === this.lastLink) return;
    this.lastLink = key;
    if (tr.listening['link:state']) {
      tr.emit({ kind: 'link:state', time: this.ctx.loop.now, ns: this.owner.name, dev: this._name, adminUp: this.adminUp, carrier: this.carrier, operstate: this.operstate });
    }
  }

  /** Count and trace a drop at this device. @internal */
  drop(frame: Frame | null, reason: DropReason, detail?: string): void {
    const tr = this.ctx.tracer;
    if (tr.listening['frame:drop']) {
      tr.emit({ kind: 'frame:drop', time: this.ctx.loop.now, ns: this.owner.name, dev: this._name, frame, reason, ...(detail === undefined ? {} : { detail }) });
    }
  }

  /** Record an outgoing frame in taps and the trace. @internal */
  tapOut(frame: Frame): void {
    const taps = this.taps;
    if (taps !== null) for (let i = 0; i < taps.length; i++) taps[i]!.record(this.ctx.loop.now, frame, 'out');
    const tr = this.ctx.tracer;
    if (tr.listening['frame:tx']) tr.emit({ kind: 'frame:tx', time: this.ctx.loop.now, ns: this.owner.name, dev: this._name, frame });
  }

  /** Record an incoming frame in taps and the trace. @internal */
  tapIn(frame: Frame): void {
    const taps = this.taps;
    if (taps !== null) for (let i = 0; i < taps.length; i++) taps[i]!.record(this.ctx.loop.now, frame, 'in');
    const tr = this.ctx.tracer;
    if (tr.listening['frame:rx']) tr.emit({ kind: 'frame:rx', time: this.ctx.loop.now, ns: this.owner.name, dev: this._name, frame });
  }

  /** Attach a capture tap, unless it declines (its capture already taps this device, or has stopped). @internal */
  addTap(tap: FrameTap): void {
    if (tap.attached !== undefined && !tap.attached(this)) return;
    this.taps = this.taps === null ? [tap] : [...this.taps, tap];
  }

  /** Detach a capture tap; with none left, the per-frame tap path is skipped again. @internal */
  removeTap(tap: FrameTap): void {
    const taps = this.taps;
    if (taps === null) return;
    const rest = taps.filter((t) => t !== tap);
    this.taps = rest.length === 0 ? null : rest;
  }

  /**
   * A frame arrives from the link: count it, show it to taps, then hand it to the master (bridge
   * port) or to the namespace stack. @internal
   */
  receiveFromLink(frame: Frame): void {
    if (this.deleted) {
      this.drop(frame, 'device-deleted');
      return;
    }
    if (!this.adminUp) {
      this.rxDropped++;
      this.drop(frame, 'device-down');
      return;
    }
    this.rxPackets++;
    this.rxBytes += frame.bytes.length - this.rxHeaderBytes;
    if (this.taps !== null || this.ctx.tracer.listening['frame:rx']) this.tapIn(frame);
    const m = this.master;
    if (m !== null) m.handleFrame(this, frame);
    else this.owner.receive(this, frame);
  }

  /**
   * Compact description for messages: `namespace/device`.
   *
   * @returns e.g. `'pod1/eth0'`
   * @example
   * ```ts
   * String(pod.device('eth0')); // 'pod1/eth0'
   * ```
   */
  toString(): string {
    return `${this.owner.name}/${this._name}`;
  }
}
