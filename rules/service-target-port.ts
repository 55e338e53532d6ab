import type { ContainerPort, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { servingContainers } from '../src/podTemplate.js';
import { describeResource, isKind } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import type { Workload } from '../src/resourceIndex.js';
import { defineRule } from '../src/rule.js';
import type { RelatedNode, RuleContext } from '../src/rule.js';
import { findWorkloadsBehindService } from '../src/services.js';
import { listInProse, nearestString } from '../src/text.js';
import type { JsonPath } from '../src/types.js';
import { asString, objectItems } from '../src/values.js';

/** A port a serving container declares, with where it is declared. */
interface DeclaredPort {
  name: string | undefined;
  number: number | undefined;
  protocol: string;
  path: JsonPath;
}

/** A workload whose containers do not serve a Service port, and the ports they do declare. */
interface Miss {
  workload: Workload;
  declared: DeclaredPort[];
  /** Set when the port exists but with another protocol. */
  protocolOf?: DeclaredPort;
}

export default defineRule({
  meta: {
    id: 'service-target-port',
    description: "A Service port's targetPort (number, name, or port when omitted) is served by a container of the selected pods",
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
  },
  check(context) {
    for (const service of context.resources) {
      if (!isKind<Service>(service, 'Service')) continue;
      const ports = objectItems<ServicePort>(service.object.spec?.ports);
      // A quoted number is wrong whatever the Service selects: check it before looking for pods.
      for (const [port, i] of ports) {
        if (typeof port.targetPort === 'string' && /^[0-9]+$/.test(port.targetPort)) {
          context.report(service, ['spec', 'ports', i, 'targetPort'], `targetPort "${port.targetPort}" is a string, so Kubernetes reads it as a port name, and a port name needs a letter; write ${port.targetPort} without quotes`);
        }
      }
      // No selected workload is service-selector-match's finding; there is nothing to compare here.
      const workloads = findWorkloadsBehindService(context.index, service);
      if (workloads.length === 0) continue;
      for (const [port, i] of ports) checkPort(context, service, port, i, workloads);
    }
  },
});

function checkPort(context: RuleContext, service: Resource, port: ServicePort, i: number, workloads: readonly Workload[]): void {
  const explicit = port.targetPort !== undefined;
  const target: unknown = explicit ? port.targetPort : port.port;
  const path = ['spec', 'ports', i, explicit ? 'targetPort' : 'port'];
  const protocol = asString(port.protocol) ?? 'TCP';
  const subject = explicit ? `targetPort ${JSON.stringify(target)}` : `port ${String(target)} (the target, since targetPort is not set)`;

  if (typeof target === 'string' && explicit && !/^[0-9]+$/.test(target)) {
    const misses = findMisses(workloads, protocol, (declared) => declared.name === target);
    if (misses.length > 0) {
      context.report(service, path, describeMisses(subject, target, protocol, misses, 'name', workloads.length), { related: relatedPorts(misses) });
    }
  } else if (typeof target === 'number') {
    // Declaring containerPort is optional: a workload that declares none cannot be checked.
    const misses = findMisses(workloads, protocol, (declared) => declared.number === target).filter((miss) => miss.declared.length > 0);
    if (misses.length > 0) {
      context.report(service, path, describeMisses(subject, String(target), protocol, misses, 'number', workloads.length), { severity: 'warning', related: relatedPorts(misses) });
    }
  }
}

function findMisses(workloads: readonly Workload[], protocol: string, matches: (declared: DeclaredPort) => boolean): Miss[] {
  const misses: Miss[] = [];
  for (const workload of workloads) {
    const declared = declaredPorts(workload);
    // The first port that matches with another protocol, unless one matches with this protocol.
    let protocolOf: DeclaredPort | undefined;
    let served = false;
    for (const port of declared) {
      if (!matches(port)) continue;
      if (port.protocol === protocol) {
        served = true;
        break;
      }
      protocolOf ??= port;
    }
    if (served) continue;
    misses.push(protocolOf ? { workload, declared, protocolOf } : { workload, declared });
  }
  return misses;
}

function declaredPorts(workload: Workload): DeclaredPort[] {
  return servingContainers(workload.template).flatMap(({ container, path }) =>
    objectItems<ContainerPort>(container.ports).map(([port, i]): DeclaredPort => {
      // A literal, not spreads of optional fields: built for every port of every selected workload.
      return {
        name: asString(port.name) || undefined,
        number: typeof port.containerPort === 'number' ? port.containerPort : undefined,
        protocol: asString(port.protocol) ?? 'TCP',
        path: [...path, 'ports', i],
      };
    }),
  );
}

function describeMisses(subject: string, target: string, protocol: string, misses: Miss[], by: 'name' | 'number', selected: number): string {
  const [first] = misses;
  if (first?.protocolOf && misses.length === 1) {
    const where = `${describeResource(first.workload.resource)} declares it as ${first.protocolOf.protocol}`;
    return `${subject} is ${protocol}, but ${where}; the protocols must agree`;
  }
  const owners = listInProse([...new Set(misses.map((miss) => describeResource(miss.workload.resource)))]);
  const declared = misses.flatMap((miss) => miss.declared);
  const offered = declared.map((port) => (by === 'name' ? port.name : port.number === undefined ? undefined : String(port.number))).filter((value): value is string => value !== undefined);
  const what = by === 'name' ? `names no ${protocol} container port of ${owners}` : `is not a ${protocol} containerPort of ${owners}`;
  const listing = offered.length > 0 ? ` (declared: ${[...new Set(declared.map(formatPort))].join(', ')})` : by === 'name' ? ' (no container port has a name)' : '';
  const hint = nearestString(target, new Set(offered));
  // With several workloads selected, the others may still serve the port.
  const consequence = by !== 'name' ? '' : misses.length === selected ? ', so the Service gets no endpoints for this port' : `, so their pods are not endpoints for this port`;
  return `${subject} ${what}${listing}${consequence}${hint ? `; did you mean ${hint}?` : ''}`;
}

function formatPort(port: DeclaredPort): string {
  const number = port.number === undefined ? '?' : String(port.number);
  const protocol = port.protocol === 'TCP' ? '' : `/${port.protocol}`;
  return port.name ? `${number}${protocol} "${port.name}"` : `${number}${protocol}`;
}

function relatedPorts(misses: Miss[]): RelatedNode[] {
  return misses.map(({ workload, declared, protocolOf }) => {
    const at = protocolOf ?? declared[0];
    return {
      resource: workload.resource,
      path: at?.path ?? workload.template.specPath,
      message: at ? `a port of ${describeResource(workload.resource)}` : `pod spec of ${describeResource(workload.resource)}`,
    };
  });
}
