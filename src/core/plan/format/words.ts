// The words every plan output shares: app titles, object labels, value snippets and the totals sentence
// ("3 apps changed: 2 objects to create, 5 to change, 1 to delete; validation: 0 errors").
import { AppPlan, Plan, PlanSideInfo } from '../types';

const KIND_WORDS: Record<AppPlan['kind'], string> = {
  FluxKustomization: 'Flux Kustomization',
  ArgoApplication: 'Argo CD Application',
  HelmRelease: 'Flux HelmRelease',
  KustomizeDirectory: 'kustomization',
};

export function appTitle(a: Pick<AppPlan, 'kind' | 'name' | 'namespace' | 'path'>): string {
  if (a.kind === 'KustomizeDirectory') return `${KIND_WORDS[a.kind]} ${a.path || '.'}`;
  const target = a.kind === 'HelmRelease' ? ` (chart ${a.path || '.'})` : ` → ${a.path || '.'}`;
  return `${KIND_WORDS[a.kind]} ${a.namespace ? `${a.namespace}/` : ''}${a.name}${target}`;
}

/** App titles for one plan: two apps with the same title (one per cluster folder, say) get their file added. */
export function appTitles(apps: ReadonlyArray<Pick<AppPlan, 'kind' | 'name' | 'namespace' | 'path' | 'file'>>): (a: Pick<AppPlan, 'kind' | 'name' | 'namespace' | 'path' | 'file'>) => string {
  const counts = new Map<string, number>();
  for (const a of apps) counts.set(appTitle(a), (counts.get(appTitle(a)) ?? 0) + 1);
  return (a) => ((counts.get(appTitle(a)) ?? 0) > 1 ? `${appTitle(a)} (${a.file})` : appTitle(a));
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function sideLabel(s: PlanSideInfo, short = true): string {
  if (s === 'working-tree') return 'working tree';
  const id = short ? s.commit.slice(0, 8) : s.commit;
  return s.ref && s.ref !== s.commit && !s.commit.startsWith(s.ref) ? `${s.ref} (${id})` : id;
}

/** A field value in one line: strings quoted, structures as compact JSON, long values cut. */
export function valueSnippet(v: unknown, max = 100): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The Terraform-style totals sentence. */
export function totalsSentence(p: Plan): string {
  const s = p.summary;
  const appParts: string[] = [];
  if (s.apps.changed) appParts.push(`${plural(s.apps.changed, 'app')} changed`);
  if (s.apps.added) appParts.push(`${plural(s.apps.added, 'app')} added`);
  if (s.apps.removed) appParts.push(`${plural(s.apps.removed, 'app')} removed`);
  if (s.apps.error) appParts.push(`${plural(s.apps.error, 'app')} failed to render`);
  const objects = s.objects.created + s.objects.changed + s.objects.deleted;
  const validation = s.validation.validated ? `validation: ${plural(s.validation.errors, 'error')}${s.validation.warnings ? `, ${plural(s.validation.warnings, 'warning')}` : ''}` : 'validation: not run';
  if (!appParts.length && !objects) {
    const what = s.apps.affected ? `${plural(s.apps.affected, 'app')} re-rendered, no object changes` : 'no app reads the changed files';
    return `No changes: ${what}; ${validation}.`;
  }
  const head = appParts.length ? appParts.join(', ') : 'objects outside any app change';
  return `${head}: ${plural(s.objects.created, 'object')} to create, ${s.objects.changed} to change, ${s.objects.deleted} to delete; ${validation}.`;
}

export function engineWords(p: Plan): string {
  const helm = p.apps.some((a) => a.engine === 'helm');
  return `built-in Kustomize engine with Flux post-build substitution${helm ? ', helm template for in-repository charts' : ''}`;
}
