/**
 * Bundles the CLI into one CommonJS file, dist/src/cli.bundle.cjs, which the package's bin
 * (dist/src/kubelint.js) loads with V8's code cache, written here after a warm-up run; and the
 * worker thread into dist/src/lintWorker.js. Node's ESM loader pays for every module it resolves,
 * reads and links, and the CLI is some seventy of them; compiling them costs as much again. The
 * bundle sits beside the modules it replaces, so their paths relative to it (`../../schemas/`,
 * `../generated/`) still hold. Packages stay external: the CLI loads them only when a run needs them.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { writeCodeCache } from '../src/codeCache.js';
import type { runCli } from '../src/cli.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const distSrc = path.join(projectRoot, 'dist', 'src');

/** One file for Node.js 20, with the packages left to node_modules. */
const bundled = { bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' } as const;

// A script, not an ES module, so that it can be loaded with a code cache; import.meta.url becomes the file's URL.
const cliBundle = path.join(distSrc, 'cli.bundle.cjs');
await build({
  ...bundled,
  format: 'cjs',
  entryPoints: [path.join(distSrc, 'cli.js')],
  outfile: cliBundle,
  define: { 'import.meta.url': 'bundleUrl' },
  banner: { js: "const bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
chmodSync(path.join(distSrc, 'kubelint.js'), 0o755);

// The warm-up lints the examples and every fixture, so that the cache holds the code of the engine, the parsers, every rule and a formatter.
const output = mkdtempSync(path.join(os.tmpdir(), 'kubelint-warm-'));
try {
  await writeCodeCache(pathToFileURL(cliBundle), async (exports) => {
    const argv = ['--format', 'json', '--jobs', '1', '--output-file', path.join(output, 'findings.json'), path.join(projectRoot, 'examples'), path.join(projectRoot, 'fixtures')];
    await (exports as { runCli: typeof runCli }).runCli(argv, (specifier) => import(specifier));
  });
} finally {
  rmSync(output, { recursive: true, force: true });
}

// The worker thread's entry, bundled over the module tsc wrote, so that the library's path to it holds.
const workerEntry = path.join(distSrc, 'lintWorker.js');
const worker = await build({ ...bundled, format: 'esm', entryPoints: [workerEntry], write: false });
writeFileSync(workerEntry, worker.outputFiles[0]?.text ?? '');
