#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ChalkInstance } from 'chalk';
import { allRules, lint } from './api.js';
import { UsageError } from './files.js';
import { formatters } from './formatters/index.js';
import type { LintResult } from './engine.js';

const HELP = `Usage: kubelint [options] [paths...]

Lints Kubernetes manifests: files, directories (recursively: *.yaml, *.yml, *.json),
or - for standard input. Without paths, lints the current directory.

Options:
  -f, --format <name>          Output format: stylish (default), compact, json
      --stdin-filename <path>  The file name to report for standard input
      --default-namespace <ns> Namespace of resources that name none (default: default)
      --kubernetes-version X.Y The Kubernetes version to check against (default: that of the
                               shipped schemas)
      --schema-dir <dir>       JSON Schemas of custom resources, named as kubeconform's catalogs
                               name them (repeatable)
      --strict-kinds           Report a kind without a schema as an error, not info
      --cache                  Reuse the last result when no file, option or version changed
      --cache-location <file>  Where --cache keeps it (default: .kubelintcache)
      --max-warnings <n>       Exit with 1 when there are more than n warnings
      --quiet                  Report errors only
      --color, --no-color      Force colours on or off (NO_COLOR and FORCE_COLOR are honoured)
      --list-rules             List every rule with its severity and category
  -v, --version                Print the version
  -h, --help                   Print this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings, 2 the run failed.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArguments(argv);
  if (values.help) return print(HELP);
  if (values.version) return print(readVersion());
  if (values['list-rules']) return print(listRules());

  const formatName = values.format ?? 'stylish';
  const formatter = Object.hasOwn(formatters, formatName) ? formatters[formatName] : undefined;
  if (!formatter) throw new UsageError(`unknown format "${formatName}"; expected one of ${Object.keys(formatters).join(', ')}`);
  const maxWarnings = parseCount(values['max-warnings'], '--max-warnings');
  const paths = positionals.length > 0 ? positionals : ['.'];
  const stdinFilename = values['stdin-filename'];
  if (stdinFilename !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename names standard input: add - to the paths');

  const result = await lint({
    paths,
    ...(values['default-namespace'] ? { defaultNamespace: values['default-namespace'] } : {}),
    ...(values.cache ? { cache: { location: path.resolve(values['cache-location'] ?? '.kubelintcache') } } : {}),
    settings: {
      ...(values['kubernetes-version'] ? { kubernetesVersion: values['kubernetes-version'] } : {}),
      ...(values['schema-dir'] ? { schemaDirs: values['schema-dir'] } : {}),
      ...(values['strict-kinds'] ? { strictKinds: true } : {}),
    },
    ...(paths.includes('-') ? { stdin: { text: readFileSync(0, 'utf8'), ...(stdinFilename ? { filename: stdinFilename } : {}) } } : {}),
  });
  const shown: LintResult = values.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === 'error') } : result;
  const context = { cwd: process.cwd(), rules: allRules.map((rule) => rule.meta), version: readVersion() };
  const output = formatter(shown, { ...context, ...(formatName === 'stylish' ? { color: await colors(values) } : {}) });
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);

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
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'stdin-filename': { type: 'string' },
        'default-namespace': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        'schema-dir': { type: 'string', multiple: true },
        'strict-kinds': { type: 'boolean' },
        cache: { type: 'boolean' },
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

function parseCount(value: string | undefined, flag: string): number | undefined {
  if (value === undefined || value === '-1') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} needs a whole number, got "${value}"`);
  return Number(value);
}

/** chalk is loaded only for the formats that colour their output. */
async function colors(flags: { color?: boolean; 'no-color'?: boolean }): Promise<ChalkInstance> {
  const { Chalk, supportsColor } = await import('chalk');
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

function listRules(): string {
  const rows = allRules.map((rule) => [rule.meta.id, rule.meta.severity, rule.meta.category, rule.meta.description]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  return rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')).join('\n');
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const internal = !(error instanceof UsageError);
    process.stderr.write(`kubelint: ${internal ? 'internal error: ' : ''}${message}\n`);
    if (internal && process.env['KUBELINT_DEBUG'] && error instanceof Error) process.stderr.write(`${String(error.stack)}\n${error.cause instanceof Error ? String(error.cause.stack) : ''}\n`);
    process.exitCode = 2;
  },
);
