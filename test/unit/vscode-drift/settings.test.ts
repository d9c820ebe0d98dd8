// The connection and drift settings as the editor reads them: kubeconfig paths (relative, `~`, several
// files merged through KUBECONFIG, checked by loading real kubeconfig files), the context, the cheap
// status-bar peek, and ignore rules with clear messages for bad entries.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { loadKubeconfig, peekKubeconfig } from '../../../src/core/cluster/kubeconfig';
import { connectionProblem, connectOptionsFor, readClusterSettings } from '../../../src/vscode/cluster/clusterSettings';
import { parseIgnoreDifferences } from '../../../src/vscode/drift/driftSettings';

function kubeconfig(dir: string, file: string, contexts: string[], current?: string): string {
  const p = path.join(dir, file);
  fs.writeFileSync(
    p,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((c) => ({ name: `${c}-cluster`, cluster: { server: `https://127.0.0.1:1/${c}` } })),
      users: contexts.map((c) => ({ name: `${c}-user`, user: { token: 't' } })),
      contexts: contexts.map((c) => ({ name: c, context: { cluster: `${c}-cluster`, user: `${c}-user`, namespace: `${c}-ns` } })),
      ...(current ? { 'current-context': current } : {}),
    }),
  );
  return p;
}

describe('cluster settings', () => {
  it('resolves relative paths against the workspace, ~ against home, and splits KUBECONFIG-style lists', () => {
    const s = readClusterSettings({ kubeconfig: ['kube/dev.yaml', '~/.kube/prod', `/abs/a${path.delimiter}/abs/b`], context: '  prod ' }, '/ws', '/home/me');
    assert.deepEqual(s, { kubeconfig: [path.join('/ws', 'kube/dev.yaml'), path.join('/home/me', '.kube/prod'), '/abs/a', '/abs/b'], context: 'prod' });
    assert.deepEqual(readClusterSettings({ kubeconfig: '', context: '' }), { kubeconfig: [], context: undefined });
    assert.deepEqual(readClusterSettings({ kubeconfig: 42, context: 7 }), { kubeconfig: [], context: undefined });
  });

  it('several files merge as kubectl merges KUBECONFIG; one file is explicit; none falls back to the environment', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-kc-'));
    try {
      const a = kubeconfig(dir, 'a', ['dev', 'shared'], 'dev');
      const b = kubeconfig(dir, 'b', ['prod', 'shared'], 'prod');
      const env = { HOME: dir };
      const merged = await loadKubeconfig(connectOptionsFor(readClusterSettings({ kubeconfig: [a, b] }), env, false));
      assert.ok(merged.ok);
      assert.deepEqual(merged.value.contexts.map((c) => c.name), ['dev', 'shared', 'prod']);
      assert.equal(merged.value.context, 'dev', 'the first current-context wins');
      const chosen = await loadKubeconfig(connectOptionsFor(readClusterSettings({ kubeconfig: [a, b], context: 'prod' }), env, false));
      assert.ok(chosen.ok);
      assert.equal(chosen.value.namespace, 'prod-ns');
      const one = connectOptionsFor(readClusterSettings({ kubeconfig: b }), env, true);
      assert.equal(one.kubeconfigPath, b);
      assert.equal(one.trusted, true);
      const fromEnv = connectOptionsFor(readClusterSettings({}), { KUBECONFIG: a }, false, 'shared');
      const viaEnv = await loadKubeconfig(fromEnv);
      assert.ok(viaEnv.ok);
      assert.equal(viaEnv.value.context, 'shared', 'a context override (the picker) beats the setting and the file');
      // The status bar's cheap read agrees with the real loader.
      assert.deepEqual(peekKubeconfig({ env: { KUBECONFIG: [a, b].join(path.delimiter) } }), { files: [a, b], currentContext: 'dev', contexts: ['dev', 'shared', 'prod'] });
      assert.deepEqual(peekKubeconfig({ kubeconfigPath: path.join(dir, 'missing') }), { files: [], currentContext: undefined, contexts: [] });
      const broken = path.join(dir, 'broken');
      fs.writeFileSync(broken, 'clusters: [unclosed');
      assert.deepEqual(peekKubeconfig({ kubeconfigPath: broken }).contexts, []);
      const loadBroken = await loadKubeconfig({ kubeconfigPath: broken, trusted: false });
      assert.ok(!loadBroken.ok);
      assert.match(connectionProblem(loadBroken.error.kind, loadBroken.error.message), /^Kubeconfig problem: Cannot read kubeconfig .*broken/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one clear line per connection problem', () => {
    assert.match(connectionProblem('unauthorized', 'Unauthorized.'), /refused the credentials \(401\).*log in again/);
    assert.match(connectionProblem('unreachable', 'Cannot reach https://x: ECONNREFUSED'), /^The cluster is not reachable: Cannot reach/);
    assert.match(connectionProblem('untrusted', 'Context "x" authenticates with an exec plugin "aws"; credential plugins run only in a trusted workspace.'), /Trust this workspace/);
  });
});

describe('reconcile.drift.ignoreDifferences', () => {
  it('accepts Argo CD-shaped rules', () => {
    const r = parseIgnoreDifferences([
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      { kind: '*', managedFieldsManagers: ['kube-controller-manager'], namespace: 'web' },
    ]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.rules, [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      { kind: '*', managedFieldsManagers: ['kube-controller-manager'], namespace: 'web' },
    ]);
  });

  it('names each bad rule and keeps the good ones', () => {
    const r = parseIgnoreDifferences([{ jsonPointers: ['/a'] }, { kind: 'Service', jsonPointers: ['spec.ports'] }, { kind: 'X', name: 3 }, 'nope', { kind: 'ConfigMap' }]);
    assert.deepEqual(r.rules, [{ kind: 'ConfigMap' }]);
    assert.deepEqual(r.problems, [
      'reconcile.drift.ignoreDifferences[0] needs a "kind" (use "*" for every kind).',
      'reconcile.drift.ignoreDifferences[1].jsonPointers: "spec.ports" is not a JSON pointer (it must start with "/", e.g. /spec/replicas).',
      'reconcile.drift.ignoreDifferences[2].name must be a string.',
      'reconcile.drift.ignoreDifferences[3] is not an object.',
    ]);
    assert.deepEqual(parseIgnoreDifferences({ kind: 'x' }).problems, ['reconcile.drift.ignoreDifferences must be a list of rules.']);
    assert.deepEqual(parseIgnoreDifferences(undefined), { rules: [], problems: [] });
  });
});
