// Where go-to-definition leads, for each kind of reference the real index records on real files.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import type { Reference } from '../../../src/core/index/model';
import { definitionTargets, rangeContains } from '../../../src/vscode/navigation/definitionTargets';

const FIXTURE = path.resolve(__dirname, '../../fixtures/e2e-repo');
const MULTI_TENANCY = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-multi-tenancy');

describe('definitionTargets on the fixture', () => {
  let index: RepositoryIndex;
  before(async () => {
    index = new RepositoryIndex({ root: FIXTURE, fs: nodeFileSystem });
    await index.scan();
  });
  const ref = (file: string, text: string): Reference => {
    const r = index.referencesFrom(file).find((x) => x.text === text);
    assert.ok(r, `no reference "${text}" in ${file}`);
    return r;
  };

  it('a kustomization resources file entry → that file', () => {
    assert.deepEqual(definitionTargets(index, ref('apps/base/podinfo/kustomization.yaml', 'deployment.yaml')), [{ file: 'apps/base/podinfo/deployment.yaml', line: 0 }]);
  });

  it('a kustomization resources directory entry → the directory’s kustomization.yaml', () => {
    assert.deepEqual(definitionTargets(index, ref('apps/production/kustomization.yaml', '../base/podinfo')), [{ file: 'apps/base/podinfo/kustomization.yaml', line: 0 }]);
  });

  it('a Flux path → the kustomization of that directory', () => {
    assert.deepEqual(definitionTargets(index, ref('clusters/production/apps.yaml', './apps/production')), [{ file: 'apps/production/kustomization.yaml', line: 0 }]);
  });

  it('a Flux sourceRef → the GitRepository document, at its first line', () => {
    const source = index.referencesFrom('clusters/production/apps.yaml').find((r) => r.type === 'flux-source');
    assert.ok(source);
    assert.deepEqual(definitionTargets(index, source), [{ file: 'clusters/production/flux-system/gotk-sync.yaml', documentIndex: 0, line: 2 }]);
  });

  it('a remote target or a missing file leads nowhere', () => {
    const base = ref('apps/base/podinfo/kustomization.yaml', 'deployment.yaml');
    assert.deepEqual(definitionTargets(index, { ...base, target: { type: 'remote', url: 'https://github.com/x/y//deploy?ref=v1' } }), []);
    assert.deepEqual(definitionTargets(index, { ...base, target: { type: 'path', path: 'apps/base/podinfo/nope.yaml' }, resolved: false }), []);
    assert.deepEqual(definitionTargets(index, { ...base, target: { type: 'directory', path: 'misc' } }), [], 'a folder without a kustomization');
  });

  it('the reference range from locate() contains the cursor on the value, end inclusive', async () => {
    const r = ref('apps/base/podinfo/kustomization.yaml', 'deployment.yaml');
    const at = await index.locate(r.source.file, r.source.documentIndex, r.source.path, 'value');
    assert.ok(at);
    const text = await index.readText(r.source.file);
    assert.equal(text.slice(at.start, at.end), 'deployment.yaml');
    assert.ok(rangeContains(at, at.start) && rangeContains(at, at.end) && !rangeContains(at, at.end + 1) && !rangeContains(at, at.start - 1));
  });
});

describe('definitionTargets on a real multi-tenant Flux repository', () => {
  it('every resolved reference leads somewhere that is in the index', async () => {
    const index = new RepositoryIndex({ root: MULTI_TENANCY, fs: nodeFileSystem });
    await index.scan();
    const resolved = index.references().filter((r) => r.resolved && r.target.type !== 'remote');
    assert.ok(resolved.length > 10, `only ${resolved.length} resolved references`);
    let withTargets = 0;
    for (const r of resolved) {
      const targets = definitionTargets(index, r);
      for (const t of targets) assert.ok(index.getFile(t.file), `${r.source.file} "${r.text}" → ${t.file} is not indexed`);
      if (targets.length > 0) withTargets++;
    }
    // Directories without a kustomization file (plain folders) have nothing to open; everything else must.
    const plainDirs = resolved.filter((r) => (r.target.type === 'directory' || r.target.type === 'path') && !index.getFile(r.target.path) && !index.kustomizationIn(r.target.path)).length;
    assert.equal(withTargets, resolved.length - plainDirs);
  });
});
