import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { allRules, lint } from '../src/api.js';
import type { AnyRule } from '../src/rule.js';
import { readExpectations } from './expectations.js';
import type { Expectation, FixtureConfig } from './expectations.js';
import { fixturesRoot, hardeningRulesOff } from './helpers.js';

/**
 * Every fixture is a test: a file is linted alone; a folder is linted as one directory (its files
 * see each other). The findings must be exactly the ones its comments expect, both ways.
 */
const MANIFEST = /\.(ya?ml|json)$/;
// Inputs whose bytes cannot carry comments are checked by the CLI tests instead.
const NOT_FIXTURES = new Set(['bad']);
/**
 * A fixture runs the recommended rules but the hardening ones, and its own folder's rule as if it
 * were recommended, with its default options (fixture-config sets others, or extends a preset): otherwise every Service
 * fixture would have to list its containers' missing securityContext.
 */
function ruleSetForFixturesOf(group: string): AnyRule[] {
  return allRules.map((rule) => (rule.meta.id === group ? { ...rule, meta: { ...rule.meta, preset: 'recommended' } } : rule));
}


for (const group of readdirSync(fixturesRoot, { withFileTypes: true })) {
  if (!group.isDirectory() || NOT_FIXTURES.has(group.name)) continue;
  describe(`fixtures/${group.name}`, () => {
    for (const entry of readdirSync(path.join(fixturesRoot, group.name), { withFileTypes: true })) {
      const casePath = path.join(fixturesRoot, group.name, entry.name);
      if (entry.isDirectory()) test(`${entry.name}/`, () => checkCase(casePath, filesBelow(casePath), group.name));
      else if (MANIFEST.test(entry.name)) test(entry.name, () => checkCase(casePath, [casePath], group.name));
    }
  });
}

async function checkCase(target: string, files: string[], group: string): Promise<void> {
  const expected: Expectation[] = [];
  let config: FixtureConfig = {};
  for (const file of files) {
    const parsed = readExpectations(relative(file), readFileSync(file, 'utf8'));
    expected.push(...parsed.expectations);
    config = { ...config, ...parsed.config };
  }
  assert.ok(expected.length > 0 || path.basename(target).includes('clean'), 'a fixture that expects no finding says so in its name (*clean*)');
  // Paths in a fixture's settings (schemaDirs) are relative to fixtures/, the working directory.
  const result = await lint({ paths: [target], cwd: fixturesRoot, siblingContext: false, ruleSet: ruleSetForFixturesOf(group), extends: ['kubelint:recommended'], ...config, rules: { ...hardeningRulesOff(group), ...config.rules } });
  const actual = result.findings.map((finding) => ({ file: finding.file, line: finding.line, column: finding.column, ruleId: finding.ruleId, severity: finding.severity, message: finding.message }));
  const unmatched = [...actual];
  const missing: Expectation[] = [];
  for (const expectation of expected) {
    const at = unmatched.findIndex(
      (finding) =>
        finding.file === expectation.file &&
        finding.line === expectation.line &&
        finding.ruleId === expectation.ruleId &&
        (!expectation.severity || finding.severity === expectation.severity) &&
        (expectation.column === undefined || finding.column === expectation.column),
    );
    if (at >= 0) unmatched.splice(at, 1);
    else missing.push(expectation);
  }
  const describe = (e: { file: string; line: number; column?: number; ruleId: string; severity?: string }) =>
    `${e.file}:${e.line}${e.column === undefined ? '' : `:${e.column}`} ${e.ruleId}${e.severity ? `:${e.severity}` : ''}`;
  assert.deepEqual(
    { missing: missing.map(describe), unexpected: unmatched.map((f) => `${describe(f)} — ${f.message}`) },
    { missing: [], unexpected: [] },
  );
}

function filesBelow(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && MANIFEST.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

function relative(file: string): string {
  return path.relative(fixturesRoot, file).split(path.sep).join('/');
}
