// Gitea and Forgejo (same REST API, /api/v1). Draft pull requests are marked with the "WIP: "
// title prefix, which both treat as work in progress by default.
import { fail, ok, Result } from '../result';
import { ForgeContext } from './httpErrors';
import { JsonClient } from './jsonClient';
import { ForgeConnection, ForgeProvider, PullRequestRequest, PullRequestResult } from './provider';

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

  async openPullRequest(req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    const existing = await this.findOpen(req.head);
    if (!existing.ok) return existing;
    if (existing.value) return this.update(existing.value, req);
    const r = await this.client.request<GiteaPull>('POST', `${this.repoUrl}/pulls`, {
      head: req.head,
      base: req.base,
      title: wipTitle(req.title, req.draft),
      body: req.body,
    });
    if (r.ok) return ok({ url: r.value.data.html_url, number: r.value.data.number, branch: req.head, created: true });
    if (r.error.httpStatus === 409) {
      const again = await this.findOpen(req.head);
      if (again.ok && again.value) return this.update(again.value, req);
      return fail('pr-exists', `Gitea/Forgejo says a pull request for ${req.head} already exists, but it could not be found to update it. ${r.error.message}`);
    }
    return r;
  }
}
