import type { RulesConfig } from '../src/engine.js';

/** A finding a fixture expects: its start line, rule id and, when written `id:severity`, severity. */
export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  severity?: string;
}

export interface FixtureConfig {
  rules?: RulesConfig;
  defaultNamespace?: string;
}

const EXPECT = /#\s*expect(-next-line)?:\s*([a-z0-9:, -]+?)\s*$/;
const CONFIG = /#\s*fixture-config:\s*(\{.*\})\s*$/;

/**
 * Reads the inline expectations of one fixture file: `# expect: a, b` for findings starting on that
 * line, `# expect-next-line: a` for the line after it, and `# fixture-config: {json}` for options.
 */
export function readExpectations(file: string, text: string): { expectations: Expectation[]; config: FixtureConfig } {
  const expectations: Expectation[] = [];
  let config: FixtureConfig = {};
  text.split(/\r?\n/).forEach((lineText, i) => {
    const configMatch = CONFIG.exec(lineText);
    if (configMatch?.[1]) config = { ...config, ...(JSON.parse(configMatch[1]) as FixtureConfig) };
    const match = EXPECT.exec(lineText);
    if (!match?.[2]) return;
    const line = i + 1 + (match[1] ? 1 : 0);
    for (const entry of match[2].split(',').map((id) => id.trim()).filter(Boolean)) {
      const [ruleId = '', severity] = entry.split(':');
      expectations.push({ file, line, ruleId, ...(severity ? { severity } : {}) });
    }
  });
  return { expectations, config };
}
