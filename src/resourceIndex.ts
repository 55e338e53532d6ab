import { workloadsAmong } from './podTemplate.js';
import type { Workload } from './podTemplate.js';
import { folderOf } from './resource.js';
import { appendTo, compoundKey, mapUnder } from './values.js';
import type { Resource, SourceFile } from './resource.js';
import { selectsLabels } from './selector.js';
import { editDistance } from './text.js';

export type { Workload } from './podTemplate.js';

/** Workloads by label, for the hints of a selector that selects nothing (see ResourceIndex). */
interface HintPostings {
  byLabelKey: Map<string, Workload[]>;
  byLabelAnyNamespace: Map<string, Workload[]>;
}

/** A label of a selector that a near-miss workload lacks or has with another value. */
export interface LabelDifference {
  key: string;
  wanted: string;
  actual?: string;
}

export interface NearestWorkload {
  workload: Workload;
  differences: LabelDifference[];
}

/**
 * The world cross-resource rules look into, indexed so that a lookup costs the size of the
 * answer, not of the world: resources by namespace and kind, workloads by pod-template label.
 */
export class ResourceIndex {
  readonly workloads: readonly Workload[];
  private readonly byNamespaceAndKind = new Map<string, Resource[]>();
  private readonly byKind = new Map<string, Resource[]>();
  /**
   * namespace → label key → label value → workloads whose pod template has that label. Nested
   * maps, not a compound key: a lookup then builds no string, and a label's hash is computed once.
   */
  private readonly workloadsByLabel = new Map<string, Map<string, Map<string, Workload[]>>>();
  /**
   * For the hints of a selector that selects nothing: namespace and label key → workloads whose
   * pod template has that key (near misses), and label key and value in any namespace → workloads
   * ("it would match in namespace X"). Built on first use: most runs give no such hint.
   */
  private hintPostings?: HintPostings;

  private readonly unparsedFolders: ReadonlySet<string>;
  private readonly workloadNamespaces = new Set<string>();

  private readonly patchFiles: ReadonlySet<string>;
  private readonly patchByFile = new Map<SourceFile, boolean>();
  /** kind → namespace and name → resources. */
  private readonly byKindAndName = new Map<string, Map<string, Resource[]>>();

  /**
   * `unparsedFiles`: names of files in view that could not be parsed, whose resources are unknown.
   * `patchFiles`: absolute paths of files that kustomizations apply as patches.
   */
  constructor(
    readonly resources: readonly Resource[],
    context: { unparsedFiles?: readonly string[]; patchFiles?: Iterable<string> } = {},
  ) {
    this.unparsedFolders = new Set((context.unparsedFiles ?? []).map(folderOf));
    this.patchFiles = new Set(context.patchFiles ?? []);
    for (const resource of resources) {
      appendTo(this.byNamespaceAndKind, compoundKey(resource.namespace, resource.kind), resource);
      appendTo(this.byKind, resource.kind, resource);
    }
    this.workloads = workloadsAmong(resources);
    for (const workload of this.workloads) {
      const { namespace } = workload.resource;
      this.workloadNamespaces.add(namespace);
      const byKey = mapUnder(this.workloadsByLabel, namespace);
      for (const [labelKey, labelValue] of workload.template.labels) appendTo(mapUnder(byKey, labelKey), labelValue, workload);
    }
  }

  /** Resources of a kind, in one namespace or in all. */
  ofKind(kind: string, namespace?: string): readonly Resource[] {
    return (namespace === undefined ? this.byKind.get(kind) : this.byNamespaceAndKind.get(compoundKey(namespace, kind))) ?? [];
  }

  /** Resources of a kind with a name in a namespace: one, or several where it is defined more than once. */
  named(kind: string, namespace: string, name: string): readonly Resource[] {
    // Built per kind on first use: rules look up only a few kinds by name.
    let byName = this.byKindAndName.get(kind);
    if (!byName) {
      byName = new Map();
      for (const resource of this.ofKind(kind)) if (resource.name !== undefined) appendTo(byName, compoundKey(resource.namespace, resource.name), resource);
      this.byKindAndName.set(kind, byName);
    }
    return byName.get(compoundKey(namespace, name)) ?? [];
  }

  /** True when a file in the resource's folder could not be parsed: what it defines is unknown. */
  hasUnparsedFileBeside(resource: Resource): boolean {
    return this.unparsedFolders.has(folderOf(resource.file.name));
  }

  /**
   * True when the resource's file is a kustomize patch, partial by design: a kustomization in view
   * applies it, or it is named as one (`*patch.yaml`, `*_patch.yaml`, or in a `patches` folder),
   * as scaffolds leave them whether or not a kustomization uses them yet.
   */
  isKustomizePatch(resource: Resource): boolean {
    // Answered once per file: a dozen rules ask it of every workload.
    let patch = this.patchByFile.get(resource.file);
    if (patch === undefined) {
      const { absolutePath, name } = resource.file;
      patch = (absolutePath !== undefined && this.patchFiles.has(absolutePath)) || PATCH_FILE_NAME.test(name);
      this.patchByFile.set(resource.file, patch);
    }
    return patch;
  }

  /** True when some workload in view is in the namespace. */
  hasWorkloadsIn(namespace: string): boolean {
    return this.workloadNamespaces.has(namespace);
  }

  /** Workloads in the namespace whose pod-template labels include every pair of the selector. */
  findWorkloadsSelectedBy(namespace: string, selector: ReadonlyMap<string, string>): Workload[] {
    const byKey = this.workloadsByLabel.get(namespace);
    return byKey ? this.selectFrom(selector, (labelKey, labelValue) => byKey.get(labelKey)?.get(labelValue)) : [];
  }

  /** Workloads in other namespaces that the selector would select there. */
  findWorkloadsSelectedInOtherNamespaces(namespace: string, selector: ReadonlyMap<string, string>): Workload[] {
    return this.selectFrom(selector, (labelKey, labelValue) => this.hints().byLabelAnyNamespace.get(compoundKey(labelKey, labelValue))).filter(
      (workload) => workload.resource.namespace !== namespace,
    );
  }

  /**
   * The workload in the namespace closest to being selected: fewest differing label pairs, then
   * the smallest edit distance between the values. Only workloads sharing a label key count.
   */
  findNearestWorkload(namespace: string, selector: ReadonlyMap<string, string>): NearestWorkload | undefined {
    const candidates = new Set<Workload>();
    for (const labelKey of selector.keys()) {
      for (const workload of this.hints().byLabelKey.get(compoundKey(namespace, labelKey)) ?? []) candidates.add(workload);
    }
    let best: { nearest: NearestWorkload; distance: number } | undefined;
    for (const workload of candidates) {
      const differences = labelDifferences(selector, workload.template.labels);
      // More differing labels than the best so far: no edit distance can make it nearer.
      if (best && differences.length > best.nearest.differences.length) continue;
      const distance = differences.reduce((sum, d) => sum + editDistance(d.wanted, d.actual ?? ''), 0);
      const better =
        !best ||
        differences.length < best.nearest.differences.length ||
        (differences.length === best.nearest.differences.length && distance < best.distance);
      if (better) best = { nearest: { workload, differences }, distance };
    }
    return best?.nearest;
  }

  private hints(): HintPostings {
    if (!this.hintPostings) {
      const byLabelKey = new Map<string, Workload[]>();
      const byLabelAnyNamespace = new Map<string, Workload[]>();
      for (const workload of this.workloads) {
        for (const [labelKey, labelValue] of workload.template.labels) {
          appendTo(byLabelKey, compoundKey(workload.resource.namespace, labelKey), workload);
          appendTo(byLabelAnyNamespace, compoundKey(labelKey, labelValue), workload);
        }
      }
      this.hintPostings = { byLabelKey, byLabelAnyNamespace };
    }
    return this.hintPostings;
  }

  private selectFrom(selector: ReadonlyMap<string, string>, postings: (labelKey: string, labelValue: string) => Workload[] | undefined): Workload[] {
    // Start from the rarest label of the selector, then check the rest on those few workloads.
    let smallest: Workload[] | undefined;
    for (const [labelKey, labelValue] of selector) {
      const list = postings(labelKey, labelValue) ?? [];
      if (!smallest || list.length < smallest.length) smallest = list;
      if (list.length === 0) return [];
    }
    return (smallest ?? []).filter((workload) => selectsLabels(selector, workload.template.labels));
  }
}

export function labelDifferences(selector: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): LabelDifference[] {
  const differences: LabelDifference[] = [];
  for (const [labelKey, wanted] of selector) {
    const actual = labels.get(labelKey);
    if (actual !== wanted) differences.push(actual === undefined ? { key: labelKey, wanted } : { key: labelKey, wanted, actual });
  }
  return differences;
}

const PATCH_FILE_NAME = /(?:^|\/)patches\/[^/]+$|(?:^|[/._-])patch\.ya?ml$/i;
