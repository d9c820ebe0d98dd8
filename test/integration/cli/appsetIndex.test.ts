// `reconcile index --format json` in a separate process: the Applications an ApplicationSet generates
// (git directories over the overlays, repoURL matching the repository's remote, revision = the checked-out
// branch) are listed in `apps` with their ApplicationSet, and expansion problems in `errors`.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { initRepo, lineOf, runCli } from '../../support/cli';
import { git } from '../../support/git/tempRepo';
import { schemaDir } from '../../unit/validate/schemaDir';

const APPSET = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: overlays
  namespace: argocd
spec:
  generators:
  - git:
      repoURL: https://github.com/example/shop.git
      revision: main
      directories:
      - path: overlays/*
  template:
    metadata:
      name: 'shop-{{path.basename}}'
    spec:
      project: shop
      source:
        repoURL: https://github.com/example/shop.git
        targetRevision: main
        path: '{{path}}'
      destination:
        name: '{{path.basename}}'
        namespace: shop
---
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: typo
  namespace: argocd
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
  - list:
      elements:
      - env: qa
  template:
    metadata:
      name: 'typo-{{ .enviroment }}'
    spec:
      project: default
      source: {repoURL: https://github.com/example/shop.git, path: base}
      destination: {server: https://kubernetes.default.svc}
`;

// A hand-written Application next to the generated ones: both are listed as kind Application.
const WRITTEN = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop-base
  namespace: argocd
spec:
  project: shop
  source: {repoURL: 'https://github.com/example/shop', targetRevision: main, path: base}
  destination: {server: https://kubernetes.default.svc, namespace: shop}
`;

const kustomization = (resources: string[]) => `resources:\n${resources.map((r) => `  - ${r}`).join('\n')}\n`;

describe('reconcile index lists generated Applications', () => {
  let repo: string;
  before(async () => {
    repo = await initRepo({
      'argocd/appsets.yaml': APPSET,
      'argocd/base.yaml': WRITTEN,
      'base/kustomization.yaml': kustomization(['cm.yaml']),
      'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop\n',
      'overlays/prod/kustomization.yaml': kustomization(['../../base']),
      'overlays/staging/kustomization.yaml': kustomization(['../../base']),
    });
    git(repo, 'remote', 'add', 'origin', 'git@github.com:example/shop.git');
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('json: apps are kind Application and carry generatedBy, project, destination; problems are RC18xx errors on their lines', async () => {
    const r = await runCli(['index', '.', '--format', 'json'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { apps: Array<Record<string, unknown>>; errors: Array<{ file: string; line: number; code: string; message: string }> };
    const generated = out.apps.filter((a) => a.generatedBy !== undefined);
    assert.deepEqual(generated, ['prod', 'staging'].map((env) => ({
      kind: 'Application',
      name: `shop-${env}`,
      namespace: 'argocd',
      file: 'argocd/appsets.yaml',
      path: `overlays/${env}`,
      generatedBy: { kind: 'ApplicationSet', name: 'overlays', namespace: 'argocd', file: 'argocd/appsets.yaml' },
      project: 'shop',
      destination: { server: null, name: env, namespace: 'shop' },
    })));
    const written = out.apps.find((a) => a.name === 'shop-base');
    assert.deepEqual(written, {
      kind: 'Application',
      name: 'shop-base',
      namespace: 'argocd',
      file: 'argocd/base.yaml',
      path: 'base',
      project: 'shop',
      destination: { server: 'https://kubernetes.default.svc', name: null, namespace: 'shop' },
    });
    assert.ok(!out.apps.some((a) => a.kind === 'ArgoApplication'), 'the index\'s internal kind name stays internal');
    // The overlays are deployed by the generated Applications, not listed as top-level kustomize folders.
    assert.deepEqual(out.apps.filter((a) => a.kind === 'KustomizeDirectory').map((a) => a.path), []);
    const missing = out.errors.find((e) => e.code === 'RC1801');
    assert.ok(missing, JSON.stringify(out.errors));
    assert.equal(missing.file, 'argocd/appsets.yaml');
    assert.equal(missing.line, lineOf(APPSET, "name: 'typo-{{ .enviroment }}'"));
    assert.match(missing.message, /map has no entry for key "enviroment"/);
  });

  it('text: a generated Application names its ApplicationSet', async () => {
    const r = await runCli(['index', '.'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Application argocd\/shop-base {2}argocd\/base\.yaml {2}→ base\n/);
    assert.match(r.stdout, /\n {2}Application argocd\/shop-prod {2}argocd\/appsets\.yaml \(ApplicationSet overlays\) {2}→ overlays\/prod/);
  });
});

describe('reconcile index and validate read other revisions of this repository through git', () => {
  let repo: string;
  before(async () => {
    // The release branch still has overlays/legacy; main (checked out) has retired it.
    repo = await initRepo({
      'base/kustomization.yaml': kustomization(['cm.yaml']),
      'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop\n',
      'overlays/prod/kustomization.yaml': kustomization(['../../base']),
      'overlays/legacy/kustomization.yaml': kustomization(['../../base']),
    });
    git(repo, 'remote', 'add', 'origin', 'git@github.com:example/shop.git');
    git(repo, 'branch', 'release');
    await fs.rm(`${repo}/overlays/legacy`, { recursive: true });
    await fs.mkdir(`${repo}/argocd`);
    await fs.writeFile(`${repo}/argocd/appsets.yaml`, APPSET.split('---\n')[0].replace(/revision: main/, 'revision: release').replace(/targetRevision: main/, 'targetRevision: release'));
    // Expanded from release, this one names both Applications alike: RC1803 shows it was expanded.
    await fs.writeFile(`${repo}/argocd/clash.yaml`, APPSET.split('---\n')[0].replace(/revision: main/, 'revision: release').replace(/targetRevision: main/, 'targetRevision: release').replace('name: overlays', 'name: clash').replace("name: 'shop-{{path.basename}}'", 'name: shop-all'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'retire legacy');
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('a generator naming another local branch lists that branch\'s folders', async () => {
    const r = await runCli(['index', '.', '--format', 'json'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { apps: Array<{ name: string; path: string | null; generatedBy?: { name: string } }> };
    assert.deepEqual(out.apps.filter((a) => a.generatedBy?.name === 'overlays').map((a) => [a.name, a.path]), [['shop-legacy', 'overlays/legacy'], ['shop-prod', 'overlays/prod']]);
  });

  it('validate expands it the same way: the clash on that branch is reported, the folder only there is no RC1804', async () => {
    // The schemas from the committed bundle: a clean clone has no dist/schemas.
    const r = await runCli(['validate', '.', '--format', 'json'], { cwd: repo, env: { RECONCILE_SCHEMA_DIR: schemaDir() } });
    assert.equal(r.stdout === '' ? r.stderr : '', '');
    const out = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string; message: string }> };
    const appSetProblems = out.diagnostics.filter((d) => d.code.startsWith('RC18'));
    assert.deepEqual(appSetProblems.map((d) => [d.code, d.file]), [['RC1803', 'argocd/clash.yaml']], JSON.stringify(appSetProblems));
    assert.match(appSetProblems[0].message, /shop-all/);
  });
});
