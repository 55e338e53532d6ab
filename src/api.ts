import { allRules } from '../rules/index.js';
import { lintFiles } from './engine.js';
import type { LintOptions, LintResult } from './engine.js';

/** Lints files with every rule kubelint ships (the programmatic entry point). */
export function lint(options: Omit<LintOptions, 'ruleSet'> & Partial<Pick<LintOptions, 'ruleSet'>>): Promise<LintResult> {
  return lintFiles({ ruleSet: allRules, ...options });
}

export { allRules } from '../rules/index.js';
export { compareFindings } from './engine.js';
export type { LintOptions, LintResult, RulesConfig } from './engine.js';
export { formatters } from './formatters/index.js';
export type { Finding, RelatedLocation, ResourceRef, Severity, Span } from './types.js';
