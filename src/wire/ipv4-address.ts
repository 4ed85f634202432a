import { L2SimError } from '../errors/index.js';

const OCTET = /^(0|[1-9]\d{0,2})$/;

function parseDotted(text: string, what: string, whole = text): number {
  const parts = text.split('.');
  if (parts.length !== 4) {
    throw new L2SimError('invalid-argument', `invalid ${what} "${whole}": expected 4 dotted decimal octets`, { value: whole });
  }
  let v = 0;
  for (const p of parts) {
    if (!OCTET.test(p) || Number(p) > 255) {
      throw new L2SimError('invalid-argument', `invalid ${what} "${whole}": "${p}" is not an octet 0..255`, { value: whole });
    }
    v = v * 256 + Number(p);
  }
  return v;
}

/** Dotted-quad text of a 32-bit value. @internal */
export function ipv4ToString(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** The network mask of a prefix length as a 32-bit unsigned value. @internal */
export function prefixMask(len: number): number {
  return len === 0 ? 0 : (0xffff_ffff << (32 - len)) >>> 0;
}

/**
 * An IPv4 address: an immutable value compared by content, held as one unsigned 32-bit number.
 *
 * @example
 * ```ts
 * const a = Ipv4Address.parse('10.244.0.2');
 * a.value;      // 183762946
 * String(a);    // '10.244.0.2'
 * ```
 */
export class Ipv4Address {
  /** 0.0.0.0 */
  static readonly ANY: Ipv4Address = new Ipv4Address(0);
  /** 255.255.255.255 */
  static readonly BROADCAST: Ipv4Address = new Ipv4Address(0xffff_ffff);

  /** The address as an unsigned 32-bit integer. */
  readonly value: number;

  private constructor(value: number) {
    this.value = value;
  }

  /**
   * Parse dotted decimal (`10.244.0.2`); octets without leading zeros.
   *
   * @param text - the address
   * @returns the address
   * @throws L2SimError `invalid-argument` when malformed
   * @example
   * ```ts
   * Ipv4Address.parse('10.244.0.1');
   * ```
   */
  static parse(text: string): Ipv4Address {
    if (typeof text !== 'string') {
      throw new L2SimError('invalid-argument', 'invalid IPv4 address: expected a string', { value: String(text) });
    }
    return new Ipv4Address(parseDotted(text, 'IPv4 address'));
  }

  /**
   * Parse an address, or pass an `Ipv4Address` through.
   *
   * @param ip - an address or its text
   * @returns the address
   * @throws L2SimError `invalid-argument` when malformed
   * @example
   * ```ts
   * Ipv4Address.from('10.0.0.1');
   * ```
   */
  static from(ip: Ipv4Address | string): Ipv4Address {
    return ip instanceof Ipv4Address ? ip : Ipv4Address.parse(ip);
  }

  /**
   * The address held in an unsigned 32-bit number.
   *
   * @param value - 0 ≤ value < 2^32
   * @returns the address
   * @throws L2SimError `invalid-argument` when out of range
   * @example
   * ```ts
   * Ipv4Address.fromNumber(0x0a000001).toString(); // '10.0.0.1'
   * ```
   */
  static fromNumber(value: number): Ipv4Address {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
      throw new L2SimError('invalid-argument', `invalid IPv4 address value ${value}: expected 0..2^32-1`, { value });
    }
    return new Ipv4Address(value);
  }

  /** 224.0.0.0/4 */
  get isMulticast(): boolean {
    return this.value >>> 28 === 0xe;
  }
  /** 127.0.0.0/8 */
  get isLoopback(): boolean {
    return this.value >>> 24 === 127;
  }
  /** 255.255.255.255 */
  get isLimitedBroadcast(): boolean {
    return this.value === 0xffff_ffff;
  }
  /** 0.0.0.0 */
  get isAny(): boolean {
    return this.value === 0;
  }

  /**
   * Content equality.
   *
   * @param other - another address
   * @returns whether both are the same address
   * @example
   * ```ts
   * Ipv4Address.parse('10.0.0.1').equals(Ipv4Address.fromNumber(0x0a000001)); // true
   * ```
   */
  equals(other: Ipv4Address): boolean {
    return other instanceof Ipv4Address && other.value === this.value;
  }

  /**
   * Dotted decimal.
   *
   * @returns e.g. `'10.244.0.2'`
   * @example
   * ```ts
   * String(Ipv4Address.ANY); // '0.0.0.0'
   * ```
   */
  toString(): string {
    return ipv4ToString(this.value);
  }

  /**
   * JSON form: dotted decimal.
   *
   * @returns e.g. `'10.244.0.2'`
   * @example
   * ```ts
   * JSON.stringify({ ip: Ipv4Address.parse('10.244.0.2') }); // '{"ip":"10.244.0.2"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * An IPv4 address with a prefix length, as `ip addr add` takes it: `10.244.0.2/24`.
 * The address part is kept as written (it need not be the network address).
 *
 * @example
 * ```ts
 * const c = Ipv4Cidr.parse('10.244.0.2/24');
 * String(c.network);   // '10.244.0.0'
 * String(c.broadcast); // '10.244.0.255'
 * c.contains(Ipv4Address.parse('10.244.0.3')); // true
 * ```
 */
export class Ipv4Cidr {
  /** The address as written. */
  readonly address: Ipv4Address;
  /** Prefix length, 0..32. */
  readonly prefixLength: number;

  private constructor(address: Ipv4Address, prefixLength: number) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  /**
   * Parse `a.b.c.d/len`. A bare address means `/32`.
   *
   * @param text - the CIDR
   * @returns the CIDR
   * @throws L2SimError `invalid-argument` when malformed or the prefix is outside 0..32
   * @example
   * ```ts
   * Ipv4Cidr.parse('10.244.0.0/24');
   * ```
   */
  static parse(text: string): Ipv4Cidr {
    if (typeof text !== 'string') {
      throw new L2SimError('invalid-argument', 'invalid IPv4 CIDR: expected a string', { value: String(text) });
    }
    const slash = text.indexOf('/');
    const addrText = slash < 0 ? text : text.slice(0, slash);
    const lenText = slash < 0 ? '32' : text.slice(slash + 1);
    if (!/^(0|[1-9]\d?)$/.test(lenText) || Number(lenText) > 32) {
      throw new L2SimError('invalid-argument', `invalid IPv4 CIDR "${text}": prefix length must be 0..32`, { value: text });
    }
    const v = parseDotted(addrText, 'IPv4 CIDR', text);
    return new Ipv4Cidr(Ipv4Address.fromNumber(v), Number(lenText));
  }

  /**
   * Parse a CIDR, or pass an `Ipv4Cidr` through.
   *
   * @param cidr - a CIDR or its text
   * @returns the CIDR
   * @throws L2SimError `invalid-argument` when malformed
   * @example
   * ```ts
   * Ipv4Cidr.from('10.0.0.0/8');
   * ```
   */
  static from(cidr: Ipv4Cidr | string): Ipv4Cidr {
    return cidr instanceof Ipv4Cidr ? cidr : Ipv4Cidr.parse(cidr);
  }

  /**
   * Build from an address and a prefix length.
   *
   * @param address - the address
   * @param prefixLength - 0..32
   * @returns the CIDR
   * @throws L2SimError `invalid-argument` when the prefix is out of range
   * @example
   * ```ts
   * Ipv4Cidr.of(Ipv4Address.parse('10.0.0.1'), 24).toString(); // '10.0.0.1/24'
   * ```
   */
  static of(address: Ipv4Address, prefixLength: number): Ipv4Cidr {
    if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
      throw new L2SimError('invalid-argument', `invalid prefix length ${prefixLength}: expected 0..32`, { prefixLength });
    }
    return new Ipv4Cidr(address, prefixLength);
  }

  /** The netmask as an unsigned 32-bit number. */
  get maskValue(): number {
    return prefixMask(this.prefixLength);
  }
  /** The netmask as an address (`255.255.255.0` for /24). */
  get netmask(): Ipv4Address {
    return Ipv4Address.fromNumber(this.maskValue);
  }
  /** The network address (host bits cleared). */
  get network(): Ipv4Address {
    return Ipv4Address.fromNumber((this.address.value & this.maskValue) >>> 0);
  }
  /** The directed broadcast address (host bits set). */
  get broadcast(): Ipv4Address {
    return Ipv4Address.fromNumber((this.address.value | ~this.maskValue) >>> 0);
  }

  /**
   * Whether `ip` lies in this prefix.
   *
   * @param ip - an address or its text
   * @returns whether the network bits match
   * @throws L2SimError `invalid-argument` when `ip` is malformed text
   * @example
   * ```ts
   * Ipv4Cidr.parse('10.244.0.0/24').contains('10.244.0.9'); // true
   * ```
   */
  contains(ip: Ipv4Address | string): boolean {
    const v = Ipv4Address.from(ip).value;
    const m = this.maskValue;
    return ((v & m) >>> 0) === ((this.address.value & m) >>> 0);
  }

  /**
   * Content equality (address and prefix length).
   *
   * @param other - another CIDR
   * @returns whether both are equal
   * @example
   * ```ts
   * Ipv4Cidr.parse('10.0.0.1/24').equals(Ipv4Cidr.parse('10.0.0.1/24')); // true
   * ```
   */
  equals(other: Ipv4Cidr): boolean {
    return other instanceof Ipv4Cidr && other.address.value === this.address.value && other.prefixLength === this.prefixLength;
  }

  /**
   * `address/prefix`.
   *
   * @returns e.g. `'10.244.0.2/24'`
   * @example
   * ```ts
   * Ipv4Cidr.parse('10.0.0.1').toString(); // '10.0.0.1/32'
   * ```
   */
  toString(): string {
    return `${this.address.toString()}/${this.prefixLength}`;
  }

  /**
   * JSON form: `address/prefix`.
   *
   * @returns e.g. `'10.244.0.2/24'`
   * @example
   * ```ts
   * JSON.stringify({ cidr: Ipv4Cidr.parse('10.244.0.2/24') }); // '{"cidr":"10.244.0.2/24"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }
}
