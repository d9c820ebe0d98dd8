// A GitHub REST API stand-in on 127.0.0.1. Every request is checked against the operation in
// GitHub's OpenAPI description (see githubSpec.ts); answers reuse the documented examples and the
// recorded @octokit/fixtures responses, with the fields that matter filled from server state.
import * as fs from 'node:fs';
import { githubOperations, GitHubOperation } from './githubSpec';
import { ForgeTestServer, Reply, RouteContext } from './server';

type Obj = Record<string, unknown>;

export interface GitHubPull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
}

export interface GitHubComment {
  id: number;
  issue: number;
  body: string;
}

export interface GitHubRepoState {
  defaultBranch: string;
  pulls: GitHubPull[];
  refs: Map<string, string>;
  comments: GitHubComment[];
}

/** GitHub refuses longer pull request bodies and comments: 422 "Body is too long (maximum is 65536 characters)". */
export const GITHUB_BODY_LIMIT = 65_536;

function fixture(scenario: string): Array<{ method: string; path: string; status: number; response: unknown }> {
  const file = require.resolve(`@octokit/fixtures/scenarios/api.github.com/${scenario}/normalized-fixture.json`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const DOCS = 'https://docs.github.com/rest';

export class GitHubTestServer extends ForgeTestServer {
  readonly repos = new Map<string, GitHubRepoState>();
  /** The web host used in html_url fields. */
  webUrl = 'https://github.example.test';
  private lastCommentId = 5000;

  constructor(readonly token: string) {
    super((ctx) => this.route(ctx));
  }

  addRepo(fullName: string, defaultBranch = 'main'): GitHubRepoState {
    const state: GitHubRepoState = { defaultBranch, pulls: [], refs: new Map(), comments: [] };
    this.repos.set(fullName.toLowerCase(), state);
    return state;
  }

  private route(ctx: RouteContext): Reply {
    const token = /^(?:token|bearer) (.+)$/i.exec(ctx.authorization ?? '')?.[1];
    ctx.log.authorized = token === this.token;
    if (!ctx.log.authorized) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } };
    for (const op of githubOperations().values()) {
      if (op.method !== ctx.method) continue;
      const m = op.pattern.exec(ctx.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      op.pathParams.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      this.check(op, ctx);
      if (ctx.log.problems.length) {
        return {
          status: 422,
          body: { message: `Invalid request.\n\n${ctx.log.problems.join('\n')}`, documentation_url: DOCS, status: '422' },
        };
      }
      const repo = this.repos.get(`${params.owner}/${params.repo}`.toLowerCase());
      if (!repo) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
      return this.answer(op, params, ctx, repo);
    }
    return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
  }

  private check(op: GitHubOperation, ctx: RouteContext): void {
    if (op.validateBody) {
      if (!op.validateBody(ctx.body ?? {})) {
        for (const e of op.validateBody.errors ?? []) ctx.log.problems.push(`${op.id} body${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
      }
    }
    for (const [name, value] of Object.entries(ctx.query)) {
      const v = op.query[name];
      if (!v) ctx.log.problems.push(`${op.id} has no query parameter '${name}'`);
      else if (!v(value)) ctx.log.problems.push(`${op.id} query ${name}=${value}: ${v.errors?.[0]?.message ?? 'invalid'}`);
    }
  }

  private pullJson(op: GitHubOperation, owner: string, repo: string, pr: GitHubPull): Obj {
    const ex = (Array.isArray(op.example) ? op.example[0] : op.example) as Obj;
    const api = `${this.baseUrl}/repos/${owner}/${repo}`;
    const base = ex.base as Obj;
    const head = ex.head as Obj;
    return {
      ...ex,
      url: `${api}/pulls/${pr.number}`,
      id: 1000 + pr.number,
      html_url: `${this.webUrl}/${owner}/${repo}/pull/${pr.number}`,
      number: pr.number,
      state: pr.state,
      title: pr.title,
      body: pr.body,
      draft: pr.draft,
      head: { ...head, ref: pr.head, label: `${owner}:${pr.head}` },
      base: { ...base, ref: pr.base, label: `${owner}:${pr.base}` },
    };
  }

  private commentJson(owner: string, repo: string, c: GitHubComment): Obj {
    const example = githubOperations().get('issues/create-comment')!.example;
    const ex = (Array.isArray(example) ? example[0] : example) as Obj;
    return {
      ...ex,
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.baseUrl}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: `${this.webUrl}/${owner}/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.baseUrl}/repos/${owner}/${repo}/issues/${c.issue}`,
      body: c.body,
    };
  }

  private answer(op: GitHubOperation, p: Record<string, string>, ctx: RouteContext, repo: GitHubRepoState): Reply {
    const body = (ctx.body ?? {}) as Obj;
    if (typeof body.body === 'string' && body.body.length > GITHUB_BODY_LIMIT) {
      return {
        status: 422,
        body: { message: 'Validation Failed', errors: [{ resource: op.id.startsWith('issues/') ? 'IssueComment' : 'PullRequest', code: 'custom', field: 'body', message: `body is too long (maximum is ${GITHUB_BODY_LIMIT} characters)` }], documentation_url: DOCS, status: '422' },
      };
    }
    switch (op.id) {
      case 'issues/list-comments': {
        const perPage = Number(ctx.query.per_page ?? 30);
        const page = Number(ctx.query.page ?? 1);
        const all = repo.comments.filter((c) => c.issue === Number(p.issue_number));
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const url = (n: number) => `${this.baseUrl}/repos/${p.owner}/${p.repo}/issues/${p.issue_number}/comments?per_page=${perPage}&page=${n}`;
        const links = [...(page < last ? [`<${url(page + 1)}>; rel="next"`, `<${url(last)}>; rel="last"`] : [])];
        return { status: 200, body: slice.map((c) => this.commentJson(p.owner, p.repo, c)), headers: links.length ? { link: links.join(', ') } : {} };
      }
      case 'issues/create-comment': {
        if (!repo.pulls.some((pr) => pr.number === Number(p.issue_number))) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
        // Ids keep growing after deletions, as on GitHub.
        const c: GitHubComment = { id: ++this.lastCommentId, issue: Number(p.issue_number), body: String(body.body) };
        repo.comments.push(c);
        return { status: 201, body: this.commentJson(p.owner, p.repo, c) };
      }
      case 'issues/update-comment': {
        const c = repo.comments.find((x) => x.id === Number(p.comment_id));
        if (!c) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
        c.body = String(body.body);
        return { status: 200, body: this.commentJson(p.owner, p.repo, c) };
      }
      case 'issues/delete-comment': {
        const i = repo.comments.findIndex((x) => x.id === Number(p.comment_id));
        if (i < 0) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
        repo.comments.splice(i, 1);
        return { status: 204 };
      }
      case 'repos/get': {
        const rec = fixture('get-repository')[0].response as Obj;
        return { status: 200, body: { ...rec, name: p.repo, full_name: `${p.owner}/${p.repo}`, default_branch: repo.defaultBranch } };
      }
      case 'pulls/list': {
        const state = ctx.query.state ?? 'open';
        const head = ctx.query.head; // `owner:branch`
        const list = repo.pulls.filter(
          (pr) => (state === 'all' || pr.state === state) && (!head || `${p.owner}:${pr.head}` === head) && (!ctx.query.base || pr.base === ctx.query.base),
        );
        return { status: 200, body: list.map((pr) => this.pullJson(op, p.owner, p.repo, pr)) };
      }
      case 'pulls/create': {
        const headBranch = String(body.head);
        if (repo.pulls.some((pr) => pr.state === 'open' && pr.head === headBranch)) {
          return {
            status: 422,
            body: {
              message: 'Validation Failed',
              errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${p.owner}:${headBranch}.` }],
              documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request`,
              status: '422',
            },
          };
        }
        const pr: GitHubPull = {
          number: repo.pulls.length + 1,
          title: String(body.title ?? ''),
          body: String(body.body ?? ''),
          head: headBranch,
          base: String(body.base),
          draft: body.draft === true,
          state: 'open',
        };
        repo.pulls.push(pr);
        return { status: 201, body: this.pullJson(op, p.owner, p.repo, pr), headers: { location: `${this.baseUrl}/repos/${p.owner}/${p.repo}/pulls/${pr.number}` } };
      }
      case 'pulls/update': {
        const pr = repo.pulls.find((x) => x.number === Number(p.pull_number));
        if (!pr) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
        if (typeof body.title === 'string') pr.title = body.title;
        if (typeof body.body === 'string') pr.body = body.body;
        if (typeof body.base === 'string') pr.base = body.base;
        if (body.state === 'open' || body.state === 'closed') pr.state = body.state;
        return { status: 200, body: this.pullJson(op, p.owner, p.repo, pr) };
      }
      case 'git/create-ref': {
        const ref = String(body.ref);
        if (repo.refs.has(ref)) return { status: 422, body: { message: 'Reference already exists', documentation_url: DOCS, status: '422' } };
        repo.refs.set(ref, String(body.sha));
        const rec = fixture('git-refs').find((f) => f.method === 'post')?.response as Obj;
        return { status: 201, body: { ...rec, ref, object: { ...(rec.object as Obj), sha: body.sha } } };
      }
      case 'git/get-ref': {
        const ref = `refs/${p.ref}`;
        const sha = repo.refs.get(ref);
        if (!sha) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
        return { status: 200, body: { ...(op.example as Obj), ref, object: { type: 'commit', sha, url: '' } } };
      }
    }
  }
}
