// The optional live part of a plan: each affected app's head rendering compared with the cluster through
// the drift engine (read-only: lists, and server-side dry-run apply where allowed). An object missing live
// will be created, a modified one will change, an in-sync one already matches, and an object the app owns
// live that the head no longer renders will be pruned. Values never leave: only changed paths are kept.
import type { ReadOnlyClusterClient } from '../cluster/client';
import type { AppEntry } from '../index/model';
import { runDrift } from '../diff/runDrift';
import { AppOwner, DriftStatus } from '../diff/types';
import { CancellationToken, Manifest } from '../types';
import { AppPlan, LiveImpact, LiveVerdict } from './types';

export interface LiveInput {
  plan: AppPlan;
  app: AppEntry;
  manifests: Manifest[];
}

const VERDICT: Record<DriftStatus, LiveVerdict> = {
  missing: 'will-create',
  modified: 'will-change',
  'in-sync': 'already-matches',
  extra: 'will-delete',
  unknown: 'unknown',
};

function ownerOf(app: AppEntry): AppOwner | undefined {
  if (app.kind === 'FluxKustomization') return { type: 'flux', name: app.name, namespace: app.namespace ?? 'flux-system' };
  if (app.kind === 'ArgoApplication') return { type: 'argocd', name: app.name };
  return undefined;
}

export function liveNotComputed(message = 'not computed (no cluster given: pass --kubeconfig/--context)'): LiveImpact {
  return { computed: false, message, objects: [], notes: [] };
}

export async function liveImpact(client: ReadOnlyClusterClient, inputs: LiveInput[], o: { dryRun?: 'auto' | 'off'; token?: CancellationToken }): Promise<LiveImpact> {
  const out: LiveImpact = { computed: true, context: client.context, server: client.server, objects: [], notes: [] };
  for (const input of inputs) {
    if (!input.manifests.length) continue;
    const run = await runDrift(client, {
      desired: input.manifests,
      defaultNamespace: input.plan.destination?.namespace,
      owner: ownerOf(input.app),
      dryRun: o.dryRun ?? 'auto',
      token: o.token,
    });
    const label = `${input.plan.kind} ${input.plan.name}`;
    if (!run.ok) {
      // The first failure (no access, unreachable) holds for every app: say it once and stop.
      return { ...out, computed: false, message: `${run.error.message}`, objects: [] };
    }
    for (const n of run.value.report.notes) if (!out.notes.includes(n)) out.notes.push(n);
    for (const r of run.value.report.resources) {
      out.objects.push({
        app: label,
        apiVersion: r.apiVersion,
        kind: r.kind,
        ...(r.namespace ? { namespace: r.namespace } : {}),
        name: r.name,
        verdict: VERDICT[r.status],
        paths: r.changes.map((c) => c.path),
        ...(r.reason ? { reason: r.reason } : {}),
      });
    }
  }
  return out;
}
