import { readdirSync, realpathSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import path from 'node:path';

/** A problem with the run itself (bad flag, unreadable path): exit 2 with this one line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Never manifests, and often huge. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export function isManifestName(fileName: string): boolean {
  return MANIFEST_EXTENSIONS.has(path.extname(fileName).toLowerCase());
}

export interface InputFiles {
  /** Files to lint and report on, in a stable order. */
  named: string[];
  /** Other files whose resources cross-resource rules may look at; never reported on. */
  context: string[];
}

/**
 * Expands the paths given on the command line. A directory contributes its manifests,
 * recursively. A file is linted whatever its extension, and the manifests beside it become
 * context: a pre-commit hook names only the changed file, and its partners sit unchanged next to it.
 */
export function collectInputFiles(paths: readonly string[], cwd: string, options: { siblingContext: boolean }): InputFiles {
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
      for (const file of walkManifests(absolute)) named.add(file);
    } else {
      named.add(absolute);
      namedFiles.push(absolute);
    }
  }
  const context = new Set<string>();
  if (options.siblingContext) {
    for (const file of namedFiles) {
      for (const sibling of manifestsBeside(file)) if (!named.has(sibling)) context.add(sibling);
    }
  }
  return { named: [...named].sort(), context: [...context].sort() };
}

/** The other manifests in a file's folder (not below it); an unreadable folder has none. */
export function manifestsBeside(file: string): string[] {
  const directory = path.dirname(file);
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isManifestName(entry.name))
    .map((entry) => path.join(directory, entry.name))
    .filter((sibling) => sibling !== file);
}

/** Manifests below a directory, skipping node_modules and .git, safe against symlink loops. */
function walkManifests(root: string): string[] {
  const found: string[] = [];
  const visited = new Set<string>();
  const pending = [root];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    const real = tryRealpath(directory);
    if (real === undefined || visited.has(real)) continue;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`${directory}: ${describeFsError(error as NodeJS.ErrnoException)}`);
    }
    for (const entry of entries) {
      const entryPath = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = tryStat(entryPath); // a dangling or looping link is no file
        isDirectory = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDirectory && !SKIPPED_DIRECTORIES.has(entry.name)) pending.push(entryPath);
      else if (isFile && isManifestName(entry.name)) found.push(entryPath);
    }
  }
  return found;
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
