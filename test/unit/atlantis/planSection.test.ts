// The plan's "Atlantis will plan" section on real git repositories: a repository holding Kubernetes apps
// and Terraform (the monorepo fixture with an atlantis.yaml), planned between two commits (the PR body's
// path) and against the working tree (the editor's), shown in text, Markdown, JSON and the Change Impact
// view's model; and left out where Atlantis could plan nothing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, git, writeFiles } from '../../support/git/tempRepo';
import { plan } from '../../../src/core/plan/plan';
import { PlanCache } from '../../../src/core/plan/planCache';
import { Plan } from '../../../src/core/plan/types';
import { renderPlanText } from '../../../src/core/plan/format/text';
import { renderPlanMarkdown } from '../../../src/core/plan/format/markdown';
import { renderPlanJson } from '../../../src/core/plan/format/json';
import { buildImpactModel } from '../../../src/vscode/plan/impactModel';

const monorepo = path.join(__dirname, '../../fixtures/terraform/monorepo');

/** The monorepo fixture's Atlantis config: dev and prod watch the shared modules, dns has autoplan off. */
const ATLANTIS_YAML = readFileSync(path.join(__dirname, '../../fixtures/terraform/atlantis-monorepo.yaml'), 'utf8');

const APP = {
  'k8s/app/kustomization.yaml': 'resources:\n  - configmap.yaml\n',
  'k8s/app/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\ndata:\n  colour: blue\n',
};

async function repoWith(files: Record<string, string>, withTerraform: boolean): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-plan-atlantis-'));
  git(dir, 'init', '-q', '-b', 'main');
  configure(dir);
  if (withTerraform) await fsp.cp(monorepo, dir, { recursive: true });
  await writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

async function inRepo(files: Record<string, string>, withTerraform: boolean, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await repoWith(files, withTerraform);
  try {
    await fn(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function planOf(...args: Parameters<typeof plan>): Promise<Plan> {
  const r = await plan(...args);
  if (!r.ok) assert.fail(r.message);
  return r.plan;
}

/** A feature branch that edits the network module and the app's ConfigMap, committed. */
async function featureCommit(dir: string): Promise<void> {
  git(dir, 'checkout', '-q', '-b', 'feature');
  await fsp.appendFile(path.join(dir, 'modules/network/main.tf'), '\n# wider subnets\n');
  await fsp.writeFile(path.join(dir, 'k8s/app/configmap.yaml'), APP['k8s/app/configmap.yaml'].replace('blue', 'green'));
  git(dir, 'commit', '-q', '-am', 'network and colour');
}

test('plan between commits (the PR body): the Atlantis section lists the projects, their files and patterns, in execution order', async () => {
  await inRepo({ 'atlantis.yaml': ATLANTIS_YAML, ...APP }, true, async (dir) => {
    await featureCommit(dir);
    const p = await planOf({ repoRoot: dir, base: 'main', head: { kind: 'commit', ref: 'feature' } });
    assert.equal(p.apps.length, 1, 'the Kubernetes side is planned as before');
    const a = p.atlantis;
    assert.ok(a, 'the repository has an atlantis.yaml');
    assert.equal(a.config, 'atlantis.yaml');
    assert.deepEqual(
      a.planned.map((x) => [x.name, x.dir, x.workspace, x.matched.map((m) => `${m.file}<-${m.pattern}`)]),
      [
        ['dev', 'envs/dev', 'default', ['modules/network/main.tf<-../../modules/**/*.tf']],
        ['prod', 'envs/prod', 'default', ['modules/network/main.tf<-../../modules/network/*.tf']],
      ],
    );
    assert.deepEqual(a.diagnostics, []);

    const text = renderPlanText(p);
    assert.match(text, /^Atlantis will plan 2 projects \(atlantis\.yaml\):$/m);
    assert.match(text, /^ {2}dev \(dir envs\/dev, workspace default\)\n {6}modules\/network\/main\.tf ← \.\.\/\.\.\/modules\/\*\*\/\*\.tf$/m);
    assert.ok(text.indexOf('prod (dir envs/prod') > text.indexOf('dev (dir envs/dev'), 'execution order');

    const md = renderPlanMarkdown(p, { baseLabel: 'main', headLabel: 'feature' });
    assert.match(md, /^#### Atlantis will plan$/m);
    assert.match(md, /^\| dev \| `envs\/dev` \| `default` \| `modules\/network\/main\.tf` ← `\.\.\/\.\.\/modules\/\*\*\/\*\.tf` \|$/m);
    assert.match(md, /^\| prod \| `envs\/prod` \|/m);
    assert.ok(md.indexOf('#### Atlantis will plan') < md.indexOf('#### Live impact'), 'before the live section, so a size cap cuts it late');

    const json = JSON.parse(renderPlanJson(p)) as { atlantis: { planned: Array<{ name: string; matched: Array<{ reason: string }> }> } };
    assert.deepEqual(json.atlantis.planned.map((x) => x.name), ['dev', 'prod']);
    assert.equal(json.atlantis.planned[0].matched[0].reason, 'when_modified');
  });
});

test('working tree (the editor): an env-only change, a refused config, and the view model', async () => {
  await inRepo({ 'atlantis.yaml': ATLANTIS_YAML, ...APP }, true, async (dir) => {
    const cache = new PlanCache();
    await fsp.writeFile(path.join(dir, 'envs/prod/env/production.tfvars'), 'replicas = 6\n');
    await fsp.writeFile(path.join(dir, 'platform/dns/records.tf.json'), '{}\n');
    let p = await planOf({ repoRoot: dir, cache });
    assert.deepEqual(p.atlantis?.planned.map((x) => x.name), ['prod']);
    assert.deepEqual(p.atlantis?.skipped.map((x) => x.name), ['dns'], 'autoplan disabled: touched, not planned');
    assert.match(renderPlanText(p), /Touched but not autoplanned:\n {4}dns \(dir platform\/dns, workspace default\): autoplan\.enabled is false/);

    const model = buildImpactModel(p, 'HEAD');
    const root = model.roots.find((r) => r.kind === 'atlantis');
    assert.ok(root);
    assert.equal(root.label, 'Atlantis will plan');
    assert.equal(root.description, '1 project');
    const prod = root.children.find((c) => c.kind === 'project');
    assert.equal(prod?.label, 'prod');
    assert.deepEqual(prod?.children.map((c) => [c.kind, c.label, c.description]), [['trigger', 'envs/prod/env/production.tfvars', '← env/*.tfvars']]);
    assert.match(model.summary, /Atlantis will plan 1 project$/);

    // Same files again: the cached section; then an invalid key makes Atlantis refuse the whole run.
    assert.strictEqual((await planOf({ repoRoot: dir, cache })).atlantis, p.atlantis);
    await fsp.writeFile(path.join(dir, 'atlantis.yaml'), ATLANTIS_YAML.replace('execution_order_group: 1', 'execution_order_groop: 1'));
    p = await planOf({ repoRoot: dir, cache });
    assert.ok(p.atlantis?.refused);
    assert.deepEqual(p.atlantis.planned, []);
    assert.deepEqual(p.atlantis.diagnostics.map((d) => [d.code, d.file, d.line]), [['RC2101', 'atlantis.yaml', 9]]);
    const md = renderPlanMarkdown(p);
    assert.match(md, /^❌ Atlantis would refuse atlantis\.yaml/m);
    assert.match(md, /^- `atlantis\.yaml:9` error RC2101: /m);
    const refusedModel = buildImpactModel(p, 'HEAD');
    const refusedRoot = refusedModel.roots.find((r) => r.kind === 'atlantis');
    assert.equal(refusedRoot?.description, 'refuses the config');
    const finding = refusedRoot?.children.find((c) => c.kind === 'diagnostic');
    assert.equal(refusedModel.diagnostics.get(finding?.id ?? '')?.line, 9, 'a click reveals the line like any finding');
  });
});

test('no atlantis.yaml: auto-discovery plans the directory of a changed .tf file; a YAML-only change has no section', async () => {
  await inRepo(APP, true, async (dir) => {
    await fsp.writeFile(path.join(dir, 'k8s/app/configmap.yaml'), APP['k8s/app/configmap.yaml'].replace('blue', 'red'));
    let p = await planOf({ repoRoot: dir });
    assert.equal(p.atlantis, undefined, 'no config and no Terraform change: nothing Atlantis could plan');
    assert.doesNotMatch(renderPlanText(p), /Atlantis/);
    assert.doesNotMatch(renderPlanMarkdown(p), /Atlantis/);

    await fsp.appendFile(path.join(dir, 'envs/dev/main.tf'), '\n');
    p = await planOf({ repoRoot: dir });
    assert.deepEqual(p.atlantis?.planned.map((x) => [x.name, x.dir, x.source]), [[null, 'envs/dev', 'autodiscover']]);
    assert.match(renderPlanText(p), /^Atlantis will plan 1 project \(auto-discovery \(no atlantis\.yaml\)\):\n {2}\(dir envs\/dev, workspace default\) \[discovered\]$/m);
    assert.match(renderPlanMarkdown(p), /^\| _discovered_ \| `envs\/dev` \| `default` \| `envs\/dev\/main\.tf` ← `\*\*\/\*\.tf` \|$/m);
  });
});

test('module tracing on request; `atlantis: false` leaves the section out', async () => {
  const config = 'version: 3\nprojects:\n  - name: dev\n    dir: envs/dev\n    autoplan:\n      when_modified: ["*.tf"]\n';
  await inRepo({ 'atlantis.yaml': config }, true, async (dir) => {
    await fsp.appendFile(path.join(dir, 'modules/network/main.tf'), '\n');
    assert.deepEqual((await planOf({ repoRoot: dir })).atlantis?.planned, [], 'when_modified does not reach the module');
    const traced = await planOf({ repoRoot: dir, atlantis: { autoplanModules: true } });
    assert.ok(traced.atlantis?.autoplanModules);
    const dev = traced.atlantis?.planned.find((x) => x.name === 'dev');
    assert.deepEqual(dev?.matched.map((m) => [m.reason, m.pattern]), [['module', 'module modules/network']], 'envs/dev calls modules/network');
    assert.match(renderPlanMarkdown(traced), /`modules\/network\/main\.tf` \(module `modules\/network`\)/);
    assert.equal((await planOf({ repoRoot: dir, atlantis: false })).atlantis, undefined);
  });
});
