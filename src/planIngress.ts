import type { ServicePort } from 'kubernetes-types/core/v1.js';
import { isHttpLoadBalancer, schemeOf, servesHttp } from './loadBalancers.js';
import { yaml } from './lazyModules.js';
import { identityOf } from './resource.js';
import type { Resource } from './resource.js';
import { isRecord, objectItems } from './values.js';

/**
 * `kubelint plan-ingress`: the replacement loadbalancer-consolidation asks for, ready for
 * `kubectl apply -f -`. One Ingress per namespace and scheme, all of a scheme joined into one ALB
 * by an IngressGroup; a rule per Service, with a host to edit; and each Service turned into a
 * ClusterIP Service, reached by the ALB in IP mode. The output lints clean with kubelint.
 */
export function planIngress(resources: readonly Resource[]): string {
  const services = uniqueByIdentity(resources.filter(isHttpLoadBalancer));
  if (services.length === 0) return '# kubelint plan-ingress: no HTTP LoadBalancer Service in these files: nothing to replace.\n';
  const groups = new Map<string, Resource[]>();
  for (const service of services) {
    const key = `${schemeOf(service)}\u0000${service.namespace}`;
    groups.set(key, [...(groups.get(key) ?? []), service]);
  }
  const documents: string[] = [
    `# kubelint plan-ingress: ${services.length} HTTP LoadBalancer Service${services.length === 1 ? '' : 's'} become${services.length === 1 ? 's' : ''} one ALB per scheme.\n` +
      '# Review the hosts marked TODO, then: kubectl apply -f <this file>.\n',
  ];
  for (const [key, members] of groups) {
    const [scheme = 'internet-facing', namespace = 'default'] = key.split('\u0000');
    documents.push(ingressDocument(scheme, namespace, members));
  }
  for (const service of services) documents.push(clusterIpDocument(service));
  return documents.join('---\n');
}

function ingressDocument(scheme: string, namespace: string, services: readonly Resource[]): string {
  const group = scheme === 'internal' ? 'kubelint-internal' : 'kubelint-public';
  const rules = services.map((service) => {
    const port = httpPort(service);
    const backendPort = port?.name ? `name: ${port.name}` : `number: ${String(port?.port ?? 80)}`;
    return [
      `    - host: ${service.name ?? 'service'}.example.com  # TODO: the host name this Service answers on (or route by path)`,
      '      http:',
      '        paths:',
      '          - path: /',
      '            pathType: Prefix',
      '            backend:',
      '              service:',
      `                name: ${service.name ?? ''}`,
      `                port: {${backendPort}}`,
    ].join('\n');
  });
  return [
    `# The ${scheme} ALB, shared by every namespace's Ingress through the IngressGroup ${group}.`,
    '# For HTTPS, add alb.ingress.kubernetes.io/certificate-arn and listen-ports.',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    `  name: ${group}`,
    `  namespace: ${namespace}`,
    '  annotations:',
    `    alb.ingress.kubernetes.io/group.name: ${group}`,
    `    alb.ingress.kubernetes.io/scheme: ${scheme}`,
    '    alb.ingress.kubernetes.io/target-type: ip',
    'spec:',
    '  ingressClassName: alb',
    '  rules:',
    ...rules,
    '',
  ].join('\n');
}

/** The Service as ClusterIP: its load-balancer fields and annotations go, with its node ports. */
function clusterIpDocument(service: Resource): string {
  const object = structuredClone(service.object) as Record<string, unknown>;
  delete object['status'];
  const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
  if (isRecord(metadata['annotations'])) {
    for (const key of Object.keys(metadata['annotations'])) if (key.startsWith('service.beta.kubernetes.io/aws-load-balancer')) delete metadata['annotations'][key];
    if (Object.keys(metadata['annotations']).length === 0) delete metadata['annotations'];
  }
  const spec = isRecord(object['spec']) ? object['spec'] : {};
  spec['type'] = 'ClusterIP';
  for (const field of ['externalTrafficPolicy', 'loadBalancerIP', 'loadBalancerSourceRanges', 'loadBalancerClass', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort']) delete spec[field];
  for (const [port] of objectItems<Record<string, unknown>>(spec['ports'])) delete port['nodePort'];
  return `# Was type: LoadBalancer, its own cloud load balancer; now reached through the ALB above.\n${yaml().stringify(object)}`;
}

function httpPort(service: Resource): ServicePort | undefined {
  const ports = objectItems<ServicePort>(isRecord(service.object['spec']) ? service.object['spec']['ports'] : undefined).map(([port]) => port);
  return ports.find(servesHttp) ?? ports[0];
}

function uniqueByIdentity(resources: readonly Resource[]): Resource[] {
  const seen = new Set<string>();
  return resources.filter((resource) => !seen.has(identityOf(resource)) && seen.add(identityOf(resource)));
}
