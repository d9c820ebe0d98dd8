// Pulls the operations the GitHub test server answers out of GitHub's official OpenAPI description
// (npm @octokit/openapi), at test time, so request checks follow the published API, not our reading
// of it. `$ref`s are resolved inline; examples give the response shapes.
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';

export const GITHUB_OPERATIONS = [
  'repos/get',
  'pulls/list',
  'pulls/create',
  'pulls/update',
  'git/create-ref',
  'git/get-ref',
  // A pull request's conversation comments are issue comments.
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/delete-comment',
] as const;
export type GitHubOperationId = (typeof GITHUB_OPERATIONS)[number];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface GitHubOperation {
  id: GitHubOperationId;
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/pulls`. */
  path: string;
  /** Matches a request path; groups are the path parameters in order. */
  pattern: RegExp;
  pathParams: string[];
  validateBody?: ValidateFunction;
  /** Per query parameter: a validator for its (coerced) value. */
  query: Record<string, ValidateFunction>;
  /** The documented example body of the success response. */
  example: Json;
  successStatus: number;
}

function resolve(doc: { [k: string]: Json }, node: Json, seen: Set<string> = new Set()): Json {
  if (Array.isArray(node)) return node.map((n) => resolve(doc, n, seen));
  if (!node || typeof node !== 'object') return node;
  const ref = node.$ref;
  if (typeof ref === 'string') {
    if (seen.has(ref)) return {}; // recursive schema: accept anything below this point
    let target: Json = doc;
    for (const part of ref.replace(/^#\//, '').split('/')) target = (target as { [k: string]: Json })[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return resolve(doc, target, new Set([...seen, ref]));
  }
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) out[k] = resolve(doc, v, seen);
  return out;
}

let cached: Map<GitHubOperationId, GitHubOperation> | undefined;

export function githubOperations(): Map<GitHubOperationId, GitHubOperation> {
  if (cached) return cached;
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { [k: string]: Json };
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false });
  addFormats(ajv);
  // GitHub's own format for `owner/name`, used by pulls/create head_repo.
  ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
  const qajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  addFormats(qajv);
  const ops = new Map<GitHubOperationId, GitHubOperation>();
  const paths = doc.paths as { [p: string]: { [m: string]: { [k: string]: Json } } };
  for (const [p, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const id = op?.operationId as GitHubOperationId | undefined;
      if (!id || !(GITHUB_OPERATIONS as readonly string[]).includes(id)) continue;
      const params = (resolve(doc, op.parameters ?? []) as Array<{ [k: string]: Json }>) ?? [];
      const query: Record<string, ValidateFunction> = {};
      for (const prm of params) if (prm.in === 'query') query[String(prm.name)] = qajv.compile(prm.schema as object);
      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pattern = new RegExp(
        '^' + p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => (name === 'ref' ? '(.+)' : '([^/]+)')) + '$',
      );
      const body = resolve(doc, op.requestBody ?? null) as { content?: { 'application/json'?: { schema?: { [k: string]: Json } } } } | null;
      let validateBody: ValidateFunction | undefined;
      const schema = body?.content?.['application/json']?.schema;
      if (schema) {
        // GitHub ignores unknown fields; a test server that rejects them catches client typos.
        validateBody = ajv.compile({ ...schema, additionalProperties: false });
      }
      const responses = op.responses as { [s: string]: Json };
      const successStatus = Number(Object.keys(responses).find((s) => s.startsWith('2')) ?? 200);
      const success = resolve(doc, responses[String(successStatus)]) as { content?: { [t: string]: { examples?: { [k: string]: { value?: Json } } } } };
      const examples = success?.content?.['application/json']?.examples ?? {};
      const example = Object.values(examples)[0]?.value ?? null;
      ops.set(id, { id, method: method.toUpperCase(), path: p, pattern, pathParams, validateBody, query, example, successStatus });
    }
  }
  for (const id of GITHUB_OPERATIONS) if (!ops.has(id)) throw new Error(`@octokit/openapi has no operation ${id}`);
  cached = ops;
  return ops;
}
