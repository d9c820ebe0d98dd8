// Helm rendering: argument building and values layering as pure functions, HelmRelease values from a real
// index (valuesFrom ConfigMaps/Secrets in the repository), and the runner's messages. Helm itself is not
// installed on this machine (not in Debian's archive either): the not-installed path is tested for real, and a
// small shell script stands in for the binary only to check what the runner hands to it (argv, values file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { helmReleaseValues, helmTemplateArgs, HELM_NOT_FOUND, mergeHelmValues, runHelmTemplate, setAtPath } from '../../../src/core/render/helmTemplate';
import { renderWithKustomizeBinary } from '../../../src/core/render/kustomizeBinary';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { indexLookup } from '../../../src/core/render/renderApp';
import { JsonMap } from '../../../src/core/render/merge/strategicMerge';
import { parse } from 'yaml';
import { writeRepo } from '../validate/helpers';

test('helm template arguments: release, chart, namespace, values files in order, kube version', () => {
  assert.deepEqual(helmTemplateArgs({ releaseName: 'web', chartDir: '/r/charts/web', namespace: 'prod', valuesFiles: ['/a.yaml', '/b.yaml'], kubeVersion: '1.34', includeCrds: true }), [
    'template', 'web', '/r/charts/web', '--namespace', 'prod', '--values', '/a.yaml', '--values', '/b.yaml', '--kube-version', '1.34', '--include-crds',
  ]);
  assert.deepEqual(helmTemplateArgs({ releaseName: 'x', chartDir: '/c' }), ['template', 'x', '/c']);
});

test('values merge like helm: maps deep-merge, lists and scalars replace, null deletes', () => {
  const base = { image: { repository: 'nginx', tag: '1.0' }, ports: [80, 443], debug: true, extra: { a: 1 } };
  const got = mergeHelmValues(base, { image: { tag: '2.0' }, ports: [8080], debug: null, extra: 'flat' });
  assert.deepEqual(got, { image: { repository: 'nginx', tag: '2.0' }, ports: [8080], extra: 'flat' });
  assert.deepEqual(base.image, { repository: 'nginx', tag: '1.0' }, 'inputs are not mutated');
  assert.deepEqual(setAtPath({ a: { b: 1 } }, 'a.c\\.d.e', 'x'), { a: { b: 1, 'c.d': { e: 'x' } } });
});

const release = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web
  namespace: apps
spec:
  chart:
    spec:
      chart: ./charts/web
      sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
  valuesFrom:
    - kind: ConfigMap
      name: web-values
    - kind: Secret
      name: web-secret
      valuesKey: creds.yaml
    - kind: Secret
      name: web-secret
      valuesKey: token
      targetPath: auth.token
    - kind: ConfigMap
      name: not-there
      optional: true
  values:
    replicaCount: 3
    image: {tag: "2.0"}
`;

function repoWith(files: Record<string, string>): Promise<RepositoryIndex> {
  const root = writeRepo(files);
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
  return index.scan().then(() => index);
}

test('HelmRelease values: valuesFrom in order from in-repo ConfigMap/Secret (base64, valuesKey, targetPath), then spec.values', async () => {
  const index = await repoWith({
    'apps/release.yaml': release,
    'apps/values.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: web-values, namespace: apps}
data:
  values.yaml: |
    replicaCount: 1
    image: {repository: ghcr.io/acme/web, tag: "1.0"}
---
apiVersion: v1
kind: Secret
metadata: {name: web-secret, namespace: apps}
data:
  creds.yaml: ${Buffer.from('db:\n  password: s3cret\n').toString('base64')}
  token: ${Buffer.from('abc').toString('base64')}
`,
  });
  const r = await helmReleaseValues(parse(release) as JsonMap, indexLookup(index));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.deepEqual(r.values, { replicaCount: 3, image: { repository: 'ghcr.io/acme/web', tag: '2.0' }, db: { password: 's3cret' }, auth: { token: 'abc' } });
  assert.deepEqual(r.sources, ['ConfigMap/web-values', 'Secret/web-secret', 'Secret/web-secret', 'spec.values']);
});

test('HelmRelease values: a missing non-optional valuesFrom source is a clear error', async () => {
  const index = await repoWith({ 'apps/release.yaml': release });
  const r = await helmReleaseValues(parse(release) as JsonMap, indexLookup(index));
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /valuesFrom ConfigMap apps\/web-values \(key values\.yaml\) is not in the repository/);
});

test('helm not installed: a message saying how to install it or set reconcile.helm.path', async () => {
  const missing = path.join(os.tmpdir(), 'no-such-dir', 'helm');
  const r = await runHelmTemplate({ releaseName: 'web', chartDir: '/tmp' }, { a: 1 }, { trusted: true, helmPath: missing });
  assert.deepEqual(r, { ok: false, error: { message: HELM_NOT_FOUND(missing) } });
  assert.match(HELM_NOT_FOUND('helm'), /Install Helm 3 .*reconcile\.helm\.path/);
});

test('helm never runs in an untrusted workspace', async () => {
  const r = await runHelmTemplate({ releaseName: 'web', chartDir: '/tmp' }, undefined, { trusted: false, helmPath: '/bin/echo' });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /untrusted workspace/);
});

test('helm runner: argv as built, values handed over in a temporary file that is removed afterwards, stderr on failure', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-fake-helm-'));
  const fake = path.join(dir, 'helm');
  // Prints its arguments, then the content of the last --values file, and remembers that file's path.
  fs.writeFileSync(fake, `#!/bin/sh\n[ "$2" = fail ] && { echo "Error: chart broken" >&2; exit 1; }\nfor a in "$@"; do echo "arg:$a"; last="$a"; done\necho "values:$(cat "$last")"\necho "$last" > "${dir}/seen"\nexit 0\n`, { mode: 0o755 });
  const ok = await runHelmTemplate({ releaseName: 'web', chartDir: '/charts/web', namespace: 'apps' }, { replicaCount: 2 }, { trusted: true, helmPath: fake });
  assert.ok(ok.ok);
  const lines = ok.ok ? ok.yaml.trim().split('\n') : [];
  assert.deepEqual(lines.slice(0, 6), ['arg:template', 'arg:web', 'arg:/charts/web', 'arg:--namespace', 'arg:apps', 'arg:--values']);
  assert.equal(lines.at(-1), 'values:{"replicaCount":2}');
  assert.equal(fs.existsSync(fs.readFileSync(path.join(dir, 'seen'), 'utf8').trim()), false, 'temporary values file removed');
  const bad = await runHelmTemplate({ releaseName: 'fail', chartDir: '/charts/web' }, undefined, { trusted: true, helmPath: fake });
  assert.deepEqual(bad, { ok: false, error: { message: 'helm template failed: Error: chart broken' } });
});

test('kustomize binary: missing binary and untrusted workspace give messages, never a crash', async () => {
  const r = await renderWithKustomizeBinary('/tmp', { trusted: true, kustomizePath: '/nonexistent/kustomize' });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /'\/nonexistent\/kustomize' was not found\. Install kustomize .*reconcile\.kustomize\.kustomizePath/);
  const u = await renderWithKustomizeBinary('/tmp', { trusted: false });
  assert.match(u.ok ? '' : u.error.message, /untrusted workspace/);
});

test('kustomize binary renders like the built-in engine when installed (skips otherwise)', async (t) => {
  try {
    execFileSync('kustomize', ['version'], { stdio: 'ignore' });
  } catch {
    t.skip('kustomize is not installed on this machine');
    return;
  }
  const root = writeRepo({ 'k/kustomization.yaml': 'resources:\n  - cm.yaml\nnamePrefix: p-\n', 'k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
  const r = await renderWithKustomizeBinary(path.join(root, 'k'), { trusted: true });
  assert.ok(r.ok);
  assert.match(r.ok ? r.yaml : '', /name: p-c/);
});
