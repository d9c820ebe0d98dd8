// The plan between two commits of a sync or revert branch, as the PR body shows it: both sides read from
// the object store (nothing checked out), the head rendering validated when schemas are at hand. Never
// throws; a plan that cannot be made says why, and the body falls back to the list of files.
import { plan } from '../plan/plan';
import { HelmRunSettings } from '../plan/helmReleaseRender';
import { Plan } from '../plan/types';
import { ObjectRules } from '../render/validateRendered';
import { CancellationToken } from '../types';
import { readSchemaManifest } from '../validate/schemas/loadSchemas';
import { Validator } from '../validate/validator';

export interface CommitPlanOptions {
  /** The validator for the head rendering; or a schema directory to load one from. */
  rules?: ObjectRules;
  schemaDir?: string;
  churn?: string[];
  helm?: HelmRunSettings;
  /** Remote URLs of the repository (Argo CD Applications that point here render locally). */
  repoUrls?: string[];
}

export type CommitPlan = { ok: true; plan: Plan } | { ok: false; message: string };

export function rulesFrom(o: CommitPlanOptions): ObjectRules | undefined {
  if (o.rules) return o.rules;
  if (!o.schemaDir) return undefined;
  const manifest = readSchemaManifest(o.schemaDir);
  if (!manifest.ok) return undefined;
  const v = Validator.create(o.schemaDir, manifest.value.defaultKubernetesVersion, { cache: false });
  return v.ok ? v.value : undefined;
}

export async function planBetweenCommits(top: string, base: string, head: string, o: CommitPlanOptions & { toolVersion: string; token?: CancellationToken }): Promise<CommitPlan> {
  try {
    const r = await plan({
      repoRoot: top,
      base,
      head: { kind: 'commit', ref: head },
      rules: rulesFrom(o),
      churn: o.churn,
      helm: o.helm,
      indexSettings: { repoUrls: o.repoUrls ?? [] },
      toolVersion: o.toolVersion,
      token: o.token,
    });
    return r.ok ? r : { ok: false, message: r.message };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
