import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import jsYaml from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import { composedTree, NodeTreePositions } from '../src/nodeTreePositions.js';
import { cutDocuments, fastYamlSchema, loadDocumentsFast, needsFullParse } from '../src/parse.js';
import { YamlAstPositions } from '../src/positions.js';
import type { JsonPath } from '../src/types.js';
import { fixturesRoot, projectRoot } from './helpers.js';

/**
 * Findings in files the fast path read are placed with js-yaml's listener tree; the yaml package
 * places the rest. Both must give the same span for every node of every document, on its key and
 * on its value, and for a path the document does not have.
 */
const corpus = path.resolve(projectRoot, process.env['KUBELINT_CORPUS'] ?? path.join('..', 'shared', 'corpus'));
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: 'silent' } as const;

function comparePositions(files: string[]): { trees: number; spans: number } {
  let trees = 0;
  let spans = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    if (needsFullParse(source)) continue;
    const documents = loadDocumentsFast(source);
    const cut = documents && cutDocuments(source, documents.length);
    if (!documents || !cut) continue;
    const lineCounter = new LineCounter();
    for (const start of cut.lines.lineStarts) lineCounter.addNewLine(start);
    cut.starts.forEach((start, i) => {
      const text = source.slice(start, cut.starts[i + 1] ?? source.length);
      const parsed = parseAllDocuments(text, YAML_OPTIONS);
      if (!Array.isArray(parsed) || parsed.length !== 1 || parsed[0]?.errors.length) return;
      const tree = composedTree(text, (listener) => jsYaml.load(text, { schema: fastYamlSchema(), listener } as jsYaml.LoadOptions));
      if (!tree) return;
      trees++;
      const fromTree = new NodeTreePositions(tree, cut.lines, start);
      const fromYaml = new YamlAstPositions(parsed, lineCounter, start);
      const visit = (value: unknown, at: JsonPath): void => {
        for (const on of ['key', 'value'] as const) {
          spans++;
          assert.deepEqual(fromTree.locate(at, on), fromYaml.locate(0, at, on), `${file}, document ${i}, ${JSON.stringify(at)} (${on})`);
        }
        if (Array.isArray(value)) value.forEach((item, j) => visit(item, [...at, j]));
        else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, [...at, key]);
      };
      visit(documents[i]?.value, []);
      visit(undefined, ['not', 'in', 'the', 'document']);
    });
  }
  return { trees, spans };
}

function manifestsBelow(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name) && entry.parentPath !== path.join(fixturesRoot, 'bad'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test('js-yaml listener positions equal the yaml package positions on every fixture node', () => {
  const { trees, spans } = comparePositions(manifestsBelow(fixturesRoot));
  assert.ok(trees > 300 && spans > 10000, `compared ${trees} documents, ${spans} spans`);
});

test('js-yaml listener positions equal the yaml package positions on every corpus node', { skip: existsSync(corpus) ? false : `no corpus at ${corpus} (set KUBELINT_CORPUS)` }, () => {
  const { trees, spans } = comparePositions(manifestsBelow(corpus));
  assert.ok(trees > 800 && spans > 50000, `compared ${trees} documents, ${spans} spans`);
});

test('block scalars, empty values, flow collections, quoted keys and CRLF', () => {
  const file = path.join(projectRoot, 'test', 'positions-cases.yaml');
  assert.ok(existsSync(file));
  const { trees } = comparePositions([file]);
  assert.equal(trees, 2);
});
