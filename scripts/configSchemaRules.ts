import type { AnyRule } from '../src/rule.js';

/**
 * The configuration's JSON Schema with a property for every rule: its description, its levels,
 * and its options' own schema, so that editors complete rule ids and options, and a misspelt
 * option stops the run with its position instead of being ignored. Ids no rule has are left to
 * the configuration loader, which names the nearest one.
 */
export function configSchemaWithRules(base: Record<string, unknown>, rules: readonly AnyRule[]): Record<string, unknown> {
  const level = { $ref: '#/definitions/level' };
  // if/then/else rather than anyOf: an error then comes from the form that was written.
  const setting = (options: object) => ({ if: { type: 'array' }, then: { minItems: 1, maxItems: 2, items: [level, options] }, else: level });
  const noOptions = { type: 'object', additionalProperties: false, description: 'This rule has no options.' };
  const definitions = base['definitions'] as Record<string, unknown>;
  return {
    ...base,
    definitions: {
      ...definitions,
      rules: {
        description: 'Rule id: a level, or [level, options]. kubelint --list-rules lists the rules; each rule page lists its options.',
        type: 'object',
        properties: Object.fromEntries(rules.map((rule) => [rule.meta.id, { description: rule.meta.description, ...setting(rule.meta.options ?? noOptions) }])),
        additionalProperties: setting({ type: 'object' }),
      },
    },
  };
}
