// A standalone ArpTable driven by its own clock, with every hook call recorded as text.
import { ArpTable, DEFAULT_NEIGH_PARAMS, type NeighChange, type NeighGcShared, type NeighParams } from '../../src/neigh/index.js';
import { Ipv4Address, MacAddress } from '../../src/wire/index.js';

export const S = 1_000_000_000;
export const MS = 1_000_000;

/** Dotted-decimal text → 32-bit value. */
export const ipv = (s: string): number => Ipv4Address.parse(s).value;
/** MAC text → 48-bit value. */
export const macv = (s: string): number => MacAddress.parse(s).value;
const ipText = (v: number): string => Ipv4Address.fromNumber(v).toString();
const macText = (v: number): string => MacAddress.fromNumber(v).toString();

export interface HarnessOptions {
  params?: (dev: number) => NeighParams;
  randomInt?: (dev: number, min: number, max: number) => number;
  gc?: NeighGcShared;
  deviceNames?: Record<string, number>;
}

export interface Harness {
  table: ArpTable<string>;
  /** Every hook call, in order, as text. */
  calls: string[];
  changes: NeighChange[];
  /** Return the calls recorded since the last take() and forget them. */
  take(): string[];
  /** Poll at every deadline up to and including `t` (as an event loop would), then set now = t. */
  runTo(t: number): void;
  now: number;
}

/** Parameters with overrides (time fields in nanoseconds). */
export const params = (o: Partial<NeighParams> = {}): NeighParams => ({ ...DEFAULT_NEIGH_PARAMS, ...o });

export function harness(o: HarnessOptions = {}): Harness {
  const calls: string[] = [];
  const changes: NeighChange[] = [];
  let mark = 0;
  const names = o.deviceNames;
  const h: Harness = {
    calls,
    changes,
    now: 0,
    table: new ArpTable<string>({
      hooks: {
        solicit: (p) => calls.push(`solicit dev${p.dev} ${ipText(p.target)} ${p.dstMac === null ? 'broadcast' : `unicast ${macText(p.dstMac)}`} hint=${String(p.hint)}`),
        transmit: (pkt, dev, mac) => calls.push(`transmit dev${dev} ${pkt} -> ${macText(mac)}`),
        failed: (pkt, dev, target) => calls.push(`failed dev${dev} ${pkt} (${ipText(target)})`),
        discarded: (pkt, dev, target) => calls.push(`discarded dev${dev} ${pkt} (${ipText(target)})`),
        changed: (c) => {
          changes.push(c);
          calls.push(`changed dev${c.dev} ${ipText(c.ip)} ${c.from}->${c.to}${c.to !== 'NONE' && c.lladdr >= 0 ? ` ${macText(c.lladdr)}` : ''}`);
        },
      },
      ...(o.params ? { params: o.params } : {}),
      ...(o.randomInt ? { randomInt: o.randomInt } : {}),
      ...(o.gc ? { gc: o.gc } : {}),
      ...(names ? { deviceIndex: (n: string) => names[n], deviceName: (d: number) => Object.keys(names).find((k) => names[k] === d) ?? String(d) } : {}),
    }),
    take(): string[] {
      const out = calls.slice(mark);
      mark = calls.length;
      return out;
    },
    runTo(t: number): void {
      for (;;) {
        const d = h.table.nextDeadline();
        if (d === undefined || d > t) break;
        h.now = d;
        h.table.poll(d);
      }
      h.now = t;
    },
  };
  return h;
}

/** `take()` calls, each prefixed with the time in seconds, while running to each listed instant. */
export function timeline(h: Harness, until: number): string[] {
  const out: string[] = [];
  for (;;) {
    const d = h.table.nextDeadline();
    if (d === undefined || d > until) break;
    h.now = d;
    h.table.poll(d);
    for (const c of h.take()) out.push(`${d / S}s ${c}`);
  }
  h.now = until;
  return out;
}
