/**
 * Bundles the CLI into one CommonJS file, dist/src/cli.bundle.cjs, which the package's bin
 * (dist/src/kubelint.js) and its worker threads (dist/src/lintWorkerThread.js) load with V8's code
 * cache, written here after a warm-up run. Node's ESM loader pays for every module it resolves,
 * reads and links, and the CLI is some seventy of them; compiling them costs as much again. The
 * bundle sits beside the modules it replaces, so their paths relative to it (`../../schemas/`,
 * `../generated/`) still hold.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { writeCodeCache } from '../src/codeCache.js';
import type { runCli } from '../src/cliBundle.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const distSrc = path.join(projectRoot, 'dist', 'src');

/**
 * The packages the CLI imports by name go into the bundle, and so into its code cache: js-yaml,
 * which every run that parses needs, and tinyglobby. Two stay in node_modules: the yaml package,
 * large, and needed only where js-yaml is not enough (a file with aliases, templates or syntax
 * errors, a problem in the configuration); and picomatch, which tinyglobby's file walker loads
 * from there itself. The packages loaded by path at run time (ajv, re2js, ignore, chalk) are not
 * seen by the bundler, and load only when a run needs them.
 */
const EXTERNAL_PACKAGES = ['yaml', 'picomatch'];

// A script, not an ES module, so that it can be loaded with a code cache; import.meta.url becomes the file's URL.
const cliBundle = path.join(distSrc, 'cli.bundle.cjs');
await build({
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: EXTERNAL_PACKAGES,
  logLevel: 'warning',
  format: 'cjs',
  entryPoints: [path.join(distSrc, 'cliBundle.js')],
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

