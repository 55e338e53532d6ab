/**
 * npm run bench: timings that unit tests must not assert, measured in one run on this machine.
 *
 * Synthetic repositories of N = 100, 2,000 and 20,000 applications (scripts/synthetic.ts), each
 * measured against two floors on the same files: reading them and js-yaml's loadAll (a whole
 * Node.js process), and the yaml package's parseAllDocuments (in this process). Then kubelint end
 * to end (every rule, --format json) as a child process, with its peak memory, its CPU time and the
 * recall of the planted defects, by default and with --jobs 2. "CPU/cores x js-yaml" is that CPU
 * time shared over every core of the machine, against the floor: no spreading of the same work
 * over threads can bring a run below it. The floor and the kubelint runs of a
 * repository alternate, seven runs each, and their medians are compared (and their fastest runs,
 * in the column "fastest"). Then one small file: kubelint beside node -e 0, and the part of it
 * spent loading the schemas (medians of 20 runs, alternating).
 *
 * The machine is shared: read the ratios, measured in one run, rather than the absolute times.
 * `npm run bench -- --quick` skips N = 20,000 and the 100,000-resource memory run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { writeSyntheticRepository } from './synthetic.js';
import type { SyntheticRepository } from './synthetic.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(projectRoot, 'dist', 'src', 'kubelint.js');
const RUNS = 20;
/** Runs per synthetic repository, of the floor and of kubelint each. */
const REPOSITORY_RUNS = 7;

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

const SMALL_CONFIG = `extends: [kubelint:strict]
rules:
  loadbalancer-consolidation: [warning, {maxHttpLoadBalancers: 2}]
  anti-affinity: off
overrides:
  - files: ["dev/**"]
    rules: {resources: off}
`;

/** Wall time of a whole child process, in milliseconds. */
function timeProcess(args: string[], options: { cwd?: string } = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', ...options });
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

/**
 * The median of each measure over RUNS rounds, the measures alternating within a round, so that a
 * neighbour's burst slows all of them alike rather than one block of runs.
 */
function alternating(measures: readonly (() => number)[]): number[] {
  for (const measure of measures) measure(); // one warm-up run each fills the file-system cache
  const samples = measures.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) measures.forEach((measure, i) => samples[i]?.push(measure()));
  return samples.map(median);
}

/** Reading every file and js-yaml's loadAll, as a whole Node.js process: the floor to beat. */
function timeJsYamlFloor(root: string): number {
  const script = `
    const fs = require('node:fs'), path = require('node:path'), yaml = require('js-yaml');
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    let documents = 0;
    for (const file of walk(${JSON.stringify(root)})) yaml.loadAll(fs.readFileSync(file, 'utf8'), () => documents++);
    if (documents === 0) process.exit(3);`;
  return timeProcess(['-e', script], { cwd: projectRoot });
}

/** The yaml package's parseAllDocuments over the same texts, in this process (reading excluded). */
function timeYamlParse(root: string): number {
  const texts = listFiles(root).map((file) => readFileSync(file, 'utf8'));
  const start = process.hrtime.bigint();
  for (const text of texts) parseAllDocuments(text);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface KubelintRun {
  milliseconds: number;
  maxRssMegabytes: number;
  /** User and system time of all its threads. */
  cpuMilliseconds: number;
  findings: { file: string; line: number; ruleId: string }[];
}

function runKubelint(root: string, extraArgs: string[] = []): KubelintRun {
  const reporter = path.join(projectRoot, 'dist', 'scripts', 'usage-reporter.js');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', reporter, cli, '--format', 'json', ...extraArgs, '.'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`kubelint failed (${String(result.status)}): ${result.stderr}`);
  const rss = /kubelint-bench-max-rss-kb=(\d+)/.exec(result.stderr)?.[1];
  const cpu = /kubelint-bench-cpu-us=(\d+)/.exec(result.stderr)?.[1];
  // A missing figure would print as 0, a bound no run could beat: better no table than a wrong one.
  if (rss === undefined || cpu === undefined) throw new Error(`kubelint's run printed no resource usage: ${result.stderr.slice(-500)}`);
  const output = JSON.parse(result.stdout) as { findings: KubelintRun['findings'] };
  return { milliseconds, maxRssMegabytes: Number(rss) / 1024, cpuMilliseconds: Number(cpu) / 1000, findings: output.findings };
}

function recall(repository: SyntheticRepository, findings: KubelintRun['findings']): string {
  const found = repository.defects.filter((defect) => findings.some((f) => f.file === defect.file && f.line === defect.line && f.ruleId === defect.ruleId));
  return `${found.length}/${repository.defects.length}`;
}

function listFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')).join('\n');
}

const quick = process.argv.includes('--quick');
const directory = mkdtempSync(path.join(os.tmpdir(), 'kubelint-bench-'));
try {
  process.stdout.write(`kubelint benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}\n`);
  // The default, as the engine reckons it: every core but one, 1 MB of input or more per thread.
  process.stdout.write(`default --jobs here: ${Math.max(1, os.availableParallelism() - 1)}\n\n`);

  const cores = os.availableParallelism();
  const sizes = quick ? [100, 2000] : [100, 2000, 20000];
  const rows: string[][] = [['repository', 'resources', 'MB', 'js-yaml floor', 'yaml parse', 'kubelint', 'resources/s', 'MB/s', 'x js-yaml', 'fastest', 'x yaml', 'CPU', 'CPU/cores x js-yaml', 'max RSS', 'ms/1k res', 'recall']];
  const perResource: Record<number, number> = {};
  // Each repository is measured with the runs that belong together: the default, and on the
  // larger ones --jobs 2 (worker threads, whatever the default on this machine is).
  const repositoryRuns: { applications: number; layout: 'multi' | 'single'; variants: { args: string[]; label: string }[] }[] = [
    ...sizes.map((n) => ({
      applications: n,
      layout: 'multi' as const,
      variants: [{ args: [], label: `N=${n}` }, ...(n >= 2000 ? [{ args: ['--jobs', '2'], label: `N=${n} --jobs 2` }] : [])],
    })),
    { applications: 2000, layout: 'single', variants: [{ args: [], label: 'N=2000 one file/resource' }] },
  ];
  const repositories = new Map<string, { root: string; repository: SyntheticRepository }>();
  for (const { applications, layout, variants } of repositoryRuns) {
    const root = path.join(directory, `${applications}-${layout}`);
    const repository = writeSyntheticRepository(root, applications, layout);
    repositories.set(`${applications}-${layout}`, { root, repository });
    // The floor and each kubelint variant alternate, seven times each, and the medians are
    // compared: on a shared machine one run of any of them can be slowed by a neighbour.
    timeJsYamlFloor(root); // warms the file-system cache for all
    const samples = Array.from({ length: REPOSITORY_RUNS }, () => ({ floor: timeJsYamlFloor(root), runs: variants.map((variant) => runKubelint(root, variant.args)) }));
    const floors = samples.map((sample) => sample.floor);
    const floor = median(floors);
    const yamlParse = timeYamlParse(root);
    const megabytes = repository.bytes / 2 ** 20;
    variants.forEach((variant, v) => {
      const runs = samples.map((sample) => sample.runs[v]!);
      const run = [...runs].sort((a, b) => a.milliseconds - b.milliseconds)[Math.floor(REPOSITORY_RUNS / 2)]!;
      // The fastest of each, compared: the runs least slowed by a neighbour.
      const fastest = Math.min(...runs.map((sample) => sample.milliseconds)) / Math.min(...floors);
      const cpu = median(runs.map((sample) => sample.cpuMilliseconds));
      if (variant.args.length === 0 && layout === 'multi') perResource[applications] = run.milliseconds / repository.resources;
      rows.push([
        variant.label,
        String(repository.resources),
        megabytes.toFixed(1),
        `${floor.toFixed(0)} ms`,
        `${yamlParse.toFixed(0)} ms`,
        `${run.milliseconds.toFixed(0)} ms`,
        (repository.resources / (run.milliseconds / 1000)).toFixed(0),
        (megabytes / (run.milliseconds / 1000)).toFixed(1),
        (run.milliseconds / floor).toFixed(2),
        fastest.toFixed(2),
        (run.milliseconds / yamlParse).toFixed(2),
        `${(cpu / 1000).toFixed(2)} s`,
        // The least wall time this much work could take here, every core busy all along, against the floor.
        (cpu / cores / floor).toFixed(2),
        `${run.maxRssMegabytes.toFixed(0)} MB`,
        ((run.milliseconds / repository.resources) * 1000).toFixed(1),
        recall(repository, run.findings),
      ]);
    });
  }
  process.stdout.write(`${table(rows)}\n\n`);
  const small = perResource[2000];
  const large = perResource[20000];
  if (small !== undefined && large !== undefined) {
    process.stdout.write(`per-resource time: ${(small * 1000).toFixed(1)} µs at N=2000, ${(large * 1000).toFixed(1)} µs at N=20000 (ratio ${(large / small).toFixed(2)})\n`);
  }
  const cached = repositories.get('2000-multi');
  if (cached) {
    const cacheLocation = path.join(directory, 'bench-cache');
    const first = runKubelint(cached.root, ['--cache', '--cache-location', cacheLocation]);
    const second = runKubelint(cached.root, ['--cache', '--cache-location', cacheLocation]);
    process.stdout.write(`--cache, N=2000 unchanged: first run ${first.milliseconds.toFixed(0)} ms, second ${second.milliseconds.toFixed(0)} ms (${(second.milliseconds / first.milliseconds).toFixed(2)} of the first)\n`);
  }
  if (!quick) {
    const root = path.join(directory, 'memory');
    const repository = writeSyntheticRepository(root, 30000, 'multi');
    rmSync(path.join(directory, '20000-multi'), { recursive: true, force: true });
    const run = runKubelint(root);
    process.stdout.write(`memory: ${repository.resources} resources (${(repository.bytes / 2 ** 20).toFixed(0)} MB) in ${(run.milliseconds / 1000).toFixed(1)} s, max RSS ${run.maxRssMegabytes.toFixed(0)} MB\n`);
  }

  const smallFile = path.join(directory, 'app.yaml');
  writeFileSync(smallFile, SMALL_FILE);
  // A project's pre-commit run usually reads a configuration too.
  const configured = path.join(directory, 'configured');
  mkdirSync(configured);
  writeFileSync(path.join(configured, 'app.yaml'), SMALL_FILE);
  writeFileSync(path.join(configured, '.kubelint.yaml'), SMALL_CONFIG);
  const [nodeFloor = 0, kubelint = 0, schemas = 0, withConfig = 0] = alternating([
    () => timeProcess(['-e', '0']),
    () => timeProcess([cli, '--format', 'json', smallFile]),
    timeSchemaLoading,
    () => timeProcess([cli, '--format', 'json', 'app.yaml'], { cwd: configured }),
  ]);
  const smallRows: string[][] = [
    [`one small file (2 resources), medians of ${RUNS}, alternating`, ''],
    ['node -e 0', `${nodeFloor.toFixed(1)} ms`],
    ['kubelint', `${kubelint.toFixed(1)} ms`],
    ['  of which over node -e 0', `${(kubelint - nodeFloor).toFixed(1)} ms`],
    ['  loading schemas + first validation', `${schemas.toFixed(1)} ms`],
    ['kubelint with a .kubelint.yaml', `${withConfig.toFixed(1)} ms`],
    ['  of which over node -e 0', `${(withConfig - nodeFloor).toFixed(1)} ms`],
  ];
  process.stdout.write(`\n${table(smallRows)}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
