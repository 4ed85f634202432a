/**
 * trace — observation: typed trace events with reasons, the event bus, captures and the
 * pcap/pcapng writer and reader.
 *
 * Depends on wire and sim only; it must not import link, bridge, neigh, route, netns or
 * scenario (devices are named by strings here, never held).
 *
 * @packageDocumentation
 */
export { Tracer } from './tracer.js';
export type { TraceListener } from './tracer.js';
export { TRACE_KINDS } from './events.js';
export type {
  DropReason,
  FdbEvent,
  FrameDropEvent,
  FrameRxEvent,
  FrameTxEvent,
  LinkStateEvent,
  NeighStateEvent,
  PortStateEvent,
  TraceBase,
  TraceEvent,
  TraceKind,
} from './events.js';
export { Capture } from './capture.js';
export type { CaptureOptions, FrameTap } from './capture.js';
export { readPcap, writePcap, writePcapng } from './pcap.js';
export type { CaptureRecord, PcapFile, PcapInterface, PcapPacket } from './pcap.js';
export { formatTraceEvent, summarizeFrame, TraceRecorder } from './format.js';
export type { FormatOptions, RecorderOptions } from './format.js';
