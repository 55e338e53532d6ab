import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import { allRules, lint } from '../src/api.js';
import type { Finding, LintResult } from '../src/api.js';
import { formatters } from '../src/formatters/index.js';
import type { Formatter } from '../src/formatters/index.js';
import { projectRoot } from './helpers.js';

/**
 * The formatters are pure functions: these tests feed them results (built by hand, or linted from
 * fixtures) and read their text the way VS Code's problem matchers do.
 */

// VS Code's built-in problem matchers, copied as data (src/vs/workbench/contrib/tasks/common/problemMatcher.ts).
const STYLISH_FILE = /^((?:[a-zA-Z]:)*[./\\]+.*?)$/;
const STYLISH_FILE_OLD = /^([^\s].*)$/;
const STYLISH_FINDING = /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.+?)(?:\s\s+(.*))?$/;
const COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });
const ESC = '\u001b';
const cwd = projectRoot;

function format(name: string, result: LintResult, color = plain): string {
  const formatter: Formatter | undefined = formatters[name];
  assert.ok(formatter, `formatter ${name} exists`);
  return formatter(result, { cwd, color, rules: allRules.map((rule) => rule.meta), version: '0.0.0-test' });
}

interface Matched {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string | undefined;
}

/** What `$eslint-stylish` reads: a file line sets the file, the finding lines below it follow. */
function matchStylish(output: string, fileRegExp: RegExp): Matched[] {
  const matched: Matched[] = [];
  let file: string | undefined;
  for (const line of output.split('\n')) {
    const fileMatch = fileRegExp.exec(line);
    if (fileMatch) {
      file = fileMatch[1];
      continue;
    }
    const finding = STYLISH_FINDING.exec(line);
    if (!finding) continue;
    assert.ok(file !== undefined, `a finding line before any file line: ${JSON.stringify(line)}`);
    matched.push({ file, line: Number(finding[1]), column: Number(finding[2]), severity: finding[3] ?? '', message: finding[4] ?? '', code: finding[5] });
  }
  return matched;
}

/** What stylish should let the matcher read for each finding: ESLint drops one final period. */
function expectedStylish(findings: readonly Finding[]): Matched[] {
  return findings.map((f) => ({
    file: path.resolve(cwd, f.file),
    line: f.line,
    column: f.column,
    severity: f.severity,
    message: f.message.replace(/([^ ])\.$/u, '$1'),
    code: f.ruleId,
  }));
}

function finding(file: string, line: number, column: number, severity: Finding['severity'], message: string, ruleId: string): Finding {
  return { ruleId, severity, message, file, line, column, endLine: line, endColumn: column + 1, resource: { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web', documentIndex: 0 } };
}

/** Hand-made: two files, one- to three-digit lines and columns, every severity, messages with and without a final period. */
const handMade: LintResult = {
  files: 2,
  resources: 3,
  findings: [
    finding('deploy/web.yaml', 1, 1, 'error', 'The file is not YAML.', 'yaml-syntax'),
    finding('deploy/web.yaml', 9, 17, 'warning', 'targetPort 8081 is not a TCP containerPort (declared: 8080); did you mean 8080?', 'service-target-port'),
    finding('deploy/web.yaml', 10, 3, 'info', 'consider one Ingress (ALB) for app: web, tier: front', 'loadbalancer-consolidation'),
    finding('deploy/web.yaml', 120, 100, 'error', 'version 1.2.', 'schema'),
    finding('overlays/prod/service.yaml', 7, 5, 'info', 'an ellipsis stays an ellipsis...', 'some-rule'),
    finding('overlays/prod/service.yaml', 1234, 12, 'warning', 'x', 'workload-selector-match'),
  ],
};

/** Linted from fixtures (no sibling context): real messages, warnings and errors, several files. */
let linted: LintResult;

before(async () => {
  linted = await lint({
    paths: [
      path.join('fixtures', 'service-selector-match', 'book-selector-typo.yaml'),
      path.join('fixtures', 'service-target-port', 'book-targetport-8081.yaml'),
      path.join('fixtures', 'workload-selector-match', 'match-expressions.yaml'),
      path.join('fixtures', 'loadbalancer-consolidation'),
    ],
    cwd,
    siblingContext: false,
  });
  assert.ok(linted.findings.length >= 5, 'the fixtures give several findings');
  assert.ok(linted.findings.some((f) => f.severity === 'warning'), 'the fixtures give a warning');
  assert.ok(linted.findings.some((f) => f.severity === 'error'), 'the fixtures give an error');
  assert.ok(new Set(linted.findings.map((f) => f.file)).size >= 3, 'the fixtures give findings in several files');
});

const empty: LintResult = { files: 3, resources: 7, findings: [] };

describe('stylish', () => {
  test('an empty result prints nothing', () => {
    assert.equal(format('stylish', empty), '');
    assert.equal(format('stylish', empty, coloured), '');
  });

  for (const [label, fileRegExp] of [
    ['current', STYLISH_FILE],
    ['older', STYLISH_FILE_OLD],
  ] as const) {
    test(`$eslint-stylish (${label} file pattern) reads every hand-made finding exactly`, () => {
      const output = format('stylish', handMade);
      assert.deepEqual(matchStylish(output, fileRegExp), expectedStylish(handMade.findings));
    });

    test(`$eslint-stylish (${label} file pattern) reads every linted finding exactly`, () => {
      const output = format('stylish', linted);
      assert.deepEqual(matchStylish(output, fileRegExp), expectedStylish(linted.findings));
    });
  }

  test('file lines are absolute paths, one per file, in the order of the findings', () => {
    const output = format('stylish', handMade);
    const fileLines = output.split('\n').filter((line) => STYLISH_FILE.test(line));
    assert.deepEqual(fileLines, [path.resolve(cwd, 'deploy/web.yaml'), path.resolve(cwd, 'overlays/prod/service.yaml')]);
    for (const line of fileLines) assert.ok(path.isAbsolute(line), line);
  });

  test('every line that is not a file line, the summary or blank is a finding line', () => {
    const lines = format('stylish', handMade).split('\n');
    const findingLines = lines.filter((line) => STYLISH_FINDING.test(line));
    assert.equal(findingLines.length, handMade.findings.length);
    for (const line of lines) {
      assert.ok(line === '' || STYLISH_FILE.test(line) || STYLISH_FINDING.test(line) || line.startsWith('\u2716 '), `unexpected line ${JSON.stringify(line)}`);
    }
  });

  test('rows of one file are aligned as a table (line numbers right-aligned)', () => {
    const rows = format('stylish', handMade).split('\n').filter((line) => STYLISH_FINDING.test(line)).slice(0, 4);
    // deploy/web.yaml: lines 1, 9, 10, 120 → the colon sits in the same column; so do severity and rule id.
    const colons = rows.map((row) => row.indexOf(':'));
    assert.equal(new Set(colons).size, 1, rows.join('\n'));
    const severities = rows.map((row) => row.search(/(error|warning|info)/));
    assert.equal(new Set(severities).size, 1, rows.join('\n'));
    const codes = rows.map((row, i) => row.lastIndexOf(handMade.findings[i]?.ruleId ?? '\u0000'));
    assert.equal(new Set(codes).size, 1, rows.join('\n'));
  });

  test('ends with the summary line, pluralised as ESLint does', () => {
    const summary = (findings: Finding[]): string | undefined =>
      format('stylish', { files: 1, resources: 1, findings })
        .trimEnd()
        .split('\n')
        .at(-1);
    const error = finding('a.yaml', 1, 1, 'error', 'e', 'r');
    const warning = finding('a.yaml', 2, 1, 'warning', 'w', 'r');
    assert.equal(summary([error]), '\u2716 1 problem (1 error, 0 warnings)');
    assert.equal(summary([warning]), '\u2716 1 problem (0 errors, 1 warning)');
    assert.equal(summary([error, warning]), '\u2716 2 problems (1 error, 1 warning)');
    assert.equal(summary([error, { ...error, line: 5 }, warning, { ...warning, line: 6 }, { ...warning, line: 7 }]), '\u2716 5 problems (2 errors, 3 warnings)');
    const fromFixtures = format('stylish', linted).trimEnd().split('\n').at(-1);
    const errors = linted.findings.filter((f) => f.severity === 'error').length;
    const warnings = linted.findings.filter((f) => f.severity === 'warning').length;
    assert.equal(fromFixtures, `\u2716 ${errors + warnings} problems (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`);
  });

  test('info findings count in the total', () => {
    const last = format('stylish', handMade).trimEnd().split('\n').at(-1) ?? '';
    assert.match(last, /^\u2716 6 problems \(2 errors, 2 warnings\b/);
  });

  test('colours only when asked, and the same text underneath', () => {
    const withColour = format('stylish', handMade, coloured);
    const without = format('stylish', handMade);
    assert.ok(!without.includes(ESC), 'a level-0 Chalk prints no escape sequence');
    assert.ok(withColour.includes(ESC), 'a level-1 Chalk colours the output');
    assert.equal(stripVTControlCharacters(withColour), without);
  });
});

describe('compact', () => {
  test('an empty result prints nothing', () => {
    assert.equal(format('compact', empty), '');
  });

  for (const [label, result] of [
    ['hand-made', () => handMade],
    ['linted', () => linted],
  ] as const) {
    test(`$eslint-compact reads every ${label} finding exactly, with the absolute file`, () => {
      const lines = format('compact', result()).split('\n');
      const matched = lines.flatMap((line) => {
        const m = COMPACT.exec(line);
        return m ? [{ file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], message: m[5], code: m[6] }] : [];
      });
      const label = { error: 'Error', warning: 'Warning', info: 'Info' } as const;
      assert.deepEqual(
        matched,
        result().findings.map((f) => ({ file: path.resolve(cwd, f.file), line: f.line, column: f.column, severity: label[f.severity], message: f.message, code: f.ruleId })),
      );
      for (const m of matched) assert.ok(path.isAbsolute(m.file ?? ''), m.file);
    });
  }

  test('prints no colour, even with a colouring Chalk', () => {
    const output = format('compact', handMade, coloured);
    assert.ok(!output.includes(ESC));
    assert.equal(output, format('compact', handMade));
  });
});

describe('json', () => {
  test('an empty result is one object with no findings', () => {
    assert.deepEqual(JSON.parse(format('json', empty)), { version: 1, files: 3, resources: 7, findings: [] });
  });

  test('exactly one JSON object with version, files, resources and findings, in that order', () => {
    const output = format('json', linted);
    const parsed = JSON.parse(output) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['version', 'files', 'resources', 'findings']);
    assert.equal(parsed['version'], 1);
    assert.equal(parsed['files'], linted.files);
    assert.equal(parsed['resources'], linted.resources);
    assert.ok(linted.files >= 4 && linted.resources > 0);
  });

  test('findings keep the order they are given in (the engine sorts them)', () => {
    const reversed: LintResult = { ...handMade, findings: [...handMade.findings].reverse() };
    const parsed = JSON.parse(format('json', reversed)) as { findings: Finding[] };
    assert.deepEqual(parsed.findings, reversed.findings);
    const fromFixtures = JSON.parse(format('json', linted)) as { findings: Finding[] };
    assert.deepEqual(fromFixtures.findings, linted.findings);
  });

  test('every finding carries ruleId, severity, message, file, line, column, endLine, endColumn and resource', () => {
    const parsed = JSON.parse(format('json', linted)) as { findings: Record<string, unknown>[] };
    assert.equal(parsed.findings.length, linted.findings.length);
    for (const f of parsed.findings) {
      for (const key of ['ruleId', 'severity', 'message', 'file'] as const) assert.equal(typeof f[key], 'string', `${key} of ${JSON.stringify(f)}`);
      for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
        assert.ok(Number.isInteger(f[key]) && (f[key] as number) >= 1, `${key} of ${JSON.stringify(f)}`);
      }
      assert.ok(['error', 'warning', 'info'].includes(f['severity'] as string));
      assert.ok(!path.isAbsolute(f['file'] as string) && !(f['file'] as string).includes('\\'), 'file as a person types it');
      const resource = f['resource'] as Record<string, unknown> | undefined;
      assert.ok(resource, `resource of ${JSON.stringify(f)}`);
      assert.equal(typeof resource['apiVersion'], 'string');
      assert.equal(typeof resource['kind'], 'string');
      assert.ok(Number.isInteger(resource['documentIndex']));
    }
  });

  test('prints no colour, even with a colouring Chalk', () => {
    const output = format('json', handMade, coloured);
    assert.ok(!output.includes(ESC));
    assert.deepEqual(JSON.parse(output), JSON.parse(format('json', handMade)));
  });
});
