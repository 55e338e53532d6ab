import type { JsonPath, Span } from './types.js';

/** Line starts of a text, and 1-based line and column of an offset (the yaml package's LineCounter, without loading it). */
export class LineTable {
  readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

/** A node as js-yaml's loader listener saw it: where it opened and closed, and what it composed. */
export interface ComposedNode {
  start: number;
  end: number;
  kind: 'scalar' | 'mapping' | 'sequence';
  result: unknown;
  children: ComposedNode[];
}

/** What js-yaml's loader hands its listener. */
interface LoaderState {
  position: number;
  kind: string | null;
  result: unknown;
}

/**
 * Builds the node tree of one document from js-yaml's `open`/`close` events, or undefined when the
 * tree does not account for every value (then the caller asks the yaml package). js-yaml opens a
 * node before the whitespace that precedes it and closes it after trailing blanks; both are trimmed.
 */
export function composedTree(text: string, load: (listener: (event: 'open' | 'close', state: LoaderState) => void) => void): ComposedNode | undefined {
  const stack: { start: number; children: ComposedNode[] }[] = [{ start: 0, children: [] }];
  let unsupported = false;
  load((event, state) => {
    if (event === 'open') {
      stack.push({ start: state.position, children: [] });
      return;
    }
    const frame = stack.pop();
    const parent = stack.at(-1);
    if (!frame || !parent) return;
    const kind = state.kind === 'scalar' || state.kind === 'mapping' || state.kind === 'sequence' ? state.kind : 'scalar';
    // A block sequence item or mapping value can wrap the node that holds its content: keep the inner one.
    const [only] = frame.children;
    if (frame.children.length === 1 && only && only.kind === kind && only.result === state.result) {
      parent.children.push(only);
      return;
    }
    const start = skipBlanksAndComments(text, frame.start);
    const end = endOfNode(text, start, Math.min(state.position, text.length));
    if (end < 0) unsupported = true;
    // An empty value (`annotations:` and nothing) sits where it would have been written, as in the yaml package.
    const empty = kind === 'scalar' && state.result === null && end <= start ? skipSpaces(text, frame.start) : undefined;
    parent.children.push(empty === undefined ? { start, end, kind, result: state.result, children: frame.children } : { start: empty, end: empty, kind, result: null, children: [] });
  });
  const [root, ...rest] = stack[0]?.children ?? [];
  // An empty document has no node to point at; the yaml package places it.
  return !unsupported && root && rest.length === 0 && root.result !== null && accountsForEveryValue(root) ? root : undefined;
}

/** Mappings hold a key and a value node per entry, sequences a node per item, scalars nothing. */
function accountsForEveryValue(node: ComposedNode): boolean {
  const { result, children } = node;
  if (node.kind === 'scalar') return children.length === 0;
  if (node.kind === 'sequence') return Array.isArray(result) && children.length === result.length && children.every(accountsForEveryValue);
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return false;
  if (children.length !== 2 * Object.keys(result).length) return false;
  return children.every((child, i) => (i % 2 === 0 ? child.kind === 'scalar' && Object.hasOwn(result, String(child.result)) : true) && accountsForEveryValue(child));
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Skips blanks, comments and node properties (a tag or an anchor): the yaml package's node starts at its content. */
function skipBlanksAndComments(text: string, from: number): number {
  let i = from;
  for (;;) {
    const code = text.charCodeAt(i);
    if (isBlank(code)) i++;
    else if (code === 0x21 /* ! */ || code === 0x26 /* & */) {
      while (i < text.length && !isBlank(text.charCodeAt(i))) i++;
    }
    // A comment starts at # after a blank (or at the start); elsewhere # is part of a scalar.
    else if (code === 0x23 && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    } else return i;
  }
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  return i;
}

/** Where a node's text ends: before trailing blanks, but a block scalar (| or >) keeps its last line break, as in the yaml package. */
function endOfNode(text: string, start: number, closedAt: number): number {
  let end = closedAt;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  const indicator = text.charCodeAt(start);
  if (indicator === 0x7c /* | */ || indicator === 0x3e /* > */) {
    // Keep chomping (|+) makes the trailing blank lines part of the value: the caller falls back.
    if (text.slice(start, start + 4).includes('+')) return -1;
    if (text.charCodeAt(end) === 0x0d) end++;
    if (text.charCodeAt(end) === 0x0a) end++;
  }
  return end < start ? start : end;
}

/** Positions of JSON paths in one document's node tree. `base` is where the document starts in the file. */
export class NodeTreePositions {
  constructor(
    private readonly root: ComposedNode,
    private readonly lines: LineTable,
    private readonly base: number,
  ) {}

  locate(path: JsonPath, on: 'key' | 'value' = 'value'): Span {
    let node: ComposedNode | undefined = this.root;
    let key: ComposedNode | undefined;
    for (const segment of path) {
      if (node?.kind === 'mapping') {
        const at: number = node.children.findIndex((child, i) => i % 2 === 0 && String(child.result) === String(segment));
        if (at < 0) break;
        key = node.children[at];
        node = node.children[at + 1];
      } else if (node?.kind === 'sequence' && typeof segment === 'number' && node.children[segment]) {
        key = undefined;
        node = node.children[segment];
      } else break;
    }
    // As YamlAstPositions: a scalar is pointed at itself, a collection at its key or its first line.
    const target = (on === 'key' || node?.kind !== 'scalar') && key ? key : (node ?? key);
    if (!target) return this.span(0, 0);
    return target.kind === 'scalar' ? this.span(target.start, target.end) : this.firstLineOf(target.start, target.end);
  }

  private span(start: number, end: number): Span {
    const from = this.lines.linePos(this.base + start);
    const to = this.lines.linePos(this.base + Math.max(start, end));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  private firstLineOf(start: number, end: number): Span {
    const from = this.lines.linePos(this.base + start);
    const nextLineStart = (this.lines.lineStarts[from.line] ?? this.base + end) - this.base;
    return this.span(start, Math.min(end, Math.max(start, nextLineStart - 1)));
  }
}
