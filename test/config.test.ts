import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Finding } from '../src/api.js';
import { cliPath, temporaryTree, withCorrectnessOnlyConfig } from './helpers.js';


function run(args: string[], cwd: string, input?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['FORCE_COLOR'];
  const result = spawnSync(process.execPath, [cliPath, ...withCorrectnessOnlyConfig(args, cwd)], { cwd, encoding: 'utf8', env, ...(input !== undefined ? { input } : {}) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function findings(args: string[], cwd: string, input?: string): Finding[] {
  const result = run(['--format', 'json', ...args], cwd, input);
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

const SERVICE_WITHOUT_PODS = 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  type: LoadBalancer\n  selector: {app: api}\n  ports: [{port: 80}]\n';
const TWO_LOAD_BALANCERS = `${SERVICE_WITHOUT_PODS}---\n${SERVICE_WITHOUT_PODS.replace('name: api', 'name: web').replace('app: api', 'app: web')}`;

describe('configuration file', () => {
  test('is found from the working directory upwards and sets levels and options', () => {
    const directory = temporaryTree({ '.kubelint.yaml': 'rules:\n  loadbalancer-consolidation: [error, {maxHttpLoadBalancers: 1}]\n', 'apps/lb.yaml': TWO_LOAD_BALANCERS });
    const found = findings(['lb.yaml'], path.join(directory, 'apps'));
    assert.deepEqual(found.map((f) => [f.ruleId, f.severity]), [['loadbalancer-consolidation', 'error'], ['loadbalancer-consolidation', 'error']]);
    writeFileSync(path.join(directory, '.kubelint.yaml'), 'rules:\n  loadbalancer-consolidation: [warning, {maxHttpLoadBalancers: 2}]\n');
    assert.deepEqual(findings(['lb.yaml'], path.join(directory, 'apps')), []);
  });

  test('--rule wins over the file, and overrides set levels for some files', () => {
    const directory = temporaryTree({
      '.kubelint.json': JSON.stringify({ rules: { 'loadbalancer-consolidation': 'error' }, overrides: [{ files: ['dev/**'], rules: { 'loadbalancer-consolidation': 'off' } }] }),
      'dev/lb.yaml': TWO_LOAD_BALANCERS,
      'prod/lb.yaml': TWO_LOAD_BALANCERS,
    });
    assert.deepEqual(findings(['dev/lb.yaml'], directory), []);
    assert.equal(findings(['prod/lb.yaml'], directory).filter((f) => f.severity === 'error').length, 2);
    assert.deepEqual(findings(['--rule', 'loadbalancer-consolidation=info', 'prod/lb.yaml'], directory).map((f) => f.severity), ['info', 'info']);
  });

  test('context globs add files the cross-resource rules see, without reporting on them', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: nginx:1.27, ports: [{containerPort: 80}], resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 64Mi}}}]\n';
    const directory = temporaryTree({
      'services/api.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\nspec:\n  selector: {matchLabels: {app: other}}\n  template:\n    metadata: {labels: {app: other}}\n    spec:\n      containers: [{name: other, image: nginx:1.27, resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 64Mi}}}]\n',
      'workloads/api.yaml': deployment.replace('containers:', 'contianers:'),
    });
    assert.deepEqual(findings(['services/api.yaml'], directory).map((f) => f.ruleId), ['service-selector-match']);
    writeFileSync(path.join(directory, '.kubelint.yaml'), 'context: ["workloads/*.yaml"]\n');
    writeFileSync(path.join(directory, 'workloads/api.yaml'), deployment);
    assert.deepEqual(findings(['services/api.yaml'], directory), []);
  });

  test('ignore patterns leave files out of directory walks', () => {
    const directory = temporaryTree({
      'k8s/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      'k8s/generated/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {port: 80}\n',
    });
    assert.deepEqual(findings(['.'], directory).map((f) => f.file), ['k8s/generated/broken.yaml']);
    writeFileSync(path.join(directory, 'k8s', '.kubelint.yaml'), 'ignore: ["generated/"]\n');
    assert.deepEqual(findings(['.'], path.join(directory, 'k8s')), []);
  });

  test('a broken configuration stops the run with exit 2 and its file, line and column', () => {
    const cases: [string, RegExp][] = [
      ['rules:\n  schema: [error\n', /^kubelint: \.kubelint\.yaml:\d+:\d+: /],
      ['rules:\n  shema: error\n', /^kubelint: \.kubelint\.yaml:2:3: unknown rule "shema"; did you mean "schema"\?/],
      ['rules:\n  schema: loud\n', /^kubelint: \.kubelint\.yaml:2:11: /],
      ['defaultNamespce: shop\n', /^kubelint: \.kubelint\.yaml:1:1: unknown field "defaultNamespce".*did you mean defaultNamespace\?/],
      ['overrides:\n  - files: [a]\n    rules: {schema: [warning, {}]}\n', /^kubelint: \.kubelint\.yaml:3:13: schema must be a string, got a list/],
    ];
    for (const [content, expected] of cases) {
      const directory = temporaryTree({ '.kubelint.yaml': content, 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
      const result = run(['cm.yaml'], directory);
      assert.equal(result.status, 2, content);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    }
  });

  test('--print-config shows what applies to a file; --config names the file', () => {
    const directory = temporaryTree({ 'team.yaml': 'defaultNamespace: shop\nrules: {schema: warning}\noverrides:\n  - files: ["legacy/**"]\n    rules: {schema: off}\n' });
    const printed = JSON.parse(run(['--config', 'team.yaml', '--print-config', 'legacy/app.yaml'], directory).stdout) as { rules: Record<string, [string, object]>; defaultNamespace: string };
    assert.deepEqual(printed.rules['schema'], ['off', {}]);
    assert.deepEqual(printed.rules['loadbalancer-consolidation'], ['warning', { maxHttpLoadBalancers: 1 }]);
    assert.equal(printed.defaultNamespace, 'shop');
    assert.equal(run(['--config', 'missing.yaml', '.'], directory).status, 2);
  });

  test('--init writes a commented starter configuration that kubelint accepts, once', () => {
    const directory = temporaryTree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' });
    assert.equal(run(['--init'], directory).status, 0);
    const written = readFileSync(path.join(directory, '.kubelint.yaml'), 'utf8');
    assert.match(written, /# yaml-language-server: \$schema=/);
    assert.equal(run(['cm.yaml'], directory).status, 0, 'the starter configuration is valid');
    assert.equal(run(['--init'], directory).status, 2, 'an existing configuration is left alone');
  });
});

describe('several formats', () => {
  test('each --format goes to its own --output-file; one may print to standard output', () => {
    const directory = temporaryTree({ 'lb.yaml': TWO_LOAD_BALANCERS });
    const result = run(['--format', 'sarif', '--output-file', 'reports/kubelint.sarif', '--format', 'json', '--format', 'gitlab', '-o', 'gl.json', 'lb.yaml'], directory);
    assert.equal(result.status, 0, result.stderr);
    const sarif = JSON.parse(readFileSync(path.join(directory, 'reports/kubelint.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    const gitlab = JSON.parse(readFileSync(path.join(directory, 'gl.json'), 'utf8')) as unknown[];
    const json = JSON.parse(result.stdout) as { findings: unknown[] };
    assert.equal(sarif.runs[0]?.results.length, 2);
    assert.equal(gitlab.length, 2);
    assert.equal(json.findings.length, 2);
    const twoToStdout = run(['--format', 'json', '--format', 'compact', 'lb.yaml'], directory);
    assert.equal(twoToStdout.status, 2);
    assert.match(twoToStdout.stderr, /only one --format can print to standard output/);
  });
});

describe('stdin from helm template', () => {
  test('findings point at the template named by # Source:, with the line within its document', () => {
    const rendered = [
      '---',
      '# Source: shop/templates/service.yaml',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: shop',
      'spec:',
      '  selector:',
      '    app: shop',
      '  ports:',
      '    - port: 80',
      '      targetPort: htp',
      '---',
      '# Source: shop/templates/deployment.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: shop',
      'spec:',
      '  selector: {matchLabels: {app: shop}}',
      '  template:',
      '    metadata: {labels: {app: shop}}',
      '    spec:',
      '      containers:',
      '        - name: shop',
      '          image: nginx:1.27',
      '          readinessProbe: {httpGet: {path: /ready, port: http}}',
      '          ports: [{name: http, containerPort: 80}]',
      '          imagePullPolicy: always',
      '',
    ].join('\n');
    const directory = temporaryTree({});
    const found = findings(['-'], directory, rendered);
    assert.deepEqual(
      found.map((f) => [f.file, f.line, f.ruleId]),
      [
        ['shop/templates/deployment.yaml', 15, 'schema'],
        ['shop/templates/service.yaml', 10, 'service-target-port'],
      ],
    );
    const stylish = run(['-'], directory, rendered).stdout;
    assert.match(stylish, /shop\/templates\/service\.yaml/);
  });
});
