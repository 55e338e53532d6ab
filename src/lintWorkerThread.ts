/**
 * A worker thread's entry (workers.ts starts it). Its work is loaded from the CLI's bundle with
 * V8's code cache, as the command itself is, so that a worker does not compile kubelint's code
 * again.
 */
import { requireWithCodeCache } from './codeCache.js';
import type { runLintWorker } from './lintWorker.js';

const bundle = requireWithCodeCache(new URL('./cli.bundle.cjs', import.meta.url)) as { runLintWorker: typeof runLintWorker };
bundle.runLintWorker();
