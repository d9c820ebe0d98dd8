// `reconcile drift` end to end: a real git work tree with a Flux Kustomization, the built-in kustomize
// engine, the CLI dispatcher, and the Kubernetes API test server over TLS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { desiredSetFor } from '../../../src/core/diff/desiredSet';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { kubeconfigFor, writeKubeconfig } from '../../support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../support/kube-api-server/server';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus/kubernetes__examples/web/guestbook/all-in-one/guestbook-all-in-one.yaml');
const CLEAR = 's3cr3t-Pa55word-xyz';

async function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env });
  return { code, out, err };
}

describe('reconcile drift (CLI)', () => {
  let repo: string;
  let server: KubeApiTestServer;
  let kubeconfig: string;

  before(async () => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-drift-repo-'));
    fs.mkdirSync(path.join(repo, 'apps/guestbook'), { recursive: true });
    fs.mkdirSync(path.join(repo, 'clusters/prod'), { recursive: true });
    fs.copyFileSync(CORPUS, path.join(repo, 'apps/guestbook/guestbook.yaml'));
    // A namespace in the file: Flux's targetNamespace still wins.
    fs.writeFileSync(path.join(repo, 'apps/guestbook/secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: elsewhere\nstringData:\n  password: ${CLEAR}\n`);
    fs.writeFileSync(path.join(repo, 'apps/guestbook/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - guestbook.yaml\n  - secret.yaml\n');
    fs.writeFileSync(
      path.join(repo, 'clusters/prod/guestbook.yaml'),
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: guestbook\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/guestbook\n  prune: true\n  targetNamespace: guestbook\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    execFileSync('git', ['init', '-q'], { cwd: repo });
    server = await KubeApiTestServer.start({ tls: true, tokens: { tok: 'ci' } });
    // What kustomize-controller applied: the rendered set with its labels and target namespace.
    const desired = await desiredSetFor(nodeFileSystem, repo, 'clusters/prod/guestbook.yaml');
    assert.ok(desired.ok, desired.ok ? '' : desired.error);
    server.seed(
      desired.value.manifests.map((m) => ({
        ...m.object,
        metadata: { ...m.object.metadata, namespace: 'guestbook', labels: { ...(m.object.metadata?.labels ?? {}), 'kustomize.toolkit.fluxcd.io/name': 'guestbook', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
      })),
    );
    kubeconfig = writeKubeconfig(kubeconfigFor(server, { token: 'tok' }, { context: 'prod' }));
  });
  after(() => server.close());

  it('exits 0 and lists every object as in sync right after the apply', async () => {
    const r = await run(['drift', 'clusters/prod/guestbook.yaml', '--kubeconfig', kubeconfig, '--format', 'json'], repo);
    assert.equal(r.code, 0, r.err + r.out);
    const json = JSON.parse(r.out) as { version: number; context: string; resources: Array<{ status: string; namespace?: string }> };
    assert.equal(json.version, 1);
    assert.equal(json.context, 'prod');
    assert.equal(json.resources.length, 7);
    assert.ok(json.resources.every((x) => x.status === 'in-sync' && x.namespace === 'guestbook'));
  });

  it('exits 1 with the changes in the issue-5 JSON shape; Secrets masked everywhere', async () => {
    server.store.mutate('apps/v1', 'Deployment', 'guestbook', 'frontend', (o) => ((o.spec as { replicas: number }).replicas = 7));
    server.store.mutate('v1', 'Secret', 'guestbook', 'db', (o) => ((o.data as Record<string, string>).password = Buffer.from('other-value').toString('base64')));
    server.seed({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'stale', namespace: 'guestbook', labels: { 'kustomize.toolkit.fluxcd.io/name': 'guestbook', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } }, stringData: { token: CLEAR } });
    const r = await run(['drift', 'clusters/prod/guestbook.yaml', '--kubeconfig', kubeconfig, '--format', 'json'], repo);
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out) as { resources: Array<Record<string, unknown>> };
    const frontend = json.resources.find((x) => x.kind === 'Deployment' && x.name === 'frontend')!;
    assert.deepEqual(frontend, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'guestbook',
      name: 'frontend',
      status: 'modified',
      changes: [{ path: 'spec.replicas', git: 3, live: 7 }],
    });
    const secret = json.resources.find((x) => x.kind === 'Secret' && x.name === 'db')!;
    assert.equal(secret.status, 'modified');
    assert.deepEqual(Object.keys(secret).sort(), ['apiVersion', 'changes', 'kind', 'name', 'namespace', 'status']);
    const extra = json.resources.find((x) => x.name === 'stale')!;
    assert.equal(extra.status, 'extra');
    const text = await run(['drift', 'clusters/prod/guestbook.yaml', '--kubeconfig', kubeconfig], repo);
    assert.equal(text.code, 1);
    assert.match(text.out, /MODIFIED apps\/v1 Deployment guestbook\/frontend/);
    assert.match(text.out, /spec\.replicas: 3 → 7/);
    assert.match(text.out, /data\.password: \++ → \++/);
    const everything = r.out + r.err + text.out + text.err;
    for (const clear of [CLEAR, Buffer.from(CLEAR).toString('base64'), 'other-value', Buffer.from('other-value').toString('base64')]) {
      assert.ok(!everything.includes(clear), `clear Secret value in output: ${clear}`);
    }
  });

  it('reads a plain folder and honours KUBECONFIG and --context', async () => {
    const r = await run(['drift', 'apps/guestbook', '--context', 'prod', '--namespace', 'guestbook', '--no-dry-run'], repo, { KUBECONFIG: kubeconfig });
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^Context prod \(https:\/\/127\.0\.0\.1:\d+\); desired: apps\/guestbook \(kustomize\)/);
    assert.match(r.out, /note: Server-side dry-run turned off/);
  });

  it('401 and an unreachable cluster: exit 2 with one clear line', async () => {
    const bad = writeKubeconfig(kubeconfigFor(server, { token: 'nope' }));
    const r = await run(['drift', 'apps/guestbook', '--kubeconfig', bad], repo);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /Unauthorized \(check the credentials of this context\)/);
    const down = await KubeApiTestServer.start({ tls: true, tokens: { tok: 'x' } });
    const cfg = writeKubeconfig(kubeconfigFor(down, { token: 'tok' }));
    await down.close();
    const u = await run(['drift', 'apps/guestbook', '--kubeconfig', cfg], repo);
    assert.equal(u.code, 2);
    assert.equal(u.err.trim().split('\n').length, 1);
    assert.match(u.err, /Cannot reach the cluster at https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('an Argo CD Application file: destination namespace, instance label for extras, its ignoreDifferences', async () => {
    fs.writeFileSync(
      path.join(repo, 'clusters/prod/guestbook-argo.yaml'),
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: guestbook\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/repo.git\n    path: apps/guestbook\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: guestbook\n  ignoreDifferences:\n    - group: apps\n      kind: Deployment\n      jsonPointers: [/spec/replicas]\n    - kind: Secret\n      name: db\n      jsonPointers: [/data]\n',
    );
    server.seed({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'argo-stray', namespace: 'guestbook', labels: { 'app.kubernetes.io/instance': 'guestbook' } }, spec: { ports: [{ port: 1 }] } });
    const r = await run(['drift', 'clusters/prod/guestbook-argo.yaml', '--kubeconfig', kubeconfig, '--format', 'json'], repo);
    assert.equal(r.code, 1, r.err);
    const json = JSON.parse(r.out) as { resources: Array<{ kind: string; name: string; status: string; changes: Array<{ path: string }> }> };
    const frontend = json.resources.find((x) => x.kind === 'Deployment' && x.name === 'frontend')!;
    assert.equal(frontend.status, 'modified', 'Flux labels are not this app\'s: they show as live-only managed fields');
    assert.ok(!frontend.changes.some((c) => c.path === 'spec.replicas'), 'replicas ignored by the Application');
    // Unlike Flux's targetNamespace, Argo CD's destination namespace only fills in missing namespaces.
    const db = json.resources.find((x) => x.name === 'db') as { status: string; namespace?: string };
    assert.deepEqual([db.status, db.namespace], ['missing', 'elsewhere']);
    assert.equal(json.resources.find((x) => x.name === 'argo-stray')!.status, 'extra');
  });

  it('usage errors exit 2', async () => {
    assert.equal((await run(['drift', '--format', 'xml'], repo)).code, 2);
    assert.equal((await run(['drift', 'does/not/exist'], repo)).code, 2);
    const missingCtx = await run(['drift', 'apps/guestbook', '--kubeconfig', kubeconfig, '--context', 'nope'], repo);
    assert.equal(missingCtx.code, 2);
    assert.match(missingCtx.err, /Context "nope" not found/);
  });

  it('the cluster saw only GET/LIST/WATCH and dry-run PATCH', () => {
    assert.ok(server.requests.length > 20);
    assert.deepEqual(server.writeRequests(), []);
    assert.deepEqual(server.rejectedMutations, []);
  });
});
