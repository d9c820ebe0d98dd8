// GitLabProvider (@gitbeaker/rest) against the GitLab test server (schemas from GitLab's merge
// request API documentation).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GitLabProvider } from '../../../src/core/sync/forge/gitlab';
import { PullRequestRequest } from '../../../src/core/sync/forge/provider';
import { GitLabTestServer } from '../../support/forge-server/gitlab';

const TOKEN = 'glpat-test-secret-000000';

describe('GitLabProvider', () => {
  let server: GitLabTestServer;
  const req: PullRequestRequest = { head: 'reconcile/replicas-1234567', base: 'main', title: 'Scale web', body: 'body **md**', draft: true };
  const provider = (token = TOKEN) =>
    new GitLabProvider({ target: { kind: 'gitlab', apiUrl: `${server.baseUrl}/api/v4`, webUrl: server.baseUrl, repoPath: 'platform/clusters/gitops' }, token });

  before(async () => {
    server = await new GitLabTestServer(TOKEN).start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.projects.clear();
    server.requests.length = 0;
    server.addProject('platform/clusters/gitops');
  });

  it('creates a draft merge request in a nested group, requests valid per the API docs', async () => {
    const r = await provider().openPullRequest(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value, { url: `${server.webUrl}/platform/clusters/gitops/-/merge_requests/1`, number: 1, branch: req.head, created: true });
    for (const q of server.requests) {
      assert.deepEqual(q.problems, []);
      assert.ok(q.authorized);
    }
    assert.deepEqual(
      server.requests.map((q) => `${q.method} ${q.path}`),
      ['GET /api/v4/projects/platform%2Fclusters%2Fgitops/merge_requests', 'POST /api/v4/projects/platform%2Fclusters%2Fgitops/merge_requests'],
    );
    assert.deepEqual(server.requests[1].body, {
      source_branch: req.head,
      target_branch: 'main',
      title: 'Draft: Scale web',
      description: req.body,
      remove_source_branch: true,
    });
  });

  it('updates the open merge request on a second run, and after a 409 race', async () => {
    assert.ok((await provider().openPullRequest(req)).ok);
    let r = await provider().openPullRequest({ ...req, body: 'v2', draft: false });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.created, false);
    assert.equal(server.projects.get('platform/clusters/gitops')!.mergeRequests[0].description, 'v2');
    assert.equal(server.projects.get('platform/clusters/gitops')!.mergeRequests[0].title, 'Scale web');
    server.inject({ method: 'GET', status: 200, body: [] });
    r = await provider().openPullRequest(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.created, false);
    assert.ok(server.requests.some((q) => q.status === 409));
    for (const q of server.requests) assert.deepEqual(q.problems, []);
  });

  it('maps 401, 403, 404, 5xx, 429 and network failures', async () => {
    let r = await provider('wrong').openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'auth');
    assert.match(r.error.message, /GitLab rejected the token \(401 Unauthorized\).*"api" scope/);

    server.inject({ status: 403, body: { message: '403 Forbidden' } });
    r = await provider().openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'forbidden');

    server.projects.clear();
    r = await provider().openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'repo-not-found');
    assert.match(r.error.message, /GitLab has no repository platform\/clusters\/gitops/);
    server.addProject('platform/clusters/gitops');

    server.inject({ method: 'POST', status: 500, body: { message: '500 Internal Server Error' } });
    r = await provider().openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'server-error');

    // gitbeaker retries 429 itself (10 tries) before giving up.
    server.inject({ status: 429, headers: { 'retry-after': '30' }, body: { message: 'Retry later' }, times: 10 });
    r = await provider().openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'rate-limited');
    assert.match(r.error.message, /GitLab's API rate limit is used up/);

    const dead = await new GitLabTestServer(TOKEN).start();
    const url = dead.baseUrl;
    await dead.close();
    r = await new GitLabProvider({ target: { kind: 'gitlab', apiUrl: `${url}/api/v4`, webUrl: url, repoPath: 'a/b' }, token: TOKEN }).openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'network');
    assert.match(r.error.message, /Could not reach GitLab at http:\/\/127\.0\.0\.1:\d+\/api\/v4/);
  });
});
