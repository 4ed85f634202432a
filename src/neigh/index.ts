/**
 * neigh — the ARP neighbour table with the kernel's NUD state machine.
 *
 * Pure and clock-free: time is passed in, the next deadline is returned, so another simulator can
 * drive it with its own clock. It may import errors, sim (time units only) and wire; it must not
 * import trace, link, bridge, route, netns or scenario, and it never holds an event loop.
 *
 * @packageDocumentation
 */
export { ArpTable, DEFAULT_NEIGH_PARAMS } from './arp-table.js';
export type { AdminNudState, ArpSolicit, ArpTableHooks, ArpTableOptions, NeighChange, NeighEntrySnapshot, NeighGcMember, NeighGcShared, NeighParams } from './arp-table.js';
export { Nud, NUD_CONNECTED, NUD_IN_TIMER, NUD_VALID, NUD_TRANSITIONS } from './state.js';
export type { NudStateName } from './state.js';
