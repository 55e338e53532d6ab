import type { Service } from 'kubernetes-types/core/v1.js';
import { isKind, keepNearest } from './resource.js';
import type { Resource } from './resource.js';
import type { ResourceIndex, Workload } from './resourceIndex.js';
import { asStringMap } from './values.js';

/**
 * The selector of a Service whose endpoints Kubernetes computes from pods. Services without a
 * selector (endpoints managed by hand) and ExternalName Services route to no pod.
 */
export function routableSelector(resource: Resource): ReadonlyMap<string, string> | undefined {
  if (!isKind<Service>(resource, 'Service') || resource.apiVersion !== 'v1') return undefined;
  const spec = resource.object.spec;
  if (spec?.type === 'ExternalName') return undefined;
  const selector = asStringMap(spec?.selector);
  return selector.size > 0 ? selector : undefined;
}

/**
 * The workloads whose pods a Service sends traffic to. When its selector matches workloads in
 * several folders (overlays, environments, other applications), the nearest ones are its own.
 */
export function findWorkloadsBehindService(index: ResourceIndex, service: Resource): readonly Workload[] {
  let known = workloadsBehind.get(index);
  if (!known) workloadsBehind.set(index, (known = new Map()));
  let workloads = known.get(service);
  if (!workloads) {
    const selector = routableSelector(service);
    workloads = selector ? keepNearest(index.findWorkloadsSelectedBy(service.namespace, selector), service) : [];
    known.set(service, workloads);
  }
  return workloads;
}

/** Per index, the workloads behind each Service already asked about: several rules ask for every Service. */
const workloadsBehind = new WeakMap<ResourceIndex, Map<Resource, readonly Workload[]>>();
