// `reconcile history` and `reconcile revert` through the CLI dispatcher, on a real repository.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { GitHubTestServer } from '../../support/forge-server/github';
import { applyStep, buildRepo, BuiltRepo, git, overlayKustomization } from './gitopsRepo';

async function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env });
  return { code, stdout, stderr };
}

describe('reconcile history / revert', () => {
  let repo: BuiltRepo;
  before(async () => {
    repo = await buildRepo();
    // A second overlay shares the base: the Deployment is then ambiguous without --namespace.
    await applyStep(repo.dir, { message: 'add staging', files: { 'overlays/staging/kustomization.yaml': overlayKustomization('1.25.1').replace('namespace: prod', 'namespace: staging').replace(/patches:\n.*\n/, '') } });
  });
  after(() => repo.cleanup());

  it('prints the JSON shape of the issue, finding the app from the namespace', async () => {
    const r = await run(path.join(repo.dir, 'docs'), ['history', 'Deployment/web', '--namespace', 'prod', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.object, { kind: 'Deployment', name: 'web', namespace: 'prod', app: 'overlays/prod' });
    assert.deepEqual(
      out.entries.map((e: { commit: string; paths: string[] }) => [e.commit, e.paths]),
      [
        [repo.commits[7], ['spec.template.spec.containers[name=web].image']],
        [repo.commits[3], ['spec.replicas']],
        [repo.commits[1], ['spec.template.spec.containers[name=web].env']],
        [repo.commits[0], []],
      ],
    );
    for (const e of out.entries) for (const k of ['commit', 'author', 'date', 'message', 'paths']) assert.ok(k in e, k);
    assert.equal(out.entries[1].pullRequest.number, 12);
  });

  it('prints text with a cursor for the next page, and explains ambiguity and bad input', async () => {
    const page = await run(repo.dir, ['history', 'Deployment/web', '--app', 'overlays/prod', '--max', '2']);
    assert.equal(page.code, 0, page.stderr);
    assert.match(page.stdout, /^Deployment web rendered from overlays\/prod: 1 change in 2 commits scanned/);
    assert.match(page.stdout, /spec\.template\.spec\.containers\[name=web\]\.image/);
    let all = page.stdout;
    let pages = 1;
    for (let cursor = /--cursor (\S+)/.exec(page.stdout)?.[1]; cursor; cursor = /--cursor (\S+)/.exec(all.slice(all.lastIndexOf('rendered from')))?.[1]) {
      all += (await run(repo.dir, ['history', 'Deployment/web', '--app', 'overlays/prod', '--max', '2', '--cursor', cursor])).stdout;
      pages++;
    }
    assert.equal(pages, 4); // 7 candidate commits, 2 per page
    assert.match(all, /prod: scale web to 5 \(#12\)  \[#12\]\n    spec\.replicas\n    files: overlays\/prod\/replicas\.yaml/);
    assert.equal(all.match(/^[0-9a-f]{10}  /gm)?.length, 4);
    const ambiguous = await run(repo.dir, ['history', 'Deployment/web']);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stderr, /rendered by several apps: overlays\/prod, overlays\/staging/);
    assert.equal((await run(repo.dir, ['history', 'web'])).code, 2);
    assert.equal((await run(repo.dir, ['history', 'Deployment/web', '--max', '0'])).code, 2);
    assert.match((await run(repo.dir, ['history', 'Deployment/none'])).stderr, /No app in this repository renders Deployment none/);
  });

  it('reverts through the CLI with the token from the environment', async () => {
    const bare = path.join(repo.root, 'cli-remote.git');
    git(repo.root, 'init', '-q', '--bare', '-b', 'main', bare);
    git(repo.dir, 'remote', 'add', 'origin', `file://${bare}`);
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const server = await new GitHubTestServer('tok_cli_0123456789').start();
    try {
      server.addRepo('acme/gitops');
      const args = ['revert', repo.commits[3], '--forge', 'github', '--api-url', server.baseUrl, '--repo', 'acme/gitops', '--format', 'json'];
      const noToken = await run(repo.dir, args);
      assert.equal(noToken.code, 1);
      assert.match(noToken.stderr, /No GitHub token/);
      const r = await run(repo.dir, args, { GITHUB_TOKEN: 'tok_cli_0123456789', PATH: process.env.PATH ?? '' });
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.mode, 'revert');
      assert.equal(out.pullRequest.number, 1);
      assert.deepEqual(out.objects, [{ app: 'overlays/prod', kind: 'Deployment', namespace: 'prod', name: 'web', change: 'update', paths: ['spec.replicas'] }]);
      assert.equal(git(bare, 'rev-parse', out.branch).trim(), out.commit);
      assert.equal((await run(repo.dir, ['revert'])).code, 2);
    } finally {
      await server.close();
    }
  });
});
