#!/usr/bin/env node
/**
 * The kubelint command. The CLI is bundled into one CommonJS file (scripts/bundle-cli.ts) and
 * loaded with V8's code cache, which Node.js 20 offers for scripts but not for ES modules: a
 * pre-commit run on one small file then starts without compiling the CLI's code.
 */
import { requireWithCodeCache } from './codeCache.js';
import type { runCli } from './cli.js';

const cli = requireWithCodeCache(new URL('./cli.bundle.cjs', import.meta.url)) as { runCli: typeof runCli };
process.exitCode = await cli.runCli(process.argv.slice(2), (specifier) => import(specifier));
