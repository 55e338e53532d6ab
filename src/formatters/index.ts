import { compact } from './compact.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export const formatters: Readonly<Record<string, Formatter>> = { stylish, compact, json, sarif, github, junit, gitlab };
export type { Formatter, FormatterContext } from './types.js';
