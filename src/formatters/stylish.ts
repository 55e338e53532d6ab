import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';
import type { Finding, Severity } from '../types.js';
import { absoluteFileName } from './paths.js';
import type { Formatter } from './types.js';

/**
 * ESLint's `stylish` layout, so that `$eslint-stylish` reads it: the file on a line of its own,
 * then `  line:column  severity  message  ruleId` rows aligned as a table, then a summary.
 */
export const stylish: Formatter = (result, { cwd, color = plainColors() }) => {
  const paint: Record<Severity, (text: string) => string> = { error: color.red, warning: color.yellow, info: color.blue };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let output = '\n';
  for (const [file, findings] of groupByFile(result.findings)) {
    output += `${color.underline(absoluteFileName(file, cwd))}\n`;
    const rows = findings.map((finding) => {
      counts[finding.severity]++;
      // ESLint drops a message's final period; so do we, for identical output.
      return ['', String(finding.line), String(finding.column), paint[finding.severity](finding.severity), finding.message.replace(/([^ ])\.$/u, '$1'), color.dim(finding.ruleId)];
    });
    output += `${alignTable(rows)
      // Anchored at the row's start, where line and column are: linear whatever the message holds.
      .map((row) => row.replace(/^(\s*)(\d+)\s+(\d+)/u, (_, lead: string, line: string, column: string) => `${lead}${color.dim(`${line}:${column}`)}`))
      .join('\n')}\n\n`;
  }
  const total = counts.error + counts.warning + counts.info;
  const suppressed = result.suppressed ? `, ${result.suppressed} suppressed` : '';
  if (total === 0) return suppressed ? `0 problems${suppressed}\n` : '';
  const summary = [`\u2716 ${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}`];
  if (counts.info > 0) summary.push(`, ${counts.info} info`);
  summary.push(`)${suppressed}\n`);
  output += (counts.error > 0 ? color.red : color.yellow).bold(summary.join(''));
  return color.reset(output);
};

/** Without a chalk instance, every painter returns its text unchanged. */
function plainColors(): ChalkInstance {
  const paint = (text: string): string => text;
  const painter: unknown = new Proxy(paint, { get: () => painter });
  return painter as ChalkInstance;
}

export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return groups;
}

/** Columns padded to their widest cell (the line right-aligned), joined by two spaces, trailing space trimmed. */
function alignTable(rows: string[][]): string[] {
  const width = (cell: string): number => stripVTControlCharacters(cell).length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const padding = ' '.repeat((widths[i] ?? 0) - width(cell));
        return i === 1 ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd(),
  );
}
