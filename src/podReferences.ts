import type { Container, EnvFromSource, EnvVar, KeyToPath, PodSpec, Volume, VolumeProjection } from 'kubernetes-types/core/v1.js';
import type { PodTemplateRef } from './podTemplate.js';
import type { JsonPath } from './types.js';
import { asString, isRecord, objectItems } from './values.js';

/** The kinds of object a pod spec names and that must exist, in its namespace, before its containers start. */
export type PodReferencedKind = 'ConfigMap' | 'Secret' | 'ServiceAccount';

/** A key of a ConfigMap or Secret that a reference reads, with the path of the key node. */
export interface ReferencedKey {
  key: string;
  path: JsonPath;
}

/** One place in a pod spec that names a ConfigMap, Secret or ServiceAccount. */
export interface PodReference {
  kind: PodReferencedKind;
  name: string;
  /** Path of the name node, inside the resource. */
  path: JsonPath;
  /** `optional: true`: the pod starts without it. */
  optional: boolean;
  /** The field, as a person reads it: `configMapKeyRef of env DB_HOST in container api`, `volume config`. */
  via: string;
  /** Keys read from the object's data (env key refs, volume items). */
  keys: ReferencedKey[];
  /** Where the reference is used: by one container (env, envFrom), or by the pod (volumes, service account). */
  usedBy: 'container' | 'pod';
  container?: string;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
const ENV_KEY_REFERENCES = [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const;
const ENV_SOURCE_REFERENCES = [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const;

/**
 * Every ConfigMap, Secret and ServiceAccount a pod template names: env key refs, envFrom,
 * configMap/secret volumes and projected sources, `serviceAccountName` and the deprecated
 * `serviceAccount` (once when both name the same account).
 */
export function podReferences(template: PodTemplateRef): PodReference[] {
  const spec = template.spec;
  if (!spec) return [];
  const base = template.specPath;
  const references: PodReference[] = [];
  for (const list of CONTAINER_LISTS) {
    for (const [container, i] of objectItems<Container>(spec[list])) {
      references.push(...containerReferences(container, [...base, list, i]));
    }
  }
  for (const [volume, i] of objectItems<Volume>(spec.volumes)) references.push(...volumeReferences(volume, [...base, 'volumes', i]));
  references.push(...serviceAccountReferences(spec, base));
  return references;
}

function containerReferences(container: Container, path: JsonPath): PodReference[] {
  const references: PodReference[] = [];
  const containerName = asString(container.name) ?? '(unnamed)';
  for (const [variable, j] of objectItems<EnvVar>(container.env)) {
    // Most variables have a value of their own: nothing to look up.
    const valueFrom = variable.valueFrom;
    if (!isRecord(valueFrom)) continue;
    for (const [field, kind] of ENV_KEY_REFERENCES) {
      const ref = valueFrom[field];
      const name = isRecord(ref) ? asString(ref['name']) : undefined;
      if (!isRecord(ref) || !name) continue;
      const refPath = [...path, 'env', j, 'valueFrom', field];
      const key = asString(ref['key']);
      references.push({
        kind,
        name,
        path: [...refPath, 'name'],
        optional: ref['optional'] === true,
        via: `${field} of env ${asString(variable.name) ?? `#${j}`} in container ${containerName}`,
        keys: key ? [{ key, path: [...refPath, 'key'] }] : [],
        usedBy: 'container',
        container: containerName,
      });
    }
  }
  for (const [source, j] of objectItems<EnvFromSource>(container.envFrom)) {
    for (const [field, kind] of ENV_SOURCE_REFERENCES) {
      const ref = source[field];
      const name = isRecord(ref) ? asString(ref['name']) : undefined;
      if (!isRecord(ref) || !name) continue;
      references.push({ kind, name, path: [...path, 'envFrom', j, field, 'name'], optional: ref['optional'] === true, via: `${field} of envFrom in container ${containerName}`, keys: [], usedBy: 'container', container: containerName });
    }
  }
  return references;
}

function volumeReferences(volume: Volume, path: JsonPath): PodReference[] {
  const volumeName = asString(volume.name) ?? '(unnamed)';
  const references: PodReference[] = [];
  // A secret volume names its Secret in `secretName`; every other source uses `name`.
  const configMap = sourceReference('ConfigMap', volume.configMap, 'name', path, 'configMap', volumeName);
  const secret = sourceReference('Secret', volume.secret, 'secretName', path, 'secret', volumeName);
  if (configMap) references.push(configMap);
  if (secret) references.push(secret);
  for (const [projection, k] of objectItems<VolumeProjection>(volume.projected?.sources)) {
    const sourcePath = [...path, 'projected', 'sources', k];
    const projectedConfigMap = sourceReference('ConfigMap', projection.configMap, 'name', sourcePath, 'configMap', volumeName, 'projected ');
    const projectedSecret = sourceReference('Secret', projection.secret, 'name', sourcePath, 'secret', volumeName, 'projected ');
    if (projectedConfigMap) references.push(projectedConfigMap);
    if (projectedSecret) references.push(projectedSecret);
  }
  return references;
}

/**
 * The reference of a volume source (`field` of the object at `holderPath`); its path and words
 * are built only when there is one, since most volumes are of other kinds.
 */
function sourceReference(kind: 'ConfigMap' | 'Secret', source: unknown, nameField: string, holderPath: JsonPath, field: 'configMap' | 'secret', volumeName: string, projected = ''): PodReference | undefined {
  if (!isRecord(source)) return undefined;
  const name = asString(source[nameField]);
  if (!name) return undefined;
  const path = [...holderPath, field];
  const via = `${projected}${field} of volume ${volumeName}`;
  // `items` projects chosen keys; each must exist unless the source is optional.
  const keys = objectItems<KeyToPath>(source['items']).flatMap(([item, i]): ReferencedKey[] => {
    const key = asString(item.key);
    return key ? [{ key, path: [...path, 'items', i, 'key'] }] : [];
  });
  return { kind, name, path: [...path, nameField], optional: source['optional'] === true, via, keys, usedBy: 'pod' };
}

function serviceAccountReferences(spec: PodSpec, base: JsonPath): PodReference[] {
  const references: PodReference[] = [];
  const current = asString(spec.serviceAccountName);
  const deprecated = asString(spec.serviceAccount);
  if (current) references.push({ kind: 'ServiceAccount', name: current, path: [...base, 'serviceAccountName'], optional: false, via: 'serviceAccountName', keys: [], usedBy: 'pod' });
  if (deprecated && deprecated !== current) {
    references.push({ kind: 'ServiceAccount', name: deprecated, path: [...base, 'serviceAccount'], optional: false, via: 'serviceAccount', keys: [], usedBy: 'pod' });
  }
  return references;
}
