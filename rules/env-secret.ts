import type { EnvVar } from 'kubernetes-types/core/v1.js';
import { everyContainer } from '../src/podTemplate.js';
import { defineRule } from '../src/rule.js';
import { asString, objectItems } from '../src/values.js';

/** Words that name a secret wherever they stand in a variable name: DB_PASSWORD, GITHUB_TOKEN. */
const SECRET_WORDS = new Set(['SECRET', 'SECRETS', 'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASSPHRASE', 'TOKEN', 'APIKEY', 'SECRETKEY', 'PRIVATEKEY', 'CREDENTIAL', 'CREDENTIALS']);
/** Abbreviations that name a secret only as the last word of a longer name: DB_PASS, DB_PWD (PWD alone is the working directory). */
const TRAILING_SECRET_WORDS = new Set(['PASS', 'PWD']);
/** Words that make the KEY after them a secret: API_KEY, PRIVATE_KEY (CACHE_KEY, ACCESS_KEY are not). */
const SECRET_KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'SECRET', 'SIGNING', 'ENCRYPTION', 'MASTER', 'AUTH', 'HMAC']);
/**
 * Last words that make the variable a reference to a secret or a setting about it, not the secret
 * itself: DB_PASSWORD_FILE, TOKEN_URL, SECRET_NAME, ACCESS_KEY_ID, PASSWORD_MIN_LENGTH.
 */
const REFERENCE_WORDS = new Set([
  'FILE', 'FILES', 'PATH', 'DIR', 'MOUNT', 'LOCATION', 'URL', 'URI', 'ENDPOINT', 'HOST', 'PORT', 'NAME', 'NAMESPACE', 'ID', 'ARN', 'REF', 'KEYREF',
  'PROVIDER', 'STORE', 'SOURCE', 'PROFILE', 'USER', 'USERNAME', 'ENABLED', 'DISABLED', 'REQUIRED', 'TYPE', 'KIND', 'MODE', 'POLICY', 'FORMAT',
  'ALGORITHM', 'HEADER', 'FIELD', 'PARAM', 'VERSION', 'LENGTH', 'SIZE', 'COUNT', 'TTL', 'TIMEOUT', 'EXPIRY', 'EXPIRATION', 'EXPIRES', 'LIFETIME',
  'DURATION', 'SECONDS', 'AUDIENCE', 'ISSUER', 'SCOPE', 'SCOPES',
]);

/** Names that read like secrets but are documented as not secret: etcd's cluster token only makes cluster IDs unique. */
const KNOWN_NOT_SECRET = new Set(['ETCD_INITIAL_CLUSTER_TOKEN']);

export default defineRule({
  meta: {
    id: 'env-secret',
    description: 'No container sets a password, token or key as a literal environment variable value',
    severity: 'warning',
    category: 'security',
    preset: 'recommended',
    scope: 'resource',
    kubeLinter: ['env-var-secret'],
  },
  check({ workloads, report }) {
    for (const { resource, template } of workloads) {
      if (!template.spec) continue;
      for (const { container, path, label } of everyContainer(template)) {
        for (const [variable, i] of objectItems<EnvVar>(container.env)) {
          const name = asString(variable.name);
          const value = asString(variable.value);
          if (!name || !value || !namesSecret(name) || isReference(value)) continue;
          // The value itself never goes into the message: findings end up in CI logs.
          report(
            resource,
            [...path, 'env', i, 'value'],
            `${label} sets ${name} to a literal value: whoever can read this manifest, or the pod, reads the secret too, and it stays in version control; put it in a Secret and use valueFrom.secretKeyRef`,
          );
        }
      }
    }
  },
});

/** Verdicts per variable name: the same names recur in every workload. */
const verdicts = new Map<string, boolean>();

/** True when the variable's name says it holds a secret rather than where to find one. */
function namesSecret(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    if (verdicts.size >= 10_000) verdicts.clear();
    verdict = judgeName(name);
    verdicts.set(name, verdict);
  }
  return verdict;
}

function judgeName(name: string): boolean {
  if (KNOWN_NOT_SECRET.has(name.toUpperCase())) return false;
  const words = wordsOf(name);
  const last = words[words.length - 1];
  if (last === undefined || REFERENCE_WORDS.has(last)) return false;
  if (words.length > 1 && TRAILING_SECRET_WORDS.has(last)) return true;
  return words.some((word, i) => SECRET_WORDS.has(word) || (word === 'KEY' && SECRET_KEY_QUALIFIERS.has(words[i - 1] ?? '')));
}

/**
 * The words of a variable name, upper-cased: split at anything but letters and digits, and at
 * camelCase humps (dbPassword, DBPassword).
 */
function wordsOf(name: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const char = name.charAt(i);
    if (!isLetterOrDigit(char)) {
      if (word) words.push(word);
      word = '';
      continue;
    }
    const previous = name.charAt(i - 1);
    const next = name.charAt(i + 1);
    const hump = isUpper(char) && word !== '' && (isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(next)));
    if (hump) {
      words.push(word);
      word = '';
    }
    word += char;
  }
  if (word) words.push(word);
  return words.map((part) => part.toUpperCase());
}

/**
 * Values that point at a secret instead of holding one: a file path, a URL without credentials,
 * another variable ($(VAR), which Kubernetes expands; ${VAR}, a placeholder a tool fills in), or a
 * switch (true, false).
 */
function isReference(value: string): boolean {
  if (value.startsWith('/') || value.startsWith('./') || value.startsWith('~/')) return true;
  if ((value.startsWith('$(') && value.endsWith(')')) || (value.startsWith('${') && value.endsWith('}'))) return true;
  if (value.includes('://') && !value.includes('@')) return true;
  return ['true', 'false'].includes(value.toLowerCase());
}

function isLetterOrDigit(char: string): boolean {
  return isUpper(char) || isLower(char) || isDigit(char);
}

function isUpper(char: string): boolean {
  return char >= 'A' && char <= 'Z';
}

function isLower(char: string): boolean {
  return char >= 'a' && char <= 'z';
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
