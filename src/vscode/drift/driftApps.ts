// Which apps the Drift view compares, and the run over all of them. No `vscode` import: the view's
// model is computed here against the core (desired sets from the editor's index, one client, one
// discovery cache), so it is tested under plain Node against the Kubernetes API test server.
import { ReadOnlyClusterClient } from '../../core/cluster/client';
import { ClusterError, isFatal } from '../../core/cluster/result';
import { desiredSetFor } from '../../core/diff/desiredSet';
import { DriftRun, runDrift } from '../../core/diff/runDrift';
import { DriftReport, IgnoreRule } from '../../core/diff/types';
import { AppEntry } from '../../core/index/model';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { CancellationToken, FileSystem, NEVER_CANCELLED } from '../../core/types';

export interface DriftTarget {
  /** Label in the view, unique per run: `Flux flux-system/apps`. */
  name: string;
  /** Repo-relative file or directory the desired set is read from. */
  target: string;
  documentIndex?: number;
  /** The directory the app deploys (its kustomization is the overlay that adopts into a shared base). */
  path?: string;
}

export function driftTargets(apps: AppEntry[]): { targets: DriftTarget[]; skipped: string[] } {
  const targets: DriftTarget[] = [];
  const skipped: string[] = [];
  // A kustomization directory at or under the path a Flux Kustomization or Argo CD Application deploys is
  // part of that app (its objects carry the app's labels in the cluster): compared there, not again alone.
  const deployed = apps.filter((a) => a.kind === 'FluxKustomization' || a.kind === 'ArgoApplication').map((a) => a.path).filter((p): p is string => p !== undefined);
  const underAnApp = (dir: string): boolean => deployed.some((p) => p === '' || p === '.' || dir === p || dir.startsWith(`${p}/`));
  for (const a of apps) {
    if (a.kind === 'HelmRelease') {
      skipped.push(`HelmRelease ${a.namespace ? `${a.namespace}/` : ''}${a.name}: Helm releases are not rendered for drift yet.`);
    } else if (a.kind === 'KustomizeDirectory') {
      if (!underAnApp(a.path ?? a.name)) targets.push({ name: `Kustomize ${a.path ?? a.name}`, target: a.path ?? a.name, path: a.path ?? a.name });
    } else {
      const tool = a.kind === 'FluxKustomization' ? 'Flux' : 'Argo CD';
      targets.push({ name: `${tool} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`, target: a.file, documentIndex: a.documentIndex, path: a.path });
    }
  }
  const seen = new Map<string, number>();
  for (const t of targets) {
    const n = (seen.get(t.name) ?? 0) + 1;
    seen.set(t.name, n);
    if (n > 1) t.name = `${t.name} (${t.target})`;
  }
  return { targets, skipped };
}

export interface AppDrift {
  target: DriftTarget;
  report?: DriftReport;
  error?: string;
  /** Resources listed and their lists' resourceVersions, to watch from (see driftWatch.ts). */
  watch?: DriftRun['watch'];
}

export interface DriftRunInput {
  client: ReadOnlyClusterClient;
  targets: DriftTarget[];
  fs: FileSystem;
  /** Absolute POSIX root of the repository. */
  root: string;
  index: RepositoryIndex;
  /** `reconcile.drift.ignoreDifferences`, added to each app's own rules. */
  ignore?: IgnoreRule[];
  dryRun?: 'auto' | 'off';
  token?: CancellationToken;
  progress?: (message: string, increment: number) => void;
}

export type DriftRunOutcome = { ok: true; apps: AppDrift[] } | { ok: false; error: ClusterError };

/** Apps one after the other (each already runs its lists concurrently); a fatal cluster error ends the run. */
export async function runDriftForApps(input: DriftRunInput): Promise<DriftRunOutcome> {
  const token = input.token ?? NEVER_CANCELLED;
  const apps: AppDrift[] = [];
  const step = input.targets.length ? 100 / input.targets.length : 100;
  for (const target of input.targets) {
    if (token.isCancellationRequested) return { ok: false, error: { kind: 'cancelled', message: 'Cancelled' } };
    input.progress?.(target.name, 0);
    const desired = await desiredSetFor(input.fs, input.root, target.target, { index: input.index, documentIndex: target.documentIndex });
    if (!desired.ok) {
      apps.push({ target, error: desired.error });
      input.progress?.(target.name, step);
      continue;
    }
    const run = await runDrift(input.client, {
      desired: desired.value.manifests,
      defaultNamespace: desired.value.defaultNamespace,
      namespaceOverride: desired.value.namespaceOverride,
      owner: desired.value.owner,
      ignore: [...(desired.value.ignore ?? []), ...(input.ignore ?? [])],
      dryRun: input.dryRun,
      token,
    });
    if (!run.ok) {
      if (isFatal(run.error)) return { ok: false, error: run.error };
      apps.push({ target, error: run.error.message });
    } else apps.push({ target, report: run.value.report, watch: run.value.watch });
    input.progress?.(target.name, step);
  }
  return { ok: true, apps };
}
