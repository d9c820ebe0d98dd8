// In-editor e2e for "Open Sync PR" (reconcile.openSyncPr), run inside code-server's extension host: the
// workspace's origin points at a bare repository served by git-http-backend on 127.0.0.1, the forge is a
// Gitea test server in this process (the GitHub one reads @octokit/openapi through require.resolve, which
// the webpack bundle cannot do), named through the reconcile.sync.forges setting. The token comes from
// SecretStorage through "Reconcile: Set Forge Token" in the first test and from the extension host's
// environment (the code-server path) in the second. Everything is put back in `finally`.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ReconcileApi } from '../../../src/extension';
import type { SyncPrResult } from '../../../src/core/sync/openSyncPr';
import type { Logger } from '../../../src/core/types';
import type { SetForgeTokenResult } from '../../../src/vscode/sync/setForgeTokenCommand';
import { GiteaPullState, GiteaTestServer } from '../../support/forge-server/gitea';
import { GitHttpServer, startGitHttpServer } from '../../support/git/httpBackend';
import { git, protectRemote, snapshotUserState } from '../../support/git/tempRepo';

type TestFn = (name: string, fn: () => Promise<void>) => Promise<void>;

const EXTENSION_ID = 'reconcile.reconcile-gitops';
const TOKEN = 'gitea_e2e_token_0123456789';
const REPO = 'example/fleet-infra';
const TOKEN_VARS = ['RECONCILE_TOKEN', 'GITEA_TOKEN', 'FORGEJO_TOKEN'];
const FILE = 'apps/base/podinfo/configmap.yaml';
// The colour, not the message: production's overlay patches the message, so that edit renders to no change.
const BEFORE = '"#34577c"';
const AFTER = '"#2f6f4e"';

/** Lines the command writes to the log and messages it shows, captured while a test runs. */
interface Captured {
  log: string[];
  info: string[];
  errors: string[];
  /** The button a test "clicks" on an error notification (the real notification is still shown). */
  answerError?: (message: string) => string | undefined;
}

interface SyncRig {
  ws: string;
  bare: string;
  forge: GiteaTestServer;
  captured: Captured;
  /** The workspace's HEAD commit the test started from (the base pushed to the remote). */
  baseCommit: string;
  /** HEAD commit and origin URL before the set-up, to check that `restore` put them back. */
  initial: { head: string | undefined; originUrl: string | undefined };
  restore(): Promise<void>;
}

function tryGit(cwd: string, ...args: string[]): string | undefined {
  try {
    return git(cwd, ...args).trim();
  } catch {
    return undefined;
  }
}

/**
 * Points the workspace at a fresh bare remote and a Gitea test server. The e2e workspace starts as `git init`
 * with no commit and no identity; a base commit and a local identity are made here and removed again.
 */
async function setUpSync(root: vscode.Uri, tokenVia: 'secret' | 'env'): Promise<SyncRig> {
  const ws = root.fsPath;
  const undo: Array<() => unknown> = [];
  const restore = async (): Promise<void> => {
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`sync: restore step failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  const initial = { head: tryGit(ws, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}'), originUrl: tryGit(ws, 'remote', 'get-url', 'origin') };
  try {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-sync-'));
    undo.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const bare = path.join(tmp, `${REPO}.git`);
    fs.mkdirSync(path.dirname(bare), { recursive: true });
    git(tmp, 'init', '-q', '--bare', '-b', 'main', bare);

    for (const key of ['user.name', 'user.email']) {
      const previous = tryGit(ws, 'config', '--local', '--get', key);
      if (previous === undefined) {
        git(ws, 'config', '--local', key, key === 'user.name' ? 'Reconcile E2E' : 'e2e@reconcile.invalid');
        undo.push(() => void tryGit(ws, 'config', '--local', '--unset', key));
      }
    }
    if (tryGit(ws, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}') === undefined) {
      // Unborn branch: commit the workspace as the base, and go back to "no commit, nothing staged" afterwards.
      const branch = git(ws, 'symbolic-ref', '--short', 'HEAD').trim();
      git(ws, 'add', '-A');
      git(ws, 'commit', '-q', '--no-gpg-sign', '-m', 'e2e base');
      undo.push(() => {
        git(ws, 'update-ref', '-d', `refs/heads/${branch}`);
        fs.rmSync(path.join(ws, '.git', 'index'), { force: true });
      });
    }
    const baseCommit = git(ws, 'rev-parse', 'HEAD').trim();

    const gitServer: GitHttpServer = await startGitHttpServer(tmp);
    undo.push(() => gitServer.close());
    const previousUrl = tryGit(ws, 'remote', 'get-url', 'origin');
    const remoteUrl = gitServer.urlFor(`${REPO}.git`);
    if (previousUrl === undefined) git(ws, 'remote', 'add', 'origin', remoteUrl);
    else git(ws, 'remote', 'set-url', 'origin', remoteUrl);
    undo.push(() => {
      for (const ref of git(ws, 'for-each-ref', '--format=%(refname)', 'refs/remotes/origin/', 'refs/heads/reconcile/').split('\n').filter(Boolean)) {
        git(ws, 'update-ref', '-d', ref);
      }
      if (previousUrl === undefined) git(ws, 'remote', 'remove', 'origin');
      else git(ws, 'remote', 'set-url', 'origin', previousUrl);
    });
    // Straight into the bare directory: a synchronous git over HTTP would block this process, which serves it.
    git(ws, 'push', '-q', bare, 'HEAD:refs/heads/main');

    const forge = await new GiteaTestServer(TOKEN).start();
    forge.repos.set(REPO, []);
    undo.push(() => forge.close());
    const config = vscode.workspace.getConfiguration('reconcile');
    await config.update('sync.forges', [{ host: '127.0.0.1', kind: 'gitea', apiUrl: `${forge.baseUrl}/api/v1` }], vscode.ConfigurationTarget.Workspace);
    undo.push(() => config.update('sync.forges', undefined, vscode.ConfigurationTarget.Workspace));

    // No token in the environment unless the test asks for that path, so the token demonstrably comes from where the test put it.
    for (const name of TOKEN_VARS) {
      const previous = process.env[name];
      delete process.env[name];
      undo.push(() => {
        if (previous === undefined) delete process.env[name];
        else process.env[name] = previous;
      });
    }
    const apiUrl = `${forge.baseUrl}/api/v1`;
    if (tokenVia === 'env') process.env.RECONCILE_TOKEN = TOKEN;
    else {
      // "Reconcile: Set Forge Token" with an argument stores it in SecretStorage, where Open Sync PR looks first.
      const stored = await vscode.commands.executeCommand<SetForgeTokenResult | undefined>('reconcile.setForgeToken', { kind: 'gitea', apiUrl, token: TOKEN });
      assert.deepEqual(stored, { kind: 'gitea', apiHost: new URL(apiUrl).host, stored: true });
      undo.push(async () => {
        const removed = await vscode.commands.executeCommand<SetForgeTokenResult | undefined>('reconcile.setForgeToken', { kind: 'gitea', apiUrl, token: '' });
        assert.equal(removed?.stored, false, 'the stored token was removed');
      });
    }

    const captured = captureMessages(undo);
    return { ws, bare, forge, captured, baseCommit, initial, restore };
  } catch (err) {
    await restore();
    throw err;
  }
}

/**
 * Records what the command logs and the notifications it shows. The suite is loaded from inside the extension's
 * folder, so its `vscode` is the extension's own API object: wrapping `window.show*Message` here sees the
 * command's calls; the real notification is still shown.
 */
function captureMessages(undo: Array<() => unknown>): Captured {
  const captured: Captured = { log: [], info: [], errors: [] };
  const api = vscode.extensions.getExtension<ReconcileApi>(EXTENSION_ID)?.exports;
  assert.ok(api?.services, 'the extension is active with services');
  const logger: Logger = api.services.logger;
  const original = { info: logger.info, warn: logger.warn, error: logger.error };
  for (const level of ['info', 'warn', 'error'] as const) {
    logger[level] = (m: string) => {
      captured.log.push(`${level} ${m}`);
      original[level](m);
    };
  }
  undo.push(() => Object.assign(logger, original));
  const win = vscode.window as { showInformationMessage: (...a: unknown[]) => Thenable<unknown>; showErrorMessage: (...a: unknown[]) => Thenable<unknown> };
  const { showInformationMessage, showErrorMessage } = win;
  win.showInformationMessage = (...a: unknown[]) => {
    captured.info.push(String(a[0]));
    return showInformationMessage.apply(vscode.window, a);
  };
  win.showErrorMessage = (...a: unknown[]) => {
    captured.errors.push(String(a[0]));
    const shown = showErrorMessage.apply(vscode.window, a);
    const answer = captured.answerError?.(String(a[0]));
    return answer === undefined ? shown : Promise.resolve(answer);
  };
  undo.push(() => Object.assign(win, { showInformationMessage, showErrorMessage }));
  return captured;
}

/** Changes the ConfigMap's message through a WorkspaceEdit and saves, as a user would; returns the original bytes. */
async function editAndSave(root: vscode.Uri): Promise<{ original: Buffer; edited: string }> {
  const uri = vscode.Uri.joinPath(root, ...FILE.split('/'));
  const original = fs.readFileSync(uri.fsPath);
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.getText().indexOf(BEFORE);
  assert.ok(at >= 0, `${FILE} holds ${BEFORE}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + BEFORE.length)), AFTER);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'the WorkspaceEdit applied');
  assert.equal(await doc.save(), true, 'the document saved');
  const edited = fs.readFileSync(uri.fsPath, 'utf8');
  assert.ok(edited.includes(AFTER), 'the edit is on disk');
  return { original, edited };
}

function restoreFile(root: vscode.Uri, original: Buffer): void {
  fs.writeFileSync(path.join(root.fsPath, ...FILE.split('/')), original);
}

/** Runs Open Sync PR unattended; if it ever waits for input (a token prompt), fail instead of hanging the suite. */
async function openSyncPr(args: { files: string[]; title: string }, timeoutMs = 90_000): Promise<SyncPrResult | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const result = await Promise.race([vscode.commands.executeCommand<SyncPrResult | undefined>('reconcile.openSyncPr', args), timeout]);
    if (result === 'timeout') {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      throw new Error(`reconcile.openSyncPr did not finish within ${timeoutMs / 1000} s (waiting for input?)`);
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = probe();
    if (v !== undefined) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const remoteSyncBranches = (bare: string): string[] =>
  git(bare, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/reconcile/').split('\n').filter(Boolean);

const staged = (ws: string): string => git(ws, 'diff', '--cached', '--name-only').trim();

export async function syncTests(test: TestFn, root: vscode.Uri): Promise<void> {
  await test('sync: Open Sync PR (token from Set Forge Token) pushes a branch with exactly the edited file, opens the PR and leaves the checkout as it was', async () => {
    const rig = await setUpSync(root, 'secret');
    let original: Buffer | undefined;
    try {
      const saved = await editAndSave(root);
      original = saved.original;
      const before = await snapshotUserState(rig.ws);
      const branchBefore = git(rig.ws, 'symbolic-ref', 'HEAD').trim();

      const title = 'Say hello from a sync PR';
      const result = await openSyncPr({ files: [FILE], title });
      assert.ok(result, `the command returned a result; log:\n${rig.captured.log.join('\n')}`);
      assert.equal(result.created, true);
      assert.equal(result.number, 1);
      assert.equal(result.url, `${rig.forge.webUrl}/${REPO}/pulls/1`);
      assert.equal(result.forge.kind, 'gitea');
      assert.match(result.branch, /^reconcile\/say-hello-from-a-sync-pr-[0-9a-f]{7}$/);
      assert.deepEqual(result.changed, [FILE]);

      // The remote: the branch holds one new commit on top of main, touching exactly the edited file.
      const mainOnRemote = git(rig.bare, 'rev-parse', 'main').trim();
      assert.equal(mainOnRemote, rig.baseCommit, 'the remote main is the base pushed at setup');
      assert.equal(git(rig.bare, 'rev-parse', result.branch).trim(), result.commit, 'the pushed branch is the reported commit');
      assert.equal(git(rig.bare, 'rev-list', '--count', `main..${result.branch}`).trim(), '1');
      assert.equal(git(rig.bare, 'rev-parse', `${result.branch}^`).trim(), mainOnRemote, 'its parent is the base');
      assert.equal(git(rig.bare, 'diff', '--name-only', 'main', result.branch).trim(), FILE);
      assert.equal(git(rig.bare, 'show', `${result.branch}:${FILE}`), saved.edited, 'the commit holds the saved edit byte for byte');
      assert.equal(git(rig.bare, 'log', '-1', '--format=%s', result.branch).trim(), title);

      // The forge: one create request, valid against Gitea's CreatePullRequestOption, with the token.
      const creates = rig.forge.requests.filter((r) => r.method === 'POST' && r.path === `/api/v1/repos/${REPO}/pulls`);
      assert.equal(creates.length, 1, 'one create-PR request');
      const create = creates[0];
      assert.deepEqual(create.problems, []);
      assert.equal(create.authorized, true);
      assert.equal(create.status, 201);
      const body = create.body as { head: string; base: string; title: string; body: string };
      assert.equal(body.head, result.branch);
      assert.equal(body.base, 'main');
      assert.equal(body.title, title);
      // The body is the plan of the commit: the production app renders the base's ConfigMap with the new colour.
      assert.match(body.body, /^<!-- reconcile-plan -->/);
      assert.match(body.body, /\*\*1 app changed: 0 objects to create, 1 to change, 0 to delete; validation: 0 errors\.\*\*/, 'the command validated the rendering and said so');
      assert.match(body.body, /\| Flux Kustomization flux-system\/apps → apps\/production \| [^|]* \| changed \| 0 \| 1 \| 0 \| ✅ \| `apps\/base\/podinfo\/configmap\.yaml` \|/);
      assert.match(body.body, /\*\*`ConfigMap podinfo\/podinfo-config`\*\* changed\n- `data\.PODINFO_UI_COLOR`: `"#34577c"` → `"#2f6f4e"`/);
      assert.match(body.body, /-  PODINFO_UI_COLOR: '#34577c'\n\+  PODINFO_UI_COLOR: '#2f6f4e'/);
      const pulls = rig.forge.repos.get(REPO) as GiteaPullState[];
      assert.equal(pulls.length, 1);

      // The user's checkout: same branch, HEAD, index bytes and files; the edit is still an unstaged change.
      assert.deepEqual(await snapshotUserState(rig.ws), before);
      assert.equal(git(rig.ws, 'symbolic-ref', 'HEAD').trim(), branchBefore);
      assert.equal(staged(rig.ws), '', 'nothing staged');
      assert.equal(git(rig.ws, 'status', '--porcelain', '--', FILE).trimEnd(), ` M ${FILE}`);

      // What the user sees: the notification with the PR URL (and the same line in the Reconcile log).
      assert.deepEqual(rig.captured.errors, []);
      const shown = rig.captured.info.filter((m) => m.includes(result.url));
      assert.equal(shown.length, 1, `one notification names the PR URL; shown: ${JSON.stringify(rig.captured.info)}`);
      assert.match(shown[0], new RegExp(`^Opened pull request #1 from ${result.branch.replace(/[./]/g, '\\$&')}: `));
      assert.ok(rig.captured.log.some((l) => l === `info Open Sync PR: opened #1 ${result.url} from ${result.branch}`), rig.captured.log.join('\n'));
      assert.ok(!rig.captured.log.some((l) => l.includes(TOKEN)), 'the token is never logged');
    } finally {
      if (original) restoreFile(root, original);
      await rig.restore();
    }
  });

  await test('sync: a push the remote refuses (token from the environment) shows why, keeps the local branch, opens no PR and leaves the checkout as it was', async () => {
    const rig = await setUpSync(root, 'env');
    let original: Buffer | undefined;
    try {
      await protectRemote(rig.bare, 'protected branch: pushes to fleet-infra need review');
      const saved = await editAndSave(root);
      original = saved.original;
      const before = await snapshotUserState(rig.ws);

      const result = await openSyncPr({ files: [FILE], title: 'Refused change' });
      assert.equal(result, undefined, 'no PR result');

      assert.equal(rig.captured.errors.length, 1, `one error message; log:\n${rig.captured.log.join('\n')}`);
      const message = rig.captured.errors[0];
      assert.match(message, /^The remote 'origin' refused the push of reconcile\/refused-change-[0-9a-f]{7}: the branch is protected or a server hook declined it\./);
      assert.match(message, /pushes to fleet-infra need review/, 'the hook output is quoted');
      assert.match(message, /The commit is kept on the local branch reconcile\/refused-change-[0-9a-f]{7}; after fixing the cause, retry with: git push origin refs\/heads\/reconcile\//);
      assert.ok(rig.captured.log.some((l) => l.startsWith('error Open Sync PR failed (push-rejected-protected): ') && l.includes(message)), rig.captured.log.join('\n'));
      assert.deepEqual(rig.captured.info, []);

      const branch = /local branch (reconcile\/[\w.-]+);/.exec(message)?.[1];
      assert.ok(branch);
      assert.ok(tryGit(rig.ws, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`), 'the local branch is kept for the retry');
      assert.equal(tryGit(rig.bare, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`), undefined, 'nothing reached the remote');
      assert.deepEqual(rig.forge.requests.filter((r) => r.method === 'POST'), [], 'no PR was requested');
      assert.deepEqual(await snapshotUserState(rig.ws), before);
      assert.equal(staged(rig.ws), '');
    } finally {
      if (original) restoreFile(root, original);
      await rig.restore();
    }
    // The set-up is undone: later areas see the workspace as the harness made it.
    assert.equal(tryGit(rig.ws, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}'), rig.initial.head);
    assert.equal(tryGit(rig.ws, 'remote', 'get-url', 'origin'), rig.initial.originUrl);
    assert.equal(git(rig.ws, 'for-each-ref', 'refs/heads/reconcile/', 'refs/remotes/').trim(), '');
    assert.equal(vscode.workspace.getConfiguration('reconcile').inspect('sync.forges')?.workspaceValue, undefined);
  });

  await test('sync: after a forge 503 the error offers Retry, which opens the PR for the kept branch without a second commit', async () => {
    const rig = await setUpSync(root, 'env');
    let original: Buffer | undefined;
    try {
      rig.forge.inject({ method: 'POST', path: /\/pulls$/, status: 503, body: { message: 'Service Unavailable' } });
      rig.captured.answerError = (m) => (m.startsWith('Gitea/Forgejo had a server error (503)') ? 'Retry' : undefined);
      const saved = await editAndSave(root);
      original = saved.original;
      const before = await snapshotUserState(rig.ws);

      const result = await openSyncPr({ files: [FILE], title: 'Retry me' });
      assert.equal(result, undefined, 'the first run fails at the forge');
      const message = rig.captured.errors[0] ?? '';
      assert.match(
        message,
        /^Gitea\/Forgejo had a server error \(503\)\. The branch is pushed; try again in a few minutes\. Gitea\/Forgejo said: "Service Unavailable"\.\nThe branch (reconcile\/retry-me-[0-9a-f]{7}) is pushed and kept; open its pull request later with: reconcile pr --resume reconcile\/retry-me-[0-9a-f]{7} --base main --title 'Retry me' --forge gitea --api-url http:\/\/127\.0\.0\.1:\d+\/api\/v1$/,
      );
      const branch = /The branch (reconcile\/\S+) is pushed/.exec(message)![1];

      // "Retry" resumes in the editor: the kept branch is pushed (already there) and its PR opened.
      const shown = await eventually('the notification of the retried PR', () => {
        if (rig.captured.errors.length > 1) throw new Error(`the retry failed: ${rig.captured.errors[1]}`);
        return rig.captured.info.find((m) => m.startsWith('Opened pull request #1 '));
      });
      assert.equal(shown, `Opened pull request #1 from ${branch}: ${rig.forge.webUrl}/${REPO}/pulls/1`);
      assert.ok(rig.captured.log.includes(`info Open Sync PR: retrying with the kept branch ${branch} (base main)`), rig.captured.log.join('\n'));
      assert.deepEqual(remoteSyncBranches(rig.bare), [branch], 'one sync branch on the remote: no second commit');
      assert.equal(git(rig.bare, 'rev-list', '--count', `main..${branch}`).trim(), '1');
      assert.equal(git(rig.bare, 'show', `${branch}:${FILE}`), saved.edited);
      const creates = rig.forge.requests.filter((r) => r.method === 'POST');
      assert.deepEqual(creates.map((r) => r.status), [503, 201]);
      assert.deepEqual(creates[1].problems, []);
      assert.equal((creates[1].body as { head: string }).head, branch);
      assert.match((creates[1].body as { body: string }).body, /\*\*`ConfigMap podinfo\/podinfo-config`\*\* changed/);
      assert.deepEqual(await snapshotUserState(rig.ws), before);
      assert.equal(staged(rig.ws), '');
    } finally {
      if (original) restoreFile(root, original);
      await rig.restore();
    }
  });
}
