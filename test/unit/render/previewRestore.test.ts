// Preview panels after a window reload: the targets of open panels are kept by title in workspace
// state (closing forgets), found again in a fresh index of the e2e fixture (apps by file, document and
// name; a removed app or folder is not restored), and the extension activates for the panel type.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { PREVIEW_VIEW_TYPE, RememberedPreviews, restoreTarget, saveTarget, StateStore } from '../../../src/vscode/preview/previewRestore';
import { targetKey, targetLabel } from '../../../src/vscode/preview/renderPreview';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'e2e-repo');
const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

async function indexOf(root: string): Promise<RepositoryIndex> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
  await index.scan();
  return index;
}

/** workspaceState as VS Code keeps it: JSON in, JSON out (a reload sees only what survived serialization). */
class JsonMemento implements StateStore {
  readonly data = new Map<string, string>();
  get<T>(key: string): T | undefined {
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }
}

describe('preview restore after reload', () => {
  it('remembers open panels by title and finds their targets in a fresh index', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-preview-restore-'));
    temps.push(root);
    fs.cpSync(FIXTURE, root, { recursive: true });
    const before = await indexOf(root);
    const app = before.apps().find((a) => a.kind === 'FluxKustomization');
    assert.ok(app, 'the fixture defines a Flux Kustomization');
    const targets = [{ kind: 'app' as const, app }, { kind: 'path' as const, path: 'apps/production' }, { kind: 'path' as const, path: 'apps/base/podinfo' }];
    const state = new JsonMemento();
    const remembered = new RememberedPreviews(state);
    for (const t of targets) await remembered.opened(`Preview: ${targetLabel(t)}`, t);
    await remembered.opened(`Preview: ${targetLabel(targets[1])}`, targets[1]); // revealed again: still one entry
    await remembered.closed(targets[2]);

    // The reload: a new index, a new RememberedPreviews over the same stored JSON.
    const after = await indexOf(root);
    const again = new RememberedPreviews(state);
    const none = () => false;
    const appSaved = again.find(`Preview: ${targetLabel(targets[0])}`, none);
    assert.deepEqual(appSaved, saveTarget(targets[0]));
    const appRestored = restoreTarget(appSaved!, after);
    assert.ok(appRestored);
    assert.equal(targetKey(appRestored), targetKey(targets[0]));
    assert.deepEqual(restoreTarget(again.find('Preview: apps/production', none)!, after), { kind: 'path', path: 'apps/production' });
    assert.equal(again.find('Preview: apps/base/podinfo', none), undefined, 'closed by hand: not restored');
    assert.equal(again.find('Preview: apps/production', () => true), undefined, 'each remembered panel is restored once');

    // What a panel showed was deleted while the window was closed.
    fs.rmSync(path.join(root, 'apps/production'), { recursive: true });
    fs.rmSync(path.join(root, app.file));
    const changed = await indexOf(root);
    assert.equal(restoreTarget({ kind: 'path', path: 'apps/production' }, changed), undefined);
    assert.equal(restoreTarget(appSaved!, changed), undefined);
  });

  it('ignores stored entries it cannot read', () => {
    const state = new JsonMemento();
    state.data.set('reconcile.preview.openPanels', JSON.stringify([{ title: 'Preview: x' }, { title: 'Preview: y', target: { kind: 'app', file: 3 } }, 'junk']));
    assert.equal(new RememberedPreviews(state).find('Preview: x', () => false), undefined);
    assert.equal(new RememberedPreviews(state).find('Preview: y', () => false), undefined);
  });

  it('package.json activates the extension for restored preview panels of the type the panel uses', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { activationEvents: string[] };
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${PREVIEW_VIEW_TYPE}`), pkg.activationEvents.join(', '));
  });
});
