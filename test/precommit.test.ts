import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { projectRoot } from './helpers.js';

/**
 * The hook of .pre-commit-hooks.yaml, run by the real pre-commit program, as in a user's commit:
 * pre-commit installs kubelint from this repository (npm install, which builds it, then npm pack
 * and a global install into its own environment) and passes only the staged files to it.
 *
 * The hook repository is a snapshot of this working tree (tracked files and untracked ones that
 * are not ignored), committed in a temporary repository: pre-commit installs a hook from a commit,
 * and what must be tested is the hook and the code as they are now, committed or not. In a clean
 * clone (CI) the snapshot is HEAD.
 *
 * Slow: the first run installs the environment (npm install with the dev dependencies from the
 * registry, the TypeScript build, npm pack, a global install): about a minute on a warm npm cache.
 */

const MINUTE = 60_000;

const temporaryDirectories: string[] = [];

function temporaryDirectory(prefix: string): string {
  const directory = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  temporaryDirectories.push(directory);
  return directory;
}

after(() => {
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
});

/**
 * The environment of every git and pre-commit command here: no inherited GIT_* variable (a run
 * from inside a git hook would otherwise point git at another repository), no global or system
 * git config (templates, hooks, signing), and pre-commit's cache in a temporary folder. HOME is
 * kept, so npm keeps the user's registry settings and cache.
 */
function isolatedEnvironment(preCommitHome: string, gitConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_') && !name.startsWith('PRE_COMMIT')) env[name] = value;
  }
  return { ...env, PRE_COMMIT_HOME: preCommitHome, GIT_CONFIG_GLOBAL: gitConfig, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeout = 2 * MINUTE): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout });
  if (result.error) throw result.error;
  return result;
}

function mustRun(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = run(command, args, cwd, env);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Why the test cannot run here, or false. */
function missingTool(): string | false {
  for (const [tool, args] of [
    ['git', ['--version']],
    ['pre-commit', ['--version']],
  ] as const) {
    const probe = spawnSync(tool, args, { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) return `${tool} is not installed: the pre-commit hook test is skipped (apt-get install pre-commit, or pip install pre-commit)`;
  }
  const inside = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: projectRoot, encoding: 'utf8' });
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return 'the project is not a git repository: pre-commit installs a hook from one, so the test is skipped';
  return false;
}

/** A commit of the working tree, in a new repository: the `repo` and `rev` that pre-commit installs the hook from. */
function snapshotOfProject(env: NodeJS.ProcessEnv): { repo: string; rev: string } {
  const repo = temporaryDirectory('kubelint-hook-repo-');
  const listed = mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], projectRoot, env);
  for (const name of listed.split('\0').filter(Boolean)) {
    const source = path.join(projectRoot, name);
    if (!existsSync(source)) continue; // deleted in the working tree, not yet in a commit
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    copyFileSync(source, path.join(repo, name));
  }
  assert.ok(existsSync(path.join(repo, '.pre-commit-hooks.yaml')), 'the project has a .pre-commit-hooks.yaml');
  mustRun('git', ['init', '-q'], repo, env);
  mustRun('git', ['add', '-A'], repo, env);
  mustRun('git', ['-c', 'user.name=kubelint test', '-c', 'user.email=test@kubelint.invalid', 'commit', '-q', '-m', 'snapshot of the working tree'], repo, env);
  return { repo, rev: mustRun('git', ['rev-parse', 'HEAD'], repo, env).trim() };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: shop
          image: ghcr.io/example/shop:1.4.2
          ports:
            - name: http
              containerPort: 8080
`;

function service(selector: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: ${selector}
  ports:
    - port: 80
      targetPort: http
`;
}

describe('the pre-commit hook', () => {
  test('checks the staged files, with the unchanged files beside them as context', { skip: missingTool(), timeout: 20 * MINUTE }, (t) => {
    const work = temporaryDirectory('kubelint-pre-commit-');
    const gitConfig = path.join(work, 'gitconfig');
    writeFileSync(gitConfig, '');
    const env = isolatedEnvironment(path.join(work, 'pre-commit-home'), gitConfig);
    const hook = snapshotOfProject(env);

    const repository = path.join(work, 'repository');
    mkdirSync(repository);
    const git = (...args: string[]) => mustRun('git', args, repository, env);
    git('init', '-q');
    git('config', 'user.name', 'kubelint test');
    git('config', 'user.email', 'test@kubelint.invalid');
    writeFileSync(
      path.join(repository, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${JSON.stringify(hook.repo)}\n    rev: ${hook.rev}\n    hooks:\n      - id: kubelint\n        language_version: system\n`,
    );
    mkdirSync(path.join(repository, 'k8s'));
    writeFileSync(path.join(repository, 'k8s', 'deployment.yaml'), deployment);
    git('add', '.pre-commit-config.yaml', 'k8s/deployment.yaml');
    git('commit', '-q', '-m', 'the Deployment');

    const preCommit = (): SpawnSyncReturns<string> => run('pre-commit', ['run'], repository, env, 15 * MINUTE);
    const explain = (result: SpawnSyncReturns<string>) => {
      const log = path.join(env['PRE_COMMIT_HOME'] ?? '', 'pre-commit.log');
      return `exit ${result.status}\n${result.stdout}${result.stderr}${existsSync(log) ? `\n${readFileSync(log, 'utf8')}` : ''}`;
    };

    // Only service.yaml is staged; the Deployment it selects is in the committed file beside it.
    writeFileSync(path.join(repository, 'k8s', 'service.yaml'), service('shop'));
    git('add', 'k8s/service.yaml');
    const started = Date.now();
    const clean = preCommit();
    t.diagnostic(`first pre-commit run, installing the hook: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(clean.status, 0, explain(clean));
    assert.match(clean.stdout, /kubelint\.+Passed/, explain(clean));

    // A typo in the selector: the hook fails, naming the rule.
    writeFileSync(path.join(repository, 'k8s', 'service.yaml'), service('shopp'));
    git('add', 'k8s/service.yaml');
    const again = Date.now();
    const typo = preCommit();
    t.diagnostic(`second pre-commit run: ${((Date.now() - again) / 1000).toFixed(1)} s`);
    assert.notEqual(typo.status, 0, explain(typo));
    assert.match(typo.stdout, /kubelint\.+Failed/, explain(typo));
    assert.match(typo.stdout, /service-selector-match/, explain(typo));
    assert.match(typo.stdout, /k8s\/service\.yaml/, explain(typo));
  });
});
