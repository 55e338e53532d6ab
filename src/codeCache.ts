import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/**
 * Loads a large CommonJS module (the precompiled validators, the bundled CLI) with V8's code
 * cache, kept beside it: compiling the code costs much of its load time, and the cache skips it. A
 * missing or rejected cache (another Node.js version) only costs that time back.
 */
export function requireWithCodeCache(moduleUrl: URL): unknown {
  const file = fileURLToPath(moduleUrl);
  return run(compiled(file, cacheOf(file)), file);
}

/**
 * Writes the code cache of a module (at build time), after `warm` has run it: the cache then holds
 * the code of every function the warm-up called, not only the module's top level.
 */
export async function writeCodeCache(moduleUrl: URL, warm: (exports: unknown) => void | Promise<void>): Promise<void> {
  const file = fileURLToPath(moduleUrl);
  const script = compiled(file, undefined);
  await warm(run(script, file));
  writeFileSync(`${file}.v8cache`, script.createCachedData());
}

/** Whether V8 takes the code cache beside a module: false when it is missing or was made for another build or Node.js. */
export function isCodeCacheAccepted(moduleUrl: URL): boolean {
  const file = fileURLToPath(moduleUrl);
  const cachedData = cacheOf(file);
  return cachedData !== undefined && compiled(file, cachedData).cachedDataRejected === false;
}

/** The code cache beside a module, if there is one. */
function cacheOf(file: string): Buffer | undefined {
  try {
    return readFileSync(`${file}.v8cache`);
  } catch {
    return undefined;
  }
}

function compiled(file: string, cachedData: Buffer | undefined): vm.Script {
  const text = readFileSync(file, 'utf8');
  // A shebang line is no JavaScript inside the wrapper: it becomes a comment, and lines keep their numbers.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  return new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
}

type ModuleWrapper = (exports: unknown, require: NodeRequire, module: { exports: unknown }, filename: string, dirname: string) => void;

function run(script: vm.Script, file: string): unknown {
  const module = { exports: {} as unknown };
  (script.runInThisContext() as ModuleWrapper)(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
