import { L2SimError } from '../errors/index.js';
import type { EventHandle, EventLoop, Nanoseconds } from '../sim/index.js';
import { MILLISECOND, SECOND } from '../sim/index.js';

/** Options of {@link NetworkNamespace.ping}, named after iputils' flags. */
export interface PingOptions {
  /** `-c`: how many echo requests (default: until `stop()`, as iputils). */
  readonly count?: number;
  /** `-i`: interval between requests (default 1 s). */
  readonly interval?: number | string;
  /** `-s`: ICMP data bytes (default 56, giving 98-byte frames). */
  readonly size?: number;
  /** `-W`: how long to wait for replies after the last request (default 10 s). */
  readonly timeout?: number | string;
  /** `-t`: IP time to live (default: the namespace's ip_default_ttl, 64). */
  readonly ttl?: number;
  /**
   * `-q`: keep only the statistics. `replies`, `errors` and `lines()` stay empty; counts and
   * `summary()` are complete. For long or large runs (a million pings keep a million records otherwise).
   */
  readonly quiet?: boolean;
}

/** One echo reply. */
export interface PingReply {
  /** ICMP sequence number. */
  readonly seq: number;
  /** TTL of the reply. */
  readonly ttl: number;
  /** Round-trip time in virtual nanoseconds. */
  readonly rtt: Nanoseconds;
  /** Source address of the reply. */
  readonly from: string;
  /** ICMP bytes (8 + data). */
  readonly bytes: number;
  /** Virtual time the reply arrived. */
  readonly time: Nanoseconds;
}

/** One error line (an ICMP error about one of our requests, or a local send error). */
export interface PingError {
  /** The sequence number it is about (0 for errors before any request). */
  readonly seq: number;
  /** Who reported it (the address ping prints after "From"). */
  readonly from: string;
  /** iputils' wording: `'Destination Host Unreachable'`, `'Time to live exceeded'`… */
  readonly message: string;
  /** Virtual time. */
  readonly time: Nanoseconds;
}

/** What a ping needs from its namespace. @internal */
export interface PingHost {
  readonly loop: EventLoop;
  /** Send request `seq`; returns an error text (e.g. `'Network is unreachable'`) when it cannot be sent. */
  sendEcho(ping: Ping, seq: number): string | null;
  /** The ping finished. */
  release(ping: Ping): void;
}

/**
 * Format a trip time the way iputils ping does (µs in, ms text out): three decimals below 1 ms,
 * then two, one, none, each rounded (`(t + 5) / 1000`, `(t + 50) / 1000`, `(t + 500) / 1000`).
 * @internal
 */
export function formatTrip(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)} ms`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${String(Math.floor(((us + 50) % 1000) / 100))} ms`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')} ms`;
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')} ms`;
}

/**
 * Format a reply time the way iputils arping (20221126) does, quirk included: the microseconds are
 * rounded to whole milliseconds and the remainder printed offset by 500 µs, so a 40 µs reply shows
 * as `0.540ms` and an instant one as `0.500ms` (checked on Debian 12's arping). @internal
 */
export function formatArpingTrip(ns: number): string {
  const us = Math.floor((ns + 500) / 1000);
  const ms = Math.floor((us + 500) / 1000);
  return `${ms}.${String(us - (ms * 1000 - 500)).padStart(3, '0')}ms`;
}

/** printf's `%g` with 6 significant digits. @internal */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const s = x.toPrecision(6);
  return s.includes('e') ? s : s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const ms3 = (us: number): string => `${Math.floor(us / 1000)}.${String(Math.floor(us % 1000)).padStart(3, '0')}`;

/**
 * A running ping, as iputils `ping` does it: one ICMP echo request every `interval`, each reply
 * and error recorded with virtual times, and `summary()` shaped like iputils' closing lines.
 *
 * @example
 * ```ts
 * const p = pod1.ping('10.244.0.3', { count: 3 });
 * sim.runFor('5s');
 * p.replies.map((r) => r.seq); // [1, 2, 3]
 * console.log(p.summary());    // 3 packets transmitted, 3 received, 0% packet loss, time 2000ms …
 * ```
 */
export class Ping {
  /** The destination, dotted decimal. */
  readonly target: string;
  /** The ICMP identifier of this run. */
  readonly id: number;
  /** Requests to send (`Infinity`: until stopped). */
  readonly count: number;
  /** Interval in nanoseconds. */
  readonly interval: Nanoseconds;
  /** ICMP data bytes. */
  readonly size: number;
  /** TTL of the requests. */
  readonly ttl: number;
  /** Wait after the last request, in nanoseconds. */
  readonly timeout: Nanoseconds;
  /** The source address used, once known. @internal */
  source = '';
  /** The destination as a number. @internal */
  readonly targetValue: number;
  /** The ICMP data, reused for every request (only the timestamp changes). */
  private data: Uint8Array | null = null;

  private readonly host: PingHost;
  private readonly _replies: PingReply[] = [];
  private readonly _errors: PingError[] = [];
  private readonly _lines: string[] = [];
  private readonly sentAt = new Map<number, Nanoseconds>();
  private nextSeq = 1;
  private _transmitted = 0;
  private _received = 0;
  private _errorCount = 0;
  private pipesize = 0;
  private readonly quiet: boolean;
  // Round-trip statistics in microseconds, as iputils keeps them.
  private rttMin = Infinity;
  private rttMax = 0;
  private rttSum = 0;
  private rttSum2 = 0;
  private readonly start: Nanoseconds;
  private last: Nanoseconds;
  private timer: EventHandle | null = null;
  private _done = false;
  private fatal: string | null = null;

  /** @internal */
  constructor(host: PingHost, target: string, id: number, o: { count: number; interval: number; size: number; ttl: number; timeout: number; quiet: boolean }) {
    this.host = host;
    this.target = target;
    this.targetValue = target.split('.').reduce((a, o) => a * 256 + Number(o), 0);
    this.id = id;
    this.count = o.count;
    this.interval = o.interval;
    this.size = o.size;
    this.ttl = o.ttl;
    this.timeout = o.timeout;
    this.quiet = o.quiet;
    this.start = host.loop.now;
    this.last = this.start;
    this._lines.push(`PING ${target} (${target}) ${o.size}(${o.size + 28}) bytes of data.`);
    host.loop.post(0, tick, this);
  }

  /**
   * The ICMP data of a request sent at `now`: iputils' pattern with the send time in front. The
   * same buffer every time (the frame encoder copies it). @internal
   */
  payload(now: Nanoseconds): Uint8Array {
    if (this.data === null) {
      this.data = new Uint8Array(this.size);
      pingPayload(this.size, now, this.data);
    } else if (this.size >= 16) writeTimeval(now, this.data);
    return this.data;
  }

  /** @internal */
  tick(): void {
    if (this._done) return;
    const seq = this.nextSeq++;
    const now = this.host.loop.now;
    this.sentAt.set(seq & 0xffff, now);
    const err = this.host.sendEcho(this, seq & 0xffff);
    if (err === 'Network is unreachable' && this._transmitted === 0 && seq === 1) {
      // iputils fails at connect() (its route probe) before sending anything.
      this.fatal = `ping: connect: ${err}`;
      this._lines.length = 0;
      this._lines.push(this.fatal);
      this.finish();
      return;
    }
    this._transmitted++;
    this.last = now;
    if (err !== null) {
      this._errorCount++;
      this.sentAt.delete(seq & 0xffff);
      if (!this.quiet) {
        this._errors.push({ seq, from: this.source, message: err, time: now });
        // iputils: an MTU error comes back through the socket's error queue as a "local error".
        this._lines.push(err.startsWith('Message too long') ? `ping: local error: ${err.replace('Message', 'message')}` : `ping: sendmsg: ${err}`);
      }
    }
    if (this._transmitted < this.count) {
      // The next request: a plain loop event (no handle to allocate); a stopped ping ignores it.
      this.host.loop.post(this.interval, tick, this);
    } else {
      this.timer = this.host.loop.schedule(this.timeout, () => this.finish(), `ping ${this.target} linger`);
      this.checkComplete();
    }
  }

  /** An echo reply for us arrived (`from` is the source address as a number). @internal */
  onReply(seq: number, ttl: number, fromValue: number, bytes: number): void {
    const now = this.host.loop.now;
    const sent = this.sentAt.get(seq);
    if (sent === undefined || this._done) return;
    const rtt = now - sent;
    this.sentAt.delete(seq);
    this._received++;
    this.acknowledge(seq);
    const us = Math.floor(rtt / 1000);
    if (us < this.rttMin) this.rttMin = us;
    if (us > this.rttMax) this.rttMax = us;
    this.rttSum += us;
    this.rttSum2 += us * us;
    if (!this.quiet) {
      const from = `${fromValue >>> 24}.${(fromValue >>> 16) & 255}.${(fromValue >>> 8) & 255}.${fromValue & 255}`;
      this._replies.push({ seq, ttl, rtt, from, bytes, time: now });
      // Without room for a timestamp (-s below 16) iputils prints no time.
      this._lines.push(`${bytes} bytes from ${from}: icmp_seq=${seq} ttl=${ttl}${this.size >= 16 ? ` time=${formatTrip(us)}` : ''}`);
    }
    this.checkComplete();
  }

  /** An ICMP error about one of our requests arrived. @internal */
  onError(seq: number, from: string, message: string): void {
    if (this._done || !this.sentAt.has(seq)) return;
    const now = this.host.loop.now;
    this.sentAt.delete(seq);
    this._errorCount++;
    this.acknowledge(seq);
    if (!this.quiet) {
      this._errors.push({ seq, from, message, time: now });
      this._lines.push(`From ${from} icmp_seq=${seq} ${message}`);
    }
    this.checkComplete();
  }

  /** iputils' acknowledge(): `pipe` is the most requests that were outstanding when one was answered. */
  private acknowledge(seq: number): void {
    const diff = (this._transmitted - seq) & 0xffff;
    if (diff <= 0x7fff && diff + 1 > this.pipesize) this.pipesize = diff + 1;
  }

  private checkComplete(): void {
    if (this._transmitted >= this.count && this._received + this._errorCount >= this.count) this.finish();
  }

  private finish(): void {
    if (this._done) return;
    this._done = true;
    this.timer?.cancel();
    this.timer = null;
    this.host.release(this);
  }

  /**
   * Stop sending (like Ctrl-C). Replies that arrive later are ignored.
   *
   * @example
   * ```ts
   * const p = pod1.ping('10.244.0.3'); // no count: runs until stopped
   * sim.runFor('2500ms');
   * p.stop();
   * p.transmitted; // 3 (at 0, 1 and 2 s)
   * ```
   */
  stop(): void {
    this.finish();
  }

  /** Whether the run is over (all requests answered or failed, the wait expired, or stopped). */
  get done(): boolean {
    return this._done;
  }
  /** Requests sent. */
  get transmitted(): number {
    return this._transmitted;
  }
  /** Replies received. */
  get received(): number {
    return this._received;
  }
  /** Errors (ICMP errors about our requests, and local send errors). */
  get errorCount(): number {
    return this._errorCount;
  }
  /** The replies, in arrival order. */
  get replies(): readonly PingReply[] {
    return [...this._replies];
  }
  /** The errors, in arrival order. */
  get errors(): readonly PingError[] {
    return [...this._errors];
  }

  /**
   * Everything iputils would have printed so far, line by line (without the summary).
   *
   * @returns the lines
   * @example
   * ```ts
   * const p = pod1.ping('10.244.0.3', { count: 1 });
   * sim.runFor('1s');
   * p.lines(); // ['PING 10.244.0.3 (10.244.0.3) 56(84) bytes of data.', '64 bytes from 10.244.0.3: icmp_seq=1 ttl=64 time=0.000 ms']
   * ```
   */
  lines(): string[] {
    return [...this._lines];
  }

  /**
   * iputils' closing lines: the statistics line and, when replies arrived, the rtt line. As in
   * iputils, `time` runs from the start to the last request sent: replies and errors that come
   * later do not extend it (checked on a 6.18 host with iputils 20221126).
   *
   * @returns e.g. (count 3, interval 200 ms) `'--- 10.244.0.3 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 400ms\nrtt min/avg/max/mdev = …'`
   * @example
   * ```ts
   * const p = pod1.ping('10.244.0.3', { count: 3 });
   * sim.runFor('5s');
   * p.summary().split('\n')[1]; // '3 packets transmitted, 3 received, 0% packet loss, time 2000ms'
   * ```
   */
  summary(): string {
    if (this.fatal !== null) return this.fatal;
    const tx = this._transmitted;
    const rx = this._received;
    let s = `--- ${this.target} ping statistics ---\n${tx} packets transmitted, ${rx} received`;
    if (this._errorCount > 0) s += `, +${this._errorCount} errors`;
    if (tx > 0) {
      s += `, ${formatG(((tx - rx) * 100) / tx)}% packet loss`;
      s += `, time ${Math.floor((this.last - this.start + 500_000) / MILLISECOND)}ms`;
    }
    let last = '';
    if (rx > 0 && this.size >= 16) {
      const avg = this.rttSum / rx;
      const mdev = Math.floor(Math.sqrt(Math.max(0, this.rttSum2 / rx - avg * avg)));
      last = `rtt min/avg/max/mdev = ${ms3(this.rttMin)}/${ms3(Math.floor(avg))}/${ms3(this.rttMax)}/${ms3(mdev)} ms`;
    }
    if (this.pipesize > 1) last += `${last === '' ? '' : ', '}pipe ${this.pipesize}`;
    return last === '' ? s : `${s}\n${last}`;
  }
}

/** Validate and default ping options. @internal */
export function pingOptions(o: PingOptions, defaultTtl: number, parse: (d: number | string, what: string) => number): { count: number; interval: number; size: number; ttl: number; timeout: number; quiet: boolean } {
  if (o === null || typeof o !== 'object') throw new L2SimError('invalid-argument', 'invalid ping options: expected an object', {});
  const count = o.count ?? Infinity;
  if (count !== Infinity && (!Number.isSafeInteger(count) || count < 1)) {
    throw new L2SimError('invalid-argument', `invalid ping count ${String(count)}: expected a positive integer`, { count });
  }
  const interval = o.interval === undefined ? SECOND : parse(o.interval, 'ping interval');
  if (interval < 1) throw new L2SimError('invalid-argument', 'invalid ping interval: must be greater than zero', {});
  const size = o.size ?? 56;
  if (!Number.isInteger(size) || size < 0 || size > 65507) {
    throw new L2SimError('invalid-argument', `invalid ping size ${String(size)}: expected 0..65507`, { size });
  }
  const ttl = o.ttl ?? defaultTtl;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 255) throw new L2SimError('invalid-argument', `invalid ping ttl ${String(ttl)}: expected 1..255`, { ttl });
  const timeout = o.timeout === undefined ? 10 * SECOND : parse(o.timeout, 'ping timeout');
  return { count, interval, size, ttl, timeout, quiet: o.quiet === true };
}

/** The event callback of a ping's requests. */
function tick(p: Ping): void {
  p.tick();
}

/** Write the send time as a `struct timeval` (8-byte seconds, 8-byte microseconds, little-endian). @internal */
export function writeTimeval(now: Nanoseconds, out: Uint8Array): void {
  const sec = Math.floor(now / SECOND);
  const usec = Math.floor((now % SECOND) / 1000);
  let s = sec;
  for (let i = 0; i < 8; i++) {
    out[i] = i < 6 ? s & 0xff : 0;
    s = Math.floor(s / 256);
  }
  let u = usec;
  for (let i = 8; i < 16; i++) {
    out[i] = i < 12 ? u & 0xff : 0;
    u = Math.floor(u / 256);
  }
}

/**
 * The ICMP data iputils sends: a `struct timeval` of the send time (8-byte seconds and 8-byte
 * microseconds, little-endian) when `size ≥ 16`, then byte k = k & 0xff. @internal
 */
export function pingPayload(size: number, now: Nanoseconds, out: Uint8Array): void {
  for (let k = 0; k < size; k++) out[k] = k & 0xff;
  if (size >= 16) writeTimeval(now, out);
}
