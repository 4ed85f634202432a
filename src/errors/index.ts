/**
 * errors — the one error class of l2sim and its stable codes.
 *
 * Every layer throws {@link L2SimError} for misuse of the API. This layer knows nothing else and
 * imports nothing.
 *
 * @packageDocumentation
 */

/**
 * The stable codes carried by {@link L2SimError}. Tests and callers switch on these, never on
 * message text.
 *
 * - `invalid-argument`: a value was malformed or out of range (a MAC, a CIDR, an MTU, a name…).
 * - `already-exists`: the name or object is already taken (a device name, a bridge port…).
 * - `not-found`: a referenced object does not exist (a device, a namespace, a route…).
 * - `invalid-state`: the call is not allowed in the current state (re-entering `run`, a deleted device…).
 * - `event-failed`: a scheduled event threw; the original error is the `cause`.
 * - `event-limit`: `runUntilIdle()` gave up on a simulation that never becomes idle (an endless ping…).
 * - `storm`: a broadcast storm was detected (a loop of bridges without STP).
 * - `unsupported`: the model does not implement what was asked (see the documented limitations).
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'already-exists'
  | 'not-found'
  | 'invalid-state'
  | 'event-failed'
  | 'event-limit'
  | 'storm'
  | 'unsupported';

/**
 * The single error class of l2sim. `code` is stable; `message` names the objects involved.
 *
 * A call that throws an `L2SimError` leaves the model exactly as it was before the call.
 *
 * @example
 * ```ts
 * import { MacAddress, L2SimError } from 'l2sim';
 * try {
 *   MacAddress.parse('aa:bb');
 * } catch (e) {
 *   if (e instanceof L2SimError && e.code === 'invalid-argument') console.log(e.message);
 *   // invalid MAC address "aa:bb": expected 6 octets
 * }
 * ```
 */
export class L2SimError extends Error {
  /** The stable error code. */
  readonly code: ErrorCode;
  /** Structured details (the offending value, the object names…), JSON-ready. */
  readonly details: Readonly<Record<string, unknown>>;

  /**
   * @param code - the stable code
   * @param message - a message naming what was wrong
   * @param details - structured details
   * @param options - `cause`: the underlying error, if any
   */
  constructor(
    code: ErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'L2SimError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Throw an `invalid-argument` error. A helper for the many validating factories.
 *
 * @param message - what was wrong
 * @param details - structured details
 * @throws L2SimError always, with code `invalid-argument`
 * @example
 * ```ts
 * if (mtu < 68) invalidArgument(`invalid MTU ${mtu}: expected 68..65535`, { mtu });
 * ```
 */
export function invalidArgument(message: string, details: Readonly<Record<string, unknown>> = {}): never {
  throw new L2SimError('invalid-argument', message, details);
}
