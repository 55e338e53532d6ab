/**
 * What the CLI's bundle (scripts/bundle-cli.ts) holds: the command, and the work of a worker
 * thread. The command's threads all load this one bundle, with its code cache.
 */
export { runCli } from './cli.js';
export { runLintWorker } from './lintWorker.js';
