import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import type { IngressClass } from 'kubernetes-types/networking/v1.js';
import { annotationOf, isKind, keepNearest } from './resource.js';
import type { Resource } from './resource.js';
import type { ResourceIndex } from './resourceIndex.js';
import type { JsonPath } from './types.js';
import { asString, getAt, isRecord, objectItems } from './values.js';

/**
 * What the Ingress rules share: an Ingress's Service backends in both API forms, the Services
 * they name, and whether the AWS Load Balancer Controller serves the Ingress.
 */

/** The deprecated annotation that chose a controller before `spec.ingressClassName` (Kubernetes 1.18). */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** `spec.controller` of the IngressClasses the AWS Load Balancer Controller serves. */
export const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
/** The class name the AWS Load Balancer Controller answers to by default (its `--ingress-class` flag). */
export const ALB_CLASS = 'alb';
export const ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io/';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** networking.k8s.io/v1 uses `service: {name, port: {number | name}}`; the older versions `serviceName` and `servicePort`. */
const INGRESS_API_VERSIONS: Readonly<Record<string, 'v1' | 'legacy'>> = {
  'networking.k8s.io/v1': 'v1',
  'networking.k8s.io/v1beta1': 'legacy',
  'extensions/v1beta1': 'legacy',
};

export function isIngress(resource: Resource): boolean {
  return resource.kind === 'Ingress' && Object.hasOwn(INGRESS_API_VERSIONS, resource.apiVersion);
}

/** One backend of an Ingress that names a Service, with where each part is written. */
export interface ServiceBackend {
  /** The backend object: `spec.defaultBackend`, `spec.backend` or `spec.rules[i].http.paths[j].backend`. */
  path: JsonPath;
  serviceName: string;
  namePath: JsonPath;
  /** A number or a port name, as written; undefined when the backend names no port (a schema finding). */
  port?: number | string;
  portPath?: JsonPath;
  /** How the port is written: `port.number`, `port.name`, or the old `servicePort`. */
  portField?: 'number' | 'name' | 'servicePort';
}

/**
 * The Service backends of an Ingress, default backend first. Backends with `resource` (not a
 * Service) and backends without a service name are left out.
 */
export function serviceBackends(ingress: Resource): readonly ServiceBackend[] {
  // Remembered: several rules read the backends of every Ingress.
  let backends = backendsOf.get(ingress.object);
  if (!backends) backendsOf.set(ingress.object, (backends = readServiceBackends(ingress)));
  return backends;
}

const backendsOf = new WeakMap<object, readonly ServiceBackend[]>();

function readServiceBackends(ingress: Resource): ServiceBackend[] {
  const form = Object.hasOwn(INGRESS_API_VERSIONS, ingress.apiVersion) ? INGRESS_API_VERSIONS[ingress.apiVersion] : undefined;
  if (!form) return [];
  const spec = ingress.object['spec'];
  const paths: JsonPath[] = [form === 'v1' ? ['spec', 'defaultBackend'] : ['spec', 'backend']];
  for (const [rule, i] of objectItems<Record<string, unknown>>(getAt(spec, ['rules']))) {
    for (const [, j] of objectItems(getAt(rule, ['http', 'paths']))) paths.push(['spec', 'rules', i, 'http', 'paths', j, 'backend']);
  }
  return paths.flatMap((path) => {
    const backend = getAt(ingress.object, path);
    if (!isRecord(backend)) return [];
    const found = form === 'v1' ? v1Backend(backend, path) : legacyBackend(backend, path);
    return found ? [found] : [];
  });
}

function v1Backend(backend: Record<string, unknown>, path: JsonPath): ServiceBackend | undefined {
  const service = backend['service'];
  const serviceName = asString(getAt(service, ['name']));
  if (serviceName === undefined) return undefined;
  const namePath = [...path, 'service', 'name'];
  const number = getAt(service, ['port', 'number']);
  const name = asString(getAt(service, ['port', 'name']));
  // Literals, not spreads of a common part: every Ingress path is read this way.
  if (typeof number === 'number') return { path, serviceName, namePath, port: number, portPath: [...path, 'service', 'port', 'number'], portField: 'number' };
  if (name !== undefined) return { path, serviceName, namePath, port: name, portPath: [...path, 'service', 'port', 'name'], portField: 'name' };
  return { path, serviceName, namePath };
}

function legacyBackend(backend: Record<string, unknown>, path: JsonPath): ServiceBackend | undefined {
  const serviceName = asString(backend['serviceName']);
  if (serviceName === undefined) return undefined;
  const namePath = [...path, 'serviceName'];
  const port = backend['servicePort'];
  // servicePort is an IntOrString: a quoted "80" is a port name, as the API server reads it.
  if (typeof port === 'number' || typeof port === 'string') return { path, serviceName, namePath, port, portPath: [...path, 'servicePort'], portField: 'servicePort' };
  return { path, serviceName, namePath };
}

/**
 * A backend that is an AWS Load Balancer Controller action, not a Service: its port is
 * `use-annotation` and the annotation `alb.ingress.kubernetes.io/actions.<service name>` defines it.
 */
export function isAlbAction(ingress: Resource, backend: ServiceBackend): boolean {
  return backend.port === 'use-annotation' && annotationOf(ingress, `${ALB_ANNOTATION_PREFIX}actions.${backend.serviceName}`) !== undefined;
}

/**
 * Whether the AWS Load Balancer Controller serves the Ingress: `spec.ingressClassName` names an
 * IngressClass of controller ingress.k8s.aws/alb (or is `alb` when no IngressClass of that name is
 * in view: the controller's chart installs it), else the old annotation says `alb`, else the
 * Ingress names no class and the default IngressClass in view is the controller's.
 */
export function isAlbIngress(ingress: Resource, index: ResourceIndex): boolean {
  const className = asString(getAt(ingress.object, ['spec', 'ingressClassName']));
  if (className !== undefined) {
    const classes = ingressClassesNamed(index, className);
    return classes.length > 0 ? classes.some((ingressClass) => controllerOf(ingressClass) === ALB_CONTROLLER) : className === ALB_CLASS;
  }
  const annotated = annotationOf(ingress, INGRESS_CLASS_ANNOTATION);
  if (annotated !== undefined) return annotated === ALB_CLASS;
  return index.ofKind('IngressClass').some((ingressClass) => annotationOf(ingressClass, DEFAULT_CLASS_ANNOTATION) === 'true' && controllerOf(ingressClass) === ALB_CONTROLLER);
}

export function ingressClassesNamed(index: ResourceIndex, name: string): Resource[] {
  return index.ofKind('IngressClass').filter((ingressClass) => ingressClass.name === name);
}

function controllerOf(ingressClass: Resource): string | undefined {
  return isKind<IngressClass>(ingressClass, 'IngressClass') ? asString(ingressClass.object.spec?.controller) : undefined;
}

/** A `v1` Service, readable both as a Service and as any resource. */
export type ServiceResource = Resource<Service> & Resource;

/**
 * The Services a backend names: `v1` Services of that name in the Ingress's namespace, the nearest
 * ones when several folders define it (a base and its overlays, or other environments).
 */
export function servicesNamed(index: ResourceIndex, ingress: Resource, name: string): ServiceResource[] {
  const services = index.named('Service', ingress.namespace, name).filter(isV1Service);
  return services.length > 0 ? keepNearest(services.map((resource) => ({ resource })), ingress).map(({ resource }) => resource) : [];
}

export function isV1Service(resource: Resource): resource is ServiceResource {
  return isKind<Service>(resource, 'Service') && resource.apiVersion === 'v1';
}

/** The port of a Service a backend names: by number (`port`, not `targetPort`) or by name. */
export function findServicePort(service: ServiceResource, port: number | string): ServicePort | undefined {
  return objectItems<ServicePort>(service.object.spec?.ports)
    .map(([servicePort]) => servicePort)
    .find((servicePort) => (typeof port === 'number' ? servicePort.port === port : servicePort.name === port));
}
