import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryButtons } from '../../../src/vscode/sync/retryButtons';

describe('retryButtons', () => {
  it('offers Retry for a kept branch and the copyable command when there is one', () => {
    assert.deepEqual(retryButtons({ code: 'server-error', branch: 'reconcile/x-1234567', retry: 'reconcile pr --resume reconcile/x-1234567 --base main --title x' }), {
      resumeBranch: 'reconcile/x-1234567',
      buttons: ['Retry', 'Copy retry command'],
    });
    assert.deepEqual(retryButtons({ code: 'cancelled', branch: 'reconcile/x-1234567' }), { resumeBranch: 'reconcile/x-1234567', buttons: ['Retry'] });
  });

  it('offers nothing to resume when no branch was kept, or the branch is not this run\'s', () => {
    assert.deepEqual(retryButtons({ code: 'merge-conflict' }), { resumeBranch: undefined, buttons: [] });
    assert.deepEqual(retryButtons({ code: 'branch-exists', branch: 'reconcile/taken' }), { resumeBranch: undefined, buttons: [] });
  });
});
