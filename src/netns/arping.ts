import { L2SimError } from '../errors/index.js';
import type { EventHandle, EventLoop, Nanoseconds } from '../sim/index.js';
import { SECOND } from '../sim/index.js';
import { formatArpingTrip } from './ping.js';

/** Options of {@link NetworkNamespace.arping}, named after iputils' arping flags. */
export interface ArpingOptions {
  /** `-I`: the device to send on (default: the device of the route to the target). */
  readonly dev?: string;
  /** `-c`: how many packets (default 1). */
  readonly count?: number;
  /** `-i`: interval (default 1 s). */
  readonly interval?: number | string;
  /** `-s`: sender IP address (default: selected as the kernel would for the target). */
  readonly source?: string;
  /**
   * `'request'` (default: ask who has the target), `'unsolicited'` (`-U`: a gratuitous request
   * announcing `source`, target = sender) or `'reply'` (`-A`: a gratuitous reply).
   */
  readonly mode?: 'request' | 'unsolicited' | 'reply';
  /** `-b`: keep broadcasting after the first reply (iputils switches to unicast otherwise). */
  readonly broadcastOnly?: boolean;
  /** `-w`-like wait after the last packet for replies (default 1 s). */
  readonly timeout?: number | string;
}

/** One ARP reply seen by arping. */
export interface ArpingReply {
  /** Sender IP of the reply. */
  readonly from: string;
  /** Sender MAC of the reply. */
  readonly mac: string;
  /** Whether it came unicast to us. */
  readonly unicast: boolean;
  /** Round-trip time in virtual nanoseconds. */
  readonly rtt: Nanoseconds;
  /** Virtual time. */
  readonly time: Nanoseconds;
}

/** What an arping needs from its namespace. @internal */
export interface ArpingHost {
  readonly loop: EventLoop;
  /** Send one packet; `unicastTo` is the MAC (number) to unicast to, or -1 for broadcast. */
  send(a: Arping, unicastTo: number): void;
  release(a: Arping): void;
}

/**
 * A running `arping`: ARP requests (or gratuitous announcements with `-U` / `-A`) sent from one
 * device, and the replies. Like iputils, requests carry the target MAC ff:ff:ff:ff:ff:ff, and
 * after the first reply further requests are unicast to the replier unless `broadcastOnly`.
 *
 * @example
 * ```ts
 * const a = pod1.arping('10.244.0.3', { count: 2 });
 * sim.runFor('3s');
 * a.replies[0]?.mac; // pod2's eth0 MAC
 * ```
 */
export class Arping {
  /** Target address. */
  readonly target: string;
  /** Sending device name. */
  readonly dev: string;
  /** Sender address used. */
  readonly source: string;
  /** Mode. */
  readonly mode: 'request' | 'unsolicited' | 'reply';
  /** Packets to send. */
  readonly count: number;
  /** @internal */ readonly targetValue: number;
  /** @internal */ readonly sourceValue: number;
  /** @internal */ readonly ifindex: number;
  private readonly host: ArpingHost;
  private readonly interval: number;
  private readonly timeout: number;
  private readonly broadcastOnly: boolean;
  private readonly _replies: ArpingReply[] = [];
  private readonly _lines: string[] = [];
  private sent = 0;
  private broadcasts = 0;
  private lastSent = 0;
  private unicastTo = -1;
  private timer: EventHandle | null = null;
  private _done = false;

  /** @internal */
  constructor(host: ArpingHost, init: { target: string; targetValue: number; dev: string; ifindex: number; source: string; sourceValue: number; options: ArpingOptions; parse: (d: number | string, what: string) => number }) {
    const o = init.options;
    this.host = host;
    this.target = init.target;
    this.targetValue = init.targetValue;
    this.dev = init.dev;
    this.ifindex = init.ifindex;
    this.source = init.source;
    this.sourceValue = init.sourceValue;
    this.mode = o.mode ?? 'request';
    if (!['request', 'unsolicited', 'reply'].includes(this.mode)) {
      throw new L2SimError('invalid-argument', `invalid arping mode ${String(this.mode)}: expected request, unsolicited or reply`, {});
    }
    this.count = o.count ?? 1;
    if (!Number.isSafeInteger(this.count) || this.count < 1) throw new L2SimError('invalid-argument', `invalid arping count ${String(o.count)}: expected a positive integer`, {});
    this.interval = o.interval === undefined ? SECOND : init.parse(o.interval, 'arping interval');
    this.timeout = o.timeout === undefined ? SECOND : init.parse(o.timeout, 'arping timeout');
    this.broadcastOnly = o.broadcastOnly ?? false;
    this._lines.push(`ARPING ${this.target} from ${this.source} ${this.dev}`);
    this.timer = host.loop.schedule(0, () => this.tick(), `arping ${this.target}`);
  }

  private tick(): void {
    this.timer = null;
    if (this._done) return;
    const to = this.broadcastOnly || this.mode !== 'request' ? -1 : this.unicastTo;
    this.host.send(this, to);
    this.sent++;
    if (to < 0) this.broadcasts++;
    this.lastSent = this.host.loop.now;
    if (this.sent < this.count) this.timer = this.host.loop.schedule(this.interval, () => this.tick(), `arping ${this.target}`);
    else this.timer = this.host.loop.schedule(this.mode === 'request' ? this.timeout : 0, () => this.finish(), `arping ${this.target} wait`);
  }

  /** An ARP reply from the target arrived on our device. @internal */
  onReply(from: string, mac: number, macText: string, unicast: boolean): void {
    if (this._done || this.mode !== 'request') return;
    const now = this.host.loop.now;
    const rtt = now - this.lastSent;
    this._replies.push({ from, mac: macText, unicast, rtt, time: now });
    this._lines.push(`${unicast ? 'Unicast' : 'Broadcast'} reply from ${from} [${macText.toUpperCase()}]  ${formatArpingTrip(rtt)}`);
    if (this.unicastTo < 0) this.unicastTo = mac;
    if (this.sent >= this.count && this._replies.length >= this.count) this.finish();
  }

  private finish(): void {
    if (this._done) return;
    this._done = true;
    this.timer?.cancel();
    this.timer = null;
    this.host.release(this);
  }

  /**
   * Stop now: no more packets are sent, and replies that arrive later are ignored.
   *
   * @example
   * ```ts
   * const a = pod1.arping('10.244.0.3', { count: 10 });
   * sim.runFor('2500ms');
   * a.stop();
   * a.transmitted; // 3
   * ```
   */
  stop(): void {
    this.finish();
  }
  /** Whether the run is over. */
  get done(): boolean {
    return this._done;
  }
  /** Replies received. */
  get replies(): readonly ArpingReply[] {
    return [...this._replies];
  }
  /** Packets sent. */
  get transmitted(): number {
    return this.sent;
  }

  /**
   * What iputils arping printed so far.
   *
   * @returns the lines
   * @example
   * ```ts
   * const a = pod1.arping('10.244.0.3', { dev: 'eth0' });
   * sim.runFor('2s');
   * a.lines()[0]; // 'ARPING 10.244.0.3 from 10.244.0.2 eth0'
   * a.lines()[1]; // 'Unicast reply from 10.244.0.3 [36:B6:E1:0F:70:E4]  0.500ms' (iputils' offset)
   * ```
   */
  lines(): string[] {
    return [...this._lines];
  }

  /**
   * iputils' closing lines.
   *
   * @returns e.g. `'Sent 1 probes (1 broadcast(s))\nReceived 1 response(s)'`
   * @example
   * ```ts
   * const a = pod1.arping('10.244.0.3', { count: 2 });
   * sim.runFor('3s');
   * a.summary(); // 'Sent 2 probes (1 broadcast(s))\nReceived 2 response(s)'
   * ```
   */
  summary(): string {
    return `Sent ${this.sent} probes (${this.broadcasts} broadcast(s))\nReceived ${this._replies.length} response(s)`;
  }
}
