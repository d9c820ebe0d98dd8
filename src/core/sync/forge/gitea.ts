// Gitea and Forgejo (same REST API, /api/v1). Draft pull requests are marked with the "WIP: "
// title prefix, which both treat as work in progress by default.
import { ok, Result } from '../result';
import { ForgeContext } from './httpErrors';
import { JsonClient } from './jsonClient';
import { ForgeComment, ForgeConnection, ForgeProvider, openOrUpdatePullRequest, PullRequestRequest, PullRequestResult } from './provider';

interface GiteaPull {
  number: number;
  html_url: string;
  head: { ref: string };
}

export function wipTitle(title: string, draft: boolean): string {
  if (!draft || /^(wip:|\[wip\])/i.test(title)) return title;
  return `WIP: ${title}`;
}

export class GiteaProvider implements ForgeProvider {
  readonly kind = 'gitea' as const;
  readonly displayName = 'Gitea/Forgejo';
  private readonly client: JsonClient;
  private readonly repoUrl: string;

  constructor(conn: ForgeConnection) {
    const ctx: ForgeContext = {
      forge: 'Gitea/Forgejo',
      repoPath: conn.target.repoPath,
      apiUrl: conn.target.apiUrl,
      tokenHint: 'Use an access token with the "write:repository" scope in RECONCILE_TOKEN.',
    };
    this.client = new JsonClient(conn.target.apiUrl, `token ${conn.token}`, ctx, conn.fetch);
    const [owner, repo] = conn.target.repoPath.split('/').map(encodeURIComponent);
    this.repoUrl = `/repos/${owner}/${repo}`;
  }

  private async findOpen(branch: string): Promise<Result<GiteaPull | undefined>> {
    // The list has no head filter; open sync PRs are few, so a few pages are enough.
    for (let page = 1; page <= 5; page++) {
      const r = await this.client.request<GiteaPull[]>('GET', `${this.repoUrl}/pulls?state=open&limit=50&page=${page}`);
      if (!r.ok) return r;
      const list = Array.isArray(r.value.data) ? r.value.data : [];
      const hit = list.find((p) => p.head?.ref === branch);
      if (hit) return ok(hit);
      if (list.length < 50) break;
    }
    return ok(undefined);
  }

  private async update(pr: GiteaPull, req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    const r = await this.client.request<GiteaPull>('PATCH', `${this.repoUrl}/pulls/${pr.number}`, {
      title: wipTitle(req.title, req.draft),
      body: req.body,
      base: req.base,
    });
    if (!r.ok) return r;
    return ok({ url: r.value.data.html_url, number: r.value.data.number, branch: req.head, created: false });
  }

  openPullRequest(req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    return openOrUpdatePullRequest({
      forge: this.displayName,
      head: req.head,
      findOpen: () => this.findOpen(req.head),
      update: (pr) => this.update(pr, req),
      create: async () => {
        const r = await this.client.request<GiteaPull>('POST', `${this.repoUrl}/pulls`, {
          head: req.head,
          base: req.base,
          title: wipTitle(req.title, req.draft),
          body: req.body,
        });
        return r.ok ? ok({ url: r.value.data.html_url, number: r.value.data.number, branch: req.head, created: true }) : r;
      },
      isDuplicate: (e) => e.httpStatus === 409,
    });
  }

  // A pull request is an issue in Gitea: its comments live under /issues/{index}/comments, listed whole
  // (the endpoint takes only since/before, no pages).
  async listComments(pr: number): Promise<Result<ForgeComment[]>> {
    const r = await this.client.request<Array<{ id: number; body?: string }>>('GET', `${this.repoUrl}/issues/${pr}/comments`);
    if (!r.ok) return r;
    return ok((Array.isArray(r.value.data) ? r.value.data : []).map((c) => ({ id: c.id, body: c.body ?? '' })));
  }

  async createComment(pr: number, body: string): Promise<Result<ForgeComment>> {
    const r = await this.client.request<{ id: number; body?: string }>('POST', `${this.repoUrl}/issues/${pr}/comments`, { body });
    return r.ok ? ok({ id: r.value.data.id, body: r.value.data.body ?? body }) : r;
  }

  async updateComment(_pr: number, id: number, body: string): Promise<Result<void>> {
    const r = await this.client.request('PATCH', `${this.repoUrl}/issues/comments/${id}`, { body });
    return r.ok ? ok(undefined) : r;
  }

  async deleteComment(_pr: number, id: number): Promise<Result<void>> {
    const r = await this.client.request('DELETE', `${this.repoUrl}/issues/comments/${id}`);
    return r.ok ? ok(undefined) : r;
  }
}
