import { Worker } from 'node:worker_threads';
import { allRules } from '../rules/index.js';
import { loadProblemFindings, parseInput, runRules, settleFindings, worldOf } from './engine.js';
import { UsageError } from './files.js';
import type { InputText, Linted, RunSetup } from './engine.js';
import { positionsParsedOnDemand, resourceOf, withoutByteOrderMark } from './parse.js';
import type { ParsedFile } from './parse.js';
import type { Resource, SourceFile } from './resource.js';
import { ResourceIndex } from './resourceIndex.js';
import type { AnyRule } from './rule.js';
import type { CheckedMessage, ParsedFileSummary, ToMainMessage, WorkerInput, WorldMessage } from './workerProtocol.js';

/**
 * Whether workers can run these rules: a worker loads kubelint's rules itself, since functions
 * cannot cross threads, so a rule set with any other rule runs in this thread.
 */
export function canRunInWorkers(ruleSet: readonly AnyRule[]): boolean {
  const builtIn = new Map(allRules.map((rule) => [rule.meta.id, rule]));
  return ruleSet.every((rule) => builtIn.get(rule.meta.id) === rule);
}

/**
 * Lints with `threads` threads: this one and `threads - 1` workers. The files, read here, are
 * shared out; each thread parses its share, and the workers send their resources here as they
 * come. Here, the whole world
 * is indexed and the cross-resource rules run over it, while each worker runs the per-resource
 * rules over its own share (they need of the world only its CustomResourceDefinitions and
 * kustomize patches, sent to them); then this thread runs them over its share.
 */
export async function lintInWorkers(inputs: readonly InputText[], run: RunSetup, threads: number): Promise<Linted> {
  // Equal shares: this thread's cross-resource rules run after all the parsing, which is where the
  // shares must balance, and a worker's share costs it more (it sends its resources here).
  const [ownShare = [], ...workerShares] = shareByLength(inputs, threads);
  // Started first: a worker takes a while to boot, and this thread parses its share meanwhile.
  const workers = workerShares.map((share) => startWorker(inputs, share, run));
  try {
    const own = ownShare.map((i) => parseInput(inputs[i] as InputText, run));
    // Every file, in input order (the shares are consecutive runs), as the single-thread run sees them.
    const parsed: ParsedFile[] = [...own, ...(await Promise.all(workers.map((worker) => worker.parsed))).flat()];
    const resources = parsed.flatMap((file) => file.resources);
    const world = worldOf(parsed);
    const definitions = resources.filter((resource) => resource.kind === 'CustomResourceDefinition');
    const message: WorldMessage = { ...world, customResourceDefinitions: definitions.map(describeDefinition) };
    for (const worker of workers) worker.thread.postMessage(message);

    const index = new ResourceIndex(resources, world);
    const named = parsed.filter((file) => file.source.named);
    const namedResources = named.flatMap((file) => file.resources);
    const rules = [...run.activeRules.values()];
    const crossChecked = runRules(rules.filter((active) => active.rule.meta.scope !== 'resource'), namedResources, index, run);
    const ownNamed = own.filter((file) => file.source.named);
    const ownChecked = runRules(rules.filter((active) => active.rule.meta.scope === 'resource'), ownNamed.flatMap((file) => file.resources), index, run);
    const checked = await Promise.all(workers.map((worker) => worker.checked));
    for (const [id, ms] of checked.flatMap((done) => done.timings ?? [])) run.timings?.set(id, (run.timings.get(id) ?? 0) + ms);
    // In share order, which is input order: a once-per-run finding is kept where one thread would keep it.
    const settled = settleFindings([ownChecked, ...checked.map((done) => done.checked), crossChecked]);
    return {
      namedFiles: named.map((file) => file.source),
      resources: namedResources.length,
      findings: [...loadProblemFindings(ownNamed, run), ...checked.flatMap((done) => done.problems), ...settled.findings],
      suppressed: settled.suppressed,
    };
  } finally {
    for (const worker of workers) void worker.thread.terminate();
  }
}

function describeDefinition(resource: Resource): WorldMessage['customResourceDefinitions'][number] {
  return { file: fileIdentity(resource.file), object: resource.object, documentIndex: resource.documentIndex, basePath: resource.basePath };
}

/** A file's name, whether it is named, and its path, without its text: what a message carries of it. */
function fileIdentity({ name, named, absolutePath }: { name: string; named: boolean; absolutePath?: string | undefined }): WorldMessage['customResourceDefinitions'][number]['file'] {
  return { name, named, ...(absolutePath ? { absolutePath } : {}) };
}

interface RunningWorker {
  thread: Worker;
  /** The share's files, parsed, as this thread knows them. */
  parsed: Promise<ParsedFile[]>;
  /** The per-resource rules' findings in the share, and the loader's problems. */
  checked: Promise<CheckedMessage>;
}

function startWorker(inputs: readonly InputText[], share: readonly number[], run: RunSetup): RunningWorker {
  const workerData: WorkerInput = {
    inputs: share.map((i) => inputs[i] as InputText),
    defaultNamespace: run.defaultNamespace,
    limits: run.limits,
    settings: run.settings,
    rules: [...run.activeRules.values()].map(({ rule, ...setting }) => ({ id: rule.meta.id, ...setting })),
    timing: run.timings !== undefined,
  };
  const thread = new Worker(new URL('./lintWorkerThread.js', import.meta.url), { workerData });
  const files: ParsedFile[] = [];
  const parsed = deferred<ParsedFile[]>();
  const checked = deferred<CheckedMessage>();
  const fail = (error: Error) => {
    parsed.reject(error);
    checked.reject(error);
  };
  let done = false;
  thread.on('message', (message: ToMainMessage) => {
    if (message.type === 'parsed') {
      for (const summary of message.files) files.push(parsedFileHere(inputs[share[files.length] ?? -1] as InputText, summary, run));
      if (message.last) parsed.resolve(files);
    } else if (message.type === 'checked') {
      done = true;
      checked.resolve(message);
    } else {
      fail(message.usage ? new UsageError(message.message) : Object.assign(new Error(message.message), message.stack ? { stack: message.stack } : {}));
    }
  });
  thread.on('error', fail);
  thread.on('exit', (code) => {
    if (!done) fail(new Error(`a worker thread stopped (exit code ${code}) before it finished`));
  });
  return { thread, parsed: parsed.promise, checked: checked.promise };
}

/**
 * A promise with its resolve and reject. Its rejection counts as handled: the run awaits the
 * promise only at its step, and may have stopped, for another failure, before it gets there.
 */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** A file a worker parsed, as this thread knows it: its resources, and its text to locate findings in. */
function parsedFileHere(input: InputText, summary: ParsedFileSummary, run: RunSetup): ParsedFile {
  const file = fileIdentity(input);
  const text = withoutByteOrderMark(input.text);
  const source: SourceFile = { ...file, text, positions: positionsParsedOnDemand(text, { ...file, defaultNamespace: run.defaultNamespace, limits: run.limits }) };
  return {
    source,
    resources: summary.resources.map(([documentIndex, basePath, object]): Resource => resourceOf(object, source, documentIndex, basePath, run.defaultNamespace)),
    // The worker has located the loader's problems; they are not needed here.
    problems: [],
    complete: summary.complete,
    kustomizePatches: summary.kustomizePatches,
  };
}

/**
 * Splits the inputs into `count` runs of consecutive files of about equal length: consecutive, so
 * that the files come back in input order.
 */
function shareByLength(inputs: readonly InputText[], count: number): number[][] {
  const total = inputs.reduce((sum, input) => sum + input.text.length, 0);
  const shares: number[][] = [[]];
  let length = 0;
  inputs.forEach((input, i) => {
    const current = shares[shares.length - 1] as number[];
    // A new share starts once the ones before hold their part of the total.
    if (current.length > 0 && shares.length < count && length >= (total * shares.length) / count) shares.push([i]);
    else current.push(i);
    length += input.text.length;
  });
  return shares;
}
