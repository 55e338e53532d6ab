import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import { inNeighbourhood, NamedObjects } from '../src/namedObjects.js';
import type { NamedObject } from '../src/namedObjects.js';
import { podReferences } from '../src/podReferences.js';
import type { PodReference } from '../src/podReferences.js';
import { REPLICATED_KINDS, WORKLOAD_KINDS, workloadsAmong } from '../src/podTemplate.js';
import { describeResource, isKind } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { labelDifferences } from '../src/resourceIndex.js';
import type { LabelDifference, Workload } from '../src/resourceIndex.js';
import { defineRule } from '../src/rule.js';
import type { RelatedNode, RuleContext } from '../src/rule.js';
import { isEmptyLabelSelector, labelSelectorMismatches, labelSelectorSelects } from '../src/selector.js';
import { editDistance, formatLabels, isPlausibleTypo, listInProse, nearestString } from '../src/text.js';
import type { JsonPath } from '../src/types.js';
import { asArray, asString, asStringMap, isRecord } from '../src/values.js';


export default defineRule({
  meta: {
    id: 'reference-exists',
    description: "Names a resource refers to (ConfigMaps, Secrets and their keys, ServiceAccounts, a StatefulSet's headless Service, an HPA's target) exist in its namespace, and PDB and NetworkPolicy selectors select some pod",
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
    kubeLinter: ['non-existent-service-account', 'dangling-horizontalpodautoscaler', 'dangling-networkpolicy'],
  },
  check(context) {
    const objects = new NamedObjects(context.index);
    for (const { resource, template } of context.workloads) {
      for (const reference of podReferences(template)) checkPodReference(context, objects, resource, reference);
    }
    for (const resource of context.resources) {
      if (isKind<StatefulSet>(resource, 'StatefulSet')) checkServiceName(context, objects, resource);
      else if (isKind<HorizontalPodAutoscaler>(resource, 'HorizontalPodAutoscaler')) checkScaleTarget(context, objects, resource);
      else if (isKind<PodDisruptionBudget>(resource, 'PodDisruptionBudget')) {
        checkSelector(context, objects, resource, resource.object.spec?.selector, ['spec', 'selector'], `${describeResource(resource)} selects`, 'so it protects no pod from eviction');
      } else if (isKind<NetworkPolicy>(resource, 'NetworkPolicy')) {
        // Only the pods the policy applies to: peers are often clients deployed by someone else.
        checkSelector(context, objects, resource, resource.object.spec?.podSelector, ['spec', 'podSelector'], `${describeResource(resource)} applies to pods with`, 'so the policy applies to no pod');
      }
    }
  },
});

/** What a pod lacks when a reference does not resolve, in the words of the resulting failure. */
function consequenceOf(resource: Resource, reference: PodReference): string {
  if (reference.kind === 'ServiceAccount') return `so the API server rejects ${resource.kind === 'Pod' ? 'the pod' : 'its pods'} (serviceaccount not found)`;
  if (reference.usedBy === 'container') return `so container ${reference.container ?? ''} cannot start (CreateContainerConfigError)`;
  return 'so the pod cannot start: the volume cannot be mounted';
}

function checkPodReference(context: RuleContext, objects: NamedObjects, resource: Resource, reference: PodReference): void {
  // The pod starts without an optional source; the `default` account exists in every namespace.
  if (reference.optional || (reference.kind === 'ServiceAccount' && reference.name === 'default')) return;
  const found = objects.find(reference.kind, resource.namespace, reference.name);
  if (found.length === 0) {
    reportMissing(context, objects, resource, reference.kind, reference.name, reference.path, `${reference.via} names`, consequenceOf(resource, reference));
    return;
  }
  if (reference.keys.length === 0) return;
  // Keys are known only for objects written out with data; generated ones and empty shells are filled elsewhere.
  const written = found.filter((object) => !object.generated);
  if (written.length < found.length || written.every((object) => context.index.isKustomizePatch(object.resource))) return;
  const keys = new Set(written.flatMap((object) => dataKeys(object.resource)));
  if (keys.size === 0) return;
  const [definition] = written;
  for (const { key, path } of reference.keys) {
    if (keys.has(key)) continue;
    const hint = nearestString(key, keys);
    const listing = [...keys].sort();
    const shown = listing.length > 8 ? `${listing.slice(0, 8).join(', ')}, …` : listing.join(', ');
    const message = `key ${JSON.stringify(key)} is not in ${reference.kind} ${reference.name} (keys: ${shown}), ${consequenceOf(resource, reference)}${hint ? `; did you mean ${hint}?` : ''}`;
    const related: RelatedNode[] = definition ? [{ resource: definition.resource, path: dataPathOf(definition.resource, hint), message: `the data of ${describeResource(definition.resource)}` }] : [];
    context.report(resource, path, message, { related });
  }
}

/** Keys a ConfigMap (data, binaryData) or Secret (data, stringData) holds. */
function dataKeys(resource: Resource): string[] {
  const fields = resource.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  return fields.flatMap((field) => (isRecord(resource.object[field]) ? Object.keys(resource.object[field]) : []));
}

function dataPathOf(resource: Resource, key: string | undefined): JsonPath {
  for (const field of ['data', 'stringData', 'binaryData']) {
    const data = resource.object[field];
    if (isRecord(data) && key !== undefined && Object.hasOwn(data, key)) return [field, key];
  }
  return isRecord(resource.object['data']) ? ['data'] : ['metadata', 'name'];
}

/**
 * Reports a name that no object of the kind has in the namespace, unless no object of the kind is
 * defined near the resource, in its namespace or under that name: such objects come from out of view.
 */
function reportMissing(context: RuleContext, objects: NamedObjects, resource: Resource, kind: string, name: string, path: JsonPath, subject: string, consequence: string, alternatives: NamedObject[] = []): void {
  const namespace = resource.namespace;
  const file = resource.file.name;
  const elsewhere = objects.elsewhereNear(kind, namespace, name, file);
  if (!objects.hasNear(kind, namespace, file) && elsewhere.length === 0 && alternatives.length === 0) return;
  // A file beside it that is not YAML yet (a template) may define it.
  if (context.index.hasUnparsedFileBeside(resource)) return;
  const related: RelatedNode[] = [];
  const hints: string[] = [];
  for (const other of alternatives.slice(0, 1)) {
    hints.push(`did you mean kind: ${other.resource.kind}? ${describeResource(other.resource)} exists`);
    related.push({ resource: other.resource, path: other.namePath, message: describeResource(other.resource) });
  }
  const near = alternatives.length === 0 ? objects.nearIn(kind, namespace, file) : [];
  const nearest = nearestString(name, new Set(near.map((object) => object.name)));
  const target = near.find((object) => object.name === nearest);
  if (nearest !== undefined && target) {
    hints.push(`did you mean ${nearest}?`);
    related.push({ resource: target.resource, path: target.namePath, message: describeObject(kind, target) });
  }
  if (elsewhere.length > 0) {
    const namespaces = [...new Set(elsewhere.map((object) => object.resource.namespace))].sort();
    hints.push(`${kind} ${name} exists in namespace ${listInProse(namespaces.slice(0, 3))}, but a reference by name resolves only in its own namespace`);
    for (const object of elsewhere.slice(0, 3)) related.push({ resource: object.resource, path: object.namePath, message: `${describeObject(kind, object)} in namespace ${object.resource.namespace}` });
  }
  const message = `${subject} ${kind} ${name}, which is not defined in namespace ${namespace}, ${consequence}${hints.length > 0 ? `; ${hints.join('; ')}` : ''}`;
  context.report(resource, path, message, { related });
}

function describeObject(kind: string, object: NamedObject): string {
  return object.generated ? `${kind} ${object.name}, generated by ${describeResource(object.resource)}` : describeResource(object.resource);
}

function checkServiceName(context: RuleContext, objects: NamedObjects, statefulSet: Resource<StatefulSet> & Resource): void {
  const name = asString(statefulSet.object.spec?.serviceName);
  if (!name) return;
  const path = ['spec', 'serviceName'];
  const consequence = `so its pods get no stable DNS names (${statefulSet.name ?? 'pod'}-0.${name})`;
  const found = objects.find('Service', statefulSet.namespace, name);
  if (found.length === 0) {
    reportMissing(context, objects, statefulSet, 'Service', name, path, 'serviceName names the governing', consequence);
    return;
  }
  // Overlays may define it several times; one headless definition is enough.
  if (found.some((object) => isHeadless(object.resource))) return;
  const headless = objects.nearIn('Service', statefulSet.namespace, statefulSet.file.name).filter((object) => isHeadless(object.resource));
  const hint = nearestString(name, new Set(headless.map((object) => object.name)));
  const [service] = found;
  const message = `serviceName names Service ${name}, which is not headless (it has no clusterIP: None), ${consequence}; set clusterIP: None on it${hint ? `, or did you mean the headless Service ${hint}?` : ', or name a headless Service'}`;
  context.report(statefulSet, path, message, service ? { related: [{ resource: service.resource, path: ['spec'], message: `spec of ${describeResource(service.resource)}` }] } : {});
}

function isHeadless(resource: Resource): boolean {
  return isKind<Service>(resource, 'Service') && isRecord(resource.object.spec) && resource.object.spec.clusterIP === 'None';
}

function checkScaleTarget(context: RuleContext, objects: NamedObjects, hpa: Resource<HorizontalPodAutoscaler> & Resource): void {
  const target = hpa.object.spec?.scaleTargetRef;
  if (!isRecord(target)) return;
  const kind = asString(target.kind);
  const name = asString(target.name);
  if (!kind || !name || objects.find(kind, hpa.namespace, name).length > 0) return;
  // A custom kind may wrap a Deployment of the same name (an Argo Rollout's workloadRef): no kind hint then.
  const alternatives = REPLICATED_KINDS.includes(kind)
    ? REPLICATED_KINDS.filter((other) => other !== kind).flatMap((other) => objects.find(other, hpa.namespace, name)).filter((object) => inNeighbourhood(hpa.file.name, object.resource.file.name))
    : [];
  const path = ['spec', 'scaleTargetRef', alternatives.length > 0 ? 'kind' : 'name'];
  reportMissing(context, objects, hpa, kind, name, path, 'scaleTargetRef names', 'so the autoscaler cannot read its scale and scales nothing', alternatives);
}

/** Workloads in the namespace: those defined near `fileName`, or all of them. */
function workloadsIn(context: RuleContext, objects: NamedObjects, namespace: string, fileName?: string): Workload[] {
  return workloadsAmong(WORKLOAD_KINDS.flatMap((kind) => (fileName === undefined ? context.index.ofKind(kind, namespace) : objects.nearIn(kind, namespace, fileName).map((object) => object.resource))));
}

/** The workload whose pod labels differ least from the selector's matchLabels (as `findNearestWorkload`, among `workloads`). */
function nearestWorkload(workloads: readonly Workload[], matchLabels: ReadonlyMap<string, string>): { workload: Workload; differences: LabelDifference[] } | undefined {
  let best: { workload: Workload; differences: LabelDifference[]; distance: number } | undefined;
  for (const workload of workloads) {
    // Only workloads that share a label key are candidates for a typo.
    if (![...matchLabels.keys()].some((labelKey) => workload.template.labels.has(labelKey))) continue;
    const differences = labelDifferences(matchLabels, workload.template.labels);
    const distance = differences.reduce((sum, d) => sum + editDistance(d.wanted, d.actual ?? ''), 0);
    if (!best || differences.length < best.differences.length || (differences.length === best.differences.length && distance < best.distance)) best = { workload, differences, distance };
  }
  return best;
}

/** A LabelSelector that selects no workload's pods in the resource's namespace: a warning. */
function checkSelector(context: RuleContext, objects: NamedObjects, resource: Resource, selector: unknown, path: JsonPath, subject: string, consequence: string): void {
  if (!isRecord(selector)) return;
  const matchLabels = asStringMap(selector['matchLabels']);
  const expressions = asArray(selector['matchExpressions']);
  // An empty selector selects every pod in the namespace; a malformed one is rejected by the API server.
  if (isEmptyLabelSelector(selector)) return;
  if (labelSelectorMismatches(selector, new Map()).some((mismatch) => mismatch.invalid)) return;
  const { index } = context;
  const namespace = resource.namespace;
  const selects = (workload: Workload) => labelSelectorSelects(selector, workload.template.labels);
  const near = workloadsIn(context, objects, namespace, resource.file.name);
  if (near.some(selects)) return;
  // The pods may still come from farther away in the namespace: then it is not this rule's concern.
  const candidates = matchLabels.size > 0 ? index.findWorkloadsSelectedBy(namespace, matchLabels) : workloadsIn(context, objects, namespace);
  if (candidates.some(selects)) return;
  const isNear = (workload: Workload) => inNeighbourhood(resource.file.name, workload.resource.file.name);
  const elsewhere = matchLabels.size > 0 ? index.findWorkloadsSelectedInOtherNamespaces(namespace, matchLabels).filter((workload) => selects(workload) && isNear(workload)) : [];
  // No workload near it in the namespace, and none elsewhere: the pods are deployed from out of view.
  if ((near.length === 0 && elsewhere.length === 0) || index.hasUnparsedFileBeside(resource)) return;

  let message = `${subject} ${describeSelector(matchLabels, expressions)}, but no workload in namespace ${namespace} has such pod labels, ${consequence}`;
  let reportPath = path;
  const related: RelatedNode[] = [];
  const nearest = matchLabels.size > 0 ? nearestWorkload(near, matchLabels) : undefined;
  if (nearest) {
    const { workload, differences } = nearest;
    const owner = describeResource(workload.resource);
    const failedExpression = differences.length === 0 ? labelSelectorMismatches(selector, workload.template.labels)[0] : undefined;
    const plausible = differences.length < matchLabels.size || differences.every((d) => d.actual !== undefined && isPlausibleTypo(d.wanted, d.actual));
    if (failedExpression) {
      message += `; ${owner} has the matchLabels, and for it the selector ${failedExpression.reason}`;
      reportPath = [...path, ...failedExpression.path];
      related.push({ resource: workload.resource, path: workload.template.labelsPath, message: `pod-template labels of ${owner}` });
    } else if (plausible) {
      const has = differences.filter((d) => d.actual !== undefined).map((d) => `${d.key}: ${d.actual}`);
      const lacks = differences.filter((d) => d.actual === undefined).map((d) => d.key);
      if (has.length > 0) message += `; did you mean ${has.join(', ')}? ${owner} has it`;
      if (lacks.length > 0) message += `; ${owner} has no ${listInProse(lacks)} label`;
      const [only] = differences;
      if (differences.length === 1 && only) reportPath = [...path, 'matchLabels', only.key];
      const labelsPath = differences.length === 1 && only?.actual !== undefined ? [...workload.template.labelsPath, only.key] : workload.template.labelsPath;
      related.push({ resource: workload.resource, path: labelsPath, message: `pod-template labels of ${owner}` });
    }
  }
  if (elsewhere.length > 0) {
    const names = [...new Set(elsewhere.map((w) => describeResource(w.resource, { withNamespace: true })))].slice(0, 3);
    message += `; ${listInProse(names)} would match, but a selector selects pods only in its own namespace`;
    for (const workload of elsewhere.slice(0, 3)) related.push({ resource: workload.resource, path: workload.template.labelsPath, message: `matching pod labels in namespace ${workload.resource.namespace}` });
  }
  context.report(resource, reportPath, message, { severity: 'warning', related });
}

/** `app: web, tier In (front, edge), !legacy` — a LabelSelector as a person reads it. */
function describeSelector(matchLabels: ReadonlyMap<string, string>, expressions: readonly unknown[]): string {
  const parts = matchLabels.size > 0 ? [formatLabels(matchLabels)] : [];
  for (const expression of expressions) {
    if (!isRecord(expression)) continue;
    const key = String(expression['key']);
    const values = asArray(expression['values']).map(String).join(', ');
    const operator = expression['operator'];
    parts.push(operator === 'Exists' ? key : operator === 'DoesNotExist' ? `!${key}` : `${key} ${String(operator)} (${values})`);
  }
  return parts.join(', ');
}
