import type { Frame } from '../wire/index.js';
import { type DeviceOwner, NetDevice, type OperState } from './device.js';

/**
 * The loopback device `lo`: every namespace has one, administratively down at creation, as on
 * Linux. Frames sent on it come back to the same namespace through a zero-delay event. Its MTU is
 * 65536 and may be set to anything from 68 up (Linux sets no maximum for `lo`).
 *
 * @example
 * ```ts
 * pod.device('lo').up(); // now pinging the pod's own address works
 * ```
 */
export class LoopbackDevice extends NetDevice {
  /** `'loopback'` */
  readonly kind = 'loopback' as const;
  private readonly back: (f: Frame) => void;

  /** @internal */
  constructor(owner: DeviceOwner) {
    super(owner, 'lo', 0, 65536);
    // loopback has no max_mtu: any MTU goes, 65536 (the default) included. Below 68 Linux accepts
    // it but tears down the device's IPv4 configuration; that is not modelled, so 68 is the floor.
    this.maxMtu = 0x7fff_ffff;
    this.rxHeaderBytes = 14;
    this.back = (f: Frame) => this.receiveFromLink(f);
  }

  /** `UNKNOWN` when up (as Linux shows `lo`), `DOWN` otherwise. */
  get operstate(): OperState {
    return this.adminUp ? 'UNKNOWN' : 'DOWN';
  }

  up(): void {
    this.assertAlive();
    if (this.adminUp) return;
    this.adminUp = true;
    this.carrier = true;
    this.notify('up');
    this.notify('carrier-on');
  }

  down(): void {
    this.assertAlive();
    if (!this.adminUp) return;
    this.adminUp = false;
    this.carrier = false;
    this.notify('carrier-off');
    this.notify('down');
  }

  /**
   * loopback_xmit: counted as sent and received (bytes without the 14-byte Ethernet header, as
   * Linux counts them on `lo`), delivered back to the namespace. While `lo` is down the frame is
   * dropped and counted in tx_dropped.
   *
   * @param frame - the frame
   * @returns whether the frame was sent (`false` while `lo` is down)
   * @example
   * ```ts
   * const echo = Ipv4Packet.create({ src: '127.0.0.1', dst: '127.0.0.1', protocol: IpProtocol.ICMP, payload: IcmpMessage.echoRequest(1, 1, new Uint8Array(56)) });
   * const frame = Frame.build({ dst: MacAddress.ZERO, src: MacAddress.ZERO, etherType: EtherType.IPv4 }, echo);
   * pod.lo.transmit(frame); // true: it comes back to the pod, which answers itself
   * pod.lo.down();
   * pod.lo.transmit(frame); // false, counted in tx_dropped
   * ```
   */
  transmit(frame: Frame): boolean {
    if (!this.adminUp) {
      this.txDropped++;
      this.drop(frame, 'device-down');
      return false;
    }
    if (this.taps !== null || this.ctx.tracer.listening['frame:tx']) this.tapOut(frame);
    this.txPackets++;
    this.txBytes += frame.bytes.length - 14;
    this.ctx.loop.post(0, this.back, frame);
    return true;
  }
}
