import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, from the compiled test file in dist/test/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesRoot = path.join(projectRoot, 'fixtures');
export const cliPath = path.join(projectRoot, 'dist', 'src', 'cli.js');
