import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allRules } from '../src/api.js';
import { findConfigFile } from '../src/config.js';
import type { RulesConfig } from '../src/api.js';

/** The project root, from the compiled test file in dist/test/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesRoot = path.join(projectRoot, 'fixtures');
/** The CLI as installed: the bundle the package's bin names. */
export const cliPath = path.join(projectRoot, 'dist', 'src', 'kubelint.js');

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

/** Categories of the rules that judge practice rather than correctness. */
export const HARDENING_CATEGORIES: ReadonlySet<string> = new Set(['security', 'reliability', 'practice']);

/**
 * The hardening rules off (but `except`): the fixtures of the correctness rules are written to show
 * one defect each, not to the standard of the security and reliability rules.
 */
export function hardeningRulesOff(except?: string): RulesConfig {
  return Object.fromEntries(allRules.filter((rule) => rule.meta.id !== except && HARDENING_CATEGORIES.has(rule.meta.category)).map((rule) => [rule.meta.id, 'off']));
}

let correctnessConfig: string | undefined;
/** A configuration file with the hardening rules off, for CLI tests about the CLI rather than those rules. */
export function correctnessOnlyConfig(): string {
  correctnessConfig ??= path.join(temporaryTree({ 'correctness-only.kubelint.json': JSON.stringify({ rules: hardeningRulesOff() }) }), 'correctness-only.kubelint.json');
  return correctnessConfig;
}

/** The arguments with `--config correctnessOnlyConfig()` first, unless they name a configuration or one is found from `cwd`. */
export function withCorrectnessOnlyConfig(args: readonly string[], cwd = projectRoot): string[] {
  const configured = args.includes('--config') || args.includes('--init') || findConfigFile(cwd) !== undefined;
  return configured ? [...args] : ['--config', correctnessOnlyConfig(), ...args];
}
