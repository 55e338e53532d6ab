import { everyContainer } from '../src/podTemplate.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import { containerSetting, isBoolean, missingSettingAnchor, runsOnWindows } from '../src/securityContext.js';

interface Options {
  /** Require `allowPrivilegeEscalation: false` on every container, as the restricted Pod Security Standard does. */
  requireExplicitFalse: boolean;
}

export default defineRule<Options>({
  meta: {
    id: 'privilege-escalation',
    description: 'No container allows privilege escalation (allowPrivilegeEscalation: true); under strict, every container sets it to false',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    presetOptions: { strict: { requireExplicitFalse: true } },
    scope: 'resource',
    options: optionsSchema({
      requireExplicitFalse: { description: 'Require allowPrivilegeEscalation: false on every container (the restricted Pod Security Standard)', type: 'boolean' },
    }),
    kubeLinter: ['privilege-escalation-container'],
  },
  defaultOptions: { requireExplicitFalse: false },
  check({ workloads, index, options, report }) {
    const requireExplicitFalse = options.requireExplicitFalse === true;
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // A kustomize patch is partial: the base it patches may set the field.
      const partial = index.isKustomizePatch(resource);
      for (const container of everyContainer(template)) {
        // A privileged container can always escalate, and the API rejects allowPrivilegeEscalation: false beside
        // privileged: true: the privileged rule reports it, and its fix (not privileged) comes first.
        if (containerSetting(container, 'privileged', isBoolean)?.value === true) continue;
        const allowed = containerSetting(container, 'allowPrivilegeEscalation', isBoolean);
        if (allowed?.value === true) {
          report(
            resource,
            allowed.path,
            `${container.label} allows privilege escalation (securityContext.allowPrivilegeEscalation: true): a process in it can gain more privileges than its parent, through set-user-ID programs or file capabilities; set it to false`,
          );
        } else if (allowed === undefined && requireExplicitFalse && !partial && !runsOnWindows(template, container)) {
          const anchor = missingSettingAnchor(container);
          report(
            resource,
            anchor.path,
            `${container.label} does not set securityContext.allowPrivilegeEscalation: false, and without it a process can gain privileges through set-user-ID programs or file capabilities (the restricted Pod Security Standard requires false); add allowPrivilegeEscalation: false`,
            anchor.extras,
          );
        }
      }
    }
  },
});
