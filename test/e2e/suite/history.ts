// In-editor e2e for object history: commits made with real git in the workspace, the Object History
// view's entries for the overlay's Deployment, the rendered diff editor, and Revert Sync against a bare
// remote served over HTTP plus the GitHub API test server. The workspace is put back as it was (HEAD,
// branches, index, files, remotes, settings): other areas' tests run after these.
import * as assert from 'assert/strict';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { monitorEventLoopDelay, PerformanceObserver } from 'perf_hooks';
import * as vscode from 'vscode';
import type { RevertOutcome } from '../../../src/core/history/revert';
import type { HistoryViewModel } from '../../../src/vscode/history/historyController';
import { GitHubTestServer } from '../../support/forge-server/github';
import { GitHttpServer, startGitHttpServer } from '../../support/git/httpBackend';

type Test = (name: string, fn: () => Promise<void>) => Promise<void>;

const DEPLOYMENT = 'apps/base/podinfo/deployment.yaml';
const UNRELATED = 'README.md';
const REMOTE = 'e2e-history';
const TOKEN = 'ghp_history_e2e_token_0123456789';
const IDENTITY: Record<string, string> = {
  GIT_AUTHOR_NAME: 'History E2E',
  GIT_AUTHOR_EMAIL: 'history@e2e.invalid',
  GIT_COMMITTER_NAME: 'History E2E',
  GIT_COMMITTER_EMAIL: 'history@e2e.invalid',
};

/** Async on purpose: a push to the in-process HTTP server would deadlock a synchronous child process. */
function gitIn(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (err, stdout, stderr) =>
      err ? reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
}
const gitOk = (cwd: string, ...args: string[]): Promise<string | undefined> => gitIn(cwd, ...args).then((s) => s.trim(), () => undefined);

interface WorkspaceState {
  headRef: string;
  headSha?: string;
  branches: string[];
  remotes: string[];
  index?: Buffer;
  status: string;
  files: Map<string, Buffer | undefined>;
}

async function snapshot(ws: string): Promise<WorkspaceState> {
  const read = (rel: string) => (fs.existsSync(path.join(ws, rel)) ? fs.readFileSync(path.join(ws, rel)) : undefined);
  return {
    headRef: (await gitOk(ws, 'symbolic-ref', '-q', 'HEAD')) || 'refs/heads/main',
    headSha: await gitOk(ws, 'rev-parse', '-q', '--verify', 'HEAD^{commit}'),
    branches: ((await gitOk(ws, 'for-each-ref', '--format=%(refname)', 'refs/heads')) ?? '').split('\n').filter(Boolean),
    remotes: ((await gitOk(ws, 'remote')) ?? '').split('\n').filter(Boolean),
    index: read('.git/index'),
    status: (await gitOk(ws, 'status', '--porcelain', '--untracked-files=all')) ?? '',
    files: new Map([DEPLOYMENT, UNRELATED, '.vscode/settings.json'].map((f) => [f, read(f)])),
  };
}

async function restore(ws: string, s: WorkspaceState): Promise<void> {
  for (const [rel, bytes] of s.files) {
    const abs = path.join(ws, rel);
    if (bytes) fs.writeFileSync(abs, bytes);
    else fs.rmSync(abs, { force: true });
  }
  for (const remote of ((await gitOk(ws, 'remote')) ?? '').split('\n').filter(Boolean)) if (!s.remotes.includes(remote)) await gitIn(ws, 'remote', 'remove', remote);
  for (const ref of ((await gitOk(ws, 'for-each-ref', '--format=%(refname)', 'refs/heads')) ?? '').split('\n').filter(Boolean)) {
    if (!s.branches.includes(ref) && ref !== s.headRef) await gitIn(ws, 'update-ref', '-d', ref);
  }
  if (s.headSha) await gitIn(ws, 'update-ref', s.headRef, s.headSha);
  else await gitOk(ws, 'update-ref', '-d', s.headRef);
  if (s.index) fs.writeFileSync(path.join(ws, '.git/index'), s.index);
  else fs.rmSync(path.join(ws, '.git/index'), { force: true });
  await gitOk(ws, 'worktree', 'prune');
}

async function commitFile(ws: string, rel: string, edit: (text: string) => string, message: string): Promise<string> {
  const abs = path.join(ws, rel);
  const before = fs.readFileSync(abs, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `the edit of ${rel} for "${message}" changed nothing`);
  fs.writeFileSync(abs, after);
  await gitIn(ws, 'commit', '-q', '-m', message, '--', rel);
  return (await gitIn(ws, 'rev-parse', 'HEAD')).trim();
}

const setImage = (tag: string) => (text: string) => text.replace(/(ghcr\.io\/stefanprodan\/podinfo:)[\w.-]+/, `$1${tag}`);

export async function historyTests(test: Test, root: vscode.Uri): Promise<void> {
  const ws = root.fsPath;
  let saved: WorkspaceState | undefined;
  const made: { initial?: string; first?: string; unrelated?: string; latest?: string } = {};
  const env: Record<string, string | undefined> = {};
  const setEnv = (k: string, v: string) => {
    if (!(k in env)) env[k] = process.env[k];
    process.env[k] = v;
  };
  let http: GitHttpServer | undefined;
  let forge: GitHubTestServer | undefined;
  let tmp: string | undefined;
  try {
    await test('history: the Object History view lists exactly the commits that changed the rendered Deployment', async () => {
      saved = await snapshot(ws);
      if (!saved.headSha) {
        // prepareWorkspace makes a git repository without commits: the fixture becomes the first one.
        await gitIn(ws, 'add', '-A');
        await gitIn(ws, 'commit', '-q', '-m', 'e2e: the fixture repository');
        made.initial = (await gitIn(ws, 'rev-parse', 'HEAD')).trim();
      }
      made.first = await commitFile(ws, DEPLOYMENT, setImage('6.7.2'), 'podinfo: 6.7.2');
      made.unrelated = await commitFile(ws, UNRELATED, (t) => `${t}\nNotes on the fixture, unrelated to any object.\n`, 'docs: a note in the README');
      made.latest = await commitFile(ws, DEPLOYMENT, setImage('6.8.0'), 'podinfo: 6.8.0 (#42)');

      // How long the extension host's event loop stalls while history is computed (logged, not asserted: machine load varies).
      const lag = monitorEventLoopDelay({ resolution: 10 });
      let gcMax = 0;
      const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => (gcMax = Math.max(gcMax, e.duration))));
      gc.observe({ entryTypes: ['gc'] });
      lag.enable();
      const started = Date.now();
      const model = await vscode.commands.executeCommand<HistoryViewModel | undefined>('reconcile.showObjectHistory', { kind: 'Deployment', name: 'podinfo', namespace: 'podinfo' });
      lag.disable();
      gc.disconnect();
      console.log(`history: computed in ${Date.now() - started} ms; event-loop delay max ${(lag.max / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms; longest GC pause ${gcMax.toFixed(0)} ms`);
      assert.ok(model, 'the command returns the entries it shows');
      assert.equal(model.object.app, 'apps/production', 'rendered through the Flux Kustomization apps (path ./apps/production)');
      const commits = model.entries.map((e) => e.commit);
      assert.ok(!commits.includes(made.unrelated), 'the README commit does not change the Deployment');
      assert.deepEqual(commits.slice(0, 2), [made.latest, made.first], 'newest first: the two image changes');
      if (made.initial) {
        assert.deepEqual(commits, [made.latest, made.first, made.initial]);
        assert.equal(model.entries[2].change, 'added');
      }
      const latest = model.entries[0];
      assert.deepEqual(latest.paths, ['spec.template.spec.containers[name=podinfod].image']);
      assert.deepEqual(latest.files, [DEPLOYMENT]);
      assert.equal(latest.subject, 'podinfo: 6.8.0 (#42)');
      assert.equal(latest.pullRequest?.number, 42);
      assert.deepEqual(model.forge, { kind: 'github', webUrl: 'https://github.com', repoPath: 'example/fleet-infra' }, 'origin is on github.com: "Open Commit on Forge" is offered');
    });

    await test('history: selecting an entry opens the rendered diff (reconcile-history documents, before ↔ after)', async () => {
      assert.ok(made.latest, 'needs the commits of the previous test');
      const opened = await vscode.commands.executeCommand<boolean>('reconcile.history.openDiff', { entry: { commit: made.latest } });
      assert.equal(opened, true);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab && tab.input instanceof vscode.TabInputTextDiff, `the active tab is a diff editor (got ${tab?.label})`);
      const input = tab.input as vscode.TabInputTextDiff;
      assert.equal(input.original.scheme, 'reconcile-history');
      assert.equal(input.modified.scheme, 'reconcile-history');
      assert.equal(tab.label, `Deployment/podinfo @ ${made.latest.slice(0, 7)} (before ↔ after)`);
      const before = (await vscode.workspace.openTextDocument(input.original)).getText();
      const after = (await vscode.workspace.openTextDocument(input.modified)).getText();
      assert.match(before, /image: ghcr\.io\/stefanprodan\/podinfo:6\.7\.2/);
      assert.match(after, /image: ghcr\.io\/stefanprodan\/podinfo:6\.8\.0/);
      assert.match(after, /namespace: podinfo/, 'the rendered object (overlay namespace), not the file');
      await vscode.window.tabGroups.close(tab);
    });

    await test('history: without an argument, the object under the editor cursor is used (second document of a file)', async () => {
      const { latest, first } = made;
      assert.ok(latest && first, 'needs the commits of the first test');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, ...DEPLOYMENT.split('/')));
      const editor = await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => l.startsWith('kind: HorizontalPodAutoscaler'));
      assert.ok(line > 0, 'the fixture keeps its autoscaler in the Deployment file');
      editor.selection = new vscode.Selection(line + 3, 2, line + 3, 2);
      try {
        const model = await vscode.commands.executeCommand<HistoryViewModel | undefined>('reconcile.showObjectHistory');
        assert.ok(model, 'the command returns the entries it shows');
        assert.equal(`${model.object.kind}/${model.object.name}`, 'HorizontalPodAutoscaler/podinfo');
        const commits = model.entries.map((e) => e.commit);
        assert.ok(!commits.includes(latest) && !commits.includes(first) && !commits.includes(made.unrelated ?? ''), 'image changes of the Deployment do not touch the autoscaler');
        if (made.initial) assert.deepEqual(model.entries.map((e) => [e.commit, e.change]), [[made.initial, 'added']]);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });

    await test('history: Revert Sync pushes a revert branch to the remote and opens a pull request on the forge', async () => {
      assert.ok(made.latest && saved, 'needs the commits of the first test');
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-history-e2e-'));
      const bare = path.join(tmp, 'acme', 'fleet.git');
      fs.mkdirSync(path.dirname(bare), { recursive: true });
      await gitIn(tmp, 'init', '-q', '--bare', '-b', 'main', bare);
      http = await startGitHttpServer(tmp);
      await gitIn(ws, 'remote', 'add', REMOTE, http.urlFor('acme/fleet.git'));
      await gitIn(ws, 'push', '-q', REMOTE, 'HEAD:refs/heads/main');
      forge = await new GitHubTestServer(TOKEN).start();
      forge.addRepo('acme/fleet');
      await vscode.workspace.getConfiguration('reconcile').update('sync.forges', [{ host: '127.0.0.1', kind: 'github', apiUrl: forge.baseUrl }], vscode.ConfigurationTarget.Workspace);
      // The token comes from the environment, as forgeToken.ts resolves it in code-server; git's identity likewise.
      setEnv('RECONCILE_TOKEN', TOKEN);
      for (const [k, v] of Object.entries(IDENTITY)) setEnv(k, v);
      const head = await gitIn(ws, 'rev-parse', 'HEAD');
      const status = await gitIn(ws, 'status', '--porcelain');

      const outcome = await vscode.commands.executeCommand<RevertOutcome | undefined>('reconcile.revertSync', { commit: made.latest, title: 'Roll back podinfo 6.8.0', remote: REMOTE });
      assert.ok(outcome, 'Revert Sync returns its outcome (see the Reconcile log when it failed)');
      assert.equal(outcome.mode, 'revert');
      assert.match(outcome.branch, /^reconcile\/revert-/);
      assert.equal((await gitIn(bare, 'rev-parse', `refs/heads/${outcome.branch}`)).trim(), outcome.commit, 'the branch is on the bare remote');
      assert.equal((await gitIn(bare, 'rev-parse', `${outcome.commit}^`)).trim(), made.latest, 'one commit on top of the base');
      assert.match(await gitIn(bare, 'show', `${outcome.branch}:${DEPLOYMENT}`), /podinfo:6\.7\.2/);
      const posts = forge.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/fleet/pulls');
      assert.equal(posts.length, 1, 'one create-PR request');
      assert.deepEqual(posts[0].problems, [], "the request matches GitHub's OpenAPI description");
      assert.ok(posts[0].authorized, 'sent with the token');
      const body = posts[0].body as { title: string; head: string; base: string; body: string };
      assert.equal(body.head, outcome.branch);
      assert.equal(body.base, 'main');
      assert.equal(body.title, 'Roll back podinfo 6.8.0');
      assert.match(body.body, /`Deployment podinfo\/podinfo` \(apps\/production\): `spec\.template\.spec\.containers\[name=podinfod\]\.image`/);
      assert.equal(outcome.pullRequest?.number, 1);
      assert.equal(await gitIn(ws, 'rev-parse', 'HEAD'), head, "the user's HEAD did not move");
      assert.equal(await gitIn(ws, 'status', '--porcelain'), status, "the user's working tree and index are untouched");
    });

    await test('history: Revert Sync of a commit that no longer reverts cleanly restores the files and says so in the PR', async () => {
      assert.ok(made.first && made.latest && forge, 'needs the remote and forge of the previous test');
      const before = forge.requests.length;
      // The newer image commit changed the same line, so `git revert` of the first one conflicts.
      const outcome = await vscode.commands.executeCommand<RevertOutcome | undefined>('reconcile.revertSync', { commit: made.first, title: 'Back to podinfo 6.7.1', remote: REMOTE });
      assert.ok(outcome, 'Revert Sync returns its outcome');
      assert.equal(outcome.mode, 'restore');
      assert.deepEqual(outcome.conflicts, [DEPLOYMENT]);
      const bare = path.join(tmp as string, 'acme', 'fleet.git');
      assert.equal((await gitIn(bare, 'rev-parse', `refs/heads/${outcome.branch}`)).trim(), outcome.commit);
      assert.match(await gitIn(bare, 'show', `${outcome.branch}:${DEPLOYMENT}`), /podinfo:6\.7\.1/, 'the file as it was before the reverted commit');
      const posts = forge.requests.slice(before).filter((r) => r.method === 'POST' && r.path === '/repos/acme/fleet/pulls');
      assert.equal(posts.length, 1);
      assert.deepEqual(posts[0].problems, []);
      const body = posts[0].body as { head: string; body: string };
      assert.equal(body.head, outcome.branch);
      assert.match(body.body, /\*\*restore\*\*, not a revert/);
      assert.match(body.body, /`Deployment podinfo\/podinfo`/);
    });

    await test('history: Refresh recomputes the shown object from the new HEAD', async () => {
      assert.ok(made.latest, 'needs the commits of the first test');
      const shown = await vscode.commands.executeCommand<HistoryViewModel | undefined>('reconcile.showObjectHistory', { kind: 'Deployment', name: 'podinfo', namespace: 'podinfo' });
      assert.equal(shown?.entries[0]?.commit, made.latest);
      const newer = await commitFile(ws, DEPLOYMENT, setImage('6.9.0'), 'podinfo: 6.9.0');
      const refreshed = await vscode.commands.executeCommand<HistoryViewModel | undefined>('reconcile.history.refresh');
      assert.ok(refreshed);
      assert.deepEqual(refreshed.entries.slice(0, 2).map((e) => e.commit), [newer, made.latest]);
      assert.equal(refreshed.object.app, 'apps/production');
    });
  } finally {
    await vscode.workspace.getConfiguration('reconcile').update('sync.forges', undefined, vscode.ConfigurationTarget.Workspace);
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await forge?.close();
    await http?.close();
    if (saved) await restore(ws, saved);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  await test('history: the workspace is left as it was (HEAD, branches, remotes, index, files)', async () => {
    assert.ok(saved, 'the first history test took a snapshot');
    const now = await snapshot(ws);
    assert.equal(now.headSha, saved.headSha);
    assert.deepEqual(now.branches, saved.branches);
    assert.deepEqual(now.remotes, saved.remotes);
    assert.equal(now.status, saved.status);
    assert.ok(now.index === saved.index || (now.index && saved.index && now.index.equals(saved.index)), 'the git index file is the same');
  });
}
