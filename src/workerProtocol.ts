/** The messages between a run and its worker threads (see workers.ts and lintWorker.ts). */
import type { CheckedFinding, InputText } from './engine.js';
import type { InputLimits } from './parse.js';
import type { LintSettings } from './rule.js';
import type { Finding, JsonPath, KubeObject, Severity } from './types.js';

/** What a worker starts with: its share of the files and how to lint them. */
export interface WorkerInput {
  inputs: InputText[];
  defaultNamespace: string;
  limits: InputLimits;
  settings: LintSettings;
  /** Every active rule, by id, with its setting (the worker finds the rule itself). */
  rules: { id: string; options: object; configuredSeverity?: Severity; offUnlessOverridden?: boolean }[];
  /** Measure each rule (KUBELINT_TIMING). */
  timing: boolean;
}

/** One parsed file of the share: each resource as [documentIndex, basePath, object]. */
export interface ParsedFileSummary {
  complete: boolean;
  kustomizePatches: string[];
  resources: [number, JsonPath, KubeObject][];
}

/** Parsed files of the share, in order; `last` when the share is done. */
export interface ParsedMessage {
  type: 'parsed';
  files: ParsedFileSummary[];
  last: boolean;
}

/** What per-resource rules need of the whole world. */
export interface WorldMessage {
  unparsedFiles: string[];
  patchFiles: string[];
  /** Every CustomResourceDefinition in view, in input order. */
  customResourceDefinitions: { file: { name: string; named: boolean; absolutePath?: string }; object: KubeObject; documentIndex: number; basePath: JsonPath }[];
}

/** The share's findings: the loader's problems and the per-resource rules', located. */
export interface CheckedMessage {
  type: 'checked';
  /** The loader's problems. */
  problems: Finding[];
  /** The per-resource rules' findings, as runRules gives them. */
  checked: CheckedFinding[];
  timings?: [string, number][];
}

/** The worker could not finish: a usage error (a broken schema, say) or a bug in kubelint. */
export interface FailedMessage {
  type: 'failed';
  message: string;
  /** A UsageError: one line for the user, not an internal error. */
  usage: boolean;
  stack?: string;
}

export type ToMainMessage = ParsedMessage | CheckedMessage | FailedMessage;
