import { defineRule } from '../src/rule.js';
import { asString } from '../src/values.js';

export default defineRule({
  meta: {
    id: 'service-account-field',
    description: 'Pods name their ServiceAccount with serviceAccountName, not the deprecated serviceAccount alias',
    severity: 'warning',
    category: 'practice',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['deprecated-service-account-field'],
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      const alias = asString(template.spec.serviceAccount);
      // An empty string is unset for the API server (and a wrong type is the schema's finding).
      if (!alias) continue;
      const name = asString(template.spec.serviceAccountName);
      const path = [...template.specPath, 'serviceAccount'];
      if (!name) {
        report(resource, path, `serviceAccount is a deprecated alias of serviceAccountName; rename the key to serviceAccountName (serviceAccountName: ${alias})`, { on: 'key' });
      } else if (name !== alias) {
        // The API server reads serviceAccount only when serviceAccountName is empty.
        report(
          resource,
          path,
          `serviceAccount: ${alias} and serviceAccountName: ${name} disagree, and the API server uses serviceAccountName, so the pods run as ${name}; remove serviceAccount, or set serviceAccountName: ${alias} if that is the account meant`,
          { severity: 'error', related: [{ resource, path: [...template.specPath, 'serviceAccountName'], message: `serviceAccountName: ${name}` }] },
        );
      } else {
        report(resource, path, `serviceAccount repeats serviceAccountName (${name}) under its deprecated alias; remove it`, { on: 'key' });
      }
    }
  },
});
