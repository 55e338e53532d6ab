import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isCodeCacheAccepted } from '../src/codeCache.js';
import { projectRoot } from './helpers.js';

/**
 * The build writes V8's code cache beside the bundled CLI and the precompiled validators; a cache
 * that V8 rejects (written for other code, or read with another wrapper) costs nothing visible but
 * the time it was meant to save, so this checks that this Node.js takes each of them.
 */
for (const module of ['dist/src/cli.bundle.cjs', 'dist/generated/kubernetes-validators.cjs', 'dist/generated/config-validator.cjs']) {
  test(`the code cache of ${module} is accepted`, () => {
    assert.equal(isCodeCacheAccepted(pathToFileURL(path.join(projectRoot, module))), true);
  });
}
