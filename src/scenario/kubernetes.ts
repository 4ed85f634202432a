import { LinuxBridge } from '../bridge/index.js';
import { L2SimError } from '../errors/index.js';
import { validateDeviceName, type VethEnd, VethPair } from '../link/index.js';
import type { NetworkNamespace, Simulator } from '../netns/index.js';
import { Ipv4Address, Ipv4Cidr } from '../wire/index.js';

/** Options of {@link kubernetesNode}. */
export interface KubernetesNodeOptions {
  /** The node's namespace name (default `'node'`). */
  readonly name?: string;
  /** The node's pod CIDR, e.g. `'10.244.0.0/24'`: the gateway takes the first address, pods the next ones. */
  readonly podCidr: string;
  /** Pod names (each becomes a namespace), or a number of pods named `pod1`, `pod2`, … */
  readonly pods: readonly string[] | number;
  /** Bridge name (default `'cni0'`). */
  readonly bridge?: string;
  /** Host-side veth name for a pod (default `veth-<pod>` when it fits in 15 characters, else `veth` + 8 hex digits). */
  readonly vethName?: (pod: string, index: number) => string;
}

/** A pod made by {@link kubernetesNode}. */
export interface KubernetesPod {
  /** Pod name (its namespace's name). */
  readonly name: string;
  /** The pod's namespace. */
  readonly ns: NetworkNamespace;
  /** Its address, e.g. `'10.244.0.2'`. */
  readonly ip: string;
  /** Its address with prefix, e.g. `'10.244.0.2/24'`. */
  readonly cidr: string;
  /** `eth0` inside the pod. */
  readonly eth0: VethEnd;
  /** The host-side veth end, a port of the bridge. */
  readonly hostVeth: VethEnd;
  /** The veth pair. */
  readonly veth: VethPair;
}

/** A Kubernetes node as the CNI bridge plugin builds it. */
export interface KubernetesNode {
  /** The node namespace's name. */
  readonly name: string;
  /** The node namespace. */
  readonly ns: NetworkNamespace;
  /** The CNI bridge (`cni0`). */
  readonly bridge: LinuxBridge;
  /** The gateway address on the bridge, e.g. `'10.244.0.1'`. */
  readonly gateway: string;
  /** The pod CIDR. */
  readonly podCidr: string;
  /** The pods, in creation order. */
  readonly pods: readonly KubernetesPod[];
  /**
   * A pod by name.
   * @param name - pod name
   * @throws L2SimError `not-found` for an unknown pod
   */
  pod(name: string): KubernetesPod;
  /**
   * Add a pod the way the plugin does (veth, address, default route).
   * @param name - pod name (a new namespace)
   * @throws L2SimError `invalid-argument` for a bad name or a full CIDR; `already-exists` for an existing namespace
   */
  addPod(name: string): KubernetesPod;
}

/** Ports of a Linux bridge (BR_MAX_PORTS − 1). */
const MAX_PODS = 1023;

function hostVethName(pod: string, index: number): string {
  const n = `veth-${pod}`;
  if (n.length <= 15) return n;
  let h = 0x811c9dc5;
  for (let i = 0; i < pod.length; i++) h = Math.imul(h ^ pod.charCodeAt(i), 0x01000193);
  return `veth${((h ^ index) >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Build a Kubernetes node the way the CNI `bridge` plugin (with `host-local` IPAM and the
 * `loopback` plugin) makes it: a namespace for the node with the bridge `cni0` holding the
 * gateway address (the first address of the pod CIDR), and for each pod a namespace with `lo` up
 * and `eth0`, one end of a veth pair whose other end is a port of `cni0`; pod addresses come from
 * the pod CIDR in order (.2, .3, …) and every pod has a default route via the gateway.
 *
 * Everything is validated before anything is created: bad options leave the simulation unchanged.
 *
 * @param sim - the simulation
 * @param options - node name, pod CIDR, pods, bridge name
 * @returns the node: its namespace, bridge, gateway and pods
 * @throws L2SimError `invalid-argument` for a malformed CIDR, bad or duplicate names, or more pods
 *   than the CIDR holds; `already-exists` when a namespace of that name already exists
 * @example
 * ```ts
 * const k8s = kubernetesNode(sim, { podCidr: '10.244.0.0/24', pods: ['pod1', 'pod2'] });
 * k8s.pod('pod1').ns.ping(k8s.pod('pod2').ip, { count: 3 });
 * ```
 */
export function kubernetesNode(sim: Simulator, options: KubernetesNodeOptions): KubernetesNode {
  if (options === null || typeof options !== 'object') throw new L2SimError('invalid-argument', 'kubernetesNode: expected options { podCidr, pods }', {});
  const name = options.name ?? 'node';
  const bridgeName = options.bridge ?? 'cni0';
  const cidr = Ipv4Cidr.from(options.podCidr);
  if (cidr.address.value !== cidr.network.value) throw new L2SimError('invalid-argument', `invalid pod CIDR ${options.podCidr}: host bits are set`, {});
  if (cidr.prefixLength > 30) throw new L2SimError('invalid-argument', `invalid pod CIDR ${options.podCidr}: too small for a gateway and pods`, {});
  const podNames = typeof options.pods === 'number' ? Array.from({ length: options.pods }, (_, i) => `pod${i + 1}`) : [...options.pods];
  if (typeof options.pods === 'number' && (!Number.isSafeInteger(options.pods) || options.pods < 0)) {
    throw new L2SimError('invalid-argument', `invalid pod count ${String(options.pods)}`, {});
  }
  const vethName = options.vethName ?? hostVethName;
  validateDeviceName(bridgeName);
  const capacity = 2 ** (32 - cidr.prefixLength) - 3; // network, gateway, broadcast
  if (podNames.length > capacity) throw new L2SimError('invalid-argument', `pod CIDR ${options.podCidr} holds ${capacity} pods, not ${podNames.length}`, {});
  if (podNames.length > MAX_PODS) throw new L2SimError('invalid-argument', `${podNames.length} pods do not fit on one bridge: a Linux bridge takes ${MAX_PODS} ports`, {});
  if (sim.hasNamespace(name)) throw new L2SimError('already-exists', `namespace ${name} already exists`, { name });
  const taken = new Set<string>([name]);
  const vnames = new Set<string>([bridgeName, 'lo']);
  podNames.forEach((p, i) => {
    if (typeof p !== 'string' || taken.has(p) || sim.hasNamespace(p)) throw new L2SimError(sim.hasNamespace(p) ? 'already-exists' : 'invalid-argument', `pod name ${JSON.stringify(p)} is taken or repeated`, { pod: String(p) });
    if (p.length === 0 || /[/\s]/.test(p)) throw new L2SimError('invalid-argument', `invalid pod name ${JSON.stringify(p)}`, { pod: p });
    taken.add(p);
    const v = vethName(p, i);
    validateDeviceName(v);
    if (vnames.has(v)) throw new L2SimError('invalid-argument', `host veth name ${v} is repeated`, { veth: v });
    vnames.add(v);
  });

  const ns = sim.namespace(name);
  ns.lo.up();
  const bridge = new LinuxBridge(ns, bridgeName);
  bridge.up();
  const gw = Ipv4Address.fromNumber(cidr.network.value + 1).toString();
  ns.addAddress(bridgeName, `${gw}/${cidr.prefixLength}`);
  const pods: KubernetesPod[] = [];
  let next = cidr.network.value + 2;
  const last = cidr.broadcast.value - 1;
  const addPod = (pod: string): KubernetesPod => {
    if (next > last) throw new L2SimError('invalid-argument', `pod CIDR ${options.podCidr} is full`, {});
    if (pods.length >= MAX_PODS) throw new L2SimError('invalid-state', `bridge ${bridgeName} is full: a Linux bridge takes ${MAX_PODS} ports`, {});
    const hv = vethName(pod, pods.length);
    if (sim.hasNamespace(pod)) throw new L2SimError('already-exists', `namespace ${pod} already exists`, { pod });
    validateDeviceName(hv);
    if (ns.hasDevice(hv)) throw new L2SimError('already-exists', `device ${hv} already exists in ${name}`, { veth: hv });
    const podNs = sim.namespace(pod);
    podNs.lo.up();
    const veth = new VethPair({ ns, name: hv }, { ns: podNs, name: 'eth0' });
    const ip = Ipv4Address.fromNumber(next++).toString();
    veth.a.up();
    bridge.addPort(veth.a);
    podNs.addAddress('eth0', `${ip}/${cidr.prefixLength}`);
    veth.b.up();
    podNs.addRoute('default', { via: gw });
    const p: KubernetesPod = { name: pod, ns: podNs, ip, cidr: `${ip}/${cidr.prefixLength}`, eth0: veth.b, hostVeth: veth.a, veth };
    pods.push(p);
    return p;
  };
  for (const p of podNames) addPod(p);
  return {
    name,
    ns,
    bridge,
    gateway: gw,
    podCidr: String(cidr),
    get pods() {
      return [...pods];
    },
    pod(n: string): KubernetesPod {
      const p = pods.find((x) => x.name === n);
      if (p === undefined) throw new L2SimError('not-found', `no pod ${JSON.stringify(n)} on node ${name}`, { pod: n });
      return p;
    },
    addPod,
  };
}
