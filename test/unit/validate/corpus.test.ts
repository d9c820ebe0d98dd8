// The acceptance bar on real repositories: no errors on valid ones, the known bad ones found at the right lines.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { Diagnostic } from '../../../src/core/types';
import { brief, newValidator } from './helpers';
import { CORPUS } from './schemaDir';

async function validateCorpusRepo(name: string): Promise<{ diagnostics: Diagnostic[]; documents: number }> {
  const index = new RepositoryIndex({ root: path.join(CORPUS, name), fs: nodeFileSystem });
  await index.scan();
  const report = await newValidator().validateIndex(index);
  return { diagnostics: report.diagnostics, documents: report.documents };
}

const errorsOf = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('real repositories (test/fixtures/corpus)', () => {
  const results = new Map<string, { diagnostics: Diagnostic[]; documents: number }>();
  before(async () => {
    for (const name of ['fluxcd__flux2-kustomize-helm-example', 'fluxcd__flux2-multi-tenancy', 'cert-manager__cert-manager', 'kubernetes__examples']) {
      results.set(name, await validateCorpusRepo(name));
    }
  });

  for (const name of ['fluxcd__flux2-kustomize-helm-example', 'fluxcd__flux2-multi-tenancy', 'cert-manager__cert-manager']) {
    it(`${name}: no errors and no warnings`, () => {
      const r = results.get(name);
      assert.ok(r && r.documents > 10, `${name} has documents`);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${brief(d)} ${d.message}`),
        [],
      );
    });
  }

  it('cert-manager: Helm templates produce no diagnostics at all, the CRDs validate', () => {
    const r = results.get('cert-manager__cert-manager');
    assert.ok(r);
    assert.deepEqual(r.diagnostics.filter((d) => d.range.file.includes('/templates/')), []);
    assert.deepEqual(r.diagnostics.filter((d) => d.range.file.startsWith('deploy/crds/')), []);
  });

  it('kubernetes/examples outside _archived: no errors', () => {
    const r = results.get('kubernetes__examples');
    assert.ok(r);
    assert.deepEqual(errorsOf(r.diagnostics).filter((d) => !d.range.file.startsWith('_archived/')).map(brief), []);
  });

  it('kubernetes/examples _archived: the 12 removed-API objects at their apiVersion lines', () => {
    const r = results.get('kubernetes__examples');
    assert.ok(r);
    const removed = r.diagnostics.filter((d) => d.code === 'RC1201').map(brief).sort();
    const sc = (p: string) => `_archived/volumes/azure_disk/claim/${p}:2 RC1201`;
    assert.deepEqual(
      removed,
      [
        '_archived/cloud-controller-manager/persistent-volume-label-initializer-config.yaml:2 RC1201',
        '_archived/cockroachdb/cockroachdb-statefulset.yaml:57 RC1201',
        '_archived/newrelic-infrastructure/newrelic-infra-daemonset.yaml:1 RC1201',
        '_archived/podsecuritypolicy/rbac/policies.yaml:1 RC1201',
        '_archived/podsecuritypolicy/rbac/policies.yaml:26 RC1201',
        sc('blob-based-disk/account-specified-hdd/storageclass-account-hdd.yaml'),
        sc('blob-based-disk/dedicated-hdd/storageclass-dedicated-hdd.yaml'),
        sc('blob-based-disk/shared-hdd/storageclass-shared-hdd.yaml'),
        sc('blob-based-disk/shared-ssd/storageclass-shared-ssd.yaml'),
        sc('managed-disk/managed-hdd/storageclass-managed-hdd.yaml'),
        sc('managed-disk/managed-ssd/storageclass-managed-ssd.yaml'),
        '_archived/volumes/flexvolume/deploy/ds.yaml:1 RC1201',
      ].sort(),
    );
    // The StorageClass move is mechanical, so it carries a quick fix.
    const fix = r.diagnostics.find((d) => d.code === 'RC1201' && d.range.file.endsWith('storageclass-managed-hdd.yaml'))?.fixes?.[0];
    assert.equal(fix?.edits[0].newText, 'storage.k8s.io/v1');
  });

  it('kubernetes/examples _archived: the 5 duplicate-key files at the second key', () => {
    const r = results.get('kubernetes__examples');
    assert.ok(r);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'RC0002').map(brief).sort(),
      [
        '_archived/openshift-origin/etcd-controller.yaml:12 RC0002',
        '_archived/openshift-origin/etcd-discovery-controller.yaml:12 RC0002',
        '_archived/openshift-origin/openshift-controller.yaml:12 RC0002',
        '_archived/persistent-volume-provisioning/quobyte/quobyte-admin-secret.yaml:9 RC0002',
        '_archived/volumes/scaleio/sc-pvc.yaml:12 RC0002',
      ],
    );
  });

  it('kubernetes/examples _archived: {{ }} template files get one note each, not schema errors', () => {
    const r = results.get('kubernetes__examples');
    assert.ok(r);
    const templates = r.diagnostics.filter((d) => /-template\.yaml$/.test(d.range.file));
    assert.deepEqual(templates.map((d) => `${d.code} ${d.severity}`), Array(5).fill('RC1002 info'));
  });
});
