// A GitLab REST v4 stand-in for merge requests on 127.0.0.1. The request schemas are transcribed
// from GitLab's merge request API documentation (https://docs.gitlab.com/api/merge_requests/:
// "Create MR", "Update MR", "List project merge requests"); unknown attributes are rejected so a
// client typo fails the test instead of being silently ignored as GitLab would.
import Ajv from 'ajv';
import { ForgeTestServer, Reply, RouteContext } from './server';

const ajv = new Ajv({ allErrors: true, strict: false });
const ajvQuery = new Ajv({ allErrors: true, strict: false, coerceTypes: true });

const createSchema = {
  type: 'object',
  required: ['source_branch', 'target_branch', 'title'],
  additionalProperties: false,
  properties: {
    source_branch: { type: 'string', minLength: 1 },
    target_branch: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    allow_collaboration: { type: 'boolean' },
    approvals_before_merge: { type: 'integer' },
    allow_maintainer_to_push: { type: 'boolean' },
    assignee_id: { type: 'integer' },
    assignee_ids: { type: 'array', items: { type: 'integer' } },
    description: { type: 'string', maxLength: 1048576 },
    labels: { type: 'string' },
    merge_after: { type: 'string' },
    milestone_id: { type: 'integer' },
    remove_source_branch: { type: 'boolean' },
    reviewer_ids: { type: 'array', items: { type: 'integer' } },
    squash: { type: 'boolean' },
    target_project_id: { type: 'integer' },
  },
};

const updateSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    target_branch: { type: 'string' },
    title: { type: 'string' },
    assignee_id: { type: 'integer' },
    assignee_ids: { type: 'array', items: { type: 'integer' } },
    reviewer_ids: { type: 'array', items: { type: 'integer' } },
    milestone_id: { type: 'integer' },
    labels: { type: 'string' },
    add_labels: { type: 'string' },
    remove_labels: { type: 'string' },
    description: { type: 'string', maxLength: 1048576 },
    state_event: { enum: ['close', 'reopen'] },
    remove_source_branch: { type: 'boolean' },
    squash: { type: 'boolean' },
    discussion_locked: { type: 'boolean' },
    allow_collaboration: { type: 'boolean' },
    allow_maintainer_to_push: { type: 'boolean' },
    merge_after: { type: 'string' },
  },
};

const listQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { enum: ['opened', 'closed', 'locked', 'merged', 'all'] },
    source_branch: { type: 'string' },
    target_branch: { type: 'string' },
    order_by: { enum: ['created_at', 'updated_at', 'title', 'merged_at'] },
    sort: { enum: ['asc', 'desc'] },
    per_page: { type: 'integer', minimum: 1, maximum: 100 },
    page: { type: 'integer', minimum: 1 },
    pagination: { enum: ['keyset', 'offset'] },
    scope: { enum: ['created_by_me', 'assigned_to_me', 'all'] },
    labels: { type: 'string' },
    search: { type: 'string' },
    draft: { enum: ['yes', 'no'] },
    view: { enum: ['simple'] },
  },
};

// "Create new merge request note" / "Modify existing merge request note" (https://docs.gitlab.com/api/notes/).
const noteCreateSchema = {
  type: 'object',
  required: ['body'],
  additionalProperties: false,
  properties: { body: { type: 'string', minLength: 1 }, internal: { type: 'boolean' }, created_at: { type: 'string' }, merge_request_diff_head_sha: { type: 'string' } },
};
const noteUpdateSchema = { type: 'object', required: ['body'], additionalProperties: false, properties: { body: { type: 'string', minLength: 1 } } };
const noteListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { sort: { enum: ['asc', 'desc'] }, order_by: { enum: ['created_at', 'updated_at'] }, per_page: { type: 'integer', minimum: 1, maximum: 100 }, page: { type: 'integer', minimum: 1 }, pagination: { enum: ['offset'] } },
};
/** GitLab refuses longer notes: `Note is too long (maximum is 1000000 characters)`. */
export const GITLAB_NOTE_LIMIT = 1_000_000;

const validators = {
  create: ajv.compile(createSchema),
  update: ajv.compile(updateSchema),
  list: ajvQuery.compile(listQuerySchema),
  noteCreate: ajv.compile(noteCreateSchema),
  noteUpdate: ajv.compile(noteUpdateSchema),
  noteList: ajvQuery.compile(noteListQuerySchema),
};

export interface GitLabNote {
  id: number;
  iid: number;
  body: string;
  system: boolean;
}

export interface GitLabMergeRequest {
  iid: number;
  title: string;
  description: string;
  source_branch: string;
  target_branch: string;
  state: 'opened' | 'closed' | 'merged';
}

export class GitLabTestServer extends ForgeTestServer {
  /** Projects by full path (`group/sub/name`). */
  readonly projects = new Map<string, { id: number; mergeRequests: GitLabMergeRequest[]; notes: GitLabNote[] }>();
  private lastNoteId = 300;
  webUrl = 'https://gitlab.example.test';

  constructor(readonly token: string) {
    super((ctx) => this.route(ctx));
  }

  addProject(path: string): void {
    this.projects.set(path, { id: this.projects.size + 1, mergeRequests: [], notes: [] });
  }

  private mrJson(path: string, projectId: number, mr: GitLabMergeRequest): Record<string, unknown> {
    return {
      id: 10000 + mr.iid,
      iid: mr.iid,
      project_id: projectId,
      title: mr.title,
      description: mr.description,
      state: mr.state,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      target_branch: mr.target_branch,
      source_branch: mr.source_branch,
      source_project_id: projectId,
      target_project_id: projectId,
      draft: /^(draft:|\[draft\]|\(draft\))/i.test(mr.title),
      work_in_progress: /^(draft:|\[draft\]|\(draft\))/i.test(mr.title),
      merge_status: 'can_be_merged',
      detailed_merge_status: 'mergeable',
      sha: '0000000000000000000000000000000000000000',
      references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${path}!${mr.iid}` },
      web_url: `${this.webUrl}/${path}/-/merge_requests/${mr.iid}`,
      author: { id: 1, username: 'reconcile-bot', name: 'Reconcile Bot', state: 'active' },
    };
  }

  private route(ctx: RouteContext): Reply {
    // GitLab takes the token as PRIVATE-TOKEN or as an OAuth-style Bearer header.
    const token = ctx.headers['private-token'] ?? ctx.authorization?.replace(/^Bearer /i, '');
    ctx.log.authorized = token === this.token;
    if (!ctx.log.authorized) return { status: 401, body: { message: '401 Unauthorized' } };
    const n = /^\/api\/v4\/projects\/([^/]+)\/merge_requests\/(\d+)\/notes(?:\/(\d+))?$/.exec(ctx.path);
    if (n) return this.noteRoute(ctx, decodeURIComponent(n[1]), Number(n[2]), n[3] ? Number(n[3]) : undefined);
    const m = /^\/api\/v4\/projects\/([^/]+)\/merge_requests(?:\/(\d+))?$/.exec(ctx.path);
    if (!m) return { status: 404, body: { error: '404 Not Found' } };
    const path = decodeURIComponent(m[1]);
    const project = this.projects.get(path);
    if (!project) return { status: 404, body: { message: '404 Project Not Found' } };
    const problems = ctx.log.problems;
    if (ctx.method === 'GET' && !m[2]) {
      if (!validators.list(ctx.query)) problems.push(...(validators.list.errors ?? []).map((e) => `list query${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { error: problems.join('; ') } };
      const state = ctx.query.state ?? 'all';
      const list = project.mergeRequests.filter(
        (mr) => (state === 'all' || mr.state === state) && (!ctx.query.source_branch || mr.source_branch === ctx.query.source_branch),
      );
      return { status: 200, body: list.map((mr) => this.mrJson(path, project.id, mr)), headers: { 'x-total': String(list.length), 'x-page': '1' } };
    }
    if (ctx.method === 'POST' && !m[2]) {
      if (!validators.create(ctx.body)) problems.push(...(validators.create.errors ?? []).map((e) => `create${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { message: problems.join('; ') } };
      const b = ctx.body as Record<string, string>;
      const dup = project.mergeRequests.find((mr) => mr.state === 'opened' && mr.source_branch === b.source_branch && mr.target_branch === b.target_branch);
      if (dup) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${dup.iid}`] } };
      const mr: GitLabMergeRequest = {
        iid: project.mergeRequests.length + 1,
        title: b.title,
        description: b.description ?? '',
        source_branch: b.source_branch,
        target_branch: b.target_branch,
        state: 'opened',
      };
      project.mergeRequests.push(mr);
      return { status: 201, body: this.mrJson(path, project.id, mr) };
    }
    if (ctx.method === 'PUT' && m[2]) {
      if (!validators.update(ctx.body)) problems.push(...(validators.update.errors ?? []).map((e) => `update${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { message: problems.join('; ') } };
      const mr = project.mergeRequests.find((x) => x.iid === Number(m[2]));
      if (!mr) return { status: 404, body: { message: '404 Not found' } };
      const b = ctx.body as Record<string, string>;
      if (b.title !== undefined) mr.title = b.title;
      if (b.description !== undefined) mr.description = b.description;
      if (b.target_branch !== undefined) mr.target_branch = b.target_branch;
      return { status: 200, body: this.mrJson(path, project.id, mr) };
    }
    return { status: 405, body: { error: '405 Method Not Allowed' } };
  }

  private noteJson(note: GitLabNote): Record<string, unknown> {
    return {
      id: note.id,
      type: null,
      body: note.body,
      author: { id: 1, username: 'reconcile-bot', name: 'Reconcile Bot', state: 'active' },
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
      system: note.system,
      noteable_id: 10000 + note.iid,
      noteable_type: 'MergeRequest',
      noteable_iid: note.iid,
      resolvable: false,
      confidential: false,
      internal: false,
    };
  }

  private noteRoute(ctx: RouteContext, path: string, iid: number, noteId: number | undefined): Reply {
    const project = this.projects.get(path);
    if (!project) return { status: 404, body: { message: '404 Project Not Found' } };
    if (!project.mergeRequests.some((mr) => mr.iid === iid)) return { status: 404, body: { message: '404 Not found' } };
    const problems = ctx.log.problems;
    const tooLong = (b: unknown) => typeof (b as { body?: unknown })?.body === 'string' && ((b as { body: string }).body.length > GITLAB_NOTE_LIMIT);
    if (ctx.method === 'GET' && noteId === undefined) {
      if (!validators.noteList(ctx.query)) problems.push(...(validators.noteList.errors ?? []).map((e) => `notes query${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { error: problems.join('; ') } };
      const list = project.notes.filter((x) => x.iid === iid);
      return { status: 200, body: list.map((x) => this.noteJson(x)), headers: { 'x-total': String(list.length), 'x-page': '1', 'x-total-pages': '1', 'x-next-page': '' } };
    }
    if (ctx.method === 'POST' && noteId === undefined) {
      if (!validators.noteCreate(ctx.body)) problems.push(...(validators.noteCreate.errors ?? []).map((e) => `note${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { message: problems.join('; ') } };
      if (tooLong(ctx.body)) return { status: 400, body: { message: { note: [`is too long (maximum is ${GITLAB_NOTE_LIMIT} characters)`] } } };
      const note: GitLabNote = { id: ++this.lastNoteId, iid, body: (ctx.body as { body: string }).body, system: false };
      project.notes.push(note);
      return { status: 201, body: this.noteJson(note) };
    }
    const note = project.notes.find((x) => x.id === noteId && x.iid === iid);
    if (ctx.method === 'PUT') {
      if (!validators.noteUpdate(ctx.body)) problems.push(...(validators.noteUpdate.errors ?? []).map((e) => `note${e.instancePath} ${e.message}`));
      if (problems.length) return { status: 400, body: { message: problems.join('; ') } };
      if (tooLong(ctx.body)) return { status: 400, body: { message: { note: [`is too long (maximum is ${GITLAB_NOTE_LIMIT} characters)`] } } };
      if (!note) return { status: 404, body: { message: '404 Note Not Found' } };
      note.body = (ctx.body as { body: string }).body;
      return { status: 200, body: this.noteJson(note) };
    }
    if (ctx.method === 'DELETE') {
      if (!note) return { status: 404, body: { message: '404 Note Not Found' } };
      project.notes.splice(project.notes.indexOf(note), 1);
      return { status: 204 };
    }
    return { status: 405, body: { error: '405 Method Not Allowed' } };
  }
}
