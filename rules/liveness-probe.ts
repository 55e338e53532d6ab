import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { asString, isRecord } from '../src/values.js';

/** Pods that run to completion: a container that hangs there is a stuck Job, which activeDeadlineSeconds bounds. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

export default defineRule({
  meta: {
    id: 'liveness-probe',
    description: 'The containers of long-running workloads have a liveness probe',
    severity: 'warning',
    category: 'reliability',
    preset: 'strict',
    scope: 'resource',
    kubeLinter: ['no-liveness-probe'],
  },
  check({ workloads, index, report }) {
    for (const { resource, template } of workloads) {
      if (RUN_TO_COMPLETION.has(resource.kind) || !template.spec) continue;
      // A bare Pod that is not restarted (Never, OnFailure) is a one-off task, like a Job's.
      if (resource.kind === 'Pod' && ['Never', 'OnFailure'].includes(asString(template.spec.restartPolicy) ?? 'Always')) continue;
      // A kustomize patch is partial: the probe may be in the base it patches.
      if (index.isKustomizePatch(resource)) continue;
      for (const { container, path, label, role } of everyContainer(template)) {
        // Ordinary init containers run to completion and cannot have probes; native sidecars run as long as the pod.
        const sidecar = role === 'initContainer' && container.restartPolicy === 'Always';
        if ((role !== 'container' && !sidecar) || isRecord(container.livenessProbe)) continue;
        const name = asString(container.name);
        report(
          resource,
          name === undefined ? path : [...path, 'name'],
          `${sidecar ? `native sidecar ${name ?? '(unnamed)'}` : label} has no livenessProbe: if it deadlocks or hangs without exiting, Kubernetes keeps it running and never restarts it; add one that fails only when a restart would help (a cheap /livez endpoint, not a check of its dependencies)`,
        );
      }
    }
  },
});
