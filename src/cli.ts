import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChalkInstance } from 'chalk';
import { allRules, lint } from './api.js';
import { readResources } from './engine.js';
import { planIngress } from './planIngress.js';
import { DEFAULT_PRESETS, isInPreset, settingsOfPresets } from './presets.js';
import { PRESET_LEVELS } from './rule.js';
import { describeFsError, UsageError } from './files.js';
import { formatters } from './formatters/index.js';
import type { LintResult, RuleLevel, RulesConfig } from './engine.js';
import { CONFIG_FILE_NAMES, findConfigFile, loadConfig } from './config.js';
import type { LoadedConfig } from './config.js';

const HELP = `Usage: kubelint [options] [paths...]
       kubelint plan-ingress [options] [paths...]

Lints Kubernetes manifests: files, directories (recursively: *.yaml, *.yml, *.json),
or - for standard input. Without paths, lints the current directory.

Options:
  -f, --format <name>          Output format: stylish (default), compact, json, sarif, github,
                               junit, gitlab; repeatable, each with its own --output-file
  -o, --output-file <file>     Write the preceding --format to a file instead of stdout
      --stdin-filename <path>  The file name to report for standard input
      --default-namespace <ns> Namespace of resources that name none (default: default)
      --kubernetes-version X.Y The Kubernetes version to check against (default: that of the
                               shipped schemas)
      --schema-dir <dir>       JSON Schemas of custom resources, named as kubeconform's catalogs
                               name them (repeatable)
      --strict-kinds           Report a kind without a schema as an error, not info
      --max-file-size <MB>     Files larger are reported, not read (default: 32)
      --max-aliases <n>        Alias expansions a document may make (default: 1000)
      --max-depth <n>          Nesting levels a document may have (default: 512)
      --jobs <n>               Threads that parse and check files (default: the number of
                               cores less one; 1 MB of input or more per thread)
      --cache                  Reuse the last result when no file, option or version changed
      --cache-location <file>  Where --cache keeps it (default: .kubelintcache)
      --max-warnings <n>       Exit with 1 when there are more than n warnings
      --quiet                  Report errors only
      --color, --no-color      Force colours on or off (NO_COLOR and FORCE_COLOR are honoured)
  -c, --config <file>          Configuration file (default: .kubelint.yaml, .kubelint.yml or
                               .kubelint.json, from the working directory upwards)
      --rule <id>=<level>      Set a rule's level: off, info, warning, error (repeatable)
      --print-config <file>    Print the configuration that applies to a file
      --report-unused-disable-directives
                               Report kubelint-disable comments that suppress nothing
      --init                   Write a commented starter .kubelint.yaml
      --list-rules             List every rule with its severity, category and presets
  -v, --version                Print the version
  -h, --help                   Print this help

plan-ingress prints, for kubectl apply -f -, the Ingress (AWS ALB, one IngressGroup) and the
ClusterIP Services that replace the HTTP LoadBalancer Services of the paths.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings, 2 the run failed.`;

/**
 * Loads an ES module for the CLI (chalk): the caller's own `import()`, since the bundle runs as a
 * script from V8's code cache, where `import()` is not available.
 */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** Runs the command; resolves to its exit code, having said on stderr why a run failed. */
export async function runCli(argv: string[], importModule: ModuleImporter = (specifier) => import(specifier)): Promise<number> {
  try {
    return await main(argv, importModule);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const internal = !(error instanceof UsageError);
    process.stderr.write(`kubelint: ${internal ? 'internal error: ' : ''}${message}\n`);
    if (internal && process.env['KUBELINT_DEBUG'] && error instanceof Error) process.stderr.write(`${String(error.stack)}\n${error.cause instanceof Error ? String(error.cause.stack) : ''}\n`);
    return 2;
  }
}

async function main(argv: string[], importModule: ModuleImporter): Promise<number> {
  const { values, positionals, tokens } = parseArguments(argv);
  if (values.help) return print(HELP);
  if (values.version) return print(readVersion());
  if (values['list-rules']) return print(listRules());
  if (values.init) return writeStarterConfig(process.cwd());

  const outputs = parseOutputs(tokens);
  const maxWarnings = parseCount(values['max-warnings'], '--max-warnings');
  const planning = positionals[0] === 'plan-ingress';
  const given = planning ? positionals.slice(1) : positionals;
  const paths = given.length > 0 ? given : ['.'];
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename names standard input: add - to the paths');

  const config = loadConfiguration(values.config);
  // The command line wins over the configuration file.
  const rules: RulesConfig = { ...config.rules, ...parseRuleFlags(values.rule ?? []) };
  const defaultNamespace = values['default-namespace'] ?? config.defaultNamespace;
  if (values['print-config'] !== undefined) return print(JSON.stringify(effectiveConfig(values['print-config'], config, rules), null, 2));
  if (planning) {
    // The plan replaces the load balancers of the named files only, not of their neighbours.
    const resources = readResources({
      paths,
      siblingContext: false,
      contextFiles: config.contextFiles,
      ignorePatterns: config.ignorePatterns,
      ...(defaultNamespace ? { defaultNamespace } : {}),
      ...(paths.includes('-') ? { stdin: { text: readFileSync(0, 'utf8'), ...(stdinFilename ? { filename: stdinFilename } : {}) } } : {}),
    });
    process.stdout.write(planIngress(resources));
    return 0;
  }
  const result = await lint({
    paths,
    rules,
    ...(config.extends ? { extends: config.extends } : {}),
    overrides: config.overrides,
    contextFiles: config.contextFiles,
    ignorePatterns: config.ignorePatterns,
    limits: {
      ...config.limits,
      ...(values['max-file-size'] !== undefined ? { maxFileSize: parsePositive(values['max-file-size'], '--max-file-size') * 1024 * 1024 } : {}),
      ...(values['max-aliases'] !== undefined ? { maxAliases: parsePositive(values['max-aliases'], '--max-aliases') } : {}),
      ...(values['max-depth'] !== undefined ? { maxDepth: parsePositive(values['max-depth'], '--max-depth') } : {}),
    },
    ...(values['report-unused-disable-directives'] ? { reportUnusedDisableDirectives: true } : {}),
    ...(values.jobs !== undefined ? { jobs: parseWholePositive(values.jobs, '--jobs') } : {}),
    ...(defaultNamespace ? { defaultNamespace } : {}),
    ...(values.cache ? { cache: { location: path.resolve(values['cache-location'] ?? '.kubelintcache') } } : {}),
    settings: {
      ...config.settings,
      ...(values['kubernetes-version'] ? { kubernetesVersion: values['kubernetes-version'] } : {}),
      ...(values['schema-dir'] ? { schemaDirs: [...(config.settings.schemaDirs ?? []), ...values['schema-dir']] } : {}),
      ...(values['strict-kinds'] ? { strictKinds: true } : {}),
    },
    ...(paths.includes('-') ? { stdin: { text: readFileSync(0, 'utf8'), ...(stdinFilename ? { filename: stdinFilename } : {}) } } : {}),
  });
  const shown: LintResult = values.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === 'error') } : result;
  const context = { cwd: process.cwd(), rules: allRules.map((rule) => rule.meta), version: readVersion() };
  for (const { format, file } of outputs) {
    // Colour only for a terminal: a report written to a file is plain text.
    const color = format === 'stylish' && file === undefined ? { color: await colors(values, importModule) } : {};
    const output = formatters[format]?.(shown, { ...context, ...color }) ?? '';
    const text = output && !output.endsWith('\n') ? `${output}\n` : output;
    if (file === undefined) process.stdout.write(text);
    else writeReport(file, text);
  }

  // As in ESLint 9: with --quiet, the warnings that are not shown do not count against --max-warnings.
  const errors = shown.findings.filter((f) => f.severity === 'error').length;
  const warnings = shown.findings.filter((f) => f.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`kubelint found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

function parseArguments(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      tokens: true,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', multiple: true },
        'output-file': { type: 'string', short: 'o', multiple: true },
        'stdin-filename': { type: 'string' },
        'default-namespace': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        'schema-dir': { type: 'string', multiple: true },
        'strict-kinds': { type: 'boolean' },
        cache: { type: 'boolean' },
        jobs: { type: 'string' },
        'max-file-size': { type: 'string' },
        'max-aliases': { type: 'string' },
        'max-depth': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'print-config': { type: 'string' },
        rule: { type: 'string', multiple: true },
        'report-unused-disable-directives': { type: 'boolean' },
        init: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(message)?.[1] : undefined;
    const reason = unknown ? `unknown option ${unknown}` : (message.split('. ')[0] ?? message);
    throw new UsageError(`${reason} (kubelint --help lists the options)`);
  }
}

/**
 * `--format` may be given more than once, each followed by its `--output-file`; a format
 * without one prints to standard output (one at most). The default is stylish.
 */
function parseOutputs(tokens: readonly { kind: string; name?: string; value?: string | undefined }[]): { format: string; file?: string }[] {
  const outputs: { format: string; file?: string }[] = [];
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'format') {
      if (!Object.hasOwn(formatters, token.value)) throw new UsageError(`unknown format "${token.value}"; expected one of ${Object.keys(formatters).join(', ')}`);
      outputs.push({ format: token.value });
    } else if (token.name === 'output-file') {
      const last = outputs[outputs.length - 1];
      if (last && last.file === undefined) last.file = token.value;
      else outputs.push({ format: 'stylish', file: token.value });
    }
  }
  if (outputs.length === 0) outputs.push({ format: 'stylish' });
  if (outputs.filter((output) => output.file === undefined).length > 1) throw new UsageError('only one --format can print to standard output; give the others an --output-file');
  return outputs;
}

function writeReport(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`--output-file ${file}: ${describeFsError(error as NodeJS.ErrnoException)}`);
  }
}

function loadConfiguration(given: string | undefined): LoadedConfig {
  const cwd = process.cwd();
  const file = given === undefined ? findConfigFile(cwd) : path.resolve(cwd, given);
  if (given !== undefined && !existsSync(path.resolve(cwd, given))) throw new UsageError(`--config ${given}: no such file`);
  const ids = allRules.map((rule) => rule.meta.id);
  return file ? loadConfig(file, cwd, ids) : { rules: {}, contextFiles: [], ignorePatterns: [], settings: {}, overrides: [], limits: {} };
}

/** `--rule id=level` or `--rule id:level`, repeatable. */
function parseRuleFlags(flags: readonly string[]): RulesConfig {
  const rules: RulesConfig = {};
  for (const flag of flags) {
    const match = /^([a-z0-9-]+)[=:](off|info|warning|error)$/.exec(flag.trim());
    if (!match?.[1] || !match[2]) throw new UsageError(`--rule ${flag}: expected <rule-id>=<off|info|warning|error>`);
    rules[match[1]] = match[2] as RuleLevel;
  }
  return rules;
}

/** What applies to one file: every rule's level and options after the presets, configuration, overrides and flags. */
function effectiveConfig(target: string, config: LoadedConfig, rules: RulesConfig): object {
  const absolute = path.resolve(target);
  const presets = config.extends ?? DEFAULT_PRESETS;
  const fromPresets = settingsOfPresets(presets, allRules);
  const effective: Record<string, [RuleLevel, object]> = {};
  for (const rule of allRules) {
    const setting = rules[rule.meta.id];
    const preset = fromPresets.get(rule.meta.id);
    const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
    let resolved: RuleLevel = level ?? (preset?.on ? rule.meta.severity : 'off');
    for (const override of config.overrides) if (override.matches(absolute) && override.rules[rule.meta.id]) resolved = override.rules[rule.meta.id] as RuleLevel;
    effective[rule.meta.id] = [resolved, { ...(rule.defaultOptions ?? {}), ...(options ?? preset?.options ?? {}) }];
  }
  return { file: target, configFile: config.file ?? null, extends: presets, rules: effective, settings: config.settings, defaultNamespace: config.defaultNamespace ?? 'default', context: config.contextFiles, ignore: config.ignorePatterns };
}

const STARTER_CONFIG = `# yaml-language-server: $schema=node_modules/kubelint/schemas/kubelint-config.schema.json
# kubelint configuration. Paths and globs are relative to this file's folder.

# The presets the rules build on: kubelint:recommended (the default), kubelint:strict (adds the
# Pod Security Standards' restricted profile), kubelint:all (adds the rules that need the whole
# cluster in view). kubelint --list-rules shows each rule's presets.
extends: [kubelint:recommended]

# Rule levels: off, info, warning, error; or [level, {options}]. kubelint --list-rules lists them.
rules:
  # loadbalancer-consolidation: [warning, {maxHttpLoadBalancers: 1}]
  # schema: error

# Files that cross-resource rules see without reporting on them, for applications whose
# Deployments and Services live in different folders.
# context:
#   - ../shared/**/*.yaml

# Files directory walks skip, beside .gitignore and .kubelintignore (gitignore syntax).
# ignore:
#   - charts/**/templates/

# defaultNamespace: default
# kubernetesVersion: "1.30"
# schemaDirs: [schemas/crds]

# Levels for some files only; the last matching override wins.
# overrides:
#   - files: ["environments/dev/**"]
#     rules: {loadbalancer-consolidation: off}
`;

function writeStarterConfig(cwd: string): number {
  const file = path.join(cwd, '.kubelint.yaml');
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((candidate) => existsSync(candidate));
  if (existing) throw new UsageError(`${path.basename(existing)} already exists; kubelint --init leaves it alone`);
  writeFileSync(file, STARTER_CONFIG);
  return print(`wrote .kubelint.yaml`);
}

function parsePositive(value: string, flag: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`${flag} needs a positive number, got "${value}"`);
  return Number(value);
}

function parseWholePositive(value: string, flag: string): number {
  const count = parseCount(value, flag);
  if (count === undefined || count < 1) throw new UsageError(`${flag} needs a whole number of at least 1, got "${value}"`);
  return count;
}

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined || value === '-1') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} needs a whole number, got "${value}"`);
  return Number(value);
}

/** chalk is loaded only for the formats that colour their output. */
async function colors(flags: { color?: boolean; 'no-color'?: boolean }, importModule: ModuleImporter): Promise<ChalkInstance> {
  const { Chalk, supportsColor } = (await importModule('chalk')) as typeof import('chalk');
  return new Chalk({ level: colorLevel(flags, supportsColor ? supportsColor.level : 0) });
}

function colorLevel(flags: { color?: boolean; 'no-color'?: boolean }, detected: 0 | 1 | 2 | 3): 0 | 1 | 2 | 3 {
  if (flags['no-color']) return 0;
  if (flags.color) return detected || 1;
  if (process.env['NO_COLOR'] && !process.env['FORCE_COLOR']) return 0;
  return detected;
}

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** Each rule with its default severity, category and the presets that switch it on. */
function listRules(): string {
  const header = ['rule', 'severity', 'category', 'presets', 'description'];
  const rows = allRules.map((rule) => [
    rule.meta.id,
    rule.meta.severity,
    rule.meta.category,
    PRESET_LEVELS.filter((level) => isInPreset(rule, level)).join(',') || '-',
    rule.meta.description,
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[header, ...rows].map((row) => row[i]?.length ?? 0)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')).join('\n');
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

