import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../src/api.js';
import { projectRoot } from './helpers.js';

const guide = readFileSync(path.join(projectRoot, 'docs', 'migrating.md'), 'utf8');

/** Every place the guide names a kubelint rule: links to its page, config keys, flags, suppressions. */
function ruleIdsNamedIn(text: string): { id: string; where: string }[] {
  const named: { id: string; where: string }[] = [];
  const add = (id: string, where: string) => named.push({ id: id.trim(), where });
  for (const [, id] of text.matchAll(/\]\(\.\.\/rules\/([^)]+)\.md\)/g)) add(id!, 'a link to its page');
  for (const [, id] of text.matchAll(/--rule ([a-z0-9-]+)=/g)) add(id!, 'a --rule flag');
  for (const [, ids] of text.matchAll(/kubelint-(?:disable-next-line|disable-file|disable|enable) ([a-z0-9-, ]+?)(?: --|\n)/g)) {
    for (const id of ids!.split(/[\s,]+/).filter(Boolean)) add(id, 'a kubelint-disable comment');
  }
  for (const [, ids] of text.matchAll(/kubelint\.io\/ignore: "([^"]+)"/g)) {
    for (const id of ids!.split(/[\s,]+/).filter((id) => id !== '' && id !== 'all')) add(id, 'a kubelint.io/ignore annotation');
  }
  // Keys under `rules:` in YAML examples, and `rules: {<id>: …}` written inline.
  for (const [, block] of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    let inRules = false;
    for (const line of block!.split('\n')) {
      if (/^rules:\s*(#.*)?$/.test(line)) inRules = true;
      else if (/^\S/.test(line)) inRules = false;
      else if (inRules) {
        const key = /^\s+([a-z0-9-]+):/.exec(line);
        if (key) add(key[1]!, 'a rules: key of a YAML example');
      }
    }
  }
  for (const [, id] of text.matchAll(/rules: \{([a-z0-9-]+):/g)) add(id!, 'an inline rules: map');
  return named;
}

test('every kubelint rule the migration guide names exists', () => {
  const known = new Set(allRules.map((rule) => rule.meta.id));
  const named = ruleIdsNamedIn(guide);
  // The guide names rules in every one of these ways; finding none of one kind means the parsing broke.
  for (const kind of ['a link to its page', 'a --rule flag', 'a kubelint-disable comment', 'a kubelint.io/ignore annotation', 'a rules: key of a YAML example']) {
    assert.ok(named.some(({ where }) => where === kind), `no rule id found in ${kind}: the test no longer reads the guide`);
  }
  const unknown = named.filter(({ id }) => !known.has(id)).map(({ id, where }) => `${id} (in ${where})`);
  assert.deepEqual(unknown, [], 'docs/migrating.md names rules that do not exist');
});

test("every kube-linter check a rule replaces is in the migration guide, so its ignore-check annotation is documented", () => {
  const missing = allRules.flatMap((rule) => (rule.meta.kubeLinter ?? []).filter((check) => !guide.includes(`\`${check}\``)).map((check) => `${check} (${rule.meta.id})`));
  assert.deepEqual(missing, [], 'kube-linter checks missing from docs/migrating.md');
});

test('no kube-linter check is replaced by two rules: its annotation could switch off only one of them', () => {
  const owners = new Map<string, string[]>();
  for (const rule of allRules) for (const check of rule.meta.kubeLinter ?? []) owners.set(check, [...(owners.get(check) ?? []), rule.meta.id]);
  const shared = [...owners].filter(([, ids]) => ids.length > 1).map(([check, ids]) => `${check}: ${ids.join(', ')}`);
  assert.deepEqual(shared, []);
});
