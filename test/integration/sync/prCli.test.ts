// `reconcile pr` end to end on real parts: a bare remote served by git http-backend, the GitHub
// test server checking requests against GitHub's OpenAPI description, and the user's checkout
// compared byte for byte before and after.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { GitHubTestServer } from '../../support/forge-server/github';
import { GitHttpServer, startGitHttpServer } from '../../support/git/httpBackend';
import { createRepos, git, snapshotUserState, TempRepos, writeFiles } from '../../support/git/tempRepo';
import { schemaDir } from '../../unit/validate/schemaDir';

const TOKEN = 'ghp_cli_test_token_abcdef';
const CORPUS = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');
const RELEASE = 'apps/base/podinfo/release.yaml';

async function run(args: string[], cwd: string, env: Record<string, string | undefined>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env });
  return { code, out, err };
}

describe('reconcile pr', () => {
  let gitServer: GitHttpServer;
  let forge: GitHubTestServer;
  let projectRoot: string;
  let repos: TempRepos;
  let env: Record<string, string | undefined>;
  let forgeArgs: string[];

  before(async () => {
    projectRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-cli-'));
    gitServer = await startGitHttpServer(projectRoot);
    forge = await new GitHubTestServer(TOKEN).start();
    forge.addRepo('acme/gitops');
    const files: Record<string, string> = {};
    for (const f of [RELEASE, 'apps/base/podinfo/kustomization.yaml', 'apps/production/podinfo-values.yaml']) {
      files[f] = await fs.readFile(path.join(CORPUS, f), 'utf8');
    }
    repos = await createRepos(files);
    await fs.rename(repos.bare, path.join(projectRoot, 'gitops.git'));
    repos.bare = path.join(projectRoot, 'gitops.git');
    git(repos.work, 'remote', 'set-url', 'origin', gitServer.urlFor('gitops.git'));
    env = { ...process.env, RECONCILE_TOKEN: TOKEN, GITHUB_TOKEN: undefined, GH_TOKEN: undefined, RECONCILE_SCHEMA_DIR: schemaDir() };
    forgeArgs = ['--forge', 'github', '--api-url', forge.baseUrl, '--repo', 'acme/gitops'];
  });
  after(async () => {
    await gitServer.close();
    await forge.close();
    await repos.cleanup();
    await fs.rm(projectRoot, { recursive: true, force: true });
  });

  it('pushes a branch with exactly the edited file and opens a PR whose body lists the changed object', async () => {
    const text = await fs.readFile(path.join(repos.work, RELEASE), 'utf8');
    await writeFiles(repos.work, { [RELEASE]: text.replace('tag: 8.6.2', 'tag: 8.6.3'), 'notes.txt': 'unrelated\n' });
    const before = await snapshotUserState(repos.work);
    const r = await run(['pr', '--title', 'Bump redis to 8.6.3', '--draft', ...forgeArgs], path.join(repos.work, 'apps'), env);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { url: string; number: number; branch: string; created: boolean };
    assert.equal(out.created, true);
    assert.equal(out.number, 1);
    assert.equal(out.url, `${forge.webUrl}/acme/gitops/pull/1`);
    assert.match(out.branch, /^reconcile\/bump-redis-to-8-6-3-[0-9a-f]{7}$/);
    assert.equal(git(repos.bare, 'diff', '--name-only', 'main', out.branch).trim(), RELEASE);
    assert.deepEqual(await snapshotUserState(repos.work), before);
    const create = forge.requests.find((q) => q.method === 'POST')!;
    assert.deepEqual(create.problems, []);
    const body = (create.body as { body: string; draft: boolean; head: string }).body;
    assert.equal((create.body as { draft: boolean }).draft, true);
    // The body is the plan. This trimmed copy of the example does not render (its base names files it
    // lacks), so the app says so and the changed file's objects are shown as written.
    assert.match(body, /^<!-- reconcile-plan -->\n/);
    assert.match(body, /\| kustomization apps\/base\/podinfo \| — \| error \|/);
    assert.match(body, /\*\*`HelmRelease podinfo\/podinfo`\*\* changed\n- `spec\.values\.redis\.tag`: `"8\.6\.2"` → `"8\.6\.3"`/);
    assert.match(body, /-      tag: 8\.6\.2\n\+      tag: 8\.6\.3/);
    assert.ok(!r.out.includes(TOKEN) && !r.err.includes(TOKEN));
  });

  it('keeps the pushed branch when the forge fails and --resume opens the PR later, then updates it', async () => {
    const text = await fs.readFile(path.join(repos.work, RELEASE), 'utf8');
    await writeFiles(repos.work, { [RELEASE]: text.replace('interval: 50m', 'interval: 20m') });
    forge.inject({ method: 'POST', path: /\/pulls$/, status: 503, body: { message: 'Service Unavailable' } });
    const r = await run(['pr', '--title', 'Faster interval', '--files', RELEASE, ...forgeArgs], repos.work, env);
    assert.equal(r.code, 1);
    assert.match(r.err, /had a server error \(503\)/);
    const retry = /open its pull request later with: (reconcile pr .*)$/m.exec(r.err)?.[1];
    assert.ok(retry, r.err);
    const branch = /--resume (\S+)/.exec(retry)![1];
    assert.ok(git(repos.bare, 'rev-parse', `refs/heads/${branch}`).trim(), 'the branch is on the remote');
    const args = retry.replace(/^reconcile /, '').match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
    const resumed = await run(args, repos.work, env);
    assert.equal(resumed.code, 0, resumed.err);
    assert.deepEqual(JSON.parse(resumed.out), { url: `${forge.webUrl}/acme/gitops/pull/2`, number: 2, branch, created: true });
    const again = await run(args, repos.work, env);
    assert.equal(again.code, 0, again.err);
    assert.equal(JSON.parse(again.out).created, false);
    assert.match(again.err, /updated the existing pull request #2/);
    for (const q of forge.requests) assert.deepEqual(q.problems, []);
  });

  it('fails before committing when the token or the forge is missing, and on usage errors', async () => {
    const refsBefore = git(repos.work, 'for-each-ref', 'refs/heads/');
    let r = await run(['pr', '--title', 'x', '--files', RELEASE, ...forgeArgs], repos.work, { ...env, RECONCILE_TOKEN: undefined });
    assert.equal(r.code, 1);
    assert.match(r.err, /No GitHub token: set RECONCILE_TOKEN or GITHUB_TOKEN \(or sign in from VS Code\)\. Nothing was committed\./);
    r = await run(['pr', '--title', 'x', '--files', RELEASE], repos.work, env);
    assert.equal(r.code, 1);
    assert.match(r.err, /Cannot tell which forge hosts the remote 'http:\/\/127\.0\.0\.1:\d+\/gitops\.git'\. Name it with --forge/);
    assert.equal(git(repos.work, 'for-each-ref', 'refs/heads/'), refsBefore);
    r = await run(['pr', '--title', 'x', '--resume', 'reconcile/nope', '--base', 'main', ...forgeArgs], repos.work, env);
    assert.equal(r.code, 1);
    assert.match(r.err, /There is no local branch 'reconcile\/nope' to resume/);
    r = await run(['pr', '--files', RELEASE], repos.work, env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--title is required/);
    r = await run(['pr', '--title', 'x', '--forge', 'sourceforge'], repos.work, env);
    assert.equal(r.code, 2);
    assert.match(r.err, /--forge must be one of github, gitlab, gitea, bitbucket/);
  });

  it('blocks on validation errors in the chosen files unless --allow-invalid, which the body records', async () => {
    const bad = 'apps/base/podinfo/bad-deploy.yaml';
    await writeFiles(repos.work, {
      [bad]: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: three\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n',
    });
    const refsBefore = git(repos.work, 'for-each-ref', 'refs/heads/');
    let r = await run(['pr', '--title', 'Add web', '--files', bad, ...forgeArgs], repos.work, env);
    assert.equal(r.code, 1);
    assert.match(r.err, /validation found 1 error\(s\) in the chosen files; nothing was committed\. Fix them, or pass --allow-invalid/);
    assert.match(r.err, /apps\/base\/podinfo\/bad-deploy\.yaml:6 RC1101 spec\.replicas must be an integer/);
    assert.equal(git(repos.work, 'for-each-ref', 'refs/heads/'), refsBefore);
    r = await run(['pr', '--title', 'Add web', '--files', bad, '--allow-invalid', ...forgeArgs], repos.work, env);
    assert.equal(r.code, 0, r.err);
    const body = (forge.requests.filter((q) => q.method === 'POST').at(-1)!.body as { body: string }).body;
    assert.match(body, /> \*\*Opened despite validation errors\*\* \(1 in the chosen files\): the author chose to override the check\.\n> - apps\/base\/podinfo\/bad-deploy\.yaml:6 RC1101/);
    assert.match(body, /\*\*`Deployment web`\*\* created/);
    await fs.rm(path.join(repos.work, bad));
  });
});
