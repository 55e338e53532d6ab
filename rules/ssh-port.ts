import type { ContainerPort } from 'kubernetes-types/core/v1.js';
import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { asString, objectItems } from '../src/values.js';

const SSH_PORT = 22;

export default defineRule({
  meta: {
    id: 'ssh-port',
    description: 'No container exposes SSH (TCP port 22, or a port named ssh)',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['ssh-port'],
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      for (const { container, path, label } of everyContainer(template)) {
        for (const [port, i] of objectItems<ContainerPort>(container.ports)) {
          // The API defaults the protocol to TCP; SSH runs over TCP only.
          if ((asString(port.protocol) ?? 'TCP') !== 'TCP') continue;
          const name = asString(port.name);
          const namedSsh = name?.toLowerCase() === 'ssh';
          if (port.containerPort !== SSH_PORT && !namedSsh) continue;
          const what = port.containerPort === SSH_PORT ? `exposes port ${SSH_PORT}, the SSH port` : `exposes a port named ${name}`;
          report(
            resource,
            [...path, 'ports', i, port.containerPort === undefined ? 'name' : 'containerPort'],
            `${label} ${what}: a shell into a container is a way around the audited kubectl exec, and an SSH server is one more service to keep patched and its keys to keep secret; use kubectl exec or kubectl debug instead, or, for a vetted SSH service (a Git server), switch this rule off for it with the annotation kubelint.io/ignore: ssh-port`,
          );
        }
      }
    }
  },
});
