import type { Document, LineCounter, Node, Pair, ParsedNode } from 'yaml';
import { yaml } from './lazyModules.js';
import type { JsonPath, Span } from './types.js';

/**
 * Where a JSON path of a document sits in its file. The engine asks only for findings, so an
 * implementation may parse lazily; rules never see this.
 */
export interface PositionLookup {
  /** `on: 'key'` points at the key of the last path segment rather than at its value. */
  locate(documentIndex: number, path: JsonPath, on?: 'key' | 'value'): Span;
}

/** Resolves positions on the `yaml` package's AST of every document of one file. */
export class YamlAstPositions implements PositionLookup {
  /** `base`: where the parsed text starts in the file, when only a slice of it was parsed. */
  constructor(
    private readonly documents: readonly Document.Parsed[],
    private readonly lineCounter: Pick<LineCounter, 'linePos' | 'lineStarts'>,
    private readonly base = 0,
  ) {}

  locate(documentIndex: number, path: JsonPath, on: 'key' | 'value' = 'value'): Span {
    const doc = this.documents[documentIndex];
    if (!doc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const { node, key } = walk(doc, path);
    // A scalar is pointed at itself; a collection at its key, so a finding sits on the
    // `selector:` line rather than spanning the whole block below it.
    const target = on === 'key' && key ? key : yaml().isCollection(node) && key ? key : (node ?? key);
    if (!target?.range) return this.span(doc.range[0], doc.range[0]);
    const [start, end] = target.range;
    return yaml().isCollection(target) ? this.firstLineOf(start, end) : this.span(start, end);
  }

  private span(start: number, end: number): Span {
    const from = this.lineCounter.linePos(this.base + start);
    const to = this.lineCounter.linePos(this.base + Math.max(start, end));
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  /** A collection without a key (a list item) is pointed at by its first line only. */
  private firstLineOf(start: number, end: number): Span {
    const from = this.lineCounter.linePos(this.base + start);
    const nextLineStart = (this.lineCounter.lineStarts[from.line] ?? this.base + end) - this.base;
    return this.span(start, Math.min(end, Math.max(start, nextLineStart - 1)));
  }
}

/** Follows the path as far as the document has it; a missing tail points at its deepest parent. */
function walk(doc: Document.Parsed, path: JsonPath): { node?: Node; key?: Node } {
  // `node` keeps an alias as written, so a finding on it points at the alias, not its anchor;
  // descent goes through the anchor.
  let node: Node | undefined = doc.contents ?? undefined;
  let key: Node | undefined;
  for (const segment of path) {
    const parent = yaml().isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
    if (yaml().isMap(parent)) {
      const pair = parent.items.find((item): item is Pair<ParsedNode, ParsedNode> => yaml().isPair(item) && keyText(item.key) === String(segment));
      if (!pair) break;
      key = pair.key ?? undefined;
      node = pair.value ?? undefined;
    } else if (yaml().isSeq(parent) && typeof segment === 'number' && parent.items[segment]) {
      key = undefined;
      node = parent.items[segment] as Node;
    } else {
      break;
    }
  }
  return { node, key };
}

function keyText(key: unknown): string | undefined {
  if (yaml().isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
