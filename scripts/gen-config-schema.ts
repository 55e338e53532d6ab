/**
 * Writes the rules into schemas/kubelint-config.schema.json (see configSchemaRules.ts). Runs as
 * part of `npm run gen:schemas`; test/rules.test.ts fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '../rules/index.js';
import { configSchemaWithRules } from './configSchemaRules.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'kubelint-config.schema.json');
const base = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
writeFileSync(file, `${JSON.stringify(configSchemaWithRules(base, allRules), null, 2)}\n`);
process.stdout.write(`wrote the options of ${allRules.length} rules into ${path.relative(process.cwd(), file)}\n`);
