import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOpenSyncPrArgs } from '../../../src/vscode/sync/openSyncPrArgs';

describe('parseOpenSyncPrArgs', () => {
  it('accepts nothing, a file list, or a full request, and drops wrong types', () => {
    assert.deepEqual(parseOpenSyncPrArgs(undefined), {});
    // The Source Control title button passes the SCM provider object: no files.
    assert.deepEqual(parseOpenSyncPrArgs({ rootUri: {} }), { files: undefined, title: undefined, base: undefined, remote: undefined, draft: undefined });
    assert.deepEqual(parseOpenSyncPrArgs(['a.yaml', 3]), { files: ['a.yaml'] });
    assert.deepEqual(parseOpenSyncPrArgs({ files: ['a.yaml'], title: 'T', base: 'main', remote: 'fork', draft: true }), { files: ['a.yaml'], title: 'T', base: 'main', remote: 'fork', draft: true });
    assert.equal(parseOpenSyncPrArgs({ title: '  ' }).title, undefined);
    assert.equal(parseOpenSyncPrArgs({ remote: ' upstream ' }).remote, 'upstream');
    assert.equal(parseOpenSyncPrArgs({ remote: '' }).remote, undefined);
    assert.equal(parseOpenSyncPrArgs({ remote: 7 }).remote, undefined);
  });
});
