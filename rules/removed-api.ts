import { compareKubernetesVersions, removedApiOf } from '../src/apis.js';
import { defineRule } from '../src/rule.js';

export default defineRule({
  meta: {
    id: 'removed-api',
    description: 'No apiVersion that the target Kubernetes version no longer serves (an error) or has deprecated (a warning)',
    severity: 'error',
    category: 'schema',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['no-extensions-v1beta'],
  },
  check({ resources, settings, report }) {
    const target = settings.kubernetesVersion;
    for (const resource of resources) {
      const removed = removedApiOf(resource.apiVersion, resource.kind);
      if (!removed) continue;
      const what = `${resource.kind} ${resource.apiVersion}`;
      if (compareKubernetesVersions(removed.removedIn, target) <= 0) {
        report(resource, ['apiVersion'], `${what} was removed in Kubernetes ${removed.removedIn} (the target is ${target}); use ${removed.replacement}`);
      } else if (removed.deprecatedIn !== null && compareKubernetesVersions(removed.deprecatedIn, target) <= 0) {
        report(resource, ['apiVersion'], `${what} is deprecated since Kubernetes ${removed.deprecatedIn} and removed in ${removed.removedIn}; use ${removed.replacement}`, {
          severity: 'warning',
        });
      }
    }
  },
});
