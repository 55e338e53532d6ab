import type { Container, ContainerPort, PodAffinityTerm, TopologySpreadConstraint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { REPLICATED_KINDS } from '../src/podTemplate.js';
import { autoscalersOf, writtenReplicas } from '../src/replicas.js';
import type { PodTemplateRef } from '../src/podTemplate.js';
import { describeResource, keepNearest } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import type { RelatedNode } from '../src/rule.js';
import { labelSelectorMismatches } from '../src/selector.js';
import { formatLabels, plural } from '../src/text.js';
import { asArray, asString, getAt, isRecord, objectItems } from '../src/values.js';

interface Options {
  /** Workloads with fewer replicas than this are not checked. */
  minReplicas: number;
  /** Node labels whose values separate failure domains: spreading over one of them counts. */
  topologyKeys: string[];
}

const HOSTNAME = 'kubernetes.io/hostname';
const DEFAULT_TOPOLOGY_KEYS = [HOSTNAME, 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

export default defineRule<Options>({
  meta: {
    id: 'anti-affinity',
    description: "Workloads with several replicas spread them over nodes or zones (podAntiAffinity or topologySpreadConstraints on their own pods)",
    severity: 'warning',
    category: 'reliability',
    preset: 'strict',
    scope: 'set',
    options: optionsSchema({
      minReplicas: { description: 'Workloads with fewer replicas than this are not checked', type: 'integer', minimum: 1 },
      topologyKeys: { description: 'Node labels whose values separate failure domains: spreading over one of them counts', type: 'array', items: { type: 'string' } },
    }),
    kubeLinter: ['no-anti-affinity'],
  },
  defaultOptions: { minReplicas: 2, topologyKeys: DEFAULT_TOPOLOGY_KEYS },
  check({ workloads, index, options, report }) {
    const minReplicas = typeof options.minReplicas === 'number' && options.minReplicas >= 1 ? options.minReplicas : 2;
    const keys = Array.isArray(options.topologyKeys) ? options.topologyKeys.filter((key): key is string => typeof key === 'string') : DEFAULT_TOPOLOGY_KEYS;
    for (const { resource, template } of workloads) {
      // A kustomize patch is partial: the spreading may be in the base it patches.
      if (!REPLICATED_KINDS.includes(resource.kind) || index.isKustomizePatch(resource)) continue;
      const written = writtenReplicas(resource);
      // A replicas of the wrong type is the schema's finding.
      if (!written.path && getAt(resource.object, ['spec', 'replicas']) !== undefined) continue;
      const replicas = written.count;
      // The nearest autoscaler in view that scales it, if several do.
      const [autoscaler] = keepNearest(autoscalersOf(index, resource), resource);
      const count = Math.max(replicas, autoscaler?.minReplicas ?? 0);
      if (count < minReplicas) continue;
      // Two pods that take the same host port cannot share a node: the scheduler spreads them already.
      if (takesHostPort(template)) continue;
      const unspread = whyNotSpread(resource, template, keys);
      if (unspread === undefined) continue;
      // Point at replicas when it is what asks for several pods; else at the pod spec, which lacks the spreading.
      const byReplicas = written.path !== undefined && replicas >= minReplicas;
      const scale = byReplicas || !autoscaler
        ? `runs ${plural(replicas, 'replica')}`
        : `runs at least ${plural(count, 'replica')} (${describeResource(autoscaler.resource)} has minReplicas: ${count})`;
      const labels = template.labels.size > 0 ? formatLabels(template.labels) : 'the pod labels';
      const related: RelatedNode[] = autoscaler ? [{ resource: autoscaler.resource, path: autoscaler.path, message: `${describeResource(autoscaler.resource)} scales it` }] : [];
      report(
        resource,
        byReplicas ? ['spec', 'replicas'] : template.specPath,
        `${describeResource(resource)} ${scale}, but ${unspread}: the scheduler may put them all on one node, and that node's failure or drain takes them all down at once; add a topologySpreadConstraint on ${HOSTNAME} (or a podAntiAffinity term) whose labelSelector matches ${labels}`,
        byReplicas ? { related } : { related, on: 'key' },
      );
    }
  },
});

/** True when an app container takes a port of the node: a hostPort, or any port with hostNetwork. */
function takesHostPort(template: PodTemplateRef): boolean {
  const hostNetwork = template.spec?.hostNetwork === true;
  return objectItems<Container>(template.spec?.containers).some(([container]) =>
    objectItems<ContainerPort>(container.ports).some(([port]) => (typeof port.hostPort === 'number' && port.hostPort > 0) || (hostNetwork && typeof port.containerPort === 'number')),
  );
}

/** Why the pods are not spread over the topology keys, or undefined when a term or constraint spreads them. */
function whyNotSpread(resource: Resource, template: PodTemplateRef, keys: readonly string[]): string | undefined {
  const spec = template.spec;
  const antiAffinity = getAt(spec, ['affinity', 'podAntiAffinity']);
  const terms: { term: PodAffinityTerm | TopologySpreadConstraint; what: string; namespaces?: unknown }[] = [
    ...objectItems<PodAffinityTerm>(getAt(antiAffinity, ['requiredDuringSchedulingIgnoredDuringExecution'])).map(([term]) => ({ term, what: 'podAntiAffinity term', namespaces: term.namespaces })),
    ...objectItems<WeightedPodAffinityTerm>(getAt(antiAffinity, ['preferredDuringSchedulingIgnoredDuringExecution']))
      .filter(([weighted]) => isRecord(weighted.podAffinityTerm))
      .map(([weighted]) => ({ term: weighted.podAffinityTerm, what: 'podAntiAffinity term', namespaces: weighted.podAffinityTerm.namespaces })),
    ...objectItems<TopologySpreadConstraint>(spec?.topologySpreadConstraints).map(([term]) => ({ term, what: 'topologySpreadConstraint' })),
  ];
  if (terms.length === 0) return 'it sets neither podAntiAffinity nor topologySpreadConstraints';
  let first: string | undefined;
  for (const { term, what, namespaces } of terms) {
    const problem = termProblem(resource, template, term, namespaces, keys);
    if (problem === undefined) return undefined;
    first ??= `its ${what} ${problem}`;
  }
  return first;
}

/** Why one term does not spread the workload's own pods over a node or zone key. */
function termProblem(resource: Resource, template: PodTemplateRef, term: PodAffinityTerm | TopologySpreadConstraint, namespaces: unknown, keys: readonly string[]): string | undefined {
  const topologyKey = asString(term.topologyKey);
  if (topologyKey === undefined || !keys.includes(topologyKey)) {
    return `spreads over topologyKey ${topologyKey ?? '(none)'}, which is not a node or zone key (${keys.join(', ')}; set the topologyKeys option if your nodes carry another)`;
  }
  // An absent labelSelector selects no pod at all.
  if (!isRecord(term.labelSelector)) return 'has no labelSelector, so it counts no pod';
  const [mismatch] = labelSelectorMismatches(term.labelSelector, template.labels);
  if (mismatch) return `selects other pods, not its own (its labelSelector ${mismatch.reason})`;
  // Without namespaces the term is about the pod's own namespace.
  const listed = asArray(namespaces).filter((namespace): namespace is string => typeof namespace === 'string');
  if (listed.length > 0 && !listed.includes(resource.namespace)) return `looks only at namespaces ${listed.join(', ')}, not ${resource.namespace}, where its pods run`;
  return undefined;
}
