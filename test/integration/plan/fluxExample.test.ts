// The plan on a real Flux repository (fluxcd/flux2-kustomize-helm-example, vendored unmodified) in a real
// git repository. An edit to the shared base must list every overlay that includes it, each with exactly
// the objects `kubectl kustomize` says differ between the two revisions; an unrelated README edit plans
// nothing; a new app folder shows as added.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { objectKey } from '../../../src/core/diff/drift';
import { normalizeObject } from '../../../src/core/diff/normalize';
import { plan } from '../../../src/core/plan/plan';
import { KubeObject } from '../../../src/core/types';
import { kubectlAvailable } from '../../support/tools';
import { FLUX_EXAMPLE, git, PlanRepo, repoFrom } from './planRepo';

/** `kubectl kustomize <dir>` of a checkout, as objects by identity. */
function kubectlObjects(checkout: string, dir: string): Map<string, KubeObject> {
  const out = execFileSync('kubectl', ['kustomize', path.join(checkout, dir)], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  const m = new Map<string, KubeObject>();
  for (const d of parseAllDocuments(out)) {
    const o = d.toJS() as KubeObject | null;
    if (o?.kind) m.set(objectKey(o), normalizeObject(o));
  }
  return m;
}

function differing(a: Map<string, KubeObject>, b: Map<string, KubeObject>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => !isDeepStrictEqual(a.get(k), b.get(k))).sort();
}

describe('plan: flux2-kustomize-helm-example', () => {
  let repo: PlanRepo;
  let base: string;
  before(() => {
    repo = repoFrom(FLUX_EXAMPLE, { extra: { 'README.md': '# Fleet\n' } });
    base = git(repo.dir, 'rev-parse', 'HEAD').trim();
  });
  after(() => repo.cleanup());

  it('an edit to the shared base lists every overlay including it, with the objects kubectl kustomize says differ', async (t) => {
    repo.edit('apps/base/podinfo/release.yaml', 'interval: 50m', 'interval: 40m');
    repo.edit('apps/base/podinfo/namespace.yaml', 'toolkit.fluxcd.io/tenant: dev-team', 'toolkit.fluxcd.io/tenant: web-team');
    const head = repo.commit('podinfo: faster reconcile, new tenant');
    const r = await plan({ repoRoot: repo.dir, base, head: { kind: 'commit', ref: head } });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const p = r.plan;
    // The overlays that include apps/base/podinfo, found from the files themselves.
    const overlays = fs
      .readdirSync(path.join(repo.dir, 'apps'))
      .filter((d) => fs.existsSync(path.join(repo.dir, 'apps', d, 'kustomization.yaml')) && repo.read(`apps/${d}/kustomization.yaml`).includes('../base/podinfo'))
      .map((d) => `apps/${d}`)
      .sort();
    assert.deepEqual(overlays, ['apps/production', 'apps/staging']);
    assert.deepEqual(p.apps.map((a) => a.path).sort(), overlays);
    for (const a of p.apps) {
      assert.equal(a.status, 'changed');
      assert.deepEqual(a.selectedBy, ['apps/base/podinfo/namespace.yaml', 'apps/base/podinfo/release.yaml']);
    }
    if (!kubectlAvailable()) {
      t.skip('kubectl is not installed: the objects are not compared with kubectl kustomize');
      return;
    }
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-plan-base-'));
    try {
      execFileSync('sh', ['-c', `git archive ${base} | tar -x -C "${checkout}"`], { cwd: repo.dir });
      for (const a of p.apps) {
        const expected = differing(kubectlObjects(checkout, a.path), kubectlObjects(repo.dir, a.path));
        const planned = a.objects.map((o) => objectKey({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, namespace: o.namespace } })).sort();
        assert.deepEqual(planned, expected, a.path);
        assert.equal(expected.length, 2);
      }
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  it('an edit to an unrelated README plans nothing', async () => {
    repo.edit('README.md', '# Fleet', '# Fleet of clusters');
    const r = await plan({ repoRoot: repo.dir });
    assert.ok(r.ok);
    assert.deepEqual(r.plan.changedFiles, ['README.md']);
    assert.deepEqual(r.plan.apps, []);
    assert.deepEqual(r.plan.unrendered, []);
    assert.equal(r.plan.stats.rendersRun, 0);
    assert.deepEqual(r.plan.summary.objects, { created: 0, changed: 0, deleted: 0 });
  });

  it('a new app folder shows as added, with its objects to create', async () => {
    repo.write('apps/testing/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base/podinfo\nnamespace: testing\n');
    const r = await plan({ repoRoot: repo.dir });
    assert.ok(r.ok);
    const added = r.plan.apps.filter((a) => a.status === 'added');
    assert.deepEqual(added.map((a) => [a.kind, a.path]), [['KustomizeDirectory', 'apps/testing']]);
    assert.deepEqual(added[0].objects.map((o) => `${o.change} ${o.kind} ${o.namespace ?? ''}/${o.name}`).sort(), [
      'created HelmRelease testing/podinfo',
      'created HelmRepository testing/podinfo',
      'created Namespace /testing',
    ]);
    // Nothing else re-rendered: the new folder is only read by itself.
    assert.deepEqual(r.plan.apps.filter((a) => a.status !== 'added'), []);
    fs.rmSync(path.join(repo.dir, 'apps/testing'), { recursive: true });
  });
});
