import type { Container, LimitRangeItem } from 'kubernetes-types/core/v1.js';
import { everyContainer } from '../src/podTemplate.js';
import type { ResourceIndex } from '../src/resourceIndex.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import { listInProse } from '../src/text.js';
import { asStringList, getAt, isRecord, objectItems } from '../src/values.js';

interface Options {
  /** Resources every container must request (`cpu`, `memory`, `ephemeral-storage`, …). */
  requests: string[];
  /** Resources every container must be limited in. */
  limits: string[];
  /** Whether ordinary init containers are held to the same lists (native sidecars always are). */
  initContainers: boolean;
}

const DEFAULT_OPTIONS: Options = { requests: ['cpu', 'memory'], limits: ['memory'], initContainers: true };

type Bound = 'requests' | 'limits';

/** What a namespace's LimitRanges fill in for a container that leaves an entry out. */
interface NamespaceDefaults {
  requests: ReadonlySet<string>;
  limits: ReadonlySet<string>;
}

export default defineRule<Options>({
  meta: {
    id: 'resources',
    description: 'Every container requests CPU and memory and has a memory limit (configurable), set in the container or by a LimitRange',
    severity: 'warning',
    category: 'reliability',
    preset: 'recommended',
    scope: 'set',
    options: optionsSchema({
      requests: { description: 'Resources every container must request (cpu, memory, ephemeral-storage, ...)', type: 'array', items: { type: 'string' } },
      limits: { description: 'Resources every container must be limited in', type: 'array', items: { type: 'string' } },
      initContainers: { description: 'Whether ordinary init containers are held to the same lists (native sidecars always are)', type: 'boolean' },
    }),
    kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
  },
  defaultOptions: DEFAULT_OPTIONS,
  check({ workloads, index, options, report }) {
    const required: Record<Bound, string[]> = {
      requests: asStringList(options.requests) ?? DEFAULT_OPTIONS.requests,
      limits: asStringList(options.limits) ?? DEFAULT_OPTIONS.limits,
    };
    const initContainers = typeof options.initContainers === 'boolean' ? options.initContainers : DEFAULT_OPTIONS.initContainers;
    const defaultsByNamespace = new Map<string, NamespaceDefaults>();
    const defaultsOf = (namespace: string): NamespaceDefaults => {
      let defaults = defaultsByNamespace.get(namespace);
      if (!defaults) defaultsByNamespace.set(namespace, (defaults = limitRangeDefaults(index, namespace)));
      return defaults;
    };
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // A kustomize patch is partial: the resources may be in the base it patches.
      if (index.isKustomizePatch(resource)) continue;
      const podLevel = getAt(template.spec, ['resources']);
      for (const { container, path, label, role } of everyContainer(template)) {
        // The API refuses resources on ephemeral containers: they use what the pod has.
        if (role === 'ephemeralContainer') continue;
        if (role === 'initContainer' && container.restartPolicy !== 'Always' && !initContainers) continue;
        const { missing, zero } = unmetEntries(container, required, (bound, resourceName) => podLevelSets(podLevel, bound, resourceName) || defaultsOf(resource.namespace)[bound].has(resourceName));
        if (missing.length === 0 && zero.length === 0) continue;
        const message = describe(label, missing, zero, resource.namespace);
        if (isRecord(container.resources)) report(resource, [...path, 'resources'], message, { on: 'key' });
        else report(resource, typeof container.name === 'string' ? [...path, 'name'] : path, message);
      }
    }
  },
});

/**
 * The required entries a container leaves out (and nothing fills in) or sets to zero, as
 * `resources.requests.cpu` paths.
 */
function unmetEntries(container: Container, required: Record<Bound, string[]>, filledIn: (bound: Bound, resourceName: string) => boolean): { missing: string[]; zero: string[] } {
  const missing: string[] = [];
  const zero: string[] = [];
  for (const bound of ['requests', 'limits'] as const) {
    for (const resourceName of required[bound]) {
      const written = getAt(container, ['resources', bound, resourceName]);
      const entry = `resources.${bound}.${resourceName}`;
      if (written !== undefined && written !== null) {
        // Kubernetes counts a zero request or limit as none (no reservation, no QoS, no cgroup limit), and fills nothing in over it.
        if (isZeroQuantity(written)) zero.push(entry);
        continue;
      }
      // An omitted request defaults to the container's own limit, in the API server.
      if (bound === 'requests' && isPositiveQuantity(getAt(container, ['resources', 'limits', resourceName]))) continue;
      if (!filledIn(bound, resourceName)) missing.push(entry);
    }
  }
  return { missing, zero };
}

function describe(label: string, missing: string[], zero: string[], namespace: string): string {
  const what = [
    ...(missing.length > 0 ? [`has no ${listInProse(missing)}`] : []),
    ...(zero.length > 0 ? [`sets ${listInProse(zero)} to 0, which Kubernetes counts as unset`] : []),
  ].join(', and ');
  const entries = [...missing, ...zero];
  const why: string[] = [];
  if (entries.some((entry) => entry.startsWith('resources.requests.'))) {
    why.push('the scheduler reserves nothing for it, and it is evicted first under pressure');
  }
  if (entries.includes('resources.limits.memory')) why.push("one leak can use up its node's memory");
  const otherLimits = entries.filter((entry) => entry.startsWith('resources.limits.') && entry !== 'resources.limits.memory').map((entry) => entry.slice('resources.limits.'.length));
  if (otherLimits.length > 0) why.push(`it can use all the ${listInProse(otherLimits)} of its node`);
  const them = entries.length === 1 ? 'it' : 'them';
  // A LimitRange fills in only what is left out, never an explicit 0.
  const fix = zero.length === 0 ? `set ${them}, or a LimitRange default for namespace ${namespace}` : `set ${them} above 0`;
  return `${label} ${what}: ${why.join('; ')}; ${fix}`;
}

/** Pod-level resources (spec.resources) are a budget the containers share: an entry there covers each of them. */
function podLevelSets(podLevel: unknown, bound: Bound, resourceName: string): boolean {
  if (isPositiveQuantity(getAt(podLevel, [bound, resourceName]))) return true;
  // A pod-level request, like a container's, defaults to the pod-level limit.
  return bound === 'requests' && isPositiveQuantity(getAt(podLevel, ['limits', resourceName]));
}

/**
 * The entries the namespace's LimitRanges (type Container) fill in, as the API server defaults
 * them: a default limit falls back to `max`; a default request to `defaultRequest`, then `default`,
 * `max`, `min`. A zero default fills in nothing Kubernetes counts.
 */
function limitRangeDefaults(index: ResourceIndex, namespace: string): NamespaceDefaults {
  const requests = new Set<string>();
  const limits = new Set<string>();
  for (const limitRange of index.ofKind('LimitRange', namespace)) {
    if (limitRange.apiVersion !== 'v1') continue;
    for (const [item] of objectItems<LimitRangeItem>(getAt(limitRange.object, ['spec', 'limits']))) {
      if (item.type !== 'Container') continue;
      addDefaults(limits, [item.default, item.max]);
      addDefaults(requests, [item.defaultRequest, item.default, item.max, item.min]);
    }
  }
  return { requests, limits };
}

/** Adds each resource name whose first value along the chain of maps is a positive quantity. */
function addDefaults(into: Set<string>, chain: unknown[]): void {
  const maps = chain.filter(isRecord);
  for (const resourceName of new Set(maps.flatMap((map) => Object.keys(map)))) {
    const first = maps.find((map) => Object.hasOwn(map, resourceName));
    if (first && isPositiveQuantity(first[resourceName])) into.add(resourceName);
  }
}

/**
 * A quantity that parses to zero: `0`, "0", "0m", "0Mi". The number before the suffix decides; a
 * value that is not a quantity at all is the schema rule's finding, and counts as set here.
 */
function isZeroQuantity(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  return typeof value === 'string' && Number.parseFloat(value) === 0;
}

function isPositiveQuantity(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !isZeroQuantity(value);
}
