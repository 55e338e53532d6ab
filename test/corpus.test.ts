import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allRules, lint } from '../src/api.js';
import { HARDENING_CATEGORIES, projectRoot } from './helpers.js';

/**
 * Real manifests from public repositories: kubelint must get through all of them, and report
 * exactly the findings reviewed in corpus-findings.json, each with the reason it is right.
 * The corpus is not shipped; point KUBELINT_CORPUS at a copy (default: ../shared/corpus).
 */
const corpus = path.resolve(projectRoot, process.env['KUBELINT_CORPUS'] ?? path.join('..', 'shared', 'corpus'));
const reviewed = JSON.parse(readFileSync(path.join(projectRoot, 'test', 'corpus-findings.json'), 'utf8')) as { file: string; line: number; ruleId: string; why: string }[];

/**
 * The hardening rules report what a platform team would change, not defects, and too many
 * findings to give each its own reason: each rule's count is pinned (a change is re-reviewed), a
 * sample was read by hand, and every finding's line must show the field the rule is about.
 */
const practice = JSON.parse(readFileSync(path.join(projectRoot, 'test', 'corpus-practice.json'), 'utf8')) as {
  counts: Record<string, number>;
  reviewed: { file: string; line: number; ruleId: string; verdict: 'right'; why: string }[];
};

/** What the line of a finding must show, per hardening rule (the field it points at). */
const EVIDENCE: Record<string, RegExp> = {
  'image-tag': /\bimage:/,
  resources: /\bresources:|\bname:/,
  'env-secret': /\bvalue:/,
  'host-path': /\bpath:|\breadOnly:|\bname:|\bhostPath:/,
  'host-namespaces': /\bhost(Network|PID|IPC): *true\b/,
  'service-account-field': /\bserviceAccount:/,
  privileged: /\bprivileged: *true\b/,
  capabilities: /^\s*- *"?(CAP_)?[A-Za-z_]+"?\s*$|\b(add|drop):/,
  'host-port': /\bhostPort:/,
  'privilege-escalation': /\ballowPrivilegeEscalation: *true\b/,
};

const HARDENING = new Set(allRules.filter((rule) => HARDENING_CATEGORIES.has(rule.meta.category)).map((rule) => rule.meta.id));

test('the public corpus: no crash, and only reviewed findings', { skip: existsSync(corpus) ? false : `no corpus at ${corpus} (set KUBELINT_CORPUS)` }, async () => {
  const result = await lint({ paths: ['.'], cwd: corpus });
  assert.ok(result.files > 500, `expected the whole corpus, linted ${result.files} files`);
  for (const finding of result.findings) {
    assert.ok(finding.line >= 1 && finding.column >= 1, `position of ${finding.file}: ${finding.line}:${finding.column}`);
  }
  const key = (f: { file: string; line: number; ruleId: string }) => `${f.file}:${f.line} ${f.ruleId}`;
  const correctness = result.findings.filter((finding) => !HARDENING.has(finding.ruleId));
  const actual = correctness.map(key);
  const expected = reviewed.map(key);
  assert.deepEqual(
    { unreviewed: actual.filter((k) => !expected.includes(k)), gone: expected.filter((k) => !actual.includes(k)) },
    { unreviewed: [], gone: [] },
  );
  for (const entry of reviewed) assert.ok(entry.why.length > 10, `${key(entry)} needs a reason`);

  const hardening = result.findings.filter((finding) => HARDENING.has(finding.ruleId));
  const counts: Record<string, number> = {};
  for (const finding of hardening) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  assert.deepEqual(counts, practice.counts, 'findings per hardening rule (a change needs a new review of test/corpus-practice.json)');
  const lines = new Map<string, string[]>();
  for (const finding of hardening) {
    const evidence = EVIDENCE[finding.ruleId];
    assert.ok(evidence, `no evidence pattern for ${finding.ruleId}`);
    const text = lines.get(finding.file) ?? readFileSync(path.join(corpus, finding.file), 'utf8').split('\n');
    lines.set(finding.file, text);
    assert.match(text[finding.line - 1] ?? '', evidence, `${key(finding)}: the line does not show what ${finding.ruleId} is about`);
  }
  const reported = new Set(hardening.map(key));
  for (const entry of practice.reviewed) assert.ok(reported.has(key(entry)) && entry.why.length > 10, `reviewed ${key(entry)} is reported, with its reason`);
});
