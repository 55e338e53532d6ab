import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { allRules } from '../src/api.js';
import { isInPreset } from '../src/presets.js';
import { PRESET_LEVELS } from '../src/rule.js';
import { readExpectations } from './expectations.js';
import { fixturesRoot, projectRoot } from './helpers.js';

/** Rules whose cases cannot be fixtures, and where they are tested instead. */
const TESTED_ELSEWHERE: Record<string, string> = {
  'input-limits': 'test/limits.test.ts: its cases are 50 MB files and alias bombs, built in the test',
  'unused-disable-directive': 'fixtures/suppression: it needs --report-unused-disable-directives',
};

for (const rule of allRules) {
  const { id } = rule.meta;

  test(`${id}: its doc sits beside it and states its severity, category and presets`, () => {
    const doc = path.join(projectRoot, 'rules', `${id}.md`);
    assert.ok(existsSync(doc), `rules/${id}.md is missing`);
    const text = readFileSync(doc, 'utf8');
    assert.equal(text.split('\n')[0], `# ${id}`);
    const presets = PRESET_LEVELS.filter((level) => isInPreset(rule, level)).join(', ');
    assert.match(text, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.meta.severity}\\b.* · \\*\\*Category:\\*\\* ${rule.meta.category} · \\*\\*Presets:\\*\\* ${presets}( ·|\\n)`));
  });

  test(`${id}: fixtures that must fire and fixtures that must stay clean`, { skip: TESTED_ELSEWHERE[id] }, () => {
    const folder = path.join(fixturesRoot, id);
    assert.ok(existsSync(folder), `fixtures/${id}/ is missing`);
    const cases = readdirSync(folder);
    assert.ok(cases.some((name) => name.includes('clean')), `fixtures/${id}/ has no *clean* case`);
    const expecting = readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .some((name) => readExpectations(name, readFileSync(path.join(folder, name), 'utf8')).expectations.some((expectation) => expectation.ruleId === id));
    assert.ok(expecting, `no fixture in fixtures/${id}/ expects ${id}`);
  });
}
