import { labelDifferences } from '../src/resourceIndex.js';
import { describeResource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import { isEmptyLabelSelector, labelSelectorMismatches } from '../src/selector.js';
import { asStringMap, getAt, isRecord } from '../src/values.js';

export default defineRule({
  meta: {
    id: 'workload-selector-match',
    description: "A workload's spec.selector selects its own pod-template labels",
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['mismatching-selector'],
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      const selectorPath = template.selectorPath;
      const selector = selectorPath && getAt(resource.object, selectorPath);
      // An absent selector is defaulted (ReplicationController, Job) or a schema error (apps/v1).
      if (!selectorPath || selector === undefined || selector === null) continue;
      const related = [{ resource, path: template.labelsPath, message: 'the pod-template labels' }];
      const consequence = `the API server rejects a ${resource.kind} whose selector does not select its own pods`;

      if (resource.kind === 'ReplicationController') {
        // Its selector is a plain label map, not a LabelSelector.
        for (const difference of labelDifferences(asStringMap(selector), template.labels)) {
          const has = difference.actual === undefined ? `no ${difference.key} label` : `${difference.key}: ${difference.actual}`;
          report(resource, [...selectorPath, difference.key], `selector requires ${difference.key}: ${difference.wanted}, but the pod template has ${has}; ${consequence}`, { related });
        }
        continue;
      }
      if (isRecord(selector) && isEmptyLabelSelector(selector)) {
        report(resource, selectorPath, `${describeResource(resource)} has an empty selector, which would select every pod in the namespace; the API server rejects it. Select the pod-template labels`, { related });
        continue;
      }
      for (const mismatch of labelSelectorMismatches(selector, template.labels)) {
        const message = mismatch.invalid
          ? `selector expression ${mismatch.reason}; the API server rejects a ${resource.kind} with a malformed selector`
          : `selector ${mismatch.reason}; ${consequence}`;
        report(resource, [...selectorPath, ...mismatch.path], message, { related });
      }
    }
  },
});
