// The live set for a desired set: one paginated list per kind (all namespaces), falling back to one list per
// namespace only when the cluster-wide list is forbidden. Kinds that cannot be read become "unknown" groups
// with the reason; everything else is still returned. Fatal errors (401, unreachable, cancel) stop everything.
import { CancellationToken, KubeObject, NEVER_CANCELLED, ProgressReporter } from '../types';
import { ReadOnlyClusterClient } from './client';
import { ResourceInfo } from './discovery';
import { ClusterError, fail, isFatal, ok, Result } from './result';

export interface LiveKindRequest {
  apiVersion: string;
  kind: string;
  /** Namespaces the desired objects of this kind live in (used when a cluster-wide list is forbidden). */
  namespaces?: string[];
}

export interface UnknownGroup {
  apiVersion: string;
  kind: string;
  namespace?: string;
  reason: string;
  error: ClusterError;
}

export interface LiveSet {
  objects: KubeObject[];
  /** `apiVersion/kind` → resource, for every kind that resolved. */
  resources: Map<string, ResourceInfo>;
  unknown: UnknownGroup[];
  /** List requests made (pages included). */
  listCalls: number;
  /** `apiVersion/kind` → the list's resourceVersion (cluster-wide lists), to watch from. */
  resourceVersions: Map<string, string>;
}

export interface LiveSetOptions {
  concurrency?: number;
  pageSize?: number;
  token?: CancellationToken;
  progress?: ProgressReporter;
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

export async function fetchLiveSet(client: ReadOnlyClusterClient, kinds: LiveKindRequest[], options: LiveSetOptions = {}): Promise<Result<LiveSet>> {
  const token = options.token ?? NEVER_CANCELLED;
  const pageSize = options.pageSize ?? 500;
  const set: LiveSet = { objects: [], resources: new Map(), unknown: [], listCalls: 0, resourceVersions: new Map() };
  let fatal: ClusterError | undefined;
  let done = 0;

  const listAll = async (resource: ResourceInfo, namespace?: string): Promise<Result<KubeObject[]>> => {
    const out: KubeObject[] = [];
    let cont: string | undefined;
    do {
      set.listCalls++;
      const page = await client.list(resource, { namespace, limit: pageSize, continue: cont }, token);
      if (!page.ok) return page;
      out.push(...page.value.items);
      const key = kindKey(resource.group ? `${resource.group}/${resource.version}` : resource.version, resource.kind);
      if (!namespace && !cont && page.value.resourceVersion) set.resourceVersions.set(key, page.value.resourceVersion);
      cont = page.value.continue;
    } while (cont && !token.isCancellationRequested);
    return token.isCancellationRequested ? fail('cancelled', 'Cancelled') : ok(out);
  };

  const unknown = (req: LiveKindRequest, error: ClusterError, namespace?: string): void => {
    const reason = error.kind === 'forbidden' ? `forbidden: ${error.message}` : error.kind === 'not-found' ? `not served: ${error.message}` : `${error.kind}: ${error.message}`;
    set.unknown.push({ apiVersion: req.apiVersion, kind: req.kind, namespace, reason, error });
  };

  await pool(kinds, options.concurrency ?? 4, async (req) => {
    if (fatal || token.isCancellationRequested) return;
    const resolved = await client.resolve(req.apiVersion, req.kind, token);
    if (!resolved.ok) {
      if (isFatal(resolved.error)) fatal ??= resolved.error;
      else unknown(req, resolved.error);
      return;
    }
    const resource = resolved.value;
    set.resources.set(kindKey(req.apiVersion, req.kind), resource);
    const all = await listAll(resource);
    if (all.ok) set.objects.push(...all.value);
    else if (isFatal(all.error)) fatal ??= all.error;
    else if (all.error.kind === 'forbidden' && resource.namespaced && req.namespaces?.length) {
      // Namespace-scoped RBAC (a Role, not a ClusterRole) is common for read-only users.
      for (const ns of req.namespaces) {
        const one = await listAll(resource, ns);
        if (one.ok) set.objects.push(...one.value);
        else if (isFatal(one.error)) fatal ??= one.error;
        else unknown(req, one.error, ns);
      }
    } else unknown(req, all.error);
    options.progress?.(++done, kinds.length, `${req.kind}`);
  });

  if (token.isCancellationRequested) return fail('cancelled', 'Cancelled');
  if (fatal) return { ok: false, error: fatal };
  return ok(set);
}
