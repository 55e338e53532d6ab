import { createRequire } from 'node:module';

/**
 * The parsers, loaded on first use: a run that needs neither (every file cached) or only one
 * (no finding to locate, so no yaml package) does not pay for loading the other.
 */
const require = createRequire(import.meta.url);

let yamlModule: typeof import('yaml') | undefined;
export function yaml(): typeof import('yaml') {
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule;
}

let jsYamlModule: typeof import('js-yaml') | undefined;
export function jsYaml(): typeof import('js-yaml') {
  jsYamlModule ??= require('js-yaml') as typeof import('js-yaml');
  return jsYamlModule;
}
