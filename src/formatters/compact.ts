import { absoluteFileName } from './paths.js';
import type { Formatter } from './types.js';

const LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** ESLint's `compact` layout, one finding a line, so that `$eslint-compact` reads it. */
export const compact: Formatter = (result, { cwd }) => {
  let output = '';
  for (const finding of result.findings) {
    output += `${absoluteFileName(finding.file, cwd)}: line ${finding.line}, col ${finding.column}, ${LABEL[finding.severity]} - ${finding.message} (${finding.ruleId})\n`;
  }
  const total = result.findings.length;
  if (total > 0) output += `\n${total} problem${total === 1 ? '' : 's'}`;
  return output;
};
