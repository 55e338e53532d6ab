import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { StdioOptions } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { lint } from '../src/api.js';
import type { Finding, Severity } from '../src/api.js';
import { cliPath, fixturesRoot, hardeningRulesOff, temporaryTree, withCorrectnessOnlyConfig } from './helpers.js';

/**
 * "Never crash, never hang, never trust the input": the catalogue of bad inputs in fixtures/bad/
 * (its README.md lists every input with its outcome), and the ones generated here because they
 * are big, binary or would not survive an editor or git (BOM, CRLF, Latin-1, NUL bytes, links,
 * permissions). Each goes through the built CLI, with --format json and once more with stylish,
 * and ends exactly as written below: either these findings and exit 0 or 1, or one line
 * `kubelint: …` naming the file on stderr and exit 2. Never a stack trace, never a hang.
 *
 * Outcomes that depend on the defaults of the limits reported by input-limits (--max-file-size
 * 32 MB, --max-aliases 1000, --max-depth 512) have `limits: true` below, and [limits] in their names.
 *
 * A case marked `todo` is what kubelint should do but does not yet: the test is written to the
 * right behaviour, and node:test reports it without failing the suite.
 */

const BAD = path.join(fixturesRoot, 'bad');
/** Generous: the slowest case (a 50 MB file read in full) takes a few seconds. */
const TIMEOUT_MS = 30_000;
/**
 * For the inputs known to hang (todo): each would finish in well under a second if it were linear,
 * so 10 s is a hang by any measure, and the todo tests do not cost 30 s each.
 */
const HANG_TIMEOUT_MS = 10_000;
const isRoot = process.getuid?.() === 0;
const AS_ROOT = 'running as root: file permissions do not apply, so nothing is unreadable';

interface ExpectedFinding {
  ruleId: string;
  line: number;
  /** Exact, or a range where the column is where the parser gave up (it depends on the stack size). */
  column: number | readonly [number, number];
  severity: Severity;
  /** A fragment of the message that says what is wrong. */
  message: string | RegExp;
  /** Defaults to the file the case lints. */
  file?: string;
}

type Outcome =
  | { exit: 0 | 1; findings: readonly ExpectedFinding[]; files?: number; resources?: number }
  /** A run failure: exit 2 and one line on stderr, `kubelint: ` and this (which names the file). */
  | { exit: 2; stderr: string | RegExp };

interface Invocation {
  cwd: string;
  args: string[];
  input?: string | Buffer;
  stdio?: StdioOptions;
  timeout?: number;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function finding(ruleId: string, line: number, column: ExpectedFinding['column'], severity: Severity, message: string | RegExp, file?: string): ExpectedFinding {
  return { ruleId, line, column, severity, message, ...(file !== undefined ? { file } : {}) };
}

/** The environment of a user: no colour setting from the test runner, no debugging stack traces. */
function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of ['FORCE_COLOR', 'NODE_DISABLE_COLORS', 'KUBELINT_DEBUG']) delete env[name];
  return env;
}

function runCli(invocation: Invocation, format: 'json' | 'stylish'): Run {
  const args = format === 'json' ? ['--format', 'json', ...invocation.args] : invocation.args;
  const timeout = invocation.timeout ?? TIMEOUT_MS;
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cliPath, ...withCorrectnessOnlyConfig(args, invocation.cwd)], {
    cwd: invocation.cwd,
    env: environment(),
    encoding: 'utf8',
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    ...(invocation.input !== undefined ? { input: invocation.input } : {}),
    ...(invocation.stdio !== undefined ? { stdio: invocation.stdio } : {}),
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    assert.fail(`kubelint ${args.join(' ').slice(0, 200)} did not finish in ${timeout / 1000} s: it hangs`);
  }
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ms };
}

function assertNoStackTrace(run: Run, label: string): void {
  for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    assert.doesNotMatch(text, /^\s+at /m, `${label}: a stack trace on ${stream}:\n${text.slice(0, 2000)}`);
  }
  assert.doesNotMatch(run.stderr, /internal error/, `${label}: an internal error, not a report:\n${run.stderr}`);
}

function describeFinding(f: Pick<Finding, 'file' | 'line' | 'severity' | 'ruleId'> & { column: ExpectedFinding['column']; message: string | RegExp }): string {
  const column = typeof f.column === 'number' ? f.column : `${f.column[0]}..${f.column[1]}`;
  const message = typeof f.message === 'string' ? f.message : String(f.message);
  return `${f.file}:${f.line}:${column} ${f.severity} ${f.ruleId} — ${message.length > 160 ? `${message.slice(0, 160)}…` : message}`;
}

function matchesFinding(actual: Finding, expected: ExpectedFinding, file: string): boolean {
  const column = typeof expected.column === 'number' ? actual.column === expected.column : actual.column >= expected.column[0] && actual.column <= expected.column[1];
  const message = typeof expected.message === 'string' ? actual.message.includes(expected.message) : expected.message.test(actual.message);
  return actual.ruleId === expected.ruleId && actual.line === expected.line && column && actual.severity === expected.severity && message && actual.file === (expected.file ?? file);
}

/** The findings, exactly: as many as expected, each matching in the output's order. */
function assertFindings(actual: readonly Finding[], expected: readonly ExpectedFinding[], file: string): void {
  const ok = actual.length === expected.length && expected.every((e, i) => actual[i] !== undefined && matchesFinding(actual[i], e, file));
  if (!ok) {
    assert.fail(`findings differ\nexpected:\n${expected.map((e) => `  ${describeFinding({ ...e, file: e.file ?? file })}`).join('\n') || '  (none)'}\nactual:\n${actual.map((a) => `  ${describeFinding(a)}`).join('\n') || '  (none)'}`);
  }
}

/** Runs the CLI twice (json, stylish) and checks the outcome; returns the json run, for timings. */
function check(invocation: Invocation, outcome: Outcome, file: string): Run {
  const json = runCli(invocation, 'json');
  assertNoStackTrace(json, '--format json');
  if (outcome.exit === 2) {
    assertRunFailure(json, outcome.stderr, '--format json');
  } else {
    assert.equal(json.stderr, '', 'nothing on stderr');
    let output: { files: number; resources: number; findings: Finding[] };
    try {
      output = JSON.parse(json.stdout) as typeof output;
    } catch {
      assert.fail(`stdout is not one JSON object (exit ${json.status}):\n${json.stdout.slice(0, 2000)}\nstderr:\n${json.stderr}`);
    }
    assertFindings(output.findings, outcome.findings, file);
    assert.equal(json.status, outcome.exit, 'exit code');
    if (outcome.files !== undefined) assert.equal(output.files, outcome.files, 'files');
    if (outcome.resources !== undefined) assert.equal(output.resources, outcome.resources, 'resources');
  }
  const stylish = runCli(invocation, 'stylish');
  assertNoStackTrace(stylish, 'stylish');
  assert.equal(stylish.status, json.status, 'stylish exits as json does');
  if (outcome.exit === 2) assertRunFailure(stylish, outcome.stderr, 'stylish');
  else assert.equal(stylish.stderr, '', 'stylish: nothing on stderr');
  return json;
}

function assertRunFailure(run: Run, mentions: string | RegExp, label: string): void {
  assert.equal(run.status, 2, `${label}: exit code; stderr: ${run.stderr}`);
  const lines = run.stderr.replace(/\n$/, '').split('\n');
  assert.equal(lines.length, 1, `${label}: one line on stderr, got:\n${run.stderr}`);
  const [line = ''] = lines;
  assert.match(line, /^kubelint: /);
  if (typeof mentions === 'string') assert.ok(line.startsWith(`kubelint: ${mentions}`), `${label}: stderr says "kubelint: ${mentions}…", got: ${line}`);
  else assert.match(line, mentions);
  assert.equal(run.stdout, '', `${label}: nothing on stdout`);
}

/** A file of fixtures/bad/, linted from there (its neighbours are context, as in a hook). */
function fixture(name: string): Invocation {
  return { cwd: BAD, args: [name] };
}

/** A fixture folder of its own (so no broken neighbour hides cross-resource findings), linted from inside. */
function fixtureFolder(folder: string, name: string): Invocation {
  return { cwd: path.join(BAD, folder), args: [name] };
}

// ---------------------------------------------------------------------------------------------
// Inputs generated at test time.

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {mode: fast}\n';
const NESTING = 10_000;
const MB = 1024 * 1024;

function bomCrlf(): Buffer {
  const lines = [
    'apiVersion: extensions/v1beta1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    'spec:',
    '  backend: {serviceName: web, servicePort: 80}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web}',
    'spec:',
    '  ports:',
    '    - port: 80',
    '      protocol: TCPX',
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);
}

/** The same, through the yaml package (a duplicate key makes js-yaml give up). */
function bomCrlfDuplicateKey(): Buffer {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', '  name: b', 'data:', '  port: 80'];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);
}

/** A PNG's first bytes: a NUL at offset 8, on the third line after its \r\n and \n. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89]);

/** ConfigMaps of about 500 bytes each, to `bytes` in all: a real manifest stream (105,080 objects for 50 MB). */
function bigStream(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const part = `${parts.length > 0 ? '---\n' : ''}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${parts.length}\n  labels: {app: big}\ndata:\n  key: "${'x'.repeat(400)}"\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** One folder holding the 50 MB file, for both of its cases. */
let bigTree: string | undefined;
function bigFolder(): string {
  bigTree ??= temporaryTree({ 'big.yaml': bigStream(50 * MB) });
  return bigTree;
}

/** A Service and a Deployment whose selector and pod label differ and are each `length` characters long. */
function longLabels(length: number): string {
  const wanted = 'a'.repeat(length);
  const actual = 'b'.repeat(length);
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    `  selector: {matchLabels: {app: "${actual}"}}`,
    '  template:',
    `    metadata: {labels: {app: "${actual}"}}`,
    '    spec:',
    '      containers:',
    '        - {name: web, image: "ghcr.io/example/web:1.0.0", ports: [{containerPort: 8080}]}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web}',
    'spec:',
    `  selector: {app: "${wanted}"}`,
    '  ports: [{port: 80, targetPort: 8080}]',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

interface Case {
  name: string;
  /** The file the findings are reported on, as the run names it. */
  file: string;
  invocation: () => Invocation;
  outcome: Outcome;
  /** Depends on the defaults of the input limits (--max-file-size, --max-aliases, --max-depth). */
  limits?: true;
  todo?: string;
  skip?: string;
  /** Writes the run's time as a test diagnostic. */
  timed?: true;
}

const cases: Case[] = [
  {
    name: 'not YAML (an INI file named .yaml): one yaml-syntax finding where the parser stopped',
    file: 'not-yaml.yaml',
    invocation: () => fixture('not-yaml.yaml'),
    outcome: { exit: 1, resources: 0, findings: [finding('yaml-syntax', 2, 1, 'error', 'Unexpected scalar')] },
  },
  {
    name: 'an unrendered Helm template: yaml-syntax, saying to render it first',
    file: 'helm-template.yaml',
    invocation: () => fixture('helm-template.yaml'),
    outcome: { exit: 1, resources: 0, findings: [finding('yaml-syntax', 6, 7, 'error', /looks like a template .*render it first/)] },
  },
  {
    name: 'tabs for indentation: yaml-syntax at the first tab',
    file: 'tabs.yaml',
    invocation: () => fixture('tabs.yaml'),
    outcome: { exit: 1, resources: 0, findings: [finding('yaml-syntax', 4, 1, 'error', 'Tabs are not allowed as indentation')] },
  },
  {
    name: 'a BOM and CRLF line ends: positions are exact, on the first line (after the BOM) and in the second document',
    file: 'bom-crlf.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'bom-crlf.yaml': bomCrlf() }), args: ['bom-crlf.yaml'] }),
    outcome: {
      exit: 1,
      resources: 2,
      findings: [
        finding('removed-api', 1, 13, 'error', 'extensions/v1beta1 was removed'),
        finding('schema', 14, 17, 'error', 'protocol must be "TCP" or "UDP" or "SCTP", got the string "TCPX"'),
      ],
    },
  },
  {
    name: 'a BOM and CRLF line ends, read by the yaml package (a duplicate key): positions are exact',
    file: 'bom-crlf-duplicate.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'bom-crlf-duplicate.yaml': bomCrlfDuplicateKey() }), args: ['bom-crlf-duplicate.yaml'] }),
    outcome: {
      exit: 1,
      resources: 1,
      findings: [finding('yaml-syntax', 5, 3, 'error', 'the key "name" appears twice'), finding('schema', 7, 9, 'error', 'port must be a string, got the number 80')],
    },
  },
  {
    name: 'Latin-1 bytes: yaml-syntax at the first byte that is not UTF-8',
    file: 'latin1.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\ndata: {greeting: "ol\xe1"}\n', 'latin1') }), args: ['latin1.yaml'] }),
    outcome: { exit: 1, resources: 1, findings: [finding('yaml-syntax', 4, 12, 'error', 'not UTF-8')] },
  },
  {
    name: 'invalid UTF-8 bytes (a truncated sequence, 0xff 0xfe): yaml-syntax at the first',
    file: 'invalid-utf8.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'invalid-utf8.yaml': Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: "a'), Buffer.from([0xc3, 0x28]), Buffer.from('b '), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]) }), args: ['invalid-utf8.yaml'] }),
    outcome: { exit: 1, resources: 1, findings: [finding('yaml-syntax', 6, 8, 'error', 'not UTF-8')] },
  },
  {
    name: 'a binary file (a PNG) named .yaml: one yaml-syntax finding at the NUL byte',
    file: 'image.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'image.yaml': PNG }), args: ['image.yaml'] }),
    outcome: { exit: 1, resources: 0, findings: [finding('yaml-syntax', 3, 1, 'error', 'binary data (a NUL byte)')] },
  },
  {
    name: 'an empty file: one info finding (kubectl apply refuses it), exit 0',
    file: 'empty.yaml',
    invocation: () => fixture('empty.yaml'),
    outcome: { exit: 0, resources: 0, findings: [finding('apiversion-kind', 1, 1, 'info', 'no Kubernetes object in this file')] },
  },
  {
    name: 'a file of only ---: one info finding, exit 0',
    file: 'only-separator.yaml',
    invocation: () => fixture('only-separator.yaml'),
    outcome: { exit: 0, resources: 0, findings: [finding('apiversion-kind', 1, 4, 'info', 'no Kubernetes object in this file')] },
  },
  {
    name: 'a top-level scalar alone: not a manifest (README, design decisions), no finding',
    file: 'scalar-alone.yaml',
    invocation: () => fixture('scalar-alone.yaml'),
    outcome: { exit: 0, resources: 0, findings: [] },
  },
  {
    name: 'a top-level scalar beside a Kubernetes object: apiversion-kind on it',
    file: 'scalar-with-object.yaml',
    invocation: () => fixture('scalar-with-object.yaml'),
    outcome: { exit: 1, resources: 1, findings: [finding('apiversion-kind', 6, 1, 'error', 'a number value, not a Kubernetes object')] },
  },
  {
    name: 'a top-level list of Kubernetes objects alone: apiversion-kind (kubectl apply refuses a bare list)',
    file: 'list-alone.yaml',
    invocation: () => fixture('list-alone.yaml'),
    outcome: { exit: 1, resources: 0, findings: [finding('apiversion-kind', 1, 1, 'error', 'a list of objects, which kubectl cannot apply as it is')] },
  },
  {
    name: 'a top-level list beside a Kubernetes object: apiversion-kind on it',
    file: 'list-with-object.yaml',
    invocation: () => fixture('list-with-object.yaml'),
    outcome: { exit: 1, resources: 1, findings: [finding('apiversion-kind', 6, 1, 'error', 'a list of objects, which kubectl cannot apply as it is')] },
  },
  {
    name: 'kind of the wrong type (a list) in an object alone: apiversion-kind',
    file: 'kind-not-a-string.yaml',
    invocation: () => fixture('kind-not-a-string.yaml'),
    outcome: { exit: 1, resources: 0, findings: [finding('apiversion-kind', 1, 1, 'error', 'kind is missing or not a string')] },
  },
  {
    name: 'kind of the wrong type (a list, a number) beside a Kubernetes object: apiversion-kind on each',
    file: 'kind-not-a-string-with-object.yaml',
    invocation: () => fixture('kind-not-a-string-with-object.yaml'),
    outcome: {
      exit: 1,
      resources: 1,
      findings: [finding('apiversion-kind', 6, 1, 'error', 'kind is missing or not a string'), finding('apiversion-kind', 10, 1, 'error', 'kind is missing or not a string')],
    },
  },
  {
    name: 'metadata of the wrong type (a list): schema, at metadata',
    file: 'metadata-list.yaml',
    invocation: () => fixture('metadata-list.yaml'),
    outcome: {
      exit: 1,
      resources: 1,
      findings: [finding('schema', 3, 1, 'error', 'ConfigMap has no metadata.name'), finding('schema', 3, 1, 'error', 'metadata must be a mapping, got a list')],
    },
  },
  {
    name: 'a number as a name: schema, at the number',
    file: 'name-number.yaml',
    invocation: () => fixture('name-number.yaml'),
    outcome: { exit: 1, resources: 1, findings: [finding('schema', 4, 9, 'error', 'name must be a string, got the number 42')] },
  },
  {
    name: 'duplicate keys: yaml-syntax at the second key, and the document is still linted',
    file: 'duplicate-keys.yaml',
    invocation: () => fixture('duplicate-keys.yaml'),
    outcome: {
      exit: 1,
      resources: 1,
      findings: [finding('yaml-syntax', 5, 3, 'error', 'the key "name" appears twice in this mapping'), finding('schema', 7, 9, 'error', 'port must be a string, got the number 8080')],
    },
  },
  {
    name: 'a billion-laughs alias bomb: input-limits, the document is not read',
    file: 'billion-laughs.yaml',
    invocation: () => fixture('billion-laughs.yaml'),
    outcome: { exit: 1, resources: 0, findings: [finding('input-limits', 1, 1, 'error', 'expands its aliases more than 1000 times')] },
    limits: true,
  },
  {
    name: `nesting ${NESTING.toLocaleString('en')} levels deep (flow): input-limits, refused before parsing`,
    file: 'deep-flow.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'deep-flow.yaml': `${CONFIG_MAP}x:\n  k: ${'['.repeat(NESTING)}${']'.repeat(NESTING)}\n` }), args: ['deep-flow.yaml'] }),
    outcome: { exit: 1, resources: 0, findings: [finding('input-limits', 6, 1, 'error', 'this file nests deeper than 512 levels (line 6)')] },
    limits: true,
  },
  {
    name: `nesting ${NESTING.toLocaleString('en')} levels deep (block): input-limits, refused before parsing`,
    file: 'deep-block.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'deep-block.yaml': `${CONFIG_MAP}x:\n${'- '.repeat(NESTING)}x\n` }), args: ['deep-block.yaml'] }),
    outcome: { exit: 1, resources: 0, findings: [finding('input-limits', 6, 1, 'error', 'this file nests deeper than 512 levels (line 6)')] },
    limits: true,
  },
  {
    // The scan before parsing takes the apostrophe for an open quote and misses the brackets after
    // it; the yaml parser's own guard then refuses the text, at the column where it gave up.
    name: `nesting ${NESTING.toLocaleString('en')} levels deep behind an apostrophe (flow): input-limits where the parser gave up`,
    file: 'deep-quoted.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'deep-quoted.yaml': `${CONFIG_MAP}x:\n  k: [it's, ${'['.repeat(NESTING)}${']'.repeat(NESTING)}]\n` }), args: ['deep-quoted.yaml'] }),
    outcome: { exit: 1, resources: 0, findings: [finding('input-limits', 6, 1, 'error', 'nests deeper than 512 levels')] },
    limits: true,
  },
  {
    name: 'a 50 MB file: input-limits, not read (over the 32 MB default)',
    file: 'big.yaml',
    invocation: () => ({ cwd: bigFolder(), args: ['big.yaml'] }),
    outcome: { exit: 1, resources: 0, findings: [finding('input-limits', 1, 1, 'error', 'the file is 50.0 MB, over the 32.0 MB limit')] },
    limits: true,
    timed: true,
  },
  {
    name: 'a 50 MB file with --max-file-size 64: read in full, 105,080 objects, clean',
    file: 'big.yaml',
    invocation: () => ({ cwd: bigFolder(), args: ['--max-file-size', '64', 'big.yaml'] }),
    outcome: { exit: 0, resources: 105_080, findings: [] },
    limits: true,
    timed: true,
  },
  {
    name: 'a line of 1 MB: the finding after it has its exact column',
    file: 'long-line.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'long-line.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata: {big: "${'x'.repeat(MB)}", port: 8080}\n` }), args: ['long-line.yaml'] }),
    // `data: {big: "` is 13 characters, then the value, then `", port: ` (9).
    outcome: { exit: 1, resources: 1, findings: [finding('schema', 4, 13 + MB + 9 + 1, 'error', 'port must be a string, got the number 8080')] },
    timed: true,
  },
  {
    name: 'a line of 1 MB in a rendered chart on stdin (a `# Source:` comment with a run of blanks inside)',
    file: '<stdin>',
    invocation: () => ({ cwd: temporaryTree(), args: ['-'], input: `# Source: chart/templates/${' '.repeat(MB)}#\n${CONFIG_MAP}`, timeout: HANG_TIMEOUT_MS }),
    outcome: { exit: 0, resources: 1, findings: [] },
  },
  {
    name: 'a line of 1 MB in a selector and a pod label that differ: service-selector-match',
    file: 'long-labels.yaml',
    invocation: () => ({ cwd: temporaryTree({ 'long-labels.yaml': longLabels(MB) }), args: ['long-labels.yaml'], timeout: HANG_TIMEOUT_MS }),
    outcome: {
      exit: 1,
      resources: 2,
      findings: [
        finding('metadata-syntax', 5, 33, 'error', 'characters long (at most 63)'),
        finding('metadata-syntax', 7, 30, 'error', 'characters long (at most 63)'),
        finding('service-selector-match', 16, 3, 'error', 'no workload in namespace default has these pod labels'),
        finding('metadata-syntax', 16, 19, 'error', 'characters long (at most 63)'),
      ],
    },
  },
  {
    name: 'a CustomResourceDefinition whose `pattern` backtracks exponentially: the custom resource is still checked, in bounded time',
    file: 'widgets.yaml',
    invocation: () => ({ ...fixtureFolder('crd-pattern', 'widgets.yaml'), timeout: HANG_TIMEOUT_MS }),
    outcome: { exit: 1, resources: 2, findings: [finding('schema', 27, 9, 'error', 'must match pattern "^(a+)+$"')] },
  },
  {
    name: 'keys __proto__, constructor and prototype in labels, selectors and annotations: plain fields',
    file: 'manifests.yaml',
    invocation: () => fixtureFolder('prototype-keys', 'manifests.yaml'),
    outcome: { exit: 1, resources: 8, findings: prototypeFindings('manifests.yaml') },
  },
  {
    name: 'a directory with symbolic link loops (to itself, to its parent, a link to a link): each manifest once',
    file: 'tree',
    invocation: () => {
      const root = temporaryTree({ 'tree/a/settings.yaml': CONFIG_MAP });
      symlinkSync('..', path.join(root, 'tree', 'a', 'up'));
      symlinkSync('../a', path.join(root, 'tree', 'a', 'self'));
      symlinkSync('a', path.join(root, 'tree', 'b'));
      symlinkSync('loop.yaml', path.join(root, 'tree', 'loop.yaml'));
      return { cwd: root, args: ['tree'] };
    },
    outcome: { exit: 0, files: 1, resources: 1, findings: [] },
  },
  {
    name: 'a symbolic link to itself, named: exit 2',
    file: 'loop.yaml',
    invocation: () => {
      const root = temporaryTree();
      symlinkSync('loop.yaml', path.join(root, 'loop.yaml'));
      return { cwd: root, args: ['loop.yaml'] };
    },
    outcome: { exit: 2, stderr: 'loop.yaml: too many levels of symbolic links' },
  },
  {
    name: 'an unreadable file (chmod 000), named: exit 2',
    file: 'locked.yaml',
    invocation: () => {
      const root = temporaryTree({ 'locked.yaml': CONFIG_MAP });
      chmodSync(path.join(root, 'locked.yaml'), 0o000);
      return { cwd: root, args: ['locked.yaml'] };
    },
    outcome: { exit: 2, stderr: 'locked.yaml: permission denied' },
    ...(isRoot ? { skip: AS_ROOT } : {}),
  },
  {
    name: 'an unreadable file (chmod 000) in a directory walk: exit 2, naming it',
    file: 'tree/locked.yaml',
    invocation: () => {
      const root = temporaryTree({ 'tree/settings.yaml': CONFIG_MAP, 'tree/locked.yaml': CONFIG_MAP });
      chmodSync(path.join(root, 'tree', 'locked.yaml'), 0o000);
      return { cwd: root, args: ['tree'] };
    },
    outcome: { exit: 2, stderr: 'tree/locked.yaml: permission denied' },
    ...(isRoot ? { skip: AS_ROOT } : {}),
  },
  {
    name: 'an unreadable folder (chmod 000) in a directory walk: exit 2, naming it as typed',
    file: 'tree/sub',
    invocation: () => {
      const root = temporaryTree({ 'tree/settings.yaml': CONFIG_MAP, 'tree/sub/more.yaml': CONFIG_MAP });
      chmodSync(path.join(root, 'tree', 'sub'), 0o000);
      return { cwd: root, args: ['tree'] };
    },
    outcome: { exit: 2, stderr: 'tree/sub: permission denied' },
    ...(isRoot ? { skip: AS_ROOT } : {}),
  },
  {
    name: 'a path that does not exist: exit 2',
    file: 'does/not/exist.yaml',
    invocation: () => ({ cwd: temporaryTree(), args: ['does/not/exist.yaml'] }),
    outcome: { exit: 2, stderr: 'does/not/exist.yaml: no such file or directory' },
  },
  {
    name: 'a .kubelint.yaml with a YAML error: exit 2 with file:line:col',
    file: '.kubelint.yaml',
    invocation: () => fixtureFolder('config-yaml-error', 'settings.yaml'),
    outcome: { exit: 2, stderr: /^kubelint: \.kubelint\.yaml:4:3: Flow sequence in block collection must be sufficiently indented and end with a \]$/ },
  },
  {
    name: 'a .kubelint.yaml with an unknown key: exit 2 with file:line:col and the key it meant',
    file: '.kubelint.yaml',
    invocation: () => fixtureFolder('config-unknown-key', 'settings.yaml'),
    outcome: { exit: 2, stderr: /^kubelint: \.kubelint\.yaml:3:1: unknown field "schemaDir".*did you mean schemaDirs\?$/ },
  },
  {
    name: 'stdin closed at once (an empty pipe): one info finding, exit 0',
    file: '<stdin>',
    invocation: () => ({ cwd: temporaryTree(), args: ['-'], input: '' }),
    outcome: { exit: 0, files: 1, resources: 0, findings: [finding('apiversion-kind', 1, 1, 'info', 'no Kubernetes object in this file')] },
  },
  {
    name: 'stdin closed at once (/dev/null, no pipe at all): one info finding, exit 0',
    file: '<stdin>',
    invocation: () => ({ cwd: temporaryTree(), args: ['-'], stdio: ['ignore', 'pipe', 'pipe'] }),
    outcome: { exit: 0, files: 1, resources: 0, findings: [finding('apiversion-kind', 1, 1, 'info', 'no Kubernetes object in this file')] },
  },
];

/** What fixtures/bad/prototype-keys/manifests.yaml gives, through the CLI and through lint(). */
function prototypeFindings(file: string): ExpectedFinding[] {
  // A label or annotation key cannot start with '_': __proto__ is also metadata-syntax's finding (constructor and prototype are valid keys).
  return [
    finding('metadata-syntax', 7, 17, 'error', 'annotation key "__proto__" is not a qualified name', file),
    finding('service-selector-match', 24, 3, 'error', 'Service proto selects __proto__: x, but no workload', file),
    finding('metadata-syntax', 24, 14, 'error', 'selector key "__proto__" is not a qualified name', file),
    finding('service-selector-match', 31, 3, 'error', 'Service ctor selects constructor: x, but no workload', file),
    finding('service-selector-match', 38, 3, 'error', 'Service proto-type selects prototype: x, but no workload', file),
    finding('metadata-syntax', 46, 28, 'error', 'selector key "__proto__" is not a qualified name', file),
    finding('metadata-syntax', 49, 16, 'error', 'label key "__proto__" is not a qualified name', file),
    finding('metadata-syntax', 61, 14, 'error', 'selector key "__proto__" is not a qualified name', file),
    finding('workload-selector-match', 69, 57, 'error', 'selector requires constructor: x, but the pod template has no constructor label', file),
    finding('metadata-syntax', 83, 12, 'error', 'label key "__proto__" is not a qualified name', file),
    finding('schema', 83, 12, 'error', '__proto__ must be a string, got a mapping', file),
    finding('schema', 83, 40, 'error', 'constructor must be a string, got a mapping', file),
    finding('schema', 85, 5, 'error', 'prototype must be a string, got a mapping', file),
  ];
}

describe('bad inputs through the CLI (fixtures/bad/README.md lists them)', () => {
  for (const entry of cases) {
    const options = { ...(entry.todo ? { todo: entry.todo } : {}), ...(entry.skip ? { skip: entry.skip } : {}) };
    test(`${entry.name}${entry.limits ? ' [limits]' : ''}`, options, (t: TestContext) => {
      const invocation = entry.invocation();
      try {
        const run = check(invocation, entry.outcome, entry.file);
        if (entry.timed) t.diagnostic(`kubelint ${invocation.args.join(' ')}: ${Math.round(run.ms)} ms (--format json)`);
      } finally {
        // Let the temporary tree be removed (a folder of mode 000 cannot be listed, even by its owner).
        for (const name of ['tree/sub', 'tree/locked.yaml', 'locked.yaml']) {
          try {
            chmodSync(path.join(invocation.cwd, name), 0o755);
          } catch {
            // not this case's file
          }
        }
      }
    });
  }

  test('every file in fixtures/bad/ is in the catalogue', () => {
    const listed = new Set(['README.md', ...cases.map((entry) => entry.file)]);
    const folders = new Set(['prototype-keys', 'crd-pattern', 'config-yaml-error', 'config-unknown-key']);
    for (const entry of readdirSync(BAD, { withFileTypes: true })) {
      if (entry.isDirectory()) assert.ok(folders.has(entry.name), `fixtures/bad/${entry.name}/ is used by no case`);
      else assert.ok(listed.has(entry.name), `fixtures/bad/${entry.name} is used by no case`);
    }
  });
});

describe('no prototype pollution, in-process', () => {
  const POLLUTION = ['polluted', 'x', 'marked', 'yes'];

  function assertPristine(before: readonly string[]): void {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype), before, 'Object.prototype has the same properties');
    const empty: Record<string, unknown> = {};
    for (const key of POLLUTION) assert.equal(empty[key], undefined, `({}).${key} stays undefined`);
    assert.equal(Object.getPrototypeOf(empty), Object.prototype);
    assert.equal(typeof empty['constructor'], 'function', '({}).constructor is still Object');
  }

  test('lint() of fixtures/bad/prototype-keys/ (read by js-yaml): the same findings as the CLI, Object.prototype untouched', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    const directory = path.join(BAD, 'prototype-keys');
    const result = await lint({ paths: ['manifests.yaml'], cwd: directory, rules: hardeningRulesOff() });
    assertFindings(result.findings, prototypeFindings('manifests.yaml'), 'manifests.yaml');
    assertPristine(before);
  });

  test('the same file read by the yaml package (it has an alias), with merge keys and aliases of __proto__ mappings: Object.prototype untouched', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    const text = readFileSync(path.join(BAD, 'prototype-keys', 'manifests.yaml'), 'utf8');
    const lines = text.split('\n').length - 1;
    const extra = [
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: merged',
      '  labels:',
      '    <<: &evil {__proto__: {polluted: yes}}',
      '  annotations: *evil',
      'data: {<<: {constructor: {prototype: {polluted: yes}}}}',
      '',
    ].join('\n');
    const directory = temporaryTree({ 'manifests.yaml': `${text}${extra}` });
    const result = await lint({ paths: ['manifests.yaml'], cwd: directory, rules: hardeningRulesOff() });
    assertFindings(
      result.findings,
      [
        ...prototypeFindings('manifests.yaml'),
        // A merged key has no node of its own: the mapping it is merged into is reported; an
        // alias is followed to the node it names.
        finding('metadata-syntax', lines + 6, 3, 'error', 'label key "__proto__" is not a qualified name'),
        finding('schema', lines + 6, 3, 'error', '__proto__ must be a string, got a mapping'),
        finding('metadata-syntax', lines + 7, 16, 'error', 'annotation key "__proto__" is not a qualified name'),
        finding('schema', lines + 7, 16, 'error', '__proto__ must be a string, got a mapping'),
        finding('schema', lines + 9, 1, 'error', 'constructor must be a string, got a mapping'),
      ],
      'manifests.yaml',
    );
    assertPristine(before);
  });

  test('a Service selecting {__proto__: x} does not select a Deployment without that label', async () => {
    const directory = temporaryTree({
      'app.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '        - {name: web, image: "ghcr.io/example/web:1.0.0", readinessProbe: {httpGet: {path: /, port: 8080}}, ports: [{containerPort: 8080}]}',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: web}',
        'spec:',
        '  selector: {__proto__: x}',
        '  ports: [{port: 80, targetPort: 8080}]',
        '',
      ].join('\n'),
    });
    const before = Object.getOwnPropertyNames(Object.prototype);
    const result = await lint({ paths: ['app.yaml'], cwd: directory, rules: hardeningRulesOff() });
    assertFindings(
      result.findings,
      [finding('service-selector-match', 16, 3, 'error', 'Service web selects __proto__: x, but no workload', 'app.yaml'), finding('metadata-syntax', 16, 14, 'error', 'selector key "__proto__"', 'app.yaml')],
      'app.yaml',
    );
    assertPristine(before);
  });
});
