import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeApiUrl, parseSetForgeTokenArgs } from '../../../src/vscode/sync/setForgeTokenArgs';

describe('parseSetForgeTokenArgs', () => {
  it('accepts nothing (prompts) or a kind + API URL with an optional token', () => {
    assert.deepEqual(parseSetForgeTokenArgs(undefined), { args: {} });
    // The command palette passes nothing; a menu may pass a URI or provider object: still prompts.
    assert.deepEqual(parseSetForgeTokenArgs(['x']), { args: {} });
    assert.deepEqual(parseSetForgeTokenArgs({ kind: 'gitea', apiUrl: 'https://git.example.com/api/v1/', token: 't0k' }), {
      args: { kind: 'gitea', apiUrl: 'https://git.example.com/api/v1', token: 't0k' },
    });
    assert.deepEqual(parseSetForgeTokenArgs({ kind: 'gitlab', apiUrl: 'http://127.0.0.1:8080/api/v4', token: '' }).args.token, '', 'empty token = remove');
  });

  it('names the bad field instead of guessing', () => {
    assert.equal(parseSetForgeTokenArgs({ kind: 'sourceforge', apiUrl: 'https://x' }).problem, '"kind" must be one of github, gitlab, gitea, bitbucket.');
    assert.equal(parseSetForgeTokenArgs({ kind: 'github', apiUrl: 'ftp://x' }).problem, '"apiUrl" must be an http(s) URL.');
    assert.equal(parseSetForgeTokenArgs({ kind: 'github' }).problem, '"kind" and "apiUrl" go together.');
    assert.equal(parseSetForgeTokenArgs({ kind: 'github', apiUrl: 'https://api.github.com', token: 42 }).problem, '"token" must be a string.');
    assert.deepEqual(parseSetForgeTokenArgs({ kind: 'github', apiUrl: 'https://api.github.com', token: 42 }).args, {}, 'nothing half-parsed');
  });
});

describe('normalizeApiUrl', () => {
  it('keeps http(s) URLs without trailing slashes', () => {
    assert.equal(normalizeApiUrl(' https://gitlab.example.com/api/v4// '), 'https://gitlab.example.com/api/v4');
    assert.equal(normalizeApiUrl('not a url'), undefined);
    assert.equal(normalizeApiUrl('ssh://git@host/x'), undefined);
  });
});
