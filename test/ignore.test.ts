import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { collectInputFiles, manifestsBeside } from '../src/files.js';
import { cliPath, projectRoot, temporaryTree, withCorrectnessOnlyConfig } from './helpers.js';

/** Which files a run lints and reads as context, with .gitignore, .kubelintignore and ignorePatterns. */


const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n';

/** The files as paths relative to `root`, with `/`. */
function relative(root: string, files: readonly string[]): string[] {
  return files.map((file) => path.relative(root, file).split(path.sep).join('/')).sort();
}

/** What a walk of `root` (named as `.`, from inside it) lints. */
function walk(root: string, ignorePatterns?: readonly string[]): string[] {
  const { named, context } = collectInputFiles(['.'], root, { siblingContext: true, ...(ignorePatterns ? { ignorePatterns } : {}) });
  assert.deepEqual(context, [], 'a walk has no sibling context');
  return relative(root, named);
}

describe('directory walks honour .gitignore', () => {
  test('a folder and a file pattern are left out; the rest is linted', () => {
    const root = temporaryTree({
      '.gitignore': '# build output\nbuild/\n*.secret.yaml\n',
      'app/deployment.yaml': CM,
      'app/db.secret.yaml': CM,
      'build/rendered.yaml': CM,
      'build/nested/more.yaml': CM,
      'app/build/also-ignored.yaml': CM,
      'service.yml': CM,
    });
    assert.deepEqual(walk(root), ['app/deployment.yaml', 'service.yml']);
  });

  test('an anchored pattern applies relative to the folder of its .gitignore', () => {
    const root = temporaryTree({
      'env/.gitignore': '/local.yaml\n',
      'env/local.yaml': CM,
      'env/prod/local.yaml': CM,
      'local.yaml': CM,
    });
    assert.deepEqual(walk(root), ['env/prod/local.yaml', 'local.yaml']);
  });

  test('a nested .kubelintignore adds to its parents, for the paths below its folder only', () => {
    const root = temporaryTree({
      '.gitignore': '*.tmp.yaml\n',
      'apps/.kubelintignore': 'draft.yaml\nexperiments/\n',
      'apps/draft.yaml': CM,
      'apps/shop/draft.yaml': CM,
      'apps/experiments/x.yaml': CM,
      'apps/shop/app.yaml': CM,
      'apps/shop/scratch.tmp.yaml': CM,
      'draft.yaml': CM,
    });
    assert.deepEqual(walk(root), ['apps/shop/app.yaml', 'draft.yaml']);
  });

  test('a negation re-includes a file, in the same ignore file or in a deeper one', () => {
    const root = temporaryTree({
      '.gitignore': 'generated/*\n!generated/keep.yaml\n*.local.yaml\n',
      'generated/keep.yaml': CM,
      'generated/drop.yaml': CM,
      'team/.gitignore': '!keep.local.yaml\n',
      'team/keep.local.yaml': CM,
      'team/drop.local.yaml': CM,
      'other/keep.local.yaml': CM,
    });
    assert.deepEqual(walk(root), ['generated/keep.yaml', 'team/keep.local.yaml']);
  });

  test('.kubelintignore is read after .gitignore in the same folder: it can re-include what git ignores', () => {
    const root = temporaryTree({
      '.gitignore': 'rendered/\n*.yaml\n',
      '.kubelintignore': '!rendered/\n!*.yaml\nnotes.yaml\n',
      'rendered/app.yaml': CM,
      'app.yaml': CM,
      'notes.yaml': CM,
    });
    assert.deepEqual(walk(root), ['app.yaml', 'rendered/app.yaml']);
  });

  test('nothing comes back from below an ignored folder, as in git', () => {
    const root = temporaryTree({
      '.gitignore': 'vendor/\n!vendor/keep.yaml\n',
      'vendor/keep.yaml': CM,
      'app.yaml': CM,
    });
    assert.deepEqual(walk(root), ['app.yaml']);
  });

  test('a folder one ignore file leaves out and a deeper one re-includes is walked', () => {
    const root = temporaryTree({
      '.gitignore': 'generated/\n',
      'apps/.kubelintignore': '!generated/\n',
      'apps/generated/app.yaml': CM,
      'generated/app.yaml': CM,
    });
    assert.deepEqual(walk(root), ['apps/generated/app.yaml']);
  });

  test('ignore files above the walked folder do not apply', () => {
    const root = temporaryTree({ '.gitignore': '*.yaml\n', 'k8s/app.yaml': CM });
    const { named } = collectInputFiles(['k8s'], root, { siblingContext: true });
    assert.deepEqual(relative(root, named), ['k8s/app.yaml']);
    assert.deepEqual(walk(root), [], 'walked from the root, the same .gitignore leaves it out');
  });

  test('node_modules and .git are skipped, whatever the ignore files say', () => {
    const root = temporaryTree({
      '.gitignore': '!node_modules/\n',
      'node_modules/chart/values.yaml': CM,
      'node_modules/.bin/x.yaml': CM,
      '.git/config.yaml': CM,
      'deep/node_modules/y.yaml': CM,
      'app.yaml': CM,
    });
    assert.deepEqual(walk(root), ['app.yaml']);
  });

  test('a symlink loop is walked once and the walk ends', () => {
    const root = temporaryTree({ 'k8s/app.yaml': CM, 'k8s/.gitignore': 'skip.yaml\n', 'k8s/skip.yaml': CM });
    symlinkSync(path.join(root, 'k8s'), path.join(root, 'k8s', 'loop'));
    symlinkSync(root, path.join(root, 'k8s', 'up'));
    // In a child process with a time limit: an endless synchronous walk would hang this one.
    const script = `import { collectInputFiles } from ${JSON.stringify(pathToFileURL(path.join(projectRoot, 'dist', 'src', 'files.js')).href)};
process.stdout.write(JSON.stringify(collectInputFiles(['.'], process.cwd(), { siblingContext: true }).named));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.signal, null, 'the walk did not end within 20 s');
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(relative(root, JSON.parse(result.stdout) as string[]), ['k8s/app.yaml']);
  });

  test('an ignore file that cannot be read (here a folder) is no rule and no crash', () => {
    const root = temporaryTree({ '.gitignore/placeholder.txt': 'x', 'app.yaml': CM });
    assert.deepEqual(walk(root), ['app.yaml']);
  });

  test('the walk agrees with git on which files are ignored', { skip: gitMissing() }, () => {
    const files: Record<string, string> = {
      '.gitignore': ['# comment', '*.out.yaml', '/top-only.yaml', 'build/', 'logs/**/*.yaml', '!logs/**/keep.yaml', 'docs/*.yml', '\\#hash.yaml', 'trailing.yaml   ', 'upper.yaml'].join('\n'),
      'a/.gitignore': '!x.out.yaml\nsub/*.json\n/anchored.yaml\n',
      'a/b/.gitignore': '*\n!*.yaml\n!*/\nno.yaml\n',
      'a/x.out.yaml': CM,
      'a/y.out.yaml': CM,
      'a/anchored.yaml': CM,
      'a/c/anchored.yaml': CM,
      'a/sub/data.json': '{}',
      'a/sub/data.yaml': CM,
      'a/b/yes.yaml': CM,
      'a/b/no.yaml': CM,
      'a/b/deeper/yes.yaml': CM,
      'a/b/deeper/no.yaml': CM,
      'a/b/deeper/skip.json': '{}',
      'top-only.yaml': CM,
      'z/top-only.yaml': CM,
      'build/x.yaml': CM,
      'z/build/x.yaml': CM,
      'logs/one/two/drop.yaml': CM,
      'logs/one/two/keep.yaml': CM,
      'docs/a.yml': CM,
      'docs/deep/a.yml': CM,
      '#hash.yaml': CM,
      'trailing.yaml': CM,
      'Upper.YAML': CM,
      'Upper.yaml': CM,
      'x/upper.yaml': CM,
      'plain.yaml': CM,
    };
    const root = temporaryTree(files);
    const env = { ...process.env, HOME: root, XDG_CONFIG_HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(root, 'no-gitconfig') };
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
    assert.equal(git('init', '-q').status, 0);
    const listed = git('ls-files', '--others', '--exclude-standard', '-z');
    assert.equal(listed.status, 0, listed.stderr);
    const byGit = listed.stdout
      .split('\0')
      .filter((name) => /\.(ya?ml|json)$/i.test(name))
      .sort();
    assert.ok(byGit.includes('a/b/yes.yaml') && !byGit.includes('a/b/no.yaml'), `git's own view: ${byGit.join(', ')}`);
    assert.deepEqual(walk(root), byGit);
  });
});

describe('files named on the command line', () => {
  test('an ignored file that is named is linted', () => {
    const root = temporaryTree({ '.gitignore': 'build/\n*.secret.yaml\n', 'build/out.yaml': CM, 'db.secret.yaml': CM });
    const { named } = collectInputFiles(['build/out.yaml', 'db.secret.yaml'], root, { siblingContext: true, ignorePatterns: ['build/', '*.secret.yaml'] });
    assert.deepEqual(relative(root, named), ['build/out.yaml', 'db.secret.yaml']);
  });

  test('an ignored sibling is not context; the others are', () => {
    const root = temporaryTree({
      '.gitignore': '*.local.yaml\n',
      'app/.kubelintignore': 'old-deployment.yaml\n',
      'app/service.yaml': CM,
      'app/deployment.yaml': CM,
      'app/old-deployment.yaml': CM,
      'app/mine.local.yaml': CM,
    });
    const { named, context } = collectInputFiles(['app/service.yaml'], root, { siblingContext: true });
    assert.deepEqual(relative(root, named), ['app/service.yaml']);
    assert.deepEqual(relative(root, context), ['app/deployment.yaml'], 'the .gitignore of the working directory and the folder .kubelintignore both apply');
  });

  test('a named file in an ignored folder: the ignore file that leaves the folder out does not judge its siblings', () => {
    const root = temporaryTree({ '.gitignore': 'rendered/\n*.bak.yaml\n', 'rendered/service.yaml': CM, 'rendered/deployment.yaml': CM, 'rendered/.kubelintignore': 'old.yaml\n', 'rendered/old.yaml': CM });
    const { context } = collectInputFiles(['rendered/service.yaml'], root, { siblingContext: true });
    assert.deepEqual(relative(root, context), ['rendered/deployment.yaml']);
  });

  test('ignore files above the working directory do not judge siblings', () => {
    const root = temporaryTree({ '.gitignore': 'deployment.yaml\n', 'repo/app/service.yaml': CM, 'repo/app/deployment.yaml': CM });
    const { context } = collectInputFiles(['app/service.yaml'], path.join(root, 'repo'), { siblingContext: true });
    assert.deepEqual(relative(root, context), ['repo/app/deployment.yaml']);
  });

  test('two named files of one folder: each is named, not context, and ignored siblings stay out', () => {
    const root = temporaryTree({ 'app/.gitignore': 'b.yaml\nc.yaml\n', 'app/a.yaml': CM, 'app/b.yaml': CM, 'app/c.yaml': CM, 'app/d.yaml': CM });
    const { named, context } = collectInputFiles(['app/a.yaml', 'app/b.yaml'], root, { siblingContext: true });
    assert.deepEqual(relative(root, named), ['app/a.yaml', 'app/b.yaml']);
    assert.deepEqual(relative(root, context), ['app/d.yaml']);
  });

  test('manifestsBeside (the stdin buffer\'s neighbours) leaves ignored files out too', () => {
    const root = temporaryTree({ 'app/.gitignore': 'stale.yaml\n', 'app/deployment.yaml': CM, 'app/stale.yaml': CM, 'app/service.yaml': CM });
    assert.deepEqual(relative(root, manifestsBeside(path.join(root, 'app', 'service.yaml'), { cwd: root })), ['app/deployment.yaml']);
    assert.deepEqual(relative(root, manifestsBeside(path.join(root, 'app', 'service.yaml'), { cwd: root, ignorePatterns: ['app/deployment.yaml'] })), []);
  });
});

describe('ignorePatterns', () => {
  const files = {
    'k8s/app/deployment.yaml': CM,
    'k8s/app/service.yaml': CM,
    'k8s/app/kustomize-patch.yaml': CM,
    'k8s/generated/all.yaml': CM,
    'charts/web/templates/deployment.yaml': CM,
    'charts/web/values.yaml': CM,
  };

  test('leave out walked files and folders, relative to the working directory', () => {
    const root = temporaryTree(files);
    assert.deepEqual(walk(root, ['k8s/generated/', '**/templates/', '*-patch.yaml']), ['charts/web/values.yaml', 'k8s/app/deployment.yaml', 'k8s/app/service.yaml']);
    // The same patterns, the walk started lower: still judged from the working directory.
    const { named } = collectInputFiles(['k8s'], root, { siblingContext: true, ignorePatterns: ['k8s/generated/', '*-patch.yaml'] });
    assert.deepEqual(relative(root, named), ['k8s/app/deployment.yaml', 'k8s/app/service.yaml']);
    // Without them, everything is linted.
    assert.equal(walk(root).length, 6);
  });

  test('a negation among them re-includes what they leave out', () => {
    const root = temporaryTree(files);
    assert.deepEqual(walk(root, ['k8s/app/*', '!k8s/app/service.yaml', 'charts/']), ['k8s/app/service.yaml', 'k8s/generated/all.yaml']);
  });

  test('add to the ignore files: a .gitignore negation does not undo them', () => {
    const root = temporaryTree({ ...files, '.gitignore': '!*.yaml\n' });
    assert.deepEqual(walk(root, ['charts/', 'k8s/generated/', '*-patch.yaml']), ['k8s/app/deployment.yaml', 'k8s/app/service.yaml']);
  });

  test('leave out sibling context, never the named file', () => {
    const root = temporaryTree(files);
    const { named, context } = collectInputFiles(['k8s/app/service.yaml', 'k8s/app/kustomize-patch.yaml'], root, { siblingContext: true, ignorePatterns: ['*-patch.yaml', 'deployment.yaml'] });
    assert.deepEqual(relative(root, named), ['k8s/app/kustomize-patch.yaml', 'k8s/app/service.yaml']);
    assert.deepEqual(context, []);
    const without = collectInputFiles(['k8s/app/service.yaml'], root, { siblingContext: true });
    assert.deepEqual(relative(root, without.context), ['k8s/app/deployment.yaml', 'k8s/app/kustomize-patch.yaml']);
  });
});

describe('end to end: an ignored Deployment does not satisfy a Service', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: shop}
spec:
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec:
      containers:
        - name: shop
          image: ghcr.io/example/shop:1.0.0
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          ports:
            - {name: http, containerPort: 8080}
`;
  const service = `apiVersion: v1
kind: Service
metadata: {name: shop}
spec:
  selector: {app: shop}
  ports:
    - {port: 80, targetPort: http}
`;

  function lint(root: string, args: string[]): { status: number | null; ruleIds: string[] } {
    const result = spawnSync(process.execPath, [cliPath, ...withCorrectnessOnlyConfig(['--format', 'json', ...args], root)], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 });
    if (result.error) throw result.error;
    const output = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
    return { status: result.status, ruleIds: output.findings.map((finding) => finding.ruleId) };
  }

  test('the sibling Deployment counts until a .gitignore leaves it out', () => {
    // Another workload stays in view: with none at all, service-selector-match judges nothing.
    const cart = deployment.replaceAll('shop', 'cart');
    const root = temporaryTree({ 'app/service.yaml': service, 'app/deployment.yaml': deployment, 'app/cart.yaml': cart });
    assert.deepEqual(lint(root, ['app/service.yaml']), { status: 0, ruleIds: [] });
    writeFileSync(path.join(root, '.gitignore'), 'app/deployment.yaml\n');
    assert.deepEqual(lint(root, ['app/service.yaml']), { status: 1, ruleIds: ['service-selector-match'] });
    // Named, the ignored file is linted, and its Deployment is seen again.
    assert.deepEqual(lint(root, ['app/service.yaml', 'app/deployment.yaml']), { status: 0, ruleIds: [] });
  });
});

function gitMissing(): string | false {
  const probe = spawnSync('git', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? 'git is not installed: the comparison with git is skipped' : false;
}
