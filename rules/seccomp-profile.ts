import { compareKubernetesVersions } from '../src/apis.js';
import { everyContainer } from '../src/podTemplate.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import { containerSetting, effectiveSetting, isObject, missingSettingAnchor, podSetting, runsOnWindows } from '../src/securityContext.js';
import { asRecord, asString, getAt } from '../src/values.js';

interface Options {
  /** Every container runs with a RuntimeDefault or Localhost profile (container over pod), as the restricted Pod Security Standard requires. */
  requireProfile: boolean;
}

/** The annotations that set seccomp profiles before the fields (deprecated in 1.19); the value `unconfined` turns seccomp off. */
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
/** From 1.27 the API server no longer turns the annotations into fields: they do nothing. */
const ANNOTATIONS_IGNORED_SINCE = '1.27';
/** What running without a seccomp filter means, for the messages. */
const NO_FILTER = 'every system call of the kernel is within reach, those of kernel exploits included';

export default defineRule<Options>({
  meta: {
    id: 'seccomp-profile',
    description: 'No pod or container turns seccomp off (Unconfined); under strict, every container runs with a RuntimeDefault or Localhost profile',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    presetOptions: { strict: { requireProfile: true } },
    scope: 'resource',
    options: optionsSchema({
      requireProfile: { description: 'Require a RuntimeDefault or Localhost seccomp profile on every container (the restricted Pod Security Standard)', type: 'boolean' },
    }),
    kubeLinter: [],
  },
  defaultOptions: { requireProfile: false },
  check({ workloads, index, options, settings, report }) {
    const requireProfile = options.requireProfile === true;
    const annotationsIgnored = compareKubernetesVersions(settings.kubernetesVersion, ANNOTATIONS_IGNORED_SINCE) >= 0;
    const annotationStatus = annotationsIgnored
      ? `Kubernetes ignores this annotation since ${ANNOTATIONS_IGNORED_SINCE}, but without a seccompProfile the pod still runs unconfined unless the kubelet sets --seccomp-default`
      : `this annotation is deprecated since Kubernetes 1.19 and ignored from ${ANNOTATIONS_IGNORED_SINCE}`;
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // A kustomize patch is partial: the base it patches may set the profile.
      const partial = index.isKustomizePatch(resource);
      const annotationsPath = template.annotationsPath;
      // Undefined when the template has none, as most have: no container's annotation is then looked up.
      const annotations = asRecord(getAt(resource.object, annotationsPath));
      if (annotations?.[POD_ANNOTATION] === 'unconfined') {
        report(resource, [...annotationsPath, POD_ANNOTATION], `annotation ${POD_ANNOTATION}: unconfined turns seccomp off for the pod's containers; ${annotationStatus}; remove it, and set securityContext.seccompProfile.type: RuntimeDefault`);
      }
      const podProfile = podSetting(template, 'seccompProfile', isObject);
      if (podProfile?.value['type'] === 'Unconfined') {
        report(
          resource,
          [...podProfile.path, 'type'],
          `the pod's securityContext sets seccompProfile.type: Unconfined: containers that do not set their own profile run without a seccomp filter, and ${NO_FILTER} (the baseline Pod Security Standard forbids it); set RuntimeDefault, or Localhost with a profile of your own`,
        );
      }
      for (const container of everyContainer(template)) {
        const name = asString(container.container.name);
        const annotationKey = name === undefined || annotations === undefined ? undefined : `${CONTAINER_ANNOTATION_PREFIX}${name}`;
        if (annotationKey !== undefined && annotations?.[annotationKey] === 'unconfined') {
          report(resource, [...annotationsPath, annotationKey], `annotation ${annotationKey}: unconfined turns seccomp off for ${container.label}; ${annotationStatus}; remove it, and set securityContext.seccompProfile.type: RuntimeDefault`);
        }
        const own = containerSetting(container, 'seccompProfile', isObject);
        if (own?.value['type'] === 'Unconfined') {
          report(
            resource,
            [...own.path, 'type'],
            `${container.label} sets seccompProfile.type: Unconfined: it runs without a seccomp filter, and ${NO_FILTER} (the baseline Pod Security Standard forbids it); set RuntimeDefault, or Localhost with a profile of your own`,
          );
          continue;
        }
        // The restricted profile asks it of Linux pods only.
        if (!requireProfile || partial || runsOnWindows(template, container)) continue;
        // Unconfined on the pod is reported above, and a type other than RuntimeDefault, Localhost or Unconfined is the schema rule's finding.
        if (effectiveSetting(template, container, 'seccompProfile', isObject)) continue;
        const legacy = [POD_ANNOTATION, ...(annotationKey ? [annotationKey] : [])].find((key) => typeof annotations?.[key] === 'string');
        const legacyNote = legacy ? `; annotation ${legacy} does not count: only the field does, and Kubernetes ignores the annotation since ${ANNOTATIONS_IGNORED_SINCE}` : '';
        const anchor = missingSettingAnchor(container);
        report(
          resource,
          anchor.path,
          `${container.label} has no seccomp profile (neither its securityContext nor the pod's sets seccompProfile), so it gets the kubelet's default, Unconfined unless the node sets --seccomp-default (the restricted Pod Security Standard requires RuntimeDefault or Localhost)${legacyNote}; set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container`,
          anchor.extras,
        );
      }
    }
  },
});

