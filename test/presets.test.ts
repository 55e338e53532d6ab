import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { lint } from '../src/api.js';
import type { AnyRule, PresetLevel } from '../src/rule.js';
import { defineRule } from '../src/rule.js';
import { cliPath, temporaryTree } from './helpers.js';

/** A rule that reports every ConfigMap, saying which options it ran with. */
function ruleIn(preset: PresetLevel, presetOptions?: AnyRule['meta']['presetOptions']): AnyRule {
  return defineRule<{ mode: string }>({
    meta: { id: `in-${preset}`, description: 'test', severity: 'warning', category: 'security', scope: 'resource', preset, ...(presetOptions ? { presetOptions } : {}) },
    defaultOptions: { mode: 'default' },
    check({ resources, options, report }) {
      for (const resource of resources) report(resource, ['metadata', 'name'], options.mode);
    },
  });
}

const ruleSet = [ruleIn('recommended'), ruleIn('strict', { strict: { mode: 'strict' } }), ruleIn('all')];
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';

async function reported(options: Parameters<typeof lint>[0]): Promise<string[]> {
  const result = await lint({ ...options, ruleSet });
  return result.findings.map((finding) => `${finding.ruleId}:${finding.severity}:${finding.message}`);
}

describe('presets', () => {
  const cwd = temporaryTree({ 'cm.yaml': CONFIG_MAP });

  test('without extends, kubelint:recommended runs', async () => {
    assert.deepEqual(await reported({ paths: ['cm.yaml'], cwd }), ['in-recommended:warning:default']);
  });

  test('each preset includes the ones before it, with its own options', async () => {
    assert.deepEqual(await reported({ paths: ['cm.yaml'], cwd, extends: ['kubelint:strict'] }), ['in-recommended:warning:default', 'in-strict:warning:strict']);
    assert.deepEqual(await reported({ paths: ['cm.yaml'], cwd, extends: ['kubelint:all'] }), ['in-all:warning:default', 'in-recommended:warning:default', 'in-strict:warning:strict']);
  });

  test('a level alone keeps the preset options; options given replace them; a rule outside the presets can be switched on', async () => {
    assert.deepEqual(await reported({ paths: ['cm.yaml'], cwd, extends: ['kubelint:strict'], rules: { 'in-strict': 'error', 'in-recommended': 'off' } }), ['in-strict:error:strict']);
    assert.deepEqual(await reported({ paths: ['cm.yaml'], cwd, extends: ['kubelint:strict'], rules: { 'in-strict': ['info', { mode: 'mine' }], 'in-recommended': 'off' } }), ['in-strict:info:mine']);
    assert.deepEqual(await reported({ paths: ['cm.yaml'], cwd, rules: { 'in-all': 'error', 'in-recommended': 'off' } }), ['in-all:error:default']);
  });

  test('an unknown preset is a usage error with the nearest name', async () => {
    await assert.rejects(reported({ paths: ['cm.yaml'], cwd, extends: ['kubelint:strickt'] }), /unknown preset "kubelint:strickt"; did you mean "kubelint:strict"\?/);
  });
});

describe('extends in a configuration file', () => {
  test('--print-config shows the presets, and the strict rules they switch on', () => {
    const cwd = temporaryTree({ '.kubelint.yaml': 'extends: kubelint:strict\n', 'cm.yaml': CONFIG_MAP });
    const result = spawnSync(process.execPath, [cliPath, '--print-config', 'cm.yaml'], { cwd, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { extends: string[]; rules: Record<string, [string, object]> };
    assert.deepEqual(printed.extends, ['kubelint:strict']);
    assert.equal(printed.rules['schema']?.[0], 'error');
  });

  test('a misspelt preset stops the run with the file, line and column', () => {
    const cwd = temporaryTree({ '.kubelint.yaml': 'extends:\n  - kubelint:recomended\n', 'cm.yaml': CONFIG_MAP });
    const result = spawnSync(process.execPath, [cliPath, 'cm.yaml'], { cwd, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^kubelint: \.kubelint\.yaml:2:5: .*kubelint:recommended/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  test("a misspelt rule option stops the run at the option, naming the option it meant", () => {
    const cwd = temporaryTree({ '.kubelint.yaml': 'rules:\n  capabilities: [warning, {requireDrops: [ALL]}]\n', 'cm.yaml': CONFIG_MAP });
    const result = spawnSync(process.execPath, [cliPath, 'cm.yaml'], { cwd, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'kubelint: .kubelint.yaml:2:28: unknown field "requireDrops": capabilities has no such option; did you mean requireDrop?\n');
  });

  test('an option of the wrong type stops the run too', () => {
    const cwd = temporaryTree({ '.kubelint.yaml': 'rules:\n  resources: [warning, {requests: cpu}]\n', 'cm.yaml': CONFIG_MAP });
    const result = spawnSync(process.execPath, [cliPath, 'cm.yaml'], { cwd, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^kubelint: \.kubelint\.yaml:2:35: requests must be a list, got the string "cpu"/);
  });
});
