import { posix } from 'node:path';
import type { Volume, VolumeMount } from 'kubernetes-types/core/v1.js';
import { everyContainer } from '../src/podTemplate.js';
import type { PodContainer } from '../src/podTemplate.js';
import type { Resource } from '../src/resource.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import type { RuleContext } from '../src/rule.js';
import { listInProse } from '../src/text.js';
import type { JsonPath } from '../src/types.js';
import { asString, getAt, objectItems } from '../src/values.js';

interface Options {
  /** Report every hostPath volume, as the Pod Security Standards' baseline profile forbids them all. */
  anyHostPath: boolean;
}

/** What a sensitive host path holds; a runtime socket is dangerous even mounted read-only. */
interface Sensitive {
  holds: string;
  socket?: boolean;
}

const RUNTIME_SOCKET: Sensitive = { holds: "the container runtime's socket", socket: true };

/**
 * Host directories that are sensitive with everything below them: the union of kube-linter's
 * sensitive-host-mounts and docker-sock, kubeaudit's mounts list (from Falco's rules) and the
 * container runtimes' state directories. `/var/run` is matched as `/run`, which it links to.
 */
const SENSITIVE_TREES: ReadonlyMap<string, Sensitive> = new Map([
  ['/etc', { holds: "the node's configuration, with the kubelet's credentials and the password hashes" }],
  ['/proc', { holds: "every process of the node and the kernel's settings" }],
  ['/sys', { holds: "the kernel's settings and the node's devices" }],
  ['/boot', { holds: "the node's kernel and boot loader" }],
  ['/dev', { holds: "the node's devices, its disks included" }],
  ['/root', { holds: "the home of the node's root user, with its SSH keys" }],
  ['/var/lib/kubelet', { holds: "the kubelet's state: every pod's volumes, Secrets included, and the kubelet's credentials" }],
  ['/var/lib/docker', { holds: "every container's filesystem and the Docker daemon's state" }],
  ['/var/lib/containerd', { holds: "every container's filesystem and containerd's state" }],
  ['/run/containerd', RUNTIME_SOCKET],
  ['/run/crio', RUNTIME_SOCKET],
]);

/** Directories sensitive only as a whole: below them are also ordinary files (`/run/xtables.lock`, `/var/log`, `/lib/modules`). */
const SENSITIVE_EXACT: ReadonlyMap<string, Sensitive> = new Map([
  ['/', { holds: "the node's whole filesystem" }],
  ['/run', { holds: "the node's runtime state, with the container runtime's socket", socket: true }],
  ['/var', { holds: "the node's variable data, with the kubelet's state and every container's filesystem" }],
  ['/usr', { holds: "the node's programs" }],
  ['/lib', { holds: "the node's libraries and kernel modules" }],
]);

/**
 * Public files inside the sensitive trees, which agents commonly mount read-only: CA bundles (not
 * /etc/ssl/private, nor /etc/pki/tls/private), the time zone, the machine id, and the syslog socket.
 */
const PUBLIC_PATHS = ['/etc/ssl/certs', '/etc/pki/tls/certs', '/etc/pki/ca-trust', '/etc/ca-certificates', '/etc/localtime', '/etc/timezone', '/etc/machine-id', '/etc/os-release', '/dev/log'];

/** Container runtime sockets, wherever a node keeps them. */
const RUNTIME_SOCKET_NAMES = new Set(['docker.sock', 'containerd.sock', 'crio.sock', 'cri-dockerd.sock']);

export default defineRule<Options>({
  meta: {
    id: 'host-path',
    description: 'hostPath volumes do not expose sensitive node paths (/etc, /proc, the runtime socket...) and are mounted read-only',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    presetOptions: { strict: { anyHostPath: true } },
    scope: 'resource',
    options: optionsSchema({
      anyHostPath: { description: 'Report every hostPath volume, as the Pod Security Standards forbid them all', type: 'boolean' },
    }),
    kubeLinter: ['sensitive-host-mounts', 'writable-host-mount', 'docker-sock'],
  },
  defaultOptions: { anyHostPath: false },
  check(context) {
    const anyHostPath = context.options.anyHostPath === true;
    for (const { resource, template } of context.workloads) {
      if (!template.spec) continue;
      const containers = everyContainer(template);
      for (const [volume, i] of objectItems<Volume>(template.spec.volumes)) {
        const hostPath = asString(getAt(volume, ['hostPath', 'path']));
        const name = asString(volume.name);
        // A volume without a name or a path is the schema's finding (an empty path, the API server's).
        if (!hostPath || name === undefined) continue;
        const volumePath = [...template.specPath, 'volumes', i];
        checkVolume(context, resource, { name, hostPath, path: volumePath, mounts: mountsOf(containers, name) }, anyHostPath);
      }
    }
  },
});

interface HostPathVolume {
  name: string;
  hostPath: string;
  /** Where the volume is in the resource. */
  path: JsonPath;
  mounts: Mount[];
}

interface Mount {
  container: PodContainer;
  path: JsonPath;
  writable: boolean;
  /** The mount's readOnly: false, when written. */
  readOnlyFalse: boolean;
}

/** Each volume is reported once, at its path, when it is sensitive; else each writable mount of it; else (anyHostPath) the volume. */
function checkVolume({ report }: RuleContext<Options>, resource: Resource, volume: HostPathVolume, anyHostPath: boolean): void {
  const pathValue = [...volume.path, 'hostPath', 'path'];
  if (volume.hostPath.split('/').includes('..')) {
    report(resource, pathValue, `hostPath.path ${JSON.stringify(volume.hostPath)} has a ".." part, which the API server rejects; write the path it means (${normalise(volume.hostPath)})`, { severity: 'error' });
    return;
  }
  const sensitive = sensitivityOf(volume.hostPath);
  if (sensitive && volume.mounts.length > 0) {
    const writable = volume.mounts.some((mount) => mount.writable);
    const into = listInProse(volume.mounts.map((mount) => `${mount.container.label}${mount.writable ? ' (writable)' : ' (read-only)'}`));
    const what = sensitive.inside ? `it is inside ${sensitive.inside}, which holds ${sensitive.holds}` : `it holds ${sensitive.holds}`;
    const risk = sensitive.socket
      ? 'whoever can talk to it controls every container on the node and can start a privileged one, and a read-only mount does not prevent that; remove it, and run the agent that needs it on nodes of its own'
      : `${writable ? 'a compromised container can change them and take over the node' : 'a compromised container can read them'}; mount only the files it needs, read-only, or use a ConfigMap or Secret instead`;
    report(resource, pathValue, `volume ${volume.name} mounts ${volume.hostPath} from the node into ${into}: ${what}; ${risk}`, {
      severity: sensitive.socket || writable ? 'error' : 'warning',
    });
    return;
  }
  const writableMounts = volume.mounts.filter((mount) => mount.writable);
  for (const mount of writableMounts) {
    report(
      resource,
      mount.readOnlyFalse ? [...mount.path, 'readOnly'] : [...mount.path, 'name'],
      `${mount.container.label} mounts hostPath volume ${volume.name} (${volume.hostPath} on the node) writable: it can change files on the node, which outlive the pod and are seen by the next pod there; add readOnly: true to the volumeMount, or use an emptyDir or a PersistentVolumeClaim`,
    );
  }
  if (anyHostPath && writableMounts.length === 0) {
    const note = sensitive ? `, which holds ${sensitive.holds}` : '';
    report(
      resource,
      [...volume.path, 'hostPath'],
      `volume ${volume.name} mounts ${volume.hostPath} from the node${note}: the Pod Security Standards' baseline profile forbids hostPath volumes, and the pod depends on what that node's disk holds; use an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim`,
      { on: 'key' },
    );
  }
}

function mountsOf(containers: readonly PodContainer[], volumeName: string): Mount[] {
  return containers.flatMap((container) =>
    objectItems<VolumeMount>(container.container.volumeMounts)
      .filter(([mount]) => mount.name === volumeName)
      .map(([mount, j]) => ({
        container,
        path: [...container.path, 'volumeMounts', j],
        // Anything but an explicit readOnly: true mounts it read-write.
        writable: mount.readOnly !== true,
        readOnlyFalse: mount.readOnly === false,
      })),
  );
}

/** A sensitive host path, and the sensitive tree it is inside, if it is below one. */
interface Sensitivity extends Sensitive {
  inside?: string;
}

/** What a host path exposes, if it is sensitive: judged on the normalised path, so `/etc/` and `//etc` are `/etc`. */
function sensitivityOf(hostPath: string): Sensitivity | undefined {
  const normalised = normalise(hostPath);
  if (!normalised.startsWith('/')) return undefined;
  // /var/run links to /run on every current distribution: the same sockets are behind both.
  const path = normalised === '/var/run' || normalised.startsWith('/var/run/') ? normalised.slice('/var'.length) : normalised;
  if (RUNTIME_SOCKET_NAMES.has(posix.basename(path))) return RUNTIME_SOCKET;
  const exact = SENSITIVE_EXACT.get(path);
  if (exact) return exact;
  if (PUBLIC_PATHS.some((open) => isWithin(path, open))) return undefined;
  for (const [tree, sensitive] of SENSITIVE_TREES) {
    if (isWithin(path, tree)) return path === tree ? sensitive : { ...sensitive, inside: tree };
  }
  return undefined;
}

/** The path is the directory or below it, not merely sharing its prefix: /etc/kubernetes is in /etc, /etcd-data is not. */
function isWithin(path: string, directory: string): boolean {
  return path === directory || path.startsWith(`${directory}/`);
}

/** The path without repeated or trailing slashes, `.` and `..` parts. */
function normalise(hostPath: string): string {
  const normalised = posix.normalize(hostPath);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}
