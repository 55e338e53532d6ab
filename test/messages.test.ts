import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { lint } from '../src/api.js';
import type { Finding } from '../src/api.js';
import { fixturesRoot, hardeningRulesOff } from './helpers.js';

/** Messages are for a person in a hurry: what is wrong, what was expected, the nearest match. */
async function findingsOf(fixture: string): Promise<Finding[]> {
  const result = await lint({ paths: [path.join(fixturesRoot, fixture)], cwd: fixturesRoot, siblingContext: false, rules: hardeningRulesOff() });
  return result.findings;
}

async function onlyMessage(fixture: string, ruleId: string): Promise<string> {
  const findings = (await findingsOf(fixture)).filter((finding) => finding.ruleId === ruleId);
  assert.equal(findings.length, 1, `one ${ruleId} finding in ${fixture}`);
  return findings[0]!.message;
}

test('a selector typo names the nearly matching workload, and points at it as related', async () => {
  const [finding] = await findingsOf('service-selector-match/book-selector-typo.yaml');
  assert.match(finding!.message, /selects app: backend, but no workload in namespace eks-work/);
  assert.match(finding!.message, /did you mean app: backend-app\? Deployment backend-app has it/);
  assert.deepEqual(
    finding!.related?.map((related) => [related.resource?.kind, related.resource?.name, related.line]),
    [['Deployment', 'backend-app', 15]],
  );
});

test('no "did you mean" for an unrelated workload', async () => {
  const message = await onlyMessage('service-selector-match/unrelated-workload.yaml', 'service-selector-match');
  assert.doesNotMatch(message, /did you mean/);
});

test('pods in another namespace are named, with why they do not count', async () => {
  const message = await onlyMessage('service-selector-match/other-namespace.yaml', 'service-selector-match');
  assert.match(message, /Deployment api in namespace team-a would match, but a Service selects pods only in its own namespace/);
});

test('a wrong target port number suggests the declared one', async () => {
  const message = await onlyMessage('service-target-port/book-targetport-8081.yaml', 'service-target-port');
  assert.match(message, /targetPort 8081 is not a TCP containerPort of Deployment backend-app \(declared: 8080\); did you mean 8080\?/);
});

test('a port name typo suggests the declared name and says what breaks', async () => {
  const message = await onlyMessage('service-target-port/named-port-typo.yaml', 'service-target-port');
  assert.match(message, /"htpp" names no TCP container port .*no endpoints for this port; did you mean http\?/);
});

test('when only some selected workloads lack a named port, the message does not claim no endpoints', async () => {
  const message = await onlyMessage('service-target-port/two-workloads.yaml', 'service-target-port');
  assert.match(message, /Deployment web-canary/);
  assert.doesNotMatch(message, /Deployment web[ ,)]/);
  assert.match(message, /their pods are not endpoints/);
});

test('load-balancer findings name the others and what replaces them', async () => {
  const findings = await findingsOf('loadbalancer-consolidation/book-second-lb.yaml');
  assert.equal(findings.length, 2);
  assert.match(findings[0]!.message, /with Service frontend-app-service/);
  assert.match(findings[1]!.message, /with Service backend-app-service/);
  for (const finding of findings) {
    assert.match(finding.message, /ingressClassName: alb/);
    assert.match(finding.message, /alb\.ingress\.kubernetes\.io\/group\.name/);
    assert.match(finding.message, /ClusterIP \(target-type ip\) or NodePort \(target-type instance\)/);
  }
});

test('a malformed selector expression is called malformed, not a mismatch', async () => {
  const findings = (await findingsOf('workload-selector-match/match-expressions.yaml')).filter((f) => f.ruleId === 'workload-selector-match' && f.message.includes('Matches'));
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /malformed selector/);
});
