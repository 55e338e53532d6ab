import path from 'node:path';
import type { Document } from 'yaml';
import { composedTree, LineTable, NodeTreePositions } from './nodeTreePositions.js';
import type { ComposedNode } from './nodeTreePositions.js';
import { jsYaml, yaml } from './lazyModules.js';
import { YamlAstPositions } from './positions.js';
import type { PositionLookup } from './positions.js';
import type { Resource, SourceFile } from './resource.js';
import type { JsonPath, KubeObject, Span } from './types.js';
import { asArray, isRecord } from './values.js';

/** A problem the loader finds before any rule runs, reported under a `file`-scope rule id. */
export interface LoadProblem {
  ruleId: 'yaml-syntax' | 'apiversion-kind' | 'input-limits';
  message: string;
  /** Overrides the rule's default severity (a configured one still wins). */
  severity?: 'info';
  /** Either an exact span (syntax errors) or a node to locate. */
  span?: Span;
  documentIndex?: number;
  path?: JsonPath;
}

export interface ParsedFile {
  source: SourceFile;
  resources: Resource[];
  problems: LoadProblem[];
  /** False when some document could not be read: the file may define more than `resources`. */
  complete: boolean;
  /** For a kustomization file: the absolute paths of the patch files it applies (partial objects). */
  kustomizePatches: string[];
}

export interface ParseOptions {
  name: string;
  absolutePath?: string;
  named: boolean;
  defaultNamespace: string;
  limits?: Partial<InputLimits>;
}

/** Limits that protect a run from hostile or broken input; each has an option to raise it. */
export interface InputLimits {
  /** Bytes a file may have (--max-file-size, in MB on the command line). */
  maxFileSize: number;
  /** Alias expansions a document may make (--max-aliases): a billion-laughs bomb makes millions. */
  maxAliases: number;
  /** Levels of nesting a document may have (--max-depth). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: InputLimits = { maxFileSize: 32 * 1024 * 1024, maxAliases: 1000, maxDepth: 512 };


/** The plain values of a file's documents, each with its 0-based index among all documents. */
export interface DocumentValue {
  documentIndex: number;
  value: unknown;
}

/**
 * Parses one file's text into resources, and the syntax and shape problems found on the way.
 *
 * Most files are valid YAML without surprises: js-yaml reads them fast, and their positions are
 * found only if a finding needs one (the yaml package parses the file again then). A file that
 * js-yaml rejects, or that holds what needs the yaml package's fidelity (aliases, templates),
 * goes through the yaml package from the start, for exact errors and positions.
 */
export function parseManifest(text: string, options: ParseOptions): ParsedFile {
  const source = withoutByteOrderMark(text);
  const binaryAt = source.indexOf('\u0000');
  if (binaryAt >= 0) {
    // Binary data: one finding, and nothing else is read from it.
    const parsed = emptyParsedFile(options, new YamlAstPositions([], new (yaml().LineCounter)()), source);
    const line = source.slice(0, binaryAt).split('\n').length;
    const column = binaryAt - source.lastIndexOf('\n', binaryAt - 1);
    parsed.problems.push({ ruleId: 'yaml-syntax', message: 'binary data (a NUL byte), not a YAML manifest', span: { line, column, endLine: line, endColumn: column + 1 } });
    return parsed;
  }
  // Nesting deep enough to overflow a parser's stack is refused before any parser recurses into it.
  const maxDepth = options.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const mayBeTooDeep = mayNestDeeperThan(source, maxDepth);
  const tooDeepAt = mayBeTooDeep ? lineDeeperThan(source, maxDepth) : undefined;
  if (tooDeepAt !== undefined) {
    const parsed = emptyParsedFile(options, new YamlAstPositions([], new (yaml().LineCounter)()), source);
    parsed.problems.push({ ruleId: 'input-limits', message: `this file nests deeper than ${maxDepth} levels (line ${tooDeepAt}), so it is not read; raise --max-depth if it is legitimate`, span: { line: tooDeepAt, column: 1, endLine: tooDeepAt, endColumn: 2 } });
    return parsed;
  }
  const fast = needsFullParse(source) ? undefined : loadDocumentsFast(source);
  let parsed: ParsedFile;
  if (fast) {
    parsed = emptyParsedFile(options, new LazyPositions(source, fast.length), source);
    // js-yaml expands no alias here, so the values nest no deeper than the text does.
    addDocuments(parsed, fast, fast.length, options, mayBeTooDeep);
  } else {
    parsed = parseManifestFully(source, options);
  }
  reportEncodingAndEmptiness(parsed, source);
  return parsed;
}

/** The text without a leading byte-order mark, which editors on Windows write and YAML does not need. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Text that is not UTF-8 (Latin-1, say) was read with replacement characters: say where, since
 * the API server takes only UTF-8.
 */
function reportEncodingAndEmptiness(parsed: ParsedFile, source: string): void {
  const replaced = source.indexOf('\uFFFD');
  if (replaced >= 0) {
    const line = source.slice(0, replaced).split('\n').length;
    const column = replaced - source.lastIndexOf('\n', replaced - 1);
    parsed.problems.push({ ruleId: 'yaml-syntax', message: 'bytes that are not UTF-8 (Latin-1?); Kubernetes reads manifests as UTF-8: re-save the file as UTF-8', span: { line, column, endLine: line, endColumn: column + 1 } });
  }
}

/** A file over the size limit is not read: one finding says so. */
export function oversizeFile(options: ParseOptions, bytes: number): ParsedFile {
  const limit = options.limits?.maxFileSize ?? DEFAULT_LIMITS.maxFileSize;
  const parsed = emptyParsedFile(options, { locate: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) }, '');
  const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  parsed.problems.push({ ruleId: 'input-limits', message: `the file is ${megabytes(bytes)}, over the ${megabytes(limit)} limit, so it is not read; raise --max-file-size if it is legitimate`, span: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
  return parsed;
}

/** The yaml package's path: every error with its position, duplicate keys, alias limits, templates. */
function parseManifestFully(source: string, options: ParseOptions): ParsedFile {
  const lineCounter = new (yaml().LineCounter)();
  const documents = yaml().parseAllDocuments(source, { lineCounter, ...YAML_OPTIONS });
  const parsed = emptyParsedFile(options, new YamlAstPositions(Array.isArray(documents) ? documents : [], lineCounter), source);
  const spanAt = (offset: number): Span => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col, endLine: line, endColumn: col + 1 };
  };
  if (!Array.isArray(documents)) return parsed;

  const fatal = firstFatalError(documents);
  if (fatal) {
    // The parser's own guard against nesting that would overflow its stack.
    const tooDeep = fatal.code === 'RESOURCE_EXHAUSTION';
    parsed.problems.push(
      tooDeep
        ? { ruleId: 'input-limits', message: 'nesting too deep for the YAML parser, so the file is not read', span: spanAt(fatal.offset) }
        : { ruleId: 'yaml-syntax', message: syntaxMessage(fatal.message, fatal.code, source), span: spanAt(fatal.offset) },
    );
    return parsed;
  }

  const values: DocumentValue[] = [];
  documents.forEach((document, documentIndex) => {
    for (const error of document.errors) {
      // Duplicate keys leave a usable document: report each, lint the rest (the last value wins).
      const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]*)/.exec(source.slice(error.pos[0], error.pos[0] + 256))?.[1]?.trim();
      const what = error.code === 'DUPLICATE_KEY' && key ? `the key ${JSON.stringify(key)} appears twice in this mapping` : firstLine(error.message);
      parsed.problems.push({ ruleId: 'yaml-syntax', message: `${what}; with strict field validation the API server rejects it, otherwise the last value silently wins`, span: spanAt(error.pos[0]) });
    }
    const templateKey = firstCollectionKey(document);
    if (templateKey !== undefined) {
      // `{{ value }}` parses as a mapping used as a key: a template placeholder, which JSON cannot hold.
      parsed.problems.push({ ruleId: 'yaml-syntax', message: `a mapping is used as a key here, which JSON and Kubernetes cannot represent; ${TEMPLATE_HINT}`, span: spanAt(templateKey) });
      return;
    }
    const maxAliases = options.limits?.maxAliases ?? DEFAULT_LIMITS.maxAliases;
    try {
      values.push({ documentIndex, value: document.toJS({ maxAliasCount: maxAliases }) });
    } catch (error) {
      const reason = error instanceof Error ? firstLine(error.message) : String(error);
      const bomb = /alias/i.test(reason);
      parsed.problems.push(
        bomb
          ? { ruleId: 'input-limits', message: `this document expands its aliases more than ${maxAliases} times (an alias bomb?), so it is not read; raise --max-aliases if it is legitimate`, documentIndex, path: [] }
          : { ruleId: 'yaml-syntax', message: `cannot read this document: ${reason}`, documentIndex, path: [] },
      );
    }
  });
  addDocuments(parsed, values, documents.length, options);
  return parsed;
}

/** Turns document values into resources, apiversion-kind problems and kustomization patches. */
function addDocuments(parsed: ParsedFile, allValues: readonly DocumentValue[], documentCount: number, options: ParseOptions, mayBeTooDeep = true): void {
  // Nesting deeper than any manifest needs is refused before anything walks it.
  const maxDepth = options.limits?.maxDepth ?? DEFAULT_LIMITS.maxDepth;
  const values = allValues.filter(({ documentIndex, value }) => {
    if (mayBeTooDeep && depthExceeds(value, maxDepth)) {
      parsed.problems.push({ ruleId: 'input-limits', message: `this document nests deeper than ${maxDepth} levels, so it is not read; raise --max-depth if it is legitimate`, documentIndex, path: [] });
      return false;
    }
    return true;
  });
  parsed.complete = values.length === documentCount;
  if (values.length < allValues.length) parsed.complete = false;
  if (options.absolutePath && KUSTOMIZATION_FILE_NAMES.has(path.basename(options.absolutePath))) {
    parsed.kustomizePatches = patchFilesOf(values[0]?.value, path.dirname(options.absolutePath));
  }
  // A file "holds Kubernetes objects" when some document is one, or tries to be one: apiVersion
  // and kind of the wrong type, or a list of objects where kind: List was meant.
  const holdsKubernetesObjects = values.some(({ value }) => isKubeObject(value) || triesToBeKubeObject(value));
  if (parsed.complete && values.every(({ value }) => value === null || value === undefined)) {
    // What `kubectl apply` refuses with "no objects passed to apply": worth a word, not a failure.
    parsed.problems.push({ ruleId: 'apiversion-kind', severity: 'info', message: 'no Kubernetes object in this file (it is empty or only comments); kubectl apply would refuse it', documentIndex: 0, path: [] });
    return;
  }
  for (const { documentIndex, value } of values) {
    if (value === null || value === undefined) continue; // empty or comment-only document
    if (isKubeObject(value)) {
      addObject(parsed, value, documentIndex, [], options.defaultNamespace);
    } else if (holdsKubernetesObjects) {
      // A file with no Kubernetes object at all is some other YAML (CI config, Helm values): not ours.
      parsed.problems.push({ ruleId: 'apiversion-kind', message: notAnObjectMessage(value), documentIndex, path: [] });
    }
  }
}

/**
 * The first line where the text may nest deeper than `limit`, by one linear scan: block nesting
 * from the stack of indentations (a `- ` counts as a level), plus flow nesting from brackets
 * outside quotes and comments. It may overestimate (a deeply indented block scalar); it can
 * underestimate only where a quoted scalar spans lines, and the parser's own guard catches that.
 */
export function lineDeeperThan(source: string, limit: number): number | undefined {
  if (!mayNestDeeperThan(source, limit)) return undefined;
  const indents: number[] = [];
  let flow = 0;
  let line = 0;
  for (let start = 0; start <= source.length; ) {
    const end = source.indexOf('\n', start);
    const text = source.slice(start, end < 0 ? source.length : end);
    line++;
    start = end < 0 ? source.length + 1 : end + 1;
    let i = 0;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i === text.length || text[i] === '#') continue;
    if (flow === 0) {
      let indent = i;
      // Each "- " opens one more level, at the column of what follows it.
      let dashes = 0;
      while (text[indent] === '-' && (text[indent + 1] === ' ' || indent + 1 === text.length)) {
        dashes++;
        indent += 2;
        while (text[indent] === ' ') indent++;
      }
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= i) indents.pop();
      indents.push(i);
      for (let d = 0; d < dashes; d++) indents.push(i + d + 1);
    }
    let quote: string | undefined;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if ((c === '"' || c === "'") && (j === i || ' [{,:'.includes(text[j - 1] ?? ' '))) {
        // A quote opens a scalar only where a scalar can start: "it's" is no quote.
        quote = c;
      } else if (c === '#' && (j === 0 || text[j - 1] === ' ')) {
        break;
      } else if (c === '[' || c === '{') {
        flow++;
        if (indents.length + flow > limit) return line;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
    if (indents.length + flow > limit) return line;
  }
  return undefined;
}

/**
 * Every level costs a bracket or a column of indentation: when the brackets and the widest
 * indentation cannot add up to the limit, no line can be that deep, and without aliases no value
 * either (found by native searches).
 */
function mayNestDeeperThan(source: string, limit: number): boolean {
  let brackets = 0;
  for (const open of ['[', '{']) for (let at = source.indexOf(open); at >= 0 && brackets <= limit; at = source.indexOf(open, at + 1)) brackets++;
  return brackets >= limit || startsSomeLineWithRunOf(source, limit - brackets);
}

const SPACE = 32;
const TAB = 9;
const DASH = 45;

/** Whether some line starts with at least `length` blanks and dashes. */
function startsSomeLineWithRunOf(source: string, length: number): boolean {
  for (let start = 0; start < source.length; ) {
    const next = source.indexOf('\n', start);
    const lineEnd = next < 0 ? source.length : next;
    // Only a line at least that long can start with such a run: most lines are passed by the native search alone.
    if (lineEnd - start >= length) {
      let end = start;
      for (let c = source.charCodeAt(end); c === SPACE || c === TAB || c === DASH; c = source.charCodeAt(++end));
      if (end - start >= length) return true;
    }
    start = lineEnd + 1;
  }
  return false;
}

/** Whether a value nests deeper than `limit`, walked without recursion (a deep value must not overflow the stack). */
function depthExceeds(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, depth] = next;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}

function emptyParsedFile(options: ParseOptions, positions: PositionLookup, text: string): ParsedFile {
  const source: SourceFile = { name: options.name, named: options.named, positions, text, ...(options.absolutePath ? { absolutePath: options.absolutePath } : {}) };
  return { source, resources: [], problems: [], complete: false, kustomizePatches: [] };
}

/** How the yaml package reads manifests: YAML 1.2 core, merge keys as kubectl expands them. */
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: 'silent' } as const;

/** js-yaml with the same meaning of every scalar as the yaml package's YAML 1.2 core schema. */
let fastSchema: import('js-yaml').Schema | undefined;
export function fastYamlSchema(): import('js-yaml').Schema {
  const loader = jsYaml();
  // js-yaml exports its built-in types at run time; its type declarations omit them.
  fastSchema ??= loader.CORE_SCHEMA.extend({ implicit: [(loader as unknown as { types: { merge: import('js-yaml').Type } }).types.merge] });
  return fastSchema;
}

/**
 * Aliases (an alias bomb needs the yaml package's expansion limit) and templates (a `{{ }}` key
 * needs its AST) are left to the yaml package. A false alarm costs only speed.
 */
export function needsFullParse(source: string): boolean {
  // The native search first: most files have no '*' at all, and the pattern scans every line.
  return source.includes('{{') || (source.includes('*') && /(?:^|[\s[{,:])\*[^\s,\]}]/m.test(source));
}

/** js-yaml's reading of the documents, or undefined when it rejects the text (the yaml package then says why). */
export function loadDocumentsFast(source: string): DocumentValue[] | undefined {
  const values: DocumentValue[] = [];
  try {
    jsYaml().loadAll(source, (value) => values.push({ documentIndex: values.length, value: value ?? null }), { schema: fastYamlSchema() });
  } catch {
    return undefined;
  }
  // A file of comments only is no document to the yaml package, but one empty one to js-yaml.
  return values.length === 1 && !/^[ \t]*[^#\s]/m.test(source) ? [] : values;
}

/** The yaml package's reading of the documents, or undefined when it finds an error. */
export function loadDocumentsFully(source: string): DocumentValue[] | undefined {
  const documents = yaml().parseAllDocuments(source, YAML_OPTIONS);
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return undefined;
  return documents.map((document, documentIndex) => ({ documentIndex, value: document.toJS({ maxAliasCount: DEFAULT_LIMITS.maxAliases }) ?? null }));
}

/**
 * Positions of a file read by js-yaml: the yaml package parses it only when a finding asks, and
 * then only the document the finding is in. Documents are cut at their `---` lines; when the cut
 * does not give as many documents as js-yaml read (a `...` end marker, say), or a piece does not
 * parse as one document, the whole file is parsed instead.
 */
class LazyPositions implements PositionLookup {
  private readonly byDocument = new Map<number, DocumentPositions>();
  private whole?: YamlAstPositions;
  private cut?: { starts: number[]; lines: LineTable } | null;

  constructor(
    private readonly source: string,
    private readonly documentCount: number,
  ) {}

  locate(documentIndex: number, path: JsonPath, on?: 'key' | 'value'): Span {
    if (!this.whole) {
      const positions = this.byDocument.get(documentIndex) ?? this.parseDocument(documentIndex);
      if (positions) {
        this.byDocument.set(documentIndex, positions);
        return positions.locate(path, on);
      }
      this.whole = parseForPositions(this.source);
    }
    return this.whole.locate(documentIndex, path, on);
  }

  /**
   * js-yaml, already warm from reading every file, reads the document again with a listener that
   * records where each node starts and ends; the yaml package parses it only when that tree is
   * incomplete (merge keys, kept trailing lines), and is never loaded for most runs.
   */
  private parseDocument(documentIndex: number): DocumentPositions | undefined {
    if (this.cut === undefined) this.cut = cutDocuments(this.source, this.documentCount) ?? null;
    const start = this.cut?.starts[documentIndex];
    if (!this.cut || start === undefined) return undefined;
    const text = this.source.slice(start, this.cut.starts[documentIndex + 1] ?? this.source.length);
    let tree: ComposedNode | undefined;
    try {
      tree = composedTree(text, (listener) => jsYaml().load(text, { schema: fastYamlSchema(), listener } as import('js-yaml').LoadOptions));
    } catch {
      tree = undefined;
    }
    if (tree) return new NodeTreePositions(tree, this.cut.lines, start);
    const documents = yaml().parseAllDocuments(text, YAML_OPTIONS);
    if (!Array.isArray(documents) || documents.length !== 1) return undefined;
    const positions = new YamlAstPositions(documents, this.cut.lines, start);
    return { locate: (path, on) => positions.locate(0, path, on) };
  }
}

/** Positions within one document. */
interface DocumentPositions {
  locate(path: JsonPath, on?: 'key' | 'value'): Span;
}

function parseForPositions(source: string): YamlAstPositions {
  const lineCounter = new (yaml().LineCounter)();
  const documents = yaml().parseAllDocuments(source, { lineCounter, ...YAML_OPTIONS });
  return new YamlAstPositions(Array.isArray(documents) ? documents : [], lineCounter);
}

/** Where each document starts: at its `---` line, or at 0 for content before the first one. */
export function cutDocuments(source: string, documentCount: number): { starts: number[]; lines: LineTable } | undefined {
  const markers = [...source.matchAll(/^---(?=[ \t\r\n]|$)/gm)].map((match) => match.index);
  const beforeFirst = source.slice(0, markers[0] ?? source.length);
  const starts = /^[ \t]*[^#\s]/m.test(beforeFirst) ? [0, ...markers] : markers;
  if (starts.length !== documentCount) return undefined;
  return { starts, lines: new LineTable(source) };
}

const KUSTOMIZATION_FILE_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** The files a kustomization applies as strategic-merge patches: partial objects by design. */
function patchFilesOf(kustomization: unknown, directory: string): string[] {
  if (!isRecord(kustomization)) return [];
  const paths = [
    ...asArray(kustomization['patchesStrategicMerge']),
    // `patches` entries are {path, target} objects, or bare paths in older kustomizations.
    ...asArray(kustomization['patches']).map((patch) => (isRecord(patch) ? patch['path'] : patch)),
  ];
  // An inline patch is YAML text, not a path: it spans lines.
  return paths.filter((entry): entry is string => typeof entry === 'string' && !entry.includes('\n')).map((entry) => path.resolve(directory, entry));
}

function addObject(parsed: ParsedFile, object: KubeObject, documentIndex: number, basePath: JsonPath, defaultNamespace: string): void {
  if (object.kind.endsWith('List') && Array.isArray(object['items'])) {
    asArray(object['items']).forEach((item, i) => {
      if (isKubeObject(item)) addObject(parsed, item, documentIndex, [...basePath, 'items', i], defaultNamespace);
      else parsed.problems.push({ ruleId: 'apiversion-kind', message: `item ${i} of this ${object.kind}: ${notAnObjectMessage(item)}`, documentIndex, path: [...basePath, 'items', i] });
    });
    return;
  }
  parsed.resources.push(resourceOf(object, parsed.source, documentIndex, basePath, defaultNamespace));
}

/** The resource an object of a file is: its name, and its namespace or the default one. */
export function resourceOf(object: KubeObject, file: SourceFile, documentIndex: number, basePath: JsonPath, defaultNamespace: string): Resource {
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata?.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
  // One shape for every resource, named or not: every rule reads these fields.
  return { object, apiVersion: object.apiVersion, kind: object.kind, name, namespace, file, documentIndex, basePath };
}

/**
 * Positions in a file parsed in another thread: the file is parsed again here, once, when the
 * first finding in it needs a position.
 */
export function positionsParsedOnDemand(text: string, options: ParseOptions): PositionLookup {
  let positions: PositionLookup | undefined;
  return {
    locate(documentIndex, path, on) {
      positions ??= parseManifest(text, options).source.positions;
      return positions.locate(documentIndex, path, on);
    },
  };
}

function triesToBeKubeObject(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isKubeObject);
  return isRecord(value) && Object.hasOwn(value, 'apiVersion') && Object.hasOwn(value, 'kind');
}

function isKubeObject(value: unknown): value is KubeObject {
  return isRecord(value) && typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string' && value['apiVersion'] !== '' && value['kind'] !== '';
}

function notAnObjectMessage(value: unknown): string {
  if (Array.isArray(value) && value.some(isKubeObject)) return 'a list of objects, which kubectl cannot apply as it is; wrap them in apiVersion: v1, kind: List, items: [...] or separate them with ---';
  if (Array.isArray(value)) return 'a list, not a Kubernetes object; expected a mapping with apiVersion and kind';
  if (!isRecord(value)) return `a ${typeof value} value, not a Kubernetes object; expected a mapping with apiVersion and kind`;
  const missing = ['apiVersion', 'kind'].filter((field) => typeof value[field] !== 'string' || value[field] === '');
  return `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing or not a string; every Kubernetes object needs both`;
}

/** The first error that makes the file unreadable; duplicate keys are reported but not fatal. */
function firstFatalError(documents: readonly Document.Parsed[]): { message: string; code: string; offset: number } | undefined {
  let first: { message: string; code: string; offset: number } | undefined;
  for (const document of documents) {
    for (const error of document.errors) {
      if (error.code === 'DUPLICATE_KEY') continue;
      if (!first || error.pos[0] < first.offset) first = { message: error.message, code: error.code, offset: error.pos[0] };
    }
  }
  return first;
}

const TEMPLATE_HINT = 'this looks like a template ({{ … }}): render it first, e.g. helm template <chart> | kubelint -';

function syntaxMessage(message: string, code: string, source: string): string {
  const text = `${firstLine(message)} (${code})`;
  // An unrendered Helm chart is the commonest non-YAML input: say what to do with it first.
  return source.includes('{{') ? `not YAML: ${TEMPLATE_HINT}. The parser stopped here: ${text}` : text;
}

/** Offset of the first key that is itself a mapping or a list, if any. */
function firstCollectionKey(document: Document.Parsed): number | undefined {
  let offset: number | undefined;
  const { visit } = yaml();
  visit(document, {
    Pair(_, pair) {
      if (yaml().isCollection(pair.key)) {
        offset = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}
