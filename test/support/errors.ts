import { expect } from 'vitest';
import { type ErrorCode, L2SimError } from '../../src/errors/index.js';

/** Assert that `fn` throws an L2SimError with `code`; returns the error. */
export function expectCode(fn: () => unknown, code: ErrorCode): L2SimError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected an L2SimError with code ${code}`).toBeInstanceOf(L2SimError);
  expect((caught as L2SimError).code).toBe(code);
  return caught as L2SimError;
}
