import type { ErrorObject } from 'ajv';
import { nearestString } from './text.js';
import type { JsonPath } from './types.js';

/** One schema problem, at the node it is about. */
export interface SchemaProblem {
  kind: 'unknown-field' | 'missing-field' | 'wrong-type' | 'not-allowed' | 'invalid';
  path: JsonPath;
  message: string;
  /** `key` for an unknown field or a missing one (at its parent's key); `value` otherwise. */
  on: 'key' | 'value';
}

/** What the translator needs to know about the schema of the node at an instance path. */
export interface SchemaLookup {
  /** The field names the object there may have, for "did you mean". */
  propertiesAt(path: JsonPath): string[];
  /** A short name for the type of the object there ("ContainerPort"), if it has one. */
  typeNameAt(path: JsonPath): string | undefined;
}

/**
 * Turns ajv's errors into one problem per fault, in words: an unknown field at its key with the
 * nearest allowed name, a wrong type at the value with what was given, a missing field at its
 * parent's key. The branch errors of a failed anyOf/oneOf are folded into that one error.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], instance: unknown, lookup: SchemaLookup, rootLabel: string): SchemaProblem[] {
  const alternatives = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf').map((error) => error.schemaPath);
  const problems = new Map<string, SchemaProblem & { suggestion?: string }>();
  for (const error of errors) {
    if (alternatives.some((schemaPath) => error.schemaPath !== schemaPath && error.schemaPath.startsWith(`${schemaPath}/`))) continue;
    const path = pointerToPath(error.instancePath, instance);
    const problem = describe(error, path, instance, lookup, rootLabel);
    problems.set(`${problem.path.join('\u0000')}\u0000${problem.message}`, problem);
  }
  // A misspelt required field is one fault, not two: the unknown field's "did you mean" says it all.
  const misspelt = new Set([...problems.values()].filter((p) => p.suggestion !== undefined).map((p) => `${p.path.slice(0, -1).join('\u0000')}\u0000${p.suggestion ?? ''}`));
  return [...problems.values()]
    .filter((p) => !(p.kind === 'missing-field' && misspelt.has(`${p.path.join('\u0000')}\u0000${p.suggestion ?? ''}`)))
    .map(({ suggestion: _, ...problem }) => problem);
}

function describe(error: ErrorObject, path: JsonPath, instance: unknown, lookup: SchemaLookup, rootLabel: string): SchemaProblem & { suggestion?: string } {
  const label = path.length === 0 ? rootLabel : labelOf(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const field = shorten(key);
      const allowed = lookup.propertiesAt(path);
      const owner = lookup.typeNameAt(path) ?? label;
      const hint = nearestString(key, allowed);
      const listing = !hint && allowed.length > 0 && allowed.length <= 12 ? ` (its fields: ${allowed.join(', ')})` : '';
      return {
        kind: 'unknown-field',
        path: [...path, key],
        on: 'key',
        message: `unknown field "${field}": ${owner} has no such field${hint ? `; did you mean ${hint}?` : listing}`,
        ...(hint ? { suggestion: hint } : {}),
      };
    }
    case 'required': {
      const field = String((error.params as { missingProperty: string }).missingProperty);
      return { kind: 'missing-field', path, on: 'key', message: `${label} is missing the required field ${field}`, suggestion: field };
    }
    case 'type': {
      const expected = (error.params as { type: string | string[] }).type;
      const value = valueAt(instance, path);
      const quoteHint = [expected].flat().includes('string') && (typeof value === 'number' || typeof value === 'boolean') ? `; quote it: "${String(value)}"` : '';
      return { kind: 'wrong-type', path, on: 'value', message: `${label} must be ${describeType(expected)}, got ${describeValue(value)}${quoteHint}` };
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? (error.params as { allowedValues: unknown[] }).allowedValues : [(error.params as { allowedValue: unknown }).allowedValue];
      const value = valueAt(instance, path);
      const hint = typeof value === 'string' ? nearestString(value, allowed.map(String)) : undefined;
      return { kind: 'not-allowed', path, on: 'value', message: `${label} must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}${hint ? `; did you mean ${hint}?` : ''}` };
    }
    case 'anyOf':
    case 'oneOf':
      return { kind: 'invalid', path, on: 'value', message: `${label} matches none of the forms its schema allows` };
    default:
      // Bounds, lengths and patterns of custom resource schemas: ajv says the rule, we add the value.
      return { kind: 'invalid', path, on: 'value', message: `${label} ${error.message ?? 'is not valid'}, got ${describeValue(valueAt(instance, path))}` };
  }
}

/** Input quoted in a message is cut short: a 1 MB key must not make a 1 MB message. */
function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** "containerPort", "containers[0]", or "the object" for the root. */
function labelOf(path: JsonPath): string {
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  if (end === 0) return 'the object';
  return `${String(path[end - 1])}${path.slice(end).map((index) => `[${String(index)}]`).join('')}`;
}

function describeType(type: string | string[]): string {
  const words: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', object: 'a mapping', array: 'a list', null: 'null' };
  return [type].flat().map((t) => words[t] ?? t).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

/** A JSON pointer as a path, with array indexes as numbers (so positions resolve into lists). */
function pointerToPath(pointer: string, instance: unknown): JsonPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = instance;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(segment));
      current = current[Number(segment)];
    } else {
      path.push(segment);
      current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

function valueAt(instance: unknown, path: JsonPath): unknown {
  let current = instance;
  for (const segment of path) current = typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[segment] : undefined;
  return current;
}
