import type { JsonPath } from './types.js';

/** Manifests are untrusted input: these read plain values without assuming their shape. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The object items of a list with their indexes, typed as the kubernetes-types shape they should
 * have; their fields are still untrusted.
 */
export function objectItems<T>(value: unknown): [item: T, index: number][] {
  // A loop, not flatMap: rules call this for every list of every resource.
  const items: [T, number][] = [];
  if (!Array.isArray(value)) return items;
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (isRecord(item)) items.push([item as T, index]);
  }
  return items;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A list of strings as given, or undefined when it is anything else (a rule option of the wrong type). */
export function asStringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

export function getAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isRecord(current) || !Object.hasOwn(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/**
 * The longest start of the path that exists in the value: where a finding about a missing field
 * points (the nearest existing parent), since a path that does not exist has no line.
 */
export function existingPrefix(value: unknown, path: JsonPath): JsonPath {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    if (getAt(value, prefix) !== undefined) return prefix;
  }
  return [];
}

/**
 * A label-like map as the API server would store it. Scalars are stringified, so that
 * `version: 1` compares as "1" (its wrong type is the schema rule's finding, not a mismatch).
 */
export function asStringMap(value: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!isRecord(value)) return map;
  // for-in, not Object.entries: no pair is allocated, and V8 reads each value from the object's
  // own layout (a parsed map has no inherited enumerable keys).
  for (const key in value) {
    const entry = value[key];
    if (typeof entry === 'string') map.set(key, entry);
    else if (typeof entry === 'number' || typeof entry === 'boolean') map.set(key, String(entry));
  }
  return map;
}

/**
 * A map key made of two or three strings (NUL cannot occur in Kubernetes names or label values).
 * Concatenated, not joined: the index makes one for every resource and label.
 */
export function compoundKey(first: string, second: string, third?: string): string {
  return third === undefined ? `${first}\u0000${second}` : `${first}\u0000${second}\u0000${third}`;
}

/** The map a map (or weak map) holds under a key, created empty on first use. */
export function mapUnder<K, K2, V>(map: { get(key: K): Map<K2, V> | undefined; set(key: K, value: Map<K2, V>): unknown }, key: K): Map<K2, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

/** Appends to the list a map holds under a key, creating it. */
export function appendTo<K, V>(map: Map<K, V[]>, mapKey: K, value: V): void {
  const list = map.get(mapKey);
  if (list) list.push(value);
  else map.set(mapKey, [value]);
}
