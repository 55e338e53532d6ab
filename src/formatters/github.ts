import type { Finding, Severity } from '../types.js';
import { atLeastOne, posixPath } from './gitlab.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation a finding:
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<ruleId>::<message>`.
 */
export const github: Formatter = (result) => result.findings.map((finding) => `${annotation(finding)}\n`).join('');

function annotation(finding: Finding): string {
  const line = atLeastOne(finding.line);
  const endLine = Math.max(line, atLeastOne(finding.endLine));
  const properties: [string, string | number][] = [];
  // stdin is no file of the repository: GitHub would drop an annotation pointing at it, so it
  // goes without a position (shown in the run's summary).
  if (finding.file !== '<stdin>') {
    properties.push(['file', posixPath(finding.file)], ['line', line]);
    // GitHub accepts columns only for an annotation on a single line.
    if (endLine === line) {
      const col = atLeastOne(finding.column);
      properties.push(['col', col], ['endLine', endLine], ['endColumn', Math.max(col, atLeastOne(finding.endColumn))]);
    } else {
      properties.push(['endLine', endLine]);
    }
  }
  properties.push(['title', finding.ruleId]);
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[finding.severity]} ${list}::${escapeData(finding.message)}`;
}

/** As @actions/core's `escapeData`. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** As @actions/core's `escapeProperty`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
