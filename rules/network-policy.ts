import { describeResource } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import type { ResourceIndex } from '../src/resourceIndex.js';
import { defineRule } from '../src/rule.js';
import { labelSelectorSelects } from '../src/selector.js';
import { formatLabels } from '../src/text.js';
import { existingPrefix, getAt } from '../src/values.js';

/** API groups whose NetworkPolicy kind is the Kubernetes one (extensions/v1beta1 served it until 1.16). */
const KUBERNETES_POLICY_GROUPS = ['networking.k8s.io/', 'extensions/'];

/**
 * Policies of network plugins and of the AdminNetworkPolicy API, which isolate pods by selectors
 * this rule does not evaluate: where one is in view, whether a pod is isolated is not known.
 */
const NAMESPACED_FOREIGN_POLICIES = [
  { kind: 'NetworkPolicy', group: 'projectcalico.org/' },
  { kind: 'NetworkPolicy', group: 'crd.projectcalico.org/' },
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io/' },
];
const CLUSTER_FOREIGN_POLICIES = [
  { kind: 'GlobalNetworkPolicy', group: 'projectcalico.org/' },
  { kind: 'GlobalNetworkPolicy', group: 'crd.projectcalico.org/' },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io/' },
  { kind: 'AdminNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'BaselineAdminNetworkPolicy', group: 'policy.networking.k8s.io/' },
  { kind: 'ClusterNetworkPolicy', group: 'policy.networking.k8s.io/' },
];

export default defineRule({
  meta: {
    id: 'network-policy',
    description: "Every workload's pods are selected by some NetworkPolicy of their namespace",
    severity: 'warning',
    category: 'security',
    preset: 'all',
    scope: 'set',
    kubeLinter: ['non-isolated-pod'],
  },
  check({ workloads, index, report }) {
    if (CLUSTER_FOREIGN_POLICIES.some((policy) => ofGroup(index, policy.kind, policy.group).length > 0)) return;
    const foreignNamespaces = new Set(NAMESPACED_FOREIGN_POLICIES.flatMap((policy) => ofGroup(index, policy.kind, policy.group).map((resource) => resource.namespace)));
    for (const { resource, template } of workloads) {
      // A kustomize patch is partial: the labels a policy selects may be in its base.
      if (index.isKustomizePatch(resource) || foreignNamespaces.has(resource.namespace)) continue;
      // NetworkPolicies do not apply to pods on the node's network: no policy can isolate them.
      if (template.spec?.hostNetwork === true) continue;
      const policies = KUBERNETES_POLICY_GROUPS.flatMap((group) => ofGroup(index, 'NetworkPolicy', group, resource.namespace));
      // An absent podSelector reads as {} (the API server stores an empty selector): every pod.
      if (policies.some((policy) => labelSelectorSelects(getAt(policy.object, ['spec', 'podSelector']) ?? {}, template.labels))) continue;
      const pods = resource.kind === 'Pod' ? describeResource(resource) : `the pods of ${describeResource(resource)}`;
      const labels = template.labels.size > 0 ? ` (${formatLabels(template.labels)})` : ' (no labels)';
      const verb = resource.kind === 'Pod' ? 'is' : 'are';
      report(
        resource,
        existingPrefix(resource.object, template.labelsPath),
        `${pods}${labels} ${verb} selected by no NetworkPolicy in namespace ${resource.namespace}, so any pod of the cluster can connect to them and they can connect anywhere; add a NetworkPolicy whose podSelector selects them, or a default-deny policy (podSelector: {}) for the namespace`,
        { on: 'key' },
      );
    }
  },
});

/** Resources of a kind whose apiVersion is in an API group, in a namespace or in all. */
function ofGroup(index: ResourceIndex, kind: string, group: string, namespace?: string): readonly Resource[] {
  return index.ofKind(kind, namespace).filter((resource) => resource.apiVersion.startsWith(group));
}
