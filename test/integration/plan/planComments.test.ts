// The plan's follow-up comments on every forge: each provider lists, creates, updates and deletes pull
// request comments against its test server (request bodies checked against the forge's API description),
// a re-run replaces exactly its own comments, and a plan cut under the forge's cap is accepted where the
// uncut text is refused.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createForgeProvider } from '../../../src/core/sync/forge/createProvider';
import { FORGE_BODY_CAPS } from '../../../src/core/sync/forge/caps';
import { ForgeKind } from '../../../src/core/sync/forge/detect';
import { syncPlanComments } from '../../../src/core/sync/forge/planComments';
import { ForgeProvider } from '../../../src/core/sync/forge/provider';
import { planPrBody } from '../../../src/core/sync/prBody';
import { BitbucketTestServer } from '../../support/forge-server/bitbucket';
import { GiteaTestServer } from '../../support/forge-server/gitea';
import { GitHubTestServer } from '../../support/forge-server/github';
import { GitLabTestServer } from '../../support/forge-server/gitlab';
import { ForgeTestServer } from '../../support/forge-server/server';
import { syntheticPlan } from '../../unit/plan/planFixture';

const TOKEN = 'plan-comments-token';

async function forgeFor(kind: ForgeKind): Promise<{ server: ForgeTestServer; provider: ForgeProvider }> {
  let server: ForgeTestServer;
  let apiUrl: string;
  let repoPath = 'team/gitops';
  if (kind === 'github') {
    const s = await new GitHubTestServer(TOKEN).start();
    s.addRepo(repoPath);
    server = s;
    apiUrl = s.baseUrl;
  } else if (kind === 'gitlab') {
    const s = await new GitLabTestServer(TOKEN).start();
    repoPath = 'team/sub/gitops';
    s.addProject(repoPath);
    server = s;
    apiUrl = `${s.baseUrl}/api/v4`;
  } else if (kind === 'gitea') {
    const s = await new GiteaTestServer(TOKEN).start();
    s.repos.set(repoPath, []);
    server = s;
    apiUrl = `${s.baseUrl}/api/v1`;
  } else {
    const s = await new BitbucketTestServer(TOKEN).start();
    s.repos.set(repoPath, []);
    server = s;
    apiUrl = `${s.baseUrl}/2.0`;
  }
  const provider = createForgeProvider({ target: { kind, apiUrl, webUrl: apiUrl, repoPath }, token: TOKEN });
  return { server, provider };
}

const servers: ForgeTestServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

for (const kind of ['github', 'gitlab', 'gitea', 'bitbucket'] as const) {
  describe(`plan comments on ${kind}`, () => {
    it('creates, then replaces only its own comments on a re-run, and leaves the others alone', async () => {
      const { server, provider } = await forgeFor(kind);
      servers.push(server);
      const pr = await provider.openPullRequest({ head: 'reconcile/x', base: 'main', title: 'x', body: 'plan', draft: false });
      assert.ok(pr.ok, pr.ok ? '' : pr.error.message);
      const human = await provider.createComment(pr.value.number, 'Please also bump staging.');
      assert.ok(human.ok, human.ok ? '' : human.error.message);
      const part = (n: number, text: string) => `<!-- reconcile-plan-part:${n} -->\n_continued (part ${n})_\n\n${text}\n`;

      let r = await syncPlanComments(provider, pr.value.number, [part(2, 'a'), part(3, 'b'), part(4, 'c')]);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(r.value, { created: 3, updated: 0, unchanged: 0, deleted: 0 });
      r = await syncPlanComments(provider, pr.value.number, [part(2, 'a'), part(3, 'B')]);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(r.value, { created: 0, updated: 1, unchanged: 1, deleted: 1 });
      const listed = await provider.listComments(pr.value.number);
      assert.ok(listed.ok);
      assert.deepEqual(listed.value.map((c) => c.body.trim().split('\n').pop()), ['Please also bump staging.', 'a', 'B']);
      r = await syncPlanComments(provider, pr.value.number, []);
      assert.ok(r.ok);
      assert.deepEqual(r.value, { created: 0, updated: 0, unchanged: 0, deleted: 2 });
      const left = await provider.listComments(pr.value.number);
      assert.ok(left.ok);
      assert.deepEqual(left.value.map((c) => c.id), [human.value.id]);
      for (const q of server.requests) assert.deepEqual(q.problems, [], `${q.method} ${q.path}`);
    });

    if (kind === 'github' || kind === 'bitbucket') {
      it(`a plan longer than ${FORGE_BODY_CAPS[kind].toLocaleString('en-US')} characters: the whole text is refused, the cut parts are accepted`, async () => {
        const { server, provider } = await forgeFor(kind);
        servers.push(server);
        const plan = syntheticPlan(3, kind === 'github' ? 60 : 40, 6);
        const whole = planPrBody(plan, { forge: kind, cap: 10_000_000 }).body;
        assert.ok(whole.length > FORGE_BODY_CAPS[kind]);
        const refused = await provider.openPullRequest({ head: 'reconcile/big', base: 'main', title: 'big', body: whole, draft: false });
        assert.equal(refused.ok, false, 'the test server enforces the cap');
        const { body, comments } = planPrBody(plan, { forge: kind });
        const pr = await provider.openPullRequest({ head: 'reconcile/big', base: 'main', title: 'big', body, draft: false });
        assert.ok(pr.ok, pr.ok ? '' : pr.error.message);
        const r = await syncPlanComments(provider, pr.value.number, comments);
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.created, comments.length);
        assert.ok(comments.length >= 1);
      });
    }
  });
}
