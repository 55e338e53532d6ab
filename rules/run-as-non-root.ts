import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { containerSetting, effectiveSetting, isBoolean, isInteger, missingSettingAnchor, podSetting, runsOnWindows } from '../src/securityContext.js';

export default defineRule({
  meta: {
    id: 'run-as-non-root',
    description: 'Every container runs as a non-root user: runAsNonRoot: true or a non-zero runAsUser (container over pod), and never runAsUser: 0',
    severity: 'warning',
    category: 'security',
    preset: 'strict',
    scope: 'resource',
    kubeLinter: ['run-as-non-root'],
  },
  check({ workloads, index, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // In a user namespace (hostUsers: false), root in the pod is an unprivileged user on the node: the
      // Pod Security Standards relax both checks for such pods.
      if (template.spec.hostUsers === false) continue;
      const linuxContainers = everyContainer(template).filter((container) => !runsOnWindows(template, container));
      if (linuxContainers.length === 0) continue;
      // A kustomize patch is partial: the base it patches may set the user.
      const partial = index.isKustomizePatch(resource);

      const podUser = podSetting(template, 'runAsUser', isInteger);
      if (podUser?.value === 0) {
        report(
          resource,
          podUser.path,
          "the pod's securityContext sets runAsUser: 0: every container that does not set its own runAsUser runs as root, and the restricted Pod Security Standard rejects the pod even when all of them do; set a non-zero UID, with runAsNonRoot: true",
        );
      }
      for (const container of linuxContainers) {
        const nonRoot = effectiveSetting(template, container, 'runAsNonRoot', isBoolean);
        const ownUser = containerSetting(container, 'runAsUser', isInteger);
        if (ownUser?.value === 0) {
          const refused = nonRoot?.value === true ? ', and with runAsNonRoot: true the kubelet refuses to start it' : '';
          report(
            resource,
            ownUser.path,
            `${container.label} runs as root (securityContext.runAsUser: 0)${refused}: root that escapes the container is root on the node; set runAsUser to a non-zero UID, with runAsNonRoot: true`,
          );
          continue;
        }
        const user = ownUser ?? podUser;
        // Root inherited from the pod is reported once, at the pod's runAsUser: 0.
        if (user?.value === 0) continue;
        if (nonRoot?.value === true || user !== undefined || partial) continue;
        if (nonRoot?.level === 'container') {
          report(
            resource,
            nonRoot.path,
            `${container.label} sets securityContext.runAsNonRoot: false and no runAsUser, so it runs as the image's user, often root; set runAsNonRoot: true (the kubelet then refuses to start it as root), with a non-zero runAsUser if the image names no user`,
          );
          continue;
        }
        const anchor = missingSettingAnchor(container);
        const inherited = nonRoot?.level === 'pod' ? "inherits runAsNonRoot: false from the pod's securityContext and sets no runAsUser" : "sets neither runAsNonRoot: true nor a non-zero runAsUser, and neither does the pod's securityContext";
        report(
          resource,
          anchor.path,
          `${container.label} may run as root: it ${inherited}, so it runs as the image's user, often root; set securityContext.runAsNonRoot: true (the kubelet then refuses to start it as root), with a non-zero runAsUser if the image names no user`,
          anchor.extras,
        );
      }
    }
  },
});
