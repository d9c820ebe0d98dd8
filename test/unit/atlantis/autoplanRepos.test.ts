// Autoplan prediction on realistic repositories in real git repositories (temp dirs): a monorepo with shared
// modules and env folders, several workspaces of one dir, a terragrunt layout, base-branch filters, no
// atlantis.yaml at all, and module tracing. Changed files come from git (base vs working tree) like the CLI.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, git, writeFiles } from '../../support/git/tempRepo';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { changedFilesBetween } from '../../../src/core/plan/changedFiles';
import { loadAtlantisRepo } from '../../../src/core/atlantis/atlantisRepo';
import { AutoplanOptions, predictAutoplan } from '../../../src/core/atlantis/autoplan';

const fixtures = path.join(__dirname, '../../fixtures/terraform/monorepo');

async function copyDir(from: string, to: string): Promise<void> {
  await fsp.cp(from, to, { recursive: true });
}

/** A git repository holding `files` (and optionally the monorepo fixture) in one commit. */
async function repoWith(files: Record<string, string>, withMonorepo = true): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-atlantis-'));
  git(dir, 'init', '-q', '-b', 'main');
  configure(dir);
  if (withMonorepo) await copyDir(fixtures, dir);
  await writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

/** Runs `fn` in a fresh repository (see repoWith) and removes it afterwards. */
async function inRepo(files: Record<string, string>, ...rest: [boolean, (dir: string) => Promise<void>] | [(dir: string) => Promise<void>]): Promise<void> {
  const fn = rest.length === 2 ? rest[1] : rest[0];
  const dir = await repoWith(files, rest.length === 2 ? rest[0] : true);
  try {
    await fn(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** What the CLI does without --modified: HEAD against the working tree, untracked files included. */
async function predictFromGit(dir: string, options: AutoplanOptions = {}) {
  const changed = await changedFilesBetween(dir, 'HEAD', undefined);
  assert.ok(changed.ok);
  const repo = await loadAtlantisRepo(dir, nodeFileSystem, { baseBranch: options.baseBranch });
  return { repo, modified: changed.files, prediction: predictAutoplan(repo, changed.files, options) };
}

const planned = (p: ReturnType<typeof predictAutoplan>) => p.planned.map((x) => `${x.name ?? '-'}:${x.dir}:${x.workspace}`);

const MONOREPO_CONFIG = `version: 3
projects:
  - &env
    name: dev
    dir: envs/dev
    autoplan:
      when_modified: ["*.tf", "*.tfvars", "../../modules/**/*.tf"]
  - <<: *env
    name: prod
    dir: envs/prod
    execution_order_group: 1
    depends_on: [dev]
    autoplan:
      when_modified: ["*.tf", "env/*.tfvars", "../../modules/network/*.tf"]
  - name: dns
    dir: platform/dns
    autoplan:
      enabled: false
`;

test('monorepo: a shared module change plans every env using it (in execution order), an env-only change plans that env', async () => {
  await inRepo({ 'atlantis.yaml': MONOREPO_CONFIG }, async (dir) => {
    await fsp.appendFile(path.join(dir, 'modules/network/main.tf'), '\n# subnet sizing\n');
    let r = await predictFromGit(dir);
    assert.deepEqual(r.modified, ['modules/network/main.tf']);
    // dev watches *.tfvars although it has none yet: a warning, not an error.
    assert.deepEqual(r.repo.diagnostics.map((d) => `${d.code}@${d.range.startPos.line + 1}:${d.severity}`), ['RC2109@7:warning']);
    assert.deepEqual(planned(r.prediction), ['dev:envs/dev:default', 'prod:envs/prod:default']);
    assert.deepEqual(r.prediction.planned[1].matched, [{ file: 'modules/network/main.tf', pattern: '../../modules/network/*.tf', reason: 'when_modified' }]);

    git(dir, 'checkout', '-q', '--', '.');
    await fsp.appendFile(path.join(dir, 'modules/service/iam/main.tf'), '\n');
    r = await predictFromGit(dir);
    assert.deepEqual(planned(r.prediction), ['dev:envs/dev:default'], 'prod watches modules/network only');

    git(dir, 'checkout', '-q', '--', '.');
    await fsp.writeFile(path.join(dir, 'envs/prod/env/production.tfvars'), 'replicas = 6\n');
    await fsp.writeFile(path.join(dir, 'platform/dns/records.tf.json'), '{}\n');
    r = await predictFromGit(dir);
    assert.deepEqual(planned(r.prediction), ['prod:envs/prod:default']);
    // dns is touched (default when_modified) but has autoplan disabled.
    assert.deepEqual(r.prediction.skipped.map((s) => s.name), ['dns']);
    assert.equal(r.prediction.autodiscover.enabled, false, 'a project list turns auto-discovery off (mode auto)');
  });
});

test('several workspaces of one dir: each named project plans on its own var file; a shared .tf plans both', async () => {
  await inRepo(
    {
      'atlantis.yaml': `version: 3
projects:
  - name: app-staging
    dir: app
    workspace: staging
    autoplan:
      when_modified: ["*.tf", "vars/staging.tfvars"]
  - name: app-production
    dir: app
    workspace: production
    execution_order_group: 2
    autoplan:
      when_modified: ["*.tf", "vars/production.tfvars"]
`,
      'app/main.tf': 'resource "null_resource" "app" {}\n',
      'app/vars/staging.tfvars': 'size = 1\n',
      'app/vars/production.tfvars': 'size = 3\n',
    },
    false,
    async (dir) => {
      await fsp.writeFile(path.join(dir, 'app/vars/production.tfvars'), 'size = 4\n');
      let r = await predictFromGit(dir);
      assert.deepEqual(planned(r.prediction), ['app-production:app:production']);
      await fsp.appendFile(path.join(dir, 'app/main.tf'), '\n');
      r = await predictFromGit(dir);
      assert.deepEqual(planned(r.prediction), ['app-staging:app:staging', 'app-production:app:production']);
    },
  );
});

test('no atlantis.yaml: projects are discovered (env/ goes one level up, modules/ needs a main.tf above it, cloud workspace names are used, deleted dirs are dropped)', async () => {
  await inRepo({ 'stacks/billing/main.tf': 'terraform {\n  cloud {\n    workspaces {\n      name = "billing-prod"\n    }\n  }\n}\n', 'stacks/billing/env/prod.tfvars': 'x = 1\n', 'stacks/billing/modules/db/main.tf': '\n', 'gone/main.tf': '\n' }, async (dir) => {
    await fsp.appendFile(path.join(dir, 'stacks/billing/env/prod.tfvars'), 'y = 2\n');
    await fsp.appendFile(path.join(dir, 'stacks/billing/modules/db/main.tf'), '#\n');
    await fsp.appendFile(path.join(dir, 'modules/network/main.tf'), '#\n'); // top-level modules/: no main.tf above it
    await fsp.appendFile(path.join(dir, 'envs/dev/main.tf'), '#\n');
    await fsp.rm(path.join(dir, 'gone'), { recursive: true });
    await fsp.writeFile(path.join(dir, 'README.md'), 'not in the autoplan file list\n');
    const r = await predictFromGit(dir);
    assert.equal(r.repo.configFile, null);
    assert.deepEqual(r.prediction.autodiscover, { mode: 'auto', enabled: true });
    assert.deepEqual(planned(r.prediction).sort(), ['-:envs/dev:default', '-:stacks/billing:billing-prod']);
    assert.ok(r.modified.includes('gone/main.tf'));
  });
});

test('module tracing (--autoplan-modules): a change deep in a module plans the discovered projects that call it', async () => {
  await inRepo({}, async (dir) => {
    await fsp.appendFile(path.join(dir, 'modules/service/iam/main.tf'), '#\n');
    const without = await predictFromGit(dir);
    assert.deepEqual(planned(without.prediction), [], 'modules/service/iam has no main.tf above a modules/ folder');
    const withModules = await predictFromGit(dir, { autoplanModules: true });
    assert.deepEqual(planned(withModules.prediction), ['-:envs/dev:default']);
    assert.deepEqual(withModules.prediction.planned[0].matched, [{ file: 'modules/service/iam/main.tf', pattern: 'module modules/service/iam', reason: 'module' }]);
  });
});

test('base branch: projects whose branch regex does not match are dropped, and with none left auto-discovery takes over', async () => {
  await inRepo({ 'atlantis.yaml': 'version: 3\nprojects:\n  - dir: envs/prod\n    branch: /^main$/\n' }, async (dir) => {
    await fsp.appendFile(path.join(dir, 'envs/prod/main.tf'), '#\n');
    const onMain = await predictFromGit(dir, { baseBranch: 'main' });
    assert.deepEqual(planned(onMain.prediction), ['-:envs/prod:default']);
    assert.equal(onMain.prediction.planned[0].source, 'config');
    const onRelease = await predictFromGit(dir, { baseBranch: 'release-2' });
    assert.equal(onRelease.prediction.projects.length, 0);
    assert.deepEqual(onRelease.prediction.planned.map((p) => [p.dir, p.source, p.workspace]), [['envs/prod', 'autodiscover', 'prod-core']]);
  });
});

test('terragrunt layout: discovered by terragrunt.hcl; a glob dir over terragrunt-only folders adds no project (Atlantis expands to dirs with .tf files)', async () => {
  await inRepo({ 'atlantis.yaml': 'version: 3\nautodiscover:\n  mode: enabled\n  ignore_paths: ["envs/**"]\nprojects:\n  - dir: "live/terragrunt/*/*"\n' }, async (dir) => {
    await fsp.appendFile(path.join(dir, 'live/terragrunt/dev/app/terragrunt.hcl'), '\n');
    await fsp.appendFile(path.join(dir, 'envs/dev/main.tf'), '#\n');
    const r = await predictFromGit(dir);
    assert.deepEqual(r.repo.diagnostics.map((d) => d.code), ['RC2105']);
    assert.equal(r.prediction.projects.length, 0);
    assert.deepEqual(planned(r.prediction), ['-:live/terragrunt/dev/app:default'], 'envs/dev is in ignore_paths');
  });
});

test('glob dirs expand to one unnamed project per directory with .tf files', async () => {
  await inRepo({ 'atlantis.yaml': 'version: 3\nprojects:\n  - dir: "envs/*"\n    workspace: main\n' }, async (dir) => {
    await fsp.appendFile(path.join(dir, 'envs/prod/main.tf'), '#\n');
    const r = await predictFromGit(dir);
    assert.deepEqual(r.prediction.projects.map((p) => [p.dir, p.fromGlob, p.workspace]), [['envs/dev', 'envs/*', 'main'], ['envs/prod', 'envs/*', 'main']]);
    assert.deepEqual(planned(r.prediction), ['-:envs/prod:main']);
  });
});

test('an invalid atlantis.yaml (or an atlantis.yml beside it) means no plan at all, as Atlantis refuses the run', async () => {
  await inRepo({ 'atlantis.yaml': 'version: 3\nprojects:\n  - dir: envs/dev\n    when_modified: ["*.tf"]\n' }, async (dir) => {
    await fsp.appendFile(path.join(dir, 'envs/dev/main.tf'), '#\n');
    let r = await predictFromGit(dir);
    assert.equal(r.repo.rejected, true);
    assert.deepEqual(r.prediction.planned, []);
    assert.match(r.prediction.refused ?? '', /refuse atlantis.yaml/);
    await fsp.writeFile(path.join(dir, 'atlantis.yaml'), 'version: 3\n');
    await fsp.writeFile(path.join(dir, 'atlantis.yml'), 'version: 3\n');
    r = await predictFromGit(dir);
    assert.equal(r.repo.rejected, true);
    assert.match(r.repo.diagnostics[0].message, /atlantis\.yml/);
  });
});
