// The new user's scenario of issue 13 on the demo repository: bump `newTag` in the production overlay.
// The plan must name both production Deployments with their image field, leave staging alone, carry the
// two validation errors of the rendered production overlay, and say so in JSON, markdown and text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { appInputs, isInput } from '../../../src/core/plan/appInputs';
import { plan } from '../../../src/core/plan/plan';
import { PlanCache } from '../../../src/core/plan/planCache';
import { renderOnSide } from '../../../src/core/plan/renderOnSide';
import { Plan } from '../../../src/core/plan/types';
import { Validator } from '../../../src/core/validate/validator';
import { schemaDir } from '../../unit/validate/schemaDir';
import { cli, DEMO, DEMO_REMOTE, PlanRepo, repoFrom } from './planRepo';

const NEVER = { isCancellationRequested: false };

describe('plan: the demo image bump', () => {
  let repo: PlanRepo;
  let env: Record<string, string | undefined>;
  before(() => {
    repo = repoFrom(DEMO, { remote: DEMO_REMOTE });
    repo.edit('apps/production/kustomization.yaml', /newTag: \S+/, 'newTag: 6.9.9');
    env = { ...process.env, RECONCILE_SCHEMA_DIR: schemaDir() };
  });
  after(() => repo.cleanup());

  it('plans the production app with both Deployments image changes and its two validation errors (core)', async () => {
    const validator = Validator.create(schemaDir(), undefined, { cache: false });
    assert.ok(validator.ok);
    const r = await plan({ repoRoot: repo.dir, rules: validator.value, indexSettings: { repoUrls: [DEMO_REMOTE] } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const p = r.plan;
    assert.deepEqual(p.changedFiles, ['apps/production/kustomization.yaml']);
    assert.equal(p.apps.length, 1, p.apps.map((a) => a.name).join());
    const prod = p.apps[0];
    assert.equal(prod.kind, 'FluxKustomization');
    assert.equal(prod.path, 'apps/production');
    assert.equal(prod.status, 'changed');
    assert.deepEqual(prod.selectedBy, ['apps/production/kustomization.yaml']);
    assert.deepEqual(
      prod.objects.map((o) => [o.kind, o.namespace, o.name, o.change, o.fields.map((f) => `${f.path}: ${String(f.before)} -> ${String(f.after)}`)]),
      ['api', 'web'].map((n) => ['Deployment', 'production', n, 'changed', [`spec.template.spec.containers[name=${n}].image: ghcr.io/stefanprodan/podinfo:6.7.1 -> ghcr.io/stefanprodan/podinfo:6.9.9`]]),
    );
    for (const o of prod.objects) assert.match(o.diff, /-\s+image: ghcr\.io\/stefanprodan\/podinfo:6\.7\.1\n\+\s+image: ghcr\.io\/stefanprodan\/podinfo:6\.9\.9/);
    assert.deepEqual(prod.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line} ${d.code}`).sort(), ['apps/base/api/deployment.yaml:21 RC1104', 'apps/base/web/pdb.yaml:2 RC1201']);
    assert.deepEqual(p.summary.objects, { created: 0, changed: 2, deleted: 0 });
    assert.equal(p.summary.validation.errors, 2);
    // Staging (the Argo CD Application over apps/staging) reads nothing that changed: not rendered at all.
    assert.ok(!p.apps.some((a) => a.path === 'apps/staging'));
    assert.equal(p.stats.appsAffected, 1);
    assert.equal(p.stats.rendersRun, 2);
  });

  it('prints the same plan as JSON, markdown and text through `reconcile plan` (exit 1: validation errors)', async () => {
    const json = await cli(['plan', '--format', 'json'], repo.dir, env);
    assert.equal(json.code, 1, json.err);
    const p = JSON.parse(json.out) as Plan;
    assert.equal(p.version, 1);
    assert.equal(p.head, 'working-tree');
    assert.deepEqual(Object.keys(p.base as object).sort(), ['commit', 'ref']);
    const prod = p.apps.find((a) => a.path === 'apps/production');
    assert.ok(prod);
    assert.equal(prod.status, 'changed');
    assert.deepEqual(prod.objects.map((o) => `${o.kind}/${o.name}:${o.fields.map((f) => f.path).join()}`), ['Deployment/api:spec.template.spec.containers[name=api].image', 'Deployment/web:spec.template.spec.containers[name=web].image']);
    const staging = p.apps.find((a) => a.path === 'apps/staging');
    assert.ok(!staging || staging.status === 'unchanged');
    assert.ok(!('live' in p), 'live appears only when computed');

    const md = await cli(['plan', '--format', 'markdown'], repo.dir, env);
    assert.equal(md.code, 1);
    assert.match(md.out, /^<!-- reconcile-plan -->\n/);
    assert.match(md.out, /\*\*1 app changed: 0 objects to create, 2 to change, 0 to delete; validation: 2 errors\.\*\*/);
    assert.match(md.out, /\| Flux Kustomization flux-system\/apps → apps\/production \| — \| changed \| 0 \| 2 \| 0 \| ❌ 2 errors \| `apps\/production\/kustomization\.yaml` \|/);
    assert.match(md.out, /\*\*`Deployment production\/web`\*\* changed\n- `spec\.template\.spec\.containers\[name=web\]\.image`: `"ghcr\.io\/stefanprodan\/podinfo:6\.7\.1"` → `"ghcr\.io\/stefanprodan\/podinfo:6\.9\.9"`/);
    assert.doesNotMatch(md.out, /No Kubernetes objects change/);

    const text = await cli(['plan'], repo.dir, env);
    assert.equal(text.code, 1);
    assert.match(text.out, /~ Deployment production\/api\n\s+spec\.template\.spec\.containers\[name=api\]\.image: "ghcr\.io\/stefanprodan\/podinfo:6\.7\.1" → "ghcr\.io\/stefanprodan\/podinfo:6\.9\.9"/);
    assert.match(text.out, /Plan: 1 app changed: 0 objects to create, 2 to change, 0 to delete; validation: 2 errors\.\n$/);
  });

  it('selects apps soundly: every path any app render reads is one of its selection inputs', async () => {
    const index = new RepositoryIndex({ root: repo.dir, fs: nodeFileSystem, settings: { repoUrls: [DEMO_REMOTE] } });
    await index.scan();
    let rendered = 0;
    for (const app of index.apps()) {
      const inputs = appInputs(index, app);
      const r = await renderOnSide(nodeFileSystem, repo.dir, index, app, { trusted: false }, NEVER);
      if (r.outcome.ok) rendered++;
      // Directories are read on the way (realpath checks, listings of folders that hold inputs); what
      // decides a render is the files it read, and the paths it found missing.
      const outside = [...r.reads].filter(([p, kind]) => kind !== 'directory' && index.exists(p) !== 'directory' && p !== '' && !isInput(inputs, p));
      assert.deepEqual(outside, [], `${app.kind} ${app.name}`);
    }
    assert.ok(rendered >= 5, `rendered ${rendered}`);
  });

  it('re-plans from the cache: nothing re-renders until a file an app read changes', async () => {
    const cache = new PlanCache();
    const first = await plan({ repoRoot: repo.dir, cache, indexSettings: { repoUrls: [DEMO_REMOTE] } });
    assert.ok(first.ok);
    assert.equal(first.plan.stats.rendersRun, 2);
    const again = await plan({ repoRoot: repo.dir, cache, indexSettings: { repoUrls: [DEMO_REMOTE] } });
    assert.ok(again.ok);
    assert.deepEqual([again.plan.stats.rendersRun, again.plan.stats.rendersCached], [0, 2]);
    repo.edit('apps/production/kustomization.yaml', 'newTag: 6.9.9', 'newTag: 7.0.0');
    const third = await plan({ repoRoot: repo.dir, cache, indexSettings: { repoUrls: [DEMO_REMOTE] } });
    assert.ok(third.ok);
    // The base stays cached; the head re-renders because a file it read changed.
    assert.deepEqual([third.plan.stats.rendersRun, third.plan.stats.rendersCached], [1, 1]);
    assert.match(JSON.stringify(third.plan.apps[0].objects[0].fields), /podinfo:7\.0\.0/);
    repo.edit('apps/production/kustomization.yaml', 'newTag: 7.0.0', 'newTag: 6.9.9');
  });

  it('an edit to an in-repository chart selects its HelmRelease (rendered with helm, or an error saying helm is missing)', async () => {
    repo.edit('infrastructure/charts/status-page/values.yaml', /replicaCount: \d+/, 'replicaCount: 4');
    try {
      const r = await plan({ repoRoot: repo.dir, helm: { trusted: true }, indexSettings: { repoUrls: [DEMO_REMOTE] } });
      assert.ok(r.ok);
      const helm = r.plan.apps.find((a) => a.kind === 'HelmRelease');
      assert.ok(helm, r.plan.apps.map((a) => a.kind).join());
      assert.equal(helm.engine, 'helm');
      assert.deepEqual(helm.selectedBy, ['infrastructure/charts/status-page/values.yaml']);
      if (helm.status === 'error') assert.match(helm.error ?? '', /'helm' was not found/);
      else assert.ok(['changed', 'unchanged'].includes(helm.status));
      // The Flux Kustomization over infrastructure/ reads the folder but its objects do not change.
      const infra = r.plan.apps.find((a) => a.kind === 'FluxKustomization' && a.path === 'infrastructure');
      assert.equal(infra?.status, 'unchanged');
      // The overlays read nothing there: only the edit of the earlier test selects production.
      assert.ok(!r.plan.apps.some((a) => a.path === 'apps/staging'));
      assert.deepEqual(r.plan.apps.find((a) => a.path === 'apps/production')?.selectedBy, ['apps/production/kustomization.yaml']);
    } finally {
      repo.edit('infrastructure/charts/status-page/values.yaml', 'replicaCount: 4', 'replicaCount: 1');
    }
  });
});
