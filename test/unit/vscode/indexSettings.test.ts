// Settings → index settings, checked against what the real index then excludes.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { filesExcludeGlobs, toIndexSettings } from '../../../src/vscode/indexing/indexSettings';

const FIXTURE = path.resolve(__dirname, '../../fixtures/e2e-repo');

describe('filesExcludeGlobs', () => {
  it('keeps only patterns switched on, and makes folder patterns cover their contents', () => {
    assert.deepEqual(filesExcludeGlobs({ '**/.git': true, '**/misc': true, '**/off': false, '**/*.tmp': { when: '$(basename).ts' } }), [
      '**/.git',
      '**/.git/**',
      '**/misc',
      '**/misc/**',
    ]);
    assert.deepEqual(filesExcludeGlobs(undefined), []);
    assert.deepEqual(filesExcludeGlobs('nonsense'), []);
  });
});

describe('toIndexSettings', () => {
  it('merges defaults, reconcile.exclude and files.exclude; converts MB to bytes', () => {
    const s = toIndexSettings({ exclude: ['legacy/**', 42, ''], maxFileSizeMB: 1.5, filesExclude: { '**/misc': true } });
    assert.deepEqual(s.exclude, ['**/node_modules/**', '**/.git/**', 'legacy/**', '**/misc', '**/misc/**']);
    assert.equal(s.maxFileSizeBytes, 1.5 * 1024 * 1024);
    assert.equal('repoUrls' in s, false);
  });

  it('falls back to 5 MB for a missing or invalid size, and passes repo URLs on', () => {
    assert.equal(toIndexSettings({ maxFileSizeMB: -3 }).maxFileSizeBytes, 5 * 1024 * 1024);
    assert.equal(toIndexSettings({ maxFileSizeMB: 'big' }).maxFileSizeBytes, 5 * 1024 * 1024);
    assert.deepEqual(toIndexSettings({ repoUrls: ['https://example.com/a.git'] }).repoUrls, ['https://example.com/a.git']);
  });

  it('the real index honours a files.exclude folder pattern and reconcile.exclude globs', async () => {
    const index = new RepositoryIndex({
      root: FIXTURE,
      fs: nodeFileSystem,
      settings: toIndexSettings({ filesExclude: { '**/misc': true }, exclude: ['apps/base/podinfo/service.yaml'] }),
    });
    await index.scan();
    const files = index.files().map((f) => f.path);
    assert.ok(!files.some((f) => f.startsWith('misc/')), files.join(', '));
    assert.ok(!files.includes('apps/base/podinfo/service.yaml'));
    assert.ok(files.includes('apps/base/podinfo/deployment.yaml'));
  });

  it('a small maxFileSizeMB makes the index skip larger files', async () => {
    const index = new RepositoryIndex({ root: FIXTURE, fs: nodeFileSystem, settings: toIndexSettings({ maxFileSizeMB: 0.0005 }) });
    await index.scan();
    const deployment = index.getFile('apps/base/podinfo/deployment.yaml');
    assert.equal(deployment?.role, 'skipped', 'deployment.yaml is over 524 bytes');
    assert.equal(index.getFile('apps/base/podinfo/namespace.yaml')?.role, 'manifests');
  });
});
