import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { allRules } from '../src/api.js';
import type { Finding } from '../src/api.js';
import { readExpectations } from './expectations.js';
import { cliPath, fixturesRoot, projectRoot, temporaryTree, withCorrectnessOnlyConfig } from './helpers.js';

/** End to end: the built CLI, spawned as a user (or a hook, or an editor) runs it. */

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface JsonOutput {
  version: number;
  files: number;
  resources: number;
  findings: Finding[];
}

const COLOUR_VARIABLES = ['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS'];

/** The environment without any colour setting (the test runner may set FORCE_COLOR), plus `extra`. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of COLOUR_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

function run(args: string[], options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): Run {
  const result = spawnSync(process.execPath, [cliPath, ...withCorrectnessOnlyConfig(args, options.cwd)], {
    cwd: options.cwd ?? projectRoot,
    env: options.env ?? environment({ NO_COLOR: '1' }),
    encoding: 'utf8',
    timeout: 20_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function runJson(args: string[], options: Parameters<typeof run>[1] = {}): Run & { json: JsonOutput } {
  const result = run(['--format', 'json', ...args], options);
  let json: JsonOutput;
  try {
    json = JSON.parse(result.stdout) as JsonOutput;
  } catch {
    assert.fail(`stdout is not one JSON object:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return { ...result, json };
}

/** `file:line ruleId` of each finding, for readable comparisons. */
function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);
}


function deployment(options: { name: string; labels: string; portName: string; selector?: string; namespace?: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${options.name}${options.namespace ? `, namespace: ${options.namespace}` : ''}}
spec:
  selector: {matchLabels: {${options.selector ?? options.labels}}}
  template:
    metadata: {labels: {${options.labels}}}
    spec:
      containers:
        - name: ${options.name}
          image: ghcr.io/example/${options.name}:1.0.0
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          ports:
            - {containerPort: 8080, name: ${options.portName}}
`;
}

function service(options: { name: string; selector: string; targetPort: string; type?: string; namespace?: string }): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${options.name}${options.namespace ? `, namespace: ${options.namespace}` : ''}}
spec:
${options.type ? `  type: ${options.type}\n` : ''}  selector: {${options.selector}}
  ports:
    - port: 80
      targetPort: ${options.targetPort}
`;
}

const BROKEN_YAML = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\ndata:\n  key: [unclosed\n';

/** Asserts a run failed as the spec says: exit 2, one `kubelint:` line on stderr, no stack trace. */
function assertRunFailure(result: Run, mentions: string | RegExp): void {
  assert.equal(result.status, 2, `exit code; stderr: ${result.stderr}`);
  const lines = result.stderr.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0] ?? '', /^kubelint: /);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(result.stderr, /internal error/, 'a usage problem, not a crash');
  if (typeof mentions === 'string') assert.ok(lines[0]?.includes(mentions), `stderr names ${mentions}: ${lines[0]}`);
  else assert.match(lines[0] ?? '', mentions);
  assert.equal(result.stdout, '', 'nothing on stdout');
}

describe('fixtures through the CLI', () => {
  const failing = 'fixtures/workload-selector-match/match-expressions.yaml';

  test('a fixture with errors exits 1 and --format json lists the expected rule ids at the expected lines', () => {
    const expected = readExpectations(failing, readFileSync(path.join(projectRoot, failing), 'utf8')).expectations;
    assert.ok(expected.length > 0);
    const result = runJson([failing]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(brief(result.json.findings).sort(), expected.map((e) => `${e.file}:${e.line} ${e.ruleId}`).sort());
    assert.equal(result.json.version, 1);
    assert.equal(result.json.files, 1);
  });

  test('stylish (the default) reports the same findings, exit 1', () => {
    const result = run([failing]);
    assert.equal(result.status, 1);
    assert.ok(result.stdout.includes(path.join(projectRoot, failing)), 'the file line is the absolute path');
    assert.match(result.stdout, /^\s+26:\d+\s+error\s+.+\s\sworkload-selector-match$/m);
    assert.match(result.stdout, /^\u2716 \d+ problems \(\d+ errors, 0 warnings\)$/m);
  });

  test('a clean fixture exits 0 and prints nothing', () => {
    const result = run(['fixtures/workload-selector-match/every-kind-clean.yaml']);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, '');
  });
});

describe('the files beside a named file are context (pre-commit)', () => {
  test('a Service linted alone is satisfied by the Deployment beside it', () => {
    const directory = temporaryTree({
      'deployment.yaml': deployment({ name: 'shop', labels: 'app: shop', portName: 'http' }),
      'service.yaml': service({ name: 'shop', selector: 'app: shop', targetPort: 'http' }),
    });
    const result = runJson(['service.yaml'], { cwd: directory });
    assert.equal(result.status, 0, result.stdout);
    assert.deepEqual(result.json.findings, []);
    assert.equal(result.json.files, 1, 'only the named file is linted');
    assert.equal(run(['service.yaml'], { cwd: directory }).stdout, '');

    // The sibling really is looked into: a port name it lacks is reported.
    writeFileSync(path.join(directory, 'service.yaml'), service({ name: 'shop', selector: 'app: shop', targetPort: 'htp' }));
    const typo = runJson(['service.yaml'], { cwd: directory });
    assert.equal(typo.status, 1);
    assert.deepEqual(brief(typo.json.findings), ['service.yaml:8 service-target-port']);
  });

  test('a mismatch with the sibling is reported on the named file only, naming the sibling', () => {
    // The sibling also has a problem of its own (its selector misses its pods): never reported, since nobody named it.
    const directory = temporaryTree({
      'deployment.yaml': deployment({ name: 'shop-backend', labels: 'app: shop-backend', selector: 'app: shop-api', portName: 'http' }),
      'service.yaml': service({ name: 'shop', selector: 'app: shop', targetPort: 'http' }),
    });
    const result = runJson(['service.yaml'], { cwd: directory });
    assert.equal(result.status, 1, result.stdout);
    assert.deepEqual(brief(result.json.findings), ['service.yaml:5 service-selector-match']);
    const [found] = result.json.findings;
    assert.match(found?.message ?? '', /Deployment shop-backend/);
    assert.ok(found?.related?.some((r) => r.file === 'deployment.yaml'), 'the related location is the sibling file');
    assert.ok(result.json.findings.every((f) => f.file === 'service.yaml'));

    // Named, the sibling's own problem is reported: so the silence above is the context rule at work.
    const both = runJson(['service.yaml', 'deployment.yaml'], { cwd: directory });
    assert.ok(both.json.findings.some((f) => f.file === 'deployment.yaml' && f.ruleId === 'workload-selector-match'), brief(both.json.findings).join('\n'));
  });

  test('a sibling that is not YAML is skipped silently', () => {
    const directory = temporaryTree({
      'deployment.yaml': deployment({ name: 'shop', labels: 'app: shop', portName: 'http' }),
      'service.yaml': service({ name: 'shop', selector: 'app: shop', targetPort: 'http' }),
      'broken.yaml': BROKEN_YAML,
      'binary.yml': Buffer.from([0x6b, 0x00, 0xff, 0x00]),
    });
    const result = runJson(['service.yaml'], { cwd: directory });
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stderr, '');
    assert.deepEqual(result.json.findings, []);

    // Named, the same file is reported: the silence above is leniency, not a blind spot.
    const named = runJson(['broken.yaml'], { cwd: directory });
    assert.equal(named.status, 1);
    assert.deepEqual(brief(named.json.findings).map((line) => line.replace(/:\d+ /, ' ')), ['broken.yaml yaml-syntax']);
  });

  test('a broken sibling beside a mismatched Service gets no finding of its own', () => {
    const directory = temporaryTree({
      'deployment.yaml': deployment({ name: 'shop', labels: 'app: other', portName: 'http' }),
      'service.yaml': service({ name: 'shop', selector: 'app: shop', targetPort: 'http' }),
      'broken.yaml': BROKEN_YAML,
    });
    const result = runJson(['service.yaml'], { cwd: directory });
    assert.notEqual(result.status, 2, result.stderr);
    assert.equal(result.stderr, '');
    assert.ok(
      result.json.findings.every((f) => f.file === 'service.yaml'),
      brief(result.json.findings).join('\n'),
    );
  });

  test('sibling folders (overlays) do not see each other', () => {
    // dev names its port http, prod names it web: each Service is right only about its own Deployment.
    const files: Record<string, string> = {};
    for (const [overlay, portName] of [
      ['dev', 'http'],
      ['prod', 'web'],
    ] as const) {
      files[`overlays/${overlay}/deployment.yaml`] = deployment({ name: 'shop', labels: 'app: shop', portName });
      files[`overlays/${overlay}/service.yaml`] = service({ name: 'shop', selector: 'app: shop', targetPort: portName, type: 'LoadBalancer' });
    }
    const directory = temporaryTree(files);
    const parent = runJson(['overlays'], { cwd: directory });
    assert.equal(parent.status, 0, brief(parent.json.findings).join('\n'));
    assert.deepEqual(parent.json.findings, []);
    assert.equal(parent.json.files, 4);
    const oneService = runJson(['overlays/prod/service.yaml'], { cwd: directory });
    assert.deepEqual(oneService.json.findings, []);

    // Break prod alone: the finding is prod's, and dev's http port does not hide it.
    writeFileSync(path.join(directory, 'overlays/prod/service.yaml'), service({ name: 'shop', selector: 'app: shop', targetPort: 'http', type: 'LoadBalancer' }));
    const broken = runJson(['overlays'], { cwd: directory });
    assert.equal(broken.status, 1);
    assert.deepEqual(brief(broken.json.findings), ['overlays/prod/service.yaml:9 service-target-port']);
  });
});

describe('standard input', () => {
  const text = readFileSync(path.join(fixturesRoot, 'service-selector-match', 'book-selector-typo.yaml'), 'utf8');
  let directory: string;
  before(() => {
    directory = temporaryTree();
  });

  test('- with --stdin-filename reports under that name', () => {
    const result = runJson(['-', '--stdin-filename', 'some/dir/x.yaml'], { cwd: directory, input: text });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(brief(result.json.findings), ['some/dir/x.yaml:31 service-selector-match']);
    assert.equal(result.json.files, 1);
    const compact = run(['-', '--stdin-filename', 'some/dir/x.yaml', '--format', 'compact'], { cwd: directory, input: text });
    assert.ok(compact.stdout.startsWith(`${path.join(directory, 'some', 'dir', 'x.yaml')}: line 31, col `), compact.stdout);
  });

  test('- without --stdin-filename reports <stdin>', () => {
    const result = runJson(['-'], { cwd: directory, input: text });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(brief(result.json.findings), ['<stdin>:31 service-selector-match']);
  });

  test('--stdin-filename puts the buffer beside its folder: the manifests there are context, the file on disk is replaced', () => {
    const app = temporaryTree({
      'app/deployment.yaml': deployment({ name: 'shop', labels: 'app: shop', portName: 'http' }),
      // The saved file is stale (a wrong label); the editor's buffer on stdin is what counts.
      'app/service.yaml': service({ name: 'shop', selector: 'app: shopp', targetPort: 'http' }),
    });
    const buffer = service({ name: 'shop', selector: 'app: shop', targetPort: 'http' });
    const clean = runJson(['-', '--stdin-filename', 'app/service.yaml'], { cwd: app, input: buffer });
    assert.equal(clean.status, 0, brief(clean.json.findings).join('\n'));
    assert.deepEqual(clean.json.findings, []);

    const typo = runJson(['-', '--stdin-filename', 'app/service.yaml'], { cwd: app, input: service({ name: 'shop', selector: 'app: shop', targetPort: 'htp' }) });
    assert.equal(typo.status, 1);
    assert.deepEqual(brief(typo.json.findings), ['app/service.yaml:8 service-target-port']);
  });

  test('empty standard input (closed at once) is one info finding, exit 0', () => {
    const result = run(['-'], { cwd: directory, input: '' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const json = runJson(['-'], { cwd: directory, input: '' });
    assert.deepEqual(json.json.findings.map((f) => [f.file, f.ruleId, f.severity]), [['<stdin>', 'apiversion-kind', 'info']]);
  });
});

describe('run failures: exit 2, one line, no stack trace', () => {
  test('a path that does not exist', () => {
    assertRunFailure(run(['does/not/exist.yaml']), 'does/not/exist.yaml');
  });

  test('an unknown option', () => {
    assertRunFailure(run(['--bogus-option', 'fixtures']), '--bogus-option');
  });

  test('an unknown --format', () => {
    assertRunFailure(run(['--format', 'xml', 'fixtures/workload-selector-match/every-kind-clean.yaml']), 'xml');
  });

  test('--max-warnings that is not a number', () => {
    assertRunFailure(run(['--max-warnings', 'abc', 'fixtures/workload-selector-match/every-kind-clean.yaml']), 'abc');
  });

  test('a --kubernetes-version that is not X.Y', () => {
    assertRunFailure(run(['--kubernetes-version', 'latest', 'fixtures/schema/every-kind-clean.yaml']), /Kubernetes version must be written X\.Y/);
  });

  test('a --schema-dir that does not exist', () => {
    assertRunFailure(run(['--schema-dir', 'no/such/catalog', 'fixtures/schema/every-kind-clean.yaml']), /no\/such\/catalog: no such directory/);
  });

  test('a --schema-dir schema that is not JSON: the file and why, not an internal error', () => {
    const directory = temporaryTree({ 'catalog/example.com/widget_v1.json': '{ not json', 'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n' });
    assertRunFailure(run(['--schema-dir', 'catalog', 'widget.yaml'], { cwd: directory }), /widget_v1\.json: not a JSON schema \(/);
  });

  test('a directory with no manifests', () => {
    const directory = temporaryTree({ 'README.md': '# not a manifest\n', 'nested/notes.txt': 'nothing here\n' });
    assertRunFailure(run([directory]), /manifest/);
  });
});

describe('odd files', () => {
  test('a binary file is one yaml-syntax finding, exit 1', () => {
    const directory = temporaryTree({ 'x.yaml': Buffer.from([0x61, 0x70, 0x69, 0x00, 0x01, 0xff, 0xfe, 0x0a, 0x00]) });
    const result = runJson(['x.yaml'], { cwd: directory });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.equal(result.json.findings.length, 1, brief(result.json.findings).join('\n'));
    assert.equal(result.json.findings[0]?.ruleId, 'yaml-syntax');
    assert.equal(result.json.findings[0]?.file, 'x.yaml');
  });

  test('an empty file, a file of only --- and one of only comments say they hold no object (info), exit 0', () => {
    const directory = temporaryTree({ 'empty.yaml': '', 'separator.yaml': '---\n', 'comments.yaml': '# nothing yet\n' });
    for (const file of ['empty.yaml', 'separator.yaml', 'comments.yaml']) {
      const result = run([file], { cwd: directory });
      assert.equal(result.status, 0, `${file}: ${result.stdout}${result.stderr}`);
      assert.equal(result.stderr, '');
      const findings = runJson([file], { cwd: directory }).json.findings;
      assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.line]), [['apiversion-kind', 'info', 1]], file);
      assert.match(findings[0]?.message ?? '', /no Kubernetes object/);
    }
  });

  test('bytes that are not UTF-8 are reported where they are', () => {
    const directory = temporaryTree({ 'latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n', 'latin1') });
    const findings = runJson(['latin1.yaml'], { cwd: directory }).json.findings;
    assert.deepEqual(findings.map((f) => [f.ruleId, f.line, f.column]), [['yaml-syntax', 3, 21]]);
    assert.match(findings[0]?.message ?? '', /not UTF-8/);
  });
});

describe('warnings', () => {
  const warningOnly = 'fixtures/service-target-port/book-targetport-8081.yaml';

  test('the fixture gives exactly one warning, exit 0', () => {
    const result = runJson([warningOnly]);
    assert.equal(result.status, 0);
    assert.deepEqual(
      result.json.findings.map((f) => f.severity),
      ['warning'],
    );
  });

  test('--max-warnings 0 turns one warning into exit 1, with a reason on stderr', () => {
    const result = run(['--max-warnings', '0', warningOnly]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /too many warnings/);
    assert.match(result.stdout, /warning/, 'the warning is still printed');
  });

  test('--max-warnings 1 allows one warning', () => {
    const result = run(['--max-warnings', '1', warningOnly]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  });

  test('--quiet hides warnings', () => {
    const shown = run([warningOnly]);
    assert.match(shown.stdout, /service-target-port/);
    const quiet = run(['--quiet', warningOnly]);
    assert.equal(quiet.status, 0);
    assert.equal(quiet.stdout, '');
    assert.deepEqual(runJson(['--quiet', warningOnly]).json.findings, []);
  });

  test('--quiet: hidden warnings do not count against --max-warnings (as in ESLint 9)', () => {
    const result = run(['--quiet', '--max-warnings', '0', warningOnly]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  });
});

describe('information', () => {
  test('--version prints the version of package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const result = run(['--version']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  });

  test('--help mentions --format', () => {
    const result = run(['--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /--format/);
  });

  test('--list-rules lists every rule id with its severity, category and presets', () => {
    const result = run(['--list-rules']);
    assert.equal(result.status, 0);
    const [header, ...rows] = result.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/));
    assert.deepEqual(header?.slice(0, 5), ['rule', 'severity', 'category', 'presets', 'description']);
    assert.deepEqual(rows.map((row) => row[0]), allRules.map((rule) => rule.meta.id));
    for (const [row, rule] of rows.map((row, i) => [row, allRules[i]] as const)) {
      assert.deepEqual(row.slice(1, 3), [rule?.meta.severity, rule?.meta.category]);
      assert.ok(row[3]?.split(',').includes(rule?.meta.preset ?? ''), `${row[0]} lists its own preset`);
      assert.ok(row[3]?.split(',').includes('all'), `${row[0]} is in kubelint:all`);
    }
  });
});

describe('colour', () => {
  const failing = 'fixtures/workload-selector-match/match-expressions.yaml';
  const ESC = '\u001b';

  test('NO_COLOR=1: no escape sequence', () => {
    const result = run([failing], { env: environment({ NO_COLOR: '1' }) });
    assert.equal(result.status, 1);
    assert.ok(result.stdout.length > 0);
    assert.ok(!result.stdout.includes(ESC));
  });

  test('not a terminal and no setting: no escape sequence', () => {
    const result = run([failing], { env: environment({}) });
    assert.ok(result.stdout.length > 0);
    assert.ok(!result.stdout.includes(ESC));
  });

  test('FORCE_COLOR=1: escape sequences, even into a pipe', () => {
    const result = run([failing], { env: environment({ FORCE_COLOR: '1' }) });
    assert.equal(result.status, 1);
    assert.ok(result.stdout.includes(ESC));
  });

  test('--color: escape sequences', () => {
    const result = run(['--color', failing], { env: environment({}) });
    assert.ok(result.stdout.includes(ESC));
  });

  test('--no-color wins over FORCE_COLOR', () => {
    const result = run(['--no-color', failing], { env: environment({ FORCE_COLOR: '1' }) });
    assert.equal(result.status, 1);
    assert.ok(result.stdout.length > 0);
    assert.ok(!result.stdout.includes(ESC));
  });
});

describe('--default-namespace', () => {
  test('decides the namespace of a resource that names none', () => {
    // The Deployment is in shop; the Service names no namespace.
    const directory = temporaryTree({
      'app.yaml': `${deployment({ name: 'cart', labels: 'app: cart', portName: 'http', namespace: 'shop' })}---\n${service({ name: 'cart', selector: 'app: cart', targetPort: 'http' })}`,
    });
    const inDefault = runJson(['app.yaml'], { cwd: directory });
    assert.equal(inDefault.status, 1);
    assert.deepEqual(
      inDefault.json.findings.map((f) => f.ruleId),
      ['service-selector-match'],
    );
    assert.match(inDefault.json.findings[0]?.message ?? '', /namespace default/);

    const inShop = runJson(['--default-namespace', 'shop', 'app.yaml'], { cwd: directory });
    assert.equal(inShop.status, 0, brief(inShop.json.findings).join('\n'));
    assert.deepEqual(inShop.json.findings, []);
  });

  test('a resource that names no namespace is reported in the default namespace; json counts every resource', () => {
    const directory = temporaryTree({
      'app.yaml': `${deployment({ name: 'cart', labels: 'app: cart', portName: 'http' })}---\n${service({ name: 'cart', selector: 'app: kart', targetPort: 'http' })}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`,
    });
    const result = runJson(['--default-namespace', 'shop', 'app.yaml'], { cwd: directory });
    assert.deepEqual(
      result.json.findings.map((f) => [f.ruleId, f.resource?.kind, f.resource?.namespace]),
      [['service-selector-match', 'Service', 'shop']],
    );
    assert.equal(result.json.files, 1);
    assert.equal(result.json.resources, 3);
  });
});

describe('schema settings', () => {
  test('--kubernetes-version moves the target of removed-api', () => {
    const file = 'fixtures/removed-api/older-target.yaml';
    const current = runJson([file]);
    const older = runJson(['--kubernetes-version', 'v1.24.3', file]);
    assert.deepEqual(
      current.json.findings.filter((f) => f.ruleId === 'removed-api').map((f) => f.severity),
      ['error', 'error', 'error'],
    );
    assert.deepEqual(
      older.json.findings.filter((f) => f.ruleId === 'removed-api').map((f) => f.severity),
      ['warning', 'error', 'warning'],
    );
  });

  test('--strict-kinds turns a kind without a schema into an error', () => {
    const directory = temporaryTree({ 'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: one}\n' });
    const lenient = runJson(['widget.yaml'], { cwd: directory });
    assert.equal(lenient.status, 0);
    assert.deepEqual(lenient.json.findings.map((f) => [f.ruleId, f.severity]), [['schema', 'info']]);
    const strict = runJson(['--strict-kinds', 'widget.yaml'], { cwd: directory });
    assert.equal(strict.status, 1);
    assert.deepEqual(strict.json.findings.map((f) => [f.ruleId, f.severity]), [['schema', 'error']]);
  });

  test('--schema-dir finds a kubeconform-style {kind}-{group}-{version}.json', () => {
    const schema = JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } });
    const directory = temporaryTree({
      'catalog/widget-example-v1.json': schema,
      'widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: one}\nspec:\n  size: big\n',
    });
    const result = runJson(['--schema-dir', 'catalog', 'widget.yaml'], { cwd: directory });
    assert.deepEqual(brief(result.json.findings), ['widget.yaml:5 schema']);
    assert.match(result.json.findings[0]?.message ?? '', /size must be an integer, got the string "big"/);
  });
});

describe('--cache', () => {
  test('a second run over unchanged files gives the same result from the cache; a change is seen', () => {
    const directory = temporaryTree({
      'app.yaml': `${deployment({ name: 'shop', labels: 'app: shop', portName: 'http' })}---\n${service({ name: 'shop', selector: 'app: shop', targetPort: 'http' })}`,
    });
    const first = runJson(['--cache', 'app.yaml'], { cwd: directory });
    assert.equal(first.status, 0);
    assert.ok(existsSync(path.join(directory, '.kubelintcache')), 'the cache is written');
    const second = runJson(['--cache', 'app.yaml'], { cwd: directory });
    assert.deepEqual(second.json, first.json);
    // The cache holds exactly this result: prove the second run read it, by planting another one.
    const cache = JSON.parse(readFileSync(path.join(directory, '.kubelintcache'), 'utf8')) as { result: { files: number } };
    cache.result.files = 42;
    writeFileSync(path.join(directory, '.kubelintcache'), JSON.stringify(cache));
    assert.equal(runJson(['--cache', 'app.yaml'], { cwd: directory }).json.files, 42);
    // A changed file is linted again.
    writeFileSync(path.join(directory, 'app.yaml'), readFileSync(path.join(directory, 'app.yaml'), 'utf8').replace('targetPort: http', 'targetPort: htp'));
    const changed = runJson(['--cache', 'app.yaml'], { cwd: directory });
    assert.equal(changed.json.files, 1);
    assert.deepEqual(brief(changed.json.findings).map((f) => f.replace(/:\d+ /, ' ')), ['app.yaml service-target-port']);
  });

  test('a corrupt cache file is ignored, and --cache-location moves it', () => {
    const directory = temporaryTree({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n', 'cache/state': '{not json' });
    const result = runJson(['--cache', '--cache-location', 'cache/state', 'cm.yaml'], { cwd: directory });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.json.files, 1);
    assert.match(readFileSync(path.join(directory, 'cache', 'state'), 'utf8'), /"kubelint"/);
  });
});

