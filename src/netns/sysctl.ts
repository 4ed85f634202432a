import { L2SimError } from '../errors/index.js';
import { DEFAULT_NEIGH_PARAMS, type NeighParams } from '../neigh/index.js';
import { MILLISECOND, SECOND } from '../sim/index.js';

/** The IPv4 per-device configuration (`net.ipv4.conf.*`) that the model reads. */
export interface DevConf {
  arp_ignore: number;
  arp_announce: number;
  arp_accept: number;
  arp_notify: number;
  arp_filter: number;
  proxy_arp: number;
  drop_gratuitous_arp: number;
  forwarding: number;
  arp_evict_nocarrier: number;
}

/** Kernel defaults of `net.ipv4.conf.*`. */
export const DEFAULT_DEVCONF: Readonly<DevConf> = Object.freeze({
  arp_ignore: 0,
  arp_announce: 0,
  arp_accept: 0,
  arp_notify: 0,
  arp_filter: 0,
  proxy_arp: 0,
  drop_gratuitous_arp: 0,
  forwarding: 0,
  arp_evict_nocarrier: 1,
});

const CONF_RANGES: Readonly<Record<keyof DevConf, readonly number[]>> = {
  arp_ignore: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  arp_announce: [0, 1, 2],
  arp_accept: [0, 1, 2],
  arp_notify: [0, 1],
  arp_filter: [0, 1],
  proxy_arp: [0, 1],
  drop_gratuitous_arp: [0, 1],
  forwarding: [0, 1],
  arp_evict_nocarrier: [0, 1],
};

/** How a neighbour sysctl maps to {@link NeighParams}: field and unit (nanoseconds per unit). */
const NEIGH_KEYS: Readonly<Record<string, { field: keyof NeighParams; unit: number }>> = {
  base_reachable_time: { field: 'baseReachableTime', unit: SECOND },
  base_reachable_time_ms: { field: 'baseReachableTime', unit: MILLISECOND },
  retrans_time: { field: 'retransTime', unit: 10 * MILLISECOND }, // USER_HZ (1/100 s)
  retrans_time_ms: { field: 'retransTime', unit: MILLISECOND },
  delay_first_probe_time: { field: 'delayFirstProbeTime', unit: SECOND },
  gc_stale_time: { field: 'gcStaleTime', unit: SECOND },
  locktime: { field: 'locktime', unit: 10 * MILLISECOND }, // USER_HZ
  mcast_solicit: { field: 'mcastSolicit', unit: 0 },
  ucast_solicit: { field: 'ucastSolicit', unit: 0 },
  app_solicit: { field: 'appSolicit', unit: 0 },
  mcast_resolicit: { field: 'mcastResolicit', unit: 0 },
  unres_qlen: { field: 'unresQlen', unit: 0 },
};

/** Table-wide neighbour sysctls (only under `net.ipv4.neigh.default`). */
const NEIGH_GLOBAL = ['gc_thresh1', 'gc_thresh2', 'gc_thresh3'] as const;

/** A parsed sysctl name. @internal */
export type SysctlKey =
  | { kind: 'ns'; key: 'ip_forward' | 'ip_default_ttl' | 'icmp_echo_ignore_broadcasts' }
  | { kind: 'conf'; scope: 'all' | 'default' | 'dev'; dev?: string; key: keyof DevConf }
  | { kind: 'neigh'; scope: 'default' | 'dev'; dev?: string; key: string; field: keyof NeighParams; unit: number }
  | { kind: 'neigh-gc'; key: (typeof NEIGH_GLOBAL)[number] };

/**
 * Parse a sysctl name (`net.ipv4.conf.eth0.arp_ignore`, or with `/` separators).
 * @internal
 */
export function parseSysctlName(name: string): SysctlKey {
  if (typeof name !== 'string') throw new L2SimError('invalid-argument', 'invalid sysctl name: expected a string', {});
  const n = name.includes('/') ? name.replace(/^\/?(proc\/sys\/)?/, '').split('/').join('\u0000') : name.split('.').join('\u0000');
  const parts = n.split('\u0000');
  const unknown = (): never => {
    throw new L2SimError('not-found', `unknown sysctl ${name}: l2sim models net.ipv4.{ip_forward, ip_default_ttl, icmp_echo_ignore_broadcasts}, net.ipv4.conf.{all,default,DEV}.{${Object.keys(DEFAULT_DEVCONF).join(',')}} and net.ipv4.neigh.{default,DEV}.{${Object.keys(NEIGH_KEYS).join(',')}}`, { name });
  };
  if (parts[0] !== 'net' || parts[1] !== 'ipv4') return unknown();
  if (parts.length === 3 && (parts[2] === 'ip_forward' || parts[2] === 'ip_default_ttl' || parts[2] === 'icmp_echo_ignore_broadcasts')) {
    return { kind: 'ns', key: parts[2] };
  }
  if (parts.length >= 5 && (parts[2] === 'conf' || parts[2] === 'neigh')) {
    const key = parts[parts.length - 1]!;
    const who = parts.slice(3, -1).join('.');
    if (parts[2] === 'conf') {
      if (!(key in DEFAULT_DEVCONF)) return unknown();
      const k = key as keyof DevConf;
      if (who === 'all' || who === 'default') return { kind: 'conf', scope: who, key: k };
      return { kind: 'conf', scope: 'dev', dev: who, key: k };
    }
    if ((NEIGH_GLOBAL as readonly string[]).includes(key)) {
      if (who !== 'default') return unknown();
      return { kind: 'neigh-gc', key: key as (typeof NEIGH_GLOBAL)[number] };
    }
    const m = NEIGH_KEYS[key];
    if (m === undefined) return unknown();
    if (who === 'default') return { kind: 'neigh', scope: 'default', key, field: m.field, unit: m.unit };
    return { kind: 'neigh', scope: 'dev', dev: who, key, field: m.field, unit: m.unit };
  }
  return unknown();
}

/** Parse and range-check a value written to a sysctl. @internal */
export function sysctlValue(name: string, key: SysctlKey, value: number | string): number {
  const v = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new L2SimError('invalid-argument', `invalid value ${JSON.stringify(value)} for ${name}: expected an integer`, { name, value: String(value) });
  }
  const range = (ok: boolean, what: string): number => {
    if (!ok) throw new L2SimError('invalid-argument', `invalid value ${v} for ${name}: expected ${what}`, { name, value: v });
    return v;
  };
  switch (key.kind) {
    case 'ns':
      if (key.key === 'ip_default_ttl') return range(v >= 1 && v <= 255, '1..255');
      return range(v === 0 || v === 1, '0 or 1');
    case 'conf': {
      const allowed = CONF_RANGES[key.key];
      return range(allowed.includes(v), allowed.join(', '));
    }
    case 'neigh':
      return range(v >= 0 && v <= 0x7fff_ffff, 'a non-negative integer');
    case 'neigh-gc':
      return range(v >= 0 && v <= 0x7fff_ffff, 'a non-negative integer');
  }
}

/** Convert a kernel-unit value to nanoseconds (or a count) for {@link NeighParams}. @internal */
export function neighToParams(unit: number, v: number): number {
  return unit === 0 ? v : v * unit;
}

/** @internal */
export function neighFromParams(p: NeighParams, field: keyof NeighParams, unit: number): number {
  const v = p[field];
  return unit === 0 ? v : Math.floor(v / unit);
}

/** @internal */
export const DEFAULT_PARAMS = DEFAULT_NEIGH_PARAMS;
