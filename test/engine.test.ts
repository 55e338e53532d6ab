import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifest } from '../src/parse.js';
import { podTemplateOf, servingContainers, WORKLOAD_KINDS } from '../src/podTemplate.js';
import type { Resource } from '../src/resource.js';
import { keepNearest } from '../src/resource.js';
import { ResourceIndex } from '../src/resourceIndex.js';
import { labelSelectorMismatches, selectsLabels } from '../src/selector.js';
import { nearestString } from '../src/text.js';

const labels = (record: Record<string, string>) => new Map(Object.entries(record));

function parse(text: string, name = 'test.yaml'): Resource[] {
  return parseManifest(text, { name, named: true, defaultNamespace: 'default' }).resources;
}

describe('selectors', () => {
  test('an equality selector needs every pair, and allows extra labels', () => {
    assert.equal(selectsLabels(labels({ app: 'web' }), labels({ app: 'web', tier: 'front' })), true);
    assert.equal(selectsLabels(labels({ app: 'web', tier: 'back' }), labels({ app: 'web', tier: 'front' })), false);
    assert.equal(selectsLabels(labels({ app: 'web' }), labels({})), false);
  });

  test('matchLabels and each matchExpressions operator', () => {
    const pod = labels({ app: 'db', tier: 'data' });
    const mismatches = (selector: unknown) => labelSelectorMismatches(selector, pod).map((m) => m.path.join('.'));
    assert.deepEqual(mismatches({ matchLabels: { app: 'db' } }), []);
    assert.deepEqual(mismatches({ matchLabels: { app: 'web' } }), ['matchLabels.app']);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'x'] }] }), []);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] }), ['matchExpressions.0']);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['x'] }] }), []);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }), ['matchExpressions.0']);
    // NotIn is satisfied by a pod without the label at all, as in Kubernetes.
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), []);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }), []);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }), ['matchExpressions.0']);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }), []);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }), ['matchExpressions.0']);
    assert.deepEqual(mismatches({ matchExpressions: [{ key: 'app', operator: 'Bogus' }, 'not an object'] }), ['matchExpressions.0', 'matchExpressions.1']);
  });
});

describe('pod templates', () => {
  const workloads = parse(`
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: cj}}
        spec:
          initContainers:
            - {name: sidecar, image: i, restartPolicy: Always}
            - {name: init, image: i}
          containers: [{name: c, image: i}]
${['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']
  .map((kind) => `---\napiVersion: v1\nkind: ${kind}\nmetadata: {name: x}\nspec:\n  template:\n    metadata: {labels: {app: ${kind.toLowerCase()}, version: 2}}\n    spec: {containers: [{name: c, image: i}]}\n`)
  .join('')}
---
apiVersion: v1
kind: Service
metadata: {name: s}
`);

  test('every workload kind gives its template labels and where they are', () => {
    const found = workloads.map((resource) => [resource.kind, podTemplateOf(resource)?.labels.get('app'), podTemplateOf(resource)?.labelsPath.join('.')]);
    assert.deepEqual(found, [
      ['Pod', 'p', 'metadata.labels'],
      ['CronJob', 'cj', 'spec.jobTemplate.spec.template.metadata.labels'],
      ['Deployment', 'deployment', 'spec.template.metadata.labels'],
      ['StatefulSet', 'statefulset', 'spec.template.metadata.labels'],
      ['DaemonSet', 'daemonset', 'spec.template.metadata.labels'],
      ['ReplicaSet', 'replicaset', 'spec.template.metadata.labels'],
      ['ReplicationController', 'replicationcontroller', 'spec.template.metadata.labels'],
      ['Job', 'job', 'spec.template.metadata.labels'],
      ['Service', undefined, undefined],
    ]);
    assert.deepEqual([...WORKLOAD_KINDS].sort(), ['CronJob', 'DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
  });

  test('a label value that is not a string compares as the string the API server would store', () => {
    assert.equal(podTemplateOf(workloads[2]!)?.labels.get('version'), '2');
  });

  test('native sidecars serve traffic, ordinary init containers do not', () => {
    const template = podTemplateOf(workloads[1]!)!;
    assert.deepEqual(
      servingContainers(template).map((c) => [c.container.name, c.path.join('.')]),
      [
        ['c', 'spec.jobTemplate.spec.template.spec.containers.0'],
        ['sidecar', 'spec.jobTemplate.spec.template.spec.initContainers.0'],
      ],
    );
  });
});

describe('positions', () => {
  const text = '# comment\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: http\n';
  const file = parseManifest(text, { name: 'x.yaml', named: true, defaultNamespace: 'default' });

  test('a scalar is pointed at itself, with an exclusive end column', () => {
    assert.deepEqual(file.source.positions.locate(0, ['spec', 'ports', 0, 'targetPort']), { line: 11, column: 19, endLine: 11, endColumn: 23 });
  });
  test('a mapping is pointed at its key, so the finding sits on the "selector:" line', () => {
    assert.deepEqual(file.source.positions.locate(0, ['spec', 'selector']), { line: 7, column: 3, endLine: 7, endColumn: 11 });
  });
  test('a list item that is a mapping is pointed at its first line', () => {
    assert.deepEqual(file.source.positions.locate(0, ['spec', 'ports', 0]), { line: 10, column: 7, endLine: 10, endColumn: 15 });
  });
  test('a path missing from the document points at its deepest parent', () => {
    assert.equal(file.source.positions.locate(0, ['spec', 'ports', 0, 'protocol']).line, 10);
    assert.equal(file.source.positions.locate(0, ['spec', 'type']).line, 6);
  });
  test('a byte-order mark and CRLF line ends leave positions as an editor shows them', () => {
    const crlf = parseManifest(`\ufeff${text.replace(/\n/g, '\r\n')}`, { name: 'x.yaml', named: true, defaultNamespace: 'default' });
    assert.deepEqual(crlf.source.positions.locate(0, ['spec', 'ports', 0, 'targetPort']), { line: 11, column: 19, endLine: 11, endColumn: 23 });
  });
  test('List items keep the index of their document and their own path', () => {
    const list = parseManifest('---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n', { name: 'l.yaml', named: true, defaultNamespace: 'default' });
    assert.deepEqual(list.resources.map((r) => [r.kind, r.documentIndex, r.basePath.join('.')]), [['ConfigMap', 1, 'items.0']]);
  });
});

describe('the index', () => {
  const resources = parse(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: backend-app, namespace: eks-work}
spec: {template: {metadata: {labels: {app: backend-app, tier: api}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: eks-work}
spec: {template: {metadata: {labels: {app: frontend, tier: web}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: backend-app, namespace: other}
spec: {template: {metadata: {labels: {app: backend, tier: api}}}}
`);
  const index = new ResourceIndex(resources);

  test('finds workloads by selector within one namespace', () => {
    assert.deepEqual(index.findWorkloadsSelectedBy('eks-work', labels({ tier: 'api' })).map((w) => w.resource.name), ['backend-app']);
    assert.deepEqual(index.findWorkloadsSelectedBy('eks-work', labels({ app: 'backend' })), []);
  });
  test('the nearest workload differs in the fewest pairs, then by the closest value', () => {
    const nearest = index.findNearestWorkload('eks-work', labels({ app: 'backend', tier: 'api' }));
    assert.equal(nearest?.workload.resource.name, 'backend-app');
    assert.deepEqual(nearest?.differences, [{ key: 'app', wanted: 'backend', actual: 'backend-app' }]);
  });
  test('says which other namespace would match', () => {
    assert.deepEqual(index.findWorkloadsSelectedInOtherNamespaces('eks-work', labels({ app: 'backend' })).map((w) => w.resource.namespace), ['other']);
  });
  test('kinds by namespace', () => {
    assert.equal(index.ofKind('Deployment').length, 3);
    assert.equal(index.ofKind('Deployment', 'eks-work').length, 2);
    assert.equal(index.hasWorkloadsIn('nowhere'), false);
  });
});

test('keepNearest prefers the same file, then the same folder, then the fewest steps', () => {
  const at = (name: string) => ({ resource: { file: { name } } as Resource });
  const from = at('apps/shop/service.yaml').resource;
  const items = [at('apps/shop/service.yaml'), at('apps/shop/deployment.yaml'), at('apps/other/deployment.yaml')];
  assert.deepEqual(keepNearest(items, from), [items[0]]);
  assert.deepEqual(keepNearest(items.slice(1), from), [items[1]]);
  assert.deepEqual(keepNearest(items.slice(2), from), [items[2]]);
});

test('nearestString suggests plausible typos only', () => {
  assert.equal(nearestString('htpp', ['http', 'metrics']), 'http');
  assert.equal(nearestString('backend', ['backend-app', 'frontend']), 'backend-app');
  assert.equal(nearestString('zzzzzz', ['http', 'metrics']), undefined);
});
