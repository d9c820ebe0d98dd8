// The plan's live impact through `reconcile plan --kubeconfig`: the head rendering of each affected app is
// compared with the Kubernetes API test server (read-only: lists and server-side dry-run apply), which holds
// what Flux applied from the base. A bumped image will change, a new ConfigMap will be created, an object
// the app applied that Git dropped will be pruned, the rest already matches; without a cluster the
// section says "not computed". No Secret value reaches the output.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { renderOnSide } from '../../../src/core/plan/renderOnSide';
import { Plan } from '../../../src/core/plan/types';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';
import type { JsonObject } from '../../support/kube-api-server/fields';
import { cli, DEMO, DEMO_REMOTE, PlanRepo, repoFrom } from './planRepo';

const FLUX_LABELS = { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' };

describe('plan: live impact against a cluster', () => {
  let repo: PlanRepo;
  let server: KubeApiTestServer;
  let kubeconfig: string;
  before(async () => {
    repo = repoFrom(DEMO, { remote: DEMO_REMOTE });
    server = await KubeApiTestServer.start({ tls: true, tokens: { tok: 'ci' } });
    // What kustomize-controller applied from the base: the production app's rendering, labelled as its own.
    const index = new RepositoryIndex({ root: repo.dir, fs: nodeFileSystem, settings: { repoUrls: [DEMO_REMOTE] } });
    await index.scan();
    const app = index.apps().find((a) => a.kind === 'FluxKustomization' && a.name === 'apps');
    assert.ok(app);
    const r = await renderOnSide(nodeFileSystem, repo.dir, index, app, { trusted: false }, { isCancellationRequested: false });
    assert.ok(r.outcome.ok);
    const applied = r.outcome.manifests
      .map((m) => ({ ...m.object, metadata: { ...m.object.metadata, labels: { ...(m.object.metadata?.labels ?? {}), ...FLUX_LABELS } } }) as unknown as JsonObject)
      // The planted policy/v1beta1 PodDisruptionBudget is not served by a current API server: never applied.
      .filter((o) => server.store.findByKind(String(o.apiVersion), String(o.kind)));
    applied.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'legacy-flags', namespace: 'production', labels: FLUX_LABELS }, data: { A: '1' } });
    server.seed(applied);
    kubeconfig = writeKubeconfig(kubeconfigFor(server, { token: 'tok' }, { context: 'prod' }));
    repo.edit('apps/production/kustomization.yaml', /newTag: \S+/, 'newTag: 6.9.9');
    repo.write('apps/production/flags.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: feature-flags\ndata:\n  CHECKOUT_V2: "on"\n');
    repo.edit('apps/production/kustomization.yaml', '  - namespace.yaml', '  - namespace.yaml\n  - flags.yaml');
  });
  after(async () => {
    await server.close();
    repo.cleanup();
  });

  it('says per object: will create, will change, will be pruned, already matches', async () => {
    const r = await cli(['plan', '--no-validate', '--format', 'json', '--kubeconfig', kubeconfig, '--context', 'prod'], repo.dir);
    assert.equal(r.code, 0, r.err);
    const p = JSON.parse(r.out) as Plan;
    assert.ok(p.live?.computed, JSON.stringify(p.live));
    assert.equal(p.live.context, 'prod');
    const verdict = (kind: string, name: string) => p.live!.objects.find((o) => o.kind === kind && o.name === name)?.verdict;
    assert.equal(verdict('Deployment', 'web'), 'will-change');
    assert.equal(verdict('Deployment', 'api'), 'will-change');
    assert.deepEqual(p.live.objects.find((o) => o.name === 'web' && o.kind === 'Deployment')?.paths, ['spec.template.spec.containers[name=web].image']);
    assert.equal(verdict('ConfigMap', 'feature-flags'), 'will-create');
    assert.equal(verdict('ConfigMap', 'legacy-flags'), 'will-delete');
    assert.equal(verdict('Service', 'web'), 'already-matches');
    assert.equal(verdict('Secret', 'api-db'), 'already-matches');
    assert.ok(!r.out.includes('demo-password-in-git') && !r.out.includes(Buffer.from('demo-password-in-git').toString('base64')));

    const md = await cli(['plan', '--no-validate', '--format', 'markdown', '--kubeconfig', kubeconfig], repo.dir);
    assert.match(md.out, /#### Live impact\n\nAgainst context `prod`: 1 will be created, 2 will change, 1 will be pruned, \d+ already match, 1 unknown\.\n/);
    assert.match(md.out, /- will be pruned: `ConfigMap production\/legacy-flags`: in the cluster, labelled as this app, not in Git\n/);
    assert.match(md.out, /- unknown: `PodDisruptionBudget production\/web`: not served/);
    assert.match(md.out, /- will change: `Deployment production\/web` \(`spec\.template\.spec\.containers\[name=web\]\.image`\)/);
  });

  it('says "not computed" without a cluster, and when the cluster cannot be reached', async () => {
    const none = await cli(['plan', '--no-validate', '--format', 'markdown'], repo.dir);
    assert.match(none.out, /#### Live impact\n\nNot computed \(no cluster given;/);
    const json = JSON.parse((await cli(['plan', '--no-validate', '--format', 'json'], repo.dir)).out) as Plan;
    assert.ok(!('live' in json));
    const bad = await cli(['plan', '--no-validate', '--format', 'markdown', '--kubeconfig', kubeconfig, '--context', 'nope'], repo.dir);
    assert.equal(bad.code, 0);
    assert.match(bad.err, /live impact not computed: .*nope/);
    assert.match(bad.out, /#### Live impact\n\nNot computed: the cluster could not be reached/);
  });
});
