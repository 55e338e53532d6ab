import type { Service } from 'kubernetes-types/core/v1.js';
import { isKind, keepNearest } from './resource.js';
import type { Resource } from './resource.js';
import type { ResourceIndex, Workload } from './resourceIndex.js';
import { asStringMap, mapUnder } from './values.js';

/**
 * The selector of a Service whose endpoints Kubernetes computes from pods. Services without a
 * selector (endpoints managed by hand) and ExternalName Services route to no pod.
 */
export function routableSelector(resource: Resource): ReadonlyMap<string, string> | undefined {
  if (!isKind<Service>(resource, 'Service') || resource.apiVersion !== 'v1') return undefined;
  // Remembered (null for none): several rules ask it of every Service.
  let selector = selectors.get(resource.object);
  if (selector === undefined) {
    const spec = resource.object.spec;
    const labels = spec?.type === 'ExternalName' ? undefined : asStringMap(spec?.selector);
    selector = labels && labels.size > 0 ? labels : null;
    selectors.set(resource.object, selector);
  }
  return selector ?? undefined;
}

const selectors = new WeakMap<object, ReadonlyMap<string, string> | null>();

/**
 * The workloads whose pods a Service sends traffic to. When its selector matches workloads in
 * several folders (overlays, environments, other applications), the nearest ones are its own.
 */
export function findWorkloadsBehindService(index: ResourceIndex, service: Resource): readonly Workload[] {
  // Remembered per index: several rules ask it of every Service.
  const behind = mapUnder(workloadsBehind, index);
  let workloads = behind.get(service);
  if (!workloads) {
    const selector = routableSelector(service);
    workloads = selector ? keepNearest(index.findWorkloadsSelectedBy(service.namespace, selector), service) : [];
    behind.set(service, workloads);
  }
  return workloads;
}

const workloadsBehind = new WeakMap<ResourceIndex, Map<Resource, readonly Workload[]>>();
