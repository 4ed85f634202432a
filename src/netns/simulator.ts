import { L2SimError } from '../errors/index.js';
import type { NetDevice } from '../link/index.js';
import type { NeighGcShared } from '../neigh/index.js';
import { EventLoop, Rng, type RunOptions, type RunResult, type Seed } from '../sim/index.js';
import { Capture, type CaptureOptions, type RecorderOptions, type TraceEvent, type TraceKind, type TraceListener, Tracer, TraceRecorder } from '../trace/index.js';
import { MacAddress } from '../wire/index.js';
import { NetworkNamespace } from './namespace.js';

/** Options of a {@link Simulator}. */
export interface SimulatorOptions {
  /** The seed of every random stream (default 0). The same seed gives the same run. */
  readonly seed?: Seed;
}

const NS_NAME_BAD = /[/\s]/;
const IP_IDENTS = 2048;

/**
 * The world: the virtual clock and event loop, the seeded random streams, the namespaces, the
 * trace bus and captures.
 *
 * @example
 * ```ts
 * const sim = new Simulator({ seed: 1 });
 * const node = sim.namespace('node');
 * const cni0 = new LinuxBridge(node, 'cni0');
 * sim.runFor('10s');
 * ```
 */
export class Simulator extends EventLoop {
  /** The seed. */
  readonly seed: Seed;
  /** The root random generator; components fork named streams from it. */
  readonly rng: Rng;
  /** The trace bus (use {@link Simulator.on}). */
  readonly tracer: Tracer;
  /** @internal */ readonly neighGc: NeighGcShared = { entries: 0, thresh1: 128, thresh2: 512, thresh3: 1024, lastFlush: -Infinity };
  private readonly spaces = new Map<string, NetworkNamespace>();
  private nextNsId = 1;
  private readonly macStreams = new Map<string, number>();
  private readonly macRng: Rng;
  private ipIdents: Uint16Array | null = null;
  private readonly globalCaptures: { capture: Capture }[] = [];

  /**
   * @param options - `seed`
   * @throws L2SimError `invalid-argument` for a seed that is not a safe integer or a string
   */
  constructor(options: SimulatorOptions = {}) {
    super();
    if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'invalid Simulator options: expected { seed? }', {});
    this.seed = options.seed ?? 0;
    this.rng = new Rng(this.seed);
    this.macRng = this.rng.fork('mac');
    this.tracer = new Tracer();
  }

  /** The event loop (this object). @internal */
  get loop(): EventLoop {
    return this;
  }

  /**
   * The namespace of that name, created on first use (holding only `lo`, down).
   *
   * @param name - namespace name: non-empty, no `/` or whitespace, not `.` or `..`
   * @returns the namespace
   * @throws L2SimError `invalid-argument` for a bad name
   * @example
   * ```ts
   * const pod1 = sim.namespace('pod1');
   * ```
   */
  namespace(name: string): NetworkNamespace {
    let ns = this.spaces.get(name);
    if (ns !== undefined) return ns;
    if (typeof name !== 'string' || name.length === 0 || name.length > 255 || NS_NAME_BAD.test(name) || name === '.' || name === '..') {
      throw new L2SimError('invalid-argument', `invalid namespace name ${JSON.stringify(name)}: expected a non-empty name without '/' or whitespace`, { name: String(name) });
    }
    ns = new NetworkNamespace(this, name, this.nextNsId++);
    this.spaces.set(name, ns);
    return ns;
  }

  /**
   * Whether a namespace of that name exists.
   *
   * @param name - namespace name
   * @returns whether it exists
   * @example
   * ```ts
   * sim.hasNamespace('pod1'); // true
   * sim.hasNamespace('pod9'); // false
   * ```
   */
  hasNamespace(name: string): boolean {
    return this.spaces.has(name);
  }

  /**
   * Every namespace, in creation order.
   *
   * @returns the namespaces
   * @example
   * ```ts
   * sim.namespaces().map((ns) => ns.name); // ['node', 'pod1', 'pod2']
   * ```
   */
  namespaces(): NetworkNamespace[] {
    return [...this.spaces.values()];
  }

  /**
   * Delete a namespace (`ip netns del`): its veths go, and with them their peers in other
   * namespaces; its bridges release their ports.
   *
   * @param name - namespace name
   * @throws L2SimError `not-found` when there is no such namespace
   * @example
   * ```ts
   * sim.deleteNamespace('pod2');
   * node.hasDevice('veth-pod2'); // false: pod2's eth0 took its peer along
   * ```
   */
  deleteNamespace(name: string): void {
    const ns = this.spaces.get(name);
    if (ns === undefined) throw new L2SimError('not-found', `no namespace ${JSON.stringify(name)}`, { name: String(name) });
    ns.destroy();
    this.spaces.delete(name);
  }

  /**
   * Run until no event is left, as {@link EventLoop.runUntilIdle}; first refuses a run that could
   * never end because a ping without a count is running.
   *
   * @param options - `maxEvents` bound
   * @returns what ran and why the run stopped
   * @throws L2SimError `invalid-state` when an endless ping is running (give it a `count`, `stop()`
   *   it, or use `runFor`); `event-limit` when the default bound is reached; `event-failed` when an
   *   event threw
   * @example
   * ```ts
   * pod.ping('10.244.0.3', { count: 3 });
   * sim.runUntilIdle();
   * ```
   */
  override runUntilIdle(options: RunOptions = {}): RunResult {
    this.checkMax(options);
    if (options.maxEvents === undefined) {
      for (const ns of this.spaces.values()) {
        const p = ns.endlessPing();
        if (p !== undefined) {
          throw new L2SimError('invalid-state', `runUntilIdle would never return: ping ${p.target} in ${ns.name} has no count and runs until stopped; give it a count, stop() it, or use runFor`, { ns: ns.name, target: p.target });
        }
      }
    }
    return super.runUntilIdle(options);
  }

  /** @internal */
  namespaceDeleted(name: string): void {
    this.spaces.delete(name);
  }

  /**
   * Capture every frame a device sends or receives from now on (every device, present and
   * future, when none is named).
   *
   * @param device - the device to capture (a veth end, a pod's `eth0`, a bridge), or none for all
   * @param options - `limit`: stop after this many frames
   * @returns the capture; `.pcap()` and `.pcapng()` give file bytes
   * @throws L2SimError `invalid-argument` for something that is not a device of this simulation,
   *   `invalid-state` for a deleted device
   * @example
   * ```ts
   * const cap = sim.capture(cni0);
   * sim.runFor('1s');
   * writeFileSync('cni0.pcapng', cap.pcapng());
   * ```
   */
  capture(device?: NetDevice | readonly NetDevice[], options: CaptureOptions = {}): Capture {
    const cap = new Capture(options);
    const list = device === undefined ? undefined : Array.isArray(device) ? (device as readonly NetDevice[]) : [device as NetDevice];
    if (list !== undefined) {
      for (const d of list) {
        if (d === null || typeof d !== 'object' || typeof (d as NetDevice).addTap !== 'function' || (d as NetDevice).ctx !== this) {
          throw new L2SimError('invalid-argument', 'sim.capture(device): expected a device of this simulation', {});
        }
        d.assertAlive();
      }
      for (const d of list) d.addTap(cap.tap(`${d.namespaceName}/${d.name}`));
    } else {
      for (const ns of this.spaces.values()) for (const d of ns.devices()) d.addTap(cap.tap(`${ns.name}/${d.name}`));
      this.globalCaptures.push({ capture: cap });
    }
    return cap;
  }

  /**
   * Listen to trace events of one kind (or `'*'` for all): `'frame:tx'`, `'frame:rx'`,
   * `'frame:drop'`, `'fdb:learn'`, `'fdb:move'`, `'fdb:age'`, `'fdb:flush'`, `'neigh:state'`,
   * `'link:state'`, `'port:state'`. Listening never changes the simulation.
   *
   * @param kind - the kind
   * @param fn - the listener
   * @returns a function that unsubscribes
   * @throws L2SimError `invalid-argument` for an unknown kind
   * @example
   * ```ts
   * const off = sim.on('frame:drop', (e) => console.log(e.dev, e.reason));
   * ```
   */
  on<K extends TraceKind>(kind: K, fn: TraceListener<K>): () => void;
  on(kind: '*', fn: (e: TraceEvent) => void): () => void;
  on(kind: TraceKind | '*', fn: (e: never) => void): () => void {
    return this.tracer.on(kind as TraceKind, fn as (e: TraceEvent) => void);
  }

  /**
   * Record trace events from now on, to read the run top to bottom (`.text()`), or to draw a
   * sequence diagram.
   *
   * @param options - `kinds` to record (default all) and a `filter`
   * @returns the recorder
   * @throws L2SimError `invalid-argument` for an unknown kind
   * @example
   * ```ts
   * const rec = sim.record({ kinds: ['frame:rx', 'fdb:learn', 'neigh:state'] });
   * sim.runFor('1s');
   * console.log(rec.text());
   * ```
   */
  record(options: RecorderOptions = {}): TraceRecorder {
    return new TraceRecorder(this.tracer, options);
  }

  /** @internal */
  randomMac(ns: string, name: string): MacAddress {
    const label = `${ns}/${name}`;
    const gen = (this.macStreams.get(label) ?? 0) + 1;
    this.macStreams.set(label, gen);
    return MacAddress.random(this.macRng.fork(gen === 1 ? label : `${label}#${gen}`));
  }

  /** @internal */
  deviceCreated(dev: NetDevice): void {
    for (const g of this.globalCaptures) if (g.capture.recording) dev.addTap(g.capture.tap(`${dev.namespaceName}/${dev.name}`));
  }

  /** @internal */
  nextIpId(nsId: number, src: number, dst: number, proto: number): number {
    let t = this.ipIdents;
    if (t === null) {
      t = new Uint16Array(IP_IDENTS);
      const r = this.rng.fork('ip-id');
      for (let i = 0; i < IP_IDENTS; i++) t[i] = r.uint32() & 0xffff;
      this.ipIdents = t;
    }
    let h = Math.imul(dst ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(src, 0xc2b2ae35) ^ Math.imul(proto + nsId * 256, 0x27d4eb2f);
    h ^= h >>> 15;
    const i = h & (IP_IDENTS - 1);
    const id = t[i]!;
    t[i] = (id + 1) & 0xffff;
    return id;
  }
}
