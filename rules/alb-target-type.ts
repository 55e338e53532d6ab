import type { ServicePort } from 'kubernetes-types/core/v1.js';
import { ALB_ANNOTATION_PREFIX, findServicePort, isAlbAction, isAlbIngress, isIngress, isV1Service, serviceBackends, servicesNamed } from '../src/ingress.js';
import type { ServiceResource } from '../src/ingress.js';
import { annotationOf, describeResource } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import type { RuleContext } from '../src/rule.js';
import { listInProse, nearestString } from '../src/text.js';
import { asString, isRecord, objectItems } from '../src/values.js';

type TargetType = 'instance' | 'ip';

interface Options {
  /** The controller's `--default-target-type` (instance unless the installation changed it). */
  defaultTargetType: TargetType;
}

const SCHEME = `${ALB_ANNOTATION_PREFIX}scheme`;
const TARGET_TYPE = `${ALB_ANNOTATION_PREFIX}target-type`;
const LISTEN_PORTS = `${ALB_ANNOTATION_PREFIX}listen-ports`;
const GROUP_NAME = `${ALB_ANNOTATION_PREFIX}group.name`;
const HEALTHCHECK_PATH = `${ALB_ANNOTATION_PREFIX}healthcheck-path`;
const HEALTHCHECK_PORT = `${ALB_ANNOTATION_PREFIX}healthcheck-port`;

const TARGET_TYPES: readonly TargetType[] = ['instance', 'ip'];
const SCHEMES = ['internal', 'internet-facing'];
const LISTEN_PROTOCOLS = ['HTTP', 'HTTPS'];
/** The controller's own check (pkg/ingress/group_loader.go): lower-case alphanumerics, '-' and '.', at most 63 characters. */
const GROUP_NAME_PATTERN = /^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/;
const GROUP_NAME_MAX = 63;
/** The ELB API's limit on a health-check path. */
const HEALTHCHECK_PATH_MAX = 1024;
const LISTEN_PORTS_EXAMPLE = `'[{"HTTP": 80}, {"HTTPS": 443}]'`;

export default defineRule<Options>({
  meta: {
    id: 'alb-target-type',
    description: 'An ALB Ingress (AWS Load Balancer Controller) can reach its backends: target type instance needs NodePort Services, and its annotations have values the controller accepts',
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
    options: optionsSchema({
      defaultTargetType: { description: "The controller's --default-target-type (instance unless the installation changed it)", enum: ['instance', 'ip'] },
    }),
  },
  defaultOptions: { defaultTargetType: 'instance' },
  check(context) {
    const defaultTargetType: TargetType = context.options.defaultTargetType === 'ip' ? 'ip' : 'instance';
    for (const resource of context.resources) {
      if (isIngress(resource) && isAlbIngress(resource, context.index)) {
        checkIngressAnnotations(context, resource);
        checkBackends(context, resource, defaultTargetType);
      } else if (isV1Service(resource)) {
        // On a Service, these annotations override the Ingress's for that Service's target group.
        checkAnnotation(context, resource, TARGET_TYPE, targetTypeProblem);
        checkAnnotation(context, resource, HEALTHCHECK_PATH, healthcheckPathProblem);
        checkAnnotation(context, resource, HEALTHCHECK_PORT, (value) => healthcheckPortProblem(value, [resource]));
      }
    }
  },
});

function checkIngressAnnotations(context: RuleContext<Options>, ingress: Resource): void {
  checkAnnotation(context, ingress, SCHEME, schemeProblem);
  checkAnnotation(context, ingress, TARGET_TYPE, targetTypeProblem);
  checkAnnotation(context, ingress, LISTEN_PORTS, listenPortsProblem);
  checkAnnotation(context, ingress, GROUP_NAME, groupNameProblem);
  checkAnnotation(context, ingress, HEALTHCHECK_PATH, healthcheckPathProblem);
  // A named health-check port is looked up in each backend Service that does not set its own.
  checkAnnotation(context, ingress, HEALTHCHECK_PORT, (value) => healthcheckPortProblem(value, backendServices(context, ingress).filter((service) => annotationOf(service, HEALTHCHECK_PORT) === undefined)));
}

/** What is wrong with an annotation value, and the likely intended value. */
interface Problem {
  wrong: string;
  hint?: string;
}

function checkAnnotation(context: RuleContext<Options>, resource: Resource, key: string, problemOf: (value: string) => Problem | undefined): void {
  const value = annotationOf(resource, key);
  const problem = value === undefined ? undefined : problemOf(value);
  if (!problem || value === undefined) return;
  // JSON values read best in the single quotes they are usually written in.
  const shown = value.includes('"') ? `'${value}'` : JSON.stringify(value);
  const hint = problem.hint ? `; ${problem.hint}` : '';
  context.report(resource, ['metadata', 'annotations', key], `${key}: ${shown} ${problem.wrong}, so the AWS Load Balancer Controller fails to reconcile the Ingress${hint}`);
}

function checkBackends(context: RuleContext<Options>, ingress: Resource, defaultTargetType: TargetType): void {
  const onIngress = annotationOf(ingress, TARGET_TYPE);
  for (const backend of serviceBackends(ingress)) {
    if (isAlbAction(ingress, backend)) continue;
    // A missing Service is ingress-backend's finding; a kustomize patch is partial (its type may be in a base).
    const named = servicesNamed(context.index, ingress, backend.serviceName);
    if (named.some((service) => context.index.isKustomizePatch(service))) continue;
    // An ExternalName Service is resolved by DNS to IP targets.
    const services = named.filter((service) => service.object.spec?.type !== 'ExternalName');
    const found = services.flatMap((candidate) => {
      const why = withoutNodePort(candidate);
      return why ? [{ service: candidate, why }] : [];
    })[0];
    if (!found) continue;
    const { service, why } = found;
    // The Service's annotation wins over the Ingress's; a value the controller rejects is reported at itself.
    const onService = annotationOf(service, TARGET_TYPE);
    const written = onService ?? onIngress;
    if (written !== undefined && !isTargetType(written)) continue;
    const targetType = written ?? defaultTargetType;
    if (targetType !== 'instance') continue;

    const source = onService !== undefined ? `set on ${describeResource(service)}` : onIngress !== undefined ? 'set on the Ingress' : 'the default';
    const setIp = `set ${TARGET_TYPE}: ip${onService !== undefined ? ` on ${describeResource(service)}` : ''} to register the pods`;
    const fixes = { clusterIP: `${setIp}, or make ${describeResource(service)} type: NodePort`, headless: `${setIp} (a headless Service cannot be NodePort)`, 'no-node-ports': `${setIp}, or drop allocateLoadBalancerNodePorts: false` }[why];
    const what = { clusterIP: 'ClusterIP', headless: 'a headless ClusterIP Service', 'no-node-ports': 'a LoadBalancer with allocateLoadBalancerNodePorts: false' }[why];
    context.report(
      ingress,
      backend.namePath,
      `target type instance (${source}) sends traffic to the Service's NodePort on every node, but ${describeResource(service)} is ${what} and has no NodePort, so the AWS Load Balancer Controller cannot build its target group; ${fixes}`,
      { related: [{ resource: service, path: service.object.spec?.type !== undefined ? ['spec', 'type'] : ['metadata', 'name'], message: `the type of ${describeResource(service)}` }] },
    );
  }
}

/** Why a Service has no NodePort for instance targets, if it has none. */
function withoutNodePort(service: ServiceResource): 'clusterIP' | 'headless' | 'no-node-ports' | undefined {
  const type = asString(service.object.spec?.type) ?? 'ClusterIP';
  if (type === 'ClusterIP') return service.object.spec?.clusterIP === 'None' ? 'headless' : 'clusterIP';
  return type === 'LoadBalancer' && service.object.spec?.allocateLoadBalancerNodePorts === false ? 'no-node-ports' : undefined;
}

/** The Services in view behind the Ingress's backends (nearest definitions), each once. */
function backendServices(context: RuleContext<Options>, ingress: Resource): ServiceResource[] {
  const services = new Set<ServiceResource>();
  for (const backend of serviceBackends(ingress)) {
    if (isAlbAction(ingress, backend)) continue;
    for (const service of servicesNamed(context.index, ingress, backend.serviceName)) if (service.object.spec?.type !== 'ExternalName') services.add(service);
  }
  return [...services];
}

function isTargetType(value: string): value is TargetType {
  return (TARGET_TYPES as readonly string[]).includes(value);
}

function oneOf(value: string, allowed: readonly string[]): Problem | undefined {
  if (allowed.includes(value)) return undefined;
  const meant = nearestString(value, allowed);
  return { wrong: `is neither ${allowed.join(' nor ')} (values are case-sensitive)`, ...(meant ? { hint: `did you mean ${meant}?` } : {}) };
}

function schemeProblem(value: string): Problem | undefined {
  return oneOf(value, SCHEMES);
}

function targetTypeProblem(value: string): Problem | undefined {
  return oneOf(value, TARGET_TYPES);
}

/** The controller reads a JSON list of {protocol: port} objects, protocol HTTP or HTTPS, port 1-65535. */
function listenPortsProblem(value: string): Problem | undefined {
  const example = { hint: `write a list like ${LISTEN_PORTS_EXAMPLE}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { wrong: 'is not JSON', ...example };
  }
  if (!Array.isArray(parsed)) return { wrong: 'is not a JSON list', ...example };
  if (parsed.length === 0) return { wrong: 'lists no port', ...example };
  for (const entry of parsed) {
    if (!isRecord(entry)) return { wrong: `lists ${JSON.stringify(entry)}, which is not a {protocol: port} object`, ...example };
    for (const [protocol, port] of Object.entries(entry)) {
      if (!LISTEN_PROTOCOLS.includes(protocol)) {
        const meant = nearestString(protocol, LISTEN_PROTOCOLS);
        return { wrong: `lists protocol ${JSON.stringify(protocol)}, where HTTP or HTTPS (in capitals) is expected`, ...(meant ? { hint: `did you mean ${meant}?` } : {}) };
      }
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        const unquoted = typeof port === 'string' && /^[0-9]+$/.test(port);
        return { wrong: `gives ${protocol} the port ${JSON.stringify(port)}, where a number from 1 to 65535 is expected`, ...(unquoted ? { hint: `write ${port} without quotes` } : {}) };
      }
    }
  }
  return undefined;
}

/** The name without its trailing run of non-alphanumerics, by a loop (a regex would backtrack on a long run). */
function withoutTrailingSeparators(name: string): string {
  let end = name.length;
  while (end > 0 && !/[a-z0-9]/.test(name[end - 1] ?? '')) end--;
  return name.slice(0, end);
}

function groupNameProblem(value: string): Problem | undefined {
  if (GROUP_NAME_PATTERN.test(value) && value.length <= GROUP_NAME_MAX) return undefined;
  const cleaned = value.toLowerCase().replace(/[^-a-z0-9.]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, GROUP_NAME_MAX);
  const meant = withoutTrailingSeparators(cleaned);
  const wrong =
    value.length > GROUP_NAME_MAX
      ? `is ${value.length} characters long, where at most ${GROUP_NAME_MAX} are accepted`
      : 'is not a valid group name (lower-case letters, digits, - and ., starting and ending with a letter or digit)';
  return { wrong, ...(meant && meant !== value ? { hint: `did you mean ${meant}?` } : {}) };
}

function healthcheckPathProblem(value: string): Problem | undefined {
  if (!value.startsWith('/')) return { wrong: 'does not start with /, which the ELB API requires of a health-check path', hint: `did you mean /${value}?` };
  if (value.length > HEALTHCHECK_PATH_MAX) return { wrong: `is ${value.length} characters long, where the ELB API accepts at most ${HEALTHCHECK_PATH_MAX}` };
  return undefined;
}

/** traffic-port, a port number (as Go's strconv.Atoi reads it), or the name of a port of the Service. */
function healthcheckPortProblem(value: string, services: ServiceResource[]): Problem | undefined {
  if (value === 'traffic-port') return undefined;
  if (/^[-+]?[0-9]+$/.test(value)) {
    const port = Number(value);
    return port >= 1 && port <= 65535 ? undefined : { wrong: 'is not a port number from 1 to 65535', hint: 'use traffic-port, a port number, or the name of a Service port' };
  }
  const missing = services.filter((service) => !findServicePort(service, value));
  if (missing.length === 0) return undefined;
  const [only] = missing;
  const meant = missing.length === 1 && only ? nearestString(value, objectItems<ServicePort>(only.object.spec?.ports).flatMap(([port]) => asString(port.name) ?? [])) : undefined;
  return { wrong: `names no port of ${listInProse(missing.map((service) => describeResource(service)))}`, hint: meant ? `did you mean ${meant}?` : 'use traffic-port, a port number, or the name of a Service port' };
}
