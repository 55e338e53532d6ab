import type { Container, PodSpec } from 'kubernetes-types/core/v1.js';
import type { Resource } from './resource.js';
import type { JsonPath } from './types.js';
import { asRecord, asString, asStringMap, getAt, isRecord, objectItems } from './values.js';

/** The pod template of a workload, wherever its kind keeps it. */
export interface PodTemplateRef {
  labels: ReadonlyMap<string, string>;
  /** Path of the template's labels within the resource (for findings and related locations). */
  labelsPath: JsonPath;
  /** Path of the template's annotations within the resource. */
  annotationsPath: JsonPath;
  spec?: PodSpec;
  specPath: JsonPath;
  /** Where the workload keeps the selector of its own pods; a Pod has none. */
  selectorPath?: JsonPath;
}

/**
 * Where each workload kind keeps its pod template ([] for a Pod, whose metadata and spec are the
 * template) and the selector of its own pods.
 */
const WORKLOAD_LAYOUTS: Readonly<Record<string, { template: JsonPath; selector?: JsonPath }>> = {
  Pod: { template: [] },
  Deployment: { template: ['spec', 'template'], selector: ['spec', 'selector'] },
  StatefulSet: { template: ['spec', 'template'], selector: ['spec', 'selector'] },
  DaemonSet: { template: ['spec', 'template'], selector: ['spec', 'selector'] },
  ReplicaSet: { template: ['spec', 'template'], selector: ['spec', 'selector'] },
  ReplicationController: { template: ['spec', 'template'], selector: ['spec', 'selector'] },
  Job: { template: ['spec', 'template'], selector: ['spec', 'selector'] },
  CronJob: { template: ['spec', 'jobTemplate', 'spec', 'template'], selector: ['spec', 'jobTemplate', 'spec', 'selector'] },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(WORKLOAD_LAYOUTS);

/** API groups the built-in workload kinds are served in (extensions/v1beta1 until 1.16). */
const WORKLOAD_GROUPS = ['apps/', 'batch/', 'extensions/'];

/**
 * True for a workload of a built-in kind and API group; a custom resource may reuse a kind name
 * (a kubebuilder project's `CronJob` in its own group) without being a workload.
 */
export function isBuiltInWorkload(resource: Resource): boolean {
  if (!Object.hasOwn(WORKLOAD_LAYOUTS, resource.kind)) return false;
  if (resource.apiVersion === 'v1') return true;
  for (const group of WORKLOAD_GROUPS) if (resource.apiVersion.startsWith(group)) return true;
  return false;
}

/** A resource that runs pods, with its pod template. */
export interface Workload {
  resource: Resource;
  template: PodTemplateRef;
}

/** The workloads among the resources, in their order. */
export function workloadsAmong(resources: Iterable<Resource>): Workload[] {
  const workloads: Workload[] = [];
  for (const resource of resources) {
    const template = podTemplateOf(resource);
    if (template) workloads.push({ resource, template });
  }
  return workloads;
}

/** Workloads that run `spec.replicas` copies of one pod (1 when unset), and that an autoscaler can scale. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** Templates already read: every rule asks for the template of every workload. */
const templates = new WeakMap<object, PodTemplateRef | null>();

/**
 * The pod template of any built-in workload kind, or undefined for other kinds, for custom
 * resources that reuse a workload's kind name, and for workloads without one.
 */
export function podTemplateOf(resource: Resource): PodTemplateRef | undefined {
  // Every resource is remembered, with null when it has no template: one lookup on later calls.
  let template = templates.get(resource.object);
  if (template === undefined) {
    template = (isBuiltInWorkload(resource) && readPodTemplate(resource)) || null;
    templates.set(resource.object, template);
  }
  return template ?? undefined;
}

/** The paths within each workload kind, built once: they are the same for every workload of the kind. */
const TEMPLATE_PATHS: Readonly<Record<string, { template: JsonPath; labels: JsonPath; annotations: JsonPath; spec: JsonPath; selector: JsonPath | undefined }>> = Object.fromEntries(
  Object.entries(WORKLOAD_LAYOUTS).map(([kind, { template, selector }]) => [
    kind,
    { template, labels: [...template, 'metadata', 'labels'], annotations: [...template, 'metadata', 'annotations'], spec: [...template, 'spec'], selector },
  ]),
);

function readPodTemplate(resource: Resource): PodTemplateRef | undefined {
  const paths = Object.hasOwn(TEMPLATE_PATHS, resource.kind) ? TEMPLATE_PATHS[resource.kind] : undefined;
  if (!paths) return undefined;
  const template = getAt(resource.object, paths.template);
  if (!isRecord(template)) return undefined;
  const metadata = template['metadata'];
  // One shape for every template (a Pod's has no selector, some no spec): rules read them all.
  return {
    labels: asStringMap(isRecord(metadata) ? metadata['labels'] : undefined),
    labelsPath: paths.labels,
    annotationsPath: paths.annotations,
    spec: asRecord(template['spec']) as PodSpec | undefined,
    specPath: paths.spec,
    selectorPath: paths.selector,
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
export function servingContainers(template: PodTemplateRef): readonly ServingContainer[] {
  // The serving ones among every container, listed once per template (several rules ask).
  let serving = servingOf.get(template);
  if (!serving) {
    serving = everyContainer(template).filter(({ role, container }) => role === 'container' || (role === 'initContainer' && container.restartPolicy === 'Always'));
    servingOf.set(template, serving);
  }
  return serving;
}

const servingOf = new WeakMap<PodTemplateRef, readonly ServingContainer[]>();

/** Any container of a pod, with where it sits and how a message names it. */
export interface PodContainer {
  container: Container;
  path: JsonPath;
  /** `container api`, `init container migrate`, `ephemeral container debugger`. */
  label: string;
  role: 'container' | 'initContainer' | 'ephemeralContainer';
}

const CONTAINER_LISTS = [
  ['containers', 'container', 'container'],
  ['initContainers', 'initContainer', 'init container'],
  ['ephemeralContainers', 'ephemeralContainer', 'ephemeral container'],
] as const;

/**
 * Every container of a pod template (app, init and ephemeral), for the rules that hold each one to
 * the same standard, as the Pod Security Standards do.
 */
export function everyContainer(template: PodTemplateRef): readonly PodContainer[] {
  let containers = containersOf.get(template);
  if (!containers) {
    containers = readContainers(template);
    containersOf.set(template, containers);
  }
  return containers;
}

/** Containers already listed, per template (templates are cached, so this holds). */
const containersOf = new WeakMap<PodTemplateRef, readonly PodContainer[]>();

function readContainers(template: PodTemplateRef): PodContainer[] {
  return CONTAINER_LISTS.flatMap(([field, role, noun]) =>
    objectItems<Container>(template.spec?.[field]).map(([container, i]) => ({
      container,
      path: [...template.specPath, field, i],
      label: `${noun} ${asString(container.name) ?? `#${i + 1}`}`,
      role,
    })),
  );
}
