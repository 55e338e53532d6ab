import { Buffer } from 'node:buffer';
import type { ContainerPort, ServicePort } from 'kubernetes-types/core/v1.js';
import { groupOf, isLocalConfiguration } from '../src/apis.js';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, faultsOf, hasPlaceholder, LABEL_VALUE, PATH_SEGMENT, PORT_NAME, QUALIFIED_NAME } from '../src/nameSyntax.js';
import type { Syntax } from '../src/nameSyntax.js';
import { everyContainer } from '../src/podTemplate.js';
import { isClusterScoped } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import type { RuleContext } from '../src/rule.js';
import type { JsonPath } from '../src/types.js';
import { asArray, asString, getAt, isRecord, objectItems } from '../src/values.js';

/** The syntax of a kind's metadata.name, with a limit the API server adds for a reason of its own. */
interface NameRule {
  syntax: Syntax;
  /** Groups that serve the kind under this rule ('' is the core group). */
  groups: readonly string[];
  limit?: { max: number; why: string; unless?: (resource: Resource) => boolean };
}

const RBAC = ['rbac.authorization.k8s.io'];

/**
 * Name validation of the built-in kinds (the `Validate<Kind>Name` functions of
 * k8s.io/kubernetes/pkg/apis/<group>/validation). Kinds not listed (custom resources, rarer
 * built-ins) get no name check.
 */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Service: { syntax: DNS1035_LABEL, groups: [''] },
  Namespace: { syntax: DNS1123_LABEL, groups: [''] },
  StatefulSet: { syntax: DNS1123_LABEL, groups: ['apps'] },
  Pod: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  ReplicationController: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  ConfigMap: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  Secret: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  ServiceAccount: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  Endpoints: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  LimitRange: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  ResourceQuota: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  Node: { syntax: DNS1123_SUBDOMAIN, groups: [''] },
  Deployment: { syntax: DNS1123_SUBDOMAIN, groups: ['apps', 'extensions'] },
  DaemonSet: { syntax: DNS1123_SUBDOMAIN, groups: ['apps', 'extensions'] },
  ReplicaSet: { syntax: DNS1123_SUBDOMAIN, groups: ['apps', 'extensions'] },
  Job: {
    syntax: DNS1123_SUBDOMAIN,
    groups: ['batch'],
    // With a generated selector, the API server labels the pod template job-name: <name>.
    limit: { max: 63, why: 'its pods get it as the value of their job-name label, and a label value has at most 63 characters', unless: (job) => getAt(job.object, ['spec', 'manualSelector']) === true },
  },
  CronJob: { syntax: DNS1123_SUBDOMAIN, groups: ['batch'], limit: { max: 52, why: 'the CronJob controller names each Job it creates after it, with an 11-character suffix, and a Job name has at most 63 characters' } },
  HorizontalPodAutoscaler: { syntax: DNS1123_SUBDOMAIN, groups: ['autoscaling'] },
  Ingress: { syntax: DNS1123_SUBDOMAIN, groups: ['networking.k8s.io', 'extensions'] },
  IngressClass: { syntax: DNS1123_SUBDOMAIN, groups: ['networking.k8s.io'] },
  NetworkPolicy: { syntax: DNS1123_SUBDOMAIN, groups: ['networking.k8s.io', 'extensions'] },
  PodDisruptionBudget: { syntax: DNS1123_SUBDOMAIN, groups: ['policy'] },
  PriorityClass: { syntax: DNS1123_SUBDOMAIN, groups: ['scheduling.k8s.io'] },
  StorageClass: { syntax: DNS1123_SUBDOMAIN, groups: ['storage.k8s.io'] },
  // RBAC names only need to be a URL path segment: system:controller:... is a valid ClusterRole.
  Role: { syntax: PATH_SEGMENT, groups: RBAC },
  ClusterRole: { syntax: PATH_SEGMENT, groups: RBAC },
  RoleBinding: { syntax: PATH_SEGMENT, groups: RBAC },
  ClusterRoleBinding: { syntax: PATH_SEGMENT, groups: RBAC },
};

/** What the loader reads a byte that is not UTF-8 as. */
const NOT_UTF8 = '\uFFFD';

/** Values quoted in messages are cut to this many characters: a label value may be a megabyte long. */
const LONGEST_QUOTED = 80;

/** The most bytes the keys and values of one object's annotations may take together (256 KiB). */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

export default defineRule({
  meta: {
    id: 'metadata-syntax',
    description: 'Names, namespaces, label and annotation keys and values, selectors and port names have the syntax the API server requires',
    severity: 'error',
    category: 'schema',
    preset: 'recommended',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.resources) {
      if (isLocalConfiguration(resource) || !isRecord(resource.object.metadata)) continue;
      checkNames(context, resource);
      checkLabels(context, resource, ['metadata', 'labels']);
      checkAnnotations(context, resource, ['metadata', 'annotations']);
      checkSelectorsOf(context, resource);
    }
    for (const { resource, template } of context.workloads) {
      if (!isRecord(resource.object.metadata)) continue;
      // A Pod is its own template: its labels are the object's (metadata.labels), checked above.
      if (template.labelsPath.length > 2) {
        checkLabels(context, resource, template.labelsPath);
        checkAnnotations(context, resource, template.annotationsPath);
      }
      // A ReplicationController's selector is a label map; every other workload's is a LabelSelector.
      if (template.selectorPath) checkSelector(context, resource, template.selectorPath, resource.kind === 'ReplicationController' ? 'map' : 'labelSelector');
      for (const { container, path, label } of everyContainer(template)) {
        for (const [port, j] of objectItems<ContainerPort>(container.ports)) {
          const name = asString(port.name);
          if (name) checkValue(context, resource, () => [[...path, 'ports', j, 'name'], `port name ${quoted(name)} of ${label}`], name, PORT_NAME);
        }
      }
    }
  },
});

/** How a value is checked when it is not checked as itself: where to point, its faults, its nearest valid form. */
interface CheckAs {
  on?: 'key' | 'value';
  faults?: readonly string[];
  suggestion?: string | undefined;
}

/**
 * Reports a value that does not have the syntax, at the value (or its key), with the nearest valid
 * form. Where and what are built only for a value at fault: most values are valid.
 */
function checkValue({ report }: RuleContext, resource: Resource, where: () => [path: JsonPath, subject: string], value: string, syntax: Syntax, as: CheckAs = {}): void {
  const faults = as.faults ?? faultsOf(syntax, value);
  // A template's placeholder is filled in before the object reaches an API server; a byte that is
  // not UTF-8 (read as U+FFFD) is yaml-syntax's finding.
  if (faults.length === 0 || hasPlaceholder(value) || value.includes(NOT_UTF8)) return;
  const [path, subject] = where();
  const suggestion = 'suggestion' in as ? as.suggestion : syntax.suggest?.(value);
  report(resource, path, `${subject} is not ${syntax.description}: ${faults.join('; ')}; the API server rejects it${suggestion === undefined ? '' : `. Try ${quoted(suggestion)}`}`, { on: as.on ?? 'value' });
}

function checkNames(context: RuleContext, resource: Resource): void {
  const metadata = resource.object.metadata as Record<string, unknown>;
  const rule = Object.hasOwn(NAME_RULES, resource.kind) ? NAME_RULES[resource.kind] : undefined;
  if (rule && rule.groups.includes(groupOf(resource.apiVersion))) {
    const name = asString(metadata['name']);
    if (name) {
      const faults = faultsOf(rule.syntax, name);
      const { limit } = rule;
      if (faults.length === 0 && limit && name.length > limit.max && !limit.unless?.(resource) && !hasPlaceholder(name)) {
        context.report(resource, ['metadata', 'name'], `${resource.kind} name ${quoted(name)} is ${name.length} characters long; a ${resource.kind} name has at most ${limit.max}, because ${limit.why}; the API server rejects it`);
      }
      checkValue(context, resource, () => [['metadata', 'name'], `${resource.kind} name ${quoted(name)}`], name, rule.syntax, { faults });
    }
    const generateName = asString(metadata['generateName']);
    if (generateName) {
      // The API server appends five characters to generateName and checks it as a name, so a trailing '-' is fine.
      const stem = generateName.endsWith('-') ? generateName.slice(0, -1) : generateName;
      const suggested = rule.syntax.suggest?.(stem);
      const as = { faults: rule.syntax.faults(stem === generateName ? stem : `${stem}a`), suggestion: suggested === undefined ? undefined : `${suggested}-` };
      checkValue(context, resource, () => [['metadata', 'generateName'], `generateName ${quoted(generateName)}`], generateName, rule.syntax, as);
    }
  }
  const namespace = asString(metadata['namespace']);
  // The API server clears the namespace of a cluster-scoped object before it validates it.
  if (namespace && !isClusterScoped(resource.kind)) checkValue(context, resource, () => [['metadata', 'namespace'], `namespace ${quoted(namespace)}`], namespace, DNS1123_LABEL);
}

/** Label keys and values of a label map (string values only: another type is the schema's finding). */
function checkLabels(context: RuleContext, resource: Resource, path: JsonPath, what = 'label'): void {
  const labels = getAt(resource.object, path);
  if (!isRecord(labels)) return;
  // Most labels are valid: only an invalid one pays for a report's closure. for-in, whose keyed
  // reads V8 serves from the object's own layout (a parsed map has no inherited enumerable keys).
  for (const key in labels) {
    if (!QUALIFIED_NAME.valid(key)) checkValue(context, resource, () => [[...path, key], `${what} key ${quoted(key)}`], key, QUALIFIED_NAME, { on: 'key' });
    const value = labels[key];
    if (typeof value === 'string' && !LABEL_VALUE.valid(value)) checkValue(context, resource, () => [[...path, key], `${what} ${shortened(key)}: value ${quoted(value)}`], value, LABEL_VALUE);
  }
}

function checkAnnotations(context: RuleContext, resource: Resource, path: JsonPath): void {
  const annotations = getAt(resource.object, path);
  if (!isRecord(annotations)) return;
  let characters = 0;
  for (const key in annotations) {
    // Annotation keys are qualified names whatever their case: the API server lower-cases them
    // first (a valid key stays valid in lower case, so only an invalid one is lowered).
    if (!QUALIFIED_NAME.valid(key)) checkValue(context, resource, () => [[...path, key], `annotation key ${quoted(key)}`], key, QUALIFIED_NAME, { on: 'key', faults: faultsOf(QUALIFIED_NAME, key.toLowerCase()) });
    const value = annotations[key];
    characters += key.length + (typeof value === 'string' ? value.length : 0);
  }
  // A UTF-16 code unit is at most three bytes of UTF-8: count bytes only when that could be too many.
  const bytes = characters * 3 > ANNOTATIONS_MAX_BYTES ? Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0), 0) : 0;
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    context.report(resource, path, `the annotations take ${bytes} bytes (keys and values together), more than the 262144 (256 KiB) the API server accepts on one object; move large values into a ConfigMap or Secret`, { on: 'key' });
  }
}

/** A selector's keys and values: a label map (a Service's, a ReplicationController's) or a LabelSelector. */
function checkSelector(context: RuleContext, resource: Resource, path: JsonPath, form: 'map' | 'labelSelector'): void {
  if (form === 'map') return checkLabels(context, resource, path, 'selector');
  const selector = getAt(resource.object, path);
  if (!isRecord(selector)) return;
  checkLabels(context, resource, [...path, 'matchLabels'], 'selector');
  asArray(selector['matchExpressions']).forEach((expression, i) => {
    if (!isRecord(expression)) return;
    const key = asString(expression['key']);
    const at = [...path, 'matchExpressions', i];
    if (key !== undefined) checkValue(context, resource, () => [[...at, 'key'], `selector key ${quoted(key)}`], key, QUALIFIED_NAME);
    // Only In and NotIn take values; values given to Exists or DoesNotExist are rejected whatever they are.
    if (expression['operator'] !== 'In' && expression['operator'] !== 'NotIn') return;
    asArray(expression['values']).forEach((value, j) => {
      if (typeof value === 'string') checkValue(context, resource, () => [[...at, 'values', j], `selector value ${quoted(value)}${key === undefined ? '' : ` of ${shortened(key)}`}`], value, LABEL_VALUE);
    });
  });
}

/** Selectors and port names outside pod templates: a Service's, a PodDisruptionBudget's, a NetworkPolicy's. */
function checkSelectorsOf(context: RuleContext, resource: Resource): void {
  if (resource.kind === 'Service' && resource.apiVersion === 'v1') {
    checkSelector(context, resource, ['spec', 'selector'], 'map');
    for (const [port, i] of objectItems<ServicePort>(getAt(resource.object, ['spec', 'ports']))) {
      const name = asString(port.name);
      if (name) checkValue(context, resource, () => [['spec', 'ports', i, 'name'], `Service port name ${quoted(name)}`], name, DNS1123_LABEL);
      const targetPort = asString(port.targetPort);
      // A number written as a string is service-target-port's finding.
      if (targetPort && !/^[0-9]+$/.test(targetPort)) {
        checkValue(context, resource, () => [['spec', 'ports', i, 'targetPort'], `targetPort ${quoted(targetPort)}`], targetPort, PORT_NAME);
      }
    }
  } else if (resource.kind === 'PodDisruptionBudget' && groupOf(resource.apiVersion) === 'policy') {
    checkSelector(context, resource, ['spec', 'selector'], 'labelSelector');
  } else if (resource.kind === 'NetworkPolicy' && groupOf(resource.apiVersion) === 'networking.k8s.io') {
    checkSelector(context, resource, ['spec', 'podSelector'], 'labelSelector');
    for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
      asArray(getAt(resource.object, ['spec', direction])).forEach((rule, i) => {
        asArray(getAt(rule, [peers])).forEach((_, j) => {
          for (const field of ['podSelector', 'namespaceSelector']) checkSelector(context, resource, ['spec', direction, i, peers, j, field], 'labelSelector');
        });
      });
    }
  }
}

/** A value as a message quotes it, cut short when long. */
function quoted(value: string): string {
  return value.length > LONGEST_QUOTED ? `${JSON.stringify(value.slice(0, LONGEST_QUOTED))}… (${value.length} characters)` : JSON.stringify(value);
}

/** A key as a message names it, cut short when long. */
function shortened(value: string): string {
  return value.length > LONGEST_QUOTED ? `${value.slice(0, LONGEST_QUOTED)}…` : value;
}
