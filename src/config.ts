import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import type { RuleLevel, RuleOverride, RulesConfig } from './engine.js';
import { requireWithCodeCache } from './codeCache.js';
import { displayName, UsageError } from './files.js';
import { yaml } from './lazyModules.js';
import { loadDocumentsFast, needsFullParse } from './parse.js';
import { YamlAstPositions } from './positions.js';
import type { LintSettings } from './rule.js';
import { lookupFrom, withoutNullFields } from './schemaCatalog.js';
import { describeSchemaErrors } from './schemaErrors.js';
import { presetLevelOf } from './presets.js';
import { nearestString } from './text.js';
import { isRecord } from './values.js';
import type { JsonPath } from './types.js';
import type { InputLimits } from './parse.js';

/** Configuration files, in the order they are looked for in each folder from the working directory up. */
export const CONFIG_FILE_NAMES = ['.kubelint.yaml', '.kubelint.yml', '.kubelint.json'];

export interface LoadedConfig {
  /** Absolute path of the file it came from; undefined when no file was found. */
  file?: string;
  /** The presets `rules` builds on, when the file names any. */
  extends?: string[];
  rules: RulesConfig;
  /** The `context` globs, expanded to absolute paths. */
  contextFiles: string[];
  /** `ignore` patterns (gitignore syntax), relative to the working directory. */
  ignorePatterns: string[];
  defaultNamespace?: string;
  settings: Partial<LintSettings>;
  overrides: RuleOverride[];
  limits: Partial<InputLimits>;
}

interface ConfigFile {
  extends?: string | string[];
  rules?: RulesConfig;
  context?: string[];
  ignore?: string[];
  defaultNamespace?: string;
  kubernetesVersion?: string;
  schemaDirs?: string[];
  overrides?: { files: string[]; rules: Record<string, RuleLevel> }[];
  limits?: { maxFileSizeMB?: number; maxAliases?: number; maxDepth?: number };
}

/** The nearest configuration file from `cwd` upwards. */
export function findConfigFile(cwd: string): string | undefined {
  for (let directory = path.resolve(cwd); ; directory = path.dirname(directory)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(directory, name);
      if (existsSync(file)) return file;
    }
    if (path.dirname(directory) === directory) return undefined;
  }
}

/**
 * Reads and checks a configuration file. A broken one stops the run (exit 2) with the file, line
 * and column of the first problem: a config is data, never code.
 */
export function loadConfig(file: string, cwd: string, knownRuleIds: readonly string[]): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${displayName(file, cwd)}: cannot read the configuration (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // js-yaml reads a sound configuration fast; the yaml package, slower to load, is asked only for
  // the position of a problem, and for text with aliases (its expansion limit) or errors.
  const fast = needsFullParse(text) ? undefined : loadDocumentsFast(text);
  let full: { document: Document.Parsed; lineCounter: LineCounter } | undefined;
  const parseFully = () => {
    if (!full) {
      const lineCounter = new (yaml().LineCounter)();
      full = { document: yaml().parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
    }
    return full;
  };
  let parsed: unknown;
  if (fast && fast.length <= 1) {
    parsed = fast[0]?.value;
  } else {
    const { document, lineCounter } = parseFully();
    const [syntaxError] = document.errors;
    if (syntaxError) {
      const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
      throw new UsageError(`${displayName(file, cwd)}:${line}:${col}: ${syntaxError.message.split('\n')[0] ?? ''}`);
    }
    parsed = document.toJS({ maxAliasCount: 100 });
  }
  // A key left empty (its examples commented out) is not set, as in a manifest.
  const value: unknown = withoutNullFields(parsed ?? {});
  const fail = (jsonPath: JsonPath, message: string, on: 'key' | 'value' = 'value'): never => {
    const { document, lineCounter } = parseFully();
    const span = new YamlAstPositions([document], lineCounter).locate(0, jsonPath, on);
    throw new UsageError(`${displayName(file, cwd)}:${span.line}:${span.column}: ${message}`);
  };

  // Presets first: the schema's oneOf would blame a misspelt name in a list on the list.
  const given = isRecord(value) ? value['extends'] : undefined;
  (Array.isArray(given) ? given : [given]).forEach((name, i) => {
    if (typeof name !== 'string') return;
    try {
      presetLevelOf(name);
    } catch (error) {
      fail(Array.isArray(given) ? ['extends', i] : ['extends'], (error as Error).message);
    }
  });
  const schema = configSchema();
  const validate = configValidator();
  if (!validate(value)) {
    const [problem] = describeSchemaErrors(validate.errors ?? [], value, lookupFrom(schema, schema['definitions'] as Record<string, Record<string, unknown>>), 'the configuration');
    if (problem) fail(problem.path, optionsNamed(problem.path, problem.message), problem.on);
  }
  const config = value as ConfigFile;
  const presets = typeof config.extends === 'string' ? [config.extends] : config.extends;
  const directory = path.dirname(file);
  const checkRuleIds = (rules: Record<string, unknown> | undefined, base: JsonPath) => {
    for (const id of Object.keys(rules ?? {})) {
      if (knownRuleIds.includes(id)) continue;
      const hint = nearestString(id, knownRuleIds);
      fail([...base, id], `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''} (kubelint --list-rules lists them)`, 'key');
    }
  };
  checkRuleIds(config.rules, ['rules']);
  (config.overrides ?? []).forEach((override, i) => checkRuleIds(override.rules, ['overrides', i, 'rules']));

  const relativeDirectory = path.relative(cwd, directory).split(path.sep).join('/');
  return {
    file,
    ...(presets ? { extends: presets } : {}),
    rules: config.rules ?? {},
    contextFiles: config.context?.length ? globSync(config.context, { cwd: directory, absolute: true, onlyFiles: true }).map((match) => path.resolve(match)) : [],
    // Patterns are relative to the configuration's folder; the walk takes them relative to cwd.
    ignorePatterns: (config.ignore ?? []).map((pattern) => rebasePattern(pattern, relativeDirectory)),
    ...(config.defaultNamespace ? { defaultNamespace: config.defaultNamespace } : {}),
    settings: {
      ...(config.kubernetesVersion ? { kubernetesVersion: config.kubernetesVersion } : {}),
      ...(config.schemaDirs ? { schemaDirs: config.schemaDirs.map((entry) => path.resolve(directory, entry)) } : {}),
    },
    limits: {
      ...(config.limits?.maxFileSizeMB !== undefined ? { maxFileSize: config.limits.maxFileSizeMB * 1024 * 1024 } : {}),
      ...(config.limits?.maxAliases !== undefined ? { maxAliases: config.limits.maxAliases } : {}),
      ...(config.limits?.maxDepth !== undefined ? { maxDepth: config.limits.maxDepth } : {}),
    },
    overrides: (config.overrides ?? []).map((override) => {
      const isMatch = picomatch(override.files, { dot: true });
      return { rules: override.rules, matches: (target: string) => isMatch(path.relative(directory, target).split(path.sep).join('/')) };
    }),
  };
}

/** `capabilities[1]` is the options of capabilities, in a message about them. */
function optionsNamed(path: JsonPath, message: string): string {
  const [section, id, item] = path;
  if (section !== 'rules' || typeof id !== 'string' || item !== 1) return message;
  return message.replace(`${id}[1] has no such field`, `${id} has no such option`).replace(`${id}[1]`, `the options of ${id}`);
}

function rebasePattern(pattern: string, relativeDirectory: string): string {
  if (relativeDirectory === '' || relativeDirectory.startsWith('..')) return pattern;
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  // An unanchored pattern matches at any depth below its folder.
  const rebased = body.startsWith('/') ? `${relativeDirectory}${body}` : body.includes('/') && !body.endsWith('/') ? `${relativeDirectory}/${body}` : `${relativeDirectory}/**/${body}`;
  return negated ? `!${rebased}` : rebased;
}

let schemaJson: Record<string, unknown> | undefined;
let compiled: (((data: unknown) => boolean) & { errors?: ErrorObject[] | null }) | undefined;

/** The configuration's JSON Schema, shipped in schemas/ for editors too. */
export function configSchema(): Record<string, unknown> {
  schemaJson ??= JSON.parse(readFileSync(new URL('../../schemas/kubelint-config.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return schemaJson;
}

/** The configuration's validator, precompiled at build time (scripts/build-validators.ts). */
function configValidator(): ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } {
  compiled ??= requireWithCodeCache(new URL('../generated/config-validator.cjs', import.meta.url)) as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  return compiled;
}
