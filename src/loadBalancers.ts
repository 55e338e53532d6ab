import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { annotationOf, isKind } from './resource.js';
import type { Resource } from './resource.js';
import { asString, objectItems } from './values.js';

/**
 * Which Services make a cloud load balancer that one ALB Ingress could replace, and of which
 * scheme: shared by the loadbalancer-consolidation rule and `kubelint plan-ingress`.
 */

const HTTP_PORTS = new Set([80, 443, 8080, 8443]);
const HTTP_PROTOCOLS = new Set(['http', 'https', 'h2c', 'grpc']);
/** appProtocol values of the kubernetes.io prefix that are HTTP underneath. */
const KUBERNETES_HTTP_APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);

const SCHEME_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const INTERNAL_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const TYPE_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-type';

/** A classic or ALB-bound load balancer serving HTTP; network load balancers are left alone. */
export function isHttpLoadBalancer(resource: Resource): boolean {
  if (!isKind<Service>(resource, 'Service') || resource.apiVersion !== 'v1') return false;
  const spec = resource.object.spec;
  if (spec?.type !== 'LoadBalancer') return false;
  const lbType = annotationOf(resource, TYPE_ANNOTATION)?.toLowerCase();
  if (lbType === 'nlb' || lbType === 'external' || lbType === 'nlb-ip' || spec.loadBalancerClass === 'service.k8s.aws/nlb') return false;
  return objectItems<ServicePort>(spec.ports).some(([port]) => servesHttp(port));
}

export function servesHttp(port: ServicePort): boolean {
  if (typeof port.port === 'number' && HTTP_PORTS.has(port.port)) return true;
  if (typeof port.targetPort === 'number' && HTTP_PORTS.has(port.targetPort)) return true;
  const appProtocol = asString(port.appProtocol)?.toLowerCase();
  if (appProtocol && (HTTP_PROTOCOLS.has(appProtocol) || KUBERNETES_HTTP_APP_PROTOCOLS.has(appProtocol))) return true;
  // Port names follow the `<protocol>[-<suffix>]` convention (http, http-web, grpc-api).
  const name = asString(port.name)?.toLowerCase();
  return name !== undefined && HTTP_PROTOCOLS.has(name.split('-')[0] ?? '');
}

export function schemeOf(resource: Resource): 'internal' | 'internet-facing' {
  const scheme = annotationOf(resource, SCHEME_ANNOTATION)?.toLowerCase();
  if (scheme === 'internal' || scheme === 'internet-facing') return scheme;
  // The in-tree AWS provider treats any value but "false" as internal.
  const internal = annotationOf(resource, INTERNAL_ANNOTATION);
  return internal !== undefined && internal !== '' && internal.toLowerCase() !== 'false' ? 'internal' : 'internet-facing';
}
