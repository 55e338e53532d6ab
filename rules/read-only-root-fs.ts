import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { containerSetting, isBoolean, missingSettingAnchor, runsOnWindows } from '../src/securityContext.js';

export default defineRule({
  meta: {
    id: 'read-only-root-fs',
    description: 'Every app and init container mounts its root filesystem read-only (readOnlyRootFilesystem: true)',
    severity: 'warning',
    category: 'security',
    preset: 'strict',
    scope: 'resource',
    kubeLinter: ['no-read-only-root-fs'],
  },
  check({ workloads, index, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // A kustomize patch is partial: the base it patches may set the field.
      const partial = index.isKustomizePatch(resource);
      for (const container of everyContainer(template)) {
        // An ephemeral container is a debugging session added to a running pod: it usually installs tools.
        if (container.role === 'ephemeralContainer' || runsOnWindows(template, container)) continue;
        const readOnly = containerSetting(container, 'readOnlyRootFilesystem', isBoolean);
        if (readOnly?.value === true) continue;
        const consequence = 'whoever gets code running in it can change its programs and libraries, or drop tools there, and the change lasts until the container restarts; set readOnlyRootFilesystem: true, and mount an emptyDir where it needs to write (/tmp, caches)';
        if (readOnly) {
          report(resource, readOnly.path, `${container.label} has a writable root filesystem (securityContext.readOnlyRootFilesystem: false): ${consequence}`);
        } else if (!partial) {
          const anchor = missingSettingAnchor(container);
          report(resource, anchor.path, `${container.label} has a writable root filesystem (no securityContext.readOnlyRootFilesystem: true): ${consequence}`, anchor.extras);
        }
      }
    }
  },
});
