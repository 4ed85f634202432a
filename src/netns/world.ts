import type { LinkContext } from '../link/index.js';
import type { NeighGcShared } from '../neigh/index.js';
import type { Rng } from '../sim/index.js';

/** What a namespace needs from its simulation, beyond the link context. @internal */
export interface World extends LinkContext {
  /** The root seeded generator. */
  readonly rng: Rng;
  /** Neighbour GC thresholds and the entry count shared by all namespaces (Linux's global `arp_tbl`). */
  readonly neighGc: NeighGcShared;
  /** Next IPv4 identification for (namespace, src, dst, protocol), from the hashed counters. */
  nextIpId(nsId: number, src: number, dst: number, proto: number): number;
  /** A namespace was deleted. */
  namespaceDeleted(name: string): void;
}
