// Adopt live values on the real Flux example (test/fixtures/corpus): in place for a file only one app
// uses, as an overlay patch when the base is shared by production and staging.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { adoptLiveValues, buildAdoptPatch } from '../../../src/core/sync/adopt';
import { ResourceId } from '../../../src/core/types';

const REPO = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');
const readFile = async (f: string) => fs.readFile(path.join(REPO, f), 'utf8').catch(() => undefined);
const RELEASE: ResourceId = { group: 'helm.toolkit.fluxcd.io', version: 'v2', kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' };

describe('adoptLiveValues', () => {
  it('writes a drifted value into the defining file, every other byte unchanged', async () => {
    const original = (await readFile('apps/base/podinfo/release.yaml'))!;
    const r = await adoptLiveValues({
      id: RELEASE,
      liveObject: {},
      fields: [{ path: ['spec', 'interval'], live: '5m' }],
      origin: { file: 'apps/base/podinfo/release.yaml', documentIndex: 0 },
      readFile,
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.length, 1);
    assert.equal(r.value[0].text, original.replace('interval: 50m', 'interval: 5m'));
    assert.match(r.value[0].text, /# Default values\n  # https:\/\/github.com\/stefanprodan/);
  });

  it('adds a patch to the overlay when the base is shared, and lists it in the kustomization', async () => {
    const live = { spec: { interval: '5m', values: { redis: { enabled: false } } } };
    const r = await adoptLiveValues({
      id: RELEASE,
      liveObject: live,
      fields: [
        { path: ['spec', 'interval'], live: '5m' },
        { path: ['spec', 'values', 'redis', 'enabled'], live: false },
      ],
      origin: { file: 'apps/base/podinfo/release.yaml', documentIndex: 0 },
      overlay: { kustomizationFile: 'apps/production/kustomization.yaml' },
      readFile,
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const [patch, kustomization] = r.value;
    assert.equal(patch.file, 'apps/production/adopt-helmrelease-podinfo-podinfo.yaml');
    assert.equal(patch.created, true);
    assert.deepEqual(parseDocument(patch.text).toJS(), {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'podinfo' },
      spec: { interval: '5m', values: { redis: { enabled: false } } },
    });
    const before = (await readFile('apps/production/kustomization.yaml'))!;
    assert.equal(kustomization.text, before.replace('      kind: HelmRelease\n', '      kind: HelmRelease\n  - path: adopt-helmrelease-podinfo-podinfo.yaml\n'));
    // Adopting again finds the patch listed and merges into the existing patch file.
    const again = await adoptLiveValues({
      id: RELEASE,
      liveObject: live,
      fields: [{ path: ['spec', 'interval'], live: '7m' }],
      origin: { file: 'apps/base/podinfo/release.yaml', documentIndex: 0 },
      overlay: { kustomizationFile: 'apps/production/kustomization.yaml' },
      readFile: async (f) => (f === patch.file ? patch.text : f === kustomization.file ? kustomization.text : readFile(f)),
    });
    assert.ok(again.ok, again.ok ? '' : again.error.message);
    assert.equal(again.value.length, 1);
    assert.equal(again.value[0].text, patch.text.replace('interval: 5m', 'interval: 7m'));
  });

  it('refuses Secrets', async () => {
    const r = await adoptLiveValues({
      id: { group: '', version: 'v1', kind: 'Secret', namespace: 'a', name: 's' },
      liveObject: {},
      fields: [{ path: ['data', 'x'], live: 'eA==' }],
      origin: { file: 'x.yaml', documentIndex: 0 },
      readFile,
    });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'secret-refused');
  });
});

describe('buildAdoptPatch', () => {
  it('addresses list items by merge key and replaces lists without one', () => {
    const live = {
      spec: {
        template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
        args: ['a', 'b'],
      },
    };
    const p = buildAdoptPatch({ group: 'apps', version: 'v1', kind: 'Deployment', name: 'web' }, live, [
      { path: ['spec', 'template', 'spec', 'containers', 0, 'image'], live: 'nginx:1.27' },
      { path: ['spec', 'args', 1], live: 'b' },
      { path: ['spec', 'paused'], live: undefined },
    ]);
    assert.deepEqual(p, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }, args: ['a', 'b'], paused: null },
    });
  });
});
