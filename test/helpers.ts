import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The project root, from the compiled test file in dist/test/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesRoot = path.join(projectRoot, 'fixtures');
export const cliPath = path.join(projectRoot, 'dist', 'src', 'cli.js');

const temporaryDirectories: string[] = [];
after(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

/** A temporary folder holding the given files (relative path → content), removed after the test file. */
export function temporaryTree(files: Record<string, string | Buffer> = {}): string {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'kubelint-test-')));
  temporaryDirectories.push(root);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}
