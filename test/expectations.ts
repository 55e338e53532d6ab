import type { RulesConfig } from '../src/engine.js';
import type { LintSettings } from '../src/rule.js';

/**
 * A finding a fixture expects: its start line and rule id; `id:severity` also checks the
 * severity and `id@column` the start column.
 */
export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
  severity?: string;
  column?: number;
}

export interface FixtureConfig {
  rules?: RulesConfig;
  extends?: string[];
  defaultNamespace?: string;
  settings?: Partial<LintSettings>;
  reportUnusedDisableDirectives?: boolean;
}

const EXPECT = /#\s*expect(-next-line)?:\s*([a-z0-9:@, -]+?)\s*$/;
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
      const [name = '', column] = entry.split('@');
      const [ruleId = '', severity] = name.split(':');
      expectations.push({ file, line, ruleId, ...(severity ? { severity } : {}), ...(column ? { column: Number(column) } : {}) });
    }
  });
  return { expectations, config };
}
