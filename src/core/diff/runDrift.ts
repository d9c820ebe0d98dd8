// Drift for one desired set against one cluster: discovery, one list per kind, server-side dry-run where the
// cluster allows it (client-side normalization otherwise, and the report says so), then classification.
import { ReadOnlyClusterClient } from '../cluster/client';
import { ResourceInfo } from '../cluster/discovery';
import { fetchLiveSet, LiveKindRequest } from '../cluster/liveSet';
import { Result, isFatal, ok } from '../cluster/result';
import { CancellationToken, KubeObject, Manifest, NEVER_CANCELLED, ProgressReporter } from '../types';
import { computeDrift, objectKey } from './drift';
import { AppOwner, DriftReport, IgnoreRule } from './types';

export interface RunDriftOptions {
  desired: Manifest[];
  /** Namespace for namespaced objects that name none (Flux targetNamespace, Argo destination.namespace); default: the context's. */
  defaultNamespace?: string;
  /** Namespace set on every namespaced object, even those naming one (Flux `targetNamespace` does this). */
  namespaceOverride?: string;
  owner?: AppOwner;
  ignore?: IgnoreRule[];
  gitManagers?: string[];
  /** 'auto' (default): server-side dry-run apply per existing object, falling back when forbidden; 'off': client-side only. */
  dryRun?: 'auto' | 'off';
  concurrency?: number;
  pageSize?: number;
  token?: CancellationToken;
  progress?: ProgressReporter;
}

export interface DriftRun {
  report: DriftReport;
  listCalls: number;
  dryRunCalls: number;
  /** What a live watch needs to continue from this run: the resources listed and each list's resourceVersion. */
  watch: { resources: ResourceInfo[]; resourceVersions: Map<string, string> };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export async function runDrift(client: ReadOnlyClusterClient, options: RunDriftOptions): Promise<Result<DriftRun>> {
  const token = options.token ?? NEVER_CANCELLED;
  const defaultNamespace = options.defaultNamespace ?? client.namespace;
  const kinds = new Map<string, LiveKindRequest & { namespaceSet: Set<string> }>();
  for (const m of options.desired) {
    const { apiVersion, kind } = m.object;
    if (!apiVersion || !kind || !m.object.metadata?.name) continue;
    const k = `${apiVersion}/${kind}`;
    if (!kinds.has(k)) kinds.set(k, { apiVersion, kind, namespaceSet: new Set() });
  }
  // Scope decides whether a missing namespace is defaulted or dropped, as the API server would.
  const scope = new Map<string, boolean | undefined>();
  for (const [k, req] of kinds) {
    const r = await client.resolve(req.apiVersion, req.kind, token);
    if (!r.ok && isFatal(r.error)) return r;
    scope.set(k, r.ok ? r.value.namespaced : undefined);
  }
  const desired: Manifest[] = options.desired
    .filter((m) => m.object.apiVersion && m.object.kind && m.object.metadata?.name)
    .map((m) => {
      const k = `${m.object.apiVersion}/${m.object.kind}`;
      const object = structuredClone(m.object);
      const meta = object.metadata!;
      const namespaced = scope.get(k);
      if (namespaced === false) delete meta.namespace;
      else if (options.namespaceOverride) meta.namespace = options.namespaceOverride;
      else if (!meta.namespace) meta.namespace = defaultNamespace;
      if (meta.namespace) kinds.get(k)!.namespaceSet.add(meta.namespace);
      return { ...m, object };
    });

  const live = await fetchLiveSet(
    client,
    [...kinds.values()].map((k) => ({ apiVersion: k.apiVersion, kind: k.kind, namespaces: [...k.namespaceSet] })),
    { concurrency: options.concurrency, pageSize: options.pageSize, token, progress: options.progress },
  );
  if (!live.ok) return live;

  const notes: string[] = [];
  const dryRun = new Map<string, KubeObject>();
  let dryRunCalls = 0;
  if ((options.dryRun ?? 'auto') === 'auto') {
    const liveKeys = new Set(live.value.objects.map(objectKey));
    const candidates = desired.filter((m) => liveKeys.has(objectKey(m.object)) && live.value.resources.has(`${m.object.apiVersion}/${m.object.kind}`));
    let forbidden: string | undefined;
    let failed = 0;
    let firstFailure = '';
    await pool(candidates, options.concurrency ?? 8, async (m) => {
      if (forbidden || token.isCancellationRequested) return;
      const resource = live.value.resources.get(`${m.object.apiVersion}/${m.object.kind}`)!;
      dryRunCalls++;
      const r = await client.dryRunApply(resource, m.object, token);
      if (r.ok) dryRun.set(objectKey(m.object), r.value);
      else if (r.error.kind === 'forbidden') forbidden = r.error.message;
      else {
        failed++;
        firstFailure ||= `${m.object.kind}/${m.object.metadata?.name}: ${r.error.message}`;
      }
    });
    if (forbidden) {
      dryRun.clear();
      notes.push(`Server-side dry-run is not allowed (${forbidden}); compared with client-side normalization instead.`);
    } else if (failed) {
      notes.push(`Server-side dry-run failed for ${failed} object(s) (first: ${firstFailure}); those were compared with client-side normalization.`);
    }
  } else {
    notes.push('Server-side dry-run turned off; compared with client-side normalization.');
  }
  if (token.isCancellationRequested) return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };

  const report = computeDrift({
    desired,
    live: live.value.objects,
    unknown: live.value.unknown,
    dryRun,
    owner: options.owner,
    ignore: options.ignore,
    gitManagers: options.gitManagers,
    context: client.context,
    notes,
  });
  return ok({
    report,
    listCalls: live.value.listCalls,
    dryRunCalls,
    watch: { resources: [...live.value.resources.values()], resourceVersions: live.value.resourceVersions },
  });
}
