// "Revert sync": a branch that undoes one commit, pushed and proposed as a pull request, without
// touching the user's current branch, index or working tree. The work happens in a temporary
// `git worktree` (under the OS temp dir, removed afterwards) checked out at the remote base branch:
// `git revert` when it applies cleanly; otherwise the files that commit changed are restored as
// they were in its parent, and the result says it is a restore, not a revert. The PR body is the plan
// of the new commit (what rolling back does once rendered, per app), under the forge's size cap.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createForgeProvider } from '../sync/forge/createProvider';
import { detectForge, DetectOptions, ForgeTarget } from '../sync/forge/detect';
import { FORGE_NAMES, PullRequestResult } from '../sync/forge/provider';
import { slugify } from '../sync/git/branchName';
import { currentBranch, openRepo, pushBranch, RepoContext } from '../sync/git/createSyncBranch';
import { classifyFetchError } from '../sync/git/gitErrors';
import { createGitRunner, GitRunner } from '../sync/git/gitRunner';
import { chooseRemote, remoteWithoutAsking } from '../sync/git/remoteChoice';
import { CommitPlanOptions, planBetweenCommits } from '../sync/commitPlan';
import { syncPlanComments } from '../sync/forge/planComments';
import { fallbackPrBody, ObjectChange, planPrBody } from '../sync/prBody';
import { Plan } from '../plan/types';
import { SyncError, SyncErrorCode } from '../sync/result';
import { CancellationToken, NEVER_CANCELLED, ProgressReporter } from '../types';

/** An object the rollback changes, with its changed field paths (updates). */
export interface RolledBackObject extends ObjectChange {
  paths: string[];
}

export interface RevertRequest {
  /** Any directory inside the repository. */
  repoDir: string;
  /** The commit to undo (any revision expression). */
  commit: string;
  /** PR and commit title; default `Revert "<subject>"`. */
  title?: string;
  /** Base branch on the remote (default: the current branch). */
  base?: string;
  /** Remote to fetch the base from and push to (default: the one the base branch tracks, the only remote, else `origin`). */
  remote?: string;
  /** Branch to create (default `reconcile/revert-<slug>-<short>`). */
  branch?: string;
  /** Only apps defined in, rendering or reading these repo-relative paths; default: every affected app. */
  apps?: string[];
  /** How the plan in the PR body validates and renders (schema directory, churn rules, helm). */
  plan?: CommitPlanOptions;
  /** Open a pull request when a token resolver is given; otherwise only branch + push. */
  token?: (target: ForgeTarget) => string | undefined | Promise<string | undefined>;
  forge?: DetectOptions;
  draft?: boolean;
  /** Push the branch (default true). */
  push?: boolean;
  toolVersion: string;
  env?: Record<string, string | undefined>;
  cancellation?: CancellationToken;
  progress?: ProgressReporter;
  fetch?: typeof fetch;
}

export interface RevertOutcome {
  /** `revert`: git revert applied cleanly. `restore`: it conflicted, so the files were restored from the parent. */
  mode: 'revert' | 'restore';
  reverted: string;
  revertedSubject: string;
  branch: string;
  commit: string;
  base: string;
  baseCommit: string;
  remote: string;
  /** Files the new commit changes relative to the base. */
  files: string[];
  /** Files git revert could not merge (restore mode). */
  conflicts: string[];
  objects: RolledBackObject[];
  title: string;
  body: string;
  /** Follow-up comments when the plan is longer than one body allows. */
  comments: string[];
  pushed: boolean;
  pullRequest?: PullRequestResult;
  forge?: ForgeTarget;
}

export type RevertErrorCode = SyncErrorCode | 'bad-revision' | 'not-on-base';
export type RevertResult = { ok: true; value: RevertOutcome } | { ok: false; error: Omit<SyncError, 'code'> & { code: RevertErrorCode } };

const failR = (code: RevertErrorCode, message: string, extra: { branch?: string; retry?: string } = {}): RevertResult => ({ ok: false, error: { code, message, ...extra } });

const STEPS = 6;

async function lines(git: GitRunner, args: string[]): Promise<string[]> {
  const r = await git.run(args);
  return r.ok ? r.stdout.split(/\0|\n/).filter(Boolean) : [];
}

function identityProblem(stderr: string): boolean {
  return /tell me who you are|empty ident|unable to auto-detect email/i.test(stderr);
}

/** Makes the new commit in the temporary worktree; returns its id. */
async function makeCommit(
  wt: GitRunner,
  target: { commit: string; parent?: string; merge: boolean },
  messageFor: (mode: 'revert' | 'restore', conflicts: string[]) => string,
): Promise<{ ok: true; commit: string; mode: 'revert' | 'restore'; conflicts: string[] } | { ok: false; code: RevertErrorCode; message: string }> {
  const revert = await wt.runWithCode(['revert', '--no-commit', ...(target.merge ? ['-m', '1'] : []), target.commit]);
  let mode: 'revert' | 'restore' = 'revert';
  let conflicts: string[] = [];
  if (revert.code !== 0) {
    if (identityProblem(revert.stderr)) return { ok: false, code: 'git-identity', message: 'Git does not know who you are. Set user.name and user.email, then try again.' };
    conflicts = await lines(wt, ['diff', '--name-only', '-z', '--diff-filter=U']);
    if (!conflicts.length) return { ok: false, code: 'git-failed', message: `git revert failed: ${revert.stderr.trim()}` };
    await wt.runWithCode(['revert', '--abort']);
    mode = 'restore';
    // The files as they were before the commit, limited to the files it changed.
    const changed = await lines(wt, ['diff-tree', '-r', '-z', '--name-only', '--no-commit-id', ...(target.parent ? [target.parent] : ['--root']), target.commit]);
    const inParent = target.parent ? new Set(await lines(wt, ['ls-tree', '-r', '-z', '--name-only', target.parent, '--', ...changed])) : new Set<string>();
    const restore = changed.filter((f) => inParent.has(f));
    const remove = changed.filter((f) => !inParent.has(f));
    if (restore.length) {
      const r = await wt.run(['checkout', target.parent as string, '--', ...restore]);
      if (!r.ok) return { ok: false, code: 'git-failed', message: `Restoring the files from ${target.parent?.slice(0, 8)} failed: ${r.stderr}` };
    }
    if (remove.length) await wt.run(['rm', '-q', '--ignore-unmatch', '--', ...remove]);
  }
  const staged = await wt.runWithCode(['diff', '--cached', '--quiet']);
  if (staged.code === 0) return { ok: false, code: 'nothing-to-commit', message: `The base branch already has no trace of ${target.commit.slice(0, 8)}: there is nothing to revert.` };
  // --no-verify: the user's commit hooks expect their own checkout and tools, not this temporary one.
  const c = await wt.runWithCode(['commit', '-q', '--no-verify', '-m', messageFor(mode, conflicts)]);
  if (c.code !== 0) {
    if (identityProblem(c.stderr)) return { ok: false, code: 'git-identity', message: 'Git does not know who you are, so it cannot make the commit. Run `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`, then try again.' };
    return { ok: false, code: 'git-failed', message: `git commit failed: ${c.stderr.trim()}` };
  }
  const head = await wt.run(['rev-parse', 'HEAD']);
  return head.ok ? { ok: true, commit: head.stdout.trim(), mode, conflicts } : { ok: false, code: 'git-failed', message: 'Cannot read the new commit.' };
}

function summaryText(o: { mode: 'revert' | 'restore'; reverted: string; subject: string; conflicts: string[]; parent?: string; objects: RolledBackObject[] }): string {
  const short = o.reverted.slice(0, 8);
  const out: string[] = [];
  if (o.mode === 'revert') out.push(`Reverts ${short} ("${o.subject}") with \`git revert\`.`);
  else {
    out.push(
      `Rolls back ${short} ("${o.subject}"). It no longer reverts cleanly (conflicts in ${o.conflicts.map((f) => `\`${f}\``).join(', ')}), so this is a **restore**, not a revert: the files that commit changed are set back to how they were in ${o.parent ? o.parent.slice(0, 8) : 'the state before it'}. Later changes to those files are undone too; review them.`,
    );
  }
  if (o.objects.length) {
    out.push('', '**Objects rolled back:**', '');
    for (const x of o.objects) {
      const name = `${x.id.kind} ${x.id.namespace ? `${x.id.namespace}/` : ''}${x.id.name}`;
      const what = x.change === 'update' ? (x.paths.length ? x.paths.slice(0, 8).map((p) => `\`${p}\``).join(', ') + (x.paths.length > 8 ? ', …' : '') : 'changed') : x.change === 'create' ? 'created again' : 'deleted';
      out.push(`- \`${name}\` (${x.app}): ${what}`);
    }
  }
  return out.join('\n');
}

/** The plan's object changes in the shape the revert result always had (app = the folder it renders). */
function rolledBack(plan: Plan, only: string[] | undefined): RolledBackObject[] {
  const kind = { created: 'create', changed: 'update', deleted: 'delete' } as const;
  const inside = (p: string) => !only?.length || only.some((o) => p === o || p.startsWith(o.replace(/\/$/, '') + '/'));
  const out: RolledBackObject[] = [];
  // Files no app renders count as their own folder's objects.
  const groups = [...plan.apps.map((a) => ({ app: a.path || '.', objects: a.objects })), ...plan.unrendered.map((u) => ({ app: u.file.includes('/') ? u.file.slice(0, u.file.lastIndexOf('/')) : '.', objects: u.objects }))];
  for (const g of groups) {
    if (!inside(g.app)) continue;
    for (const o of g.objects) {
      const slash = o.apiVersion.lastIndexOf('/');
      out.push({
        app: g.app,
        id: { group: slash > 0 ? o.apiVersion.slice(0, slash) : '', version: o.apiVersion.slice(slash + 1), kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) },
        change: kind[o.change],
        paths: o.fields.map((f) => f.path),
        diff: o.diff,
      });
    }
  }
  return out;
}

export async function revertSync(req: RevertRequest): Promise<RevertResult> {
  const env = req.env ?? process.env;
  const token = req.cancellation ?? NEVER_CANCELLED;
  const progress = req.progress ?? (() => undefined);
  const remote = req.remote ?? remoteWithoutAsking(await chooseRemote(req.repoDir, env, req.base));
  const opened = await openRepo(req.repoDir, remote, env);
  if (!opened.ok) return opened;
  const ctx: RepoContext = opened.value;
  const { git } = ctx;

  const resolved = await git.run(['rev-parse', '--verify', '--quiet', `${req.commit}^{commit}`]);
  const commit = resolved.ok ? resolved.stdout.trim() : '';
  if (!commit) return failR('bad-revision', `'${req.commit}' is not a commit in this repository.`);
  const info = await git.run(['log', '-1', '--format=%P%x00%s', commit]);
  const [parentsText, subject] = info.ok ? info.stdout.replace(/\n$/, '').split('\0') : ['', ''];
  const parents = parentsText.split(' ').filter(Boolean);

  let base = req.base;
  if (!base) {
    const cur = await currentBranch(git);
    if (!cur.ok) return cur;
    base = cur.value;
  }
  let forgeTarget: ForgeTarget | undefined;
  let secret: string | undefined;
  if (req.token) {
    // Check forge and token before committing anything, as the sync does.
    const detected = detectForge(ctx.remoteUrl, req.forge);
    if (!detected.ok) return failR('unknown-forge', detected.message);
    forgeTarget = detected.target;
    secret = await req.token(forgeTarget);
    if (!secret) return failR('no-token', `No ${FORGE_NAMES[forgeTarget.kind]} token: set RECONCILE_TOKEN (or the forge's own variable), or sign in from VS Code. Nothing was committed.`);
  }

  progress(0, STEPS, `Fetching ${ctx.remote}/${base}`);
  const tracking = `refs/remotes/${ctx.remote}/${base}`;
  const fetched = await git.run(['fetch', '--no-tags', '--quiet', ctx.remote, `+refs/heads/${base}:${tracking}`]);
  if (!fetched.ok) return { ok: false, error: classifyFetchError(fetched.stderr, ctx.remote, base) };
  const baseSha = (await lines(git, ['rev-parse', '--verify', '--quiet', `${tracking}^{commit}`]))[0] ?? '';
  if (!baseSha) return failR('base-not-found', `The base branch '${base}' does not exist on the remote '${ctx.remote}'.`);
  const onBase = await git.runWithCode(['merge-base', '--is-ancestor', commit, baseSha]);
  if (onBase.code !== 0) return failR('not-on-base', `${commit.slice(0, 8)} ("${subject}") is not on ${ctx.remote}/${base}, so there is nothing to revert there. Pick a commit of that branch, or another base with --base.`);
  if (token.isCancellationRequested) return failR('cancelled', 'Cancelled; nothing was committed.');

  const title = req.title?.trim() || `Revert "${subject}"`;
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-revert-'));
  const wtDir = path.join(tmp, 'worktree');
  let made: Awaited<ReturnType<typeof makeCommit>>;
  progress(1, STEPS, `Reverting ${commit.slice(0, 8)} in a temporary worktree`);
  try {
    const add = await git.run(['worktree', 'add', '--detach', '--quiet', wtDir, baseSha]);
    if (!add.ok) return failR('git-failed', `Cannot create a temporary worktree: ${add.stderr}`);
    const wt = createGitRunner(wtDir, env);
    const messageFor = (mode: 'revert' | 'restore', conflicts: string[]) =>
      mode === 'revert'
        ? `${title}\n\nThis reverts commit ${commit}.`
        : `${title}\n\nRestores the files changed by ${commit} as they were in ${parents[0] ?? 'its parent'}: it no longer reverts cleanly (conflicts: ${conflicts.join(', ')}).`;
    made = await makeCommit(wt, { commit, parent: parents[0], merge: parents.length > 1 }, messageFor);
  } finally {
    await git.run(['worktree', 'remove', '--force', wtDir]);
    await fs.rm(tmp, { recursive: true, force: true });
    await git.run(['worktree', 'prune']);
  }
  if (!made.ok) return failR(made.code, made.message);
  progress(2, STEPS, 'Describing the rollback');
  const files = await lines(git, ['diff', '--name-only', '-z', baseSha, made.commit]);
  const planned = await planBetweenCommits(ctx.topLevel, baseSha, made.commit, { ...req.plan, repoUrls: req.plan?.repoUrls ?? [ctx.remoteUrl], toolVersion: req.toolVersion, token });
  if (!planned.ok && token.isCancellationRequested) return failR('cancelled', 'Cancelled; nothing was pushed.');
  const objects = planned.ok ? rolledBack(planned.plan, req.apps) : [];

  const branch = req.branch ?? `reconcile/revert-${slugify(subject, 30)}-${commit.slice(0, 7)}`;
  const ref = await git.run(['update-ref', `refs/heads/${branch}`, made.commit, '0'.repeat(40)]);
  if (!ref.ok) return failR('branch-exists', `A local branch named '${branch}' already exists; nothing was changed. Choose another name with --branch.`, { branch });

  const preface = summaryText({ mode: made.mode, reverted: commit, subject, conflicts: made.conflicts, parent: parents[0], objects });
  const { body, comments } = planned.ok
    ? planPrBody(planned.plan, { forge: forgeTarget?.kind ?? 'github', baseLabel: base, headLabel: branch, preface })
    : { body: fallbackPrBody({ preface, files, reason: planned.message, toolVersion: req.toolVersion }), comments: [] };
  const outcome: RevertOutcome = {
    mode: made.mode,
    reverted: commit,
    revertedSubject: subject,
    branch,
    commit: made.commit,
    base,
    baseCommit: baseSha,
    remote: ctx.remote,
    files,
    conflicts: made.conflicts,
    objects,
    title,
    body,
    comments,
    pushed: false,
    forge: forgeTarget,
  };
  if (req.push === false) return { ok: true, value: outcome };
  if (token.isCancellationRequested) return failR('cancelled', `Cancelled before pushing; the branch ${branch} is kept locally.`, { branch });
  return publish(ctx, outcome, secret, req);
}

/** Pushes the branch and opens the pull request: the second half of revertSync, shared with publishRevert. */
async function publish(
  ctx: RepoContext,
  outcome: RevertOutcome,
  secret: string | undefined,
  opts: { draft?: boolean; cancellation?: CancellationToken; progress?: ProgressReporter; fetch?: typeof fetch },
): Promise<RevertResult> {
  const token = opts.cancellation ?? NEVER_CANCELLED;
  const progress = opts.progress ?? (() => undefined);
  const { branch, base, title, body } = outcome;
  const forgeTarget = outcome.forge;
  progress(3, STEPS, `Pushing ${branch}`);
  const pushed = await pushBranch(ctx, branch);
  if (!pushed.ok) return { ok: false, error: { ...pushed.error, message: `${pushed.error.message}\nThe commit is kept on the local branch ${branch}.`, branch } };
  outcome.pushed = true;
  if (!forgeTarget || !secret) {
    progress(STEPS, STEPS, 'Pushed');
    return { ok: true, value: outcome };
  }
  progress(4, STEPS, `Opening a pull request on ${FORGE_NAMES[forgeTarget.kind]}`);
  const provider = createForgeProvider({ target: forgeTarget, token: secret, fetch: opts.fetch });
  const pr = await provider.openPullRequest({ head: branch, base, title, body, draft: opts.draft ?? false }, token);
  if (!pr.ok) return { ok: false, error: { ...pr.error, message: `${pr.error.message}\nThe branch ${branch} is pushed; open its pull request by hand or with \`reconcile pr --resume ${branch} --base ${base} --title …\`.`, branch } };
  outcome.pullRequest = pr.value;
  // The plan's follow-up comments; a failure here leaves an open PR whose body says the rest is missing.
  await syncPlanComments(provider, pr.value.number, outcome.comments ?? []);
  progress(STEPS, STEPS, `Opened ${pr.value.url}`);
  return { ok: true, value: outcome };
}

export interface PublishRevertRequest {
  repoDir: string;
  /** What `revertSync({ push: false })` returned (its local branch is pushed). */
  outcome: RevertOutcome;
  /** As for revertSync: with a resolver (and a forge on the outcome) a pull request is opened. */
  token?: (target: ForgeTarget) => string | undefined | Promise<string | undefined>;
  draft?: boolean;
  env?: Record<string, string | undefined>;
  cancellation?: CancellationToken;
  progress?: ProgressReporter;
  fetch?: typeof fetch;
}

/**
 * Pushes a revert branch made with `push: false` and opens its pull request: lets a caller show the change
 * (a restore, above all) before anything leaves the machine.
 */
export async function publishRevert(req: PublishRevertRequest): Promise<RevertResult> {
  const opened = await openRepo(req.repoDir, req.outcome.remote, req.env ?? process.env);
  if (!opened.ok) return opened;
  let secret: string | undefined;
  if (req.token && req.outcome.forge) {
    secret = await req.token(req.outcome.forge);
    if (!secret) return failR('no-token', `No ${FORGE_NAMES[req.outcome.forge.kind]} token; the branch ${req.outcome.branch} is kept locally, nothing was pushed.`, { branch: req.outcome.branch });
  }
  if ((req.cancellation ?? NEVER_CANCELLED).isCancellationRequested) return failR('cancelled', `Cancelled before pushing; the branch ${req.outcome.branch} is kept locally.`, { branch: req.outcome.branch });
  return publish(opened.value, req.outcome, secret, req);
}
