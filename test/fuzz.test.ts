// Property-based fuzzing of the engine: "never crash, never hang, never trust the input".
//
// Cases are drawn from the fixtures (as text, and as parsed documents), mutated (keys dropped or
// renamed, types swapped, values replaced by strange scalars, documents duplicated or dropped,
// characters inserted or deleted, the text truncated at a random byte), plus documents generated
// from scratch. Each case goes through `lint` on stdin, and three properties are checked: it never
// throws, every finding has a valid position and rule id, and a second run gives the same result.
//
// `npm test` runs a bounded number of cases with a fixed seed (in the test names, so a failure
// reproduces); `npm run fuzz` runs many more. Environment: KUBELINT_FUZZ_RUNS (cases per
// property), KUBELINT_FUZZ_SEED (an integer), KUBELINT_FUZZ_TIME_LIMIT (seconds per property).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import { allRules, lint } from '../src/api.js';
import type { Finding, LintResult, RelatedLocation } from '../src/api.js';
import { cliPath, fixturesRoot, projectRoot, temporaryTree } from './helpers.js';

const DEFAULT_RUNS = 300;
const DEFAULT_SEED = 20240611;

function integerFromEnvironment(name: string, fallback: number): number {
  const given = process.env[name];
  if (given === undefined || given === '') return fallback;
  const value = Number(given);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got "${given}"`);
  return value;
}

const runs = integerFromEnvironment('KUBELINT_FUZZ_RUNS', DEFAULT_RUNS);
const seed = integerFromEnvironment('KUBELINT_FUZZ_SEED', DEFAULT_SEED);
// A safety net against a slow machine: fast-check stops drawing new cases after this long (the
// cases run so far still count). Generous enough that the default runs always finish first.
const timeLimitSeconds = integerFromEnvironment('KUBELINT_FUZZ_TIME_LIMIT', runs > DEFAULT_RUNS ? 3600 : 12);
/** One lint call slower than this is a hang, for this test (inputs are at most a few hundred KB). */
const SLOW_CASE_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// The corpus: every manifest under fixtures/ (fixtures/bad/ excepted), as text and as documents.

interface FixtureText {
  name: string;
  text: string;
}

interface FixtureDocuments {
  name: string;
  documents: unknown[];
}

function manifestFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: false, encoding: 'utf8' })
    .filter((relative) => /\.(ya?ml|json)$/i.test(relative))
    .map((relative) => relative.split(path.sep).join('/'))
    .filter((relative) => !relative.startsWith('bad/'))
    .sort();
}

const fixtureTexts: FixtureText[] = manifestFiles(fixturesRoot).map((name) => ({ name, text: readFileSync(path.join(fixturesRoot, name), 'utf8') }));

/** The documents of a fixture, or undefined when it does not parse cleanly (those serve as text only). */
function documentsOf(fixture: FixtureText): unknown[] | undefined {
  try {
    if (fixture.name.endsWith('.json')) return [JSON.parse(fixture.text)];
    const documents = YAML.parseAllDocuments(fixture.text, { logLevel: 'error' });
    if (!Array.isArray(documents)) return [];
    if (documents.some((document) => document.errors.length > 0)) return undefined;
    return documents.map((document) => document.toJS({ maxAliasCount: 1000 }) as unknown);
  } catch {
    return undefined;
  }
}

const fixtureDocuments: FixtureDocuments[] = fixtureTexts.flatMap((fixture) => {
  const documents = documentsOf(fixture);
  return documents && documents.length > 0 ? [{ name: fixture.name, documents }] : [];
});

// ---------------------------------------------------------------------------------------------
// Strange values. A `Raw` is written into the YAML text verbatim, unquoted, where the value was.

class Raw {
  constructor(readonly raw: string) {}
}

const isRaw = (value: unknown): value is Raw => value instanceof Raw;
const raw = (text: string): Raw => new Raw(text);

const strangeStrings = [
  '',
  ' ',
  '\t',
  '\n',
  'null',
  '~',
  'NaN',
  'nan',
  '.nan',
  'Infinity',
  '-Infinity',
  '.inf',
  '1e400',
  '-1e400',
  '99999999999999999999999999999999',
  '0x7fffffffffffffffff',
  '0o777',
  '080',
  '1.0',
  '-0',
  'true',
  'yes',
  'off',
  '{{ }}',
  '{{ .Values.name }}',
  '{{- include "chart.labels" . | nindent 4 }}',
  '*',
  '*ref',
  '&',
  '&anchor',
  '---',
  '...',
  '#',
  ':',
  '- ',
  '? ',
  '<<',
  '%YAML 1.1',
  '!!binary',
  '"',
  "'",
  '[',
  '{',
  'ünïcødé',
  '名前',
  'имя',
  '🚀',
  'e\u0301',
  '\u202eevil',
  '\u200b',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u0085',
  'default',
  'kube-system',
  'http',
  '80',
  '8080',
  'app',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'a'.repeat(254),
  'a'.repeat(300),
  'x'.repeat(10_000),
  'long-name-'.repeat(2_000),
  'y\n'.repeat(500),
];

const strangeNumbers = [0, -0, -1, 1, 65535, 65536, 0.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 64, Number.MIN_VALUE, NaN, Infinity, -Infinity];

const rawTokens = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '0x7FFFFFFFFFFFFFFFFFFF',
  '0o17',
  '0b101',
  '.nan',
  '.NaN',
  '.inf',
  '-.Inf',
  '~',
  'null',
  'Null',
  'yes',
  'No',
  'on',
  'OFF',
  '2001-12-14t21:59:43.10-05:00',
  '12:30:00',
  '1_000',
  '{{ .Values.name }}',
  '{{ }}',
  '{{- if .Values.enabled }}',
  '*',
  '*undefined_alias',
  '&',
  '&anchor',
  '&anchor value',
  '&a [1, *a]',
  '---',
  '...',
  '- ---',
  '!!binary aGVsbG8=',
  '!!int abc',
  '!!map []',
  '!!seq {}',
  '!!str',
  '!!float .nan',
  '!custom value',
  '!<tag:example.com,2000:app/foo> x',
  '|',
  '>-',
  '|+\n\n',
  '? complex\n: key',
  '%TAG ! tag:example.com,2000:',
  '@reserved',
  '`reserved',
  '<<: {}',
  '"unterminated',
  "'unterminated",
  '"\\x00\\uD800\\U0010FFFF"',
  '[',
  ']',
  '{',
  '}',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  '{a: {b: {c: {d: {e: {f: {g: {h: {}}}}}}}}}',
  ',',
  '#',
  ': ',
  '- ',
  '\t',
  'a: b: c',
  'key: value\n  bad: indentation',
];

/** Values that replace a node: strange scalars, an empty collection, or anything JSON. */
const strangeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...strangeStrings) },
  { weight: 3, arbitrary: fc.constantFrom(...strangeNumbers) },
  { weight: 4, arbitrary: fc.constantFrom(...rawTokens).map(raw) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, {}, [], [[]], [{}], { '': '' }, [null]) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((depth) => nested(depth)) },
);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { deeper: value };
  return value;
}

/** Keys kubelint and its rules look for, and keys that are hostile to plain JS objects. */
const interestingKeys = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'spec',
  'selector',
  'matchLabels',
  'matchExpressions',
  'template',
  'containers',
  'initContainers',
  'ports',
  'port',
  'targetPort',
  'containerPort',
  'nodePort',
  'protocol',
  'type',
  'rules',
  'http',
  'paths',
  'backend',
  'service',
  'serviceName',
  'servicePort',
  'defaultBackend',
  'ingressClassName',
  'readinessProbe',
  'livenessProbe',
  'httpGet',
  'items',
  'resources',
  'patches',
  'patchesStrategicMerge',
  'jobTemplate',
  'volumes',
  'configMap',
  'secretName',
  'envFrom',
  'kubelint.io/ignore',
  'service.beta.kubernetes.io/aws-load-balancer-type',
  'alb.ingress.kubernetes.io/target-type',
  'kubernetes.io/ingress.class',
  '',
  ' ',
  '<<',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '0',
  'ünï',
  '{{ .Values.key }}',
];

const kinds = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
  'Service',
  'Ingress',
  'IngressClass',
  'ConfigMap',
  'Secret',
  'List',
  'DeploymentList',
  'CustomResourceDefinition',
  'Kustomization',
  'Namespace',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'ServiceAccount',
  'TargetGroupBinding',
  'Unknown',
  '',
];

const apiVersions = ['v1', 'apps/v1', 'batch/v1', 'batch/v1beta1', 'networking.k8s.io/v1', 'extensions/v1beta1', 'apiextensions.k8s.io/v1', 'kustomize.config.k8s.io/v1beta1', 'example.com/v1', 'apps/v1beta1', '', 'v999'];

// ---------------------------------------------------------------------------------------------
// Document mutations. A node is picked by an index into a walk of every node, so that shrinking
// moves towards earlier nodes and fewer operations.

/** An index into a list of nodes or a text: unbiased (fast-check favours small numbers otherwise). */
const position = fc.noBias(fc.nat());

type Container = Record<string, unknown> | unknown[];

interface NodeRef {
  container: Container;
  key: string | number;
  value: unknown;
}

function allNodes(documents: unknown[]): NodeRef[] {
  const nodes: NodeRef[] = [];
  const seen = new Set<unknown>();
  const visit = (container: Container, key: string | number, value: unknown) => {
    nodes.push({ container, key, value });
    if (typeof value !== 'object' || value === null || isRaw(value) || seen.has(value) || nodes.length > 20_000) return;
    seen.add(value);
    if (Array.isArray(value)) value.forEach((item, i) => visit(value, i, item));
    else for (const [childKey, child] of Object.entries(value)) visit(value as Record<string, unknown>, childKey, child);
  };
  documents.forEach((document, i) => visit(documents, i, document));
  return nodes;
}

/** Sets an own property, even `__proto__`, without touching the prototype. */
function setOwn(container: Container, key: string | number, value: unknown): void {
  if (Array.isArray(container) && typeof key === 'number') container[key] = value;
  else Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

type DocumentMutation =
  | { op: 'drop-key'; pick: number; which: number }
  | { op: 'rename-key'; pick: number; which: number; to: string }
  | { op: 'add-key'; pick: number; key: string; value: unknown }
  | { op: 'swap-type'; pick: number; to: 'string' | 'list' | 'map' | 'number' | 'null' | 'bool' }
  | { op: 'replace'; pick: number; value: unknown }
  | { op: 'set-kind'; pick: number; apiVersion: string; kind: string }
  | { op: 'duplicate-document'; pick: number; at: number }
  | { op: 'drop-document'; pick: number }
  | { op: 'empty-document'; at: number };

const documentMutation: fc.Arbitrary<DocumentMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('drop-key' as const), pick: position, which: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename-key' as const), pick: position, which: position, to: fc.oneof(fc.constantFrom(...interestingKeys), fc.constantFrom(...strangeStrings)) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add-key' as const), pick: position, key: fc.constantFrom(...interestingKeys), value: strangeValue }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('swap-type' as const), pick: position, to: fc.constantFrom('string' as const, 'list' as const, 'map' as const, 'number' as const, 'null' as const, 'bool' as const) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), pick: position, value: strangeValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('set-kind' as const), pick: position, apiVersion: fc.constantFrom(...apiVersions), kind: fc.constantFrom(...kinds) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-document' as const), pick: position, at: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop-document' as const), pick: position }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('empty-document' as const), at: position }) },
);

function swapped(value: unknown, to: Extract<DocumentMutation, { op: 'swap-type' }>['to']): unknown {
  switch (to) {
    case 'string':
      return typeof value === 'string' ? { value } : typeof value === 'object' && value !== null ? 'was-a-collection' : String(value);
    case 'list':
      return Array.isArray(value) ? 'was-a-list' : [value];
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : { value };
    case 'number':
      return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.length : 42;
    case 'null':
      return value === null ? {} : null;
    case 'bool':
      return typeof value === 'boolean' ? String(value) : true;
  }
}

/** A deep copy that keeps raw tokens and own `__proto__` keys (structuredClone keeps neither). */
function clone(value: unknown): unknown {
  if (isRaw(value)) return value;
  if (Array.isArray(value)) return value.map(clone);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) setOwn(copy, key, clone(child));
    return copy;
  }
  return value;
}

function mutateDocuments(original: unknown[], mutations: readonly DocumentMutation[]): unknown[] {
  const documents = original.map(clone);
  for (const mutation of mutations) {
    if (mutation.op === 'empty-document') {
      documents.splice(mutation.at % (documents.length + 1), 0, null);
      continue;
    }
    if (mutation.op === 'duplicate-document' || mutation.op === 'drop-document') {
      if (documents.length === 0) continue;
      const index = mutation.pick % documents.length;
      if (mutation.op === 'drop-document') documents.splice(index, 1);
      else documents.splice(mutation.at % (documents.length + 1), 0, clone(documents[index]));
      continue;
    }
    // A whole document replaced is mostly not a resource any more: generated cases cover that.
    const nodes = allNodes(documents).filter((node) => node.container !== documents || (mutation.op !== 'swap-type' && mutation.op !== 'replace'));
    if (nodes.length === 0) continue;
    const node = nodes[mutation.pick % nodes.length]!;
    const value = node.value;
    const isMap = typeof value === 'object' && value !== null && !Array.isArray(value) && !isRaw(value);
    switch (mutation.op) {
      case 'drop-key': {
        const keys = isMap ? Object.keys(value) : [];
        if (keys.length > 0) delete (value as Record<string, unknown>)[keys[mutation.which % keys.length]!];
        else if (Array.isArray(node.container)) node.container.splice(node.key as number, 1);
        else delete node.container[node.key as string];
        break;
      }
      case 'rename-key': {
        const keys = isMap ? Object.keys(value) : [];
        if (keys.length === 0) break;
        const key = keys[mutation.which % keys.length]!;
        const child = (value as Record<string, unknown>)[key];
        delete (value as Record<string, unknown>)[key];
        setOwn(value as Record<string, unknown>, mutation.to, child);
        break;
      }
      case 'add-key':
        if (isMap) setOwn(value as Record<string, unknown>, mutation.key, clone(mutation.value));
        else setOwn(node.container, node.key, { [mutation.key]: clone(mutation.value) });
        break;
      case 'swap-type':
        setOwn(node.container, node.key, swapped(value, mutation.to));
        break;
      case 'replace':
        setOwn(node.container, node.key, clone(mutation.value));
        break;
      case 'set-kind':
        if (isMap) {
          setOwn(value as Record<string, unknown>, 'apiVersion', mutation.apiVersion);
          setOwn(value as Record<string, unknown>, 'kind', mutation.kind);
        }
        break;
    }
  }
  return documents;
}

// ---------------------------------------------------------------------------------------------
// Serialisation: block YAML (yaml), flow (JSON, which is YAML), or js-yaml's dump. Raw values are
// placeholders in the serialised text, replaced by their token afterwards.

type Style = 'yaml' | 'json' | 'js-yaml' | 'json-compact';

function serialize(documents: unknown[], style: Style, separator: string): string {
  const raws: string[] = [];
  const withPlaceholders = (value: unknown): unknown => {
    if (isRaw(value)) {
      raws.push(value.raw);
      return `RAW${raws.length - 1}PLACEHOLDER`;
    }
    if (Array.isArray(value)) return value.map(withPlaceholders);
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) setOwn(copy, key, withPlaceholders(child));
      return copy;
    }
    return value;
  };
  const texts = documents.map((document) => {
    const value = withPlaceholders(document);
    try {
      switch (style) {
        case 'yaml':
          return YAML.stringify(value, { aliasDuplicateObjects: false }) ?? '';
        case 'js-yaml':
          return jsYaml.dump(value, { skipInvalid: true, noRefs: true });
        case 'json':
          return `${JSON.stringify(value, null, 2) ?? 'null'}\n`;
        case 'json-compact':
          return `${JSON.stringify(value) ?? 'null'}\n`;
      }
    } catch {
      return `${JSON.stringify(value) ?? 'null'}\n`;
    }
  });
  const joined = texts.join(separator);
  return joined.replace(/(["']?)RAW(\d+)PLACEHOLDER\1/g, (_match, _quote, index: string) => raws[Number(index)] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Text mutations: characters YAML cares about, inserted or deleted anywhere; whole-text
// transformations; truncation at a random byte of the UTF-8 encoding.

const textTokens = [':', ': ', '-', '- ', '{', '}', '[', ']', ',', '\t', '\n', '\r', '\r\n', ' ', '  ', '"', "'", '#', '&', '*', '!', '|', '>', '?', '%', '@', '`', '---\n', '\n---\n', '...\n', '{{ .Values.x }}', '\u00a0', '\ufeff', '\u2028', 'é', '🚀', '\ud83d', '\u0000', '\\', '<<: *a\n', '&a ', '*a'];

type TextMutation = { op: 'insert'; at: number; token: string } | { op: 'delete'; at: number; length: number } | { op: 'replace'; at: number; token: string };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, token: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...textTokens) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), at: position, token: fc.constantFrom(...textTokens) }) },
);

function mutateText(text: string, mutations: readonly TextMutation[]): string {
  let result = text;
  for (const mutation of mutations) {
    const at = mutation.at % (result.length + 1);
    if (mutation.op === 'insert') result = result.slice(0, at) + mutation.token + result.slice(at);
    else if (mutation.op === 'delete') result = result.slice(0, at) + result.slice(at + mutation.length);
    else result = result.slice(0, at) + mutation.token + result.slice(at + 1);
  }
  return result;
}

type Transform = 'none' | 'crlf' | 'cr' | 'bom' | 'tabs' | 'no-final-newline' | 'latin1';

function transform(text: string, how: Transform): string {
  switch (how) {
    case 'none':
      return text;
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'bom':
      return `\ufeff${text}`;
    case 'tabs':
      return text.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2));
    case 'no-final-newline':
      return text.replace(/\s+$/, '');
    case 'latin1':
      // What a Latin-1 file looks like once read as UTF-8.
      return Buffer.from(text, 'latin1').toString('utf8');
  }
}

const transformArbitrary: fc.Arbitrary<Transform> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('none' as const) },
  { weight: 1, arbitrary: fc.constantFrom('crlf' as const, 'cr' as const, 'bom' as const, 'tabs' as const, 'no-final-newline' as const, 'latin1' as const) },
);

/** Cuts the UTF-8 encoding at a byte (maybe inside a character), and reads it back as UTF-8. */
function truncateAtByte(text: string, at: number | null): string {
  if (at === null) return text;
  const bytes = Buffer.from(text, 'utf8');
  return bytes.subarray(0, at % (bytes.length + 1)).toString('utf8');
}

/** Usually no truncation: a truncated text is mostly a syntax error, which text mutations cover too. */
const truncation: fc.Arbitrary<number | null> = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: position });

/** Usually none: the documents' mutations are the point of a case that has them. */
const fewTextMutations: fc.Arbitrary<readonly TextMutation[]> = fc.oneof({ weight: 3, arbitrary: fc.constant<readonly TextMutation[]>([]) }, { weight: 1, arbitrary: fc.array(textMutation, { minLength: 1, maxLength: 3 }) });

// ---------------------------------------------------------------------------------------------
// The cases.

interface Case {
  origin: string;
  text: string;
}

/** A case prints, in fast-check's reports, as its origin and its text (shortened when long). */
function makeCase(origin: string, text: string): Case {
  return {
    origin,
    text,
    [fc.toStringMethod]: () => `{ origin: ${JSON.stringify(origin)}, length: ${text.length}, text: ${JSON.stringify(text.length > 4_000 ? `${text.slice(0, 4_000)}…` : text)} }`,
  } as Case;
}

const separator = fc.oneof({ weight: 8, arbitrary: fc.constant('---\n') }, { weight: 1, arbitrary: fc.constantFrom('--- \n', '---\r\n', '\n---\n# comment\n', '--- # kubelint-disable\n', '...\n---\n') });
const style = fc.constantFrom<Style>('yaml', 'yaml', 'yaml', 'json', 'js-yaml', 'json-compact');

/** A fixture's documents, mutated, serialised, perhaps mutated as text and truncated. */
const mutatedDocumentsCase: fc.Arbitrary<Case> = fc
  .record({
    fixture: fc.noBias(fc.integer({ min: 0, max: Math.max(0, fixtureDocuments.length - 1) })),
    mutations: fc.array(documentMutation, { minLength: 1, maxLength: 8 }),
    style,
    separator,
    textMutations: fewTextMutations,
    transform: transformArbitrary,
    truncateAt: truncation,
  })
  .map(({ fixture, mutations, style, separator, textMutations, transform: how, truncateAt }) => {
    const source = fixtureDocuments[fixture]!;
    const text = serialize(mutateDocuments(source.documents, mutations), style, separator);
    return makeCase(`documents of fixtures/${source.name}`, truncateAtByte(transform(mutateText(text, textMutations), how), truncateAt));
  });

/** A fixture's text, mutated character by character, perhaps truncated. */
const mutatedTextCase: fc.Arbitrary<Case> = fc
  .record({
    fixture: fc.noBias(fc.integer({ min: 0, max: fixtureTexts.length - 1 })),
    mutations: fc.array(textMutation, { minLength: 1, maxLength: 12 }),
    transform: transformArbitrary,
    truncateAt: truncation,
  })
  .map(({ fixture, mutations, transform: how, truncateAt }) => {
    const source = fixtureTexts[fixture]!;
    return makeCase(`text of fixtures/${source.name}`, truncateAtByte(transform(mutateText(source.text, mutations), how), truncateAt));
  });

/** A document with the shape of a Kubernetes resource, its contents arbitrary. */
const resourceLike: fc.Arbitrary<unknown> = fc.record(
  {
    apiVersion: fc.oneof(fc.constantFrom(...apiVersions), strangeValue),
    kind: fc.oneof(fc.constantFrom(...kinds), strangeValue),
    metadata: fc.oneof(
      fc.record({ name: fc.oneof(fc.constantFrom('web', 'api', 'db'), strangeValue), namespace: fc.oneof(fc.constantFrom('default', 'prod'), strangeValue), labels: fc.oneof(fc.constant({ app: 'web' }), fc.dictionary(fc.constantFrom(...interestingKeys), strangeValue, { maxKeys: 3 })) }, { requiredKeys: [] }),
      strangeValue,
    ),
    spec: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom(...interestingKeys), fc.oneof(strangeValue, fc.jsonValue({ maxDepth: 3 })), { maxKeys: 6 })),
    items: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }),
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);

/** Documents generated from scratch: arbitrary JSON values, or resource-shaped ones. */
const scratchCase: fc.Arbitrary<Case> = fc
  .record({
    documents: fc.array(fc.oneof(fc.jsonValue({ maxDepth: 4 }), resourceLike), { minLength: 1, maxLength: 4 }),
    style,
    separator,
    textMutations: fewTextMutations,
    truncateAt: truncation,
  })
  .map(({ documents, style, separator, textMutations, truncateAt }) => makeCase('generated from scratch', truncateAtByte(mutateText(serialize(documents, style, separator), textMutations), truncateAt)));

/** The billion laughs: nine levels of nine aliases to the level below, 9^9 strings once expanded. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    const below = String.fromCharCode(96 + level);
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${below}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Hostile texts written by hand: alias bombs, deep nesting, many documents, long lines. */
const hostileTexts: Case[] = [
  { origin: 'alias bomb', text: billionLaughs() },
  { origin: 'deep flow nesting', text: `${'['.repeat(5_000)}${']'.repeat(5_000)}\n` },
  { origin: 'deep block nesting', text: Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n' },
  { origin: 'deep flow maps', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${'{a: '.repeat(2_000)}1${'}'.repeat(2_000)}\n` },
  { origin: 'many documents', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: a}, ports: [{port: 80}]}\n---\n'.repeat(300) },
  { origin: 'many empty documents', text: '---\n'.repeat(3_000) },
  { origin: 'long line', text: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${'n'.repeat(200_000)}\n` },
  { origin: 'self-referencing merge keys', text: 'base: &b\n  x: 1\n  <<: *b\nkind: Service\napiVersion: v1\n' },
  { origin: 'recursive alias', text: 'apiVersion: v1\nkind: Service\nmetadata: &m\n  name: x\n  self: *m\nspec: &s {selector: *s}\n' },
  { origin: 'helm source comments', text: '---\n# Source: chart/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: nothing}, ports: [{port: 80, targetPort: http}]}\n---\n# Source: chart/templates/bad.yaml\nkind: [\n' },
  { origin: 'suppression comments', text: '# kubelint-disable\n# kubelint-enable schema\n# kubelint-disable-next-line\n# kubelint-disable-line nothing, ,\napiVersion: v1\nkind: Service # kubelint-disable-line\nmetadata: {name: s, annotations: {kubelint.io/ignore: "*"}}\nspec: {ports: [{port: "x"}]}\n' },
  { origin: 'list of everything', text: 'apiVersion: v1\nkind: List\nitems:\n  - null\n  - 1\n  - [x]\n  - {kind: List, items: [{kind: List, items: {}}]}\n  - {apiVersion: v1, kind: Service, metadata: {name: [x]}, spec: {ports: 80}}\n' },
];

const hostileCase: fc.Arbitrary<Case> = fc
  .record({ which: fc.integer({ min: 0, max: hostileTexts.length - 1 }), mutations: fewTextMutations, truncateAt: truncation })
  .map(({ which, mutations, truncateAt }) => {
    const source = hostileTexts[which]!;
    return makeCase(source.origin, truncateAtByte(mutateText(source.text, mutations), truncateAt));
  });

const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 8, arbitrary: mutatedDocumentsCase },
  { weight: 5, arbitrary: mutatedTextCase },
  { weight: 3, arbitrary: scratchCase },
  { weight: 1, arbitrary: hostileCase },
);

// ---------------------------------------------------------------------------------------------
// The properties.

const cwd = temporaryTree();
// The input being linted, written before each run: should the process die (a native crash cannot
// be caught), the input that killed it is still there (the temporary folder is removed only when
// the test file ends normally).
const lastCaseFile = path.join(cwd, 'last-case.txt');
if (runs !== DEFAULT_RUNS) console.log(`if this process dies, the input it was linting is in ${lastCaseFile}`);
const ruleIds = new Set(allRules.map((rule) => rule.meta.id));
const severities = new Set(['error', 'warning', 'info']);

type Outcome = { ok: true; result: LintResult } | { ok: false; error: string };

async function runLint(text: string): Promise<Outcome> {
  writeFileSync(lastCaseFile, text);
  const started = performance.now();
  try {
    const result = await lint({ paths: ['-'], stdin: { text, filename: 'case.yaml' }, cwd, siblingContext: false });
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    const elapsed = performance.now() - started;
    if (elapsed > SLOW_CASE_MS) throw new Error(`lint took ${Math.round(elapsed)} ms on this input (a hang?)`);
  }
}

/** Lines of the text, counting every YAML line break (LF, CRLF, CR). */
function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function spanProblems(where: string, span: { line: unknown; column: unknown; endLine: unknown; endColumn: unknown }, lines: number): string[] {
  const problems: string[] = [];
  const { line, column, endLine, endColumn } = span;
  if (!Number.isInteger(line) || (line as number) < 1 || (line as number) > lines) problems.push(`${where}: line ${String(line)} is not within 1..${lines}`);
  if (!Number.isInteger(column) || (column as number) < 1) problems.push(`${where}: column ${String(column)} is not an integer >= 1`);
  if (!Number.isInteger(endLine) || (endLine as number) < (line as number)) problems.push(`${where}: endLine ${String(endLine)} is before line ${String(line)}`);
  if (!Number.isInteger(endColumn)) problems.push(`${where}: endColumn ${String(endColumn)} is not an integer`);
  return problems;
}

function findingProblems(finding: Finding, index: number, lines: number): string[] {
  const where = `finding ${index} (${finding.ruleId}: ${finding.message})`;
  const problems = spanProblems(where, finding, lines);
  if (!ruleIds.has(finding.ruleId)) problems.push(`${where}: rule id "${finding.ruleId}" is not among allRules`);
  if (!severities.has(finding.severity)) problems.push(`${where}: severity "${finding.severity}" is not error, warning or info`);
  if (typeof finding.message !== 'string' || finding.message === '') problems.push(`${where}: no message`);
  if (typeof finding.file !== 'string' || finding.file === '') problems.push(`${where}: no file`);
  (finding.related ?? []).forEach((related: RelatedLocation, i) => {
    const relatedWhere = `${where}, related ${i}`;
    problems.push(...spanProblems(relatedWhere, related, lines));
    if (typeof related.file !== 'string' || related.file === '') problems.push(`${relatedWhere}: no file`);
  });
  return problems;
}

const describeCase = (testCase: Case) => `${testCase.origin}, text ${JSON.stringify(testCase.text.length > 2_000 ? `${testCase.text.slice(0, 2_000)}…` : testCase.text)}`;

const parameters = (): fc.Parameters<[Case]> => ({
  numRuns: runs,
  seed,
  interruptAfterTimeLimit: timeLimitSeconds * 1_000,
  // The error (which property, which finding) in the message: node:test does not print causes.
  includeErrorInReport: true,
});

describe(`fuzz: mutated and generated manifests through lint (${runs} runs, seed ${seed})`, () => {
  test('the corpus is the fixtures', () => {
    assert.ok(fixtureTexts.length >= 50, `only ${fixtureTexts.length} fixture files read`);
    assert.ok(fixtureDocuments.length >= 40, `only ${fixtureDocuments.length} fixtures parsed as documents`);
  });

  test(`(1) lint never throws (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (testCase) => {
        const outcome = await runLint(testCase.text);
        if (!outcome.ok) throw new Error(`lint threw on ${describeCase(testCase)}:\n${outcome.error}`);
      }),
      parameters(),
    );
  });

  test(`(2) every finding has a valid position, rule id and severity (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (testCase) => {
        const outcome = await runLint(testCase.text);
        // A throw is property (1)'s failure, reported there.
        if (!outcome.ok) return;
        const lines = lineCount(testCase.text);
        const problems = outcome.result.findings.flatMap((finding, i) => findingProblems(finding, i, lines));
        if (problems.length > 0) throw new Error(`bad findings on ${describeCase(testCase)}:\n${problems.join('\n')}\nfindings: ${JSON.stringify(outcome.result.findings, null, 2)}`);
      }),
      parameters(),
    );
  });

  test(`(3) lint is deterministic: a second run gives the same result (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (testCase) => {
        const first = await runLint(testCase.text);
        const second = await runLint(testCase.text);
        // Throwing twice with the same error is deterministic too (property (1) reports the throw).
        if (!isDeepStrictEqual(first, second)) {
          throw new Error(`two runs differ on ${describeCase(testCase)}:\nfirst:  ${JSON.stringify(first)}\nsecond: ${JSON.stringify(second)}`);
        }
      }),
      parameters(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Counterexamples the fuzzer found, kept as plain tests. Both were about nesting deep enough to
// overflow the stack inside the yaml package's composer (fixed: such text is refused by a linear
// scan before any parser recurses); each runs in a child process of its own, since one of them
// used to kill the process (a native abort no test can catch) and the other depended on how warm
// the JIT was.

const flowNesting = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;

describe('fuzz: counterexamples found', () => {
  test(
    'two documents nested 1000 deep: input-limits findings, and the process does not abort',
    () => {
      const text = `${flowNesting(1000)}---\n${flowNesting(1000)}`;
      const run = spawnSync(process.execPath, [cliPath, '--format', 'json', '-'], { input: text, cwd: temporaryTree(), encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.signal, null, `kubelint was killed by ${String(run.signal)}: ${run.stderr.split('\n').find((line) => line.includes('FATAL')) ?? run.stderr.slice(0, 300)}`);
      assert.equal(run.status, 1, run.stderr);
      const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
      assert.ok(findings.length > 0 && findings.every((finding) => finding.ruleId === 'input-limits'), run.stdout);
    },
  );

  test(
    'nesting 800 deep: the same finding on the first run of a process and on the next',
    () => {
      const script = `
        import { lint } from ${JSON.stringify(pathToFileURL(path.join(projectRoot, 'dist', 'src', 'api.js')).href)};
        const text = ${JSON.stringify(flowNesting(800))};
        const results = [];
        for (let i = 0; i < 2; i++) results.push(await lint({ paths: ['-'], stdin: { text, filename: 'case.yaml' }, cwd: process.cwd(), siblingContext: false }));
        console.log(JSON.stringify(results));
      `;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: temporaryTree(), encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.signal, null, `killed by ${String(run.signal)}`);
      assert.equal(run.status, 0, run.stderr);
      const [first, second] = JSON.parse(run.stdout) as [LintResult, LintResult];
      assert.deepEqual(second, first);
    },
  );
});
