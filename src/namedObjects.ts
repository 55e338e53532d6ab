import { folderOf } from './resource.js';
import type { Resource } from './resource.js';
import type { ResourceIndex } from './resourceIndex.js';
import type { JsonPath } from './types.js';
import { appendTo, asArray, asString, compoundKey, getAt, isRecord, mapUnder } from './values.js';

/**
 * An object that exists, by name, in a namespace once the world is applied: defined as itself (a
 * Secret), or created from another object (a SealedSecret's Secret, a kustomize generator's ConfigMap).
 */
export interface NamedObject {
  resource: Resource;
  name: string;
  /** Where the name is written in `resource`. */
  namePath: JsonPath;
  /** True when the object is created from another kind (`resource` is the SealedSecret, the Kustomization). */
  generated: boolean;
  /** A kustomize generator: its namespace is the kustomization's, which applies to its resources too. */
  anyNamespace: boolean;
}

/** What creates objects of a kind besides the kind itself, and how to read the name it gives them. */
interface Generator {
  kind: string;
  /** The API group, matched as the start of apiVersion; kinds like Certificate exist in several. */
  group: string;
  names(resource: Resource): { name: string; path: JsonPath }[];
  anyNamespace?: boolean;
}

const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io/';

/** Kustomize generators: `configMapGenerator` and `secretGenerator` entries of a Kustomization. */
function kustomizeGenerated(field: string): Generator {
  return {
    kind: 'Kustomization',
    group: KUSTOMIZE_GROUP,
    anyNamespace: true,
    names: (resource) =>
      asArray(resource.object[field]).flatMap((entry, i) => {
        const name = isRecord(entry) ? asString(entry['name']) : undefined;
        return name ? [{ name, path: [field, i, 'name'] }] : [];
      }),
  };
}

/** The name a field gives, or the object's own name when the field is absent. */
function nameAt(path: JsonPath, fallbackToOwnName: boolean): Generator['names'] {
  return (resource) => {
    const name = asString(getAt(resource.object, path));
    if (name) return [{ name, path }];
    return fallbackToOwnName && resource.name ? [{ name: resource.name, path: ['metadata', 'name'] }] : [];
  };
}

/** Operators in common use that create Secrets from a custom resource. */
const GENERATORS: Readonly<Record<string, readonly Generator[]>> = {
  Secret: [
    // Bitnami sealed-secrets: the Secret takes the SealedSecret's name (or its template's).
    { kind: 'SealedSecret', group: 'bitnami.com/', names: nameAt(['spec', 'template', 'metadata', 'name'], true) },
    // External Secrets Operator: spec.target.name, defaulting to the ExternalSecret's name.
    { kind: 'ExternalSecret', group: 'external-secrets.io/', names: nameAt(['spec', 'target', 'name'], true) },
    { kind: 'ExternalSecret', group: 'kubernetes-client.io/', names: nameAt(['metadata', 'name'], false) },
    // cert-manager writes the certificate and key to spec.secretName.
    { kind: 'Certificate', group: 'cert-manager.io/', names: nameAt(['spec', 'secretName'], false) },
    kustomizeGenerated('secretGenerator'),
  ],
  ConfigMap: [kustomizeGenerated('configMapGenerator')],
};

interface KindCatalog {
  objects: NamedObject[];
  byNamespace: Map<string, Map<string, NamedObject[]>>;
  anyNamespace: Map<string, NamedObject[]>;
  /** Built on first use: only a reference that resolves to nothing asks where objects are defined. */
  places?: PlaceCatalog;
}

/** Where the objects of a kind are defined, for the neighbourhood of a missing reference. */
interface PlaceCatalog {
  byName: Map<string, NamedObject[]>;
  /** namespace and folder → objects defined in files directly in the folder. */
  inFolder: Map<string, NamedObject[]>;
  /** namespace and folder → objects defined in files in the folder or below it. */
  inSubtree: Map<string, NamedObject[]>;
}

/** Generators name objects for whatever namespace their kustomization gives. */
const ANY_NAMESPACE = '*';

/** Objects by kind, namespace and name, including those other objects generate; built per kind on first use. */
export class NamedObjects {
  private readonly byKind = new Map<string, KindCatalog>();

  constructor(private readonly index: ResourceIndex) {}

  /** Objects of the kind with that name that exist in the namespace, wherever they are defined. */
  find(kind: string, namespace: string, name: string): readonly NamedObject[] {
    const catalog = this.catalog(kind);
    const inNamespace = catalog.byNamespace.get(namespace)?.get(name) ?? [];
    const generated = catalog.anyNamespace.get(name);
    return generated ? [...inNamespace, ...generated] : inNamespace;
  }

  /** Objects of the kind in the namespace defined in the neighbourhood of `fileName`, for "did you mean" hints. */
  nearIn(kind: string, namespace: string, fileName: string): NamedObject[] {
    const catalog = this.places(kind);
    const folder = folderOf(fileName);
    const near: NamedObject[] = [];
    for (const ns of [namespace, ANY_NAMESPACE]) {
      near.push(...(catalog.inSubtree.get(compoundKey(ns, folder)) ?? []));
      for (const ancestor of ancestorsOf(folder)) near.push(...(catalog.inFolder.get(compoundKey(ns, ancestor)) ?? []));
    }
    return near;
  }

  /**
   * True when some object of the kind in the namespace is defined in the neighbourhood of the file
   * (see `inNeighbourhood`): the kind is then managed with these manifests, not out of view.
   */
  hasNear(kind: string, namespace: string, fileName: string): boolean {
    const catalog = this.places(kind);
    const folder = folderOf(fileName);
    for (const ns of [namespace, ANY_NAMESPACE]) {
      if (catalog.inSubtree.has(compoundKey(ns, folder))) return true;
      if (ancestorsOf(folder).some((ancestor) => catalog.inFolder.has(compoundKey(ns, ancestor)))) return true;
    }
    return false;
  }

  /** Objects of the kind with that name in other namespaces, defined in the neighbourhood of the file. */
  elsewhereNear(kind: string, namespace: string, name: string, fileName: string): NamedObject[] {
    return (this.places(kind).byName.get(name) ?? []).filter((object) => !object.anyNamespace && object.resource.namespace !== namespace && inNeighbourhood(fileName, object.resource.file.name));
  }

  private catalog(kind: string): KindCatalog {
    let catalog = this.byKind.get(kind);
    if (catalog) return catalog;
    const built: KindCatalog = { objects: [], byNamespace: new Map(), anyNamespace: new Map() };
    const add = (object: NamedObject) => {
      built.objects.push(object);
      if (object.anyNamespace) appendTo(built.anyNamespace, object.name, object);
      else appendTo(mapUnder(built.byNamespace, object.resource.namespace), object.name, object);
    };
    for (const resource of this.index.ofKind(kind)) {
      // Core kinds only: a custom resource that happens to be called Secret is not one.
      if (isCoreKind(kind) && resource.apiVersion !== 'v1') continue;
      if (resource.name) add({ resource, name: resource.name, namePath: ['metadata', 'name'], generated: false, anyNamespace: false });
    }
    for (const generator of GENERATORS[kind] ?? []) {
      for (const resource of this.index.ofKind(generator.kind)) {
        if (!resource.apiVersion.startsWith(generator.group)) continue;
        for (const { name, path } of generator.names(resource)) add({ resource, name, namePath: path, generated: true, anyNamespace: generator.anyNamespace ?? false });
      }
    }
    this.byKind.set(kind, built);
    return built;
  }

  private places(kind: string): PlaceCatalog {
    const catalog = this.catalog(kind);
    if (catalog.places) return catalog.places;
    const places: PlaceCatalog = { byName: new Map(), inFolder: new Map(), inSubtree: new Map() };
    for (const object of catalog.objects) {
      appendTo(places.byName, object.name, object);
      const namespace = object.anyNamespace ? ANY_NAMESPACE : object.resource.namespace;
      const folder = folderOf(object.resource.file.name);
      appendTo(places.inFolder, compoundKey(namespace, folder), object);
      appendTo(places.inSubtree, compoundKey(namespace, folder), object);
      for (const ancestor of ancestorsOf(folder)) appendTo(places.inSubtree, compoundKey(namespace, ancestor), object);
    }
    catalog.places = places;
    return places;
  }
}

/**
 * The manifests that belong with a file: those in its folder and below it (one application's
 * tree), and those directly in a folder above it (shared files). Not a sibling folder: in a
 * repository linted from its root, that is another application or another environment.
 */
export function inNeighbourhood(fileName: string, otherFileName: string): boolean {
  const folder = folderOf(fileName);
  const other = folderOf(otherFileName);
  return other === folder || isBelow(other, folder) || isBelow(folder, other);
}

function isBelow(folder: string, ancestor: string): boolean {
  return ancestor === '' ? folder !== '' && !folder.startsWith('<') : folder.startsWith(`${ancestor}/`);
}

/** Proper ancestors of a folder, nearest first, ending with '' (the working directory). */
function ancestorsOf(folder: string): string[] {
  if (folder === '' || folder.startsWith('<')) return [];
  const ancestors: string[] = [];
  for (let i = folder.lastIndexOf('/'); i >= 0; i = folder.lastIndexOf('/', i - 1)) {
    ancestors.push(folder.slice(0, i));
    if (i === 0) break;
  }
  ancestors.push('');
  return ancestors;
}


function isCoreKind(kind: string): boolean {
  return kind === 'Secret' || kind === 'ConfigMap' || kind === 'ServiceAccount' || kind === 'Service';
}
