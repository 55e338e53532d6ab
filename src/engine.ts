import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { collectInputFiles, describeFsError, displayName, manifestsBeside, UsageError } from './files.js';
import { DEFAULT_LIMITS, oversizeFile, parseManifest } from './parse.js';
import type { InputLimits } from './parse.js';
import type { LoadProblem, ParsedFile } from './parse.js';
import { podTemplateOf, workloadsAmong } from './podTemplate.js';
import type { Workload } from './podTemplate.js';
import { resourceRef } from './resource.js';
import type { Resource } from './resource.js';
import { ResourceIndex } from './resourceIndex.js';
import type { AnyRule, LintSettings, RelatedNode, ReportExtras, RuleContext } from './rule.js';
import { normalizeKubernetesVersion } from './apis.js';
import { builtinSchemaIndex, SchemaCatalog } from './schemaCatalog.js';
import { computeCacheKey, readCachedResult, writeCachedResult } from './cache.js';
import { helmSourceMap, ignoredByAnnotations, parseDirectives, suppressingDirective } from './suppress.js';
import type { SourceFile } from './resource.js';
import { nearestString } from './text.js';
import { DEFAULT_PRESETS, settingsOfPresets } from './presets.js';
import type { PresetSetting } from './presets.js';
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
  /** The presets `rules` builds on (kubelint:recommended, kubelint:strict, kubelint:all); default recommended. */
  extends?: readonly string[];
  /** Let cross-resource rules see the manifests beside each named file (default true). */
  siblingContext?: boolean;
  /** The target cluster and schema sources; unset fields take their defaults. */
  settings?: Partial<LintSettings>;
  /** Reuse the result of the last run when no input, option or kubelint version changed. */
  cache?: { location: string };
  /** Rule levels for some files only: the last override whose `matches` accepts a file wins. */
  overrides?: readonly RuleOverride[];
  /** More files cross-resource rules see (the config's `context` globs, expanded). */
  contextFiles?: readonly string[];
  /** gitignore-style patterns, relative to `cwd`, that directory walks and sibling context skip. */
  ignorePatterns?: readonly string[];
  /** Limits that protect the run (file size, alias expansions, nesting depth); unset ones take defaults. */
  limits?: Partial<InputLimits>;
  /** Report suppression comments that suppress nothing (rule unused-disable-directive). */
  reportUnusedDisableDirectives?: boolean;
  /**
   * Threads that parse files and run per-resource rules, this one included (default: the number
   * of cores less one); the cross-resource rules run once, in this thread. 1 uses no worker.
   * Only kubelint's own rules run in workers: a run with other rules uses this thread alone.
   */
  jobs?: number;
  /** Input, in characters, that justifies one more worker thread (default 1 MiB); 0 uses `jobs` threads for any input. */
  bytesPerWorker?: number;
}

export interface RuleOverride {
  /** Whether the override applies to a file: its absolute path, or its name for stdin. */
  matches(file: string): boolean;
  rules: Record<string, RuleLevel>;
}

export interface LintResult {
  /** Files linted (named on the command line, found in named directories, or stdin). */
  files: number;
  /** Resources in those files. */
  resources: number;
  findings: Finding[];
  /** Findings a suppression comment or annotation switched off. */
  suppressed?: number;
}

export interface ActiveRule {
  rule: AnyRule;
  /** Set only when the config names a level: it then wins over a finding's own severity. */
  configuredSeverity?: Severity;
  /** Off in the config, on only in some overrides. */
  offUnlessOverridden?: boolean;
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
  const activeRules = resolveRules(options.ruleSet, settingsOfPresets(options.extends ?? DEFAULT_PRESETS, options.ruleSet), options.rules ?? {}, options.overrides ?? []);
  const settings = resolveSettings(options.settings ?? {}, cwd);
  const inputs = readInputs(options, cwd);
  // An unchanged repository, with unchanged options, gives the same result: reuse it.
  const cacheKey = options.cache
    ? computeCacheKey(inputs, {
        rules: options.rules ?? {},
        overrides: (options.overrides ?? []).map((override) => ({ rules: override.rules, files: inputs.filter((input) => override.matches(input.absolutePath ?? input.name)).map((input) => input.name) })),
        settings,
        defaultNamespace,
        siblingContext: options.siblingContext ?? true,
        reportUnusedDisableDirectives: options.reportUnusedDisableDirectives ?? false,
      })
    : undefined;
  const cached = options.cache && cacheKey ? readCachedResult(options.cache.location, cacheKey) : undefined;
  if (cached) return cached;
  const limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const run: RunSetup = {
    activeRules,
    settings,
    defaultNamespace,
    limits,
    twins: kubeLinterTwins(options.ruleSet),
    // KUBELINT_TIMING=1 prints what each rule cost (as ESLint's TIMING), for whoever profiles a slow run.
    ...(process.env['KUBELINT_TIMING'] ? { timings: new Map<string, number>() } : {}),
  };
  const threads = workerThreadsFor(options, inputs);
  // Loaded only for a run that uses workers: a small one pays nothing for them.
  const parallel = threads > 1 ? await import('./workers.js') : undefined;
  const inWorkers = parallel !== undefined && parallel.canRunInWorkers(options.ruleSet);
  const linted = inWorkers ? await parallel.lintInWorkers(inputs, run, threads) : lintInThisThread(inputs, run);
  if (run.timings) printRuleTimings(run.timings, inWorkers ? threads : 1);
  const named = linted.namedFiles;
  const byFile = new Map(named.map((file) => [file.name, file]));
  const overridden = applyOverrides(linted.findings, options.overrides ?? [], byFile, activeRules);
  let suppressed = linted.suppressed;

  // Comments are read only in the files that have findings (or all, to report unused ones).
  const findings: Finding[] = [];
  const unusedReported = options.reportUnusedDisableDirectives && activeRules.has('unused-disable-directive');
  const files = unusedReported ? named : [...new Set(overridden.map((finding) => byFile.get(finding.file)))].filter((file): file is SourceFile => file !== undefined);
  const directivesByFile = new Map(files.map((file) => [file.name, parseDirectives(file.text)]));
  for (const finding of overridden) {
    const directives = directivesByFile.get(finding.file) ?? [];
    if (directives.length > 0 && suppressingDirective(directives, finding)) suppressed++;
    else findings.push(finding);
  }
  if (unusedReported) {
    const severity = activeRules.get('unused-disable-directive')?.configuredSeverity ?? 'warning';
    for (const [file, directives] of directivesByFile) {
      for (const directive of directives) {
        if (directive.used || directive.kind === 'enable') continue;
        const which = directive.ruleIds ? directive.ruleIds.join(', ') : 'any rule';
        findings.push({ ruleId: 'unused-disable-directive', severity, message: `kubelint-${directive.kind} suppresses no finding of ${which} here; remove it`, file, line: directive.line, column: directive.column, endLine: directive.line, endColumn: directive.column + 1 });
      }
    }
  }
  mapHelmSources(findings, named.find((file) => file.absolutePath === undefined));
  findings.sort(compareFindings);
  const result: LintResult = { files: named.length, resources: linted.resources, findings, ...(suppressed > 0 ? { suppressed } : {}) };
  if (options.cache && cacheKey) writeCachedResult(options.cache.location, cacheKey, result);
  return result;
}

/** kube-linter check → the rule that replaces it, whose ignore annotations then apply to the rule. */
export function kubeLinterTwins(ruleSet: readonly AnyRule[]): ReadonlyMap<string, string> {
  return new Map(ruleSet.flatMap((rule) => (rule.meta.kubeLinter ?? []).map((check) => [check, rule.meta.id] as const)));
}

/** What every phase of a run needs to know: the rules, the target cluster, the limits. */
export interface RunSetup {
  activeRules: ReadonlyMap<string, ActiveRule>;
  settings: LintSettings;
  defaultNamespace: string;
  limits: InputLimits;
  /** kube-linter check → the kubelint rule that replaces it, for kube-linter's ignore annotations. */
  twins: ReadonlyMap<string, string>;
  /** Milliseconds each rule's checks took, when KUBELINT_TIMING is set. */
  timings?: Map<string, number>;
}

/** A run's findings, each located, before overrides and suppression comments apply. */
export interface Linted {
  /** The named files, in input order. */
  namedFiles: SourceFile[];
  /** Resources in the named files. */
  resources: number;
  findings: Finding[];
  /** Findings an annotation switched off. */
  suppressed: number;
}

/** Parses, indexes and checks every file in this thread. */
function lintInThisThread(inputs: readonly InputText[], run: RunSetup): Linted {
  const parsed = inputs.map((input) => parseInput(input, run));
  const index = new ResourceIndex(parsed.flatMap((file) => file.resources), worldOf(parsed));
  const named = parsed.filter((file) => file.source.named);
  const namedResources = named.flatMap((file) => file.resources);
  const checked = settleFindings([runRules([...run.activeRules.values()], namedResources, index, run)]);
  return {
    namedFiles: named.map((file) => file.source),
    resources: namedResources.length,
    findings: [...loadProblemFindings(named, run), ...checked.findings],
    suppressed: checked.suppressed,
  };
}

/** Reads one input: parsed, or one finding when it is over the size limit. */
export function parseInput({ text, bytes, ...file }: InputText, run: Pick<RunSetup, 'defaultNamespace' | 'limits'>): ParsedFile {
  const options = { ...file, defaultNamespace: run.defaultNamespace, limits: run.limits };
  return bytes !== undefined ? oversizeFile(options, bytes) : parseManifest(text, options);
}

/** What the index needs to know of files beyond their resources. */
export function worldOf(parsed: readonly ParsedFile[]): { unparsedFiles: string[]; patchFiles: string[] } {
  return {
    unparsedFiles: parsed.filter((file) => !file.complete).map((file) => file.source.name),
    patchFiles: parsed.flatMap((file) => file.kustomizePatches),
  };
}

/** The loader's problems in the named files (syntax, shape, limits), under their file-scope rules. */
export function loadProblemFindings(named: readonly ParsedFile[], run: Pick<RunSetup, 'activeRules'>): Finding[] {
  return named.flatMap((file) =>
    file.problems.flatMap((problem) => {
      const active = run.activeRules.get(problem.ruleId);
      return active ? [loadProblemFinding(file, problem, active)] : [];
    }),
  );
}

/**
 * Runs rules over `resources`, looking things up in `index`, and locates what they report on
 * named files, but what the resources' annotations switch off.
 */
export function runRules(rules: readonly ActiveRule[], resources: readonly Resource[], index: ResourceIndex, run: RunSetup): CheckedFinding[] {
  let schemas: SchemaCatalog | undefined;
  let workloads: readonly Workload[] | undefined;
  const pending: PendingFinding[] = [];
  for (const active of rules) {
    if (!active.rule.check) continue;
    const context: RuleContext<object> = {
      resources,
      index,
      options: active.options,
      defaultNamespace: run.defaultNamespace,
      settings: run.settings,
      get schemas() {
        // Built on first use: a run whose rules need no schema never loads one.
        schemas ??= new SchemaCatalog(index.ofKind('CustomResourceDefinition'), run.settings.schemaDirs);
        return schemas;
      },
      get workloads() {
        // Listed once for all the rules: most of them look only at workloads.
        workloads ??= workloadsAmong(resources);
        return workloads;
      },
      podTemplateOf,
      report(resource, jsonPath, message, extras = {}) {
        // Cross-resource rules see the whole world; only the named files are reported on.
        if (resource.file.named) pending.push({ active, resource, path: jsonPath, message, extras });
      },
    };
    const started = run.timings ? performance.now() : 0;
    try {
      active.rule.check(context);
      run.timings?.set(active.rule.meta.id, (run.timings.get(active.rule.meta.id) ?? 0) + performance.now() - started);
    } catch (error) {
      // A broken schema file (--schema-dir) is the user's to fix: one line, as for any bad input.
      if (error instanceof UsageError) throw error;
      // Any other error a rule throws is a bug in kubelint; say which rule, so the report is actionable.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`rule ${active.rule.meta.id} failed: ${reason}`, { cause: error });
    }
  }
  const checked: CheckedFinding[] = [];
  // A once-per-run finding is dropped here when this thread has it already, so it is not located
  // again; settleFindings keeps the first across threads.
  const reportedOnce = new Set<string>();
  for (const finding of pending) {
    const once = finding.extras.oncePerRun === undefined ? undefined : `${finding.active.rule.meta.id}\u0000${finding.extras.oncePerRun}`;
    if (once !== undefined) {
      if (reportedOnce.has(once)) continue;
      reportedOnce.add(once);
    }
    // Annotations switch rules off for their resource (kubelint.io/ignore, kube-linter's twins).
    const ignored = ignoredByAnnotations(finding.resource.object.metadata?.annotations, run.twins);
    const off = ignored === 'all' || ignored.has(finding.active.rule.meta.id);
    checked.push({ ...(off ? {} : { finding: locate(finding) }), ...(once !== undefined ? { once } : {}) });
  }
  return checked;
}

/**
 * A rule's finding, located, or none when an annotation switched it off; `once` when it is to be
 * reported once per run (ReportExtras.oncePerRun), with the rule id in the key.
 */
export interface CheckedFinding {
  finding?: Finding;
  once?: string;
}

/**
 * The findings of the lists, in their order (the input order of the files they were found in),
 * each once-per-run finding kept only where it first appears, and how many annotations switched off.
 */
export function settleFindings(lists: readonly (readonly CheckedFinding[])[]): { findings: Finding[]; suppressed: number } {
  const findings: Finding[] = [];
  const reportedOnce = new Set<string>();
  let suppressed = 0;
  for (const { finding, once } of lists.flat()) {
    if (once !== undefined) {
      if (reportedOnce.has(once)) continue;
      reportedOnce.add(once);
    }
    if (finding) findings.push(finding);
    else suppressed++;
  }
  return { findings, suppressed };
}

/**
 * How many threads the run uses: `jobs`, no more than the input justifies (`bytesPerWorker`
 * each), and 1, this thread alone, when that is all it justifies. By default every core but one:
 * a single thread already keeps a second core partly busy with V8's garbage collector and
 * compiler, and on a 2-core machine a second thread measured slower, not faster.
 */
function workerThreadsFor(options: LintOptions, inputs: readonly InputText[]): number {
  const jobs = options.jobs ?? availableParallelism() - 1;
  if (jobs <= 1 || inputs.length < 2) return 1;
  const bytes = inputs.reduce((sum, input) => sum + input.text.length, 0);
  const bytesPerWorker = options.bytesPerWorker ?? DEFAULT_BYTES_PER_WORKER;
  const justified = bytesPerWorker > 0 ? Math.floor(bytes / bytesPerWorker) : jobs;
  return Math.min(jobs, justified, inputs.length);
}

/** Input that pays for starting a worker thread (its start costs about what parsing this much does). */
const DEFAULT_BYTES_PER_WORKER = 1024 * 1024;

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

function resolveRules(ruleSet: readonly AnyRule[], presets: ReadonlyMap<string, PresetSetting>, config: RulesConfig, overrides: readonly RuleOverride[]): Map<string, ActiveRule> {
  const byId = new Map(ruleSet.map((rule) => [rule.meta.id, rule]));
  for (const id of [...Object.keys(config), ...overrides.flatMap((override) => Object.keys(override.rules))]) {
    if (!byId.has(id)) {
      const hint = nearestString(id, byId.keys());
      throw new UsageError(`unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''} (kubelint --list-rules lists them)`);
    }
  }
  const active = new Map<string, ActiveRule>();
  for (const rule of ruleSet) {
    const setting = config[rule.meta.id];
    const preset = presets.get(rule.meta.id);
    const [configured, options] = Array.isArray(setting) ? setting : [setting, undefined];
    // A rule the config does not name is as its presets leave it; a level alone keeps the preset's options.
    const level = configured ?? (preset?.on ? undefined : 'off');
    // A rule off everywhere does not run; one switched on by an override runs, and its findings
    // elsewhere are dropped by applyOverrides.
    const onSomewhere = overrides.some((override) => override.rules[rule.meta.id] !== undefined && override.rules[rule.meta.id] !== 'off');
    if (level === 'off' && !onSomewhere) continue;
    active.set(rule.meta.id, {
      rule,
      ...(level === 'off' ? { offUnlessOverridden: true } : level ? { configuredSeverity: level } : {}),
      options: { ...(rule.defaultOptions ?? {}), ...(options ?? preset?.options ?? {}) },
    });
  }
  return active;
}

/** A file's text, as read; `absolutePath` is absent for stdin. */
export interface InputText {
  name: string;
  absolutePath?: string;
  named: boolean;
  text: string;
  /** Set, with an empty text, when the file is over the size limit and was not read. */
  bytes?: number;
}

/** What reading needs of the options. */
type ReadOptions = Pick<LintOptions, 'paths' | 'stdin' | 'siblingContext' | 'contextFiles' | 'ignorePatterns' | 'limits'>;

/**
 * The resources of the named files and of their context, for commands that read manifests
 * without linting them (plan-ingress). Files that do not parse contribute nothing.
 */
export function readResources(options: ReadOptions & { cwd?: string; defaultNamespace?: string }): Resource[] {
  const cwd = options.cwd ?? process.cwd();
  const defaultNamespace = options.defaultNamespace ?? 'default';
  return readInputs(options, cwd).flatMap(({ text, ...file }) => parseManifest(text, { ...file, defaultNamespace }).resources);
}

/** Reads the named files (strictly), stdin, and the context files (leniently), in a stable order. */
function readInputs(options: ReadOptions, cwd: string): InputText[] {
  const readsStdin = options.paths.includes('-');
  const filePaths = options.paths.filter((given) => given !== '-');
  const stdinPath = readsStdin && options.stdin?.filename ? path.resolve(cwd, options.stdin.filename) : undefined;
  const siblingContext = options.siblingContext ?? true;
  const ignorePatterns = options.ignorePatterns ?? [];
  const inputs = collectInputFiles(filePaths, cwd, { siblingContext, ignorePatterns });
  if (stdinPath && siblingContext) {
    // An editor sends the unsaved buffer on stdin: the file's neighbours are its context, not the file.
    inputs.context.push(...manifestsBeside(stdinPath, { cwd, ignorePatterns }));
  }
  inputs.context.push(...(options.contextFiles ?? []));
  if (!readsStdin && inputs.named.length === 0) {
    throw new UsageError(`no manifests (*.yaml, *.yml, *.json) found in ${filePaths.join(', ') || '.'}`);
  }

  const maxFileSize = options.limits?.maxFileSize ?? DEFAULT_LIMITS.maxFileSize;
  const texts: InputText[] = [];
  if (readsStdin) {
    const name = stdinPath ? displayName(stdinPath, cwd) : '<stdin>';
    const text = options.stdin?.text ?? '';
    // The limit is in bytes, as for a file: a string's length counts UTF-16 units, fewer than its bytes.
    const bytes = Buffer.byteLength(text);
    texts.push(bytes > maxFileSize ? { name, named: true, text: '', bytes } : { name, named: true, text });
  }
  // A file over the size limit is reported, not read.
  for (const file of inputs.named) {
    const name = displayName(file, cwd);
    let read: FileRead;
    try {
      read = readWithin(file, maxFileSize);
    } catch (error) {
      throw new UsageError(`${name}: ${describeFsError(error as NodeJS.ErrnoException)}`);
    }
    texts.push('bytes' in read ? { name, absolutePath: file, named: true, text: '', bytes: read.bytes } : { name, absolutePath: file, named: true, text: read.text });
  }
  const namedPaths = new Set([...inputs.named, ...(stdinPath ? [stdinPath] : [])]);
  for (const file of new Set(inputs.context)) {
    if (namedPaths.has(file)) continue;
    // Context is read leniently: nobody asked to lint it, so what cannot be read, or is over the limit, is left out.
    let read: FileRead;
    try {
      read = readWithin(file, maxFileSize);
    } catch {
      continue;
    }
    if ('text' in read) texts.push({ name: displayName(file, cwd), absolutePath: file, named: false, text: read.text });
  }
  return texts;
}

/** Applies per-file rule levels: the last matching override wins over the global configuration. */
function applyOverrides(findings: Finding[], overrides: readonly RuleOverride[], files: ReadonlyMap<string, SourceFile>, activeRules: ReadonlyMap<string, ActiveRule>): Finding[] {
  return findings.flatMap((finding) => {
    const source = files.get(finding.file);
    const key = source?.absolutePath ?? finding.file;
    let level: RuleLevel | undefined;
    for (const override of overrides) if (override.matches(key) && override.rules[finding.ruleId] !== undefined) level = override.rules[finding.ruleId];
    if (level === undefined) return activeRules.get(finding.ruleId)?.offUnlessOverridden ? [] : [finding];
    return level === 'off' ? [] : [{ ...finding, severity: level }];
  });
}

/** Findings in a rendered Helm chart on stdin point at the template and the line within its document. */
function mapHelmSources(findings: Finding[], stdin: SourceFile | undefined): void {
  const sourceOf = stdin ? helmSourceMap(stdin.text) : undefined;
  if (!stdin || !sourceOf) return;
  const remap = (location: { file: string; line: number; endLine: number }) => {
    if (location.file !== stdin.name) return;
    const start = sourceOf(location.line);
    if (!start) return;
    location.endLine = start.line + (location.endLine - location.line);
    location.line = start.line;
    location.file = start.file;
  };
  for (const finding of findings) {
    for (const related of finding.related ?? []) remap(related);
    remap(finding);
  }
}

/** A file's text, or only its size when that is over the limit. */
type FileRead = { text: string } | { bytes: number };

/**
 * Reads a file unless it is larger than `maxBytes`, with one open for the size and the text (a
 * stat by path first costs a path lookup more per file). Synchronous reads cost a third of
 * promise-based ones per file, and a linter has nothing else to do while it waits.
 */
function readWithin(file: string, maxBytes: number): FileRead {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    return size > maxBytes ? { bytes: size } : { text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

function loadProblemFinding(file: ParsedFile, problem: LoadProblem, active: ActiveRule): Finding {
  const span = problem.span ?? file.source.positions.locate(problem.documentIndex ?? 0, problem.path ?? []);
  return { ruleId: problem.ruleId, severity: active.configuredSeverity ?? problem.severity ?? active.rule.meta.severity, message: problem.message, file: file.source.name, ...span };
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

/** The slowest rules first, with their share of the time all rules took, and how many threads ran them, on stderr. */
function printRuleTimings(timings: ReadonlyMap<string, number>, threads: number): void {
  const total = [...timings.values()].reduce((sum, ms) => sum + ms, 0);
  const rows = [...timings].sort((a, b) => b[1] - a[1]).map(([id, ms]) => `${id.padEnd(28)}${ms.toFixed(1).padStart(9)} ms${((100 * ms) / (total || 1)).toFixed(1).padStart(7)} %`);
  const header = `rule                          time (checks only${threads > 1 ? `, summed over ${threads} threads` : ', 1 thread'})`;
  process.stderr.write(`${[header, ...rows, `${'all rules'.padEnd(28)}${total.toFixed(1).padStart(9)} ms`].join('\n')}\n`);
}
