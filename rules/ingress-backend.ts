import type { ServicePort } from 'kubernetes-types/core/v1.js';
import { findServicePort, isAlbAction, isIngress, isV1Service, serviceBackends, servicesNamed } from '../src/ingress.js';
import type { ServiceBackend, ServiceResource } from '../src/ingress.js';
import { describeResource } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import type { RelatedNode, RuleContext } from '../src/rule.js';
import { listInProse, nearestString } from '../src/text.js';
import { asString, objectItems } from '../src/values.js';

export default defineRule({
  meta: {
    id: 'ingress-backend',
    description: "Each Ingress backend names a Service in the Ingress's namespace, and one of that Service's ports",
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
    kubeLinter: ['dangling-ingress'],
  },
  check(context) {
    const allServices = context.index.ofKind('Service').filter(isV1Service);
    // With no Service anywhere in view, the Services are defined elsewhere: nothing to compare with.
    if (allServices.length === 0) return;
    // Built once, for "it exists in namespace X" hints, instead of a scan of the world per backend.
    const byName = new Map<string, ServiceResource[]>();
    for (const service of allServices) {
      if (service.name === undefined) continue;
      const list = byName.get(service.name);
      if (list) list.push(service);
      else byName.set(service.name, [service]);
    }

    for (const ingress of context.resources) {
      if (!isIngress(ingress)) continue;
      for (const backend of serviceBackends(ingress)) {
        if (isAlbAction(ingress, backend)) continue;
        const services = servicesNamed(context.index, ingress, backend.serviceName);
        if (services.length === 0) checkMissingService(context, ingress, backend, byName.get(backend.serviceName) ?? []);
        else checkPort(context, ingress, backend, services);
      }
    }
  },
});

function checkMissingService(context: RuleContext, ingress: Resource, backend: ServiceBackend, sameName: ServiceResource[]): void {
  const { index } = context;
  const elsewhere = sameName.filter((service) => service.namespace !== ingress.namespace);
  const inNamespace = index.ofKind('Service', ingress.namespace).filter(isV1Service);
  // No Service in the namespace and none of that name elsewhere: the Services are deployed by
  // something out of view (a chart, another repository), not mistyped.
  if (inNamespace.length === 0 && elsewhere.length === 0) return;
  // The Service may be in a file beside it that is not YAML yet (a template): that is its own finding.
  if (index.hasUnparsedFileBeside(ingress)) return;

  const name = backend.serviceName;
  let message = `the backend names Service ${name}, but no Service ${name} is in namespace ${ingress.namespace}, so requests routed here fail`;
  const related: RelatedNode[] = [];
  const hint = nearestString(name, new Set(inNamespace.flatMap((service) => (service.name === undefined ? [] : [service.name]))));
  if (backend.port === 'use-annotation') {
    message += `; with port use-annotation, the AWS Load Balancer Controller takes the action from the annotation alb.ingress.kubernetes.io/actions.${name}, which this Ingress does not have`;
  } else if (hint) {
    message += `; did you mean ${hint}?`;
    const meant = inNamespace.find((service) => service.name === hint);
    if (meant) related.push({ resource: meant, path: ['metadata', 'name'], message: `${describeResource(meant)} in namespace ${meant.namespace}` });
  }
  if (elsewhere.length > 0) {
    const namespaces = [...new Set(elsewhere.map((service) => service.namespace))].slice(0, 3);
    message += `; Service ${name} exists in namespace ${listInProse(namespaces)}, but an Ingress routes only to Services in its own namespace`;
    for (const service of elsewhere.slice(0, 3)) related.push({ resource: service, path: ['metadata', 'name'], message: describeResource(service, { withNamespace: true }) });
  }
  context.report(ingress, backend.namePath, message, { related });
}

function checkPort(context: RuleContext, ingress: Resource, backend: ServiceBackend, services: ServiceResource[]): void {
  const { port, portPath } = backend;
  if (port === undefined || portPath === undefined) return;
  // An ExternalName Service is a DNS alias: it needs no ports. A Service in a kustomize patch is partial.
  const comparable = services.filter((service) => service.object.spec?.type !== 'ExternalName' && !context.index.isKustomizePatch(service));
  if (comparable.length < services.length || comparable.some((service) => findServicePort(service, port))) return;
  const [service] = comparable;
  if (!service) return;

  const ports = objectItems<ServicePort>(service.object.spec?.ports).map(([servicePort]) => servicePort);
  const declared = ports.length > 0 ? `its ports: ${ports.map(formatPort).join(', ')}` : 'it declares no ports';
  const subject = typeof port === 'number' ? `port ${port}` : `port name ${port}`;
  const message = `${subject} is not a port of ${describeResource(service)} (${declared}), so requests routed here fail${portHint(port, ports, backend)}`;
  context.report(ingress, portPath, message, { related: [{ resource: service, path: ports.length > 0 ? ['spec', 'ports'] : ['metadata', 'name'], message: `ports of ${describeResource(service)}` }] });
}

/** The likeliest meant port: a close name or number, a targetPort given for the port, or the only port there is. */
function portHint(port: number | string, ports: ServicePort[], backend: ServiceBackend): string {
  if (typeof port === 'number') {
    const byTarget = ports.find((servicePort) => servicePort.targetPort === port && typeof servicePort.port === 'number');
    if (byTarget) return `; did you mean ${byTarget.port}? ${port} is the targetPort of that port, and a backend names the Service's port, not the container's`;
    const close = nearestString(String(port), ports.flatMap((servicePort) => (typeof servicePort.port === 'number' ? [String(servicePort.port)] : [])));
    if (close) return `; did you mean ${close}?`;
  } else {
    // An old-style servicePort: "80" is a port name to the API server, and a port name needs a letter.
    if (/^[0-9]+$/.test(port) && ports.some((servicePort) => servicePort.port === Number(port))) return `; "${port}" is a string, so it names a port: write ${port} without quotes`;
    const close = nearestString(port, ports.flatMap((servicePort) => asString(servicePort.name) ?? []));
    if (close) return `; did you mean ${close}?`;
  }
  // A single port is what the backend meant, however different its name (http for web).
  const [only] = ports;
  if (ports.length !== 1 || !only) return '';
  const name = asString(only.name);
  if (name !== undefined && backend.portField !== 'number') return `; did you mean ${name}?`;
  if (typeof only.port === 'number') return backend.portField === 'name' ? `; did you mean number: ${only.port}? the port has no name` : `; did you mean ${only.port}?`;
  return '';
}

function formatPort(port: ServicePort): string {
  const number = typeof port.port === 'number' ? String(port.port) : '?';
  const name = asString(port.name);
  return name !== undefined ? `${number} "${name}"` : number;
}
