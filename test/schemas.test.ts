import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateSchemas, kubernetesSchemasDirectory } from '../scripts/gen-schemas.js';

/** The committed schemas must be exactly what the generator makes from the installed kubernetes-types. */
test('schemas/kubernetes is up to date with kubernetes-types (npm run gen:schemas)', () => {
  const { files } = generateSchemas();
  const committed = readdirSync(kubernetesSchemasDirectory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(kubernetesSchemasDirectory, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
    .sort();
  assert.deepEqual(committed, [...files.keys()].sort(), 'the same files');
  for (const [relative, content] of files) {
    assert.equal(readFileSync(path.join(kubernetesSchemasDirectory, relative), 'utf8'), content, `${relative} is stale: run npm run gen:schemas`);
  }
});

test('the generated schemas map the API server\'s types', () => {
  const { files } = generateSchemas();
  const definitions = (JSON.parse(files.get('_definitions.json') ?? '{}') as { definitions: Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[]; additionalProperties?: unknown; type?: unknown }> }).definitions;
  const property = (type: string, field: string) => definitions[type]?.properties?.[field];
  assert.deepEqual(definitions['api.resource.Quantity']?.type, ['string', 'number'], 'a quantity is a string or a number');
  assert.deepEqual(property('core.v1.ServicePort', 'targetPort')?.['type'], ['integer', 'string'], 'int-or-string');
  assert.equal(definitions['meta.v1.Time']?.type, 'string');
  assert.equal(Object.keys(definitions['runtime.RawExtension'] ?? {}).filter((k) => k !== 'description').length, 0, 'RawExtension is free-form');
  assert.deepEqual(property('meta.v1.ObjectMeta', 'labels')?.['additionalProperties'], { type: 'string' }, 'labels are a string map');
  assert.equal(property('core.v1.ContainerPort', 'containerPort')?.['type'], 'integer');
  assert.ok(definitions['core.v1.Container']?.required?.includes('name'), 'non-optional fields are required');
  assert.equal(definitions['core.v1.Container']?.additionalProperties, false, 'unknown fields are errors');
  assert.match(String(property('core.v1.Container', 'image')?.['description']), /Container image name/, 'descriptions come along');
  assert.ok(property('admissionregistration.v1.RuleWithOperations', 'resources'), 'fields kubernetes-types loses are restored');
  const index = JSON.parse(files.get('index.json') ?? '{}') as { kubernetesVersion: string; kinds: Record<string, string> };
  assert.match(index.kubernetesVersion, /^1\.\d+$/);
  assert.equal(index.kinds['apps/v1/Deployment'], 'apps.v1.Deployment');
  assert.equal(index.kinds['apps/v1/DeploymentList'], undefined, 'lists are expanded, not validated');
});

/**
 * The schema rule validates an object as written first, and drops its null fields (which the API
 * server reads as unset) only when that fails: sound only if no built-in schema takes a null in a
 * required field, which a free-form type (RawExtension) would.
 */
test('no built-in kind requires a field whose schema takes null', () => {
  const { files } = generateSchemas();
  type Definition = { properties?: Record<string, Record<string, unknown>>; required?: string[]; type?: unknown; oneOf?: unknown; anyOf?: unknown; enum?: unknown };
  const definitions = (JSON.parse(files.get('_definitions.json') ?? '{}') as { definitions: Record<string, Definition> }).definitions;
  const freeForm = (schema: Definition & { $ref?: unknown }): boolean => {
    const resolved = typeof schema.$ref === 'string' ? definitions[schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1)] : schema;
    return resolved !== undefined && ['type', 'oneOf', 'anyOf', 'enum', 'properties'].every((key) => !(key in resolved));
  };
  const takingNull = Object.entries(definitions).flatMap(([name, definition]) =>
    (definition.required ?? []).filter((field) => {
      const schema = definition.properties?.[field];
      return schema !== undefined && freeForm(schema);
    }).map((field) => `${name}.${field}`),
  );
  // A watch event is what the API server streams, never a manifest.
  assert.deepEqual(takingNull, ['meta.v1.WatchEvent.object']);
  // Nor can dropping a null field change which branch of a combinator an object matches: there are none.
  assert.doesNotMatch(files.get('_definitions.json') ?? '', /"(oneOf|anyOf|allOf|not|if)":/);
  const index = JSON.parse(files.get('index.json') ?? '{}') as { kinds: Record<string, string> };
  assert.ok(!Object.values(index.kinds).some((definition) => definition === 'meta.v1.WatchEvent'), 'WatchEvent is no kind');
});
