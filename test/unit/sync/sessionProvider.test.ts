import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectForge } from '../../../src/core/sync/forge/detect';
import { sessionProviderFor } from '../../../src/vscode/sync/sessionProvider';

const target = (remote: string) => {
  const d = detectForge(remote);
  assert.ok(d.ok);
  return d.target;
};

describe('sessionProviderFor', () => {
  it('uses the github provider for github.com only', () => {
    assert.equal(sessionProviderFor(target('git@github.com:acme/gitops.git'), undefined), 'github');
    assert.equal(sessionProviderFor(target('https://github.acme.com/acme/gitops.git'), undefined), undefined);
    assert.equal(sessionProviderFor(target('https://gitlab.com/acme/gitops.git'), 'https://gitlab.com'), undefined);
  });

  it('uses github-enterprise when VS Code\'s github-enterprise.uri names the same host', () => {
    const ghe = target('https://github.acme.com/acme/gitops.git');
    assert.equal(sessionProviderFor(ghe, 'https://GitHub.acme.com/'), 'github-enterprise');
    assert.equal(sessionProviderFor(ghe, 'https://github.other.com'), undefined);
    assert.equal(sessionProviderFor(ghe, 'not a url'), undefined);
  });
});
