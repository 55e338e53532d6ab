import type { Finding } from './types.js';

/**
 * Suppression comments, read only in files that have findings:
 *   # kubelint-disable-next-line <ids> -- reason
 *   # kubelint-disable <ids>   …   # kubelint-enable <ids>
 *   # kubelint-disable-file <ids>
 * Without ids, a directive applies to every rule.
 */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-file';
  /** The rule ids it names; undefined for every rule. */
  ruleIds?: readonly string[];
  line: number;
  column: number;
  /** Set when it suppressed at least one finding. */
  used: boolean;
}

const DIRECTIVE = /(^|\s)#\s*kubelint-(disable-next-line|disable-file|disable|enable)\b([^\n]*)$/;

export function parseDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  // Most files have no directive: one native search, and their lines are never split.
  if (!text.includes('kubelint-')) return directives;
  text.split('\n').forEach((lineText, i) => {
    if (!lineText.includes('kubelint-')) return;
    const match = DIRECTIVE.exec(lineText);
    if (!match || match.index === undefined) return;
    const hash = lineText.indexOf('#', match.index);
    // A # inside a quoted string is not a comment: ignore lines with an open quote before it.
    const before = lineText.slice(0, hash);
    if ((before.split('"').length - 1) % 2 === 1 || (before.split("'").length - 1) % 2 === 1) return;
    // Rule ids end at a reason (` -- why`) or at a further comment.
    const names = (match[3] ?? '').split(/ -- | #/)[0]?.split(/[\s,]+/).filter(Boolean) ?? [];
    directives.push({
      kind: match[2] as Directive['kind'],
      ...(names.length > 0 ? { ruleIds: names } : {}),
      line: i + 1,
      column: hash + 1,
      used: false,
    });
  });
  return directives;
}

/** The directive that suppresses the finding, if any; it is marked used. */
export function suppressingDirective(directives: readonly Directive[], finding: Finding): Directive | undefined {
  const covers = (directive: Directive) => !directive.ruleIds || directive.ruleIds.includes(finding.ruleId);
  let found: Directive | undefined;
  for (const directive of directives) {
    if (!covers(directive)) continue;
    if (directive.kind === 'disable-file' || (directive.kind === 'disable-next-line' && directive.line + 1 === finding.line)) found ??= directive;
  }
  if (!found) {
    // The last disable or enable at or before the finding's line decides.
    let state: Directive | undefined;
    for (const directive of directives) {
      if (directive.line > finding.line || !covers(directive)) continue;
      if (directive.kind === 'disable') state = directive;
      else if (directive.kind === 'enable') state = undefined;
    }
    found = state;
  }
  if (found) found.used = true;
  return found;
}

/** Rule ids a resource's annotations switch off: kubelint.io/ignore, and kube-linter's own for twin rules. */
export function ignoredByAnnotations(annotations: unknown, kubeLinterTwins: ReadonlyMap<string, string>): Set<string> | 'all' {
  const ignored = new Set<string>();
  if (typeof annotations !== 'object' || annotations === null) return ignored;
  for (const [key, value] of Object.entries(annotations)) {
    if (key === 'kubelint.io/ignore' && typeof value === 'string') {
      const ids = value.split(/[\s,]+/).filter(Boolean);
      if (ids.includes('all') || ids.includes('*')) return 'all';
      for (const id of ids) ignored.add(id);
    } else if (key.startsWith('ignore-check.kube-linter.io/')) {
      const twin = kubeLinterTwins.get(key.slice('ignore-check.kube-linter.io/'.length));
      if (twin) ignored.add(twin);
    }
  }
  return ignored;
}

/**
 * Helm's `helm template` output names each document's template in a `# Source:` comment. Maps a
 * line of the rendered stream to that template and to the line within the rendered document
 * (the line after the comment is line 1).
 */
export function helmSourceMap(text: string): ((line: number) => { file: string; line: number } | undefined) | undefined {
  if (!text.includes('# Source: ')) return undefined;
  const sections: { from: number; file?: string; commentLine?: number }[] = [{ from: 1 }];
  text.split('\n').forEach((lineText, i) => {
    const line = i + 1;
    if (/^---(\s|$)/.test(lineText)) sections.push({ from: line });
    // Words separated by blanks, trailing blanks left out: linear, unlike a lazy .*? before \s*$.
    const source = /^# Source: (\S+(?:\s+\S+)*)/.exec(lineText);
    const current = sections[sections.length - 1];
    if (source?.[1] && current && current.file === undefined) {
      current.file = source[1];
      current.commentLine = line;
    }
  });
  return (line) => {
    let section: (typeof sections)[number] | undefined;
    for (const candidate of sections) if (candidate.from <= line) section = candidate;
    if (!section?.file || section.commentLine === undefined || line <= section.commentLine) return undefined;
    return { file: section.file, line: line - section.commentLine };
  };
}
