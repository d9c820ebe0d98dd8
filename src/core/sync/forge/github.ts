// GitHub and GitHub Enterprise Server through @octokit/rest. Finds the open PR for the branch
// first so a second run updates it instead of failing; also recovers when the create call loses
// a race and GitHub answers 422 "A pull request already exists".
import { Octokit } from '@octokit/rest';
import { fail, ok, Result } from '../result';
import { ForgeContext, mapHttpFailure, mapNetworkFailure } from './httpErrors';
import { ForgeComment, ForgeConnection, ForgeProvider, openOrUpdatePullRequest, PullRequestRequest, PullRequestResult } from './provider';

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { status: number; headers: Record<string, string | undefined>; data?: unknown };
  cause?: unknown;
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** GitHub puts the useful sentence in errors[].message (422) and the summary in message. */
function githubMessage(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as { message?: unknown; errors?: Array<{ message?: unknown; code?: unknown; field?: unknown }> };
  const details = (d.errors ?? [])
    .map((e) => (typeof e.message === 'string' ? e.message : [e.code, e.field].filter((x) => typeof x === 'string').join(' ')))
    .filter(Boolean);
  const head = typeof d.message === 'string' ? d.message : '';
  return [head, ...details].filter(Boolean).join(': ') || undefined;
}

export class GitHubProvider implements ForgeProvider {
  readonly kind = 'github' as const;
  readonly displayName: string;
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private readonly ctx: ForgeContext;

  constructor(conn: ForgeConnection) {
    const enterprise = conn.target.apiUrl !== 'https://api.github.com';
    this.displayName = enterprise ? 'GitHub Enterprise' : 'GitHub';
    [this.owner, this.repo] = conn.target.repoPath.split('/');
    this.ctx = {
      forge: this.displayName,
      repoPath: conn.target.repoPath,
      apiUrl: conn.target.apiUrl,
      tokenHint: 'Use a token with the "repo" scope (classic) or "Pull requests: write" (fine-grained) in RECONCILE_TOKEN or GITHUB_TOKEN, or sign in again.',
    };
    this.octokit = new Octokit({
      auth: conn.token,
      baseUrl: conn.target.apiUrl,
      userAgent: 'reconcile-gitops',
      log: quiet,
      request: conn.fetch ? { fetch: conn.fetch } : {},
    });
  }

  private failure<T>(err: unknown): Result<T> {
    const e = err as OctokitFailure;
    if (!e.response) {
      const n = mapNetworkFailure(e.cause ?? err, this.ctx);
      return fail(n.code, n.message);
    }
    const mapped = mapHttpFailure({ status: e.response.status, headers: e.response.headers, message: githubMessage(e.response.data) }, this.ctx);
    return { ok: false, error: { ...mapped, httpStatus: e.response.status } };
  }

  private async findOpen(head: string): Promise<Result<{ number: number; url: string } | undefined>> {
    try {
      const res = await this.octokit.rest.pulls.list({ owner: this.owner, repo: this.repo, head: `${this.owner}:${head}`, state: 'open', per_page: 10 });
      const pr = res.data.find((p) => p.head.ref === head);
      return ok(pr ? { number: pr.number, url: pr.html_url } : undefined);
    } catch (err) {
      return this.failure(err);
    }
  }

  private async update(existing: { number: number }, req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    try {
      const res = await this.octokit.rest.pulls.update({
        owner: this.owner,
        repo: this.repo,
        pull_number: existing.number,
        title: req.title,
        body: req.body,
        base: req.base,
      });
      return ok({ url: res.data.html_url, number: res.data.number, branch: req.head, created: false });
    } catch (err) {
      return this.failure(err);
    }
  }

  openPullRequest(req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    return openOrUpdatePullRequest({
      forge: this.displayName,
      head: req.head,
      findOpen: () => this.findOpen(req.head),
      update: (existing) => this.update(existing, req),
      create: async () => {
        try {
          const res = await this.octokit.rest.pulls.create({
            owner: this.owner,
            repo: this.repo,
            title: req.title,
            head: req.head,
            base: req.base,
            body: req.body,
            draft: req.draft,
          });
          return ok({ url: res.data.html_url, number: res.data.number, branch: req.head, created: true });
        } catch (err) {
          return this.failure(err);
        }
      },
      isDuplicate: (e) => e.httpStatus === 422 && /pull request already exists/i.test(e.message),
    });
  }

  // Pull request comments are issue comments on GitHub (review comments sit on diff lines).
  async listComments(pr: number): Promise<Result<ForgeComment[]>> {
    try {
      const list = await this.octokit.paginate(this.octokit.rest.issues.listComments, { owner: this.owner, repo: this.repo, issue_number: pr, per_page: 100 });
      return ok(list.map((c) => ({ id: c.id, body: c.body ?? '' })));
    } catch (err) {
      return this.failure(err);
    }
  }

  async createComment(pr: number, body: string): Promise<Result<ForgeComment>> {
    try {
      const res = await this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: pr, body });
      return ok({ id: res.data.id, body: res.data.body ?? body });
    } catch (err) {
      return this.failure(err);
    }
  }

  async updateComment(_pr: number, id: number, body: string): Promise<Result<void>> {
    try {
      await this.octokit.rest.issues.updateComment({ owner: this.owner, repo: this.repo, comment_id: id, body });
      return ok(undefined);
    } catch (err) {
      return this.failure(err);
    }
  }

  async deleteComment(_pr: number, id: number): Promise<Result<void>> {
    try {
      await this.octokit.rest.issues.deleteComment({ owner: this.owner, repo: this.repo, comment_id: id });
      return ok(undefined);
    } catch (err) {
      return this.failure(err);
    }
  }
}
