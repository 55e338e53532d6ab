import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../src/api.js';
import { cliPath, temporaryTree } from './helpers.js';

/** The limits that protect a run: each reported as input-limits, each raised by its option. */
function findings(args: string[], cwd: string): { status: number | null; findings: Finding[] } {
  const result = spawnSync(process.execPath, [cliPath, '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return { status: result.status, findings: (JSON.parse(result.stdout) as { findings: Finding[] }).findings };
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n';
const BOMB = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: bomb}',
  'data:',
  '  a: &a ["x","x","x","x","x","x","x","x","x"]',
  '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '',
].join('\n');
const DEEP = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nbinaryData: {}\nx: ${'['.repeat(600)}${']'.repeat(600)}\n`;

test('a file over --max-file-size is reported, not read; the option raises the limit', () => {
  const directory = temporaryTree({ 'cm.yaml': CONFIG_MAP });
  const small = findings(['--max-file-size', '0.00001', 'cm.yaml'], directory);
  assert.deepEqual(small.findings.map((f) => [f.ruleId, f.line]), [['input-limits', 1]]);
  assert.match(small.findings[0]?.message ?? '', /over the .* limit, so it is not read; raise --max-file-size/);
  assert.deepEqual(findings(['cm.yaml'], directory).findings, []);
});

test('stdin over --max-file-size is reported: the limit counts its bytes, not its characters', () => {
  const directory = temporaryTree({});
  // 160 characters, 260 bytes in UTF-8; the limit, 0.0002 MB, is 209 bytes.
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {a: "${'é'.repeat(100)}"}\n`;
  const run = (limit: string) => {
    const result = spawnSync(process.execPath, [cliPath, '--format', 'json', '--max-file-size', limit, '-'], { cwd: directory, input: text, encoding: 'utf8', timeout: 60_000 });
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  };
  assert.deepEqual(run('0.0002').map((f) => [f.ruleId, f.file]), [['input-limits', '<stdin>']]);
  assert.deepEqual(run('0.0003'), []);
});

test('an alias bomb is refused at --max-aliases; a config file can raise it', () => {
  const directory = temporaryTree({ 'bomb.yaml': BOMB });
  const refused = findings(['bomb.yaml'], directory);
  assert.deepEqual(refused.findings.map((f) => f.ruleId), ['input-limits']);
  assert.match(refused.findings[0]?.message ?? '', /expands its aliases more than 1000 times/);
  const raised = findings(['--max-aliases', '100000', 'bomb.yaml'], directory);
  assert.ok(!raised.findings.some((f) => f.ruleId === 'input-limits'), 'read with the raised limit');
  const configured = temporaryTree({ 'bomb.yaml': BOMB, '.kubelint.yaml': 'limits: {maxAliases: 100000}\n' });
  assert.ok(!findings(['bomb.yaml'], configured).findings.some((f) => f.ruleId === 'input-limits'));
});

test('nesting deeper than --max-depth is refused', () => {
  const directory = temporaryTree({ 'deep.yaml': DEEP });
  const refused = findings(['deep.yaml'], directory);
  assert.deepEqual(refused.findings.map((f) => f.ruleId), ['input-limits']);
  assert.match(refused.findings[0]?.message ?? '', /nests deeper than 512 levels/);
  assert.ok(!findings(['--max-depth', '1000', 'deep.yaml'], directory).findings.some((f) => f.ruleId === 'input-limits'));
});

test('a symbolic link out of the walked folder is not followed; one inside it is', () => {
  const directory = temporaryTree({
    'outside/secret.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\ndata: {port: 80}\n',
    'root/in.yaml': CONFIG_MAP,
  });
  symlinkSync('../outside/secret.yaml', path.join(directory, 'root', 'link.yaml'));
  symlinkSync('../outside', path.join(directory, 'root', 'linked-folder'));
  symlinkSync('in.yaml', path.join(directory, 'root', 'inside-link.yaml'));
  const result = spawnSync(process.execPath, [cliPath, '--format', 'json', 'root'], { cwd: directory, encoding: 'utf8' });
  const output = JSON.parse(result.stdout) as { files: number; findings: Finding[] };
  assert.equal(output.files, 2, 'in.yaml and the link to it');
  assert.deepEqual(output.findings, [], 'nothing from outside root was read');
});
