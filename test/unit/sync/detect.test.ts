import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectForge, parseRemoteUrl } from '../../../src/core/sync/forge/detect';

function target(url: string, opts = {}) {
  const r = detectForge(url, opts);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.target;
}

describe('parseRemoteUrl', () => {
  it('reads https, ssh and scp-like forms', () => {
    assert.deepEqual(parseRemoteUrl('https://github.com/fluxcd/flux2.git'), { host: 'github.com', scheme: 'https', port: undefined, repoPath: 'fluxcd/flux2' });
    assert.deepEqual(parseRemoteUrl('git@github.com:fluxcd/flux2.git'), { host: 'github.com', scheme: 'https', repoPath: 'fluxcd/flux2' });
    assert.deepEqual(parseRemoteUrl('ssh://git@gitlab.example.com:2222/group/sub/app.git'), {
      host: 'gitlab.example.com',
      scheme: 'https',
      port: undefined,
      repoPath: 'group/sub/app',
    });
    assert.equal(parseRemoteUrl('http://127.0.0.1:8080/o/r')?.port, 8080);
    assert.equal(parseRemoteUrl('/just/a/path'), undefined);
    assert.equal(parseRemoteUrl('file:///tmp/x.git'), undefined);
  });
});

describe('detectForge', () => {
  it('knows the public forges and their API URLs', () => {
    assert.deepEqual(target('git@github.com:o/r.git'), { kind: 'github', apiUrl: 'https://api.github.com', webUrl: 'https://github.com', repoPath: 'o/r' });
    assert.equal(target('https://gitlab.com/g/s/r.git').apiUrl, 'https://gitlab.com/api/v4');
    assert.equal(target('https://gitlab.com/g/s/r.git').repoPath, 'g/s/r');
    assert.equal(target('https://codeberg.org/o/r.git').kind, 'gitea');
    assert.equal(target('https://codeberg.org/o/r.git').apiUrl, 'https://codeberg.org/api/v1');
    assert.deepEqual(target('git@bitbucket.org:ws/repo.git'), {
      kind: 'bitbucket',
      apiUrl: 'https://api.bitbucket.org/2.0',
      webUrl: 'https://bitbucket.org',
      repoPath: 'ws/repo',
    });
  });
  it('treats github.<company> hosts as GitHub Enterprise with /api/v3', () => {
    assert.equal(target('https://github.corp.example/o/r').apiUrl, 'https://github.corp.example/api/v3');
  });
  it('applies host overrides and explicit options for self-hosted forges', () => {
    const overrides = [{ host: 'git.example.com', kind: 'gitea' as const }];
    assert.equal(target('ssh://git@git.example.com/o/r.git', { overrides }).apiUrl, 'https://git.example.com/api/v1');
    const t = target('http://127.0.0.1:3000/o/r.git', { kind: 'github', apiUrl: 'http://127.0.0.1:9/api/', repoPath: 'x/y' });
    assert.deepEqual(t, { kind: 'github', apiUrl: 'http://127.0.0.1:9/api', webUrl: 'http://127.0.0.1:3000', repoPath: 'x/y' });
  });
  it('says how to name an unknown forge', () => {
    const r = detectForge('https://git.example.com/o/r.git');
    assert.ok(!r.ok);
    assert.match(r.message, /Unknown forge for host 'git\.example\.com'\. Say which one it is with --forge/);
    const p = detectForge('https://github.com/onlyowner');
    assert.ok(!p.ok);
  });
});

import { parseForgeOverrides } from '../../../src/core/sync/forge/overrides';

describe('parseForgeOverrides', () => {
  it('keeps valid entries and names the bad ones', () => {
    const r = parseForgeOverrides([
      { host: 'Git.Example.com', kind: 'gitea' },
      { host: 'gl.corp', kind: 'gitlab', apiUrl: 'https://gl.corp/api/v4/' },
      { host: 'x', kind: 'svn' },
      { host: 'https://bad', kind: 'github' },
      { host: 'y', kind: 'github', apiUrl: 'ftp://y' },
    ]);
    assert.deepEqual(r.overrides, [
      { host: 'git.example.com', kind: 'gitea' },
      { host: 'gl.corp', kind: 'gitlab', apiUrl: 'https://gl.corp/api/v4' },
    ]);
    assert.deepEqual(r.problems, [
      'reconcile.sync.forges[2]: "kind" must be one of github, gitlab, gitea, bitbucket.',
      'reconcile.sync.forges[3]: "host" must be a host name like git.example.com.',
      'reconcile.sync.forges[4]: "apiUrl" must be an http(s) URL.',
    ]);
    assert.equal(parseForgeOverrides({}).problems.length, 1);
    assert.deepEqual(parseForgeOverrides(undefined), { overrides: [], problems: [] });
  });
});
