import { WORKLOAD_KINDS, workloadsAmong } from '../src/podTemplate.js';
import type { PodTemplateRef } from '../src/podTemplate.js';
import { autoscalersOf, writtenReplicas } from '../src/replicas.js';
import type { Autoscaler } from '../src/replicas.js';
import { describeResource, identityOf, keepNearest } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import type { Workload } from '../src/resourceIndex.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import type { RelatedNode, RuleContext } from '../src/rule.js';
import { isEmptyLabelSelector, labelSelectorSelects } from '../src/selector.js';
import { formatLabels, listInProse } from '../src/text.js';
import { asStringMap, existingPrefix, getAt, isRecord } from '../src/values.js';

interface Options {
  /** Report a Deployment or StatefulSet of several replicas that no PodDisruptionBudget selects. */
  requireBudget: boolean;
}

/** The kinds kube-score and Polaris expect a budget for: long-running, replicated, evicted by drains. */
const BUDGETED_KINDS = new Set(['Deployment', 'StatefulSet']);

/** Kinds whose pod count a manifest states (spec.replicas, or an autoscaler's minimum). */
const SCALED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

const FIX = 'a node drain (kubectl drain, a node upgrade, the cluster autoscaler) cannot evict them, and waits until it times out or the budget changes';

export default defineRule<Options>({
  meta: {
    id: 'pdb',
    description: 'A Deployment or StatefulSet that runs more than one pod has a PodDisruptionBudget, and no PodDisruptionBudget forbids every eviction',
    severity: 'warning',
    category: 'reliability',
    preset: 'all',
    scope: 'set',
    options: optionsSchema({
      requireBudget: { description: 'Report a Deployment or StatefulSet of several replicas that no PodDisruptionBudget selects', type: 'boolean' },
    }),
    kubeLinter: ['pdb-max-unavailable', 'pdb-min-available'],
  },
  defaultOptions: { requireBudget: true },
  check(context) {
    // A wrong type in the configuration falls back to the default instead of switching the check off.
    const requireBudget = context.options.requireBudget !== false;
    if (requireBudget) {
      for (const { resource, template } of context.workloads) if (BUDGETED_KINDS.has(resource.kind)) checkHasBudget(context, resource, template);
    }
    for (const resource of context.resources) if (isBudget(resource)) checkAllowsEvictions(context, resource);
  },
});

function isBudget(resource: Resource): boolean {
  return resource.kind === 'PodDisruptionBudget' && resource.apiVersion.startsWith('policy/');
}

/** Whether the budget covers pods with these labels; policy/v1beta1 read an empty selector as no pod, policy/v1 as every pod. */
function budgetSelects(budget: Resource, labels: ReadonlyMap<string, string>): boolean {
  const selector = getAt(budget.object, ['spec', 'selector']);
  if (!isRecord(selector)) return false;
  if (budget.apiVersion === 'policy/v1beta1' && isEmptyLabelSelector(selector)) return false;
  return labelSelectorSelects(selector, labels);
}

function checkHasBudget(context: RuleContext<Options>, resource: Resource, template: PodTemplateRef): void {
  const { index } = context;
  // A kustomize patch is partial: its labels and replicas complete a base defined elsewhere.
  if (index.isKustomizePatch(resource)) return;
  const replicas = writtenReplicas(resource);
  const scaling = autoscalersOf(index, resource).filter((autoscaler) => autoscaler.minReplicas > 1);
  if (replicas.count <= 1 && scaling.length === 0) return;
  if (index.ofKind('PodDisruptionBudget', resource.namespace).some((budget) => isBudget(budget) && budgetSelects(budget, template.labels))) return;

  const [autoscaler] = scaling;
  const byReplicas = replicas.count > 1 ? replicas.path : undefined;
  const runs = byReplicas || !autoscaler ? `runs ${replicas.count} replicas` : `runs at least ${autoscaler.minReplicas} replicas (${describeResource(autoscaler.resource)} has minReplicas: ${autoscaler.minReplicas})`;
  const pods = template.labels.size > 0 ? ` (${formatLabels(template.labels)})` : '';
  // The workload's own selector names its pods; the budget can use the same labels.
  const selectorLabels = asStringMap(getAt(resource.object, ['spec', 'selector', 'matchLabels']));
  const hint = selectorLabels.size > 0 ? `selector.matchLabels ${formatLabels(selectorLabels)}` : 'a selector that matches these pod labels';
  const message = `${describeResource(resource)} ${runs}, but no PodDisruptionBudget in namespace ${resource.namespace} selects its pods${pods}: a node drain or cluster upgrade may evict all of them at once; add a PodDisruptionBudget with ${hint} and maxUnavailable: 1`;
  const related: RelatedNode[] = autoscaler && !byReplicas ? [{ resource: autoscaler.resource, path: autoscaler.path, message: `${describeResource(autoscaler.resource)} scales ${describeResource(resource)}` }] : [];
  if (byReplicas) context.report(resource, byReplicas, message, { related });
  else context.report(resource, existingPrefix(resource.object, template.labelsPath), message, { related, on: 'key' });
}

/** An IntOrString budget value: a count, or a percentage of the pods. */
type BudgetValue = { count: number } | { percent: number };

function budgetValue(value: unknown): BudgetValue | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return { count: value };
  if (typeof value !== 'string' || !value.endsWith('%')) return undefined;
  const percent = Number(value.slice(0, -1));
  return value.length > 1 && Number.isInteger(percent) ? { percent } : undefined;
}

/** Pods a percentage stands for: the disruption controller rounds both fields up. */
function podsOf(value: BudgetValue, pods: number): number {
  return 'count' in value ? value.count : Math.ceil((value.percent * pods) / 100);
}

/** A workload the budget covers, with the fewest pods it runs (an autoscaler's minimum when one scales it). */
interface CoveredWorkload {
  workload: Workload;
  pods: number;
  autoscaler?: Autoscaler;
  /** False when the count is the default of one replica. */
  written: boolean;
}

/** `replicas: 3`, `1 replica by default`, `HorizontalPodAutoscaler db scales it down to 2`. */
function countOf(entry: CoveredWorkload): string {
  if (entry.autoscaler) return `${describeResource(entry.autoscaler.resource)} scales it down to ${entry.pods}`;
  return entry.written ? `replicas: ${entry.pods}` : '1 replica by default';
}

function checkAllowsEvictions(context: RuleContext<Options>, budget: Resource): void {
  const maxUnavailablePath = ['spec', 'maxUnavailable'];
  const maxUnavailable = budgetValue(getAt(budget.object, maxUnavailablePath));
  if (maxUnavailable && ('count' in maxUnavailable ? maxUnavailable.count : maxUnavailable.percent) === 0) {
    context.report(budget, maxUnavailablePath, `maxUnavailable: ${String(getAt(budget.object, maxUnavailablePath))} allows no voluntary eviction of the pods ${describeResource(budget)} covers: ${FIX}; allow at least one (maxUnavailable: 1)`);
    return;
  }
  const minAvailablePath = ['spec', 'minAvailable'];
  const minAvailable = budgetValue(getAt(budget.object, minAvailablePath));
  if (!minAvailable) return;
  if ('percent' in minAvailable && minAvailable.percent >= 100) {
    context.report(budget, minAvailablePath, `minAvailable: ${String(getAt(budget.object, minAvailablePath))} keeps every pod ${describeResource(budget)} covers, so it allows no voluntary eviction: ${FIX}; use maxUnavailable: 1 instead`);
    return;
  }
  // A patch may lack the selector its base has; then the pods it covers are unknown.
  if (context.index.isKustomizePatch(budget)) return;
  const covered = coveredWorkloads(context, budget);
  if (!covered || covered.length === 0) return;
  const pods = covered.reduce((sum, entry) => sum + entry.pods, 0);
  const kept = podsOf(minAvailable, pods);
  if (pods === 0 || kept < pods) return;

  const what = listInProse(covered.map((entry) => `${describeResource(entry.workload.resource)} (${countOf(entry)})`));
  const written = String(getAt(budget.object, minAvailablePath));
  const fix = pods === 1 ? 'run more replicas, or use maxUnavailable: 1 (a drained pod starts again on another node)' : `set minAvailable below ${pods}, or use maxUnavailable: 1`;
  const message = `minAvailable: ${written} keeps ${pods === 1 ? 'the only pod' : `all ${pods} pods`} of ${what}, so it allows no voluntary eviction: ${FIX}; ${fix}`;
  const related: RelatedNode[] = covered.slice(0, 3).map(({ workload, autoscaler }) =>
    autoscaler
      ? { resource: autoscaler.resource, path: autoscaler.path, message: `${describeResource(autoscaler.resource)} scales ${describeResource(workload.resource)} down to this` }
      : { resource: workload.resource, path: existingPrefix(workload.resource.object, ['spec', 'replicas']), message: `replicas of ${describeResource(workload.resource)}` },
  );
  context.report(budget, minAvailablePath, message, { related });
}

/**
 * The workloads in view whose pods the budget covers, one entry per object (the same Deployment in
 * a base and an overlay counts once, at its most pods among the definitions nearest the budget).
 * Undefined when it covers pods whose number the manifests do not state (a DaemonSet, a Job).
 */
function coveredWorkloads(context: RuleContext<Options>, budget: Resource): CoveredWorkload[] | undefined {
  const { index } = context;
  const selector = getAt(budget.object, ['spec', 'selector']);
  const matchLabels = isRecord(selector) ? asStringMap(selector['matchLabels']) : new Map<string, string>();
  const candidates: Workload[] =
    matchLabels.size > 0
      ? index.findWorkloadsSelectedBy(budget.namespace, matchLabels)
      : workloadsAmong(WORKLOAD_KINDS.flatMap((kind) => index.ofKind(kind, budget.namespace)));
  const selected = candidates.filter((workload) => budgetSelects(budget, workload.template.labels) && !index.isKustomizePatch(workload.resource));
  if (selected.some((workload) => !SCALED_KINDS.has(workload.resource.kind))) return undefined;
  const byIdentity = new Map<string, Workload[]>();
  for (const workload of selected) {
    const key = identityOf(workload.resource);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), workload]);
  }
  return [...byIdentity.values()].map((definitions) => {
    const entries = keepNearest(definitions, budget).map((workload): CoveredWorkload => {
      const autoscalers = autoscalersOf(index, workload.resource);
      const lowest = autoscalers.reduce<Autoscaler | undefined>((min, autoscaler) => (min && min.minReplicas <= autoscaler.minReplicas ? min : autoscaler), undefined);
      const replicas = writtenReplicas(workload.resource);
      return lowest ? { workload, pods: lowest.minReplicas, autoscaler: lowest, written: true } : { workload, pods: replicas.count, written: replicas.path !== undefined };
    });
    return entries.reduce((most, entry) => (entry.pods > most.pods ? entry : most));
  });
}
