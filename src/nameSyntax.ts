import { mapUnder } from './values.js';

/**
 * The syntax the API server checks on names, label keys and values, and port names
 * (k8s.io/apimachinery/pkg/util/validation): JSON schemas do not express it. Each check returns
 * what is wrong, in words, and nothing when the value is valid. They walk the characters instead of
 * matching a regular expression, so that they run in linear time on any input. The validity checks
 * (`valid`), which run on every value, match Kubernetes' own patterns, but only on a value within
 * its length limit: the time is bounded whatever the input, and native matching is faster than a
 * walk, most of all before the walk's code is optimized.
 */

/** A syntax a value must have, as a sentence names it, and its faults in a value. */
export interface Syntax {
  /** "a DNS-1123 label (...)": what the value must be. */
  description: string;
  /** What is wrong with the value; empty when it is valid. */
  faults(value: string): string[];
  /** Whether `faults(value)` is empty, without building it: most values are valid (a test checks the two agree). */
  valid(value: string): boolean;
  /** The nearest valid value, when one is easy to make (lower-cased, separators replaced). */
  suggest?(value: string): string | undefined;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLower = (c: string) => c >= 'a' && c <= 'z';
const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const isLowerAlnum = (c: string) => isLower(c) || isDigit(c);
const isAlnum = (c: string) => isLowerAlnum(c) || isUpper(c);

// Kubernetes' patterns (k8s.io/apimachinery/pkg/util/validation), for `valid` only.
const DNS1123_LABEL_FORM = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL_FORM = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_FORM = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_FORM = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const QUALIFIED_NAME_FORM = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

// Character codes, for the port-name check.
const isLowerCode = (c: number) => c >= 97 && c <= 122;
const HYPHEN = 45;

/** Characters the API server rejects, in words: upper-case letters as a group, others quoted (a few). */
function charFaults(value: string, allowed: (c: string) => boolean): string[] {
  const bad = new Set<string>();
  let upper = false;
  for (const c of value) {
    if (allowed(c)) continue;
    if (isUpper(c) && allowed(c.toLowerCase())) upper = true;
    else bad.add(c);
  }
  const faults = upper ? ['it has upper-case letters'] : [];
  if (bad.size > 0) {
    const shown = [...bad].slice(0, 4).map((c) => JSON.stringify(c));
    faults.push(`it has ${shown.join(', ')}${bad.size > 4 ? ' and more' : ''}`);
  }
  return faults;
}

function lengthFaults(value: string, max: number): string[] {
  return value.length > max ? [`it is ${value.length} characters long (at most ${max})`] : [];
}

/** A start or end the syntax forbids, e.g. `it ends with "-"`. */
function endFaults(value: string, ok: (c: string) => boolean, what: string): string[] {
  const faults: string[] = [];
  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  if (value.length > 0 && !ok(first)) faults.push(`it starts with ${JSON.stringify(first)}`);
  if (value.length > 1 && !ok(last)) faults.push(`it ends with ${JSON.stringify(last)}`);
  return faults.length > 0 ? [...faults.slice(0, -1), `${faults[faults.length - 1]} (it must start and end with ${what})`] : [];
}

/** Replaces runs of disallowed characters (and of '-') with one `-`, then trims what may not start or end the value. */
function cleaned(value: string, allowed: (c: string) => boolean, edge: (c: string) => boolean, max: number): string {
  let out = '';
  for (const c of value) {
    const next = allowed(c) ? c : '-';
    if (next !== '-' || !out.endsWith('-')) out += next;
  }
  const trim = (text: string) => {
    let start = 0;
    let end = text.length;
    while (start < end && !edge(text.charAt(start))) start++;
    while (end > start && !edge(text.charAt(end - 1))) end--;
    return text.slice(start, end);
  };
  return trim(trim(out).slice(0, max));
}

/** A suggestion only when it is valid and differs. */
function validSuggestion(syntax: Syntax, value: string, candidate: string): string | undefined {
  return candidate !== '' && candidate !== value && syntax.faults(candidate).length === 0 ? candidate : undefined;
}

function label(max: number, firstIsLetter: boolean, name: string): Syntax {
  const syntax: Syntax = {
    description: firstIsLetter
      ? `${name} (at most ${max} lower-case letters, digits and '-', starting with a letter and ending with a letter or digit)`
      : `${name} (at most ${max} lower-case letters, digits and '-', starting and ending with a letter or digit)`,
    faults(value) {
      if (value === '') return ['it is empty'];
      const faults = [...lengthFaults(value, max), ...charFaults(value, (c) => isLowerAlnum(c) || c === '-')];
      if (firstIsLetter && isDigit(value.charAt(0))) faults.push(`it starts with a digit (it must start with a letter)`);
      const ends = endFaults(value.toLowerCase(), isLowerAlnum, 'a letter or digit');
      return [...faults, ...ends];
    },
    suggest: (value) => validSuggestion(syntax, value, cleaned(value.toLowerCase(), (c) => isLowerAlnum(c) || c === '-', isLowerAlnum, max)),
    valid: (value) => value.length > 0 && value.length <= max && (firstIsLetter ? DNS1035_LABEL_FORM : DNS1123_LABEL_FORM).test(value),
  };
  return syntax;
}

/** RFC 1123 label: most names that end up in a DNS name or a hostname. */
export const DNS1123_LABEL = label(63, false, 'a DNS-1123 label');
/** RFC 1035 label: Service names, which become DNS names and environment variable names. */
export const DNS1035_LABEL = label(63, true, 'a DNS-1035 label');

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters in all; most object names. */
export const DNS1123_SUBDOMAIN: Syntax = {
  description: "a DNS-1123 subdomain (at most 253 lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit)",
  faults(value) {
    if (value === '') return ['it is empty'];
    const faults = [...lengthFaults(value, 253), ...charFaults(value, (c) => isLowerAlnum(c) || c === '-' || c === '.')];
    const parts = value.toLowerCase().split('.');
    if (parts.some((part) => part === '')) faults.push('it has an empty part between dots (or starts or ends with ".")');
    else if (parts.some((part) => !isLowerAlnum(part.charAt(0)) || !isLowerAlnum(part.charAt(part.length - 1)))) {
      faults.push(parts.length > 1 ? 'a dot-separated part of it starts or ends with "-"' : `it ${value.startsWith('-') ? 'starts' : 'ends'} with "-"`);
    }
    return faults;
  },
  suggest(value) {
    const parts = value
      .toLowerCase()
      .split('.')
      .map((part) => cleaned(part, (c) => isLowerAlnum(c) || c === '-', isLowerAlnum, 253))
      .filter((part) => part !== '');
    let candidate = parts.join('.').slice(0, 253);
    while (candidate.endsWith('.') || candidate.endsWith('-')) candidate = candidate.slice(0, -1);
    return validSuggestion(DNS1123_SUBDOMAIN, value, candidate);
  },
  valid: (value) => value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN_FORM.test(value),
};

/** The names the API server takes as URL path segments only (RBAC roles and bindings). */
export const PATH_SEGMENT: Syntax = {
  description: "a path segment (not \".\" or \"..\", and without '/' or '%')",
  faults(value) {
    if (value === '.' || value === '..') return [`it is ${JSON.stringify(value)}`];
    return [...(value.includes('/') ? ['it has "/"'] : []), ...(value.includes('%') ? ['it has "%"'] : [])];
  },
  valid: (value) => value !== '.' && value !== '..' && !value.includes('/') && !value.includes('%'),
};

const isLabelChar = (c: string) => isAlnum(c) || c === '-' || c === '_' || c === '.';

/** A label value: at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit; may be empty. */
export const LABEL_VALUE: Syntax = {
  description: "a label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty)",
  faults(value) {
    return [...lengthFaults(value, 63), ...charFaults(value, isLabelChar), ...endFaults(value, isAlnum, 'a letter or digit')];
  },
  suggest: (value) => validSuggestion(LABEL_VALUE, value, cleaned(value, isLabelChar, isAlnum, 63)),
  valid: (value) => value.length <= 63 && LABEL_VALUE_FORM.test(value),
};

/**
 * A qualified name (label keys, annotation keys): a name of at most 63 letters, digits, '-', '_'
 * and '.', starting and ending with a letter or digit, with an optional DNS-1123 subdomain
 * prefix and '/'.
 */
export const QUALIFIED_NAME: Syntax = {
  description: "a qualified name (an optional DNS-1123 subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
  faults(value) {
    const parts = value.split('/');
    if (parts.length > 2) return [`it has ${parts.length - 1} "/" (at most one, after the prefix)`];
    const [prefix, name = ''] = parts.length === 2 ? parts : [undefined, value];
    const faults: string[] = [];
    if (prefix === '') faults.push('its prefix before "/" is empty');
    else if (prefix !== undefined) faults.push(...DNS1123_SUBDOMAIN.faults(prefix).map((fault) => `its prefix: ${fault}`));
    if (name === '') return [...faults, 'its name part is empty'];
    const nameFaults = [...lengthFaults(name, 63), ...charFaults(name, isLabelChar), ...endFaults(name, isAlnum, 'a letter or digit')];
    return [...faults, ...(prefix === undefined ? nameFaults : nameFaults.map((fault) => `its name part: ${fault}`))];
  },
  suggest(value) {
    const parts = value.split('/');
    if (parts.length > 2) return undefined;
    const name = cleaned(parts[parts.length - 1] ?? '', isLabelChar, isAlnum, 63);
    const prefix = parts.length === 2 ? DNS1123_SUBDOMAIN.suggest?.(parts[0] ?? '') ?? parts[0] ?? '' : undefined;
    return validSuggestion(QUALIFIED_NAME, value, prefix === undefined ? name : `${prefix}/${name}`);
  },
  valid(value) {
    // The prefix (before the one '/') at most 253 characters, the name at most 63.
    const slash = value.indexOf('/');
    return slash <= 253 && value.length - slash - 1 <= 63 && QUALIFIED_NAME_FORM.test(value);
  },
};

/** A port name (IANA_SVC_NAME): at most 15 lower-case letters, digits and '-', with a letter, no '--', not starting or ending with '-'. */
export const PORT_NAME: Syntax = {
  description: "an IANA service name (at most 15 lower-case letters, digits and '-', with at least one letter, and no '-' at either end or twice in a row)",
  faults(value) {
    const faults = [...lengthFaults(value, 15), ...charFaults(value, (c) => isLowerAlnum(c) || c === '-')];
    if (![...value.toLowerCase()].some(isLower)) faults.push('it has no letter');
    if (value.includes('--')) faults.push('it has "--"');
    if (value.startsWith('-') || value.endsWith('-')) faults.push(`it ${value.startsWith('-') ? 'starts' : 'ends'} with "-"`);
    return faults;
  },
  suggest: (value) => validSuggestion(PORT_NAME, value, cleaned(value.toLowerCase(), (c) => isLowerAlnum(c) || c === '-', isLowerAlnum, 15)),
  valid(value) {
    if (value.length > 15 || !DNS1123_LABEL_FORM.test(value)) return false;
    let letter = false;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (isLowerCode(c)) letter = true;
      else if (c === HYPHEN && value.charCodeAt(i + 1) === HYPHEN) return false;
    }
    return letter;
  },
};

/**
 * True when a value holds a template placeholder (`{{ .Values.name }}`, `${NAME}`, `<your-name>`):
 * the file is a template, and the value is replaced before it reaches an API server.
 */
export function hasPlaceholder(value: string): boolean {
  if (value.includes('{{') || value.includes('${')) return true;
  const open = value.indexOf('<');
  return open >= 0 && value.indexOf('>', open) > open;
}

/** Values checked already, per syntax: the same label keys, values and port names recur on every workload. */
const checked = new WeakMap<Syntax, Map<string, readonly string[]>>();
/** Distinct values remembered per syntax; past that the memo starts over, so memory stays bounded. */
const MEMO_LIMIT = 50_000;

const NO_FAULTS: readonly string[] = [];

/** `syntax.faults(value)`, remembered for invalid values. */
export function faultsOf(syntax: Syntax, value: string): readonly string[] {
  if (syntax.valid(value)) return NO_FAULTS;
  const memo = mapUnder(checked, syntax);
  let faults = memo.get(value);
  if (faults === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    faults = syntax.faults(value);
    memo.set(value, faults);
  }
  return faults;
}
