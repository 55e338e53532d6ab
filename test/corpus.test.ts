import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { lint } from '../src/api.js';
import { projectRoot } from './helpers.js';

/**
 * Real manifests from public repositories: kubelint must get through all of them, and report
 * exactly the findings reviewed in corpus-findings.json, each with the reason it is right.
 * The corpus is not shipped; point KUBELINT_CORPUS at a copy (default: ../shared/corpus).
 */
const corpus = path.resolve(projectRoot, process.env['KUBELINT_CORPUS'] ?? path.join('..', 'shared', 'corpus'));
const reviewed = JSON.parse(readFileSync(path.join(projectRoot, 'test', 'corpus-findings.json'), 'utf8')) as { file: string; line: number; ruleId: string; why: string }[];

test('the public corpus: no crash, and only reviewed findings', { skip: existsSync(corpus) ? false : `no corpus at ${corpus} (set KUBELINT_CORPUS)` }, async () => {
  const result = await lint({ paths: ['.'], cwd: corpus });
  assert.ok(result.files > 500, `expected the whole corpus, linted ${result.files} files`);
  for (const finding of result.findings) {
    assert.ok(finding.line >= 1 && finding.column >= 1, `position of ${finding.file}: ${finding.line}:${finding.column}`);
  }
  const key = (f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`;
  const actual = result.findings.map(key);
  const expected = reviewed.map(key);
  assert.deepEqual(
    { unreviewed: actual.filter((k) => !expected.includes(k)), gone: expected.filter((k) => !actual.includes(k)) },
    { unreviewed: [], gone: [] },
  );
  for (const entry of reviewed) assert.ok(entry.why.length > 10, `${key(entry)} needs a reason`);
});
