import { describeResource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import { existingPrefix, getAt } from '../src/values.js';

/** The CronJob controller's documented check interval: a shorter deadline may expire before it looks. */
const CONTROLLER_INTERVAL_SECONDS = 10;

export default defineRule({
  meta: {
    id: 'cronjob-deadline',
    description: 'A CronJob sets spec.startingDeadlineSeconds, of at least 10 seconds',
    severity: 'warning',
    category: 'reliability',
    preset: 'all',
    scope: 'resource',
  },
  check({ resources, index, report }) {
    for (const cronJob of resources) {
      if (cronJob.kind !== 'CronJob' || !cronJob.apiVersion.startsWith('batch/')) continue;
      const path = ['spec', 'startingDeadlineSeconds'];
      const deadline = getAt(cronJob.object, path);
      if (deadline === undefined || deadline === null) {
        // A kustomize patch is partial: the deadline may be in the base it patches.
        if (index.isKustomizePatch(cronJob)) continue;
        report(
          cronJob,
          existingPrefix(cronJob.object, ['spec', 'schedule']),
          `${describeResource(cronJob)} has no spec.startingDeadlineSeconds, so a run it misses (the controller down, a control-plane upgrade, the CronJob suspended) still starts whenever the controller catches up, however late; set startingDeadlineSeconds (such as 300) to skip a run that cannot start in time`,
        );
      } else if (typeof deadline === 'number' && deadline < CONTROLLER_INTERVAL_SECONDS) {
        report(
          cronJob,
          path,
          `startingDeadlineSeconds: ${deadline} is shorter than the ${CONTROLLER_INTERVAL_SECONDS} seconds between the CronJob controller's checks, so a run may pass its deadline before the controller sees it, and never start; set at least ${CONTROLLER_INTERVAL_SECONDS} (such as 60)`,
        );
      }
    }
  },
});
