// Bitbucket Cloud REST 2.0. Tokens: a repository/workspace access token (Bearer), or
// `username:app-password` for app passwords (Basic).
import { ok, Result } from '../result';
import { ForgeContext } from './httpErrors';
import { JsonClient } from './jsonClient';
import { ForgeComment, ForgeConnection, ForgeProvider, openOrUpdatePullRequest, PullRequestRequest, PullRequestResult } from './provider';

interface BitbucketPull {
  id: number;
  links: { html: { href: string } };
  source: { branch: { name: string } };
}

export function bitbucketAuthorization(token: string): string {
  return token.includes(':') ? `Basic ${Buffer.from(token).toString('base64')}` : `Bearer ${token}`;
}

export class BitbucketProvider implements ForgeProvider {
  readonly kind = 'bitbucket' as const;
  readonly displayName = 'Bitbucket';
  private readonly client: JsonClient;
  private readonly repoUrl: string;

  constructor(conn: ForgeConnection) {
    const ctx: ForgeContext = {
      forge: 'Bitbucket',
      repoPath: conn.target.repoPath,
      apiUrl: conn.target.apiUrl,
      tokenHint: 'Use a repository access token with "pullrequest:write", or USER:APP_PASSWORD, in RECONCILE_TOKEN.',
    };
    this.client = new JsonClient(conn.target.apiUrl, bitbucketAuthorization(conn.token), ctx, conn.fetch);
    const [ws, slug] = conn.target.repoPath.split('/').map(encodeURIComponent);
    this.repoUrl = `/repositories/${ws}/${slug}`;
  }

  private async findOpen(branch: string): Promise<Result<BitbucketPull | undefined>> {
    const q = encodeURIComponent(`source.branch.name = "${branch.replace(/"/g, '\\"')}" AND state = "OPEN"`);
    const r = await this.client.request<{ values?: BitbucketPull[] }>('GET', `${this.repoUrl}/pullrequests?q=${q}`);
    if (!r.ok) return r;
    return ok((r.value.data.values ?? []).find((p) => p.source?.branch?.name === branch));
  }

  private payload(req: PullRequestRequest): Record<string, unknown> {
    return {
      title: req.title,
      description: req.body,
      source: { branch: { name: req.head } },
      destination: { branch: { name: req.base } },
      draft: req.draft,
      close_source_branch: true,
    };
  }

  openPullRequest(req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    const result = (r: Result<{ data: BitbucketPull }>, created: boolean): Result<PullRequestResult> =>
      r.ok ? ok({ url: r.value.data.links.html.href, number: r.value.data.id, branch: req.head, created }) : r;
    return openOrUpdatePullRequest({
      forge: this.displayName,
      head: req.head,
      findOpen: () => this.findOpen(req.head),
      update: async (pr) => result(await this.client.request<BitbucketPull>('PUT', `${this.repoUrl}/pullrequests/${pr.id}`, this.payload(req)), false),
      create: async () => result(await this.client.request<BitbucketPull>('POST', `${this.repoUrl}/pullrequests`, this.payload(req)), true),
      isDuplicate: (e) => e.httpStatus === 400 && /already|open pull request/i.test(e.message),
    });
  }

  async listComments(pr: number): Promise<Result<ForgeComment[]>> {
    const out: ForgeComment[] = [];
    let url: string | undefined = `${this.repoUrl}/pullrequests/${pr}/comments?pagelen=100`;
    for (let page = 0; url && page < 50; page++) {
      const r: Result<{ data: { values?: Array<{ id: number; content?: { raw?: string }; deleted?: boolean }>; next?: string } }> = await this.client.request('GET', url);
      if (!r.ok) return r;
      for (const c of r.value.data.values ?? []) if (!c.deleted) out.push({ id: c.id, body: c.content?.raw ?? '' });
      // `next` is an absolute URL on the same API: keep its path and query.
      const next: string | undefined = r.value.data.next;
      url = next ? next.slice(next.indexOf(this.repoUrl)) : undefined;
    }
    return ok(out);
  }

  async createComment(pr: number, body: string): Promise<Result<ForgeComment>> {
    const r = await this.client.request<{ id: number }>('POST', `${this.repoUrl}/pullrequests/${pr}/comments`, { content: { raw: body } });
    return r.ok ? ok({ id: r.value.data.id, body }) : r;
  }

  async updateComment(pr: number, id: number, body: string): Promise<Result<void>> {
    const r = await this.client.request('PUT', `${this.repoUrl}/pullrequests/${pr}/comments/${id}`, { content: { raw: body } });
    return r.ok ? ok(undefined) : r;
  }

  async deleteComment(pr: number, id: number): Promise<Result<void>> {
    const r = await this.client.request('DELETE', `${this.repoUrl}/pullrequests/${pr}/comments/${id}`);
    return r.ok ? ok(undefined) : r;
  }
}
