import type { ChalkInstance } from 'chalk';
import type { LintResult } from '../engine.js';

export interface FormatterContext {
  /** Directory the finding paths are relative to. */
  cwd: string;
  /** Colours for the formats that use them (stylish); a level-0 instance prints plain text. */
  color?: ChalkInstance;
}

/** A formatter is a pure function from the results to the text printed. */
export type Formatter = (result: LintResult, context: FormatterContext) => string;
