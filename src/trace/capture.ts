import { L2SimError } from '../errors/index.js';
import type { Nanoseconds } from '../sim/index.js';
import type { Frame } from '../wire/index.js';
import { type CaptureRecord, writePcap, writePcapng } from './pcap.js';

/** Where a device reports frames to a capture: one per (capture, device). */
export interface FrameTap {
  /**
   * Record a frame.
   * @param time - virtual time
   * @param frame - the frame
   * @param direction - `'in'` received, `'out'` sent
   */
  record(time: Nanoseconds, frame: Frame, direction: 'in' | 'out'): void;
}

/** Options of a capture. */
export interface CaptureOptions {
  /** Stop recording after this many frames (default: no limit). */
  readonly limit?: number;
}

/**
 * A capture of the frames some devices send and receive, with virtual timestamps, from the
 * moment it was started. `pcap()` and `pcapng()` give file bytes that Wireshark and tshark open.
 *
 * @example
 * ```ts
 * const cap = sim.capture(cni0);
 * sim.runFor('1s');
 * writeFileSync('cni0.pcapng', cap.pcapng());
 * ```
 */
export class Capture {
  private readonly names: string[] = [];
  private readonly recs: CaptureRecord[] = [];
  private active = true;
  /** The frame limit, or `Infinity`. */
  readonly limit: number;

  /**
   * @param options - `limit`: maximum number of frames
   * @throws L2SimError `invalid-argument` for a limit that is not a positive integer
   */
  constructor(options: CaptureOptions = {}) {
    const limit = options.limit ?? Infinity;
    if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit < 1)) {
      throw new L2SimError('invalid-argument', `invalid capture limit ${String(limit)}: expected a positive integer`, { limit });
    }
    this.limit = limit;
  }

  /**
   * A tap for a new interface of this capture, named e.g. `'node/cni0'`. @internal
   */
  tap(name: string): FrameTap {
    const iface = this.names.length;
    this.names.push(name);
    return {
      record: (time, frame, direction) => {
        if (!this.active) return;
        this.recs.push({ time, iface, direction, frame });
        if (this.recs.length >= this.limit) this.active = false;
      },
    };
  }

  /** Whether the capture still records (not stopped and below its limit). */
  get recording(): boolean {
    return this.active;
  }

  /**
   * Stop recording. Frames recorded so far stay.
   *
   * @example
   * ```ts
   * cap.stop();
   * cap.recording; // false
   * writeFileSync('cni0.pcapng', cap.pcapng()); // what was recorded before stop()
   * ```
   */
  stop(): void {
    this.active = false;
  }

  /** The interface names, in pcapng interface order (`namespace/device`). */
  get interfaces(): readonly string[] {
    return [...this.names];
  }

  /** The recorded frames, in the order they happened. */
  get records(): readonly CaptureRecord[] {
    return [...this.recs];
  }

  /** Number of recorded frames. */
  get size(): number {
    return this.recs.length;
  }

  /**
   * Classic pcap bytes (nanosecond timestamps, LINKTYPE_ETHERNET). Frames of all captured devices
   * are interleaved in time order; use {@link Capture.pcapng} to keep which device saw what.
   *
   * @returns the file
   * @example
   * ```ts
   * const cap = sim.capture(cni0);
   * sim.runFor('1s');
   * writeFileSync('cni0.pcap', cap.pcap()); // tcpdump -r cni0.pcap
   * ```
   */
  pcap(): Uint8Array {
    return writePcap(this.recs);
  }

  /**
   * pcapng bytes: one interface block per captured device named `namespace/device`,
   * nanosecond timestamps, and each frame's direction.
   *
   * @returns the file
   * @example
   * ```ts
   * const cap = sim.capture([pod1.device('eth0'), cni0]);
   * sim.runFor('1s');
   * writeFileSync('pod1.pcapng', cap.pcapng()); // two interfaces: 'pod1/eth0' and 'node/cni0'
   * ```
   */
  pcapng(): Uint8Array {
    return writePcapng(this.names, this.recs);
  }
}
