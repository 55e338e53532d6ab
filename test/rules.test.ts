import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { configSchemaWithRules } from '../scripts/configSchemaRules.js';
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

test('a rule with options declares their schema, and its default and preset options match it', () => {
  const ajv = new Ajv({ strict: false });
  for (const rule of allRules) {
    const { id, options, presetOptions } = rule.meta;
    if (rule.defaultOptions === undefined && presetOptions === undefined) continue;
    assert.ok(options, `${id} has options but no meta.options schema`);
    const validate = ajv.compile(options);
    for (const [where, given] of [['defaultOptions', rule.defaultOptions], ...Object.entries(presetOptions ?? {})] as const) {
      assert.ok(validate(given ?? {}), `${id} ${where}: ${ajv.errorsText(validate.errors)}`);
    }
    const documented = readFileSync(path.join(projectRoot, 'rules', `${id}.md`), 'utf8');
    for (const name of Object.keys(options.properties)) assert.ok(documented.includes(`\`${name}\``), `rules/${id}.md does not document its option ${name}`);
  }
});

test('the configuration schema lists every rule and its options (npm run gen:schemas writes it)', () => {
  const file = path.join(projectRoot, 'schemas', 'kubelint-config.schema.json');
  const committed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(committed, configSchemaWithRules(committed, allRules), 'schemas/kubelint-config.schema.json is stale: run npm run gen:schemas');
});
