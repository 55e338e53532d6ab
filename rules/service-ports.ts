import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { describeResource, identityOf, isKind } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import type { ResourceIndex } from '../src/resourceIndex.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import type { RuleContext } from '../src/rule.js';
import { asString, objectItems } from '../src/values.js';

interface Options {
  /** The cluster's node-port range, as kube-apiserver's --service-node-port-range writes it. */
  nodePortRange: string;
}

const DEFAULT_RANGE = '30000-32767';
const DEFAULT_BOUNDS = { min: 30000, max: 32767 };
/** Types that open a port on every node; a ClusterIP or ExternalName Service has none. */
const NODE_PORT_TYPES = new Set(['NodePort', 'LoadBalancer']);

/** One port entry of a Service, as the checks compare them. */
interface Entry {
  index: number;
  name?: string;
  /** The name as written, whatever its type: a name of the wrong type is the schema rule's finding. */
  written: unknown;
  port?: number;
  nodePort?: number;
  protocol: string;
}

/** A node port some Service in view takes, for the cluster-wide uniqueness check. */
interface NodePortUse {
  service: Resource;
  index: number;
}

export default defineRule<Options>({
  meta: {
    id: 'service-ports',
    description: "A Service's ports are valid together: named and unique when several, nodePort in range, on a NodePort or LoadBalancer Service, and used by no other Service",
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
    options: optionsSchema({
      nodePortRange: { description: "The cluster's node-port range, as kube-apiserver's --service-node-port-range writes it", type: 'string', pattern: '^\\s*[0-9]+\\s*-\\s*[0-9]+\\s*$' },
    }),
  },
  defaultOptions: { nodePortRange: DEFAULT_RANGE },
  check(context) {
    const range = parseRange(context.options.nodePortRange) ?? DEFAULT_BOUNDS;
    let used: Map<number, NodePortUse[]> | undefined;
    for (const service of context.resources) {
      if (!isKind<Service>(service, 'Service') || service.apiVersion !== 'v1') continue;
      const entries = objectItems<ServicePort>(service.object.spec?.ports).map(([port, index]) => entryOf(port, index));
      // A kustomize patch is partial: names and the type may come from the base it patches.
      const partial = context.index.isKustomizePatch(service);
      if (!partial) checkNames(context, service, entries);
      checkDuplicates(context, service, entries);
      const type = asString(service.object.spec?.type) ?? 'ClusterIP';
      for (const entry of entries) {
        if (entry.nodePort === undefined) continue;
        const path = ['spec', 'ports', entry.index, 'nodePort'];
        if (!NODE_PORT_TYPES.has(type)) {
          if (partial) continue;
          const consequence = type === 'ClusterIP' ? 'the API server rejects it' : 'the nodePort does nothing';
          const which = service.object.spec?.type === undefined ? 'type ClusterIP (the default, as type is not set)' : `type ${type}`;
          context.report(service, path, `nodePort ${entry.nodePort} is set on a Service of ${which}, which opens no port on the nodes: ${consequence}. Set type: NodePort (or LoadBalancer), or remove nodePort`);
        } else if (entry.nodePort < range.min || entry.nodePort > range.max) {
          const isDefault = range === DEFAULT_BOUNDS || (range.min === DEFAULT_BOUNDS.min && range.max === DEFAULT_BOUNDS.max);
          const which = isDefault ? `the default node-port range ${DEFAULT_RANGE}` : `the node-port range ${range.min}-${range.max} (the nodePortRange option)`;
          const otherRange = isDefault ? " (a cluster started with another --service-node-port-range: set this rule's nodePortRange option)" : '';
          context.report(service, path, `nodePort ${entry.nodePort} is outside ${which}; the API server rejects it. Pick a port in the range, or leave nodePort out and let Kubernetes allocate one${otherRange}`);
        } else if (!partial) {
          used ??= nodePortsInView(context.index, range);
          const others = (used.get(entry.nodePort) ?? []).filter((use) => !sameService(use.service, service));
          const [other] = others;
          if (!other) continue;
          const where = describeResource(other.service, { withNamespace: other.service.namespace !== service.namespace });
          context.report(service, path, `nodePort ${entry.nodePort} is also taken by ${where}${others.length > 1 ? ` (and ${others.length - 1} more)` : ''}; a node port is open on every node for one Service of the whole cluster, so the second one is rejected. Pick another, or leave nodePort out and let Kubernetes allocate one`, {
            related: others.slice(0, 5).map((use) => ({ resource: use.service, path: ['spec', 'ports', use.index, 'nodePort'], message: `nodePort ${entry.nodePort} of ${describeResource(use.service, { withNamespace: true })}` })),
          });
        }
      }
    }
  },
});

function entryOf(port: ServicePort, index: number): Entry {
  return {
    index,
    written: port.name,
    name: asString(port.name),
    port: typeof port.port === 'number' ? port.port : undefined,
    // nodePort 0 asks Kubernetes to allocate one, as leaving it out does.
    nodePort: typeof port.nodePort === 'number' && port.nodePort !== 0 ? port.nodePort : undefined,
    protocol: asString(port.protocol) ?? 'TCP',
  };
}

/** With several ports, each needs a name (the API server says so), and names are unique. */
function checkNames({ report }: RuleContext<Options>, service: Resource, entries: Entry[]): void {
  // One port needs no name, and repeats nothing.
  if (entries.length < 2) return;
  const seen = new Map<string, Entry>();
  for (const entry of entries) {
    if (entry.name === undefined || entry.name === '') {
      const { written } = entry;
      if (written === undefined || written === null || written === '') {
        const path = written === '' ? ['spec', 'ports', entry.index, 'name'] : ['spec', 'ports', entry.index];
        const what = entry.port === undefined ? `port entry ${entry.index}` : `port ${entry.port}`;
        report(service, path, `${what} has no name, but ${describeResource(service)} has ${entries.length} ports, and then each needs one (the API server rejects it otherwise); name it after what it serves (http, grpc, metrics)`);
      }
      continue;
    }
    const first = seen.get(entry.name);
    if (first) {
      report(service, ['spec', 'ports', entry.index, 'name'], `port name ${entry.name} is already the name of spec.ports[${first.index}]${first.port === undefined ? '' : ` (port ${first.port})`}; names of a Service's ports must be unique (the API server rejects it otherwise)`);
    } else seen.set(entry.name, entry);
  }
}

/** A port (and a nodePort) appears once per protocol: the API server rejects a repeated pair. */
function checkDuplicates({ report }: RuleContext<Options>, service: Resource, entries: Entry[]): void {
  if (entries.length < 2) return;
  const ports = new Map<string, Entry>();
  const nodePorts = new Map<string, Entry>();
  for (const entry of entries) {
    if (entry.port !== undefined) {
      const key = `${entry.port}/${entry.protocol}`;
      const first = ports.get(key);
      if (first) report(service, ['spec', 'ports', entry.index, 'port'], `port ${key} is already spec.ports[${first.index}]${first.name ? ` (${first.name})` : ''}; a Service may list a port only once per protocol (the API server rejects it otherwise)`);
      else ports.set(key, entry);
    }
    if (entry.nodePort !== undefined) {
      const key = `${entry.nodePort}/${entry.protocol}`;
      const first = nodePorts.get(key);
      if (first) report(service, ['spec', 'ports', entry.index, 'nodePort'], `nodePort ${key} is already the nodePort of spec.ports[${first.index}]${first.name ? ` (${first.name})` : ''}; a nodePort may appear only once per protocol (the API server rejects it otherwise)`);
      else nodePorts.set(key, entry);
    }
  }
}

/** Node ports in range that the Services in view (but kustomize patches, which are partial) take. */
function nodePortsInView(index: ResourceIndex, range: { min: number; max: number }): Map<number, NodePortUse[]> {
  const used = new Map<number, NodePortUse[]>();
  for (const service of index.ofKind('Service')) {
    if (!isKind<Service>(service, 'Service') || service.apiVersion !== 'v1' || index.isKustomizePatch(service)) continue;
    if (!NODE_PORT_TYPES.has(asString(service.object.spec?.type) ?? 'ClusterIP')) continue;
    for (const [port, i] of objectItems<ServicePort>(service.object.spec?.ports)) {
      const nodePort = port.nodePort;
      if (typeof nodePort !== 'number' || nodePort < range.min || nodePort > range.max) continue;
      const uses = used.get(nodePort) ?? [];
      // One Service may take the same node port for TCP and UDP (DNS does): count it once.
      if (!uses.some((use) => use.service === service)) uses.push({ service, index: i });
      used.set(nodePort, uses);
    }
  }
  return used;
}

/** The same object defined twice (a base and an overlay, or two environments' copies of it) is one Service. */
function sameService(a: Resource, b: Resource): boolean {
  if (a === b) return true;
  return a.name !== undefined && b.name !== undefined && identityOf(a) === identityOf(b);
}

function parseRange(text: unknown): { min: number; max: number } | undefined {
  const match = typeof text === 'string' ? /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text) : null;
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2]);
  return min <= max && max <= 65535 ? { min, max } : undefined;
}
