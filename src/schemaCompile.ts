import type { Options } from 'ajv';

/** The identifier the shared Kubernetes definitions are known by inside ajv (never fetched). */
export const KUBERNETES_DEFINITIONS_ID = 'https://kubelint.invalid/kubernetes.json';

/**
 * ajv settings shared by the precompiled validators and the ones compiled at run time (custom
 * resources, --schema-dir): every error, not the first; Kubernetes `format`s and `x-kubernetes-*`
 * keywords are not errors in the schema itself.
 */
export const VALIDATOR_OPTIONS: Options = { allErrors: true, strict: false, validateFormats: false };

/** Descriptions are for messages and editors; validation code does not need them. */
export function withoutDescriptions(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === 'definitions') {
      // Keys of these maps are field and type names, never keywords.
      copy[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, child]) => [name, withoutDescriptions(child)]));
    } else if (key !== 'description') {
      copy[key] = withoutDescriptions(value);
    }
  }
  return copy;
}
