/**
 * l2sim — a faithful, deterministic simulator of Linux L2 networking.
 *
 * This is the curated public surface. Subpath entries: `l2sim/wire` (values and codecs only) and
 * `l2sim/sim` (the event loop and seeded random streams only).
 *
 * @packageDocumentation
 */
export { L2SimError, invalidArgument } from './errors/index.js';
export type { ErrorCode } from './errors/index.js';
export { EventLoop, Rng, parseDuration, formatTime, MICROSECOND, MILLISECOND, SECOND } from './sim/index.js';
export type { Duration, EventCallback, EventHandle, Nanoseconds, RunOptions, RunResult, Seed } from './sim/index.js';
export {
  MacAddress,
  Ipv4Address,
  Ipv4Cidr,
  Frame,
  EtherType,
  ETH_HLEN,
  ETH_P_802_3_MIN,
  ArpPacket,
  ArpOp,
  ARP_LEN,
  Ipv4Packet,
  IpProtocol,
  IcmpMessage,
  IcmpType,
  IcmpUnreachableCode,
} from './wire/index.js';
export type {
  ArpFields,
  DecodeError,
  DecodeFailure,
  DecodeLayer,
  DecodeResult,
  DecodeSuccess,
  Encodable,
  FrameHeader,
  Ipv4Init,
  RandomSource,
  VlanInit,
  VlanTag,
} from './wire/index.js';
export { Simulator, NetworkNamespace, Ping, Arping, topologyDiagram, sequenceDiagram } from './netns/index.js';
export { kubernetesNode } from './scenario/index.js';
export type { KubernetesNode, KubernetesNodeOptions, KubernetesPod } from './scenario/index.js';
export type {
  AddressSnapshot,
  ArpingOptions,
  ArpingReply,
  LinkPeer,
  LinkSnapshot,
  OutPacket,
  PingError,
  PingOptions,
  PingReply,
  RouteOptions,
  RouteSnapshot,
  SequenceOptions,
  SimulatorOptions,
  ViewName,
} from './netns/index.js';
export { NetDevice, VethPair, VethEnd, LoopbackDevice, validateDeviceName } from './link/index.js';
export type { DeviceEvent, DeviceOwner, DeviceStats, LinkContext, OperState, RxHandler, VethEndSpec, VethOptions } from './link/index.js';
export { LinuxBridge, BridgePort, ForwardingDatabase, FdbEntry } from './bridge/index.js';
export type {
  BridgeOptions,
  FdbChange,
  FdbEntrySnapshot,
  FdbOptions,
  FdbUserKind,
  ForwardDecision,
  LearnOutcome,
  PortFlags,
  PortSnapshot,
  PortState,
} from './bridge/index.js';
export { ArpTable, DEFAULT_NEIGH_PARAMS, Nud, NUD_CONNECTED, NUD_IN_TIMER, NUD_VALID, NUD_TRANSITIONS } from './neigh/index.js';
export type { AdminNudState, ArpSolicit, ArpTableHooks, ArpTableOptions, NeighChange, NeighEntrySnapshot, NeighGcMember, NeighGcShared, NeighParams, NudStateName } from './neigh/index.js';
export { RouteTable } from './route/index.js';
export type { Route, RouteProto, RouteScope, RouteTableName, RouteType } from './route/index.js';
export { Capture, Tracer, TRACE_KINDS, readPcap, formatTraceEvent, summarizeFrame, TraceRecorder } from './trace/index.js';
export type {
  CaptureOptions,
  CaptureRecord,
  DropReason,
  FormatOptions,
  RecorderOptions,
  FdbEvent,
  FrameDropEvent,
  FrameRxEvent,
  FrameTap,
  FrameTxEvent,
  LinkStateEvent,
  NeighStateEvent,
  PcapFile,
  PcapInterface,
  PcapPacket,
  PortStateEvent,
  TraceBase,
  TraceEvent,
  TraceKind,
  TraceListener,
} from './trace/index.js';
