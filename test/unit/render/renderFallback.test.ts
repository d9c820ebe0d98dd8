// Fields and plugins the built-in engine lacks: a clear error naming them, and in a trusted workspace a
// fallback to kubectl kustomize for that build only, which the result says. A script stands in for
// kubectl so the test runs anywhere and can check what it was asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTarget } from '../../../src/core/render/renderTarget';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';

function fixture(kustomization: string): { root: string; dir: string; fakeKubectl: string; log: string } {
  const root = mkdtempSync(join(tmpdir(), 'reconcile-fallback-'));
  const dir = join(root, 'app');
  mkdirSync(dir);
  writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
  writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  const log = join(root, 'argv.log');
  const fakeKubectl = join(root, 'kubectl');
  writeFileSync(fakeKubectl, `#!/bin/sh\necho "$@" > '${log}'\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: from-kubectl\\n'\n`);
  chmodSync(fakeKubectl, 0o755);
  return { root, dir, fakeKubectl, log };
}

const CASES: Array<[string, string, RegExp]> = [
  ['helmCharts', 'resources:\n- cm.yaml\nhelmCharts:\n- name: podinfo\n  repo: https://example.com/charts\n', /'helmCharts' is not supported by the built-in engine/],
  ['a KRM function transformer', "resources:\n- cm.yaml\ntransformers:\n- |\n  apiVersion: example.com/v1\n  kind: SetTeam\n  metadata:\n    name: x\n    annotations:\n      config.kubernetes.io/function: |\n        container:\n          image: example/set-team\n", /transformer 'example.com\/v1\/SetTeam' is not supported by the built-in engine/],
];

for (const [what, kustomization, message] of CASES) {
  test(`${what}: the built-in engine says it is not supported, naming it`, async () => {
    const f = fixture(kustomization);
    try {
      const r = await renderKustomization(nodeFileSystem, f.dir, { root: f.root });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.error.message, message);
        assert.ok(r.error.unsupported, 'the error names the unsupported field for a fallback');
      }
    } finally {
      rmSync(f.root, { recursive: true, force: true });
    }
  });

  test(`${what}: a trusted workspace falls back to kubectl kustomize for this build, and says so`, async () => {
    const f = fixture(kustomization);
    try {
      const r = await renderTarget(nodeFileSystem, f.dir, { trusted: true, repoRoot: f.root, kubectlPath: f.fakeKubectl });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      if (r.ok) {
        assert.equal(r.engine, 'kubectl');
        assert.match(r.note ?? '', /rendered with kubectl kustomize: the built-in engine does not support/);
        assert.match(r.units[0].yaml, /name: from-kubectl/);
      }
      assert.equal(readFileSync(f.log, 'utf8').trim(), `kustomize ${f.dir}`);
    } finally {
      rmSync(f.root, { recursive: true, force: true });
    }
  });

  test(`${what}: an untrusted workspace gets the error, and no binary runs`, async () => {
    const f = fixture(kustomization);
    try {
      const r = await renderTarget(nodeFileSystem, f.dir, { trusted: false, repoRoot: f.root, kubectlPath: f.fakeKubectl });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error.message, message);
      assert.throws(() => readFileSync(f.log), /ENOENT/);
    } finally {
      rmSync(f.root, { recursive: true, force: true });
    }
  });
}

test('supported kustomizations never fall back: the built-in engine renders them with origins', async () => {
  const f = fixture('resources:\n- cm.yaml\n');
  try {
    const r = await renderTarget(nodeFileSystem, f.dir, { trusted: true, repoRoot: f.root, kubectlPath: f.fakeKubectl });
    assert.ok(r.ok);
    if (r.ok) {
      assert.equal(r.engine, 'builtin');
      assert.equal(r.note, undefined);
      assert.ok(r.units[0].manifests?.length === 1);
    }
  } finally {
    rmSync(f.root, { recursive: true, force: true });
  }
});
