import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * Loads a large generated CommonJS module with V8's code cache, kept beside it: parsing the
 * 1.8 MB of precompiled validators costs most of their load time, and the cache skips it. A
 * missing or rejected cache (another Node.js version) only costs that time back.
 */
export function requireWithCodeCache(moduleUrl: URL): unknown {
  const file = fileURLToPath(moduleUrl);
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.v8cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (exports: unknown, require: NodeRequire, module: { exports: unknown }) => void)(module.exports, createRequire(file), module);
  return module.exports;
}

/** Writes the code cache of a generated module (at build time, after warming it up with `warm`). */
export function writeCodeCache(moduleUrl: URL, warm: (exports: unknown) => void): void {
  const file = fileURLToPath(moduleUrl);
  const source = readFileSync(file, 'utf8');
  const script = new vm.Script(`(function (exports, require, module) {${source}\n})`, { filename: file });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (exports: unknown, require: NodeRequire, module: { exports: unknown }) => void)(module.exports, createRequire(file), module);
  warm(module.exports);
  writeFileSync(`${file}.v8cache`, script.createCachedData());
}
