/** NUD states with the kernel's bit values (include/uapi/linux/neighbour.h). */
export const Nud = {
  /** 0x00: just created, nothing known */
  NONE: 0x00,
  /** 0x01: resolving; packets queued; broadcast probes */
  INCOMPLETE: 0x01,
  /** 0x02: confirmed recently */
  REACHABLE: 0x02,
  /** 0x04: MAC known, not confirmed */
  STALE: 0x04,
  /** 0x08: used while STALE; waiting for a confirmation */
  DELAY: 0x08,
  /** 0x10: sending unicast probes */
  PROBE: 0x10,
  /** 0x20: resolution failed */
  FAILED: 0x20,
  /** 0x40: no resolution needed */
  NOARP: 0x40,
  /** 0x80: static, admin only */
  PERMANENT: 0x80,
} as const;

/** A NUD state name as `ip neigh` prints it. */
export type NudStateName = keyof typeof Nud;

/** INCOMPLETE | REACHABLE | DELAY | PROBE: states with a running timer. */
export const NUD_IN_TIMER = Nud.INCOMPLETE | Nud.REACHABLE | Nud.DELAY | Nud.PROBE;
/** PERMANENT | NOARP | REACHABLE | PROBE | STALE | DELAY: states with a usable MAC. */
export const NUD_VALID = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.PROBE | Nud.STALE | Nud.DELAY;
/** PERMANENT | NOARP | REACHABLE */
export const NUD_CONNECTED = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE;

const NAMES = new Map<number, NudStateName>(Object.entries(Nud).map(([k, v]) => [v, k as NudStateName]));

/** The name of a state value. @internal */
export function nudName(state: number): NudStateName {
  return NAMES.get(state) ?? 'NONE';
}

/**
 * The kernel's transition graph: every (from, to) pair that a neighbour entry can take through
 * traffic, timers and flushes (not admin changes, which may set any state). `NONE` stands for
 * "no entry" on both ends (creation and deletion). Used by property tests.
 * A change that keeps the state (a new MAC while STALE) is not an edge.
 */
export const NUD_TRANSITIONS: ReadonlySet<string> = new Set(
  [
    ['NONE', 'INCOMPLETE'], // first packet
    ['NONE', 'STALE'], // request for us (neigh_event_ns), or arp_accept creation
    ['NONE', 'REACHABLE'], // arp_accept=1 creation by a unicast reply
    ['NONE', 'FAILED'], // mcast_solicit + app_solicit == 0
    ['INCOMPLETE', 'REACHABLE'],
    ['INCOMPLETE', 'STALE'],
    ['INCOMPLETE', 'FAILED'],
    ['REACHABLE', 'STALE'],
    ['REACHABLE', 'DELAY'],
    ['STALE', 'DELAY'],
    ['STALE', 'REACHABLE'],
    ['DELAY', 'REACHABLE'],
    ['DELAY', 'PROBE'],
    ['DELAY', 'STALE'],
    ['PROBE', 'REACHABLE'],
    ['PROBE', 'STALE'],
    ['PROBE', 'FAILED'],
    ['FAILED', 'INCOMPLETE'],
    ['FAILED', 'REACHABLE'],
    ['FAILED', 'STALE'],
    ['REACHABLE', 'NONE'], // flushes and GC
    ['STALE', 'NONE'],
    ['DELAY', 'NONE'],
    ['PROBE', 'NONE'],
    ['FAILED', 'NONE'],
    ['INCOMPLETE', 'NONE'],
    // Entries made by `ip neigh add` leave through flushes too: device down (`arp_ifdown`) and a
    // MAC change remove PERMANENT entries, carrier loss removes NOARP ones (checked on 6.18).
    ['PERMANENT', 'NONE'],
    ['NOARP', 'NONE'],
  ].map(([a, b]) => `${a}->${b}`),
);
