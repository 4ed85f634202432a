import { formatTime } from '../sim/index.js';
import { ArpPacket, EtherType, type Frame, IcmpMessage, IcmpType, Ipv4Address, Ipv4Packet } from '../wire/index.js';
import { L2SimError } from '../errors/index.js';
import { TRACE_KINDS, type TraceEvent, type TraceKind } from './events.js';
import type { Tracer } from './tracer.js';

/** Options of the text formatters. */
export interface FormatOptions {
  /** Decimals of the timestamp (default 6, as tcpdump). */
  readonly digits?: number;
  /** Print the link-level header too (`-e`): MACs and EtherType. Default false. */
  readonly linkLevel?: boolean;
  /** Print `In`/`Out` after the device for frame events (tcpdump `-i any` style). Default false. */
  readonly direction?: boolean;
}

const ETHERTYPE_NAMES: Readonly<Record<number, string>> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x8100: '802.1Q', 0x88a8: '802.1Q-QinQ' };

function icmpText(m: IcmpMessage): string {
  switch (m.type) {
    case IcmpType.ECHO_REQUEST:
      return `ICMP echo request, id ${m.identifier}, seq ${m.sequence}, length ${m.byteLength}`;
    case IcmpType.ECHO_REPLY:
      return `ICMP echo reply, id ${m.identifier}, seq ${m.sequence}, length ${m.byteLength}`;
    case IcmpType.DEST_UNREACHABLE: {
      const q = m.data.length >= 20 ? Ipv4Address.fromNumber(((m.data[16]! << 24) | (m.data[17]! << 16) | (m.data[18]! << 8) | m.data[19]!) >>> 0) : null;
      const what = m.code === 0 ? 'net' : m.code === 1 ? 'host' : m.code === 2 ? 'protocol' : m.code === 3 ? 'port' : `code ${m.code}`;
      return `ICMP ${what} ${q === null ? '?' : String(q)} unreachable, length ${m.byteLength}`;
    }
    case IcmpType.TIME_EXCEEDED:
      return `ICMP time exceeded in-transit, length ${m.byteLength}`;
    default:
      return `ICMP type-#${m.type}, length ${m.byteLength}`;
  }
}

/**
 * tcpdump's one-line summary of a frame (without timestamp and device):
 * `ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28`,
 * `IP 10.244.0.2 > 10.244.0.3: ICMP echo request, id 4660, seq 1, length 64`.
 *
 * @param frame - the frame
 * @param options - `linkLevel` prefixes `src > dst, ethertype …, length N: ` as `tcpdump -e`
 * @returns the summary
 * @example
 * ```ts
 * summarizeFrame(frame); // 'ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28'
 * ```
 */
export function summarizeFrame(frame: Frame, options: FormatOptions = {}): string {
  const et = frame.etherType;
  // `short` is what tcpdump prints without -e; `rest` what follows the link-level header with -e.
  let short: string;
  let rest: string;
  if (et === EtherType.ARP) {
    const r = ArpPacket.decode(frame.payload);
    if (!r.ok) rest = '[|ARP]';
    else {
      const a = r.value;
      const tha = a.thaValue === 0 ? '' : ` (${String(a.tha)})`;
      const op = a.op === 1 ? `Request who-has ${String(a.tpa)}${tha} tell ${String(a.spa)}` : a.op === 2 ? `Reply ${String(a.spa)} is-at ${String(a.sha)}` : `op ${a.op}`;
      rest = `${op}, length ${a.byteLength}`;
    }
    short = `ARP, ${rest}`;
  } else if (et === EtherType.IPv4) {
    const r = Ipv4Packet.decode(frame.payload);
    if (!r.ok) rest = '[|ip]';
    else {
      const p = r.value;
      let upper: string;
      if (p.protocol === 1) {
        const m = IcmpMessage.decode(p.payload);
        upper = m.ok ? icmpText(m.value) : 'ICMP [|icmp]';
      } else upper = `ip-proto-${p.protocol} ${p.payload.length}`;
      rest = `${String(p.src)} > ${String(p.dst)}: ${upper}`;
    }
    short = `IP ${rest}`;
  } else if (frame.isLengthField) {
    rest = short = `802.3, length ${frame.etherType}`;
  } else {
    rest = `length ${frame.length}`;
    short = `ethertype ${ETHERTYPE_NAMES[et] ?? 'Unknown'} (0x${et.toString(16).padStart(4, '0')}), length ${frame.length}`;
  }
  if (!options.linkLevel) return short;
  const type = `ethertype ${ETHERTYPE_NAMES[et] ?? 'Unknown'} (0x${et.toString(16).padStart(4, '0')})`;
  const tag = frame.vlan;
  if (tag !== null) return `${String(frame.src)} > ${String(frame.dst)}, ethertype 802.1Q (0x8100), length ${frame.length}: vlan ${tag.vid}, p ${tag.pcp}, ${type}, ${rest}`;
  return `${String(frame.src)} > ${String(frame.dst)}, ${type}, length ${frame.length}: ${rest}`;
}

/**
 * One line of text for a trace event: tcpdump-like for frames
 * (`0.000000 pod1/eth0 ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28`), a short
 * narrative for table and link changes
 * (`0.000000 pod1 neigh 10.244.0.3 dev eth0: INCOMPLETE -> REACHABLE lladdr … (ARP reply)`).
 *
 * @param e - the event
 * @param options - timestamp decimals, link-level header, direction
 * @returns the line
 * @example
 * ```ts
 * sim.on('*', (e) => console.log(formatTraceEvent(e)));
 * ```
 */
export function formatTraceEvent(e: TraceEvent, options: FormatOptions = {}): string {
  const t = formatTime(e.time, options.digits ?? 6);
  switch (e.kind) {
    case 'frame:tx':
    case 'frame:rx':
      return `${t} ${e.ns}/${e.dev}${options.direction ? (e.kind === 'frame:tx' ? ' Out' : ' In ') : ''} ${summarizeFrame(e.frame, options)}`;
    case 'frame:drop':
      return `${t} ${e.ns}/${e.dev} drop (${e.reason}${e.detail === undefined ? '' : `: ${e.detail}`})${e.frame === null ? '' : ` ${summarizeFrame(e.frame, options)}`}`;
    case 'fdb:learn':
      return `${t} ${e.ns}/${e.bridge} fdb learned ${e.mac} on ${e.port ?? e.bridge}`;
    case 'fdb:move':
      return `${t} ${e.ns}/${e.bridge} fdb moved ${e.mac} from ${e.fromPort ?? '?'} to ${e.port ?? e.bridge}`;
    case 'fdb:age':
      return `${t} ${e.ns}/${e.bridge} fdb aged out ${e.mac} on ${e.port ?? e.bridge}`;
    case 'fdb:flush':
      return `${t} ${e.ns}/${e.bridge} fdb flushed ${e.mac} on ${e.port ?? e.bridge}${e.reason === undefined ? '' : ` (${e.reason})`}`;
    case 'neigh:state':
      return `${t} ${e.ns} neigh ${e.ip} dev ${e.dev}: ${e.from} -> ${e.to}${e.lladdr === null ? '' : ` lladdr ${e.lladdr}`} (${e.why})`;
    case 'link:state':
      return `${t} ${e.ns}/${e.dev} link ${e.adminUp ? 'up' : 'down'}, ${e.carrier ? 'carrier' : 'no carrier'}, state ${e.operstate}`;
    case 'port:state':
      return `${t} ${e.ns}/${e.bridge} port ${e.port}: ${e.from} -> ${e.to}`;
  }
}

/** Options of a {@link TraceRecorder}. */
export interface RecorderOptions {
  /** Which kinds to record (default: every kind). */
  readonly kinds?: readonly TraceKind[];
  /** Keep only events for which this returns true. */
  readonly filter?: (e: TraceEvent) => boolean;
}

/**
 * Records trace events from the moment it is created, for reading a run top to bottom.
 *
 * @example
 * ```ts
 * const rec = sim.record({ kinds: ['frame:rx', 'fdb:learn', 'neigh:state'] });
 * sim.runFor('1s');
 * console.log(rec.text());
 * ```
 */
export class TraceRecorder {
  private readonly evs: TraceEvent[] = [];
  private readonly off: () => void;

  /**
   * @param tracer - the trace bus
   * @param options - kinds (each recorded once, however often listed) and filter
   * @throws L2SimError `invalid-argument` for an unknown kind (nothing is subscribed then)
   */
  constructor(tracer: Tracer, options: RecorderOptions = {}) {
    const kinds = options.kinds;
    const filter = options.filter;
    const keep = (e: TraceEvent): void => {
      if (filter === undefined || filter(e)) this.evs.push(e);
    };
    // Check every kind before subscribing any, so that a bad one leaves no listener behind.
    if (kinds !== undefined) {
      if (!Array.isArray(kinds)) throw new L2SimError('invalid-argument', 'invalid kinds: expected an array of trace kinds', {});
      for (const k of kinds) {
        if (!TRACE_KINDS.includes(k)) throw new L2SimError('invalid-argument', `unknown trace kind "${String(k)}": expected one of ${TRACE_KINDS.join(', ')}`, { kind: String(k) });
      }
    }
    const offs = kinds === undefined ? [tracer.on('*', keep)] : [...new Set(kinds)].map((k) => tracer.on(k, keep));
    this.off = () => {
      for (const o of offs) o();
    };
  }

  /** The recorded events, in order. */
  get events(): readonly TraceEvent[] {
    return [...this.evs];
  }

  /**
   * Each event as a line of text ({@link formatTraceEvent}).
   *
   * @param options - formatting options
   * @returns the lines
   * @example
   * ```ts
   * const rec = sim.record({ kinds: ['frame:rx'] });
   * pod1.ping('10.244.0.3', { count: 1 });
   * sim.runFor('1s');
   * rec.lines()[0]; // '0.000000 node/veth-pod1 ARP, Request who-has 10.244.0.3 tell 10.244.0.2, length 28'
   * ```
   */
  lines(options: FormatOptions = {}): string[] {
    return this.evs.map((e) => formatTraceEvent(e, options));
  }

  /**
   * The lines joined with newlines.
   *
   * @param options - formatting options
   * @returns the text
   * @example
   * ```ts
   * const rec = sim.record({ kinds: ['frame:rx'] });
   * pod1.ping('10.244.0.3', { count: 1 });
   * sim.runFor('1s');
   * console.log(rec.text({ digits: 3, linkLevel: true }));
   * // 0.000 node/veth-pod1 5e:81:96:22:2e:51 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 42: Request who-has 10.244.0.3 tell 10.244.0.2, length 28 …
   * ```
   */
  text(options: FormatOptions = {}): string {
    return this.lines(options).join('\n');
  }

  /**
   * Stop recording (events so far stay).
   *
   * @example
   * ```ts
   * rec.stop();
   * rec.events.length; // no longer grows
   * ```
   */
  stop(): void {
    this.off();
  }
}
