import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv as AjvInstance, ErrorObject } from 'ajv';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { requireWithCodeCache } from './codeCache.js';
import { UsageError } from './files.js';
import type { Resource } from './resource.js';
import { isKind } from './resource.js';
import { KUBERNETES_DEFINITIONS_ID, VALIDATOR_OPTIONS, withoutDescriptions } from './schemaCompile.js';
import { describeSchemaErrors } from './schemaErrors.js';
import type { SchemaLookup, SchemaProblem } from './schemaErrors.js';
import type { JsonPath } from './types.js';
import { isRecord, mapUnder, objectItems } from './values.js';

const require = createRequire(import.meta.url);
const schemasRoot = new URL('../../schemas/', import.meta.url);

type CompiledValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
type SchemaNode = Record<string, unknown>;

/** Checks one object; returns its problems (none when valid). */
export type ResourceValidator = (object: { kind: string }) => SchemaProblem[];

interface KubernetesIndex {
  kubernetesVersion: string;
  kinds: Record<string, string>;
}

let kubernetesIndex: KubernetesIndex | undefined;
/** The built-in kinds and the Kubernetes version the shipped schemas describe. */
export function builtinSchemaIndex(): KubernetesIndex {
  kubernetesIndex ??= JSON.parse(readFileSync(new URL('kubernetes/index.json', schemasRoot), 'utf8')) as KubernetesIndex;
  return kubernetesIndex;
}

let builtinDefinitions: Record<string, SchemaNode> | undefined;
/** Definitions with their descriptions: read only when an error needs a field list or a type name. */
function definitions(): Record<string, SchemaNode> {
  builtinDefinitions ??= (JSON.parse(readFileSync(new URL('kubernetes/_definitions.json', schemasRoot), 'utf8')) as { definitions: Record<string, SchemaNode> }).definitions;
  return builtinDefinitions;
}

/**
 * Every schema kubelint knows: the built-in kinds (precompiled at build time), the custom
 * resources whose CustomResourceDefinitions are in view, and kubeconform-style catalogs in
 * `--schema-dir` folders. Everything loads on first use, so a file that needs no schema pays nothing.
 */
export class SchemaCatalog {
  private builtinValidators?: Record<string, CompiledValidator> & { byKind: Record<string, string> };
  private readonly customSchemas = new Map<string, { schema: SchemaNode; origin: string }>();
  private readonly validators = new Map<string, Map<string, ResourceValidator | undefined>>();
  private ajv?: AjvInstance;
  private builtinKinds?: Map<string, string[]>;

  constructor(
    customResourceDefinitions: readonly Resource[],
    private readonly schemaDirs: readonly string[] = [],
  ) {
    for (const resource of customResourceDefinitions) this.addCustomResourceDefinition(resource);
  }

  /** The validator for an apiVersion and kind, or undefined when no schema is known. */
  validatorFor(apiVersion: string, kind: string): ResourceValidator | undefined {
    // By apiVersion, then kind: asked for every resource, so no key string is built for each.
    const byKind = mapUnder(this.validators, apiVersion);
    if (!byKind.has(kind)) byKind.set(kind, this.builtinValidator(`${apiVersion}/${kind}`) ?? this.customValidator(apiVersion, kind));
    return byKind.get(kind);
  }

  /** The apiVersions under which Kubernetes itself serves a kind ([] for a custom kind). */
  builtinApiVersionsOf(kind: string): string[] {
    if (!this.builtinKinds) {
      this.builtinKinds = new Map();
      for (const key of Object.keys(builtinSchemaIndex().kinds)) {
        const slash = key.lastIndexOf('/');
        const list = this.builtinKinds.get(key.slice(slash + 1)) ?? [];
        list.push(key.slice(0, slash));
        this.builtinKinds.set(key.slice(slash + 1), list);
      }
    }
    return this.builtinKinds.get(kind) ?? [];
  }

  /** The built-in kinds of an API group ('' for core). */
  builtinKindsIn(group: string): string[] {
    return Object.keys(builtinSchemaIndex().kinds)
      .map((key) => ({ apiVersion: key.slice(0, key.lastIndexOf('/')), kind: key.slice(key.lastIndexOf('/') + 1) }))
      .filter(({ apiVersion }) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '') === group)
      .map(({ kind }) => kind);
  }

  private builtinValidator(key: string): ResourceValidator | undefined {
    if (!Object.hasOwn(builtinSchemaIndex().kinds, key)) return undefined;
    this.builtinValidators ??= requireWithCodeCache(new URL('../generated/kubernetes-validators.cjs', import.meta.url)) as Record<string, CompiledValidator> & { byKind: Record<string, string> };
    const validate = this.builtinValidators[this.builtinValidators.byKind[key] ?? ''];
    return validate ? wrap(validate, lookupFrom({ $ref: `#/definitions/${builtinSchemaIndex().kinds[key] ?? ''}` }), true) : undefined;
  }

  private customValidator(apiVersion: string, kind: string): ResourceValidator | undefined {
    const found = this.customSchemas.get(`${apiVersion}/${kind}`) ?? this.findInSchemaDirs(apiVersion, kind);
    if (!found) return undefined;
    const schema = strictCustomResourceSchema(found.schema);
    let validate: CompiledValidator;
    try {
      validate = this.runtimeAjv().compile(schema);
    } catch (error) {
      throw new UsageError(`the schema for ${apiVersion} ${kind} in ${found.origin} cannot be compiled: ${(error as Error).message.split('\n')[0] ?? ''}`);
    }
    return wrap(validate, lookupFrom(schema));
  }

  private addCustomResourceDefinition(resource: Resource): void {
    if (!isKind<CustomResourceDefinition>(resource, 'CustomResourceDefinition') || resource.apiVersion !== 'apiextensions.k8s.io/v1') return;
    const spec = resource.object.spec;
    const group = spec?.group;
    const kind = spec?.names?.kind;
    if (typeof group !== 'string' || typeof kind !== 'string') return;
    for (const [version] of objectItems<{ name?: unknown; schema?: { openAPIV3Schema?: unknown } }>(spec?.versions)) {
      const schema = version.schema?.openAPIV3Schema;
      if (typeof version.name === 'string' && isRecord(schema)) {
        this.customSchemas.set(`${group}/${version.name}/${kind}`, { schema, origin: `CustomResourceDefinition ${resource.name ?? ''} (${resource.file.name})` });
      }
    }
  }

  /** kubeconform's catalog names: `{group}/{kind}_{version}.json` and `{kind}-{group}-{version}.json`, lower case. */
  private findInSchemaDirs(apiVersion: string, kind: string): { schema: SchemaNode; origin: string } | undefined {
    const slash = apiVersion.indexOf('/');
    const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
    const version = apiVersion.slice(slash + 1);
    const lower = kind.toLowerCase();
    const candidates = [
      ...(group ? [path.join(group, `${lower}_${version}.json`)] : []),
      group ? `${lower}-${group.split('.')[0] ?? group}-${version}.json` : `${lower}-${version}.json`,
      ...(group ? [`${lower}-${group}-${version}.json`] : []),
    ];
    for (const directory of this.schemaDirs) {
      for (const candidate of candidates) {
        const file = path.join(directory, candidate);
        if (!existsSync(file)) continue;
        try {
          const schema: unknown = JSON.parse(readFileSync(file, 'utf8'));
          if (isRecord(schema)) return { schema, origin: file };
        } catch (error) {
          throw new UsageError(`${file}: not a JSON schema (${(error as Error).message.split('\n')[0] ?? ''})`);
        }
      }
    }
    return undefined;
  }

  /** ajv for schemas met at run time, with the built-in definitions for `metadata`. */
  private runtimeAjv(): AjvInstance {
    if (!this.ajv) {
      const { Ajv } = require('ajv') as { Ajv: new (options: object) => AjvInstance };
      this.ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { regExp: linearRegExp } });
      this.ajv.addSchema(withoutDescriptions({ definitions: definitions() }) as object, KUBERNETES_DEFINITIONS_ID);
    }
    return this.ajv;
  }
}

/**
 * A CRD's `pattern` is a Go (RE2) regular expression, which runs in linear time; a JavaScript
 * RegExp backtracks, and `^(a+)+$` on 40 characters would take hours. re2js matches as Go does,
 * in linear time. A pattern RE2 cannot compile is not checked (the API server rejects the CRD).
 */
function linearRegExp(pattern: string): { test(text: string): boolean; toString(): string } {
  const { RE2JS } = require('re2js') as typeof import('re2js');
  // ajv tells compiled patterns apart by toString(): each must name its own pattern.
  const toString = () => `/${pattern}/`;
  try {
    const compiled = RE2JS.compile(pattern);
    return { test: (text) => compiled.matcher(text).find(), toString };
  } catch {
    return { test: () => true, toString };
  }
}
linearRegExp.code = 'linearRegExp';

/**
 * `takesNullOnlyWhereOptional`: true for the built-in schemas, where a null in a required field
 * fails validation anyway (a test checks it), so an object that validates as written needs no
 * copy without its nulls, and nothing needs walking for them.
 */
function wrap(validate: CompiledValidator, lookup: SchemaLookup, takesNullOnlyWhereOptional = false): ResourceValidator {
  return (object) => {
    if (takesNullOnlyWhereOptional && validate(object)) return [];
    // The API server treats an explicit null as "not set": so do we.
    const instance = withoutNullFields(object);
    return validate(instance) ? [] : describeSchemaErrors(validate.errors ?? [], instance, lookup, object.kind);
  };
}

/**
 * Finds the schema of the node at an instance path by walking the schema from its root, through
 * $refs into the shared definitions: ajv's own schema paths are relative to the innermost $ref,
 * which says neither which type it is nor where.
 */
export function lookupFrom(root: SchemaNode, localDefinitions?: Record<string, SchemaNode>): SchemaLookup {
  const at = (path: JsonPath) => schemaAtPath(root, path, localDefinitions ?? definitions());
  return {
    propertiesAt: (path) => {
      const properties = at(path).node?.['properties'];
      return isRecord(properties) ? Object.keys(properties) : [];
    },
    typeNameAt: (path) => at(path).typeName,
  };
}

function schemaAtPath(root: SchemaNode, path: JsonPath, known: Record<string, SchemaNode>): { node?: SchemaNode; typeName?: string } {
  let current = resolveReferences({ node: root }, known);
  for (const segment of path) {
    const node = current.node;
    if (!node) return {};
    let next: unknown;
    if (typeof segment === 'number') {
      // A list may be one form of several (if: array, then: ...), and its items a tuple.
      const list = isRecord(node['then']) && node['items'] === undefined ? node['then'] : node;
      const items = list['items'];
      next = Array.isArray(items) ? items[segment] : items;
    }
    else next = (isRecord(node['properties']) ? node['properties'][segment] : undefined) ?? node['additionalProperties'];
    current = isRecord(next) ? resolveReferences({ node: next }, known) : {};
  }
  return current;
}

/** Follows $refs to the shared definitions; the last definition followed names the type. */
function resolveReferences(start: { node: SchemaNode; typeName?: string }, known: Record<string, SchemaNode>): { node?: SchemaNode; typeName?: string } {
  let { node, typeName } = start;
  for (let hops = 0; typeof node['$ref'] === 'string' && hops < 32; hops++) {
    const name = node['$ref'].slice(node['$ref'].indexOf('#/definitions/') + '#/definitions/'.length);
    const target = known[name];
    if (!target) return {};
    node = target;
    typeName = name.slice(name.lastIndexOf('.') + 1);
  }
  return { node, ...(typeName ? { typeName } : {}) };
}

/** The value without its null fields; the value itself when it has none (the common case: no copy). */
export function withoutNullFields(value: unknown): unknown {
  return hasNullField(value) ? copyWithoutNullFields(value) : value;
}

function hasNullField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullField);
  if (!isRecord(value)) return false;
  for (const key in value) if (value[key] === null || hasNullField(value[key])) return true;
  return false;
}

function copyWithoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyWithoutNullFields);
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    // defineProperty, not assignment: a key named __proto__ must stay a field, not become a prototype.
    if (field !== null) Object.defineProperty(copy, key, { value: copyWithoutNullFields(field), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * A CRD's structural schema as the API server applies it under strict field validation: unknown
 * fields are errors unless x-kubernetes-preserve-unknown-fields, int-or-string takes both, and
 * apiVersion, kind and metadata are always allowed at the root.
 */
export function strictCustomResourceSchema(schema: SchemaNode): SchemaNode {
  const root = strictNode(schema, true);
  if (!root['x-kubernetes-preserve-unknown-fields']) {
    const properties = isRecord(root['properties']) ? root['properties'] : {};
    root['properties'] = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: `${KUBERNETES_DEFINITIONS_ID}#/definitions/meta.v1.ObjectMeta` },
      ...properties,
    };
    if (root['additionalProperties'] === undefined) root['additionalProperties'] = false;
  }
  return root;
}

function strictNode(node: SchemaNode, isRoot = false): SchemaNode {
  const copy: SchemaNode = { ...node };
  if (copy['x-kubernetes-int-or-string'] === true) {
    delete copy['anyOf'];
    copy['type'] = ['integer', 'string'];
  }
  if (isRecord(copy['properties'])) {
    copy['properties'] = Object.fromEntries(Object.entries(copy['properties']).map(([name, child]) => [name, isRecord(child) ? strictNode(child) : child]));
  }
  if (isRecord(copy['items'])) copy['items'] = strictNode(copy['items']);
  if (isRecord(copy['additionalProperties'])) copy['additionalProperties'] = strictNode(copy['additionalProperties']);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(copy[keyword])) copy[keyword] = (copy[keyword] as unknown[]).map((child) => (isRecord(child) ? strictNode(child) : child));
  }
  const closed = copy['type'] === 'object' && isRecord(copy['properties']) && copy['additionalProperties'] === undefined && copy['x-kubernetes-preserve-unknown-fields'] !== true;
  if (closed && !isRoot) copy['additionalProperties'] = false;
  if (copy['x-kubernetes-embedded-resource'] === true && isRecord(copy['properties'])) {
    copy['properties'] = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...copy['properties'] };
  }
  return copy;
}
