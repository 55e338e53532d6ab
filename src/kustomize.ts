import path from 'node:path';
import type { Resource } from './resource.js';
import type { ResourceIndex } from './resourceIndex.js';
import { asArray, asString } from './values.js';

const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io/';

/** A kustomization or component in view, with the absolute paths it builds on. */
interface Kustomization {
  resource: Resource;
  /** Its `resources` and `bases` entries: files and folders whose objects it transforms. */
  builds: string[];
  /** Its `components` entries: folders of components whose transformers it applies. */
  components: string[];
}

/**
 * Which kustomizations (and the components they include) in view transform a file's objects: those
 * that list the file, or a folder holding it, among their resources, directly or through another
 * kustomization they build on (an overlay's `resources: [../base]`). Kustomizations read from stdin
 * or without `apiVersion` and `kind` are not known.
 */
export class KustomizeLayout {
  private readonly kustomizations: Kustomization[];
  private readonly byFolder = new Map<string, Kustomization[]>();

  constructor(index: ResourceIndex) {
    this.kustomizations = ['Kustomization', 'Component'].flatMap((kind) =>
      index.ofKind(kind).flatMap((resource): Kustomization[] => {
        const file = resource.file.absolutePath;
        if (!resource.apiVersion.startsWith(KUSTOMIZE_GROUP) || file === undefined) return [];
        const folder = path.dirname(file);
        const paths = (field: string) =>
          asArray(resource.object[field]).flatMap((entry) => {
            const relative = asString(entry);
            // Remote bases (a URL, git@…) are out of view.
            return relative && !relative.includes('://') && !relative.includes('@') ? [path.resolve(folder, relative)] : [];
          });
        return [{ resource, builds: [...paths('resources'), ...paths('bases')], components: paths('components') }];
      }),
    );
    for (const kustomization of this.kustomizations) {
      const folder = path.dirname(kustomization.resource.file.absolutePath ?? '');
      this.byFolder.set(folder, [...(this.byFolder.get(folder) ?? []), kustomization]);
    }
  }

  /** The kustomizations and components whose transformers apply to the objects of the resource's file. */
  applyingTo(resource: Resource): Resource[] {
    const file = resource.file.absolutePath;
    if (file === undefined || this.kustomizations.length === 0) return [];
    const applying = new Set<Kustomization>();
    for (const kustomization of this.kustomizations) {
      if (this.builds(kustomization, file, new Set())) applying.add(kustomization);
    }
    // A component's transformers apply to what the kustomization that includes it builds.
    for (const kustomization of [...applying]) {
      for (const folder of kustomization.components) for (const component of this.byFolder.get(folder) ?? []) applying.add(component);
    }
    return [...applying].map((kustomization) => kustomization.resource);
  }

  private builds(kustomization: Kustomization, file: string, visited: Set<Kustomization>): boolean {
    if (visited.has(kustomization)) return false;
    visited.add(kustomization);
    return kustomization.builds.some((target) => {
      if (file === target) return true;
      // A folder is built by its own kustomization, which lists what it takes from the folder.
      const bases = this.byFolder.get(target);
      if (bases) return bases.some((base) => this.builds(base, file, visited));
      // Its kustomization is not in view (no apiVersion and kind): take the folder to hold the file.
      return file.startsWith(target + path.sep);
    });
  }
}
