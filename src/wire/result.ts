/** The protocol layer a decode error belongs to. */
export type DecodeLayer = 'ethernet' | 'arp' | 'ipv4' | 'icmp' | 'pcap';

/** A structured decode failure. Decoders return it; they never throw. */
export interface DecodeError {
  /** Which codec failed. */
  readonly layer: DecodeLayer;
  /** A stable code such as `'truncated'`, `'bad-version'`, `'unsupported'`. */
  readonly code: string;
  /** Byte offset (within the decoded buffer) where the problem was found. */
  readonly offset: number;
  /** A human-readable explanation. */
  readonly message: string;
}

/** A successful decode. */
export interface DecodeSuccess<T> {
  /** Always `true`. */
  readonly ok: true;
  /** The decoded value. */
  readonly value: T;
}

/** A failed decode. */
export interface DecodeFailure {
  /** Always `false`. */
  readonly ok: false;
  /** What was wrong and where. */
  readonly error: DecodeError;
}

/** The result of a decoder: a value, or a structured error. */
export type DecodeResult<T> = DecodeSuccess<T> | DecodeFailure;

/** @internal */
export function ok<T>(value: T): DecodeResult<T> {
  return { ok: true, value };
}

/** @internal */
export function fail<T>(layer: DecodeLayer, code: string, offset: number, message: string): DecodeResult<T> {
  return { ok: false, error: { layer, code, offset, message } };
}
