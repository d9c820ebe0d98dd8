// GitHubProvider (@octokit/rest) against the GitHub test server, whose request checks come from
// GitHub's official OpenAPI description.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GitHubProvider } from '../../../src/core/sync/forge/github';
import { PullRequestRequest } from '../../../src/core/sync/forge/provider';
import { GitHubTestServer } from '../../support/forge-server/github';

const TOKEN = 'ghp_test_secret_token_0123456789';

describe('GitHubProvider', () => {
  let server: GitHubTestServer;
  const req: PullRequestRequest = { head: 'reconcile/bump-abc1234', base: 'main', title: 'Bump podinfo', body: '## Sync\n\nbody', draft: true };
  const provider = (token = TOKEN) => new GitHubProvider({ target: { kind: 'github', apiUrl: server.baseUrl, webUrl: server.webUrl, repoPath: 'acme/gitops' }, token });

  before(async () => {
    server = await new GitHubTestServer(TOKEN).start();
  });
  after(() => server.close());
  beforeEach(() => {
    server.repos.clear();
    server.requests.length = 0;
    server.addRepo('acme/gitops');
  });

  function assertValidRequests(): void {
    for (const r of server.requests) assert.deepEqual(r.problems, [], `${r.method} ${r.path}`);
    assert.ok(server.requests.every((r) => r.authorized));
  }

  it('creates a draft PR with a request that matches pulls/create in the OpenAPI description', async () => {
    const r = await provider().openPullRequest(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value, { url: `${server.webUrl}/acme/gitops/pull/1`, number: 1, branch: req.head, created: true });
    assert.deepEqual(
      server.requests.map((q) => `${q.method} ${q.path}`),
      ['GET /repos/acme/gitops/pulls', 'POST /repos/acme/gitops/pulls'],
    );
    assert.equal(server.requests[0].query.head, 'acme:reconcile/bump-abc1234');
    assert.deepEqual(server.requests[1].body, { title: req.title, head: req.head, base: 'main', body: req.body, draft: true });
    assertValidRequests();
  });

  it('updates the open PR for the branch on a second run and says so', async () => {
    assert.ok((await provider().openPullRequest(req)).ok);
    const r = await provider().openPullRequest({ ...req, title: 'Bump podinfo (v2)', body: 'new body' });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.created, false);
    assert.equal(r.value.number, 1);
    const pr = server.repos.get('acme/gitops')!.pulls[0];
    assert.equal(pr.title, 'Bump podinfo (v2)');
    assert.equal(pr.body, 'new body');
    assert.equal(server.requests.at(-1)!.method, 'PATCH');
    assertValidRequests();
  });

  it('recovers from 422 "A pull request already exists" when the list missed it', async () => {
    assert.ok((await provider().openPullRequest(req)).ok);
    server.inject({ method: 'GET', path: /\/pulls$/, status: 200, body: [] });
    const r = await provider().openPullRequest(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.created, false);
    const create = server.requests.filter((q) => q.method === 'POST').at(-1)!;
    assert.equal(create.status, 422);
  });

  it('the test server rejects requests that break the API description', async () => {
    const res = await fetch(`${server.baseUrl}/repos/acme/gitops/pulls`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x', head: 'b', draft: 'yes', labels: ['x'] }),
    });
    assert.equal(res.status, 422);
    const problems = server.requests.at(-1)!.problems.join('\n');
    assert.match(problems, /must have required property 'base'/);
    assert.match(problems, /\/draft must be boolean/);
    assert.match(problems, /must NOT have additional properties: labels/);
    const list = await fetch(`${server.baseUrl}/repos/acme/gitops/pulls?state=opened`, { headers: { authorization: `token ${TOKEN}` } });
    assert.equal(list.status, 422);
  });

  it('answers repos/get and git refs with the recorded @octokit/fixtures shapes, validating bodies', async () => {
    const h = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' };
    const repo = await fetch(`${server.baseUrl}/repos/acme/gitops`, { headers: h });
    assert.equal(repo.status, 200);
    const rj = (await repo.json()) as Record<string, unknown>;
    assert.equal(rj.full_name, 'acme/gitops');
    assert.equal(rj.default_branch, 'main');
    assert.ok('permissions' in rj || 'owner' in rj);
    const sha = 'a'.repeat(40);
    const created = await fetch(`${server.baseUrl}/repos/acme/gitops/git/refs`, { method: 'POST', headers: h, body: JSON.stringify({ ref: 'refs/heads/x', sha }) });
    assert.equal(created.status, 201);
    assert.deepEqual(((await created.json()) as { object: { sha: string } }).object.sha, sha);
    const dup = await fetch(`${server.baseUrl}/repos/acme/gitops/git/refs`, { method: 'POST', headers: h, body: JSON.stringify({ ref: 'refs/heads/x', sha }) });
    assert.equal(dup.status, 422);
    const got = await fetch(`${server.baseUrl}/repos/acme/gitops/git/ref/heads/x`, { headers: h });
    assert.equal(((await got.json()) as { object: { sha: string } }).object.sha, sha);
    const bad = await fetch(`${server.baseUrl}/repos/acme/gitops/git/refs`, { method: 'POST', headers: h, body: JSON.stringify({ ref: 'refs/heads/y' }) });
    assert.equal(bad.status, 422);
    assert.match(server.requests.at(-1)!.problems.join(), /git\/create-ref body must have required property 'sha'/);
  });

  it('maps 401, 403, 404, 5xx and rate limits to clear messages without the token', async () => {
    const cases: Array<[() => void, RegExp, string, string?]> = [
      [() => undefined, /GitHub Enterprise rejected the token \(401 Unauthorized\): it is missing, expired or revoked/, 'auth', 'wrong-token'],
      [() => server.inject({ status: 403, body: { message: 'Resource not accessible by integration' } }), /refused the request \(403 Forbidden\) for acme\/gitops.*Resource not accessible by integration/, 'forbidden'],
      [() => server.repos.clear(), /has no repository acme\/gitops at http:\/\/127\.0\.0\.1:\d+, or the token cannot see it \(404\)/, 'repo-not-found'],
      [() => server.inject({ status: 502, body: { message: 'Server Error' } }), /had a server error \(502\)\. The branch is pushed; try again/, 'server-error'],
      [
        () =>
          server.inject({
            status: 403,
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600) },
            body: { message: 'API rate limit exceeded for user ID 1.' },
          }),
        /API rate limit is used up for this token\. It resets at \d\d:\d\d UTC \(in about 10 min\)/,
        'rate-limited',
      ],
      [() => server.inject({ status: 429, headers: { 'retry-after': '60' }, body: { message: 'secondary rate limit' } }), /rate limit is used up.*in about 1 min/, 'rate-limited'],
    ];
    for (const [setup, message, code, token] of cases) {
      setup();
      const r = await provider(token).openPullRequest(req);
      assert.ok(!r.ok, code);
      assert.equal(r.error.code, code);
      assert.match(r.error.message, message);
      assert.ok(!r.error.message.includes(TOKEN));
      server.repos.clear();
      server.addRepo('acme/gitops');
    }
  });

  it('reports network down and a dropped connection as network errors', async () => {
    server.inject({ status: 0 });
    let r = await provider().openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'network');
    const dead = await new GitHubTestServer(TOKEN).start();
    const url = dead.baseUrl;
    await dead.close();
    r = await new GitHubProvider({ target: { kind: 'github', apiUrl: url, webUrl: url, repoPath: 'acme/gitops' }, token: TOKEN }).openPullRequest(req);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'network');
    assert.match(r.error.message, /Could not reach GitHub Enterprise at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
});
