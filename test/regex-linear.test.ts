import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { allRules, formatters } from '../src/api.js';
import type { Finding, LintResult } from '../src/api.js';
import { projectRoot } from './helpers.js';

/**
 * Every regular expression in src/ and rules/ runs in linear time on long adversarial strings:
 * runs of the characters it repeats, without the match it looks for. Each is timed on inputs of
 * 10,000 and 100,000 characters; the longer must take less than 30 times the shorter (linear is
 * about 10, quadratic about 100) and less than 200 ms.
 *
 * None of them is exported, so each is copied here with the file and function it is in; a test
 * checks that the copy still appears verbatim in that file (a changed source breaks the test
 * instead of leaving a stale copy), and another that every regular expression literal and RegExp
 * constructor in src/ and rules/ is in this list (a new one must be added).
 *
 * The timing runs in a worker thread, so that a regex that does backtrack catastrophically is
 * stopped after a few seconds instead of hanging the suite. Each time is the best of a few runs.
 */

const SHORT = 10_000;
const LONG = 100_000;
const MAX_RATIO = 30;
const MAX_LONG_MS = 200;
/**
 * Below this, a time is noise: the ratio is taken against at least this much. A linear split of
 * 100,000 characters into 50,000 strings took 3.0 ms once, with a collection in it, against
 * 0.1 ms for 10,000; a regex that backtracks quadratically spends far more than 1 ms already on
 * 10,000 characters (/\s+$/ on 10,000 blanks and an x: 137 ms), so the floor hides no such regex.
 */
const NOISE_FLOOR_MS = 1;
/** A worker that has not answered by then is stopped: the regex does not run in linear time. */
const DEADLINE_MS = 4_000;

type Use = 'exec' | 'test' | 'replace' | 'split' | 'matchAll';

interface RegexCase {
  /** The source file, from the project root. */
  file: string;
  /** The function or constant it is in. */
  where: string;
  /** A copy of the literal, character for character. */
  regex: RegExp;
  /** Which occurrence of the same literal in the file this is (0: the first). */
  occurrence?: number;
  /** What it is applied to, and whether that comes from the input. */
  sees: string;
  /** How the source applies it. */
  use: Use;
  /** Adversarial inputs of about n characters. */
  inputs: (n: number) => string[];
  /** Known not linear: why, and whether the input can reach it. */
  todo?: string;
}

/** `unit` repeated to about n characters. */
function rep(unit: string, n: number): string {
  return unit.repeat(Math.max(1, Math.floor(n / unit.length)));
}

const DIGITS = (n: number) => [rep('1', n) + 'x', `${rep('1', n)}\n`, rep('1', n) + ' '];

/** Adversarial inputs for Kubernetes' name patterns: long runs that fail only at their end. */
const NAME_RUNS = (n: number) => [`${rep('a', n)}-`, `${rep('a-', n)}!`, rep('-', n), `${rep('a.', n)}-`, `${rep('a-', n)}.`, `${rep('A_', n)}!`];

const cases: RegexCase[] = [
  {
    file: 'src/nameSyntax.ts',
    where: 'DNS1123_LABEL_FORM, for DNS1123_LABEL.valid() and PORT_NAME.valid()',
    regex: /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/,
    sees: 'names, namespaces and port names (input; the source bounds them to 63 characters first, tested here without that bound)',
    use: 'test',
    inputs: NAME_RUNS,
  },
  {
    file: 'src/nameSyntax.ts',
    where: 'DNS1035_LABEL_FORM, for DNS1035_LABEL.valid()',
    regex: /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/,
    sees: 'Service names (input; bounded to 63 characters first in the source)',
    use: 'test',
    inputs: NAME_RUNS,
  },
  {
    file: 'src/nameSyntax.ts',
    where: 'DNS1123_SUBDOMAIN_FORM, for DNS1123_SUBDOMAIN.valid()',
    regex: /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/,
    sees: 'object names (input; bounded to 253 characters first in the source)',
    use: 'test',
    inputs: (n) => [...NAME_RUNS(n), `${rep('a.a-', n)}!`, `${rep('a-a.', n)}.`],
  },
  {
    file: 'src/nameSyntax.ts',
    where: 'LABEL_VALUE_FORM, for LABEL_VALUE.valid()',
    regex: /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/,
    sees: 'label values (input; bounded to 63 characters first in the source)',
    use: 'test',
    inputs: NAME_RUNS,
  },
  {
    file: 'src/nameSyntax.ts',
    where: 'QUALIFIED_NAME_FORM, for QUALIFIED_NAME.valid()',
    regex: /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
    sees: 'label and annotation keys (input; bounded to a 253-character prefix and a 63-character name first in the source)',
    use: 'test',
    inputs: (n) => [...NAME_RUNS(n), `${rep('a.', n / 2)}/${rep('a', n / 2)}-`, `${rep('a', n)}/`, rep('a/', n), `${rep('a-', n)}/a`],
  },
  {
    file: 'src/apis.ts',
    where: 'normalizeKubernetesVersion()',
    regex: /^v?(\d+)\.(\d+)(?:\.\d+)?$/,
    sees: '--kubernetes-version and the config kubernetesVersion (input)',
    use: 'exec',
    inputs: (n) => [rep('1', n), `v${rep('1', n)}.`, `1.${rep('1', n)}.1.x`, rep('1.', n)],
  },
  {
    file: 'src/cli.ts',
    where: 'parseArguments(): the unknown option in the parseArgs error',
    regex: /'([^']+)'/,
    sees: "parseArgs' message, which quotes the option as given (input)",
    use: 'exec',
    inputs: (n) => [`'${rep('a', n)}`, rep("'", n), rep("a'", n).slice(1)],
  },
  {
    file: 'src/cli.ts',
    where: 'parseRuleFlags()',
    regex: /^([a-z0-9-]+)[=:](off|info|warning|error)$/,
    sees: '--rule values (input)',
    use: 'exec',
    inputs: (n) => [rep('a', n), `${rep('a', n)}=offf`, `${rep('-', n)}:`, rep('a=', n)],
  },
  {
    file: 'src/cli.ts',
    where: 'parsePositive()',
    regex: /^\d+(\.\d+)?$/,
    sees: '--max-file-size, --max-aliases, --max-depth values (input)',
    use: 'test',
    inputs: (n) => [...DIGITS(n), `1.${rep('1', n)}x`, rep('1.', n)],
  },
  {
    file: 'src/cli.ts',
    where: 'parseCount()',
    regex: /^\d+$/,
    sees: '--max-warnings (input)',
    use: 'test',
    inputs: DIGITS,
  },
  {
    file: 'src/parse.ts',
    where: 'parseManifestFully(): the duplicate key named in the message',
    regex: /^("[^"\n]*"|'[^'\n]*'|[^:\n]*)/,
    sees: 'the file at a duplicate key (input; the source takes 256 characters, tested here without that bound)',
    use: 'exec',
    inputs: (n) => [`"${rep('a', n)}`, `'${rep('a', n)}`, rep('a', n), rep('"a', n)],
  },
  {
    file: 'src/parse.ts',
    where: 'parseManifestFully(): an alias-count error',
    regex: /alias/i,
    sees: "the yaml package's error message",
    use: 'test',
    inputs: (n) => [rep('alia', n), rep('ALIA ', n)],
  },
  {
    file: 'src/parse.ts',
    where: 'needsFullParse()',
    regex: /(?:^|[\s[{,:])\*[^\s,\]}]/m,
    sees: 'the whole file (input)',
    use: 'test',
    inputs: (n) => [rep(' *', n), rep('[*,', n), rep('\n*\n', n), rep(':*}', n), rep('*', n)],
  },
  {
    file: 'src/parse.ts',
    where: 'loadDocumentsFast(): does the file hold more than comments',
    regex: /^[ \t]*[^#\s]/m,
    occurrence: 0,
    sees: 'the whole file (input)',
    use: 'test',
    inputs: (n) => [rep(' ', n), `${rep(' \t', n)}#`, rep(`${' '.repeat(99)}\n`, n), `${rep('\t', n)}\n#`],
  },
  {
    file: 'src/parse.ts',
    where: 'cutDocuments(): the --- markers',
    regex: /^---(?=[ \t\r\n]|$)/gm,
    sees: 'the whole file (input)',
    use: 'matchAll',
    inputs: (n) => [rep('---x\n', n), rep('-', n), rep('--\n', n), rep('---\n', n)],
  },
  {
    file: 'src/parse.ts',
    where: 'cutDocuments(): content before the first marker',
    regex: /^[ \t]*[^#\s]/m,
    occurrence: 1,
    sees: 'the file up to its first --- (input)',
    use: 'test',
    inputs: (n) => [rep(' ', n), `${rep(' \t', n)}#`, rep(`${' '.repeat(99)}\n`, n), `${rep('\t', n)}\n#`],
  },
  {
    file: 'src/parse.ts',
    where: 'firstLine(): a position at the end of a parser message',
    regex: / at line \d+, column \d+:?$/,
    sees: "the first line of a parser's error message",
    use: 'replace',
    inputs: (n) => [`${rep(' at line 1, column 1', n)}x`, ` at line ${rep('1', n / 2)}, column ${rep('1', n / 2)}x`, rep(' at line ', n), rep(' at line 1, column ', n)],
  },
  {
    file: 'src/resourceIndex.ts',
    where: 'PATCH_FILE_NAME',
    regex: /(?:^|\/)patches\/[^/]+$|(?:^|[/._-])patch\.ya?ml$/i,
    sees: "a file's path as displayed (input: the repository's file names)",
    use: 'test',
    inputs: (n) => [`${rep('patches/', n)}x/`, `/patches/${rep('a', n)}/`, rep('.patch.ya', n), rep('/patches', n), rep('-patch.y', n)],
  },
  {
    file: 'src/schemaErrors.ts',
    where: 'pointerToPath(): ~1',
    regex: /~1/g,
    sees: 'JSON pointer segments: field names (input)',
    use: 'replace',
    inputs: (n) => [rep('~', n), rep('~0', n)],
  },
  {
    file: 'src/schemaErrors.ts',
    where: 'pointerToPath(): ~0',
    regex: /~0/g,
    sees: 'JSON pointer segments: field names (input)',
    use: 'replace',
    inputs: (n) => [rep('~', n), rep('~1', n)],
  },
  {
    file: 'src/suppress.ts',
    where: 'DIRECTIVE',
    regex: /(^|\s)#\s*kubelint-(disable-next-line|disable-file|disable|enable)\b([^\n]*)$/,
    sees: 'each line of a file that contains "kubelint-" (input)',
    use: 'exec',
    inputs: (n) => [`#${rep(' ', n)}kubelint`, `${rep(' #', n)}kubelint-`, `${rep(' \t', n)}#`, rep('# kubelint-', n), `# kubelint-disable${rep(' x', n)}`, `${rep('#', n)} kubelint-disabl`],
  },
  {
    file: 'src/suppress.ts',
    where: 'parseDirectives(): the end of the rule ids',
    regex: / -- | #/,
    sees: 'the rest of a kubelint-disable comment (input)',
    use: 'split',
    inputs: (n) => [rep(' -', n), rep(' --', n), rep(' ', n)],
  },
  {
    file: 'src/suppress.ts',
    where: 'parseDirectives(): rule ids',
    regex: /[\s,]+/,
    occurrence: 0,
    sees: 'the rule ids of a kubelint-disable comment (input)',
    use: 'split',
    inputs: (n) => [`${rep(' ,', n)}x`, rep('a ', n), rep(' ', n)],
  },
  {
    file: 'src/suppress.ts',
    where: 'ignoredByAnnotations(): kubelint.io/ignore',
    regex: /[\s,]+/,
    occurrence: 1,
    sees: 'the kubelint.io/ignore annotation (input)',
    use: 'split',
    inputs: (n) => [`${rep(' ,', n)}x`, rep('a ', n), rep(' ', n)],
  },
  {
    file: 'src/suppress.ts',
    where: 'helmSourceMap(): document separators',
    regex: /^---(\s|$)/,
    sees: 'each line of standard input (input)',
    use: 'test',
    inputs: (n) => [rep('-', n), `---${rep('x', n)}`],
  },
  {
    file: 'src/suppress.ts',
    where: 'helmSourceMap(): # Source: comments',
    regex: /^# Source: (\S+(?:\s+\S+)*)/,
    sees: 'each line of standard input (input)',
    use: 'exec',
    inputs: (n) => [`# Source: a${rep(' ', n)}b`, `# Source: a${rep(' \t', n)}#`],
  },
  {
    file: 'src/text.ts',
    where: 'isPlausibleTypo(): the words of a name',
    regex: /[-_./]/,
    sees: 'names and label values compared for a hint (input)',
    use: 'split',
    inputs: (n) => [rep('-', n), rep('a.', n)],
  },
  {
    file: 'src/formatters/junit.ts',
    where: 'NOT_XML',
    regex: /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
    sees: 'messages and names written into JUnit XML (they quote the input)',
    use: 'replace',
    inputs: (n) => [rep('\u0000', n), rep('\uD800', n), rep('a\u0001', n), rep('\uDC00\uD800', n)],
  },
  {
    file: 'src/formatters/sarif.ts',
    where: 'reportingDescriptor(): a final stop',
    regex: /[.!?]$/u,
    sees: "a rule's description (kubelint's own text, not input)",
    use: 'test',
    inputs: (n) => [`${rep('.', n)}x`, rep('!a', n)],
  },
  {
    file: 'src/formatters/sarif.ts',
    where: 'ruleName()',
    regex: /[^A-Za-z0-9]+/u,
    sees: "a rule's id (kubelint's own text, not input)",
    use: 'split',
    inputs: (n) => [`${rep('-', n)}a`, rep('a-', n)],
  },
  {
    file: 'src/formatters/sarif.ts',
    where: 'escapeMarkdown()',
    regex: /[\\`*_[\]<>]/gu,
    sees: "a rule's description (kubelint's own text, not input)",
    use: 'replace',
    inputs: (n) => [rep('*', n), rep('\\', n), rep('a[', n)],
  },
  {
    file: 'src/formatters/stylish.ts',
    where: 'stylish: the final stop of a message',
    regex: /([^ ])\.$/u,
    sees: 'finding messages (they quote the input)',
    use: 'replace',
    inputs: (n) => [`${rep('a.', n)} `, `${rep('.', n)}x`, `${rep('a', n)} .`],
  },
  {
    file: 'src/formatters/stylish.ts',
    where: 'stylish: line and column at the start of a row',
    regex: /^(\s*)(\d+)\s+(\d+)/u,
    sees: 'a row of the table: line, column, severity, message, rule id; the message quotes the input (the rows are tested below, through stylish itself)',
    use: 'replace',
    inputs: (n) => [`${rep('1', n / 2)}${rep(' ', n / 2)}x`, `${rep('1 ', n)}`],
  },
  {
    file: 'rules/alb-target-type.ts',
    where: 'GROUP_NAME_PATTERN',
    regex: /^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$/,
    sees: 'the alb.ingress.kubernetes.io/group.name annotation (input)',
    use: 'test',
    inputs: (n) => [`${rep('a', n)}-`, `${rep('a-', n)}-`, rep('.', n), `${rep('a.', n)}.`, `${rep('a', n)}A`],
  },
  {
    file: 'rules/alb-target-type.ts',
    where: 'listen-ports: a port written as a string',
    regex: /^[0-9]+$/,
    sees: 'the alb.ingress.kubernetes.io/listen-ports annotation (input)',
    use: 'test',
    inputs: DIGITS,
  },
  {
    file: 'rules/alb-target-type.ts',
    where: 'groupNameProblem(): characters a group name cannot have',
    regex: /[^-a-z0-9.]+/g,
    sees: 'the group.name annotation, lower-cased (input)',
    use: 'replace',
    inputs: (n) => [rep('!', n), rep('a!', n)],
  },
  {
    file: 'rules/alb-target-type.ts',
    where: 'groupNameProblem(): a leading non-alphanumeric run',
    regex: /^[^a-z0-9]+/,
    sees: 'the group.name annotation, cleaned (input)',
    use: 'replace',
    inputs: (n) => [rep('-', n), `${rep('-', n)}a`],
  },
  {
    file: 'rules/alb-target-type.ts',
    where: 'withoutTrailingSeparators(): one character at a time',
    regex: /[a-z0-9]/,
    sees: 'one character of the group.name annotation (input)',
    use: 'test',
    inputs: (n) => [rep('-', n), `${rep('a', n)}-`],
  },
  {
    file: 'rules/alb-target-type.ts',
    where: 'a health-check port or a number',
    regex: /^[-+]?[0-9]+$/,
    sees: 'an ALB annotation value (input)',
    use: 'test',
    inputs: (n) => [`+${rep('1', n)}x`, rep('-', n), `-${rep('1', n)}-`],
  },
  {
    file: 'rules/ingress-backend.ts',
    where: 'a port number written as a string',
    regex: /^[0-9]+$/,
    sees: "an Ingress backend's service port (input)",
    use: 'test',
    inputs: DIGITS,
  },
  {
    file: 'rules/probe-port.ts',
    where: 'a port number written as a string',
    regex: /^[0-9]+$/,
    sees: "a probe's port (input)",
    use: 'test',
    inputs: DIGITS,
  },
  {
    file: 'rules/service-ports.ts',
    where: 'parseRange(): the nodePortRange option',
    regex: /^\s*(\d+)\s*-\s*(\d+)\s*$/,
    sees: 'the nodePortRange rule option (configuration)',
    use: 'exec',
    inputs: (n) => [`${rep(' ', n)}x`, `${rep('1', n / 2)}${rep(' ', n / 2)}x`, `1-1${rep(' ', n)}x`, `1${rep(' ', n / 2)}-${rep(' ', n / 2)}`, `${rep(' 1', n)}x`],
  },
  {
    file: 'rules/metadata-syntax.ts',
    where: 'checkSelectorsOf(): a targetPort that is a name, not digits',
    regex: /^[0-9]+$/,
    occurrence: 0,
    sees: "a Service port's targetPort (input)",
    use: 'test',
    inputs: DIGITS,
  },
  {
    file: 'rules/service-target-port.ts',
    where: 'a targetPort number written as a string',
    regex: /^[0-9]+$/,
    occurrence: 0,
    sees: "a Service port's targetPort (input)",
    use: 'test',
    inputs: DIGITS,
  },
  {
    file: 'rules/service-target-port.ts',
    where: 'a named targetPort',
    regex: /^[0-9]+$/,
    occurrence: 1,
    sees: "a Service port's targetPort (input)",
    use: 'test',
    inputs: DIGITS,
  },
];

// ---------------------------------------------------------------------------------------------
// Where each copy is in its source.

const sources = new Map<string, string>();
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) {
    text = readFileSync(path.join(projectRoot, file), 'utf8');
    sources.set(file, text);
  }
  return text;
}

/** The line of the copy's occurrence in its source file, or undefined when it is not there. */
function lineOf(entry: RegexCase): number | undefined {
  const text = source(entry.file);
  const literal = String(entry.regex);
  let at = -1;
  for (let i = 0; i <= (entry.occurrence ?? 0); i++) {
    at = text.indexOf(literal, at + 1);
    if (at < 0) return undefined;
  }
  return text.slice(0, at).split('\n').length;
}

function label(entry: RegexCase): string {
  return `${entry.file}:${lineOf(entry) ?? '?'} ${entry.where}: ${String(entry.regex)}`;
}

/** Every regular expression literal and RegExp constructor in src/ and rules/, as `file literal`. */
function regexesInSources(): string[] {
  const files = [
    ...readdirSync(path.join(projectRoot, 'src'), { recursive: true, encoding: 'utf8' }).map((name) => `src/${name.split(path.sep).join('/')}`),
    ...readdirSync(path.join(projectRoot, 'rules'), { encoding: 'utf8' }).map((name) => `rules/${name}`),
  ].filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  const found: string[] = [];
  for (const file of files.sort()) {
    const sourceFile = ts.createSourceFile(file, source(file), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) found.push(`${file} ${node.getText(sourceFile)}`);
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        found.push(`${file} ${node.getText(sourceFile)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return found;
}

describe('the copies are the regular expressions of the source', () => {
  for (const entry of cases) {
    test(`${entry.file}: ${entry.where} still holds ${String(entry.regex)} verbatim`, () => {
      assert.ok(lineOf(entry) !== undefined, `${String(entry.regex)}${entry.occurrence ? ` (occurrence ${entry.occurrence + 1})` : ''} is no longer in ${entry.file}: update the copy here, and its adversarial inputs`);
    });
  }

  test('every regular expression literal and RegExp constructor in src/ and rules/ is in the list', () => {
    const listed = cases.map((entry) => `${entry.file} ${String(entry.regex)}`).sort();
    const found = regexesInSources().sort();
    const missing = found.filter((item, i) => found.indexOf(item) === i && found.filter((x) => x === item).length > listed.filter((x) => x === item).length);
    const stale = listed.filter((item, i) => listed.indexOf(item) === i && listed.filter((x) => x === item).length > found.filter((x) => x === item).length);
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] }, 'missing: in the source but not in this test (add a case); stale: in this test but no longer in the source');
  });

  test('alb-target-type trims a group name\'s trailing separators with a loop, not a backtracking regex', () => {
    const text = source('rules/alb-target-type.ts');
    assert.ok(!text.includes('/[^a-z0-9]+$/'), 'the quadratic trailing-run regex is gone');
    assert.match(text, /function withoutTrailingSeparators\(/);
  });
});

// ---------------------------------------------------------------------------------------------
// Timing, in a worker.

interface Timing {
  input: number;
  shortMs: number;
  longMs: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { regex, use, pairs } = workerData;
function once(input) {
  const re = new RegExp(regex.source, regex.flags);
  const start = process.hrtime.bigint();
  switch (use) {
    case 'exec': re.exec(input); break;
    case 'test': re.test(input); break;
    case 'replace': input.replace(re, ''); break;
    case 'split': input.split(re); break;
    case 'matchAll': for (const match of input.matchAll(re)) void match; break;
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}
function best(input, runs, limit) {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    fastest = Math.min(fastest, once(input));
    if (fastest > limit) break;
  }
  return fastest;
}
pairs.forEach(([short, long], input) => {
  best(short, 2, Infinity);
  const shortMs = best(short, 5, Infinity);
  parentPort.postMessage({ started: input });
  const longMs = best(long, 3, workerData.limit);
  parentPort.postMessage({ input, shortMs, longMs });
});
parentPort.postMessage({ done: true });
`;

/** Times the regex on each pair of inputs; rejects when the worker misses the deadline. */
function timeInWorker(entry: RegexCase): Promise<Timing[]> {
  const pairs = entry.inputs(SHORT).map((short, i) => [short, entry.inputs(LONG)[i] ?? ''] as const);
  return new Promise((resolve, reject) => {
    const timings: Timing[] = [];
    let running = -1;
    const worker = new Worker(WORKER, { eval: true, workerData: { regex: entry.regex, use: entry.use, pairs, limit: MAX_LONG_MS } });
    const timer = setTimeout(() => {
      void worker.terminate();
      const input = pairs[running]?.[1] ?? '';
      reject(new Error(`${String(entry.regex)} did not finish in ${DEADLINE_MS / 1000} s on adversarial input ${running + 1} of ${LONG.toLocaleString('en')} characters: ${JSON.stringify(input.slice(0, 40))}…`));
    }, DEADLINE_MS);
    worker.on('message', (message: { started?: number; done?: boolean } & Partial<Timing>) => {
      if (message.started !== undefined) running = message.started;
      else if (message.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(timings);
      } else timings.push(message as Timing);
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function assertLinear(timings: readonly Timing[], describeInput: (input: number) => string): void {
  for (const { input, shortMs, longMs } of timings) {
    const what = `input ${input + 1} (${describeInput(input)}): ${SHORT.toLocaleString('en')} characters ${shortMs.toFixed(3)} ms, ${LONG.toLocaleString('en')} characters ${longMs.toFixed(3)} ms`;
    assert.ok(longMs < MAX_LONG_MS, `${what}: over ${MAX_LONG_MS} ms`);
    assert.ok(longMs < MAX_RATIO * Math.max(shortMs, NOISE_FLOOR_MS), `${what}: more than ${MAX_RATIO} times longer`);
  }
}

describe(`linear time on adversarial input (${LONG.toLocaleString('en')} characters: under ${MAX_RATIO}x the ${SHORT.toLocaleString('en')}-character time and under ${MAX_LONG_MS} ms)`, () => {
  for (const entry of cases) {
    test(label(entry), entry.todo ? { todo: entry.todo } : {}, async (t) => {
      const shown = entry.inputs(24);
      const timings = await timeInWorker(entry);
      assert.equal(timings.length, shown.length, 'every input was timed');
      t.diagnostic(timings.map(({ shortMs, longMs }) => `${shortMs.toFixed(3)} → ${longMs.toFixed(3)} ms`).join('; '));
      assertLinear(timings, (input) => JSON.stringify(shown[input]));
    });
  }

  test('stylish: rows whose message is digits and blanks (the row regex matches at the line and column first)', () => {
    const context = { cwd: projectRoot, rules: allRules.map((rule) => rule.meta), version: '0.0.0' };
    const result = (message: string): LintResult => {
      const finding: Finding = { ruleId: 'schema', severity: 'error', message, file: 'x.yaml', line: 12, column: 5, endLine: 12, endColumn: 6 };
      return { files: 1, resources: 1, findings: [finding] };
    };
    const time = (message: string): number => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        formatters['stylish']?.(result(message), context);
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return best;
    };
    const adversarial = (n: number) => `${rep('1', n / 2)}${rep(' ', n / 2)}x`;
    time(adversarial(SHORT));
    assertLinear([{ input: 0, shortMs: time(adversarial(SHORT)), longMs: time(adversarial(LONG)) }], () => 'a message of digits, blanks and a letter');
  });
});
