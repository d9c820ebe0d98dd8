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
}
