import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allRules, lint } from '../src/api.js';
import type { LintOptions, LintResult } from '../src/api.js';
import { UsageError } from '../src/files.js';
import { defineRule } from '../src/rule.js';
import { canRunInWorkers } from '../src/workers.js';
import { writeSyntheticRepository } from '../scripts/synthetic.js';
import { cliPath, fixturesRoot, projectRoot, temporaryTree } from './helpers.js';

/**
 * With worker threads, a run must give exactly what it gives in one thread: the same findings,
 * positions, messages and suppressions. `bytesPerWorker: 0` makes even a small input use them.
 */
const inThreads = (threads: number) => ({ jobs: threads, bytesPerWorker: 0 });

async function sameInThreads(options: Omit<LintOptions, 'ruleSet'>, threads = 3): Promise<LintResult> {
  const alone = await lint({ ...options, jobs: 1 });
  const shared = await lint({ ...options, ...inThreads(threads) });
  assert.deepEqual(shared, alone);
  return shared;
}

test('every fixture, every rule: the same result in three threads as in one', async () => {
  await sameInThreads({ paths: ['.'], cwd: fixturesRoot, extends: ['kubelint:all'] });
});

test('every fixture with the default preset, in two threads', async () => {
  await sameInThreads({ paths: ['.'], cwd: fixturesRoot }, 2);
});

test('standard input with its neighbours as context: the same result in two threads', async () => {
  const directory = path.join(fixturesRoot, 'service-selector-match');
  const name = 'book-selector-typo.yaml';
  const result = await sameInThreads({ paths: ['-'], cwd: directory, stdin: { text: readFileSync(path.join(directory, name), 'utf8'), filename: name } }, 2);
  assert.ok(result.findings.some((finding) => finding.file === name && finding.ruleId === 'service-selector-match'), JSON.stringify(result.findings));
});

const corpus = path.resolve(projectRoot, process.env['KUBELINT_CORPUS'] ?? path.join('..', 'shared', 'corpus'));
test('the public corpus: the same result in two threads as in one', { skip: existsSync(corpus) ? false : `no corpus at ${corpus} (set KUBELINT_CORPUS)` }, async () => {
  await sameInThreads({ paths: ['.'], cwd: corpus, extends: ['kubelint:all'] }, 2);
});

const WIDGET_DEFINITION = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
`;

test('a custom resource is checked against a definition that another thread parsed', async () => {
  const root = temporaryTree({
    'a-definition.yaml': WIDGET_DEFINITION,
    'b-widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: large\n  colour: red\n',
    'c-config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n',
  });
  const result = await lint({ paths: ['.'], cwd: root, ...inThreads(3) });
  const widget = result.findings.filter((finding) => finding.file === 'b-widget.yaml' && finding.ruleId === 'schema');
  assert.equal(widget.length, 2, JSON.stringify(result.findings, null, 2));
  assert.deepEqual(result, await lint({ paths: ['.'], cwd: root, jobs: 1 }));
});

test('a once-per-run finding is kept where one thread keeps it, even when an annotation switches the first off', async () => {
  // The first Widget's "no schema" notice is suppressed; the second's is not said, in any number of threads.
  const widget = (name: string, annotations = '') => `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: ${name}\n${annotations}`;
  const root = temporaryTree({
    'a.yaml': widget('a', '  annotations:\n    kubelint.io/ignore: schema\n'),
    'b.yaml': widget('b'),
    'c.yaml': widget('c'),
  });
  const result = await sameInThreads({ paths: ['.'], cwd: root });
  assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'schema'), []);
  assert.equal(result.suppressed, 1);
});

test('a patch that a kustomization in another thread applies is a partial object there too', async () => {
  const root = temporaryTree({
    'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\npatches:\n  - path: replicas.yaml\n',
    'deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    'replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
  });
  const result = await lint({ paths: ['.'], cwd: root, ...inThreads(3) });
  assert.deepEqual(result.findings.filter((finding) => finding.file === 'replicas.yaml' && finding.ruleId === 'schema'), []);
  assert.deepEqual(result, await lint({ paths: ['.'], cwd: root, jobs: 1 }));
});

test('a usage error in a worker (a schema that is not JSON) stops the run with the same one line', async () => {
  const root = temporaryTree({
    'schemas/example.com/widget_v1.json': '{ not json',
    'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
    'b.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: b\n',
  });
  const options = { paths: ['a.yaml', 'b.yaml'], cwd: root, settings: { schemaDirs: ['schemas'] } };
  const alone = await lint({ ...options, jobs: 1 }).then(
    () => assert.fail('expected a usage error'),
    (error: unknown) => error,
  );
  assert.ok(alone instanceof UsageError);
  await assert.rejects(lint({ ...options, ...inThreads(2) }), (error: unknown) => error instanceof UsageError && error.message === alone.message);
});

test('a rule set with rules of its own runs in this thread only', () => {
  assert.equal(canRunInWorkers(allRules), true);
  const custom = defineRule({ meta: { id: 'custom', description: 'd', severity: 'warning', category: 'practice', scope: 'resource', preset: 'all' }, check() {} });
  assert.equal(canRunInWorkers([...allRules, custom]), false);
});

test('--jobs: the CLI gives the same output with two threads as with one, and refuses a count below 1', () => {
  // Over 2 MB, so that two threads are used (each thread takes 1 MB or more).
  const root = temporaryTree();
  const repository = writeSyntheticRepository(root, 1200, 'multi');
  assert.ok(repository.bytes > 2 * 1024 * 1024, `${repository.bytes} bytes`);
  const run = (args: string[]) => spawnSync(process.execPath, [cliPath, '--format', 'json', ...args], { cwd: root, encoding: 'utf8' });
  const alone = run(['--jobs', '1', '.']);
  const shared = run(['--jobs', '2', '.']);
  assert.equal(shared.stderr, '');
  assert.equal(shared.status, 1);
  assert.equal(shared.stdout, alone.stdout);
  const { findings } = JSON.parse(shared.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
  for (const defect of repository.defects) {
    assert.ok(findings.some((finding) => finding.file === defect.file && finding.line === defect.line && finding.ruleId === defect.ruleId), `planted ${JSON.stringify(defect)}`);
  }
  // KUBELINT_TIMING says how many threads ran the rules: the second run did use a worker.
  const timed = (jobs: string) => spawnSync(process.execPath, [cliPath, '--format', 'json', '--jobs', jobs, '.'], { cwd: root, encoding: 'utf8', env: { ...process.env, KUBELINT_TIMING: '1' } });
  assert.match(timed('1').stderr, /^rule +time \(checks only, 1 thread\)\n[\s\S]*^metadata-syntax +\d+\.\d ms/m);
  assert.match(timed('2').stderr, /^rule +time \(checks only, summed over 2 threads\)\n[\s\S]*^metadata-syntax +\d+\.\d ms/m);
  const refused = run(['--jobs', '0', '.']);
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr, 'kubelint: --jobs needs a whole number of at least 1, got "0"\n');
});
