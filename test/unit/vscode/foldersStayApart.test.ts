// Two workspace folders side by side, each indexed as its own repository (what the folder registry builds):
// a kustomization in one that names a file of the other by `..` does not reach it, go-to-definition leads
// nowhere, and each file routes to its own folder's index.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { folderForUri } from '../../../src/vscode/folderRouting';
import { definitionTargets } from '../../../src/vscode/navigation/definitionTargets';

describe('references never cross workspace folders', () => {
  let base: string;
  const folders: Array<{ key: string; root: { scheme: string; authority: string; path: string }; index: RepositoryIndex }> = [];
  const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-folders-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      fs.writeFileSync(path.join(base, rel), text);
    };
    write('platform/kustomization.yaml', 'resources:\n  - ../apps/shared.yaml\n  - local.yaml\n');
    write('platform/local.yaml', configMap('local'));
    write('apps/shared.yaml', configMap('shared'));
    write('apps/kustomization.yaml', 'resources:\n  - shared.yaml\n');
    for (const name of ['platform', 'apps']) {
      const root = path.join(base, name);
      const index = new RepositoryIndex({ root, fs: nodeFileSystem });
      await index.scan();
      folders.push({ key: `file://${root}`, root: { scheme: 'file', authority: '', path: root.split(path.sep).join('/') }, index });
    }
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('the other folder’s file is not resolved, not a definition target, and not part of the app', () => {
    const platform = folders[0].index;
    const refs = platform.referencesFrom('kustomization.yaml');
    const outside = refs.find((r) => r.text === '../apps/shared.yaml');
    const inside = refs.find((r) => r.text === 'local.yaml');
    assert.ok(outside && inside);
    assert.equal(outside.resolved, false);
    assert.equal(inside.resolved, true);
    assert.deepEqual(definitionTargets(platform, outside), []);
    assert.deepEqual(definitionTargets(platform, inside), [{ file: 'local.yaml', line: 0 }]);
    const app = platform.apps().find((a) => a.kind === 'KustomizeDirectory');
    assert.ok(app);
    assert.deepEqual(platform.appResources(app).map((r) => r.name), ['local']);
    assert.deepEqual(platform.findObjects({ kind: 'ConfigMap', name: 'shared' }), []);
  });

  it('each folder indexes only its own files, and a file routes to the index that has it', () => {
    assert.deepEqual(folders[1].index.resources().map((r) => r.name), ['shared']);
    const file = { scheme: 'file', authority: '', path: `${folders[1].root.path}/shared.yaml` };
    const owner = folderForUri(folders, file);
    assert.equal(owner, folders[1]);
    assert.ok(owner.index.getFile('shared.yaml'));
    assert.equal(folders[0].index.getFile('shared.yaml'), undefined);
  });
});
