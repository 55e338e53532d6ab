import { readFileSync } from 'node:fs';
import type { Resource } from './resource.js';
import { mapUnder } from './values.js';

/** The group of an apiVersion: `apps` for apps/v1, '' for the core v1. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

/**
 * Documents that configure a local tool and never reach an API server: kustomize's own files
 * (kustomize.config.k8s.io), component configuration (kubelet.config.k8s.io and the like) and
 * kubeconfig files (v1 Config).
 */
export function isLocalConfiguration(resource: Resource): boolean {
  const group = groupOf(resource.apiVersion);
  return (
    group.endsWith('.config.k8s.io') ||
    LOCAL_CONFIGURATION_GROUPS.has(group) ||
    resource.apiVersion === 'builtin' ||
    (resource.apiVersion === 'v1' && resource.kind === 'Config')
  );
}

/** Groups of tools' own configuration files (eksctl, kind); `apiVersion: builtin` is kustomize's plugins. */
const LOCAL_CONFIGURATION_GROUPS = new Set(['eksctl.io', 'kind.x-k8s.io']);

/** Kinds the API server serves whose schemas kubernetes-types does not describe (kube-aggregator). */
const BUILTIN_KINDS_WITHOUT_SCHEMA: ReadonlyMap<string, string> = new Map([['APIService', 'apiregistration.k8s.io/v1']]);

export function isBuiltinWithoutSchema(resource: Resource): boolean {
  return BUILTIN_KINDS_WITHOUT_SCHEMA.get(resource.kind) === resource.apiVersion;
}

export interface RemovedApi {
  apiVersion: string;
  kind: string;
  deprecatedIn: string | null;
  removedIn: string;
  replacement: string;
  source: string;
}

/** apiVersion → kind → row: two lookups, and no key string built for every resource asked about. */
let removedApis: Map<string, Map<string, RemovedApi>> | undefined;

/** The row of schemas/removed-apis.json for an apiVersion and kind, if Kubernetes removed it. */
export function removedApiOf(apiVersion: string, kind: string): RemovedApi | undefined {
  if (!removedApis) {
    const table = JSON.parse(readFileSync(new URL('../../schemas/removed-apis.json', import.meta.url), 'utf8')) as { apis: RemovedApi[] };
    removedApis = new Map();
    for (const row of table.apis) mapUnder(removedApis, row.apiVersion).set(row.kind, row);
  }
  return removedApis.get(apiVersion)?.get(kind);
}

/** Compares Kubernetes versions written X.Y: negative when a is older than b. */
export function compareKubernetesVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** `1.29`, `v1.29` or `1.29.3` as `1.29`; undefined when it is not a version. */
export function normalizeKubernetesVersion(text: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return match ? `${match[1]}.${match[2]}` : undefined;
}
