import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { objectItems } from '../src/values.js';

export default defineRule({
  meta: {
    id: 'host-port',
    description: 'No container maps a port of its node (hostPort), which the Pod Security Standards baseline forbids',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    scope: 'resource',
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      // With hostNetwork the pod already listens on its node's ports, hostPort or not: the
      // host-network finding is the one to act on, and a hostPort there adds nothing.
      if (!template.spec || template.spec.hostNetwork === true) continue;
      for (const { container, path, label } of everyContainer(template)) {
        for (const [port, i] of objectItems<ContainerPort>(container.ports)) {
          const hostPort = port.hostPort;
          // 0 means "no host port"; a string there is the schema rule's finding.
          if (typeof hostPort !== 'number' || hostPort === 0) continue;
          const target = typeof port.containerPort === 'number' ? ` to containerPort ${port.containerPort}` : '';
          report(
            resource,
            [...path, 'ports', i, 'hostPort'],
            `${label} maps hostPort ${hostPort}${target}: every node it runs on opens port ${hostPort} to it, outside any Service, and fits only one such pod; the Pod Security Standards baseline forbids it. Remove hostPort and reach the pod through a Service (NodePort or LoadBalancer if it must be reached from outside the cluster)`,
          );
        }
      }
    }
  },
});
