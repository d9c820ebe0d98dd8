// Bitbucket Cloud REST 2.0. Tokens: a repository/workspace access token (Bearer), or
// `username:app-password` for app passwords (Basic).
import { fail, ok, Result } from '../result';
import { ForgeContext } from './httpErrors';
import { JsonClient } from './jsonClient';
import { ForgeConnection, ForgeProvider, PullRequestRequest, PullRequestResult } from './provider';

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

  async openPullRequest(req: PullRequestRequest): Promise<Result<PullRequestResult>> {
    const existing = await this.findOpen(req.head);
    if (!existing.ok) return existing;
    if (existing.value) {
      const u = await this.client.request<BitbucketPull>('PUT', `${this.repoUrl}/pullrequests/${existing.value.id}`, this.payload(req));
      if (!u.ok) return u;
      return ok({ url: u.value.data.links.html.href, number: u.value.data.id, branch: req.head, created: false });
    }
    const r = await this.client.request<BitbucketPull>('POST', `${this.repoUrl}/pullrequests`, this.payload(req));
    if (!r.ok) {
      if (r.error.httpStatus === 400 && /already|open pull request/i.test(r.error.message)) {
        return fail('pr-exists', `Bitbucket says a pull request for ${req.head} already exists. ${r.error.message}`);
      }
      return r;
    }
    return ok({ url: r.value.data.links.html.href, number: r.value.data.id, branch: req.head, created: true });
  }
}
