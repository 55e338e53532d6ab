import { defineRule } from '../src/rule.js';

/** Each host namespace a pod can share, what sharing it gives the pod's containers, and the way out. */
const HOST_NAMESPACES = {
  hostNetwork: {
    namespace: 'network namespace',
    consequence:
      "its containers bind the node's ports and addresses directly, reach the services that listen only on the node's loopback, and can capture its traffic; most network plugins cannot apply NetworkPolicies to it",
    fix: 'remove it, and expose the ports through a Service',
  },
  hostPID: {
    namespace: 'process namespace',
    consequence: "its containers see every process on the node, and as root can signal them and read their command lines and environment (secrets included) through /proc",
    fix: 'remove it; a debugging container can share the pod\'s own processes with shareProcessNamespace: true instead',
  },
  hostIPC: {
    namespace: 'IPC namespace',
    consequence: "its containers can read and write the shared memory and message queues of every process on the node that uses them",
    fix: 'remove it',
  },
} as const;
type HostNamespaceField = keyof typeof HOST_NAMESPACES;
const FIELDS = Object.keys(HOST_NAMESPACES) as HostNamespaceField[];

export default defineRule({
  meta: {
    id: 'host-namespaces',
    description: "Pods do not share the node's network, process or IPC namespace (hostNetwork, hostPID, hostIPC)",
    severity: 'error',
    category: 'security',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['host-network', 'host-pid', 'host-ipc'],
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      for (const field of FIELDS) {
        // Only an explicit true shares the namespace; false, absent and a wrong type (the schema's finding) do not.
        if (template.spec[field] !== true) continue;
        const { namespace, consequence, fix } = HOST_NAMESPACES[field];
        report(resource, [...template.specPath, field], `the pod shares the node's ${namespace} (${field}: true): ${consequence}; ${fix}`);
      }
    }
  },
});
