import { isHttpLoadBalancer, schemeOf } from '../src/loadBalancers.js';
import { describeResource, identityOf } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import { listInProse } from '../src/text.js';

interface Options {
  /** How many HTTP(S) load balancers of one scheme are fine before suggesting one Ingress. */
  maxHttpLoadBalancers: number;
}

export default defineRule<Options>({
  meta: {
    id: 'loadbalancer-consolidation',
    description: 'Several LoadBalancer Services serve HTTP(S): one Ingress (ALB, IngressGroup) should replace them',
    severity: 'warning',
    category: 'cost',
    preset: 'recommended',
    scope: 'set',
    options: optionsSchema({
      maxHttpLoadBalancers: { description: 'How many HTTP(S) load balancers of one scheme are fine before suggesting one Ingress', type: 'integer', minimum: 1 },
    }),
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
