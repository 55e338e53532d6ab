import type { Formatter } from './types.js';

/** The machine-readable contract: exactly one JSON object, findings in the engine's stable order. */
export const json: Formatter = (result) =>
  JSON.stringify({ version: 1, files: result.files, resources: result.resources, findings: result.findings });
