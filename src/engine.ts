import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { collectInputFiles, describeFsError, displayName, manifestsBeside, UsageError } from './files.js';
import { parseManifest } from './parse.js';
import type { LoadProblem, ParsedFile } from './parse.js';
import { podTemplateOf } from './podTemplate.js';
import { resourceRef } from './resource.js';
import type { Resource } from './resource.js';
import { ResourceIndex } from './resourceIndex.js';
import type { AnyRule, LintSettings, RelatedNode, ReportExtras, RuleContext } from './rule.js';
import { normalizeKubernetesVersion } from './apis.js';
import { builtinSchemaIndex, SchemaCatalog } from './schemaCatalog.js';
import { computeCacheKey, readCachedResult, writeCachedResult } from './cache.js';
import { nearestString } from './text.js';
import type { Finding, JsonPath, RelatedLocation, Severity } from './types.js';

export type RuleLevel = Severity | 'off';
/** `rules` of the config: a level, or a level and the rule's options. */
export type RulesConfig = Record<string, RuleLevel | [RuleLevel, object?]>;

export interface LintOptions {
  /** Files and directories; `-` reads `stdin`. */
  paths: readonly string[];
  ruleSet: readonly AnyRule[];
  cwd?: string;
  stdin?: { text: string; filename?: string };
  defaultNamespace?: string;
  rules?: RulesConfig;
  /** Let cross-resource rules see the manifests beside each named file (default true). */
  siblingContext?: boolean;
  /** The target cluster and schema sources; unset fields take their defaults. */
  settings?: Partial<LintSettings>;
  /** Reuse the result of the last run when no input, option or kubelint version changed. */
  cache?: { location: string };
}

export interface LintResult {
  /** Files linted (named on the command line, found in named directories, or stdin). */
  files: number;
  /** Resources in those files. */
  resources: number;
  findings: Finding[];
}

interface ActiveRule {
  rule: AnyRule;
  /** Set only when the config names a level: it then wins over a finding's own severity. */
  configuredSeverity?: Severity;
  options: object;
}

/** A finding before its position is known: positions are resolved only for what is reported. */
interface PendingFinding {
  active: ActiveRule;
  resource: Resource;
  path: JsonPath;
  message: string;
  extras: ReportExtras;
}

export async function lintFiles(options: LintOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const activeRules = resolveRules(options.ruleSet, options.rules ?? {});
  const settings = resolveSettings(options.settings ?? {}, cwd);
  const inputs = readInputs(options, cwd);
  // An unchanged repository, with unchanged options, gives the same result: reuse it.
  const cacheKey = options.cache ? computeCacheKey(inputs, { rules: options.rules ?? {}, settings, defaultNamespace, siblingContext: options.siblingContext ?? true }) : undefined;
  const cached = options.cache && cacheKey ? readCachedResult(options.cache.location, cacheKey) : undefined;
  if (cached) return cached;
  const parsed = inputs.map(({ text, ...file }) => parseManifest(text, { ...file, defaultNamespace }));
  const named = parsed.filter((file) => file.source.named);
  const index = new ResourceIndex(parsed.flatMap((file) => file.resources), {
    unparsedFiles: parsed.filter((file) => !file.complete).map((file) => file.source.name),
    patchFiles: parsed.flatMap((file) => file.kustomizePatches),
  });
  const namedResources = named.flatMap((file) => file.resources);

  let schemas: SchemaCatalog | undefined;
  const pending: PendingFinding[] = [];
  for (const active of activeRules.values()) {
    if (!active.rule.check) continue;
    const context: RuleContext<object> = {
      resources: namedResources,
      index,
      options: active.options,
      defaultNamespace,
      settings,
      get schemas() {
        // Built on first use: a run whose rules need no schema never loads one.
        schemas ??= new SchemaCatalog(index.ofKind('CustomResourceDefinition'), settings.schemaDirs);
        return schemas;
      },
      podTemplateOf,
      report(resource, jsonPath, message, extras = {}) {
        // Cross-resource rules see the whole world; only the named files are reported on.
        if (resource.file.named) pending.push({ active, resource, path: jsonPath, message, extras });
      },
    };
    try {
      active.rule.check(context);
    } catch (error) {
      // A rule that throws is a bug in kubelint; say which rule, so the report is actionable.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`rule ${active.rule.meta.id} failed: ${reason}`, { cause: error });
    }
  }

  const findings: Finding[] = [];
  for (const file of named) {
    for (const problem of file.problems) {
      const active = activeRules.get(problem.ruleId);
      if (active) findings.push(loadProblemFinding(file, problem, active));
    }
  }
  for (const finding of pending) findings.push(locate(finding));
  findings.sort(compareFindings);
  const result = { files: named.length, resources: namedResources.length, findings };
  if (options.cache && cacheKey) writeCachedResult(options.cache.location, cacheKey, result);
  return result;
}

function resolveSettings(given: Partial<LintSettings>, cwd: string): LintSettings {
  const version = given.kubernetesVersion ?? builtinSchemaIndex().kubernetesVersion;
  const kubernetesVersion = normalizeKubernetesVersion(version);
  if (!kubernetesVersion) throw new UsageError(`the Kubernetes version must be written X.Y (such as 1.30), got "${version}"`);
  const schemaDirs = (given.schemaDirs ?? []).map((directory) => path.resolve(cwd, directory));
  for (const directory of schemaDirs) {
    if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`schema directory ${displayName(directory, cwd)}: no such directory`);
  }
  return {
    kubernetesVersion,
    schemaDirs,
    strictKinds: given.strictKinds ?? false,
  };
}

function resolveRules(ruleSet: readonly AnyRule[], config: RulesConfig): Map<string, ActiveRule> {
  const byId = new Map(ruleSet.map((rule) => [rule.meta.id, rule]));
  for (const id of Object.keys(config)) {
    if (!byId.has(id)) {
      const hint = nearestString(id, byId.keys());
      throw new UsageError(`unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''} (kubelint --list-rules lists them)`);
    }
  }
  const active = new Map<string, ActiveRule>();
  for (const rule of ruleSet) {
    const setting = config[rule.meta.id];
    const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
    if (level === 'off') continue;
    active.set(rule.meta.id, {
      rule,
      ...(level ? { configuredSeverity: level } : {}),
      options: { ...(rule.defaultOptions ?? {}), ...(options ?? {}) },
    });
  }
  return active;
}

/** A file's text, as read; `absolutePath` is absent for stdin. */
interface InputText {
  name: string;
  absolutePath?: string;
  named: boolean;
  text: string;
}

/** Reads the named files (strictly), stdin, and the context files (leniently), in a stable order. */
function readInputs(options: LintOptions, cwd: string): InputText[] {
  const readsStdin = options.paths.includes('-');
  const filePaths = options.paths.filter((given) => given !== '-');
  const stdinPath = readsStdin && options.stdin?.filename ? path.resolve(cwd, options.stdin.filename) : undefined;
  const siblingContext = options.siblingContext ?? true;
  const inputs = collectInputFiles(filePaths, cwd, { siblingContext });
  if (stdinPath && siblingContext) {
    // An editor sends the unsaved buffer on stdin: the file's neighbours are its context, not the file.
    inputs.context.push(...manifestsBeside(stdinPath));
  }
  if (!readsStdin && inputs.named.length === 0) {
    throw new UsageError(`no manifests (*.yaml, *.yml, *.json) found in ${filePaths.join(', ') || '.'}`);
  }

  const texts: InputText[] = [];
  if (readsStdin) {
    const name = stdinPath ? displayName(stdinPath, cwd) : '<stdin>';
    texts.push({ name, named: true, text: options.stdin?.text ?? '' });
  }
  const namedTexts = readAll(inputs.named, (file, error) => {
    throw new UsageError(`${displayName(file, cwd)}: ${describeFsError(error)}`);
  });
  inputs.named.forEach((file, i) => texts.push({ name: displayName(file, cwd), absolutePath: file, named: true, text: namedTexts[i] ?? '' }));
  const namedPaths = new Set([...inputs.named, ...(stdinPath ? [stdinPath] : [])]);
  const contextFiles = [...new Set(inputs.context)].filter((file) => !namedPaths.has(file));
  // Context is read leniently: nobody asked to lint it, so what cannot be read is left out.
  const contextTexts = readAll(contextFiles, () => undefined);
  contextFiles.forEach((file, i) => {
    const text = contextTexts[i];
    if (text !== undefined) texts.push({ name: displayName(file, cwd), absolutePath: file, named: false, text });
  });
  return texts;
}

/**
 * Reads files in order. Synchronous reads cost a third of promise-based ones per file, and a
 * linter has nothing else to do while it waits.
 */
function readAll(files: readonly string[], onError: (file: string, error: NodeJS.ErrnoException) => string | undefined): (string | undefined)[] {
  return files.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      return onError(file, error as NodeJS.ErrnoException);
    }
  });
}

function loadProblemFinding(file: ParsedFile, problem: LoadProblem, active: ActiveRule): Finding {
  const span = problem.span ?? file.source.positions.locate(problem.documentIndex ?? 0, problem.path ?? []);
  return { ruleId: problem.ruleId, severity: active.configuredSeverity ?? active.rule.meta.severity, message: problem.message, file: file.source.name, ...span };
}

function locate(pending: PendingFinding): Finding {
  const { active, resource, extras } = pending;
  const finding: Finding = {
    ruleId: active.rule.meta.id,
    severity: active.configuredSeverity ?? extras.severity ?? active.rule.meta.severity,
    message: pending.message,
    file: resource.file.name,
    ...resource.file.positions.locate(resource.documentIndex, [...resource.basePath, ...pending.path], extras.on),
    resource: resourceRef(resource),
  };
  if (extras.related?.length) finding.related = extras.related.map(locateRelated);
  return finding;
}

function locateRelated(related: RelatedNode): RelatedLocation {
  const { resource } = related;
  return {
    file: resource.file.name,
    message: related.message,
    ...resource.file.positions.locate(resource.documentIndex, [...resource.basePath, ...related.path]),
    resource: resourceRef(resource),
  };
}

/** The stable order of the output contract: file, line, column, rule id (then message, for ties). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId) || compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
