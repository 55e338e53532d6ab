import type { Container, ContainerPort } from 'kubernetes-types/core/v1.js';
import { servingContainers } from '../src/podTemplate.js';
import type { PodTemplateRef } from '../src/podTemplate.js';
import type { Resource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import type { RelatedNode } from '../src/rule.js';
import { nearestString } from '../src/text.js';
import type { JsonPath } from '../src/types.js';
import { asString, getAt, objectItems } from '../src/values.js';

/**
 * What an unresolvable named port does to each probe: the kubelet treats it as a probe error and
 * throws the result away, so the probe keeps its initial state.
 */
const CONSEQUENCES = {
  readinessProbe: 'the probe errors on every run, and the container never becomes ready',
  livenessProbe: 'the probe errors on every run, and never checks the container',
  startupProbe: 'the probe errors on every run, and the container never counts as started (nor becomes ready)',
} as const;
type ProbeName = keyof typeof CONSEQUENCES;
const PROBES = Object.keys(CONSEQUENCES) as ProbeName[];

// grpc.port is a number in the API (GRPCAction.port: number), never a name: a number need not be
// declared, and a string there is the schema rule's finding. Only these two actions take names.
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

/** A named port of some container of the pod, for "container X declares it" hints. */
interface NamedPort {
  name: string;
  number?: number;
  container: string;
  /** The container's JSON path, joined: tells a port of the probe's own container from the others'. */
  containerKey: string;
  path: JsonPath;
}

export default defineRule({
  meta: {
    id: 'probe-port',
    description: "A probe's named port (httpGet, tcpSocket) is declared by its own container",
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['liveness-port', 'readiness-port', 'startup-port'],
  },
  check({ workloads, index, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // A kustomize patch is partial: the ports its probes name may be declared in the base.
      const partial = index.isKustomizePatch(resource);
      let podPorts: NamedPort[] | undefined;
      // Ordinary init containers cannot have probes (the API server rejects them); native sidecars can.
      for (const { container, path } of servingContainers(template)) {
        const own = objectItems<ContainerPort>(container.ports);
        const ownNames = new Set(own.map(([port]) => asString(port.name)));
        for (const probeName of PROBES) {
          for (const action of ACTIONS) {
            const port = getAt(container, [probeName, action, 'port']);
            if (typeof port !== 'string' || ownNames.has(port)) continue;
            const portPath = [...path, probeName, action, 'port'];
            const subject = `${probeName}.${action}.port ${JSON.stringify(port)}`;
            if (/^[0-9]+$/.test(port)) {
              report(resource, portPath, `${subject} is a string, so Kubernetes reads it as a port name, and a port name needs a letter; write ${port} without quotes`);
              continue;
            }
            if (partial) continue;
            podPorts ??= namedPortsOfPod(template);
            const owner = containerName(container);
            const ownKey = path.join('.');
            const elsewhere = podPorts.filter((named) => named.name === port && named.containerKey !== ownKey);
            report(resource, portPath, describeMiss(subject, port, probeName, owner, own, elsewhere), { related: relatedPorts(resource, elsewhere) });
          }
        }
      }
    }
  },
});

function describeMiss(subject: string, port: string, probeName: ProbeName, owner: string, own: [ContainerPort, number][], elsewhere: NamedPort[]): string {
  const declared = own.map(([declaredPort]) => formatPort(declaredPort));
  const listing = declared.length > 0 ? ` (declared: ${declared.join(', ')})` : ', which declares no ports';
  const message = `${subject} names no port of container ${owner}${listing}; ${CONSEQUENCES[probeName]}`;
  const [other] = elsewhere;
  if (other) {
    const number = other.number === undefined ? '' : `, or write ${other.number}`;
    return `${message}; container ${other.container} declares it, but the kubelet looks a probe's named port up only among its own container's ports: declare it on ${owner}${number}`;
  }
  const hint = nearestString(port, own.map(([declaredPort]) => asString(declaredPort.name)).filter((name): name is string => name !== undefined));
  return hint ? `${message}; did you mean ${hint}?` : message;
}

function relatedPorts(resource: Resource, ports: NamedPort[]): RelatedNode[] {
  return ports.map((named) => ({ resource, path: named.path, message: `port ${named.name} of container ${named.container}` }));
}

function namedPortsOfPod(template: PodTemplateRef): NamedPort[] {
  return (['containers', 'initContainers'] as const).flatMap((group) =>
    objectItems<Container>(template.spec?.[group]).flatMap(([container, i]) =>
      objectItems<ContainerPort>(container.ports).flatMap(([port, j]): NamedPort[] => {
        const name = asString(port.name);
        if (name === undefined) return [];
        const number = typeof port.containerPort === 'number' ? { number: port.containerPort } : {};
        const containerPath = [...template.specPath, group, i];
        return [{ name, ...number, container: containerName(container), containerKey: containerPath.join('.'), path: [...containerPath, 'ports', j, 'name'] }];
      }),
    ),
  );
}

function containerName(container: Container): string {
  return asString(container.name) ?? '(unnamed)';
}

function formatPort(port: ContainerPort): string {
  const number = typeof port.containerPort === 'number' ? String(port.containerPort) : '?';
  const name = asString(port.name);
  return name ? `${number} "${name}"` : number;
}
