import type { Finding, ResourceRef } from '../types.js';
import { atLeastOne } from './gitlab.js';
import type { Formatter } from './types.js';

/**
 * JUnit XML, as CI systems read test reports: a testsuite per file with findings, a testcase per
 * resource with findings, a failure per finding. Files linted without a finding are summed up in
 * one passing testsuite named `kubelint`, so that a clean run is a report with a passing test
 * rather than an empty one.
 */
export const junit: Formatter = (result) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  const byFile = groupBy(result.findings, (finding) => finding.file);
  for (const [file, findings] of byFile) {
    const cases = groupByResource(findings);
    tests += cases.size;
    failures += cases.size;
    const body = [...cases].map(([name, caseFindings]) => {
      const failuresXml = caseFindings
        .map((f) => `      <failure type="${attr(f.ruleId)}" message="${attr(f.message)}">${text(`${atLeastOne(f.line)}:${atLeastOne(f.column)} ${f.ruleId} ${f.message}`)}</failure>\n`)
        .join('');
      return `    <testcase classname="${attr(file)}" name="${attr(name)}">\n${failuresXml}    </testcase>\n`;
    });
    suites.push(`  <testsuite name="${attr(file)}" tests="${cases.size}" failures="${cases.size}" errors="0">\n${body.join('')}  </testsuite>\n`);
  }
  const clean = Math.max(0, result.files - byFile.size);
  if (clean > 0 || suites.length === 0) {
    tests += 1;
    const name = `${clean} file${clean === 1 ? '' : 's'} without findings`;
    suites.push(`  <testsuite name="kubelint" tests="1" failures="0" errors="0">\n    <testcase classname="kubelint" name="${attr(name)}"/>\n  </testsuite>\n`);
  }
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="kubelint" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('')}</testsuites>\n`;
};

/** Findings of one file by resource, in the order met; findings without a resource go to `file`. */
function groupByResource(findings: readonly Finding[]): Map<string, Finding[]> {
  return groupBy(findings, (finding) => (finding.resource ? testcaseName(finding.resource) : 'file'));
}

function groupBy(findings: readonly Finding[], keyOf: (finding: Finding) => string): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = keyOf(finding);
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return groups;
}

/** `Service web (document 2)`: the document counted from 1, as a person counts them. */
function testcaseName(resource: ResourceRef): string {
  const who = resource.name ? `${resource.kind} ${resource.name}` : resource.kind;
  return `${who} (document ${resource.documentIndex + 1})`;
}

/** Characters XML 1.0 does not allow at all (not even as references): they are dropped. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content (a carriage return as a reference, which a parser would otherwise turn into a newline). */
function text(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\r', '&#13;');
}

/** An attribute value: as text, with tabs and newlines as references (a parser turns raw ones into spaces). */
function attr(value: string): string {
  return text(value).replaceAll('\t', '&#9;').replaceAll('\n', '&#10;');
}
