// A Bitbucket Cloud REST 2.0 stand-in for pull requests. The request schema follows the
// `pullrequest` object in Bitbucket's API reference (title, description, source/destination
// branch, close_source_branch, draft, reviewers); error bodies use Bitbucket's {type:"error"} form.
import Ajv from 'ajv';
import { ForgeTestServer, Reply, RouteContext } from './server';

const ajv = new Ajv({ allErrors: true, strict: false });
const branchRef = {
  type: 'object',
  required: ['branch'],
  properties: { branch: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } },
};
const validatePull = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['title', 'source'],
  properties: {
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    source: branchRef,
    destination: branchRef,
    close_source_branch: { type: 'boolean' },
    draft: { type: 'boolean' },
    reviewers: { type: 'array', items: { type: 'object' } },
  },
});

// The `pullrequest_comment` object: the text in content.raw (markdown).
const validateComment = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['content'],
  properties: { content: { type: 'object', additionalProperties: false, required: ['raw'], properties: { raw: { type: 'string', minLength: 1 } } }, inline: { type: 'object' }, parent: { type: 'object' } },
});
/** Bitbucket Server/Data Center refuses longer descriptions and comments; the test server holds Cloud to the same figure. */
export const BITBUCKET_TEXT_LIMIT = 32_768;

interface BbComment {
  id: number;
  pull: number;
  raw: string;
}

interface BbPull {
  id: number;
  title: string;
  description: string;
  source: string;
  destination: string;
  draft: boolean;
  state: 'OPEN' | 'MERGED' | 'DECLINED';
}

export class BitbucketTestServer extends ForgeTestServer {
  readonly repos = new Map<string, BbPull[]>();
  readonly comments = new Map<string, BbComment[]>();
  private lastCommentId = 900;

  constructor(readonly token: string) {
    super((ctx) => this.route(ctx));
  }

  private json(repo: string, p: BbPull): Record<string, unknown> {
    return {
      type: 'pullrequest',
      id: p.id,
      title: p.title,
      description: p.description,
      state: p.state,
      draft: p.draft,
      source: { branch: { name: p.source } },
      destination: { branch: { name: p.destination } },
      links: { html: { href: `https://bitbucket.example.test/${repo}/pull-requests/${p.id}` }, self: { href: `${this.baseUrl}/2.0/repositories/${repo}/pullrequests/${p.id}` } },
    };
  }

  private route(ctx: RouteContext): Reply {
    ctx.log.authorized = ctx.authorization === `Bearer ${this.token}` || ctx.authorization === `Basic ${Buffer.from(this.token).toString('base64')}`;
    if (!ctx.log.authorized) return { status: 401, body: { type: 'error', error: { message: 'Unauthorized' } } };
    const c = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/pullrequests\/(\d+)\/comments(?:\/(\d+))?$/.exec(ctx.path);
    if (c) return this.commentRoute(ctx, `${c[1]}/${c[2]}`, Number(c[3]), c[4] ? Number(c[4]) : undefined);
    const m = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/pullrequests(?:\/(\d+))?$/.exec(ctx.path);
    const repo = m ? `${m[1]}/${m[2]}` : '';
    const pulls = this.repos.get(repo);
    if (!m || !pulls) return { status: 404, body: { type: 'error', error: { message: `Repository ${repo} not found` } } };
    if (ctx.method === 'GET' && !m[3]) {
      // Supports the one query form the provider sends: source.branch.name = "x" AND state = "OPEN".
      const q = /source\.branch\.name = "([^"]+)" AND state = "(\w+)"/.exec(ctx.query.q ?? '');
      if (ctx.query.q && !q) ctx.log.problems.push(`unsupported q: ${ctx.query.q}`);
      const values = pulls.filter((p) => !q || (p.source === q[1] && p.state === q[2]));
      return { status: 200, body: { pagelen: 10, size: values.length, page: 1, values: values.map((p) => this.json(repo, p)) } };
    }
    if ((ctx.method === 'POST' && !m[3]) || (ctx.method === 'PUT' && m[3])) {
      if (!validatePull(ctx.body)) ctx.log.problems.push(...(validatePull.errors ?? []).map((e) => `pullrequest${e.instancePath} ${e.message}`));
      if (ctx.log.problems.length) return { status: 400, body: { type: 'error', error: { message: ctx.log.problems.join('; ') } } };
      if (String((ctx.body as { description?: string }).description ?? '').length > BITBUCKET_TEXT_LIMIT) return { status: 400, body: { type: 'error', error: { message: `description: the text is longer than ${BITBUCKET_TEXT_LIMIT} characters` } } };
      const b = ctx.body as { title: string; description?: string; source: { branch: { name: string } }; destination?: { branch: { name: string } }; draft?: boolean };
      if (ctx.method === 'PUT') {
        const p = pulls.find((x) => x.id === Number(m[3]));
        if (!p) return { status: 404, body: { type: 'error', error: { message: 'Pull request not found' } } };
        Object.assign(p, { title: b.title, description: b.description ?? '', destination: b.destination?.branch.name ?? p.destination, draft: b.draft ?? p.draft });
        return { status: 200, body: this.json(repo, p) };
      }
      const p: BbPull = {
        id: pulls.length + 1,
        title: b.title,
        description: b.description ?? '',
        source: b.source.branch.name,
        destination: b.destination?.branch.name ?? 'main',
        draft: b.draft === true,
        state: 'OPEN',
      };
      pulls.push(p);
      return { status: 201, body: this.json(repo, p) };
    }
    return { status: 405, body: { type: 'error', error: { message: 'Method not allowed' } } };
  }

  private commentJson(repo: string, c: BbComment): Record<string, unknown> {
    return {
      type: 'pullrequest_comment',
      id: c.id,
      content: { raw: c.raw, markup: 'markdown', html: '' },
      deleted: false,
      pullrequest: { type: 'pullrequest', id: c.pull },
      links: { self: { href: `${this.baseUrl}/2.0/repositories/${repo}/pullrequests/${c.pull}/comments/${c.id}` } },
    };
  }

  private commentRoute(ctx: RouteContext, repo: string, pull: number, id: number | undefined): Reply {
    const pulls = this.repos.get(repo);
    if (!pulls || !pulls.some((p) => p.id === pull)) return { status: 404, body: { type: 'error', error: { message: 'Pull request not found' } } };
    const list = this.comments.get(repo) ?? [];
    this.comments.set(repo, list);
    const problems = ctx.log.problems;
    if (ctx.method === 'GET' && id === undefined) {
      for (const q of Object.keys(ctx.query)) if (q !== 'pagelen' && q !== 'page') problems.push(`comments list has no query parameter '${q}'`);
      const pagelen = Number(ctx.query.pagelen ?? 10);
      const page = Number(ctx.query.page ?? 1);
      const mine = list.filter((c) => c.pull === pull);
      const values = mine.slice((page - 1) * pagelen, page * pagelen).map((c) => this.commentJson(repo, c));
      const next = page * pagelen < mine.length ? `${this.baseUrl}/2.0/repositories/${repo}/pullrequests/${pull}/comments?pagelen=${pagelen}&page=${page + 1}` : undefined;
      return { status: 200, body: { pagelen, size: mine.length, page, values, ...(next ? { next } : {}) } };
    }
    const check = (): Reply | undefined => {
      if (!validateComment(ctx.body)) problems.push(...(validateComment.errors ?? []).map((e) => `pullrequest_comment${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { type: 'error', error: { message: problems.join('; ') } } };
      if ((ctx.body as { content: { raw: string } }).content.raw.length > BITBUCKET_TEXT_LIMIT) return { status: 400, body: { type: 'error', error: { message: `content.raw: the text is longer than ${BITBUCKET_TEXT_LIMIT} characters` } } };
      return undefined;
    };
    if (ctx.method === 'POST' && id === undefined) {
      const bad = check();
      if (bad) return bad;
      const c: BbComment = { id: ++this.lastCommentId, pull, raw: (ctx.body as { content: { raw: string } }).content.raw };
      list.push(c);
      return { status: 201, body: this.commentJson(repo, c) };
    }
    const c = list.find((x) => x.id === id && x.pull === pull);
    if (ctx.method === 'PUT') {
      const bad = check();
      if (bad) return bad;
      if (!c) return { status: 404, body: { type: 'error', error: { message: 'Comment not found' } } };
      c.raw = (ctx.body as { content: { raw: string } }).content.raw;
      return { status: 200, body: this.commentJson(repo, c) };
    }
    if (ctx.method === 'DELETE') {
      if (!c) return { status: 404, body: { type: 'error', error: { message: 'Comment not found' } } };
      list.splice(list.indexOf(c), 1);
      return { status: 204 };
    }
    return { status: 405, body: { type: 'error', error: { message: 'Method not allowed' } } };
  }
}
