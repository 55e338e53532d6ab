import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type ignore from 'ignore';

/** A problem with the run itself (bad flag, unreadable path): exit 2 with this one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Never manifests, and often huge. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
/** Read in this order in each folder, so a `.kubelintignore` can re-include (`!x.yaml`) what `.gitignore` leaves out. */
export const IGNORE_FILE_NAMES = ['.gitignore', '.kubelintignore'] as const;
/** As git's core.ignorecase defaults on each system: case-insensitive file systems match patterns case-insensitively. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export function isManifestName(fileName: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(fileName).toLowerCase());
}

export interface InputFiles {
  /** Files to lint and report on, in a stable order. */
  named: string[];
  /** Other files whose resources cross-resource rules may look at; never reported on. */
  context: string[];
}

export interface CollectOptions {
  /** Let the manifests beside each named file be context. */
  siblingContext: boolean;
  /**
   * More gitignore-style patterns, relative to the working directory (the config's `ignore`):
   * they leave out what directory walks find and sibling context, never a named file.
   */
  ignorePatterns?: readonly string[];
}

/**
 * Expands the paths given on the command line. A directory contributes its manifests,
 * recursively. A file is linted whatever its extension, and the manifests beside it become
 * context: a pre-commit hook names only the changed file, and its partners sit unchanged next to it.
 *
 * What is ignored, as git does it:
 * - A walk honours the `.gitignore` and `.kubelintignore` files it finds, from the walked
 *   directory downwards: each applies to the paths below its folder, with patterns relative to
 *   that folder; a deeper file's patterns come first, so it can re-include (`!keep.yaml`) what a
 *   shallower one leaves out; within one folder `.kubelintignore` is read after `.gitignore`, so
 *   it can re-include what git ignores. A folder that is left out is not entered, so nothing
 *   below it comes back (as in git). One simplification: inside a folder that an ignore file
 *   leaves out but the run enters all the same (a deeper file re-includes it, or a file in it is
 *   named), that ignore file's patterns no longer apply. Ignore files above the walked directory
 *   do not apply, nor do `.git/info/exclude` and git's global excludes. `node_modules` and `.git`
 *   are always skipped.
 * - Manifests beside a named file are context only if not ignored by the ignore files from the
 *   working directory down to their folder (git's view when run at a repository's root, as
 *   pre-commit runs a hook), or by those of the folder alone when it is outside the working directory.
 * - `ignorePatterns` are judged relative to the working directory and add to the ignore files
 *   (a `!pattern` among them re-includes only what they themselves leave out). They leave out
 *   what they match and what is below a folder they match, so a named directory they match
 *   contributes nothing.
 * - A file named on the command line is linted even when ignored.
 */
export function collectInputFiles(paths: readonly string[], cwd: string, options: CollectOptions): InputFiles {
  const ignores = new IgnoreRules(cwd, options.ignorePatterns ?? []);
  const named = new Set<string>();
  const namedFiles: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = statSync(absolute);
    } catch (error) {
      throw new UsageError(`${given}: ${describeFsError(error as NodeJS.ErrnoException)}`);
    }
    if (info.isDirectory()) {
      for (const file of walkManifests(absolute, ignores, cwd)) named.add(file);
    } else {
      named.add(absolute);
      namedFiles.push(absolute);
    }
  }
  const context = new Set<string>();
  if (options.siblingContext) {
    // A hook names many files of the same folders: list each folder once.
    const folders = new Set(namedFiles.map((file) => path.dirname(file)));
    for (const folder of folders) {
      for (const sibling of manifestsIn(folder, ignores)) if (!named.has(sibling)) context.add(sibling);
    }
  }
  return { named: [...named].sort(), context: [...context].sort() };
}

/**
 * The other manifests in a file's folder (not below it) that no ignore file leaves out (see
 * collectInputFiles); an unreadable folder has none.
 */
export function manifestsBeside(file: string, options: { cwd?: string; ignorePatterns?: readonly string[] } = {}): string[] {
  const ignores = new IgnoreRules(options.cwd ?? process.cwd(), options.ignorePatterns ?? []);
  return manifestsIn(path.dirname(file), ignores).filter((sibling) => sibling !== file);
}

function manifestsIn(directory: string, ignores: IgnoreRules): string[] {
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const manifests = entries.filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isManifestName(entry.name));
  if (manifests.length === 0) return [];
  const scope = ignores.scope(directory, ignores.layersFor(directory));
  return manifests.filter((entry) => !scope.ignores(entry.name, false)).map((entry) => path.join(directory, entry.name));
}

/** Manifests below a directory, skipping node_modules, .git and what ignore files leave out, safe against symlink loops. */
function walkManifests(root: string, ignores: IgnoreRules, cwd: string): string[] {
  const found: string[] = [];
  const visited = new Set<string>();
  // A symbolic link leading out of the walked folder is not followed: the input cannot make
  // kubelint read outside the paths it was given.
  const realRoot = tryRealpath(root);
  if (realRoot === undefined) return found;
  const inside = (target: string) => target === realRoot || target.startsWith(`${realRoot}${path.sep}`);
  // Each folder with its real path, which a folder that is no link has beside its parent's: only
  // links are resolved, not every folder of a tree of thousands.
  const pending: { directory: string; real: string; layers: readonly IgnoreLayer[] }[] = [{ directory: root, real: realRoot, layers: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { directory, real } = next;
    if (visited.has(real)) continue;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`${displayName(directory, cwd)}: ${describeFsError(error as NodeJS.ErrnoException)}`);
    }
    const own = entries.some((entry) => isIgnoreFileName(entry.name)) ? ignores.layerOf(directory) : undefined;
    const layers = own ? [...next.layers, own] : next.layers;
    const scope = ignores.scope(directory, layers);
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let linkTarget: string | undefined;
      if (entry.isSymbolicLink()) {
        linkTarget = tryRealpath(entryPath);
        const target = linkTarget !== undefined && inside(linkTarget) ? tryStat(entryPath) : undefined; // a dangling, looping or escaping link is no file
        isDirectory = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !scope.ignores(entry.name, true)) pending.push({ directory: entryPath, real: linkTarget ?? path.join(real, entry.name), layers });
      } else if (isFile && isManifestName(entry.name) && !scope.ignores(entry.name, false)) {
        found.push(entryPath);
      }
    }
  }
  return found;
}

type Matcher = ignore.Ignore;

/** The rules of one folder's ignore files. */
interface IgnoreLayer {
  directory: string;
  matcher: Matcher;
}

const requireModule = createRequire(import.meta.url);
let ignoreModule: typeof ignore | undefined;

/** The `ignore` package is loaded only when a run meets an ignore file or pattern. */
function newMatcher(): Matcher {
  ignoreModule ??= requireModule('ignore') as typeof ignore;
  return ignoreModule({ ignorecase: IGNORE_CASE });
}

function isIgnoreFileName(name: string): boolean {
  return (IGNORE_FILE_NAMES as readonly string[]).includes(name);
}

/** The ignore files of one run, each read once, and the extra patterns. */
class IgnoreRules {
  private readonly layers = new Map<string, IgnoreLayer | undefined>();
  private readonly extra: Matcher | undefined;

  constructor(
    private readonly cwd: string,
    patterns: readonly string[],
  ) {
    this.extra = patterns.length > 0 ? newMatcher().add(patterns) : undefined;
  }

  /** The rules of a folder's ignore files; undefined when it has none (or none with a rule). */
  layerOf(directory: string): IgnoreLayer | undefined {
    if (this.layers.has(directory)) return this.layers.get(directory);
    let matcher: Matcher | undefined;
    for (const name of IGNORE_FILE_NAMES) {
      let text: string;
      try {
        text = readFileSync(path.join(directory, name), 'utf8');
      } catch {
        continue; // absent, a folder, unreadable: no rules
      }
      matcher ??= newMatcher();
      matcher.add(text);
    }
    const layer = matcher ? { directory, matcher } : undefined;
    this.layers.set(directory, layer);
    return layer;
  }

  /** The layers that apply in a folder outside a walk: from the working directory (or the folder itself) down. */
  layersFor(directory: string): IgnoreLayer[] {
    const fromCwd = relativePosix(this.cwd, directory);
    const inside = isBelow(fromCwd);
    const folders = [inside ? this.cwd : directory];
    if (inside) {
      for (const part of fromCwd.split('/').filter(Boolean)) folders.push(path.join(folders[folders.length - 1] ?? this.cwd, part));
    }
    return folders.map((folder) => this.layerOf(folder)).filter((layer): layer is IgnoreLayer => layer !== undefined);
  }

  /**
   * What decides, for the entries of one folder: the layers that apply there, deepest first, each
   * with the folder's path relative to its own, then the extra patterns (worked out once per folder).
   * A layer that leaves out this very folder has no say inside it: the run is here because a deeper
   * ignore file re-included the folder, or because a file in it was named, and the `ignore` package
   * cannot judge the entries of an excluded folder one by one.
   */
  scope(directory: string, layers: readonly IgnoreLayer[]): IgnoreScope {
    const tests: { matcher: Matcher; prefix: string }[] = [];
    for (const layer of layers) {
      const prefix = relativePosix(layer.directory, directory);
      if (prefix === '' || !layer.matcher.ignores(prefix)) tests.push({ matcher: layer.matcher, prefix });
    }
    const fromCwd = relativePosix(this.cwd, directory);
    const extra = this.extra && isBelow(fromCwd) ? { matcher: this.extra, prefix: fromCwd } : undefined;
    return new IgnoreScope(tests.reverse(), extra);
  }
}

class IgnoreScope {
  constructor(
    private readonly layers: readonly { matcher: Matcher; prefix: string }[],
    private readonly extra: { matcher: Matcher; prefix: string } | undefined,
  ) {}

  /** Whether the entry `name` is left out: by the deepest ignore file that decides, or by the extra patterns. */
  ignores(name: string, isDirectory: boolean): boolean {
    const suffix = isDirectory ? `${name}/` : name;
    for (const { matcher, prefix } of this.layers) {
      const result = matcher.test(prefix + suffix);
      if (result.ignored) return true;
      if (result.unignored) break;
    }
    return this.extra ? this.extra.matcher.ignores(this.extra.prefix + suffix) : false;
  }
}

/** Whether a relativePosix result stays inside its base. */
function isBelow(relative: string): boolean {
  return !relative.startsWith('../') && !path.isAbsolute(relative);
}

/** `to` relative to `from`, with `/` separators and a trailing `/` unless empty. */
function relativePosix(from: string, to: string): string {
  const relative = path.relative(from, to);
  if (relative === '') return '';
  return `${relative.split(path.sep).join('/')}/`;
}

function tryStat(file: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function tryRealpath(directory: string): string | undefined {
  try {
    return realpathSync(directory);
  } catch {
    return undefined;
  }
}
export function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return error.message.split('\n')[0] ?? 'cannot be read';
  }
}

/** How a person would type the path: relative to the working directory, with `/` separators. */
export function displayName(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute) || path.basename(absolute);
  return relative.split(path.sep).join('/');
}
