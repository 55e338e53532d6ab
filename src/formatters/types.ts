import type { ChalkInstance } from 'chalk';
import type { LintResult } from '../engine.js';
import type { RuleMeta } from '../rule.js';

export interface FormatterContext {
  /** Directory the finding paths are relative to. */
  cwd: string;
  /** Every rule's metadata, for formats that describe the rules (SARIF). */
  rules: readonly RuleMeta[];
  /** kubelint's version, for formats that name the tool (SARIF). */
  version: string;
  /** Colours for the formats that use them (stylish); a level-0 instance prints plain text. */
  color?: ChalkInstance;
}

/** A formatter is a pure function from the results to the text printed. */
export type Formatter = (result: LintResult, context: FormatterContext) => string;
