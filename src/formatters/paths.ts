import path from 'node:path';

/**
 * The path printed by the ESLint-compatible formats: absolute, as ESLint prints it, since VS Code's
 * `$eslint-stylish` and `$eslint-compact` matchers resolve file names as absolute paths.
 */
export function absoluteFileName(file: string, cwd: string): string {
  return file.startsWith('<') ? file : path.resolve(cwd, file);
}
