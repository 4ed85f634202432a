import { L2SimError } from '../errors/index.js';
import { readMac, writeMac } from './bytes.js';

/** Anything that yields random 32-bit words: the simulator's `Rng` fits. */
export interface RandomSource {
  /** The next random unsigned 32-bit integer. */
  uint32(): number;
}

const TWO32 = 0x1_0000_0000;
const HEX = /^[0-9a-fA-F]{1,2}$/;

/**
 * An Ethernet MAC address: an immutable value compared by content.
 *
 * Internally it is one 48-bit number (`value`), so it can key a `Map` cheaply; it prints in the
 * canonical lowercase colon form `aa:bb:cc:dd:ee:ff`.
 *
 * @example
 * ```ts
 * const m = MacAddress.parse('AA-BB-CC-00-11-22');
 * m.toString();        // 'aa:bb:cc:00:11:22'
 * m.isMulticast;       // false
 * MacAddress.BROADCAST.isBroadcast; // true
 * ```
 */
export class MacAddress {
  /** ff:ff:ff:ff:ff:ff */
  static readonly BROADCAST: MacAddress = new MacAddress(0xffff_ffff_ffff);
  /** 00:00:00:00:00:00 */
  static readonly ZERO: MacAddress = new MacAddress(0);

  /** The address as a 48-bit unsigned integer (octet 0 most significant). */
  readonly value: number;

  private constructor(value: number) {
    this.value = value;
  }

  /**
   * Parse `aa:bb:cc:dd:ee:ff` or `aa-bb-cc-dd-ee-ff` (case-insensitive; one or two hex digits per octet).
   *
   * @param text - the address
   * @returns the address
   * @throws L2SimError `invalid-argument` when the text is not a MAC address
   * @example
   * ```ts
   * MacAddress.parse('02:00:00:00:00:01');
   * ```
   */
  static parse(text: string): MacAddress {
    if (typeof text !== 'string') {
      throw new L2SimError('invalid-argument', `invalid MAC address: expected a string`, { value: String(text) });
    }
    const sep = text.includes('-') && !text.includes(':') ? '-' : ':';
    const parts = text.split(sep);
    if (parts.length !== 6) {
      throw new L2SimError('invalid-argument', `invalid MAC address "${text}": expected 6 octets`, { value: text });
    }
    let v = 0;
    for (const p of parts) {
      if (!HEX.test(p)) {
        throw new L2SimError('invalid-argument', `invalid MAC address "${text}": "${p}" is not a hex octet`, {
          value: text,
        });
      }
      v = v * 256 + parseInt(p, 16);
    }
    return new MacAddress(v);
  }

  /**
   * Parse a MAC address, or pass a `MacAddress` through.
   *
   * @param mac - a `MacAddress` or its text form
   * @returns the address
   * @throws L2SimError `invalid-argument` when the text is not a MAC address
   * @example
   * ```ts
   * MacAddress.from('02:00:00:00:00:01').equals(MacAddress.from(MacAddress.parse('02:00:00:00:00:01')));
   * ```
   */
  static from(mac: MacAddress | string): MacAddress {
    return mac instanceof MacAddress ? mac : MacAddress.parse(mac);
  }

  /**
   * The address held in a 48-bit unsigned integer.
   *
   * @param value - 0 ≤ value < 2^48
   * @returns the address
   * @throws L2SimError `invalid-argument` when out of range
   * @example
   * ```ts
   * MacAddress.fromNumber(0x020000000001).toString(); // '02:00:00:00:00:01'
   * ```
   */
  static fromNumber(value: number): MacAddress {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff_ffff) {
      throw new L2SimError('invalid-argument', `invalid MAC address value ${value}: expected 0..2^48-1`, { value });
    }
    if (value === 0) return MacAddress.ZERO;
    if (value === 0xffff_ffff_ffff) return MacAddress.BROADCAST;
    return new MacAddress(value);
  }

  /**
   * Read six bytes as an address.
   *
   * @param bytes - the buffer
   * @param offset - where the address starts
   * @returns the address
   * @throws L2SimError `invalid-argument` when fewer than 6 bytes are available
   * @example
   * ```ts
   * MacAddress.fromBytes(new Uint8Array([2, 0, 0, 0, 0, 1]));
   * ```
   */
  static fromBytes(bytes: Uint8Array, offset = 0): MacAddress {
    if (!(bytes instanceof Uint8Array) || !Number.isInteger(offset) || offset < 0 || offset + 6 > bytes.length) {
      throw new L2SimError('invalid-argument', `invalid MAC address bytes: expected 6 octets at offset ${offset}`, {
        offset,
      });
    }
    return MacAddress.fromNumber(readMac(bytes, offset));
  }

  /**
   * A random address as the kernel's `eth_random_addr` makes it: six random bytes with the
   * multicast bit cleared and the locally-administered bit set.
   *
   * @param source - a random source (the simulator's seeded `Rng`)
   * @returns a unicast, locally administered address
   * @throws L2SimError `invalid-argument` when `source` has no `uint32()`
   * @example
   * ```ts
   * import { Rng } from 'l2sim/sim';
   * MacAddress.random(new Rng(1)).isLocallyAdministered; // true
   * ```
   */
  static random(source: RandomSource): MacAddress {
    if (source === null || typeof source !== 'object' || typeof source.uint32 !== 'function') {
      throw new L2SimError('invalid-argument', 'invalid random source: expected an object with uint32() (an Rng)', {});
    }
    const a = source.uint32() >>> 0;
    const b = source.uint32() >>> 0;
    const octet0 = ((a >>> 24) & 0xfc) | 0x02;
    const octet1 = (a >>> 16) & 0xff;
    const hi = (octet0 << 8) | octet1;
    return new MacAddress(hi * TWO32 + b);
  }

  /** Whether this is ff:ff:ff:ff:ff:ff. */
  get isBroadcast(): boolean {
    return this.value === 0xffff_ffff_ffff;
  }

  /** Whether the I/G bit (0x01 of octet 0) is set: a group address (broadcast included). */
  get isMulticast(): boolean {
    return macIsMulticast(this.value);
  }

  /** Whether this is a unicast address (I/G bit clear). */
  get isUnicast(): boolean {
    return !macIsMulticast(this.value);
  }

  /** Whether the U/L bit (0x02 of octet 0) is set. */
  get isLocallyAdministered(): boolean {
    return (Math.floor(this.value / 0x100_0000_0000) & 0x02) !== 0;
  }

  /** Whether this is 00:00:00:00:00:00. */
  get isZero(): boolean {
    return this.value === 0;
  }

  /** The kernel's `is_valid_ether_addr`: not multicast and not all-zero. */
  get isValidUnicast(): boolean {
    return this.value !== 0 && !macIsMulticast(this.value);
  }

  /** Whether this is one of 01:80:c2:00:00:00 … 01:80:c2:00:00:0f (IEEE link-local group addresses). */
  get isLinkLocal(): boolean {
    return macIsLinkLocal(this.value);
  }

  /**
   * The six octets.
   *
   * @returns a new 6-byte array
   * @example
   * ```ts
   * MacAddress.BROADCAST.toBytes(); // Uint8Array [255, 255, 255, 255, 255, 255]
   * ```
   */
  toBytes(): Uint8Array {
    const b = new Uint8Array(6);
    writeMac(b, 0, this.value);
    return b;
  }

  /**
   * Content equality.
   *
   * @param other - another address
   * @returns whether both hold the same 48 bits
   * @example
   * ```ts
   * MacAddress.parse('02:00:00:00:00:01').equals(MacAddress.parse('02-00-00-00-00-01')); // true
   * ```
   */
  equals(other: MacAddress): boolean {
    return other instanceof MacAddress && other.value === this.value;
  }

  /**
   * Bytewise order (as the kernel's `memcmp`): negative, zero or positive.
   *
   * @param other - another address
   * @returns `this - other` in sign
   * @example
   * ```ts
   * MacAddress.ZERO.compare(MacAddress.BROADCAST) < 0; // true
   * ```
   */
  compare(other: MacAddress): number {
    return this.value - other.value;
  }

  /**
   * The canonical form, lowercase with colons.
   *
   * @returns e.g. `'02:00:00:00:00:01'`
   * @example
   * ```ts
   * String(MacAddress.ZERO); // '00:00:00:00:00:00'
   * ```
   */
  toString(): string {
    return macToString(this.value);
  }

  /**
   * JSON form: the canonical string.
   *
   * @returns e.g. `'02:42:0a:f4:00:02'`
   * @example
   * ```ts
   * JSON.stringify({ mac: MacAddress.parse('02:42:0A:F4:00:02') }); // '{"mac":"02:42:0a:f4:00:02"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }
}

/** Whether a 48-bit MAC value has the group bit set. @internal */
export function macIsMulticast(v: number): boolean {
  return (Math.floor(v / 0x100_0000_0000) & 0x01) !== 0;
}

/** Whether a 48-bit MAC value is 01:80:c2:00:00:0X. @internal */
export function macIsLinkLocal(v: number): boolean {
  return Math.floor(v / 16) === 0x0180_c200_000;
}

/** Canonical text of a 48-bit MAC value. @internal */
export function macToString(v: number): string {
  const hi = Math.floor(v / TWO32);
  const lo = v >>> 0;
  const o = [hi >>> 8, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff];
  return o.map((x) => (x < 16 ? '0' : '') + x.toString(16)).join(':');
}
