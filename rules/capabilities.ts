import type { PodContainer } from '../src/podTemplate.js';
import { everyContainer } from '../src/podTemplate.js';
import { defineRule, optionsSchema } from '../src/rule.js';
import type { ReportExtras } from '../src/rule.js';
import { containerSecurityContextPath, containerSetting, isObject, missingSettingAnchor, runsOnWindows } from '../src/securityContext.js';
import type { MissingSettingAnchor } from '../src/securityContext.js';
import { listInProse } from '../src/text.js';
import { asArray } from '../src/values.js';

interface Options {
  /** Capabilities every container must drop; ALL satisfies any of them. */
  requireDrop: string[];
  /** Capabilities a container may add. */
  allowedAdd: string[];
}

/** What the baseline Pod Security Standard lets a container add: the container runtimes' old default set, without NET_RAW. */
const BASELINE_ADDABLE = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

/** What a capability lets a process do, for the messages; `escape` marks a known way out of the container onto the node (an error). */
const GRANTS: ReadonlyMap<string, { lets: string; escape?: true }> = new Map([
  ['ALL', { lets: 'use every capability, SYS_ADMIN included: nearly a privileged container', escape: true }],
  ['SYS_ADMIN', { lets: 'mount filesystems, enter namespaces, load BPF programs and much more: the usual way out of a container onto the node', escape: true }],
  ['SYS_MODULE', { lets: "load modules into the node's kernel", escape: true }],
  ['SYS_RAWIO', { lets: "do raw I/O on the node's devices and memory", escape: true }],
  ['DAC_READ_SEARCH', { lets: "open any file of the node's filesystems by handle, past the container's mounts", escape: true }],
  ['NET_ADMIN', { lets: "reconfigure the pod's network: interfaces, routes, iptables" }],
  ['NET_RAW', { lets: 'craft raw packets: spoof ARP and DNS on the pod network' }],
  ['SYS_PTRACE', { lets: 'trace and inject code into the processes it can see (the whole node with hostPID)' }],
  ['SYS_TIME', { lets: "set the node's clock" }],
  ['SYS_BOOT', { lets: 'reboot, or load a new kernel with kexec' }],
  ['BPF', { lets: 'load eBPF programs into the kernel' }],
  ['PERFMON', { lets: 'read kernel and process data through performance monitoring' }],
  ['SYS_RESOURCE', { lets: 'override resource limits' }],
  ['IPC_LOCK', { lets: 'lock memory' }],
  ['SYSLOG', { lets: 'read the kernel log, kernel addresses included' }],
  ['MAC_ADMIN', { lets: 'change the AppArmor or SELinux policy' }],
  ['MAC_OVERRIDE', { lets: 'bypass AppArmor or SELinux' }],
  ['LINUX_IMMUTABLE', { lets: 'change immutable and append-only files' }],
]);

/** As the container runtimes read a capability: upper-case, without the CAP_ prefix (both containerd and CRI-O accept any case). */
function canonicalCapability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice('CAP_'.length) : upper;
}

/** An option's capability list, canonical; a wrong type falls back to the default. */
function capabilityList(value: unknown, fallback: readonly string[]): Set<string> {
  if (!Array.isArray(value)) return new Set(fallback);
  return new Set(value.filter((item): item is string => typeof item === 'string').map(canonicalCapability));
}

export default defineRule<Options>({
  meta: {
    id: 'capabilities',
    description: 'No container adds a capability beyond the baseline Pod Security Standard; under strict, every container drops ALL and adds back at most NET_BIND_SERVICE',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    presetOptions: { strict: { requireDrop: ['ALL'], allowedAdd: ['NET_BIND_SERVICE'] } },
    scope: 'resource',
    options: optionsSchema({
      requireDrop: { description: 'Capabilities every container must drop; ALL satisfies any of them', type: 'array', items: { type: 'string' } },
      allowedAdd: { description: 'Capabilities a container may add (default: the baseline Pod Security Standard list)', type: 'array', items: { type: 'string' } },
    }),
    kubeLinter: ['drop-net-raw-capability'],
  },
  defaultOptions: { requireDrop: [], allowedAdd: BASELINE_ADDABLE },
  check({ workloads, index, options, report }) {
    const requireDrop = capabilityList(options.requireDrop, []);
    const allowedAdd = capabilityList(options.allowedAdd, BASELINE_ADDABLE);
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      // A kustomize patch is partial: the base it patches may drop them.
      const partial = index.isKustomizePatch(resource);
      for (const container of everyContainer(template)) {
        const capabilities = containerSetting(container, 'capabilities', isObject);
        asArray(capabilities?.value['add']).forEach((item, i) => {
          if (typeof item !== 'string' || !capabilities) return;
          const problem = addProblem(container, item, allowedAdd);
          if (problem) report(resource, [...capabilities.path, 'add', i], problem.message, problem.extras);
        });
        // Dropping is a Linux matter: the restricted Pod Security Standard does not ask it of Windows pods.
        if (requireDrop.size === 0 || partial || runsOnWindows(template, container)) continue;
        const drop = asArray(capabilities?.value['drop']).filter((item): item is string => typeof item === 'string');
        const message = dropProblem(container, requireDrop, drop);
        if (!message) continue;
        const anchor = dropAnchor(container, capabilities?.value);
        report(resource, anchor.path, message, anchor.extras);
      }
    }
  },
});

function addProblem(container: PodContainer, item: string, allowedAdd: ReadonlySet<string>): { message: string; extras: ReportExtras } | undefined {
  const name = canonicalCapability(item);
  const written = item === name ? name : `${item} (${name})`;
  if (allowedAdd.has(name)) {
    if (item === name) return undefined;
    const runtimes = item.toUpperCase().startsWith('CAP_')
      ? `containerd adds the CAP_ prefix itself and grants nothing for ${item}, and Pod Security admission compares names exactly and rejects the pod`
      : `container runtimes read it as ${name}, but Pod Security admission compares names exactly and rejects the pod`;
    return { message: `${container.label} adds capability ${item}: ${runtimes}; write ${name}`, extras: {} };
  }
  const grants = GRANTS.get(name);
  const what = grants ? `, which lets it ${grants.lets}` : '';
  if (grants?.escape) return { message: `${container.label} adds capability ${written}${what}; remove it from capabilities.add`, extras: { severity: 'error' } };
  if (!BASELINE_ADDABLE.includes(name)) {
    return { message: `${container.label} adds capability ${written}${what}; the baseline Pod Security Standard forbids it: remove it from capabilities.add`, extras: {} };
  }
  const allowed = allowedAdd.size > 0 ? `only ${listInProse([...allowedAdd])} may be added` : 'no capability may be added';
  return { message: `${container.label} adds capability ${written}, but ${allowed} (option allowedAdd; the restricted Pod Security Standard allows only NET_BIND_SERVICE); remove it from capabilities.add`, extras: {} };
}

/** What is wrong with a container's drop list, if anything. Pod Security admission compares names exactly: only exact names count. */
function dropProblem(container: PodContainer, requireDrop: ReadonlySet<string>, drop: string[]): string | undefined {
  const exact = new Set(drop);
  if (exact.has('ALL')) return undefined;
  const missing = [...requireDrop].filter((name) => !exact.has(name));
  if (missing.length === 0) return undefined;
  const current = drop.length > 0 ? `capabilities.drop: [${drop.join(', ')}]` : 'no capabilities.drop';
  // Container runtimes read any case: then only admission is wrong, and the message says so.
  const upper = new Set(drop.map((item) => item.toUpperCase()));
  const counts = (item: string) => canonicalCapability(item) === 'ALL' || missing.includes(canonicalCapability(item));
  if (upper.has('ALL') || missing.every((name) => upper.has(name))) {
    const miswritten = drop.filter((item) => item !== item.toUpperCase() && counts(item));
    return `${container.label} drops ${listInProse(miswritten)} (${current}): container runtimes read it as ${listInProse(miswritten.map(canonicalCapability))}, but Pod Security admission compares names exactly and rejects the pod; write ${listInProse(miswritten.map(canonicalCapability))}`;
  }
  const prefixed = drop.filter((item) => item.toUpperCase().startsWith('CAP_') && counts(item));
  const prefixNote = prefixed.length > 0 ? `; ${listInProse(prefixed)} does not count: containerd adds the CAP_ prefix itself and drops nothing for it, and Pod Security admission compares names exactly` : '';
  if (missing.includes('ALL')) {
    return `${container.label} does not drop ALL capabilities (${current}), so it keeps ${drop.length > 0 ? 'the rest of ' : ''}the container runtime's default set (CHOWN, DAC_OVERRIDE, FOWNER, SETUID and more), which few programs need${prefixNote}; add ALL to capabilities.drop and add back only what it needs (NET_BIND_SERVICE to listen below port 1024)`;
  }
  const reason = missing.includes('NET_RAW') ? `: NET_RAW lets it ${GRANTS.get('NET_RAW')?.lets ?? ''}` : '';
  return `${container.label} does not drop ${listInProse(missing)} (${current})${reason}${prefixNote}; add ${missing.length === 1 ? 'it' : 'them'} to capabilities.drop (or drop ALL)`;
}

/** The drop list when there is one, else the capabilities key, else where a missing setting points. */
function dropAnchor(container: PodContainer, capabilities: Record<string, unknown> | undefined): MissingSettingAnchor {
  const capabilitiesPath = [...containerSecurityContextPath(container), 'capabilities'];
  if (Array.isArray(capabilities?.['drop'])) return { path: [...capabilitiesPath, 'drop'], extras: { on: 'key' } };
  if (capabilities) return { path: capabilitiesPath, extras: { on: 'key' } };
  return missingSettingAnchor(container);
}
