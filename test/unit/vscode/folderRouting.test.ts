// Routing in a multi-root workspace: which folder a file, a tree item or a one-repository command belongs to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseFolder, folderForUri, folderKeyOf, isUnder, scopedId } from '../../../src/vscode/folderRouting';

const uri = (path: string, scheme = 'file', authority = '') => ({ scheme, authority, path });
const folder = (path: string, scheme = 'file') => ({ key: `${scheme}://${path}`, root: uri(path, scheme) });

const platform = folder('/ws/platform');
const apps = folder('/ws/apps');
const nested = folder('/ws/platform/clusters');

describe('folderForUri', () => {
  it('finds the folder holding a file, and none for a file outside every folder', () => {
    assert.equal(folderForUri([platform, apps], uri('/ws/apps/base/deploy.yaml')), apps);
    assert.equal(folderForUri([platform, apps], uri('/ws/platform/kustomization.yaml')), platform);
    assert.equal(folderForUri([platform, apps], uri('/ws/other/x.yaml')), undefined);
    assert.equal(folderForUri([platform, apps], undefined), undefined);
  });

  it('does not take a sibling whose name starts the same (/ws/apps-old is not under /ws/apps)', () => {
    assert.equal(folderForUri([platform, apps], uri('/ws/apps-old/x.yaml')), undefined);
    assert.equal(isUnder(apps.root, uri('/ws/apps')), true);
    assert.equal(isUnder(apps.root, uri('/ws/apps/')), true);
  });

  it('gives a file of a nested folder to the deepest folder, in either order', () => {
    const file = uri('/ws/platform/clusters/prod/flux.yaml');
    assert.equal(folderForUri([platform, nested], file), nested);
    assert.equal(folderForUri([nested, platform], file), nested);
    assert.equal(folderForUri([nested, platform], uri('/ws/platform/apps/x.yaml')), platform);
  });

  it('keeps schemes and authorities apart (a virtual folder at the same path is another folder)', () => {
    const remote = { key: 'vscode-vfs://github/ws/apps', root: uri('/ws/apps', 'vscode-vfs', 'github') };
    assert.equal(folderForUri([apps, remote], uri('/ws/apps/a.yaml', 'vscode-vfs', 'github')), remote);
    assert.equal(folderForUri([remote], uri('/ws/apps/a.yaml')), undefined);
    assert.equal(folderForUri([remote], uri('/ws/apps/a.yaml', 'vscode-vfs', 'gitlab')), undefined);
  });
});

describe('chooseFolder (one-repository commands)', () => {
  const both = [platform, apps];

  it('with one folder never asks', () => {
    assert.deepEqual(chooseFolder([platform], {}), { kind: 'folder', folder: platform, why: 'only' });
  });

  it('with no folder has nothing to run in', () => {
    assert.deepEqual(chooseFolder([], { activeEditor: uri('/ws/apps/a.yaml') }), { kind: 'none' });
  });

  it('takes the folder a tree item names over the active editor', () => {
    const c = chooseFolder(both, { folder: apps.key, activeEditor: uri('/ws/platform/a.yaml') });
    assert.deepEqual(c, { kind: 'folder', folder: apps, why: 'named' });
  });

  it('takes the folder of a URI argument (explorer, editor title) over the active editor', () => {
    const c = chooseFolder(both, { uri: uri('/ws/platform/k.yaml'), activeEditor: uri('/ws/apps/a.yaml') });
    assert.deepEqual(c, { kind: 'folder', folder: platform, why: 'uri' });
  });

  it('ignores a named folder that is no longer open and falls back to the editor', () => {
    const c = chooseFolder(both, { folder: 'file:///gone', activeEditor: uri('/ws/apps/a.yaml') });
    assert.deepEqual(c, { kind: 'folder', folder: apps, why: 'editor' });
  });

  it('takes the active editor’s folder when nothing more specific is known', () => {
    assert.deepEqual(chooseFolder(both, { activeEditor: uri('/ws/platform/x.yaml') }), { kind: 'folder', folder: platform, why: 'editor' });
  });

  it('asks among all folders when the editor is outside them (or there is none)', () => {
    assert.deepEqual(chooseFolder(both, {}), { kind: 'ask', candidates: both });
    assert.deepEqual(chooseFolder(both, { activeEditor: uri('/tmp/scratch.yaml') }), { kind: 'ask', candidates: both });
  });

  it('an object or file held by one folder only goes there, even with the editor in the other', () => {
    const c = chooseFolder(both, { holding: [apps.key], activeEditor: uri('/ws/platform/x.yaml') });
    assert.deepEqual(c, { kind: 'folder', folder: apps, why: 'holding' });
  });

  it('held by several folders: the editor’s among them, else a question among those only', () => {
    const three = [platform, apps, folder('/ws/tenants')];
    assert.deepEqual(chooseFolder(three, { holding: [platform.key, apps.key], activeEditor: uri('/ws/apps/x.yaml') }), { kind: 'folder', folder: apps, why: 'editor' });
    assert.deepEqual(chooseFolder(three, { holding: [platform.key, apps.key], activeEditor: uri('/ws/tenants/x.yaml') }), { kind: 'ask', candidates: [platform, apps] });
  });

  it('held by no folder: the editor’s folder, else a question', () => {
    assert.deepEqual(chooseFolder(both, { holding: [], activeEditor: uri('/ws/apps/x.yaml') }), { kind: 'folder', folder: apps, why: 'editor' });
    assert.deepEqual(chooseFolder(both, { holding: [] }), { kind: 'ask', candidates: both });
  });
});

describe('folder marks on nodes and ids', () => {
  it('reads the folder key a node or argument carries, enumerable or not', () => {
    assert.equal(folderKeyOf({ folder: apps.key }), apps.key);
    const hidden = Object.defineProperty({ id: 'x' }, 'folder', { value: platform.key, enumerable: false });
    assert.equal(folderKeyOf(hidden), platform.key);
    assert.equal(JSON.stringify(hidden), '{"id":"x"}', 'the mark does not change what the node serialises to');
    for (const none of [undefined, null, 'file:///ws/apps', 3, {}, { folder: '' }, { folder: 7 }]) assert.equal(folderKeyOf(none), undefined);
  });

  it('scopes ids by folder only when a folder is given', () => {
    assert.equal(scopedId(undefined, 'app:x'), 'app:x');
    assert.notEqual(scopedId(platform.key, 'app:x'), scopedId(apps.key, 'app:x'));
  });
});
