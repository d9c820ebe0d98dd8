// The folder registry's bookkeeping: setups for folders present and added later, disposal when a folder
// goes, the workspace's order, per-folder values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FolderEntry, FolderSet } from '../../../src/vscode/folderSet';

interface Folder extends FolderEntry {
  name: string;
}

const folder = (name: string): Folder => ({ key: `file:///ws/${name}`, name, subscriptions: [] });
const keys = (...names: string[]) => names.map((n) => `file:///ws/${n}`);

function recording() {
  const log: string[] = [];
  const errors: string[] = [];
  const set = new FolderSet<Folder>((f, err) => errors.push(`${f.name}: ${err instanceof Error ? err.message : String(err)}`));
  return { set, log, errors };
}

describe('FolderSet', () => {
  it('runs a setup for the folders present and for each folder added later, once per folder', () => {
    const { set, log } = recording();
    set.update([folder('platform')], [], keys('platform'));
    set.eachFolder((f) => void log.push(`validation ${f.name}`));
    set.eachFolder((f) => void log.push(`drift ${f.name}`));
    set.update([folder('apps')], [], keys('platform', 'apps'));
    assert.deepEqual(log, ['validation platform', 'drift platform', 'validation apps', 'drift apps']);
  });

  it('disposes what a removed folder had, last first, and leaves the other folders alone', () => {
    const { set, log } = recording();
    const platform = folder('platform');
    platform.subscriptions.push({ dispose: () => log.push('platform index') });
    set.update([platform, folder('apps')], [], keys('platform', 'apps'));
    set.eachFolder((f) => ({ dispose: () => log.push(`controller ${f.name}`) }));
    set.eachFolder((f) => [{ dispose: () => log.push(`view ${f.name}`) }, { dispose: () => log.push(`watcher ${f.name}`) }]);
    const change = set.update([], keys('platform'), keys('apps'));
    assert.deepEqual(change.removed, [platform]);
    assert.deepEqual(log, ['watcher platform', 'view platform', 'controller platform', 'platform index']);
    assert.deepEqual(set.all().map((f) => f.name), ['apps']);
    assert.deepEqual(set.update([], keys('gone'), keys('apps')), { added: [], removed: [] }, 'removing an unknown folder changes nothing');
  });

  it('keeps the workspace’s order, whatever order folders arrive in', () => {
    const { set } = recording();
    set.update([folder('apps')], [], keys('platform', 'apps'));
    set.update([folder('platform'), folder('tenants')], [], keys('platform', 'apps', 'tenants'));
    assert.deepEqual(set.all().map((f) => f.name), ['platform', 'apps', 'tenants']);
  });

  it('skips a folder it has already (disposing the duplicate built for it)', () => {
    const { set, log } = recording();
    set.update([folder('platform')], [], keys('platform'));
    const again = folder('platform');
    again.subscriptions.push({ dispose: () => log.push('duplicate disposed') });
    assert.deepEqual(set.update([again], [], keys('platform')).added, []);
    assert.equal(set.all().length, 1);
    assert.deepEqual(log, ['duplicate disposed']);
  });

  it('keeps per-folder values in folder order, and drops a removed folder’s', () => {
    const { set, log } = recording();
    set.update([folder('platform'), folder('apps')], [], keys('platform', 'apps'));
    const controllers = set.perFolder((f) => ({ name: `controller of ${f.name}`, dispose: () => log.push(`disposed ${f.name}`) }));
    assert.deepEqual(controllers.entries().map((e) => e.value.name), ['controller of platform', 'controller of apps']);
    const apps = set.byKey(keys('apps')[0]);
    assert.equal(controllers.get(apps)?.name, 'controller of apps');
    assert.equal(controllers.get(undefined), undefined);
    set.update([], keys('apps'), keys('platform'));
    assert.deepEqual(log, ['disposed apps']);
    assert.equal(controllers.get(apps), undefined);
    assert.deepEqual(controllers.entries().map((e) => e.services.name), ['platform']);
    set.update([folder('tenants')], [], keys('platform', 'tenants'));
    assert.deepEqual(controllers.entries().map((e) => e.value.name), ['controller of platform', 'controller of tenants']);
  });

  it('a setup that throws for one folder is reported and does not stop the other setups or folders', () => {
    const { set, log, errors } = recording();
    set.eachFolder((f) => {
      if (f.name === 'broken') throw new Error('no git');
      log.push(`history ${f.name}`);
    });
    set.eachFolder((f) => void log.push(`drift ${f.name}`));
    set.update([folder('broken'), folder('apps')], [], keys('broken', 'apps'));
    assert.deepEqual(errors, ['broken: no git']);
    assert.deepEqual(log, ['drift broken', 'history apps', 'drift apps']);
  });

  it('clear disposes every folder', () => {
    const { set, log } = recording();
    set.update([folder('platform'), folder('apps')], [], keys('platform', 'apps'));
    set.eachFolder((f) => ({ dispose: () => log.push(f.name) }));
    set.clear();
    assert.deepEqual(log, ['platform', 'apps']);
    assert.deepEqual(set.all(), []);
  });
});
