import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../types.js';
import type { Formatter } from './types.js';

/** GitLab Code Quality's severities: info, minor, major, critical, blocker. */
const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

/** One entry of a GitLab Code Quality report (the subset of Code Climate's issue that GitLab reads). */
interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab Code Quality: a JSON array, one issue a finding. GitLab compares the report of a merge
 * request with that of its target branch by fingerprint, so the fingerprint leaves out lines and
 * columns: see {@link fingerprints}.
 */
export const gitlab: Formatter = (result) => {
  const prints = fingerprints(result.findings);
  const issues = result.findings.map(
    (finding, i): CodeQualityIssue => ({
      description: finding.message,
      check_name: finding.ruleId,
      fingerprint: prints[i] ?? '',
      severity: SEVERITY[finding.severity],
      location: { path: posixPath(finding.file), lines: { begin: atLeastOne(finding.line) } },
    }),
  );
  return JSON.stringify(issues);
};

/**
 * A stable fingerprint for each finding (sha256, hex), unchanged when unrelated lines move: it hashes
 * the rule, the file, who the finding is about (apiVersion, kind, namespace and name, or the
 * document's index when the resource has no name) and the message, never a line or a column.
 * Findings that would share one are told apart by their occurrence, in order, so that every
 * fingerprint of a report is unique. SARIF's partialFingerprints use the same values.
 */
export function fingerprints(findings: readonly Finding[]): string[] {
  const used = new Set<string>();
  return findings.map((finding) => {
    const identity = JSON.stringify(fingerprintKey(finding));
    let fingerprint = sha256(identity);
    for (let occurrence = 1; used.has(fingerprint); occurrence++) fingerprint = sha256(`${identity}\n${occurrence}`);
    used.add(fingerprint);
    return fingerprint;
  });
}

function fingerprintKey(finding: Finding): unknown[] {
  const resource = finding.resource;
  const who = resource
    ? [resource.apiVersion, resource.kind, resource.namespace ?? null, resource.name !== undefined && resource.name !== '' ? resource.name : { document: resource.documentIndex }]
    : null;
  return ['kubelint/v1', finding.ruleId, posixPath(finding.file), who, finding.message];
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The file as the findings carry it (relative, `/` separators), even if a `\` slipped through. */
export function posixPath(file: string): string {
  return file.replaceAll('\\', '/');
}

/** Report formats want 1-based positions: anything else (0, -1, NaN) becomes 1. */
export function atLeastOne(value: number): number {
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 1;
}
