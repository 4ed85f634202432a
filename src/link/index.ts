/**
 * link — the NetDevice contract, veth pairs and the loopback device.
 *
 * Depends on sim, wire and trace. It must not import bridge, neigh, route, netns or scenario:
 * namespaces and masters are seen through the `DeviceOwner` and `RxHandler` interfaces.
 *
 * @packageDocumentation
 */
export { NetDevice, validateDeviceName, validateMtu } from './device.js';
export type { DeviceEvent, DeviceOwner, DeviceStats, LinkContext, OperState, RxHandler } from './device.js';
export { VethEnd, VethPair } from './veth.js';
export type { VethEndSpec, VethOptions } from './veth.js';
export { LoopbackDevice } from './loopback.js';
