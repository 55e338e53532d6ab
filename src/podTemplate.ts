import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { Resource } from './resource.js';
import type { JsonPath } from './types.js';
import { asRecord, asStringMap, getAt, isRecord, objectItems } from './values.js';

/** The pod template of a workload, wherever its kind keeps it. */
export interface PodTemplateRef {
  labels: ReadonlyMap<string, string>;
  /** Path of the template's labels within the resource (for findings and related locations). */
  labelsPath: JsonPath;
  spec?: PodSpec;
  specPath: JsonPath;
}

/** Where each workload kind keeps its pod template: [] for a Pod, whose metadata and spec are the template. */
const POD_TEMPLATE_PATHS: Readonly<Record<string, JsonPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/** The pod template of any workload kind, or undefined for other kinds and workloads without one. */
export function podTemplateOf(resource: Resource): PodTemplateRef | undefined {
  const templatePath = Object.hasOwn(POD_TEMPLATE_PATHS, resource.kind) ? POD_TEMPLATE_PATHS[resource.kind] : undefined;
  if (!templatePath) return undefined;
  const template = getAt(resource.object, templatePath);
  if (!isRecord(template)) return undefined;
  const spec = asRecord(template['spec']) as PodSpec | undefined;
  return {
    labels: asStringMap(getAt(template, ['metadata', 'labels'])),
    labelsPath: [...templatePath, 'metadata', 'labels'],
    ...(spec ? { spec } : {}),
    specPath: [...templatePath, 'spec'],
  };
}

/** A container that can receive traffic, with the path to it inside the resource. */
export interface ServingContainer {
  container: Container;
  path: JsonPath;
}

/**
 * Containers that serve traffic: every app container, and the native sidecars (init containers
 * with `restartPolicy: Always`); ordinary init containers have exited before the pod is ready.
 */
export function servingContainers(template: PodTemplateRef): ServingContainer[] {
  const serving: ServingContainer[] = objectItems<Container>(template.spec?.containers).map(([container, i]) => ({ container, path: [...template.specPath, 'containers', i] }));
  for (const [container, i] of objectItems<Container>(template.spec?.initContainers)) {
    if (container.restartPolicy === 'Always') serving.push({ container, path: [...template.specPath, 'initContainers', i] });
  }
  return serving;
}
