// The whole sync: check forge and token first (so nothing is committed for a PR that cannot be
// opened), then branch + commit + push, then open or update the pull request whose body is the plan
// of the commit (what it does once rendered, per app), with follow-up comments when the plan is longer
// than the forge allows. Every failure is a value; a failure after the push keeps the branch and names
// the command that resumes.
import { CancellationToken, NEVER_CANCELLED, ProgressReporter } from '../types';
import { CommitPlanOptions, planBetweenCommits } from './commitPlan';
import { createForgeProvider } from './forge/createProvider';
import { detectForge, DetectOptions, ForgeTarget } from './forge/detect';
import { CommentSync, syncPlanComments } from './forge/planComments';
import { FORGE_NAMES, PullRequestResult } from './forge/provider';
import { branchExists, createSyncBranch, openRepo, pushBranch } from './git/createSyncBranch';
import { chooseRemote, remoteWithoutAsking } from './git/remoteChoice';
import { fallbackPrBody, planPrBody, ValidationSummary } from './prBody';
import { fail, ok, Result } from './result';

export interface SyncPrRequest {
  repoDir: string;
  files: string[];
  title: string;
  /** PR body; when absent the body is the plan of the commit. */
  body?: string;
  /** Extra input for the generated body: the author's summary, the chosen files' validation. */
  bodyInput?: { summary?: string; validation?: ValidationSummary };
  /** How the plan renders and validates (a schema directory or a validator, churn rules, helm). */
  plan?: CommitPlanOptions;
  /** Longest body or comment the forge takes (default FORGE_BODY_CAPS for its kind). */
  bodyCap?: number;
  base?: string;
  /** Default: the remote the base branch (else the current branch) tracks, the only remote, else `origin`. */
  remote?: string;
  draft?: boolean;
  forge?: DetectOptions;
  /** Resolves the token once the forge is known; never logged. */
  token: (target: ForgeTarget) => string | undefined | Promise<string | undefined>;
  /** Push this existing local branch and open its PR instead of committing again (the retry path). */
  resumeBranch?: string;
  toolVersion: string;
  env?: Record<string, string | undefined>;
  cancellation?: CancellationToken;
  progress?: ProgressReporter;
  fetch?: typeof fetch;
}

export interface SyncPrResult extends PullRequestResult {
  commit?: string;
  changed: string[];
  forge: ForgeTarget;
  /** What happened to the plan's follow-up comments (absent when the body was given). */
  comments?: CommentSync;
  /** Something to tell the user that did not stop the PR (the plan could not be made, comments failed). */
  warning?: string;
}

/** Never throws: an unexpected exception (disk full, a library bug) becomes an `unexpected` failure. */
export async function openSyncPullRequest(req: SyncPrRequest): Promise<Result<SyncPrResult>> {
  try {
    return await runSyncPullRequest(req);
  } catch (err) {
    return fail('unexpected', `Open Sync PR failed unexpectedly: ${err instanceof Error ? err.message : String(err)}. Check \`git branch --list 'reconcile/*'\` for a branch it may have left.`);
  }
}

async function runSyncPullRequest(given: SyncPrRequest): Promise<Result<SyncPrResult>> {
  const env = given.env ?? process.env;
  const token = given.cancellation ?? NEVER_CANCELLED;
  // As Revert Sync: a fork workflow's branch tracks `upstream`, a repository may have one remote not named `origin`.
  const remote = given.remote ?? remoteWithoutAsking(await chooseRemote(given.repoDir, env, given.base));
  const opened = await openRepo(given.repoDir, remote, env);
  if (!opened.ok) return opened;
  const ctx = opened.value;
  // From here on the remote is the one chosen (the resume command names it).
  const req: SyncPrRequest = { ...given, remote: ctx.remote };
  const detected = detectForge(ctx.remoteUrl, req.forge);
  if (!detected.ok) return fail('unknown-forge', detected.message);
  const target = detected.target;
  const secret = await req.token(target);
  if (!secret) {
    const vars = target.kind === 'github' ? 'RECONCILE_TOKEN or GITHUB_TOKEN' : target.kind === 'gitlab' ? 'RECONCILE_TOKEN or GITLAB_TOKEN' : 'RECONCILE_TOKEN';
    return fail('no-token', `No ${FORGE_NAMES[target.kind]} token: set ${vars} (or sign in from VS Code). Nothing was committed.`);
  }

  let branch: string;
  let base: string;
  let commit: string | undefined;
  let changed: string[] = [];
  /** The commits the plan compares: the merge base with the base branch, and the branch's head. */
  let planSides: { base: string; head: string } | undefined;
  if (req.resumeBranch) {
    branch = req.resumeBranch;
    if (!(await branchExists(ctx.git, branch))) return fail('branch-not-found', `There is no local branch '${branch}' to resume; list them with \`git branch --list 'reconcile/*'\`.`);
    if (!req.base) return fail('base-not-found', 'Resuming needs the base branch (--base).');
    base = req.base;
    const pushed = await pushBranch(ctx, branch);
    // Already on the remote with this commit is fine: git reports "Everything up-to-date".
    if (!pushed.ok) return pushed;
    const files = await ctx.git.run(['diff', '--name-only', `${ctx.remote}/${base}`, `refs/heads/${branch}`]);
    changed = files.ok ? files.stdout.split('\n').filter(Boolean) : [];
    const mb = await ctx.git.run(['merge-base', `${ctx.remote}/${base}`, `refs/heads/${branch}`]);
    const tip = await ctx.git.run(['rev-parse', `refs/heads/${branch}`]);
    if (mb.ok && mb.stdout.trim() && tip.ok) planSides = { base: mb.stdout.trim(), head: tip.stdout.trim() };
  } else {
    const made = await createSyncBranch({
      repoDir: req.repoDir,
      files: req.files,
      title: req.title,
      base: req.base,
      remote: req.remote,
      env,
      cancellation: req.cancellation,
      progress: req.progress,
    });
    if (!made.ok) return made;
    ({ branch, base, commit, changed } = made.value);
    planSides = { base: made.value.baseCommit, head: made.value.commit };
  }

  if (token.isCancellationRequested) {
    return fail('cancelled', `Cancelled after pushing ${branch}.`, { branch, retry: resumeCommand(branch, base, req, target) });
  }
  let body = req.body;
  let comments: string[] | undefined;
  let warning: string | undefined;
  if (body === undefined) {
    req.progress?.(4, 5, 'Planning: rendering the affected apps at the base and at the branch');
    const planned = planSides
      ? await planBetweenCommits(ctx.topLevel, planSides.base, planSides.head, { ...req.plan, repoUrls: req.plan?.repoUrls ?? [ctx.remoteUrl], toolVersion: req.toolVersion, token })
      : { ok: false as const, message: 'the merge base of the branch and its base could not be found' };
    if (planned.ok) {
      ({ body, comments } = planPrBody(planned.plan, { forge: target.kind, cap: req.bodyCap, baseLabel: base, headLabel: branch, preface: req.bodyInput?.summary, validation: req.bodyInput?.validation }));
    } else {
      warning = `The PR body lists the files only: ${planned.message}`;
      body = fallbackPrBody({ preface: req.bodyInput?.summary, files: changed, reason: planned.message, toolVersion: req.toolVersion, validation: req.bodyInput?.validation });
      comments = [];
    }
  }
  const provider = createForgeProvider({ target, token: secret, fetch: req.fetch });
  const pr = await provider.openPullRequest({ head: branch, base, title: req.title, body, draft: req.draft ?? false });
  if (!pr.ok) {
    const retry = resumeCommand(branch, base, req, target);
    return fail(pr.error.code, `${pr.error.message}\nThe branch ${branch} is pushed and kept; open its pull request later with: ${retry}`, {
      branch,
      retry,
    });
  }
  let synced: CommentSync | undefined;
  if (comments) {
    // A re-run replaces the plan comments of the earlier run (more, fewer, or none now).
    const c = await syncPlanComments(provider, pr.value.number, comments);
    if (c.ok) synced = c.value;
    else warning = `The pull request is ${pr.value.created ? 'open' : 'updated'}, but its plan comments could not be written: ${c.error.message}`;
  }
  return ok({ ...pr.value, commit, changed, forge: target, ...(synced ? { comments: synced } : {}), ...(warning ? { warning } : {}) });
}

function resumeCommand(branch: string, base: string, req: SyncPrRequest, target: ForgeTarget): string {
  const q = (s: string) => (/^[\w./:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['reconcile pr --resume', q(branch), '--base', q(base), '--title', q(req.title)];
  if (req.remote && req.remote !== 'origin') parts.push('--remote', q(req.remote));
  // A forge named by the editor's reconcile.sync.forges setting is unknown to the CLI: spell it out.
  const fromSetting = !req.forge?.kind && (req.forge?.overrides?.length ?? 0) > 0;
  if (req.forge?.kind || fromSetting) parts.push('--forge', req.forge?.kind ?? target.kind);
  if (req.forge?.apiUrl || fromSetting) parts.push('--api-url', q(req.forge?.apiUrl ?? target.apiUrl));
  if (req.forge?.repoPath) parts.push('--repo', q(req.forge.repoPath));
  if (req.draft) parts.push('--draft');
  return parts.join(' ');
}
