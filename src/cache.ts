import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintResult } from './engine.js';
import type { LintSettings } from './rule.js';

/**
 * The result cache of `--cache`. Cross-resource rules make every finding depend on the whole
 * set of files, so the cache keeps whole results: a run whose inputs (every file's path and
 * content), options, schema catalogs and kubelint version are those of the last run prints the
 * last run's result without parsing anything. A missing, stale or unreadable cache is ignored.
 */

let version: string | undefined;
/** Read only when --cache is used: a run without it pays nothing for this module. */
function kubelintVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

interface CachedRun {
  kubelint: string;
  key: string;
  result: LintResult;
}

export function computeCacheKey(
  inputs: readonly { name: string; named: boolean; text: string }[],
  options: { rules: object; overrides: object[]; settings: LintSettings; defaultNamespace: string; siblingContext: boolean; reportUnusedDisableDirectives: boolean },
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ kubelint: kubelintVersion(), ...options }));
  for (const input of inputs) {
    hash.update(`\0${input.named ? 'named' : 'context'}\0${input.name}\0`);
    hash.update(createHash('sha1').update(input.text).digest('hex'));
  }
  // A schema catalog may change between runs: its files' sizes and times are part of the key.
  for (const directory of options.settings.schemaDirs) {
    for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      const info = statSync(file);
      hash.update(`\0${file}\0${info.size}\0${info.mtimeMs}`);
    }
  }
  return hash.digest('hex');
}

export function readCachedResult(location: string, key: string): LintResult | undefined {
  try {
    const cached = JSON.parse(readFileSync(location, 'utf8')) as Partial<CachedRun>;
    return cached.kubelint === kubelintVersion() && cached.key === key && cached.result ? cached.result : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedResult(location: string, key: string, result: LintResult): void {
  const cached: CachedRun = { kubelint: kubelintVersion(), key, result };
  try {
    writeFileSync(location, JSON.stringify(cached));
  } catch {
    // A cache that cannot be written only costs the next run its speed-up.
  }
}
