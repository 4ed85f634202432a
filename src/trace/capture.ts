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
  /**
   * Called by a device when the tap is added to it; `false` declines (the device then keeps no
   * reference). A capture's tap declines a device its capture already taps, and any device once
   * the capture has stopped. Taps without this method are always attached. @internal
   */
  attached?(device: TapHost): boolean;
}

/** What a capture needs from a device it taps: a way to detach. @internal */
export interface TapHost {
  /**
   * Detach a tap.
   * @param tap - the tap
   */
  removeTap(tap: FrameTap): void;
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
 * @remarks A device is captured at most once per capture: naming it twice
 * (`sim.capture([eth0, eth0])`) gives one interface. When the capture stops (`stop()`, or its
 * frame limit is reached) it detaches from every device, so a finished capture costs nothing
 * per frame.
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
  /** The devices tapped, with their taps, to detach when the capture ends. */
  private readonly hosts = new Map<TapHost, FrameTap>();
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
   * A tap for a new interface of this capture, named e.g. `'node/cni0'`. The interface is
   * created when the tap is attached to a device (or records its first frame); a device this
   * capture already taps declines it, so it never appears. @internal
   */
  tap(name: string): FrameTap {
    let iface = -1;
    const tap: FrameTap = {
      record: (time, frame, direction) => {
        if (!this.active) return;
        if (iface < 0) iface = this.names.push(name) - 1;
        this.recs.push({ time, iface, direction, frame });
        if (this.recs.length >= this.limit) this.finish();
      },
      attached: (device) => {
        if (!this.active || this.hosts.has(device)) return false;
        this.hosts.set(device, tap);
        if (iface < 0) iface = this.names.push(name) - 1;
        return true;
      },
    };
    return tap;
  }

  /** Stop recording and detach from every device. */
  private finish(): void {
    this.active = false;
    const hosts = [...this.hosts];
    this.hosts.clear();
    for (const [device, tap] of hosts) device.removeTap(tap);
  }

  /** Whether the capture still records (not stopped and below its limit). */
  get recording(): boolean {
    return this.active;
  }

  /**
   * Stop recording and detach from the captured devices. Frames recorded so far stay; stopping
   * twice does nothing more.
   *
   * @example
   * ```ts
   * cap.stop();
   * cap.recording; // false
   * writeFileSync('cni0.pcapng', cap.pcapng()); // what was recorded before stop()
   * ```
   */
  stop(): void {
    this.finish();
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
