/**
 * scenario — builders for common lessons: a Kubernetes node with a CNI bridge, …
 *
 * May import every layer; nothing imports it but the root index.
 *
 * @packageDocumentation
 */
export { kubernetesNode } from './kubernetes.js';
export type { KubernetesNode, KubernetesNodeOptions, KubernetesPod } from './kubernetes.js';
