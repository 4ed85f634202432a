/**
 * netns — the Simulator world and NetworkNamespace: devices, IPv4 addresses and routes, ARP and
 * ICMP processing, sysctls, ping and arping, and the iproute2-shaped views.
 *
 * May import every layer below it (errors, sim, wire, trace, neigh, route, link, bridge); it must
 * not import scenario.
 *
 * @packageDocumentation
 */
export { Simulator } from './simulator.js';
export type { SimulatorOptions } from './simulator.js';
export { NetworkNamespace } from './namespace.js';
export type { AddressSnapshot, RouteOptions, RouteSnapshot, ViewName } from './namespace.js';
export type { LinkPeer, LinkSnapshot } from './views.js';
export type { OutPacket } from './inet.js';
export { Ping } from './ping.js';
export type { PingError, PingOptions, PingReply } from './ping.js';
export { Arping } from './arping.js';
export type { ArpingOptions, ArpingReply } from './arping.js';
export { topologyDiagram, sequenceDiagram } from './diagram.js';
export type { SequenceOptions } from './diagram.js';
