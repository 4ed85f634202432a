/**
 * route — the route table with longest-prefix match.
 *
 * Pure: depends on errors and wire only; it must not import sim, trace, link, neigh, bridge,
 * netns or scenario. Devices are interface indexes.
 *
 * @packageDocumentation
 */
export { RouteTable, routeMatches } from './table.js';
export type { Route, RouteProto, RouteScope, RouteTableName, RouteType } from './table.js';
