import { inNeighbourhood } from './namedObjects.js';
import type { Resource } from './resource.js';
import type { ResourceIndex } from './resourceIndex.js';
import type { JsonPath } from './types.js';
import { getAt, isRecord } from './values.js';

/** A workload's `spec.replicas` as written, or the API server's default of 1. */
export interface WrittenReplicas {
  count: number;
  /** Where it is written; undefined when it is not (the default applies). */
  path?: JsonPath;
}

/** `spec.replicas` of a Deployment, StatefulSet or ReplicaSet; a value that is not a whole number counts as unset. */
export function writtenReplicas(resource: Resource): WrittenReplicas {
  const path = ['spec', 'replicas'];
  const value = getAt(resource.object, path);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? { count: value, path } : { count: 1 };
}

/** A HorizontalPodAutoscaler that scales a workload, with the fewest replicas it scales it down to. */
export interface Autoscaler {
  resource: Resource;
  /** `spec.minReplicas`, or its default of 1. */
  minReplicas: number;
  /** `spec.minReplicas` when written, else the autoscaler's `spec`. */
  path: JsonPath;
}

/**
 * The HorizontalPodAutoscalers in the workload's namespace whose `scaleTargetRef` names it (kind and
 * name; every autoscaling/* version has both), defined in its neighbourhood: in a repository of many
 * applications, names like `frontend` recur, and another application's autoscaler is not this one's.
 */
export function autoscalersOf(index: ResourceIndex, workload: Resource): Autoscaler[] {
  if (workload.name === undefined) return [];
  return index.ofKind('HorizontalPodAutoscaler', workload.namespace).flatMap((hpa) => {
    const target = getAt(hpa.object, ['spec', 'scaleTargetRef']);
    if (!isRecord(target) || target['kind'] !== workload.kind || target['name'] !== workload.name) return [];
    if (!inNeighbourhood(workload.file.name, hpa.file.name)) return [];
    const minReplicas = getAt(hpa.object, ['spec', 'minReplicas']);
    return typeof minReplicas === 'number' && Number.isInteger(minReplicas) ? [{ resource: hpa, minReplicas, path: ['spec', 'minReplicas'] }] : [{ resource: hpa, minReplicas: 1, path: ['spec'] }];
  });
}
