// Validation of rendered output mapped back to sources: real overlays rendered by the built-in engine,
// checked with the real bundled schemas; each finding must land on the file and line a user would edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { hasPath, validateRendered } from '../../../src/core/render/validateRendered';
import { newValidator, writeRepo } from '../validate/helpers';

const base = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n',
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
  'base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
`,
};

async function renderAndValidate(files: Record<string, string>, dir: string) {
  const root = writeRepo(files);
  const r = await renderKustomization(nodeFileSystem, path.join(root, dir), { root });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  const findings = await validateRendered(newValidator('1.34'), r.manifests, { readText: async (f) => fs.readFileSync(path.join(root, f), 'utf8') });
  return findings.map((f) => `${f.range.file}:${f.range.startPos.line + 1} ${f.code} ${f.located} ${f.object}`);
}

test('a clean overlay has no findings', async () => {
  const got = await renderAndValidate({ ...base, 'prod/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: prod-\n' }, 'prod');
  assert.deepEqual(got, []);
});

test('a wrong field type set by a strategic-merge patch is reported in the patch file, not the base', async () => {
  const got = await renderAndValidate(
    {
      ...base,
      'prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: replicas.yaml\n',
      'prod/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: many\n',
    },
    'prod',
  );
  assert.equal(got.length, 1, got.join('\n'));
  assert.match(got[0], /^prod\/replicas\.yaml:6 RC11\d\d patch Deployment\/web$/);
});

test('a problem present in the base document is reported at its line in the base', async () => {
  const bad = base['base/service.yaml'].replace('    - port: 80', '    - port: eighty');
  const got = await renderAndValidate({ ...base, 'base/service.yaml': bad, 'prod/kustomization.yaml': 'resources:\n  - ../base\nnamespace: prod\n' }, 'prod');
  assert.equal(got.length, 1, got.join('\n'));
  assert.match(got[0], /^base\/service\.yaml:8 RC11\d\d origin Service\/web$/);
});

test('a field created by a JSON 6902 patch (no document holds the path) falls back to the nearest field of the origin', async () => {
  const got = await renderAndValidate(
    {
      ...base,
      'prod/kustomization.yaml': `resources:
  - ../base
patches:
  - target: {kind: Deployment, name: web}
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/imagePullPolicy
        value: Sometimes
`,
    },
    'prod',
  );
  assert.equal(got.length, 1, got.join('\n'));
  // The container item of the base (line 13: `- name: web`) is the deepest field the origin has.
  assert.match(got[0], /^base\/deployment\.yaml:13 RC11\d\d ancestor Deployment\/web$/);
});

test('removed apiVersions in rendered objects are reported at the origin apiVersion', async () => {
  const got = await renderAndValidate(
    {
      'app/kustomization.yaml': 'resources:\n  - psp.yaml\n',
      'app/psp.yaml': 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: x\nspec:\n  maxUnavailable: 1\n',
    },
    'app',
  );
  assert.deepEqual(got, ['app/psp.yaml:1 RC1201 origin PodDisruptionBudget/x']);
});

test('hasPath follows maps and list indexes only where they exist', () => {
  const v = { a: [{ b: 1 }], c: null };
  assert.equal(hasPath(v, ['a', 0, 'b']), true);
  assert.equal(hasPath(v, ['a', 1]), false);
  assert.equal(hasPath(v, ['c']), true);
  assert.equal(hasPath(v, ['c', 'd']), false);
  assert.equal(hasPath(v, ['a', 'b']), false);
});
