// Branch, commit and push for a sync PR, without touching the user's current branch, index or
// working tree: objects are written to the object store, the tree is built in a private index,
// the commit is made with commit-tree and only a new ref `reconcile/...` is created.
import * as path from 'node:path';
import { CancellationToken, NEVER_CANCELLED, ProgressReporter } from '../../types';
import { fail, ok, Result } from '../result';
import { syncBranchName } from './branchName';
import { buildSyncTree } from './buildSyncTree';
import { classifyFetchError, classifyPushError } from './gitErrors';
import { createGitRunner, GitRunner } from './gitRunner';

export interface SyncBranchRequest {
  /** Any directory inside the repository. */
  repoDir: string;
  /** Files to commit: repo-relative POSIX paths, or absolute paths inside the repository. */
  files: string[];
  title: string;
  /** Commit message body under the title. */
  body?: string;
  /** Base branch on the remote; defaults to the current branch. */
  base?: string;
  remote?: string;
  /** Branch name to create; defaults to `reconcile/<slug>-<short-hash>`. */
  branch?: string;
  /** Environment for git (credential helpers, SSH agent, HOME); defaults to process.env. */
  env?: Record<string, string | undefined>;
  cancellation?: CancellationToken;
  progress?: ProgressReporter;
}

export interface SyncBranchResult {
  branch: string;
  commit: string;
  base: string;
  baseCommit: string;
  remote: string;
  remoteUrl: string;
  /** Repo-relative paths the commit changes relative to the base. */
  changed: string[];
}

export interface RepoContext {
  git: GitRunner;
  topLevel: string;
  remote: string;
  remoteUrl: string;
  env: Record<string, string | undefined>;
}

const STEPS = 5;

/** Checks that `repoDir` is in a repository with the named remote. */
export async function openRepo(repoDir: string, remoteName: string | undefined, env: Record<string, string | undefined>): Promise<Result<RepoContext>> {
  const remote = remoteName ?? 'origin';
  const probe = createGitRunner(repoDir, env);
  const top = await probe.run(['rev-parse', '--show-toplevel']);
  if (!top.ok) return fail('not-a-repo', `'${repoDir}' is not inside a git repository.`);
  const topLevel = top.stdout.trim();
  const git = createGitRunner(topLevel, env);
  const url = await git.run(['remote', 'get-url', remote]);
  if (!url.ok) {
    const list = await git.run(['remote']);
    const names = list.ok ? list.stdout.split('\n').filter(Boolean) : [];
    const hint = names.length
      ? `Its remotes are: ${names.join(', ')}; pick one with --remote.`
      : `Add one with \`git remote add ${remote} <url>\` and push the base branch first.`;
    return fail('no-remote', `This repository has no git remote named '${remote}'. ${hint}`);
  }
  return ok({ git, topLevel, remote, remoteUrl: url.stdout.trim(), env });
}

/** The current branch, or a typed failure when HEAD is detached. */
export async function currentBranch(git: GitRunner): Promise<Result<string>> {
  const r = await git.run(['symbolic-ref', '-q', '--short', 'HEAD']);
  if (r.ok && r.stdout.trim()) return ok(r.stdout.trim());
  const head = await git.run(['rev-parse', '--short', 'HEAD']);
  const at = head.ok ? ` (at ${head.stdout.trim()})` : '';
  return fail(
    'detached-head',
    `HEAD is detached${at}, so there is no current branch to use as the base. Check out a branch, or name the base branch explicitly (--base main).`,
  );
}

export function normalizeFiles(topLevel: string, cwd: string, files: string[]): Result<string[]> {
  const out = new Set<string>();
  for (const f of files) {
    const abs = path.resolve(cwd, f);
    const rel = path.relative(topLevel, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) {
      return fail('file-outside-repo', `'${f}' is not a file inside the repository at ${topLevel}.`);
    }
    out.add(rel.split(path.sep).join('/'));
  }
  if (out.size === 0) return fail('no-files', 'No files were chosen for the sync commit.');
  return ok([...out].sort());
}

async function fetchBase(ctx: RepoContext, base: string): Promise<Result<string>> {
  const tracking = `refs/remotes/${ctx.remote}/${base}`;
  const f = await ctx.git.run(['fetch', '--no-tags', '--quiet', ctx.remote, `+refs/heads/${base}:${tracking}`]);
  if (!f.ok) return { ok: false, error: classifyFetchError(f.stderr, ctx.remote, base) };
  const sha = await ctx.git.run(['rev-parse', '--verify', '--quiet', `${tracking}^{commit}`]);
  if (!sha.ok || !sha.stdout.trim()) return fail('base-not-found', `The base branch '${base}' does not exist on the remote '${ctx.remote}'.`);
  return ok(sha.stdout.trim());
}

async function createCommit(ctx: RepoContext, tree: string, parent: string, message: string): Promise<Result<string>> {
  const r = await ctx.git.run(['commit-tree', tree, '-p', parent, '-m', message]);
  if (r.ok) return ok(r.stdout.trim());
  if (/tell me who you are|empty ident|unable to auto-detect email/i.test(r.stderr)) {
    return fail(
      'git-identity',
      'Git does not know who you are, so it cannot make the commit. Run `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`, then try again.',
    );
  }
  return fail('git-failed', `git commit-tree failed: ${r.stderr}`);
}

export async function branchExists(git: GitRunner, branch: string): Promise<boolean> {
  // simple-git resolves a failing command that printed nothing to stderr, so judge by the output.
  const r = await git.run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
  return r.ok && r.stdout.trim() !== '';
}

/** Pushes a local branch to the same name on the remote; never forces. */
export async function pushBranch(ctx: RepoContext, branch: string): Promise<Result<void>> {
  const r = await ctx.git.run(['push', '--quiet', ctx.remote, `refs/heads/${branch}:refs/heads/${branch}`]);
  if (!r.ok) return { ok: false, error: classifyPushError(r.stderr, ctx.remote, branch) };
  return ok(undefined);
}

function cancelled<T>(branch?: string): Result<T> {
  return branch
    ? fail('cancelled', `Cancelled after the local commit; the branch ${branch} is kept.`, { branch })
    : fail('cancelled', 'Cancelled; nothing was committed.');
}

export async function createSyncBranch(req: SyncBranchRequest): Promise<Result<SyncBranchResult>> {
  const token = req.cancellation ?? NEVER_CANCELLED;
  const progress = req.progress ?? (() => undefined);
  const env = req.env ?? process.env;
  const opened = await openRepo(req.repoDir, req.remote, env);
  if (!opened.ok) return opened;
  const ctx = opened.value;
  const { git } = ctx;

  let base = req.base;
  if (!base) {
    const cur = await currentBranch(git);
    if (!cur.ok) return cur;
    base = cur.value;
  }
  const files = normalizeFiles(ctx.topLevel, req.repoDir, req.files);
  if (!files.ok) return files;
  if (req.branch && (await branchExists(git, req.branch))) {
    return fail('branch-exists', `A local branch named '${req.branch}' already exists. Choose another name, or push that branch and open its PR with --resume.`, {
      branch: req.branch,
    });
  }

  progress(0, STEPS, `Fetching ${ctx.remote}/${base}`);
  if (token.isCancellationRequested) return cancelled();
  const baseSha = await fetchBase(ctx, base);
  if (!baseSha.ok) return baseSha;

  progress(1, STEPS, 'Building the commit');
  if (token.isCancellationRequested) return cancelled();
  const mb = await git.run(['merge-base', 'HEAD', baseSha.value]);
  const tree = await buildSyncTree({
    git,
    topLevel: ctx.topLevel,
    env,
    baseSha: baseSha.value,
    ancestorSha: mb.ok && mb.stdout.trim() ? mb.stdout.trim() : undefined,
    files: files.value,
    baseLabel: `${ctx.remote}/${base}`,
  });
  if (!tree.ok) return tree;
  if (tree.value.changed.length === 0) {
    return fail('nothing-to-commit', `The chosen files are the same as on ${ctx.remote}/${base}: there is nothing to propose.`);
  }
  const message = req.body ? `${req.title}\n\n${req.body}` : req.title;
  progress(2, STEPS, 'Committing');
  if (token.isCancellationRequested) return cancelled();
  const commit = await createCommit(ctx, tree.value.tree, baseSha.value, message);
  if (!commit.ok) return commit;

  const branch = req.branch ?? syncBranchName(req.title, commit.value);
  // The all-zero old value makes update-ref refuse to overwrite a branch that appeared meanwhile.
  const ref = await git.run(['update-ref', `refs/heads/${branch}`, commit.value, '0'.repeat(40)]);
  if (!ref.ok) {
    return fail('branch-exists', `A local branch named '${branch}' already exists; nothing was changed. Choose another branch name.`, { branch });
  }

  progress(3, STEPS, `Pushing ${branch}`);
  if (token.isCancellationRequested) return cancelled(branch);
  const pushed = await pushBranch(ctx, branch);
  if (!pushed.ok) {
    const e = pushed.error;
    return fail(e.code, `${e.message}\nThe commit is kept on the local branch ${branch}; after fixing the cause, retry with: ${e.retry}`, {
      retry: e.retry,
      branch,
    });
  }
  progress(STEPS, STEPS, 'Pushed');
  return ok({
    branch,
    commit: commit.value,
    base,
    baseCommit: baseSha.value,
    remote: ctx.remote,
    remoteUrl: ctx.remoteUrl,
    changed: tree.value.changed,
  });
}
