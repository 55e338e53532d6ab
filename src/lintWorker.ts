/**
 * The work of a worker thread of a run (see workers.ts; lintWorkerThread.ts starts it): it parses
 * its share of the files, sends their resources to the run as it goes, then runs the per-resource
 * rules over the share once it has what they need of the world.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../rules/index.js';
import { kubeLinterTwins, loadProblemFindings, parseInput, runRules } from './engine.js';
import { UsageError } from './files.js';
import type { ActiveRule, RunSetup } from './engine.js';
import { resourceOf } from './parse.js';
import type { ParsedFile } from './parse.js';
import type { SourceFile } from './resource.js';
import { ResourceIndex } from './resourceIndex.js';
import type { CheckedMessage, FailedMessage, ParsedMessage, WorkerInput, WorldMessage } from './workerProtocol.js';

/** Resources sent per message: small enough that the run reads them while this thread parses on. */
const RESOURCES_PER_MESSAGE = 500;

/** Does a worker thread's work, with what the run sent it (workerData), answering on parentPort. */
export function runLintWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('runLintWorker runs only in a worker thread');
  try {
    const input = workerData as WorkerInput;
    const byId = new Map(allRules.map((rule) => [rule.meta.id, rule]));
    const activeRules = new Map<string, ActiveRule>();
    for (const { id, ...setting } of input.rules) {
      const rule = byId.get(id);
      if (rule) activeRules.set(id, { rule, ...setting });
    }
    const run: RunSetup = {
      activeRules,
      settings: input.settings,
      defaultNamespace: input.defaultNamespace,
      limits: input.limits,
      twins: kubeLinterTwins(allRules),
      ...(input.timing ? { timings: new Map<string, number>() } : {}),
    };

    const parsed: ParsedFile[] = [];
    let batch: ParsedMessage['files'] = [];
    let batchResources = 0;
    // An empty share still says it is done: the run waits for `last`.
    if (input.inputs.length === 0) port.postMessage({ type: 'parsed', files: [], last: true } satisfies ParsedMessage);
    input.inputs.forEach((inputText, i) => {
      const file = parseInput(inputText, run);
      parsed.push(file);
      batch.push({
        complete: file.complete,
        kustomizePatches: file.kustomizePatches,
        resources: file.resources.map((resource) => [resource.documentIndex, resource.basePath, resource.object]),
      });
      batchResources += file.resources.length;
      const last = i === input.inputs.length - 1;
      if (last || batchResources >= RESOURCES_PER_MESSAGE) {
        port.postMessage({ type: 'parsed', files: batch, last } satisfies ParsedMessage);
        batch = [];
        batchResources = 0;
      }
    });

    port.once('message', (world: WorldMessage) => {
      try {
        const own = parsed.flatMap((file) => file.resources);
        // The definitions of the whole world, in input order, stand in for this share's own.
        const definitions = world.customResourceDefinitions.map(({ file, object, documentIndex, basePath }) => resourceOf(object, elsewhere(file), documentIndex, basePath, run.defaultNamespace));
        const index = new ResourceIndex([...own.filter((resource) => resource.kind !== 'CustomResourceDefinition'), ...definitions], world);
        const named = parsed.filter((file) => file.source.named);
        const perResourceRules = [...activeRules.values()].filter((active) => active.rule.meta.scope === 'resource');
        const message: CheckedMessage = {
          type: 'checked',
          problems: loadProblemFindings(named, run),
          checked: runRules(perResourceRules, named.flatMap((file) => file.resources), index, run),
          ...(run.timings ? { timings: [...run.timings] } : {}),
        };
        port.postMessage(message);
      } catch (error) {
        port.postMessage(failure(error));
      }
    });
  } catch (error) {
    port.postMessage(failure(error));
  }
}

/** A file of another share: per-resource rules name it (a definition's origin) but never locate in it. */
function elsewhere(file: WorldMessage['customResourceDefinitions'][number]['file']): SourceFile {
  return {
    ...file,
    text: '',
    positions: {
      locate() {
        throw new Error(`a per-resource rule asked for a position in ${file.name}, a file of another thread`);
      },
    },
  };
}

function failure(error: unknown): FailedMessage {
  if (!(error instanceof Error)) return { type: 'failed', message: String(error), usage: false };
  return { type: 'failed', message: error.message, usage: error instanceof UsageError, ...(error.stack ? { stack: error.stack } : {}) };
}
