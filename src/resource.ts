import type { PositionLookup } from './positions.js';
import type { JsonPath, KubeObject, ResourceRef } from './types.js';
import { asString, isRecord } from './values.js';

/** One file as the engine knows it: its name for people and how to find positions in it. */
export interface SourceFile {
  /** As a person would type it: relative to the working directory, `/` separators. */
  readonly name: string;
  /** Absolute path, or undefined for stdin. */
  readonly absolutePath?: string;
  /** Findings are reported only for named files; the others are context for cross-resource rules. */
  readonly named: boolean;
  readonly positions: PositionLookup;
  /** The text as read (without a byte-order mark): suppression comments are read from it. */
  readonly text: string;
}

/**
 * A Kubernetes object found in a file. `T` (a kubernetes-types interface) narrows `object` once a
 * rule has checked the kind with `isKind`; values are still untrusted, so read them defensively.
 */
export interface Resource<T extends object = KubeObject> {
  readonly object: T & KubeObject;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  /** `metadata.namespace`, or the default namespace when the object names none. */
  readonly namespace: string;
  readonly file: SourceFile;
  readonly documentIndex: number;
  /** Where the object sits in its document: [] for a whole document, ['items', 3] in a List. */
  readonly basePath: JsonPath;
}

/** Built-in kinds that live outside namespaces; every other kind is taken to be namespaced. */
const CLUSTER_SCOPED_KINDS = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver', 'CSINode',
  'CustomResourceDefinition', 'DeviceClass', 'FlowSchema', 'IngressClass', 'IPAddress', 'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy',
  'PriorityClass', 'PriorityLevelConfiguration', 'ResourceSlice', 'RuntimeClass', 'SelfSubjectAccessReview', 'SelfSubjectReview',
  'SelfSubjectRulesReview', 'ServiceCIDR', 'StorageClass', 'StorageVersionMigration', 'SubjectAccessReview', 'TokenReview',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
  'VolumeAttributesClass',
]);

/** True for the built-in kinds that live outside namespaces (the API server ignores their metadata.namespace). */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** The resource as findings name it; a namespaced resource that names no namespace is in the default one. */
export function resourceRef(resource: Resource): ResourceRef {
  const ref: ResourceRef = { apiVersion: resource.apiVersion, kind: resource.kind, documentIndex: resource.documentIndex };
  const written = resource.object.metadata?.namespace;
  const namespace = CLUSTER_SCOPED_KINDS.has(resource.kind) ? written : resource.namespace;
  if (typeof namespace === 'string') ref.namespace = namespace;
  if (resource.name !== undefined) ref.name = resource.name;
  return ref;
}

/** "Deployment backend-app" or "Deployment backend-app in namespace eks-work". */
export function describeResource(resource: Resource, options: { withNamespace?: boolean } = {}): string {
  const base = `${resource.kind} ${resource.name ?? '(unnamed)'}`;
  return options.withNamespace ? `${base} in namespace ${resource.namespace}` : base;
}

/**
 * What makes two definitions the same object in a cluster: API group, kind, namespace and name.
 * The same Service in a base and an overlay is one Service, not two.
 */
export function identityOf(resource: Resource): string {
  const slash = resource.apiVersion.indexOf('/');
  const group = slash >= 0 ? resource.apiVersion.slice(0, slash) : '';
  return `${group}\u0000${resource.kind}\u0000${resource.namespace}\u0000${resource.name ?? ''}`;
}

/**
 * Of the items found for `from`, those in the nearest files: the same file, else the same folder,
 * else the fewest folder steps away. In a repository of many applications or environments, labels
 * like `app: web` recur, and a Service belongs with the workloads beside it, not another app's.
 */
export function keepNearest<T extends { resource: Resource }>(items: readonly T[], from: Resource): T[] {
  const distances = items.map((item) => fileDistance(from.file.name, item.resource.file.name));
  const nearest = Math.min(...distances);
  return items.filter((_, i) => distances[i] === nearest);
}

/** Steps between two files through their folders: -1 for the same file, 0 for the same folder. */
export function fileDistance(a: string, b: string): number {
  if (a === b) return -1;
  const aParts = a.split('/').slice(0, -1);
  const bParts = b.split('/').slice(0, -1);
  let common = 0;
  while (common < aParts.length && common < bParts.length && aParts[common] === bParts[common]) common++;
  return aParts.length - common + (bParts.length - common);
}

/** An annotation's value when it is a string (another type is the schema rule's finding). */
export function annotationOf(resource: Resource, key: string): string | undefined {
  const annotations = resource.object.metadata?.annotations;
  return isRecord(annotations) && Object.hasOwn(annotations, key) ? asString(annotations[key]) : undefined;
}

/** The folder part of a display name; stdin (`<stdin>`) is a folder of its own, with nothing beside it. */
export function folderOf(fileName: string): string {
  return fileName.startsWith('<') ? fileName : fileName.slice(0, Math.max(0, fileName.lastIndexOf('/')));
}

export function isKind<T extends object>(resource: Resource, kind: string): resource is Resource<T> & Resource {
  return resource.kind === kind;
}
