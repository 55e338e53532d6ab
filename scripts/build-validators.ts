/**
 * Precompiles the Kubernetes schemas into one CommonJS module of ajv validators
 * (dist/generated/kubernetes-validators.cjs), and the configuration's schema into another
 * (dist/generated/config-validator.cjs), so that linting a small file loads code instead of
 * compiling schemas. Runs as part of `npm run build`; its output is build output, not committed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeCodeCache } from '../src/codeCache.js';
import { Ajv } from 'ajv';
import jsYaml from 'js-yaml';
import { isRecord } from '../src/values.js';
import standalone from 'ajv/dist/standalone/index.js';
import { KUBERNETES_DEFINITIONS_ID, VALIDATOR_OPTIONS, withoutDescriptions } from '../src/schemaCompile.js';
import { allRules } from '../rules/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemas = path.join(projectRoot, 'schemas', 'kubernetes');
const output = path.join(projectRoot, 'dist', 'generated', 'kubernetes-validators.cjs');

const definitions = withoutDescriptions(JSON.parse(readFileSync(path.join(schemas, '_definitions.json'), 'utf8')));
const index = JSON.parse(readFileSync(path.join(schemas, 'index.json'), 'utf8')) as { kinds: Record<string, string> };

const ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { source: true, esm: false, lines: false, optimize: true } });
ajv.addSchema(definitions as object, KUBERNETES_DEFINITIONS_ID);
const exportNames: Record<string, string> = {};
const byKind: Record<string, string> = {};
Object.entries(index.kinds).forEach(([key, definition], i) => {
  const id = `${KUBERNETES_DEFINITIONS_ID}/kinds/${key}`;
  ajv.addSchema({ $ref: `${KUBERNETES_DEFINITIONS_ID}#/definitions/${definition}` }, id);
  exportNames[`v${i}`] = id;
  byKind[key] = `v${i}`;
});
// Standalone code exports one validator per kind; a map from "apps/v1/Deployment" finds them.
const code = `${standalone.default(ajv, exportNames)}\nexports.byKind = ${JSON.stringify(byKind)};\n`;
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, code);
// V8's code cache beside it, warmed on an object of every kind, so that loading skips parsing.
await writeCodeCache(pathToFileURL(output), (exports) => {
  const validators = exports as Record<string, ((data: unknown) => boolean) | undefined> & { byKind: Record<string, string> };
  for (const [key, name] of Object.entries(validators.byKind)) {
    const slash = key.lastIndexOf('/');
    validators[name]?.({ apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), metadata: { name: 'warm' } });
  }
  // The cache holds the code of every validator that has run: run them on the fixtures' objects
  // too, so that the nested validators of pod specs, containers and probes are in it, not
  // compiled again on every run.
  for (const object of fixtureObjects()) {
    const name = validators.byKind[`${object.apiVersion}/${object.kind}`];
    if (name) validators[name]?.(object);
  }
});
/** The Kubernetes objects of the fixtures (none when the fixtures are not there, as in a package). */
function fixtureObjects(): { apiVersion: string; kind: string }[] {
  const fixtures = path.join(projectRoot, 'fixtures');
  if (!existsSync(fixtures)) return [];
  const objects: { apiVersion: string; kind: string }[] = [];
  for (const entry of readdirSync(fixtures, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    try {
      jsYaml.loadAll(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'), (value) => {
        if (isRecord(value) && typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string') objects.push(value as { apiVersion: string; kind: string });
      });
    } catch {
      // A fixture that is not valid YAML on purpose.
    }
  }
  return objects;
}

process.stdout.write(`precompiled ${Object.keys(byKind).length} Kubernetes kinds into ${path.relative(projectRoot, output)}\n`);

// The configuration's validator: every error at once (the first is reported with its position).
// Descriptions are for editors and messages, not for validation: left out, the module is smaller to load.
const configSchema = withoutDescriptions(JSON.parse(readFileSync(path.join(projectRoot, 'schemas', 'kubelint-config.schema.json'), 'utf8'))) as object;
const configAjv = new Ajv({ allErrors: true, strict: false, inlineRefs: false, code: { source: true, esm: false, lines: false, optimize: true } });
const configOutput = path.join(projectRoot, 'dist', 'generated', 'config-validator.cjs');
writeFileSync(configOutput, standalone.default(configAjv, configAjv.compile(configSchema)));
// Its code cache too, warmed on a configuration that sets every rule with its options.
await writeCodeCache(pathToFileURL(configOutput), (exports) => {
  const rules = Object.fromEntries(allRules.map((rule) => [rule.meta.id, rule.defaultOptions ? ['warning', rule.defaultOptions] : 'warning']));
  (exports as (data: unknown) => boolean)({ extends: ['kubelint:strict'], rules, overrides: [{ files: ['dev/**'], rules: { schema: 'off' } }] });
});
process.stdout.write(`precompiled the configuration schema into ${path.relative(projectRoot, configOutput)}\n`);
