// GitLab.com and self-managed GitLab through @gitbeaker/rest. GitLab has no draft flag on create:
// a "Draft: " title prefix is how its API marks a draft merge request.
import { Gitlab } from '@gitbeaker/rest';
import { fail, ok, Result } from '../result';
import { ForgeContext, mapHttpFailure, mapNetworkFailure } from './httpErrors';
import { errorMessage } from './jsonClient';
import { ForgeComment, ForgeConnection, ForgeProvider, openOrUpdatePullRequest, PullRequestRequest, PullRequestResult } from './provider';

interface GitbeakerFailure {
  name?: string;
  message?: string;
  cause?: { description?: string; response?: Response };
}

interface MergeRequestShape {
  iid: number;
  web_url: string;
  source_branch: string;
}

export function draftTitle(title: string, draft: boolean): string {
  if (!draft || /^(draft:|\[draft\]|\(draft\))/i.test(title)) return title;
  return `Draft: ${title}`;
}

export class GitLabProvider implements ForgeProvider {
  readonly kind = 'gitlab' as const;
  readonly displayName = 'GitLab';
  private readonly api: InstanceType<typeof Gitlab<false>>;
  private readonly project: string;
  private readonly ctx: ForgeContext;

  constructor(conn: ForgeConnection) {
    this.project = conn.target.repoPath;
    this.ctx = {
      forge: 'GitLab',
      repoPath: conn.target.repoPath,
      apiUrl: conn.target.apiUrl,
      tokenHint: 'Use a personal, project or group access token with the "api" scope in RECONCILE_TOKEN or GITLAB_TOKEN.',
    };
    // gitbeaker appends /api/v4 itself.
    const host = conn.target.apiUrl.replace(/\/api\/v4$/, '');
    this.api = new Gitlab({ host, token: conn.token, camelize: false });
  }

  private async failure<T>(err: unknown): Promise<Result<T>> {
    const e = err as GitbeakerFailure;
    if (e.name === 'GitbeakerRetryError') {
      // gitbeaker retried 429/502 on its own and gave up; only its message names the last status.
      const status = Number(/last status code: (\d+)/.exec(e.message ?? '')?.[1] ?? 429);
      if (status === 429) return fail('rate-limited', "GitLab's API rate limit is used up for this token. Try again in a few minutes; the pushed branch is kept.");
      const mapped = mapHttpFailure({ status, headers: {} }, this.ctx);
      return fail(mapped.code, mapped.message);
    }
    const res = e.cause?.response;
    if (!res) {
      const n = mapNetworkFailure(err, this.ctx);
      return fail(n.code, n.message);
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    let message = e.cause?.description;
    if (!message) message = errorMessage(e.message);
    const mapped = mapHttpFailure({ status: res.status, headers, message }, this.ctx);
    return { ok: false, error: { ...mapped, httpStatus: res.status } };
  }

  private async findOpen(branch: string): Promise<Result<MergeRequestShape | undefined>> {
    try {
      const list = (await this.api.MergeRequests.all({
        projectId: this.project,
        sourceBranch: branch,
        state: 'opened',
        maxPages: 1,
        perPage: 20,
      })) as unknown as MergeRequestShape[]; // camelize:false keeps GitLab's snake_case fields
      return ok(list.find((m) => m.source_branch === branch));
    } catch (err) {
      return this.failure(err);
    }
  }

  private async update(mr: MergeRequestShape, req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    try {
      const res = (await this.api.MergeRequests.edit(this.project, mr.iid, {
        title: draftTitle(req.title, req.draft),
        description: req.body,
        targetBranch: req.base,
      })) as unknown as MergeRequestShape;
      return ok({ url: res.web_url, number: res.iid, branch: req.head, created: false });
    } catch (err) {
      return this.failure(err);
    }
  }

  openPullRequest(req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    return openOrUpdatePullRequest({
      forge: 'GitLab',
      head: req.head,
      findOpen: () => this.findOpen(req.head),
      update: (mr) => this.update(mr, req),
      create: async () => {
        try {
          const res = (await this.api.MergeRequests.create(this.project, req.head, req.base, draftTitle(req.title, req.draft), {
            description: req.body,
            removeSourceBranch: true,
          })) as unknown as MergeRequestShape;
          return ok({ url: res.web_url, number: res.iid, branch: req.head, created: true });
        } catch (err) {
          return this.failure(err);
        }
      },
      isDuplicate: (e) => e.httpStatus === 409 && /already exists/i.test(e.message),
    });
  }

  // Merge request comments are notes; system notes (pushes, label changes) are not comments anyone wrote.
  async listComments(pr: number): Promise<Result<ForgeComment[]>> {
    try {
      const list = (await this.api.MergeRequestNotes.all(this.project, pr, { sort: 'asc', orderBy: 'created_at', perPage: 100, maxPages: 50 })) as unknown as Array<{ id: number; body?: string; system?: boolean }>; // camelize:false keeps GitLab's fields
      return ok(list.filter((n) => !n.system).map((n) => ({ id: n.id, body: n.body ?? '' })));
    } catch (err) {
      return this.failure(err);
    }
  }

  async createComment(pr: number, body: string): Promise<Result<ForgeComment>> {
    try {
      const n = (await this.api.MergeRequestNotes.create(this.project, pr, body)) as unknown as { id: number; body?: string };
      return ok({ id: n.id, body: n.body ?? body });
    } catch (err) {
      return this.failure(err);
    }
  }

  async updateComment(pr: number, id: number, body: string): Promise<Result<void>> {
    try {
      await this.api.MergeRequestNotes.edit(this.project, pr, id, { body });
      return ok(undefined);
    } catch (err) {
      return this.failure(err);
    }
  }

  async deleteComment(pr: number, id: number): Promise<Result<void>> {
    try {
      await this.api.MergeRequestNotes.remove(this.project, pr, id);
      return ok(undefined);
    } catch (err) {
      return this.failure(err);
    }
  }
}
