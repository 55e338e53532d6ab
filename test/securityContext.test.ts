import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifest } from '../src/parse.js';
import { everyContainer, podTemplateOf } from '../src/podTemplate.js';
import type { PodContainer, PodTemplateRef } from '../src/podTemplate.js';
import { containerSetting, effectiveSetting, isBoolean, isInteger, missingSettingAnchor, podSetting, runsOnWindows } from '../src/securityContext.js';

/** The pod template of the one workload in `text`, and its containers by name. */
function podOf(text: string): { template: PodTemplateRef; containers: Map<string, PodContainer> } {
  const [resource] = parseManifest(text, { name: 'test.yaml', named: true, defaultNamespace: 'default' }).resources;
  const template = resource && podTemplateOf(resource);
  assert.ok(template);
  return { template, containers: new Map(everyContainer(template).map((container) => [String(container.container.name ?? ''), container])) };
}

function containerOf(pod: ReturnType<typeof podOf>, name: string): PodContainer {
  const container = pod.containers.get(name);
  assert.ok(container, `no container ${name}`);
  return container;
}

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 1000}
      initContainers:
        - name: init
          securityContext: {runAsNonRoot: false}
      containers:
        - name: web
        - name: typo
          securityContext: {runAsUser: "0", privileged: true}
        - securityContext: {}
        - image: nameless
`;

describe('effective security settings', () => {
  const pod = podOf(DEPLOYMENT);

  test("a container's own value overrides the pod's, in both directions", () => {
    assert.deepEqual(effectiveSetting(pod.template, containerOf(pod, 'init'), 'runAsNonRoot', isBoolean), {
      value: false,
      path: ['spec', 'template', 'spec', 'initContainers', 0, 'securityContext', 'runAsNonRoot'],
      level: 'container',
    });
    assert.deepEqual(effectiveSetting(pod.template, containerOf(pod, 'web'), 'runAsNonRoot', isBoolean), {
      value: true,
      path: ['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot'],
      level: 'pod',
    });
  });

  test('a value of the wrong type counts as unset, so the pod value applies', () => {
    assert.equal(containerSetting(containerOf(pod, 'typo'), 'runAsUser', isInteger), undefined);
    assert.equal(effectiveSetting(pod.template, containerOf(pod, 'typo'), 'runAsUser', isInteger)?.value, 1000);
  });

  test('container-only fields are read from the container, pod-only fields from the pod', () => {
    assert.deepEqual(containerSetting(containerOf(pod, 'typo'), 'privileged', isBoolean)?.path, ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged']);
    assert.equal(containerSetting(containerOf(pod, 'web'), 'privileged', isBoolean), undefined);
    assert.equal(podSetting(pod.template, 'runAsUser', isInteger)?.value, 1000);
    assert.equal(podSetting(pod.template, 'fsGroup', isInteger), undefined);
  });

  test('a missing setting is pointed at the securityContext key, else the name, else the container', () => {
    const appContainers = everyContainer(pod.template).filter((container) => container.role === 'container');
    const anchors = appContainers.map((container) => missingSettingAnchor(container));
    const containerPath = (i: number) => ['spec', 'template', 'spec', 'containers', i];
    assert.deepEqual(anchors, [
      { path: [...containerPath(0), 'name'], extras: {} },
      { path: [...containerPath(1), 'securityContext'], extras: { on: 'key' } },
      { path: [...containerPath(2), 'securityContext'], extras: { on: 'key' } },
      { path: containerPath(3), extras: {} },
    ]);
  });
});

describe('Windows pods', () => {
  const windows = (spec: string) => {
    const pod = podOf(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`);
    return [...pod.containers.values()].map((container) => runsOnWindows(pod.template, container));
  };

  test('spec.os.name: windows makes every container a Windows one', () => {
    assert.deepEqual(windows('  os: {name: windows}\n  containers: [{name: a}, {name: b}]'), [true, true]);
    assert.deepEqual(windows('  os: {name: linux}\n  containers: [{name: a}]'), [false]);
  });

  test('Windows options of the pod or of one container (a user name, a HostProcess) count too', () => {
    assert.deepEqual(windows('  securityContext: {windowsOptions: {runAsUserName: ContainerUser}}\n  containers: [{name: a}]'), [true]);
    assert.deepEqual(windows('  containers:\n    - {name: a, securityContext: {windowsOptions: {hostProcess: true}}}\n    - {name: b}'), [true, false]);
    assert.deepEqual(windows('  securityContext: {windowsOptions: {gmsaCredentialSpecName: spec}}\n  containers: [{name: a}]'), [false]);
  });
});
