import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadDocumentsFast, loadDocumentsFully, needsFullParse } from '../src/parse.js';
import { fixturesRoot, projectRoot } from './helpers.js';

/**
 * Two parsers read manifests: js-yaml for speed, the yaml package for positions and errors.
 * Wherever both accept a file, they must agree on every document and every value in it, or a
 * finding would be computed on one reading and located on another.
 */
const corpus = path.resolve(projectRoot, process.env['KUBELINT_CORPUS'] ?? path.join('..', 'shared', 'corpus'));

function yamlFilesBelow(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** Compares the files the fast path reads in a run (not those it leaves to the yaml package). */
function compare(files: string[]): { compared: number } {
  let compared = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    if (needsFullParse(text)) continue;
    const fast = loadDocumentsFast(text);
    const full = loadDocumentsFully(text);
    if (!fast || !full) continue;
    assert.deepEqual(fast, full, `the parsers disagree on ${file}`);
    compared++;
  }
  return { compared };
}

test('js-yaml and the yaml package agree on every fixture', () => {
  const { compared } = compare(yamlFilesBelow(fixturesRoot));
  assert.ok(compared > 50, `compared ${compared} fixtures`);
});

test('js-yaml and the yaml package agree on every corpus file', { skip: existsSync(corpus) ? false : `no corpus at ${corpus} (set KUBELINT_CORPUS)` }, () => {
  const { compared } = compare(yamlFilesBelow(corpus));
  assert.ok(compared > 400, `compared ${compared} corpus files`);
});
