import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { describeResource, identityOf, isKind } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import { listInProse } from '../src/text.js';
import { asString, isRecord, objectItems } from '../src/values.js';

interface Options {
  /** How many HTTP(S) load balancers of one scheme are fine before suggesting one Ingress. */
  maxHttpLoadBalancers: number;
}

const HTTP_PORTS = new Set([80, 443, 8080, 8443]);
const HTTP_PROTOCOLS = new Set(['http', 'https', 'h2c', 'grpc']);
/** appProtocol values of the kubernetes.io prefix that are HTTP underneath. */
const KUBERNETES_HTTP_APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);

const SCHEME_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-scheme';
const INTERNAL_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-internal';
const TYPE_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-type';

export default defineRule<Options>({
  meta: {
    id: 'loadbalancer-consolidation',
    description: 'Several LoadBalancer Services serve HTTP(S): one Ingress (ALB, IngressGroup) should replace them',
    severity: 'warning',
    category: 'cost',
    scope: 'set',
  },
  defaultOptions: { maxHttpLoadBalancers: 1 },
  check({ resources, index, options, report }) {
    // Internal and internet-facing load balancers cannot share one ALB: count them apart. The same
    // Service defined in several files (base and overlays) is one load balancer.
    const byScheme = new Map<string, Map<string, Resource>>();
    for (const service of index.ofKind('Service')) {
      if (!isHttpLoadBalancer(service)) continue;
      const scheme = schemeOf(service);
      const services = byScheme.get(scheme) ?? new Map<string, Resource>();
      // An unnamed Service (generateName) is its own load balancer: give it an identity of its own.
      const identity = service.name === undefined ? `${service.file.name}#${service.documentIndex}#${service.basePath.join('.')}` : identityOf(service);
      if (!services.has(identity)) services.set(identity, service);
      byScheme.set(scheme, services);
    }
    const allowed = Number.isInteger(options.maxHttpLoadBalancers) && options.maxHttpLoadBalancers >= 0 ? options.maxHttpLoadBalancers : 1;
    for (const [scheme, services] of byScheme) {
      if (services.size <= allowed) continue;
      for (const service of resources) {
        if (!isHttpLoadBalancer(service) || schemeOf(service) !== scheme) continue;
        const others = [...services.values()].filter((other) => other !== service && (other.name === undefined || identityOf(other) !== identityOf(service)));
        const names = others.map((other) => describeResource(other, { withNamespace: other.namespace !== service.namespace }));
        const shown = names.length > 5 ? [...names.slice(0, 5), `${names.length - 5} more`] : names;
        report(
          service,
          ['spec', 'type'],
          `${describeResource(service)} is one of ${services.size} ${scheme} HTTP LoadBalancer Services (with ${listInProse(shown)}), each a cloud load balancer billed on its own. ` +
            'One Ingress with ingressClassName: alb can replace them (share it across namespaces with the annotation alb.ingress.kubernetes.io/group.name), ' +
            'the Services becoming ClusterIP (target-type ip) or NodePort (target-type instance)',
          {
            related: others.slice(0, 5).map((other) => ({
              resource: other,
              path: ['spec', 'type'],
              message: `also an ${scheme} HTTP LoadBalancer: ${describeResource(other, { withNamespace: true })}`,
            })),
          },
        );
      }
    }
  },
});

/** A classic or ALB-bound load balancer serving HTTP; network load balancers are left alone. */
function isHttpLoadBalancer(resource: Resource): boolean {
  if (!isKind<Service>(resource, 'Service') || resource.apiVersion !== 'v1') return false;
  const spec = resource.object.spec;
  if (spec?.type !== 'LoadBalancer') return false;
  const lbType = annotation(resource, TYPE_ANNOTATION)?.toLowerCase();
  if (lbType === 'nlb' || lbType === 'external' || lbType === 'nlb-ip' || spec.loadBalancerClass === 'service.k8s.aws/nlb') return false;
  return objectItems<ServicePort>(spec.ports).some(([port]) => servesHttp(port));
}

function servesHttp(port: ServicePort): boolean {
  if (typeof port.port === 'number' && HTTP_PORTS.has(port.port)) return true;
  if (typeof port.targetPort === 'number' && HTTP_PORTS.has(port.targetPort)) return true;
  const appProtocol = asString(port.appProtocol)?.toLowerCase();
  if (appProtocol && (HTTP_PROTOCOLS.has(appProtocol) || KUBERNETES_HTTP_APP_PROTOCOLS.has(appProtocol))) return true;
  // Port names follow the `<protocol>[-<suffix>]` convention (http, http-web, grpc-api).
  const name = asString(port.name)?.toLowerCase();
  return name !== undefined && HTTP_PROTOCOLS.has(name.split('-')[0] ?? '');
}

function schemeOf(resource: Resource): 'internal' | 'internet-facing' {
  const scheme = annotation(resource, SCHEME_ANNOTATION)?.toLowerCase();
  if (scheme === 'internal' || scheme === 'internet-facing') return scheme;
  // The in-tree AWS provider treats any value but "false" as internal.
  const internal = annotation(resource, INTERNAL_ANNOTATION);
  return internal !== undefined && internal !== '' && internal.toLowerCase() !== 'false' ? 'internal' : 'internet-facing';
}

function annotation(resource: Resource, key: string): string | undefined {
  const annotations = resource.object.metadata?.annotations;
  return isRecord(annotations) && Object.hasOwn(annotations, key) ? asString(annotations[key]) : undefined;
}
