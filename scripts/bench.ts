/**
 * npm run bench: timings that unit tests must not assert, measured in one run on this machine.
 *
 * - node -e 0: the floor of any Node.js command;
 * - kubelint on one small file (a Deployment and a Service), end to end, as a child process;
 * - the part of that spent loading the schemas: importing the schema catalog, loading the
 *   precompiled validators and validating the first object, in a fresh process each time.
 *
 * Each figure is the median of 20 runs; the machine is shared, so read ratios, not absolutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(projectRoot, 'dist', 'src', 'cli.js');
const RUNS = 20;

const SMALL_FILE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.4.2
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
          resources: {requests: {cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
`;

/** Wall time of a whole child process, in milliseconds. */
function timeProcess(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

/** Milliseconds a fresh process spends loading the schemas and validating its first object. */
function timeSchemaLoading(): number {
  const catalog = path.join(projectRoot, 'dist', 'src', 'schemaCatalog.js');
  const script = `
    const start = performance.now();
    const { SchemaCatalog } = await import(${JSON.stringify(catalog)});
    const validate = new SchemaCatalog([]).validatorFor('apps/v1', 'Deployment');
    validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } });
    process.stdout.write(String(performance.now() - start));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`schema loading failed: ${result.stderr}`);
  return Number(result.stdout);
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function repeat(measure: () => number): number {
  measure(); // one warm-up run fills the file-system cache
  return median(Array.from({ length: RUNS }, measure));
}

const directory = mkdtempSync(path.join(os.tmpdir(), 'kubelint-bench-'));
try {
  const smallFile = path.join(directory, 'app.yaml');
  writeFileSync(smallFile, SMALL_FILE);
  const nodeFloor = repeat(() => timeProcess(['-e', '0']));
  const kubelint = repeat(() => timeProcess([cli, '--format', 'json', smallFile]));
  const schemas = repeat(timeSchemaLoading);
  const rows: [string, string][] = [
    ['node -e 0', `${nodeFloor.toFixed(1)} ms`],
    ['kubelint, one small file (2 resources)', `${kubelint.toFixed(1)} ms`],
    ['  of which over node -e 0', `${(kubelint - nodeFloor).toFixed(1)} ms`],
    ['  loading schemas + first validation', `${schemas.toFixed(1)} ms (in-process, fresh process each run)`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(`kubelint benchmark: median of ${RUNS} runs, ${os.cpus().length} cores, Node.js ${process.version}\n\n`);
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
