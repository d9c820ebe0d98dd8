import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BitbucketProvider } from '../../../src/core/sync/forge/bitbucket';
import { GiteaProvider } from '../../../src/core/sync/forge/gitea';
import { PullRequestRequest } from '../../../src/core/sync/forge/provider';
import { BitbucketTestServer } from '../../support/forge-server/bitbucket';
import { GiteaTestServer } from '../../support/forge-server/gitea';

const req: PullRequestRequest = { head: 'reconcile/x-1234567', base: 'main', title: 'Adopt drift', body: 'b', draft: true };

describe('GiteaProvider', () => {
  let server: GiteaTestServer;
  before(async () => {
    server = await new GiteaTestServer('gitea-secret').start();
    server.repos.set('team/gitops', []);
  });
  after(() => server.close());
  const provider = (token = 'gitea-secret', repoPath = 'team/gitops') =>
    new GiteaProvider({ target: { kind: 'gitea', apiUrl: `${server.baseUrl}/api/v1`, webUrl: server.baseUrl, repoPath }, token });

  it('creates a WIP pull request, then updates it', async () => {
    let r = await provider().openPullRequest(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value, { url: `${server.webUrl}/team/gitops/pulls/1`, number: 1, branch: req.head, created: true });
    assert.equal(server.repos.get('team/gitops')![0].title, 'WIP: Adopt drift');
    r = await provider().openPullRequest({ ...req, body: 'b2' });
    assert.ok(r.ok && !r.value.created);
    assert.equal(server.repos.get('team/gitops')![0].body, 'b2');
    server.inject({ method: 'GET', status: 200, body: [] });
    r = await provider().openPullRequest(req);
    assert.ok(r.ok && !r.value.created, 'recovers from 409 already exists');
    for (const q of server.requests) assert.deepEqual(q.problems, []);
  });

  it('maps 401 and 404', async () => {
    let r = await provider('bad').openPullRequest(req);
    assert.ok(!r.ok && r.error.code === 'auth');
    assert.match(r.error.message, /Gitea\/Forgejo rejected the token \(401 Unauthorized\)/);
    r = await provider('gitea-secret', 'team/nope').openPullRequest(req);
    assert.ok(!r.ok && r.error.code === 'repo-not-found');
  });
});

describe('BitbucketProvider', () => {
  let server: BitbucketTestServer;
  before(async () => {
    server = await new BitbucketTestServer('alice:app-password').start();
    server.repos.set('ws/gitops', []);
  });
  after(() => server.close());
  const provider = (token = 'alice:app-password') =>
    new BitbucketProvider({ target: { kind: 'bitbucket', apiUrl: `${server.baseUrl}/2.0`, webUrl: server.baseUrl, repoPath: 'ws/gitops' }, token });

  it('creates a draft pull request with an app password, then updates it', async () => {
    let r = await provider().openPullRequest(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value, { url: 'https://bitbucket.example.test/ws/gitops/pull-requests/1', number: 1, branch: req.head, created: true });
    assert.equal(server.repos.get('ws/gitops')![0].draft, true);
    r = await provider().openPullRequest({ ...req, title: 'T2' });
    assert.ok(r.ok && !r.value.created);
    assert.equal(server.repos.get('ws/gitops')![0].title, 'T2');
    for (const q of server.requests) assert.deepEqual(q.problems, []);
  });

  it('maps 401 and 5xx', async () => {
    let r = await provider('alice:wrong').openPullRequest(req);
    assert.ok(!r.ok && r.error.code === 'auth');
    server.inject({ status: 503, body: { type: 'error', error: { message: 'Service unavailable' } } });
    r = await provider().openPullRequest(req);
    assert.ok(!r.ok && r.error.code === 'server-error');
    assert.match(r.error.message, /Bitbucket had a server error \(503\).*Service unavailable/);
  });
});
