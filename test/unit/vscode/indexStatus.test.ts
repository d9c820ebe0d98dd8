// The one index status bar item over every workspace folder's scan.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FolderIndexPhase, indexStatusView } from '../../../src/vscode/indexing/indexStatus';

const summary = (resources: number, files = resources, errors = 0, skipped = 0) => ({ files, documents: files, resources, errors, skipped });
const ready = (resources: number, files?: number, errors?: number): FolderIndexPhase => ({ phase: 'ready', summary: summary(resources, files, errors) });

describe('indexStatusView, one folder (what the item said before multi-root)', () => {
  it('counts', () => {
    assert.deepEqual(indexStatusView([{ name: 'a', status: { phase: 'ready', summary: { files: 4, documents: 6, resources: 9, errors: 1, skipped: 2 } } }]), {
      visible: true,
      text: '$(symbol-class) 9 resources',
      tooltip: 'Reconcile: 9 Kubernetes resources in 4 files (6 documents, 1 problem, 2 skipped). Click to show them.',
      command: 'reconcile.resources.focus',
      state: 'ready',
    });
    assert.equal(indexStatusView([{ name: 'a', status: ready(1) }]).text, '$(symbol-class) 1 resource');
  });

  it('progress, cancellation, failure, and nothing before the first scan', () => {
    assert.equal(indexStatusView([{ name: 'a', status: { phase: 'scanning' } }]).text, '$(sync~spin) Reconcile: indexing');
    const scanning = indexStatusView([{ name: 'a', status: { phase: 'scanning', done: 3, total: 10 } }]);
    assert.equal(scanning.text, '$(sync~spin) Reconcile: indexing 3/10');
    assert.equal(scanning.command, 'reconcile.cancelIndexing');
    assert.equal(indexStatusView([{ name: 'a', status: { phase: 'cancelled' } }]).command, 'reconcile.refreshIndex');
    const failed = indexStatusView([{ name: 'a', status: { phase: 'failed', message: 'EACCES' } }]);
    assert.equal(failed.tooltip, 'EACCES\nClick to show the log.');
    assert.equal(failed.state, 'failed');
    assert.equal(indexStatusView([{ name: 'a', status: { phase: 'hidden' } }]).visible, false);
  });
});

describe('indexStatusView, several folders', () => {
  it('adds the counts up and names each folder’s in the tooltip', () => {
    const v = indexStatusView([
      { name: 'platform', status: ready(9, 4) },
      { name: 'apps', status: ready(3, 2, 1) },
    ]);
    assert.equal(v.text, '$(symbol-class) 12 resources');
    assert.equal(v.tooltip, 'Reconcile: 12 Kubernetes resources in 6 files across 2 folders (platform: 9, apps: 3) (6 documents, 1 problem). Click to show them.');
    assert.equal(v.state, 'ready');
  });

  it('a scan anywhere shows progress summed over the folders scanning', () => {
    const v = indexStatusView([
      { name: 'platform', status: ready(9) },
      { name: 'apps', status: { phase: 'scanning', done: 2, total: 5 } },
      { name: 'tenants', status: { phase: 'scanning', done: 1, total: 4 } },
    ]);
    assert.equal(v.text, '$(sync~spin) Reconcile: indexing 3/9');
    assert.match(v.tooltip, /apps, tenants/);
    assert.equal(v.state, 'scanning');
  });

  it('a failure outranks a cancellation and counts; folders not scanned yet are left out', () => {
    const v = indexStatusView([
      { name: 'platform', status: ready(9) },
      { name: 'apps', status: { phase: 'failed', message: 'boom' } },
      { name: 'tenants', status: { phase: 'cancelled' } },
    ]);
    assert.equal(v.text, '$(error) Reconcile: indexing failed');
    assert.equal(v.tooltip, 'apps: boom\nClick to show the log.');
    const c = indexStatusView([{ name: 'platform', status: ready(9) }, { name: 'apps', status: { phase: 'cancelled' } }, { name: 'new', status: { phase: 'hidden' } }]);
    assert.equal(c.state, 'cancelled');
    const r = indexStatusView([{ name: 'platform', status: ready(9) }, { name: 'new', status: { phase: 'hidden' } }]);
    assert.equal(r.text, '$(symbol-class) 9 resources');
    assert.equal(indexStatusView([{ name: 'a', status: { phase: 'hidden' } }, { name: 'b', status: { phase: 'hidden' } }]).visible, false);
  });
});
