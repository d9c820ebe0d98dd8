// A Gitea/Forgejo API v1 stand-in for pull requests. Request schemas follow Gitea's swagger
// definitions CreatePullRequestOption and EditPullRequestOption (/api/swagger on any instance).
import Ajv from 'ajv';
import { ForgeTestServer, Reply, RouteContext } from './server';

const ajv = new Ajv({ allErrors: true, strict: false });
const strings = { type: 'array', items: { type: 'string' } };
const ints = { type: 'array', items: { type: 'integer' } };
const validateCreate = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['head', 'base', 'title'],
  properties: {
    assignee: { type: 'string' },
    assignees: strings,
    base: { type: 'string' },
    body: { type: 'string' },
    due_date: { type: 'string' },
    head: { type: 'string' },
    labels: ints,
    milestone: { type: 'integer' },
    reviewers: strings,
    team_reviewers: strings,
    title: { type: 'string' },
  },
});
const validateEdit = ajv.compile({
  type: 'object',
  additionalProperties: false,
  properties: {
    allow_maintainer_edit: { type: 'boolean' },
    assignee: { type: 'string' },
    assignees: strings,
    base: { type: 'string' },
    body: { type: 'string' },
    due_date: { type: 'string' },
    labels: ints,
    milestone: { type: 'integer' },
    state: { enum: ['open', 'closed'] },
    title: { type: 'string' },
    unset_due_date: { type: 'boolean' },
  },
});

// CreateIssueCommentOption and EditIssueCommentOption: `body` only, required.
const validateComment = ajv.compile({ type: 'object', additionalProperties: false, required: ['body'], properties: { body: { type: 'string' } } });
// issueGetComments takes `since` and `before` (no pagination).
const COMMENT_QUERY = new Set(['since', 'before']);

export interface GiteaComment {
  id: number;
  issue: number;
  body: string;
}

export interface GiteaPullState {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
}

export class GiteaTestServer extends ForgeTestServer {
  readonly repos = new Map<string, GiteaPullState[]>();
  readonly comments = new Map<string, GiteaComment[]>();
  private lastCommentId = 700;
  webUrl = 'https://gitea.example.test';

  constructor(readonly token: string) {
    super((ctx) => this.route(ctx));
  }

  private json(repo: string, p: GiteaPullState): Record<string, unknown> {
    return {
      id: 100 + p.number,
      number: p.number,
      url: `${this.webUrl}/${repo}/pulls/${p.number}`,
      html_url: `${this.webUrl}/${repo}/pulls/${p.number}`,
      title: p.title,
      body: p.body,
      state: p.state,
      draft: /^(wip:|\[wip\])/i.test(p.title),
      head: { label: p.head, ref: p.head, sha: '0'.repeat(40) },
      base: { label: p.base, ref: p.base, sha: '0'.repeat(40) },
      mergeable: true,
      merged: false,
    };
  }

  private route(ctx: RouteContext): Reply {
    ctx.log.authorized = ctx.authorization === `token ${this.token}`;
    if (!ctx.log.authorized) return { status: 401, body: { message: 'user does not exist [uid: 0, name: ]', url: `${this.webUrl}/api/swagger` } };
    const c = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/issues\/(?:(\d+)\/comments|comments\/(\d+))$/.exec(ctx.path);
    if (c) return this.commentRoute(ctx, `${c[1]}/${c[2]}`, c[3] ? Number(c[3]) : undefined, c[4] ? Number(c[4]) : undefined);
    const m = /^\/api\/v1\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(ctx.path);
    const repo = m ? `${m[1]}/${m[2]}` : '';
    const pulls = this.repos.get(repo);
    if (!m || !pulls) return { status: 404, body: { errors: null, message: 'The target couldn\'t be found.', url: `${this.webUrl}/api/swagger` } };
    const b = (ctx.body ?? {}) as Record<string, string>;
    if (ctx.method === 'GET' && !m[3]) {
      const list = pulls.filter((p) => (ctx.query.state ?? 'open') === 'all' || p.state === (ctx.query.state ?? 'open'));
      return { status: 200, body: list.map((p) => this.json(repo, p)) };
    }
    if (ctx.method === 'POST' && !m[3]) {
      if (!validateCreate(ctx.body)) ctx.log.problems.push(...(validateCreate.errors ?? []).map((e) => `create${e.instancePath} ${e.message}`));
      if (ctx.log.problems.length) return { status: 422, body: { message: ctx.log.problems.join('; ') } };
      const dup = pulls.find((p) => p.state === 'open' && p.head === b.head && p.base === b.base);
      if (dup) {
        return {
          status: 409,
          body: { message: `pull request already exists for these targets [id: ${100 + dup.number}, issue_id: ${dup.number}, head_repo_id: 1, base_repo_id: 1, head_branch: ${dup.head}, base_branch: ${dup.base}]` },
        };
      }
      const p: GiteaPullState = { number: pulls.length + 1, title: b.title, body: b.body ?? '', head: b.head, base: b.base, state: 'open' };
      pulls.push(p);
      return { status: 201, body: this.json(repo, p) };
    }
    if (ctx.method === 'PATCH' && m[3]) {
      if (!validateEdit(ctx.body)) ctx.log.problems.push(...(validateEdit.errors ?? []).map((e) => `edit${e.instancePath} ${e.message}`));
      if (ctx.log.problems.length) return { status: 422, body: { message: ctx.log.problems.join('; ') } };
      const p = pulls.find((x) => x.number === Number(m[3]));
      if (!p) return { status: 404, body: { message: 'pull request does not exist' } };
      if (b.title !== undefined) p.title = b.title;
      if (b.body !== undefined) p.body = b.body;
      if (b.base !== undefined) p.base = b.base;
      return { status: 201, body: this.json(repo, p) };
    }
    return { status: 405, body: { message: 'method not allowed' } };
  }

  private commentJson(c: GiteaComment, repo: string): Record<string, unknown> {
    return {
      id: c.id,
      body: c.body,
      html_url: `${this.webUrl}/${repo}/pulls/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.webUrl}/${repo}/issues/${c.issue}`,
      pull_request_url: `${this.webUrl}/${repo}/pulls/${c.issue}`,
      user: { id: 1, login: 'reconcile-bot' },
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    };
  }

  private commentRoute(ctx: RouteContext, repo: string, issue: number | undefined, id: number | undefined): Reply {
    const pulls = this.repos.get(repo);
    if (!pulls) return { status: 404, body: { message: "The target couldn't be found." } };
    const list = this.comments.get(repo) ?? [];
    this.comments.set(repo, list);
    const problems = ctx.log.problems;
    if (issue !== undefined && ctx.method === 'GET') {
      for (const q of Object.keys(ctx.query)) if (!COMMENT_QUERY.has(q)) problems.push(`issueGetComments has no query parameter '${q}'`);
      if (problems.length) return { status: 422, body: { message: problems.join('; ') } };
      return { status: 200, body: list.filter((x) => x.issue === issue).map((x) => this.commentJson(x, repo)) };
    }
    if (issue !== undefined && ctx.method === 'POST') {
      if (!validateComment(ctx.body)) problems.push(...(validateComment.errors ?? []).map((e) => `comment${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 422, body: { message: problems.join('; ') } };
      if (!pulls.some((p) => p.number === issue)) return { status: 404, body: { message: 'issue does not exist' } };
      const x: GiteaComment = { id: ++this.lastCommentId, issue, body: (ctx.body as { body: string }).body };
      list.push(x);
      return { status: 201, body: this.commentJson(x, repo) };
    }
    const x = list.find((y) => y.id === id);
    if (id !== undefined && ctx.method === 'PATCH') {
      if (!validateComment(ctx.body)) problems.push(...(validateComment.errors ?? []).map((e) => `comment${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 422, body: { message: problems.join('; ') } };
      if (!x) return { status: 404, body: { message: 'comment does not exist' } };
      x.body = (ctx.body as { body: string }).body;
      return { status: 200, body: this.commentJson(x, repo) };
    }
    if (id !== undefined && ctx.method === 'DELETE') {
      if (!x) return { status: 404, body: { message: 'comment does not exist' } };
      list.splice(list.indexOf(x), 1);
      return { status: 204 };
    }
    return { status: 405, body: { message: 'method not allowed' } };
  }
}
