import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { overlaysIncluding } from '../../../src/core/sync/sharedBase';

const REPO = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');

describe('overlaysIncluding', () => {
  it('finds both overlays of the shared podinfo base in the Flux example, and one for overlay files', async () => {
    const index = new RepositoryIndex({ root: REPO, fs: nodeFileSystem, settings: { repoUrls: [] } });
    await index.scan();
    assert.deepEqual(overlaysIncluding(index, 'apps/base/podinfo/release.yaml'), ['apps/production/kustomization.yaml', 'apps/staging/kustomization.yaml']);
    assert.deepEqual(overlaysIncluding(index, 'apps/production/podinfo-values.yaml'), ['apps/production/kustomization.yaml']);
    assert.deepEqual(overlaysIncluding(index, 'no/such/file.yaml'), []);
  });
});
