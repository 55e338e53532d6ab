import { describeResource } from '../src/resource.js';
import { defineRule } from '../src/rule.js';
import type { RelatedNode } from '../src/rule.js';
import { formatLabels, isPlausibleTypo, listInProse } from '../src/text.js';
import { routableSelector } from '../src/services.js';

export default defineRule({
  meta: {
    id: 'service-selector-match',
    description: 'A Service selector matches the pod-template labels of some workload in its namespace',
    severity: 'error',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
    kubeLinter: ['dangling-service'],
  },
  check({ resources, index, report }) {
    // With no workload anywhere in view, the pods are defined elsewhere: nothing to compare with.
    if (index.workloads.length === 0) return;
    for (const service of resources) {
      const selector = routableSelector(service);
      if (!selector || index.findWorkloadsSelectedBy(service.namespace, selector).length > 0) continue;
      const elsewhere = index.findWorkloadsSelectedInOtherNamespaces(service.namespace, selector);
      // The pods may be in a file beside it that is not YAML yet (a template): its own finding.
      if (index.hasUnparsedFileBeside(service)) continue;
      // No workload at all in the namespace, and none matching elsewhere: the pods are deployed by
      // something out of view (a chart, an operator), not mistyped.
      if (!index.hasWorkloadsIn(service.namespace) && elsewhere.length === 0) continue;

      const wanted = formatLabels(selector);
      let message = `${describeResource(service)} selects ${wanted}, but no workload in namespace ${service.namespace} has these pod labels, so the Service has no endpoints`;
      const related: RelatedNode[] = [];
      let path: (string | number)[] = ['spec', 'selector'];

      const nearest = index.findNearestWorkload(service.namespace, selector);
      // A hint only when the workload shares a label pair, or every differing value looks like a typo.
      const plausible = nearest && (nearest.differences.length < selector.size || nearest.differences.every((d) => d.actual !== undefined && isPlausibleTypo(d.wanted, d.actual)));
      if (nearest && plausible) {
        const { workload, differences } = nearest;
        const has = differences.filter((d) => d.actual !== undefined).map((d) => `${d.key}: ${d.actual}`);
        const lacks = differences.filter((d) => d.actual === undefined).map((d) => d.key);
        const parts = [has.length ? `did you mean ${has.join(', ')}? ${describeResource(workload.resource)} has it` : '', lacks.length ? `${describeResource(workload.resource)} has no ${listInProse(lacks)} label` : ''];
        message += `; ${parts.filter(Boolean).join('; ')}`;
        // A single wrong value is almost always the typo: point at it, and at the label it meant.
        const [only] = differences;
        if (differences.length === 1 && only) path = ['spec', 'selector', only.key];
        const labelPath = differences.length === 1 && only?.actual !== undefined ? [...workload.template.labelsPath, only.key] : workload.template.labelsPath;
        related.push({ resource: workload.resource, path: labelPath, message: `pod-template labels of ${describeResource(workload.resource)}` });
      }

      if (elsewhere.length > 0) {
        const names = [...new Set(elsewhere.map((w) => describeResource(w.resource, { withNamespace: true })))].slice(0, 3);
        message += `; ${listInProse(names)} would match, but a Service selects pods only in its own namespace`;
        for (const workload of elsewhere.slice(0, 3)) {
          related.push({ resource: workload.resource, path: workload.template.labelsPath, message: `matching pod labels in namespace ${workload.resource.namespace}` });
        }
      }
      report(service, path, message, { related });
    }
  },
});
