/**
 * sim — virtual time, the deterministic event loop and seeded random streams.
 *
 * This layer knows no networking: it must not import wire, trace, link, bridge, neigh, route,
 * netns or scenario. Time is an integer number of nanoseconds; randomness comes only from
 * {@link Rng}; nothing here reads the host's clock, its random source or its timers.
 *
 * @packageDocumentation
 */
export { EventLoop } from './loop.js';
export type { EventCallback, EventHandle, RunOptions, RunResult } from './loop.js';
export { Rng } from './rng.js';
export type { Seed } from './rng.js';
export { parseDuration, formatTime, MICROSECOND, MILLISECOND, SECOND } from './time.js';
export type { Duration, Nanoseconds } from './time.js';
export { L2SimError } from '../errors/index.js';
export type { ErrorCode } from '../errors/index.js';
