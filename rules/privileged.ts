import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { containerSetting, isBoolean } from '../src/securityContext.js';

export default defineRule({
  meta: {
    id: 'privileged',
    description: 'No container runs privileged (securityContext.privileged: true)',
    severity: 'error',
    category: 'security',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['privileged-container'],
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      for (const container of everyContainer(template)) {
        const privileged = containerSetting(container, 'privileged', isBoolean);
        if (privileged?.value !== true) continue;
        report(
          resource,
          privileged.path,
          `${container.label} runs privileged (securityContext.privileged: true): it has every capability and every device of the node, and no seccomp or AppArmor confinement, so whoever controls it controls the node; remove it, and add only the capabilities it needs`,
        );
      }
    }
  },
});
