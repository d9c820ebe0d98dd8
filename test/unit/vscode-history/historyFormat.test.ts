import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEntry } from '../../../src/core/history/objectHistory';
import { parsePullRequestRef } from '../../../src/core/history/pullRequestRef';
import { detectForge } from '../../../src/core/sync/forge/detect';
import { commitUrl, diffTitle, entryDescription, entryLabel, entryTooltip, pageSummary, relativeDate } from '../../../src/vscode/history/historyFormat';

const NOW = new Date('2026-11-27T12:00:00Z');
const SHA = '7e306ed931a4c0de7e306ed931a4c0de7e306ed9';

function entry(extra: Partial<HistoryEntry> = {}): HistoryEntry {
  const message = 'prod: scale web to 5 (#12)\n\nThe launch needs more.';
  return {
    commit: SHA,
    parent: 'a'.repeat(40),
    author: 'Ana Ops',
    authorEmail: 'ana@example.com',
    date: '2026-11-24T09:30:00+00:00',
    subject: 'prod: scale web to 5 (#12)',
    message,
    pullRequest: parsePullRequestRef(message),
    change: 'modified',
    paths: ['spec.replicas'],
    files: ['overlays/prod/replicas.yaml'],
    ...extra,
  };
}

describe('relativeDate', () => {
  it('names the largest whole unit', () => {
    assert.equal(relativeDate('2026-11-27T11:59:30Z', NOW), 'just now');
    assert.equal(relativeDate('2026-11-27T11:59:00Z', NOW), '1 minute ago');
    assert.equal(relativeDate('2026-11-27T09:00:00+00:00', NOW), '3 hours ago');
    assert.equal(relativeDate('2026-11-24T09:30:00+00:00', NOW), '3 days ago');
    assert.equal(relativeDate('2026-10-01T00:00:00Z', NOW), '1 month ago');
    assert.equal(relativeDate('2023-11-01T00:00:00Z', NOW), '3 years ago');
  });
  it('treats future dates (clock skew) as now and keeps unparsable text', () => {
    assert.equal(relativeDate('2026-11-28T00:00:00Z', NOW), 'just now');
    assert.equal(relativeDate('yesterday-ish', NOW), 'yesterday-ish');
  });
});

describe('entry text', () => {
  it('label: short hash and subject; description: author, age, PR and unusual changes', () => {
    assert.equal(entryLabel(entry()), '7e306ed prod: scale web to 5 (#12)');
    assert.equal(entryDescription(entry(), NOW), 'Ana Ops, 3 days ago · #12');
    assert.equal(entryDescription(entry({ pullRequest: undefined, change: 'render-broken', renderError: 'x' }), NOW), 'Ana Ops, 3 days ago · render broke');
    assert.equal(entryDescription(entry({ pullRequest: { kind: 'merge-request', number: 7, text: '!7' } }), NOW), 'Ana Ops, 3 days ago · !7');
  });
  it('tooltip: full message, commit, fields and the paths changed', () => {
    const tip = entryTooltip(entry());
    assert.match(tip, /^prod: scale web to 5 \(#12\)\n\nThe launch needs more\.\n\n7e306ed9/);
    assert.match(tip, /Changed fields:\n {2}spec\.replicas/);
    assert.match(tip, /Paths changed:\n {2}overlays\/prod\/replicas\.yaml$/);
    assert.match(entryTooltip(entry({ change: 'render-broken', renderError: 'missing base', paths: [] })), /Change: render-broken \(missing base\)/);
  });
  it('diff title and page summary', () => {
    assert.equal(diffTitle({ kind: 'Deployment', name: 'web', namespace: 'prod' }, SHA), 'Deployment/web @ 7e306ed (before ↔ after)');
    assert.equal(pageSummary({ kind: 'Deployment', name: 'web', namespace: 'prod', app: 'overlays/prod' }, 4, 7, false), 'Deployment prod/web (rendered from overlays/prod): 4 changes in 7 commits scanned');
    assert.equal(pageSummary({ kind: 'ConfigMap', name: 'c', app: '' }, 1, 1, true), 'ConfigMap c (rendered from .): 1 change in 1 commit scanned, more available');
  });
});

describe('commitUrl', () => {
  const target = (remote: string) => {
    const d = detectForge(remote, { overrides: [{ host: 'git.example.com', kind: 'gitea' }] });
    assert.ok(d.ok, remote);
    return d.target;
  };
  it('builds each forge\'s commit page from the remote URL', () => {
    assert.equal(commitUrl(target('git@github.com:acme/gitops.git'), SHA), `https://github.com/acme/gitops/commit/${SHA}`);
    assert.equal(commitUrl(target('https://gitlab.com/group/sub/gitops.git'), SHA), `https://gitlab.com/group/sub/gitops/-/commit/${SHA}`);
    assert.equal(commitUrl(target('https://bitbucket.org/acme/gitops.git'), SHA), `https://bitbucket.org/acme/gitops/commits/${SHA}`);
    assert.equal(commitUrl(target('ssh://git@git.example.com:2222/acme/gitops.git'), SHA), `https://git.example.com/acme/gitops/commit/${SHA}`);
    const local = detectForge('http://127.0.0.1:3000/acme/gitops.git', { overrides: [{ host: '127.0.0.1', kind: 'github', apiUrl: 'http://127.0.0.1:3001' }] });
    assert.ok(local.ok);
    assert.equal(commitUrl(local.target, SHA), `http://127.0.0.1:3000/acme/gitops/commit/${SHA}`, 'self-hosted: the web address keeps scheme and port');
  });
});
