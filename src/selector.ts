import type { JsonPath } from './types.js';
import { asArray, asString, asStringMap, isRecord } from './values.js';

/** True when every key/value of an equality selector (a Service's `spec.selector`) is among the labels. */
export function selectsLabels(selector: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): boolean {
  for (const [key, value] of selector) {
    if (labels.get(key) !== value) return false;
  }
  return true;
}

/**
 * True when a `metav1.LabelSelector` selects the labels: every requirement met and none malformed,
 * so `{}` selects every pod. Anything but an object selects nothing (a null selector).
 */
export function labelSelectorSelects(selector: unknown, labels: ReadonlyMap<string, string>): boolean {
  return isRecord(selector) && labelSelectorMismatches(selector, labels).length === 0;
}

/** True when a LabelSelector has no requirement at all (`{}`, or empty lists and maps). */
export function isEmptyLabelSelector(selector: Record<string, unknown>): boolean {
  return asStringMap(selector['matchLabels']).size === 0 && asArray(selector['matchExpressions']).length === 0;
}

/** One requirement of a LabelSelector that the labels fail, with its path inside the selector. */
export interface SelectorMismatch {
  path: JsonPath;
  reason: string;
  /** The requirement itself is malformed (no key, unknown operator, In without values). */
  invalid?: boolean;
}

/**
 * The requirements of a `metav1.LabelSelector` (matchLabels, and matchExpressions with In, NotIn,
 * Exists, DoesNotExist) that the labels do not meet; none means the selector selects them.
 */
export function labelSelectorMismatches(selector: unknown, labels: ReadonlyMap<string, string>): SelectorMismatch[] {
  if (!isRecord(selector)) return [];
  const mismatches: SelectorMismatch[] = [];
  for (const [key, value] of asStringMap(selector['matchLabels'])) {
    const actual = labels.get(key);
    if (actual !== value) {
      mismatches.push({
        path: ['matchLabels', key],
        reason: actual === undefined ? `requires ${key}: ${value}, but the pod template has no ${key} label` : `requires ${key}: ${value}, but the pod template has ${key}: ${actual}`,
      });
    }
  }
  asArray(selector['matchExpressions']).forEach((expression, i) => {
    const invalid = invalidExpression(expression);
    const reason = invalid ?? expressionMismatch(expression as Record<string, unknown>, labels);
    if (reason) mismatches.push({ path: ['matchExpressions', i], reason, ...(invalid ? { invalid: true } : {}) });
  });
  return mismatches;
}

/** Why an expression is malformed, if it is: the API server rejects it whatever the labels. */
function invalidExpression(expression: unknown): string | undefined {
  if (!isRecord(expression)) return 'is not a {key, operator, values} expression';
  const key = asString(expression['key']);
  const operator = asString(expression['operator']);
  const values = asArray(expression['values']);
  if (key === undefined) return 'has no key';
  if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') {
    return `has operator ${JSON.stringify(operator ?? null)}; expected one of In, NotIn, Exists, DoesNotExist`;
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) return `${key} ${operator} needs at least one value`;
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) return `${key} ${operator} takes no values`;
  return undefined;
}

function expressionMismatch(expression: Record<string, unknown>, labels: ReadonlyMap<string, string>): string | undefined {
  const key = String(expression['key']);
  const values = asArray(expression['values']).map(String);
  const actual = labels.get(key);
  const has = actual === undefined ? `the pod template has no ${key} label` : `the pod template has ${key}: ${actual}`;
  switch (expression['operator']) {
    case 'In':
      return actual !== undefined && values.includes(actual) ? undefined : `requires ${key} In (${values.join(', ')}), but ${has}`;
    case 'NotIn':
      return actual === undefined || !values.includes(actual) ? undefined : `requires ${key} NotIn (${values.join(', ')}), but ${has}`;
    case 'Exists':
      return actual !== undefined ? undefined : `requires the label ${key}, but ${has}`;
    default:
      return actual === undefined ? undefined : `requires no ${key} label, but ${has}`;
  }
}
