import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE, PATH_SEGMENT, PORT_NAME, QUALIFIED_NAME } from '../src/nameSyntax.js';
import type { Syntax } from '../src/nameSyntax.js';

const SYNTAXES: Record<string, Syntax> = { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_VALUE, PATH_SEGMENT, PORT_NAME, QUALIFIED_NAME };

/** Pieces values are made of: every character class the syntaxes tell apart, and runs at their length limits. */
const PIECES = ['a', 'z', 'q', 'http', 'x-1', 'A', 'Z', '0', '9', '-', '--', '.', '..', '_', '/', '%', ':', ' ', 'é', '😀', 'a'.repeat(14), 'a'.repeat(15), 'b'.repeat(62), 'b'.repeat(63), 'c'.repeat(252), 'c'.repeat(253)];

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('each syntax\'s quick validity check agrees with its faults, on 50,000 values made of every kind of character', () => {
  const next = random(42);
  const values = new Set<string>(['', 'a', 'app-1', 'example.com/name', 'a/b/c', '/x', 'x/', '.', '..', 'a..b', '-a', 'a-', '1a', 'web--api', '123']);
  while (values.size < 50_000) {
    const pieces = Math.floor(next() * 6) + 1;
    let value = '';
    for (let i = 0; i < pieces; i++) value += PIECES[Math.floor(next() * PIECES.length)];
    values.add(value);
  }
  const valid = Object.fromEntries(Object.keys(SYNTAXES).map((name) => [name, 0]));
  for (const value of values) {
    for (const [name, syntax] of Object.entries(SYNTAXES)) {
      const faults = syntax.faults(value);
      assert.equal(syntax.valid(value), faults.length === 0, `${name} of ${JSON.stringify(value)}: faults ${JSON.stringify(faults)}`);
      if (faults.length === 0) valid[name] = (valid[name] ?? 0) + 1;
    }
  }
  // Both verdicts are well represented, or the agreement would prove little.
  for (const [name, count] of Object.entries(valid)) assert.ok(count > 300 && count < 49_700, `${name}: ${count} valid values`);
});
