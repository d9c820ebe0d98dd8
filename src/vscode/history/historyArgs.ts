// The arguments the history commands accept, checked. No `vscode` import, so it is unit-tested:
// other features (the Drift view, tests) call the commands with plain objects, menus pass tree nodes.
import type { HistoryTarget } from '../../core/history/objectState';
import type { ResourceEntry } from '../../core/index/model';

/** What "Show Object History" runs on: the object and, when the caller knows it, the folder it is rendered from. */
export interface ObjectHistoryRequest {
  target: HistoryTarget;
  /** Repo-relative folder the object is rendered from; found from the index when missing. */
  app?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A ResourceEntry (index), as the GitOps Resources tree and other views hand it over. */
export function requestFromResource(r: Pick<ResourceEntry, 'kind' | 'name' | 'namespace' | 'apiVersion'>): ObjectHistoryRequest {
  return { target: { kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}), ...(r.apiVersion ? { apiVersion: r.apiVersion } : {}) } };
}

/**
 * Accepts `{ kind, name, namespace?, app?, apiVersion? }`, a resource tree node (`{ type: 'resource', resource }`),
 * a node carrying the object (`object: { kind, name, namespace }` or `object.id`: drift nodes), or a ResourceEntry.
 * Undefined when the argument names no object (the command then asks).
 */
export function parseObjectHistoryArg(arg: unknown): ObjectHistoryRequest | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.type === 'resource' && a.resource && typeof a.resource === 'object') return parseObjectHistoryArg(a.resource);
  // Drift view nodes carry the object (`{ kind: 'object', object: { apiVersion, kind, namespace, name } }`), some with an `id`.
  const nested = a.object as Record<string, unknown> | undefined;
  if (nested && typeof nested === 'object') {
    const found = parseObjectHistoryArg(nested.id && typeof nested.id === 'object' ? nested.id : nested);
    if (found) return found;
  }
  const kind = text(a.kind);
  const name = text(a.name);
  if (!kind || !name) return undefined;
  const namespace = text(a.namespace);
  const apiVersion = text(a.apiVersion) ?? (text(a.group) && text(a.version) ? `${text(a.group)}/${text(a.version)}` : text(a.version));
  const app = typeof a.app === 'string' ? a.app.replace(/^\.\/|\/+$/g, '').replace(/^\.$/, '') : undefined;
  return {
    target: { kind, name, ...(namespace ? { namespace } : {}), ...(apiVersion ? { apiVersion } : {}) },
    ...(app !== undefined ? { app } : {}),
  };
}

/** Arguments of "Revert Sync" for running it without prompts (tests, other features). */
export interface RevertSyncArgs {
  commit?: string;
  /** With a title the command runs unattended (no prompts, no confirmation). */
  title?: string;
  base?: string;
  remote?: string;
  draft?: boolean;
}

/** `{ commit, title?, base?, remote?, draft? }`, a history entry node (`{ entry: { commit } }`) or a commit id string. */
export function parseRevertSyncArgs(arg: unknown): RevertSyncArgs {
  if (typeof arg === 'string') return text(arg) ? { commit: arg.trim() } : {};
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  if (a.entry && typeof a.entry === 'object') return { commit: text((a.entry as Record<string, unknown>).commit) };
  return {
    commit: text(a.commit),
    title: text(a.title),
    base: text(a.base),
    remote: text(a.remote),
    draft: typeof a.draft === 'boolean' ? a.draft : undefined,
  };
}
