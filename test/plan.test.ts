import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import type { Finding } from '../src/api.js';
import { cliPath, projectRoot, temporaryTree } from './helpers.js';

function kubelint(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: projectRoot, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const TWO_LOAD_BALANCERS = 'fixtures/loadbalancer-consolidation/book-second-lb.yaml';

test('plan-ingress replaces the two LoadBalancers of the book with one ALB Ingress, and its plan lints clean', () => {
  const plan = kubelint(['plan-ingress', TWO_LOAD_BALANCERS]);
  assert.equal(plan.status, 0, plan.stderr);
  const documents = plan.stdout.split(/^---$/m);
  const ingresses = documents.filter((document) => /^kind: Ingress$/m.test(document));
  const services = documents.filter((document) => /^kind: Service$/m.test(document));
  assert.equal(ingresses.length, 1, 'one Ingress: both Services are in namespace eks-work and internet-facing');
  assert.match(ingresses[0] ?? '', /alb\.ingress\.kubernetes\.io\/group\.name: kubelint-public/);
  assert.match(ingresses[0] ?? '', /ingressClassName: alb/);
  assert.match(ingresses[0] ?? '', /name: backend-app-service\n\s+port: \{number: 8080\}/);
  assert.match(ingresses[0] ?? '', /name: frontend-app-service\n\s+port: \{number: 80\}/);
  assert.equal(services.length, 2);
  for (const service of services) {
    assert.match(service, /type: ClusterIP/);
    assert.doesNotMatch(service, /LoadBalancer\n/);
  }

  // The plan lints clean, read from stdin (as kubectl apply -f - would read it) and as a file.
  const fromStdin = kubelint(['--format', 'json', '-'], plan.stdout);
  assert.equal(fromStdin.status, 0, fromStdin.stdout + fromStdin.stderr);
  assert.deepEqual((JSON.parse(fromStdin.stdout) as { findings: Finding[] }).findings, []);
  const directory = temporaryTree({ 'plan.yaml': plan.stdout });
  const asFile = kubelint(['--format', 'json', `${directory}/plan.yaml`]);
  assert.deepEqual((JSON.parse(asFile.stdout) as { findings: Finding[] }).findings, []);
});

test('plan-ingress says when there is nothing to replace', () => {
  const directory = temporaryTree({
    'nlb.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: tcp\n  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}\nspec:\n  type: LoadBalancer\n  selector: {app: tcp}\n  ports: [{port: 443}]\n',
  });
  const plan = kubelint(['plan-ingress', `${directory}/nlb.yaml`]);
  assert.equal(plan.status, 0, plan.stderr);
  assert.equal(plan.stdout, '# kubelint plan-ingress: no HTTP LoadBalancer Service in these files: nothing to replace.\n');
});
