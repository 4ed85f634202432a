/**
 * bridge — the Linux bridge: its forwarding database (learning, ageing) and LinuxBridge (ports,
 * port states, flooding, the bridge as a device).
 *
 * Depends on errors, sim, wire, trace and link. It never imports netns: the namespace is seen
 * through link's `DeviceOwner`. The FDB is clock-free (time passed in, next deadline returned),
 * and `LinuxBridge.decide` gives the forwarding decision without sending, for embedders.
 *
 * @packageDocumentation
 */
export { ForwardingDatabase, FdbEntry } from './fdb.js';
export type { FdbChange, FdbEntrySnapshot, FdbOptions, FdbUserKind, LearnOutcome } from './fdb.js';
export { LinuxBridge, BridgePort } from './bridge.js';
export type { BridgeOptions, ForwardDecision, PortFlags, PortSnapshot, PortState } from './bridge.js';
