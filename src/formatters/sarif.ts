import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleMeta } from '../rule.js';
import type { RelatedLocation, Severity, Span } from '../types.js';
import { atLeastOne, fingerprints, posixPath } from './gitlab.js';
import type { Formatter } from './types.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/kubelint';
const SRCROOT = '%SRCROOT%';
/** The key of kubelint's fingerprint in `partialFingerprints`: bump the version if its inputs change. */
export const FINGERPRINT_KEY = 'kubelintFinding/v1';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0, one run: the driver describes every rule, each finding is a result pointing at its
 * file relative to `%SRCROOT%` (the working directory), with its related locations and a
 * fingerprint that survives unrelated edits.
 */
export const sarif: Formatter = (result, { cwd, rules, version }) => {
  const descriptors = rules.map(reportingDescriptor);
  const ruleIndex = new Map<string, number>(rules.map((meta, i) => [meta.id, i]));
  const prints = fingerprints(result.findings);
  const results = result.findings.map((finding, i) => {
    let index = ruleIndex.get(finding.ruleId);
    if (index === undefined) {
      // A finding of a rule the context does not describe still gets a (minimal) descriptor.
      index = descriptors.push({ id: finding.ruleId, name: ruleName(finding.ruleId) }) - 1;
      ruleIndex.set(finding.ruleId, index);
    }
    return {
      ruleId: finding.ruleId,
      ruleIndex: index,
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(finding.file, finding) }],
      ...(finding.related?.length ? { relatedLocations: finding.related.map(relatedLocation) } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: prints[i] ?? '' },
    };
  });
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubelint',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        // Columns count UTF-16 code units (JavaScript string offsets), as the engine computes them.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
};

function reportingDescriptor(meta: RuleMeta): Record<string, unknown> {
  const doc = `rules/${meta.id}.md`;
  const description = /[.!?]$/u.test(meta.description) ? meta.description : `${meta.description}.`;
  return {
    id: meta.id,
    name: ruleName(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} (category: ${meta.category}; default severity: ${meta.severity})` },
    help: {
      text: `${description} See ${doc} in the kubelint package for what the rule reports, why, and how to fix it.`,
      markdown: `${escapeMarkdown(description)}\n\nSee \`${doc}\` in the kubelint package for what the rule reports, why, and how to fix it.`,
    },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { category: meta.category, tags: [meta.category] },
  };
}

/** `service-selector-match` → `ServiceSelectorMatch`, the readable identifier SARIF suggests for a rule's name. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/u)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/gu, '\\$&');
}

function relatedLocation(related: RelatedLocation, id: number): Record<string, unknown> {
  return { id, message: { text: related.message }, physicalLocation: physicalLocation(related.file, related) };
}

function physicalLocation(file: string, span: Span): Record<string, unknown> {
  return { artifactLocation: artifactLocation(file), region: region(span) };
}

/** The file relative to `%SRCROOT%`; stdin has no file, so it is named `stdin` on its own. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file === '<stdin>') return { uri: 'stdin' };
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: posixPath(file).split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** 1-based throughout; an end before the start collapses to the start. */
function region(span: Span): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const startLine = atLeastOne(span.line);
  const startColumn = atLeastOne(span.column);
  const endLine = Math.max(startLine, atLeastOne(span.endLine));
  const endColumn = endLine === startLine ? Math.max(startColumn, atLeastOne(span.endColumn)) : atLeastOne(span.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href;
  return href.endsWith('/') ? href : `${href}/`;
}
