import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { allRules, lint } from '../src/api.js';
import type { Finding, LintResult } from '../src/api.js';
import { formatters } from '../src/formatters/index.js';
import type { Formatter } from '../src/formatters/index.js';
import { fixturesRoot, hardeningRulesOff, projectRoot } from './helpers.js';

/**
 * The CI formats (sarif, github, junit, gitlab): pure functions from a LintResult to text, checked
 * against what their readers expect: the SARIF 2.1.0 schema, GitHub's workflow-command escaping,
 * well-formed JUnit XML, GitLab Code Quality fields and fingerprints that survive moved lines.
 */

const rules = allRules.map((rule) => rule.meta);
const VERSION = '1.2.3-test';

function format(name: string, result: LintResult, cwd = fixturesRoot): string {
  const formatter: Formatter | undefined = formatters[name];
  assert.ok(formatter, `formatter ${name} is registered`);
  return formatter(result, { cwd, rules, version: VERSION });
}

function lintFixtures(paths: string[], cwd = fixturesRoot): Promise<LintResult> {
  return lint({ paths, cwd, siblingContext: false, rules: hardeningRulesOff() });
}

const resource = (name: string | undefined, documentIndex = 0, kind = 'Service'): NonNullable<Finding['resource']> => ({
  apiVersion: 'v1',
  kind,
  namespace: 'shop',
  ...(name === undefined ? {} : { name }),
  documentIndex,
});

/** Everything awkward at once: %, :, commas, CR/LF, XML specials, characters XML forbids. */
const AWKWARD = '100% sure: a, b\r\nnext <tag> & "q" it\'s \u0001bell\uFFFE \uD800 \u{1F680}';
const AWKWARD_IN_XML = '100% sure: a, b\r\nnext <tag> & "q" it\'s bell  \u{1F680}';

const handMade: LintResult = {
  files: 5,
  resources: 6,
  findings: [
    { ruleId: 'service-target-port', severity: 'warning', message: 'targetPort 8081 is not a containerPort', file: 'deploy/web.yaml', line: 9, column: 17, endLine: 9, endColumn: 25, resource: resource('web') },
    {
      ruleId: 'service-selector-match',
      severity: 'error',
      message: AWKWARD,
      file: 'deploy/web.yaml',
      line: 12,
      column: 3,
      endLine: 14,
      endColumn: 1,
      resource: resource('web'),
      related: [
        { file: 'deploy/app.yaml', line: 4, column: 9, endLine: 4, endColumn: 20, message: 'Deployment web has app: web-app', resource: resource('web', 0, 'Deployment') },
        { file: 'deploy/web.yaml', line: 0, column: -1, endLine: 0, endColumn: 0, message: 'a location with no position' },
      ],
    },
    { ruleId: 'schema', severity: 'info', message: 'no schema for Widget', file: 'odd dir,x/a:b%.yaml', line: 0, column: 0, endLine: -1, endColumn: -1, resource: resource(undefined, 3, 'Widget') },
    { ruleId: 'yaml-syntax', severity: 'error', message: 'not YAML', file: '<stdin>', line: 2, column: 5, endLine: 2, endColumn: 6 },
    // Two findings alike in all but their line: their fingerprints must still differ.
    { ruleId: 'schema', severity: 'error', message: 'unknown field "x"', file: 'deploy/web.yaml', line: 20, column: 5, endLine: 20, endColumn: 6, resource: resource('web') },
    { ruleId: 'schema', severity: 'error', message: 'unknown field "x"', file: 'deploy/web.yaml', line: 30, column: 5, endLine: 30, endColumn: 6, resource: resource('web') },
    // A rule the context does not describe.
    { ruleId: 'custom-rule', severity: 'warning', message: 'from elsewhere', file: 'deploy/web.yaml', line: 40, column: 1, endLine: 40, endColumn: 2 },
  ],
};

const empty: LintResult = { files: 3, resources: 4, findings: [] };

/** Linted from fixtures: related locations, a finding without a resource, error and info, and a clean file. */
let linted: LintResult;
const CLEAN_FILE = 'service-selector-match/book-clean.yaml';

before(async () => {
  linted = await lintFixtures(['service-selector-match/book-selector-typo.yaml', 'yaml-syntax/helm-template.yaml', 'schema/kinds.yaml', CLEAN_FILE]);
  const { findings } = linted;
  assert.ok(findings.some((f) => (f.related?.length ?? 0) > 0), 'a finding with related locations');
  assert.ok(findings.some((f) => f.resource === undefined), 'a finding without a resource');
  assert.ok(findings.some((f) => f.severity === 'error') && findings.some((f) => f.severity === 'info'), 'errors and info');
  assert.ok(!findings.some((f) => f.file === CLEAN_FILE), 'the clean fixture has no finding');
  assert.equal(linted.files, 4);
});

describe('sarif', () => {
  interface Region {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
  }
  interface PhysicalLocation {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: Region;
  }
  interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    message: { text: string };
    locations: { physicalLocation: PhysicalLocation }[];
    relatedLocations?: { id: number; message: { text: string }; physicalLocation: PhysicalLocation }[];
    partialFingerprints: Record<string, string>;
  }
  interface SarifRule {
    id: string;
    name: string;
    shortDescription: { text: string };
    fullDescription: { text: string };
    help: { text: string; markdown: string };
    defaultConfiguration: { level: string };
    properties: { category: string };
  }
  interface SarifLog {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: SarifResult[];
    }[];
  }

  const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
  const sarif = (result: LintResult): SarifLog => JSON.parse(format('sarif', result)) as SarifLog;

  // The official schema, from an npm package (Microsoft's jest-sarif ships SARIF 2.1.0-rtm.5, a draft-04 schema).
  const schemaPath = path.join(projectRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  // Both are CommonJS whose module.exports also carries itself as `default`, which is what TypeScript
  // (NodeNext) types. unicodeRegExp: false, as the schema has a pattern (for `language`) that is invalid
  // with the `u` flag: `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`.
  const ajv = new Ajv04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  const assertValid = (log: unknown, label: string): void => {
    assert.ok(validate(log), `${label}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  };

  test('validates against the SARIF 2.1.0 JSON Schema (linted, hand-made, empty)', () => {
    assertValid(sarif(linted), 'linted');
    assertValid(sarif(handMade), 'hand-made');
    assertValid(sarif(empty), 'empty');
  });

  test('the schema check is real: a 0 line or an unknown level fails it', () => {
    const broken = sarif(linted);
    const first = broken.runs[0]?.results[0];
    assert.ok(first);
    const region = first.locations[0]?.physicalLocation.region;
    assert.ok(region);
    region.startLine = 0;
    assert.equal(validate(broken), false);
    region.startLine = 1;
    first.level = 'info';
    assert.equal(validate(broken), false);
  });

  test('one run, the driver names kubelint and describes every rule', () => {
    const log = sarif(linted);
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0]?.tool.driver;
    assert.ok(driver);
    assert.equal(driver.name, 'kubelint');
    assert.equal(driver.version, VERSION);
    assert.equal(driver.semanticVersion, VERSION);
    assert.equal(driver.informationUri, 'https://www.npmjs.com/package/kubelint');
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      rules.map((meta) => meta.id),
    );
    driver.rules.forEach((descriptor, i) => {
      const meta = rules[i];
      assert.ok(meta);
      assert.equal(descriptor.shortDescription.text, meta.description);
      assert.ok(descriptor.fullDescription.text.includes(meta.description));
      assert.ok(descriptor.name.length > 0);
      assert.ok(descriptor.help.text.includes(`rules/${meta.id}.md`), descriptor.help.text);
      assert.ok(descriptor.help.markdown.includes(`rules/${meta.id}.md`), descriptor.help.markdown);
      assert.equal(descriptor.defaultConfiguration.level, LEVEL[meta.severity]);
      assert.equal(descriptor.properties.category, meta.category);
    });
  });

  test('results: rule id and index agree with the driver, levels map, positions are the findings\'', () => {
    const log = sarif(linted);
    const run = log.runs[0];
    assert.ok(run);
    assert.equal(run.results.length, linted.findings.length);
    run.results.forEach((result, i) => {
      const finding = linted.findings[i];
      assert.ok(finding);
      assert.equal(result.ruleId, finding.ruleId);
      assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
      assert.equal(result.level, LEVEL[finding.severity]);
      assert.equal(result.message.text, finding.message);
      assert.deepEqual(result.locations[0]?.physicalLocation, {
        artifactLocation: { uri: finding.file, uriBaseId: '%SRCROOT%' },
        region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
      });
    });
    assert.ok(run.results.some((r) => r.level === 'note') && run.results.some((r) => r.level === 'error'));
    const root = run.originalUriBaseIds['%SRCROOT%']?.uri ?? '';
    assert.equal(root, `${pathToFileURL(fixturesRoot).href}/`);
  });

  test('a rule the context does not describe gets a descriptor, so its ruleIndex stays valid', () => {
    const run = sarif(handMade).runs[0];
    assert.ok(run);
    const custom = run.results.find((r) => r.ruleId === 'custom-rule');
    assert.ok(custom);
    assert.equal(run.tool.driver.rules[custom.ruleIndex]?.id, 'custom-rule');
    assert.equal(run.tool.driver.rules.filter((r) => r.id === 'custom-rule').length, 1);
  });

  test('related locations travel along, with ids, messages and the same location form', () => {
    const run = sarif(linted).runs[0];
    assert.ok(run);
    const withRelated = linted.findings.flatMap((finding, i) => (finding.related?.length ? [{ finding, result: run.results[i] }] : []));
    assert.ok(withRelated.length > 0);
    for (const { finding, result } of withRelated) {
      assert.ok(result?.relatedLocations, 'relatedLocations present');
      assert.equal(result.relatedLocations.length, finding.related?.length);
      result.relatedLocations.forEach((location, i) => {
        const related = finding.related?.[i];
        assert.ok(related);
        assert.equal(location.id, i);
        assert.equal(location.message.text, related.message);
        assert.deepEqual(location.physicalLocation, {
          artifactLocation: { uri: related.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: related.line, startColumn: related.column, endLine: related.endLine, endColumn: related.endColumn },
        });
      });
    }
    assert.ok(run.results.filter((r) => r.relatedLocations).length === withRelated.length, 'no related locations made up');
  });

  test('every region value is at least 1, even from 0 and -1; the end never comes before the start', () => {
    const run = sarif(handMade).runs[0];
    assert.ok(run);
    const regions = run.results.flatMap((r) => [...r.locations, ...(r.relatedLocations ?? [])].map((l) => l.physicalLocation.region));
    assert.ok(regions.length >= handMade.findings.length + 2);
    for (const region of regions) {
      for (const value of Object.values(region)) assert.ok(Number.isInteger(value) && value >= 1, JSON.stringify(region));
      assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn), JSON.stringify(region));
    }
    // A multi-line span keeps its end column as it is.
    assert.deepEqual(run.results[1]?.locations[0]?.physicalLocation.region, { startLine: 12, startColumn: 3, endLine: 14, endColumn: 1 });
  });

  test('URIs: relative with / and percent-encoding under %SRCROOT%; stdin as "stdin"', () => {
    const run = sarif(handMade).runs[0];
    assert.ok(run);
    const odd = run.results[2]?.locations[0]?.physicalLocation.artifactLocation;
    assert.deepEqual(odd, { uri: 'odd%20dir%2Cx/a%3Ab%25.yaml', uriBaseId: '%SRCROOT%' });
    assert.equal(decodeURIComponent(odd.uri), 'odd dir,x/a:b%.yaml');
    assert.deepEqual(run.results[3]?.locations[0]?.physicalLocation.artifactLocation, { uri: 'stdin' });
    const root = run.originalUriBaseIds['%SRCROOT%']?.uri ?? '';
    assert.ok(root.startsWith('file:///') && root.endsWith('/'), root);
  });

  test('partialFingerprints carry the same stable fingerprints as the gitlab format', () => {
    const run = sarif(linted).runs[0];
    assert.ok(run);
    const gitlab = JSON.parse(format('gitlab', linted)) as { fingerprint: string }[];
    assert.deepEqual(
      run.results.map((r) => r.partialFingerprints['kubelintFinding/v1']),
      gitlab.map((issue) => issue.fingerprint),
    );
  });
});

describe('github', () => {
  const LINE = /^::(error|warning|notice) ((?:[A-Za-z]+=[^,:]*)(?:,[A-Za-z]+=[^,:]*)*)::(.*)$/;
  const unescape = (text: string): string => text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));

  test('an empty result prints nothing', () => {
    assert.equal(format('github', empty), '');
  });

  test('the exact line of a finding', () => {
    const lines = format('github', handMade).split('\n');
    assert.equal(lines[0], '::warning file=deploy/web.yaml,line=9,col=17,endLine=9,endColumn=25,title=service-target-port::targetPort 8081 is not a containerPort');
  });

  test('escapes data (%, CR, LF) and properties (also : and ,) as the Actions toolkit does', () => {
    const lines = format('github', handMade).split('\n');
    // Data keeps : and , as they are.
    assert.equal(lines[1], `::error file=deploy/web.yaml,line=12,endLine=14,title=service-selector-match::100%25 sure: a, b%0D%0Anext <tag> & "q" it's \u0001bell\uFFFE \uD800 \u{1F680}`);
    // Properties escape : and , too; a position below 1 becomes 1.
    assert.equal(lines[2], '::notice file=odd dir%2Cx/a%3Ab%25.yaml,line=1,col=1,endLine=1,endColumn=1,title=schema::no schema for Widget');
  });

  test('a finding over several lines has no columns; stdin has no file', () => {
    const lines = format('github', handMade).split('\n');
    assert.ok(!/\bcol=|endColumn=/.test(lines[1] ?? ''), lines[1]);
    assert.equal(lines[3], '::error title=yaml-syntax::not YAML');
  });

  test('one line a finding, error/warning/notice by severity, every value read back exactly', () => {
    const output = format('github', linted);
    assert.ok(output.endsWith('\n'));
    const lines = output.slice(0, -1).split('\n');
    assert.equal(lines.length, linted.findings.length);
    lines.forEach((line, i) => {
      const finding = linted.findings[i];
      assert.ok(finding);
      const m = LINE.exec(line);
      assert.ok(m, line);
      assert.equal(m[1], { error: 'error', warning: 'warning', info: 'notice' }[finding.severity]);
      const properties = Object.fromEntries((m[2] ?? '').split(',').map((pair) => pair.split('=').map(unescape) as [string, string]));
      assert.equal(properties['file'], finding.file);
      assert.equal(properties['line'], String(finding.line));
      assert.equal(properties['title'], finding.ruleId);
      if (finding.line === finding.endLine) {
        assert.equal(properties['col'], String(finding.column));
        assert.equal(properties['endColumn'], String(finding.endColumn));
      }
      assert.equal(unescape(m[3] ?? ''), finding.message);
    });
    assert.ok(lines.some((line) => line.startsWith('::notice ')), 'info is a notice');
  });
});

describe('junit', () => {
  interface XmlElement {
    name: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    text: string;
  }

  const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
  const NAME = '[A-Za-z_][\\w.-]*';
  const OPEN = new RegExp(`^<(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`);
  const CLOSE = new RegExp(`^</(${NAME})\\s*>`);
  const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
  const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

  /** Character data as a parser reads it: every & is a known reference, line ends normalised. */
  function decode(raw: string, attribute: boolean): string {
    assert.ok(!raw.replace(ENTITY, '').includes('&'), `a bare & in ${JSON.stringify(raw)}`);
    assert.ok(!raw.includes('<'), `a bare < in ${JSON.stringify(raw)}`);
    const normalised = attribute ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw.replace(/\r\n?/g, '\n');
    return normalised.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
      named ? (NAMED[named] ?? '') : String.fromCodePoint(dec ? Number(dec) : parseInt(hex ?? '', 16)),
    );
  }

  /** A strict little XML reader: the declaration, balanced elements, quoted attributes, valid references. */
  function parseXml(xml: string): XmlElement {
    const declaration = '<?xml version="1.0" encoding="utf-8"?>\n';
    assert.ok(xml.startsWith(declaration), 'starts with the XML declaration');
    assert.ok(!NOT_XML.test(xml), 'only characters XML 1.0 allows');
    const document: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
    const stack = [document];
    let pos = declaration.length;
    while (pos < xml.length) {
      const top = stack.at(-1);
      assert.ok(top);
      const lt = xml.indexOf('<', pos);
      top.text += decode(lt === -1 ? xml.slice(pos) : xml.slice(pos, lt), false);
      if (lt === -1) break;
      const rest = xml.slice(lt);
      const close = CLOSE.exec(rest);
      if (close) {
        assert.equal(stack.pop()?.name, close[1], `closing tag at ${lt}`);
        pos = lt + close[0].length;
        continue;
      }
      const open = OPEN.exec(rest);
      assert.ok(open, `a well-formed tag at ${lt}: ${rest.slice(0, 80)}`);
      const element: XmlElement = { name: open[1] ?? '', attributes: {}, children: [], text: '' };
      for (const a of (open[2] ?? '').matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
        assert.ok(!((a[1] ?? '') in element.attributes), `attribute ${a[1]} once`);
        element.attributes[a[1] ?? ''] = decode(a[2] ?? '', true);
      }
      top.children.push(element);
      if (!open[3]) stack.push(element);
      pos = lt + open[0].length;
    }
    assert.equal(stack.length, 1, 'every element is closed');
    assert.equal(document.children.length, 1, 'one root element');
    assert.equal(document.text.trim(), '');
    const root = document.children[0];
    assert.ok(root);
    return root;
  }

  const junit = (result: LintResult): XmlElement => {
    const root = parseXml(format('junit', result));
    assert.equal(root.name, 'testsuites');
    return root;
  };
  const sum = (elements: XmlElement[], attribute: string): number => elements.reduce((total, e) => total + Number(e.attributes[attribute]), 0);

  test('linted: a suite per file with findings, a case per resource, a failure per finding, counts that add up', () => {
    const root = junit(linted);
    const suites = root.children;
    const files = [...new Set(linted.findings.map((f) => f.file))];
    assert.deepEqual(
      suites.map((s) => s.attributes['name']),
      [...files, 'kubelint'],
    );
    const failures = suites.flatMap((s) => s.children.flatMap((c) => c.children));
    assert.equal(failures.length, linted.findings.length);
    assert.ok(failures.every((f) => f.name === 'failure'));
    for (const suite of suites) {
      assert.equal(suite.name, 'testsuite');
      assert.equal(Number(suite.attributes['tests']), suite.children.length);
      assert.equal(Number(suite.attributes['failures']), suite.children.filter((c) => c.children.length > 0).length);
      assert.equal(suite.attributes['errors'], '0');
      for (const testcase of suite.children) assert.equal(testcase.name, 'testcase');
    }
    assert.equal(Number(root.attributes['tests']), sum(suites, 'tests'));
    assert.equal(Number(root.attributes['failures']), sum(suites, 'failures'));
    for (const file of files) {
      const suite = suites.find((s) => s.attributes['name'] === file);
      assert.ok(suite);
      const findings = linted.findings.filter((f) => f.file === file);
      const resources = new Set(findings.map((f) => (f.resource ? `${f.resource.kind}/${f.resource.name}/${f.resource.documentIndex}` : 'file')));
      assert.equal(suite.children.length, resources.size, `one testcase per resource of ${file}`);
      const read = suite.children.flatMap((c) => c.children.map((failure) => ({ classname: c.attributes['classname'], type: failure.attributes['type'], message: failure.attributes['message'], text: failure.text })));
      assert.deepEqual(
        read.sort((a, b) => (a.text ?? '').localeCompare(b.text ?? '')),
        findings
          .map((f) => ({ classname: file, type: f.ruleId, message: f.message, text: `${f.line}:${f.column} ${f.ruleId} ${f.message}` }))
          .sort((a, b) => a.text.localeCompare(b.text)),
      );
    }
  });

  test('testcases are named "Kind name (document N)", and "file" for a finding without a resource', () => {
    const root = junit(linted);
    const names = root.children.flatMap((s) => s.children.map((c) => `${s.attributes['name']} | ${c.attributes['name']}`));
    assert.ok(names.includes('service-selector-match/book-selector-typo.yaml | Service backend-app-service (document 2)'), names.join('\n'));
    assert.ok(names.includes('yaml-syntax/helm-template.yaml | file'), names.join('\n'));
  });

  test('one passing "kubelint" suite when some linted files had no finding, none when all had', () => {
    const passing = junit(linted).children.filter((s) => s.attributes['name'] === 'kubelint');
    assert.equal(passing.length, 1);
    assert.equal(passing[0]?.attributes['tests'], '1');
    assert.equal(passing[0]?.attributes['failures'], '0');
    assert.equal(passing[0]?.children.length, 1);
    assert.equal(passing[0]?.children[0]?.children.length, 0, 'the testcase passes');
    const files = new Set(linted.findings.map((f) => f.file)).size;
    const allFailing = junit({ ...linted, files });
    assert.ok(!allFailing.children.some((s) => s.attributes['name'] === 'kubelint'));
    const clean = junit(empty);
    assert.equal(clean.children.length, 1);
    assert.equal(clean.attributes['tests'], '1');
    assert.equal(clean.attributes['failures'], '0');
  });

  test('escapes &, <, >, quotes and line ends; drops characters XML forbids', () => {
    const output = format('junit', handMade);
    assert.ok(!output.includes('<tag>'), 'no raw markup from a message');
    const root = parseXml(output);
    const failure = root.children.flatMap((s) => s.children.flatMap((c) => c.children)).find((f) => f.attributes['type'] === 'service-selector-match');
    assert.ok(failure);
    assert.equal(failure.attributes['message'], AWKWARD_IN_XML);
    assert.equal(failure.text, `12:3 service-selector-match ${AWKWARD_IN_XML}`);
    const odd = root.children.find((s) => s.attributes['name'] === 'odd dir,x/a:b%.yaml');
    assert.ok(odd, 'a file name with , : and % is kept');
    assert.equal(odd.children[0]?.attributes['name'], 'Widget (document 4)');
    assert.ok(root.children.some((s) => s.attributes['name'] === '<stdin>'));
  });
});

describe('gitlab', () => {
  interface Issue {
    description: string;
    check_name: string;
    fingerprint: string;
    severity: string;
    location: { path: string; lines: { begin: number } };
  }
  const gitlab = (result: LintResult): Issue[] => {
    const parsed: unknown = JSON.parse(format('gitlab', result));
    assert.ok(Array.isArray(parsed), 'a JSON array');
    return parsed as Issue[];
  };
  const SEVERITY = { error: 'major', warning: 'minor', info: 'info' } as const;

  test('an empty result is an empty array', () => {
    assert.deepEqual(gitlab(empty), []);
  });

  test('one issue a finding, with description, check_name, severity and location', () => {
    for (const result of [linted, handMade]) {
      const issues = gitlab(result);
      assert.equal(issues.length, result.findings.length);
      issues.forEach((issue, i) => {
        const finding = result.findings[i];
        assert.ok(finding);
        assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
        assert.equal(issue.description, finding.message);
        assert.equal(issue.check_name, finding.ruleId);
        assert.equal(issue.severity, SEVERITY[finding.severity]);
        assert.deepEqual(issue.location, { path: finding.file, lines: { begin: Math.max(1, finding.line) } });
        assert.match(issue.fingerprint, /^[0-9a-f]{64}$/);
      });
    }
  });

  test('fingerprints are unique, even for findings alike in all but their line', () => {
    for (const result of [linted, handMade]) {
      const prints = gitlab(result).map((issue) => issue.fingerprint);
      assert.equal(new Set(prints).size, prints.length);
    }
    // The first of two alike keeps the fingerprint it has alone.
    const [a, b] = handMade.findings.slice(4, 6);
    assert.ok(a && b);
    const alone = gitlab({ ...handMade, findings: [a] })[0]?.fingerprint;
    const both = gitlab({ ...handMade, findings: [a, b] }).map((issue) => issue.fingerprint);
    assert.equal(both[0], alone);
    assert.notEqual(both[1], alone);
  });

  test('fingerprints depend on the rule, the file, the resource and the message, not the position', () => {
    const base = handMade.findings[0];
    assert.ok(base);
    const print = (finding: Finding): string | undefined => gitlab({ ...handMade, findings: [finding] })[0]?.fingerprint;
    const reference = print(base);
    assert.equal(print({ ...base, line: 99, column: 7, endLine: 99, endColumn: 9 }), reference);
    assert.equal(print({ ...base, resource: resource('web', 5) }), reference, 'a named resource is known by its name, not its document');
    assert.notEqual(print({ ...base, ruleId: 'other' }), reference);
    assert.notEqual(print({ ...base, file: 'deploy/other.yaml' }), reference);
    assert.notEqual(print({ ...base, message: `${base.message}!` }), reference);
    assert.notEqual(print({ ...base, resource: resource('api') }), reference);
    assert.notEqual(print({ ...base, resource: { ...resource('web'), namespace: 'other' } }), reference);
    const unnamed = handMade.findings[2];
    assert.ok(unnamed?.resource);
    assert.notEqual(print({ ...unnamed, resource: { ...unnamed.resource, documentIndex: 4 } }), print(unnamed), 'an unnamed resource is known by its document');
  });

  describe('fingerprints survive lines moved above', () => {
    const dirs: string[] = [];
    after(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    test('the same manifest with 3 comment lines inserted on top: same fingerprints, lines 3 further', async () => {
      const manifest = readFileSync(path.join(fixturesRoot, 'service-selector-match', 'book-selector-typo.yaml'), 'utf8');
      const lintCopy = async (text: string): Promise<LintResult> => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-gitlab-'));
        dirs.push(dir);
        writeFileSync(path.join(dir, 'manifest.yaml'), text);
        return lintFixtures(['manifest.yaml'], dir);
      };
      const before = await lintCopy(manifest);
      const moved = await lintCopy(`# one\n# two\n# three\n${manifest}`);
      assert.ok(before.findings.length > 0);
      const issuesBefore = gitlab(before);
      const issuesMoved = gitlab(moved);
      assert.deepEqual(
        issuesMoved.map((issue) => issue.location.lines.begin),
        issuesBefore.map((issue) => issue.location.lines.begin + 3),
      );
      assert.deepEqual(
        issuesMoved.map((issue) => issue.fingerprint),
        issuesBefore.map((issue) => issue.fingerprint),
      );
    });
  });
});
