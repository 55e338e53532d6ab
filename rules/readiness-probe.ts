import type { Service } from 'kubernetes-types/core/v1.js';
import { servingContainers } from '../src/podTemplate.js';
import { annotationOf, describeResource, identityOf, isKind, keepNearest } from '../src/resource.js';
import type { Resource } from '../src/resource.js';
import type { Workload } from '../src/resourceIndex.js';
import { defineRule } from '../src/rule.js';
import { findWorkloadsBehindService } from '../src/services.js';
import { plural } from '../src/text.js';
import { asString, isRecord } from '../src/values.js';

/** The deprecated annotation that publishNotReadyAddresses replaced: it says the same, that readiness does not matter here. */
const TOLERATE_UNREADY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

/** Pods that run to completion: a Service over them (an Indexed Job's headless Service) is for peer DNS, not for serving. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);
/** Values of the tolerate-unready annotation that mean true. */
const TRUE_WORDS = new Set(['true', 't', '1']);

export default defineRule({
  meta: {
    id: 'readiness-probe',
    description: 'The containers of a workload that a Service selects have a readiness probe',
    severity: 'warning',
    category: 'correctness',
    preset: 'recommended',
    scope: 'set',
    kubeLinter: ['no-readiness-probe'],
  },
  check({ index, report }) {
    // From the Services' side: a workload counts only when some Service in view selects it.
    const servicesOf = new Map<Workload, Resource[]>();
    for (const service of index.ofKind('Service')) {
      if (publishesNotReadyAddresses(service)) continue;
      for (const workload of findWorkloadsBehindService(index, service)) {
        // Only the named files' workloads are reported on (context.resources are theirs).
        if (!workload.resource.file.named || RUN_TO_COMPLETION.has(workload.resource.kind)) continue;
        // A kustomize patch is partial: the probe may be in the base it patches.
        if (index.isKustomizePatch(workload.resource)) continue;
        const services = servicesOf.get(workload) ?? [];
        // The same Service defined twice (a base and an overlay) is one Service.
        if (!services.some((other) => other.name !== undefined && identityOf(other) === identityOf(service))) services.push(service);
        servicesOf.set(workload, services);
      }
    }
    for (const [workload, services] of servicesOf) {
      const unprobed = servingContainers(workload.template).filter(({ container }) => !isRecord(container.readinessProbe));
      // Most workloads probe every container: the Service to name is looked for only when one does not.
      if (unprobed.length === 0) continue;
      const [service] = keepNearest(services.map((resource) => ({ resource })), workload.resource);
      if (!service) continue;
      const senders = services.length > 1 ? `${describeResource(service.resource)} and ${plural(services.length - 1, 'other Service')} send` : `${describeResource(service.resource)} sends`;
      for (const { container, path } of unprobed) {
        const name = asString(container.name);
        const what = path.includes('initContainers') ? `native sidecar ${name ?? '(unnamed)'}` : `container ${name ?? '(unnamed)'}`;
        report(
          workload.resource,
          name === undefined ? path : [...path, 'name'],
          `${what} has no readinessProbe, but ${senders} traffic to these pods: without one, a pod counts as ready as soon as its containers start, and gets requests before it can serve them`,
          { related: [{ resource: service.resource, path: ['spec', 'selector'], message: `${describeResource(service.resource)} selects these pods` }] },
        );
      }
    }
  },
});

/** A Service that publishes not-ready addresses sends traffic to its pods whatever their readiness. */
function publishesNotReadyAddresses(service: Resource): boolean {
  if (!isKind<Service>(service, 'Service')) return false;
  return service.object.spec?.publishNotReadyAddresses === true || TRUE_WORDS.has(annotationOf(service, TOLERATE_UNREADY)?.toLowerCase() ?? '');
}
