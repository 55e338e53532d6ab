import { createRequire } from 'node:module';

/**
 * The parsers, loaded on first use: a run that needs neither (every file cached) or only one
 * (no finding to locate, so no yaml package) does not pay for loading the other.
 *
 * Each is required by name where CommonJS's own `require` exists, which is in the CLI's bundle:
 * the bundler then includes the package, so that it loads from the bundle's code cache instead
 * of being compiled on every run. An ES module (the library) has no `require`, and asks Node.
 */
const requireFromHere = createRequire(import.meta.url);
const bundled = typeof require === 'function';

let yamlModule: typeof import('yaml') | undefined;
export function yaml(): typeof import('yaml') {
  yamlModule ??= (bundled ? require('yaml') : requireFromHere('yaml')) as typeof import('yaml');
  return yamlModule;
}

let jsYamlModule: typeof import('js-yaml') | undefined;
export function jsYaml(): typeof import('js-yaml') {
  jsYamlModule ??= (bundled ? require('js-yaml') : requireFromHere('js-yaml')) as typeof import('js-yaml');
  return jsYamlModule;
}
