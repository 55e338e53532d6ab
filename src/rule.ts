import type { PodTemplateRef, Workload } from './podTemplate.js';
import type { Resource } from './resource.js';
import type { ResourceIndex } from './resourceIndex.js';
import type { SchemaCatalog } from './schemaCatalog.js';
import type { JsonPath, Severity } from './types.js';

/**
 * What a rule is about. The first four find manifests that do not do what their author meant;
 * `security`, `reliability` and `practice` find ones that work but that a platform team would not ship.
 */
export type RuleCategory = 'syntax' | 'schema' | 'correctness' | 'cost' | 'security' | 'reliability' | 'practice';

/**
 * The presets, each including the one before: `recommended` (the default) holds every correctness
 * rule and the high-signal practice rules; `strict` adds the Pod Security Standards' restricted
 * profile and the rest of the hardening rules; `all` adds the rules that need the whole cluster in
 * view (a PodDisruptionBudget or NetworkPolicy for every workload).
 */
export type PresetLevel = 'recommended' | 'strict' | 'all';
export const PRESET_LEVELS: readonly PresetLevel[] = ['recommended', 'strict', 'all'];

export interface RuleMeta {
  /** Stable: users put it in config and comments. Lower-case words joined by `-`. */
  id: string;
  /** One line, for `--list-rules` and SARIF. */
  description: string;
  severity: Severity;
  category: RuleCategory;
  /**
   * `resource`: looks at one resource at a time; with --jobs it runs in a worker thread, whose
   * index holds the CustomResourceDefinitions and kustomize patches of the world but not
   * necessarily any other resource. `set`: compares resources with each other through the index.
   * `file`: reported by the loader itself (the rule has no check).
   */
  scope: 'resource' | 'set' | 'file';
  /** The smallest preset that switches the rule on. */
  preset: PresetLevel;
  /** Options a preset sets (the strict preset asks more of some rules); the rule's defaultOptions otherwise. */
  presetOptions?: Partial<Record<PresetLevel, object>>;
  /**
   * The JSON Schema of the rule's options object, when it has options: the configuration is
   * checked against it, and its JSON Schema lists it for editors (npm run gen:schemas).
   */
  options?: OptionsSchema;
  /** kube-linter checks this rule replaces: their `ignore-check.kube-linter.io/<name>` annotations apply. */
  kubeLinter?: readonly string[];
}

/** A JSON Schema of an options object: named properties, nothing else. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, { description: string } & Record<string, unknown>>;
  additionalProperties: false;
}

/** The schema of an options object with these properties and no others. */
export function optionsSchema(properties: OptionsSchema['properties']): OptionsSchema {
  return { type: 'object', properties, additionalProperties: false };
}

/** A place in another resource that explains a finding (the Deployment a Service was compared with). */
export interface RelatedNode {
  resource: Resource;
  path: JsonPath;
  message: string;
}

export interface ReportExtras {
  /** Overrides the rule's default severity for this finding (a configured severity still wins). */
  severity?: Severity;
  related?: RelatedNode[];
  /** Point at the key of the last path segment instead of its value. */
  on?: 'key' | 'value';
  /**
   * Report only the first finding of the run (in input order) with this key, as for a kind
   * without a schema: said once, not for each of its resources.
   */
  oncePerRun?: string;
}

/** Settings shared by all rules (ESLint's `settings`): the target cluster and where schemas are. */
export interface LintSettings {
  /** The Kubernetes version manifests are checked against, X.Y. */
  kubernetesVersion: string;
  /** Folders of JSON Schemas for custom resources, named as kubeconform's catalogs name them. */
  schemaDirs: readonly string[];
  /** Report a kind without a schema as an error rather than info. */
  strictKinds: boolean;
}

export interface RuleContext<Options = Record<string, never>> {
  /** The resources to check: those of the files named on the command line (or stdin). */
  readonly resources: readonly Resource[];
  /** The world: named files plus context files, indexed by namespace, kind and labels. */
  readonly index: ResourceIndex;
  readonly options: Options;
  readonly defaultNamespace: string;
  readonly settings: LintSettings;
  /** The schemas of every kind in view (built-in, CustomResourceDefinitions, --schema-dir), loaded on first use. */
  readonly schemas: SchemaCatalog;
  /** The workloads among `resources` (every built-in kind that runs pods), each with its pod template, in order. */
  readonly workloads: readonly Workload[];
  podTemplateOf(resource: Resource): PodTemplateRef | undefined;
  /** `path` is the JSON path of the offending node inside `resource`; the engine finds its line. */
  report(resource: Resource, path: JsonPath, message: string, extras?: ReportExtras): void;
}

export interface Rule<Options extends object = Record<string, never>> {
  meta: RuleMeta;
  defaultOptions?: Options;
  check?(context: RuleContext<Options>): void;
}

/** A rule whose options type has been erased, as the registry holds them. */
export type AnyRule = Rule<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- each rule's options type differs; the engine passes them through untouched

export function defineRule<Options extends object = Record<string, never>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}
