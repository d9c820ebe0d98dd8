// The plan: for a base commit and a head (a commit, or the working tree with unsaved buffers), the apps
// whose render reads a changed file (or that appear or disappear) are rendered at both sides and compared
// object by object; the head rendering is validated; optionally the head is compared with a live cluster.
// Only affected apps render; renders come from the cache when nothing they read changed. Errors are values.
import { posix } from 'node:path';
import type { ReadOnlyClusterClient } from '../cluster/client';
import { GitObjectStore } from '../history/gitObjectStore';
import { AppEntry, IndexSettings } from '../index/model';
import { parseDocuments } from '../index/parse';
import { ObjectRules, validateRendered } from '../render/validateRendered';
import { IgnoreRule } from '../diff/types';
import { CancellationToken, CancelledError, Manifest, NEVER_CANCELLED, ProgressReporter } from '../types';
import { toJsonDiagnostic } from '../validate/report';
import { SeverityOverrides } from '../validate/ruleCatalog';
import { AtlantisPlanOptions, atlantisSection } from './atlantisSection';
import { appDestination, appDocument, appInputs, appKey, AppInputs, isInput } from './appInputs';
import { changedFilesBetween } from './changedFiles';
import { AppComparison, compareRenders, DEFAULT_CHURN_RULES } from './compareRenders';
import { HelmRunSettings } from './helmReleaseRender';
import { LiveInput, liveImpact } from './liveImpact';
import { PlanCache } from './planCache';
import { commitSide, HeadSpec, PlanSide, workingTreeSide } from './planSides';
import { engineOf, RenderOutcome, renderOnSide, SideRender } from './renderOnSide';
import { AppPlan, Plan, PlanDiagnostic, PlanSummary, UnrenderedFile } from './types';

export interface PlanRequest {
  /** Absolute top level of the git working tree (POSIX separators). */
  repoRoot: string;
  /** Base revision (default HEAD). */
  base?: string;
  /** Default: the working tree as it is on disk. */
  head?: HeadSpec;
  /** Only apps defined in, rendering, or reading something under these repo-relative paths. */
  paths?: string[];
  /** Globs over label/annotation keys whose changes are churn (default DEFAULT_CHURN_RULES). */
  churn?: string[];
  /** The validator; without it the head rendering is not validated (diagnostics stay empty). */
  rules?: ObjectRules;
  severityOverrides?: SeverityOverrides;
  /** Compare the head rendering with a cluster (read-only; server-side dry-run). */
  live?: { client: ReadOnlyClusterClient; dryRun?: 'auto' | 'off' };
  helm?: HelmRunSettings;
  indexSettings?: Partial<IndexSettings>;
  /** Kept by long-lived callers so a re-plan renders only what changed. */
  cache?: PlanCache;
  /** Shared object store (one `git cat-file` process); created and closed here when absent. */
  store?: GitObjectStore;
  /** The "Atlantis will plan" section's options; `false` leaves the section out. */
  atlantis?: AtlantisPlanOptions | false;
  /** The changed files when the caller knows them (skips `git diff`). */
  changedFiles?: string[];
  toolVersion?: string;
  token?: CancellationToken;
  progress?: ProgressReporter;
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; message: string; cancelled?: boolean };

const EMPTY: RenderOutcome = { ok: true, manifests: [] };

interface Candidate {
  key: string;
  base?: AppEntry;
  head?: AppEntry;
  selectedBy: string[];
}

function inside(p: string, dir: string): boolean {
  return dir === '' || dir === '.' || p === dir || p.startsWith(dir + '/');
}

function mergeInputs(a: AppInputs | undefined, b: AppInputs | undefined): AppInputs {
  return { dirs: new Set([...(a?.dirs ?? []), ...(b?.dirs ?? [])]), files: new Set([...(a?.files ?? []), ...(b?.files ?? [])]) };
}

function ignoreRulesOf(side: PlanSide, app: AppEntry | undefined): IgnoreRule[] {
  if (!app || app.kind !== 'ArgoApplication') return [];
  const spec = appDocument(side.index, app)?.spec as Record<string, unknown> | undefined;
  const list = Array.isArray(spec?.ignoreDifferences) ? (spec.ignoreDifferences as unknown[]) : [];
  return list.filter((x): x is IgnoreRule => typeof x === 'object' && x !== null && typeof (x as IgnoreRule).kind === 'string');
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** Objects of a file that no app renders, from its documents as written. */
async function fileManifests(side: PlanSide | undefined, root: string, file: string): Promise<Manifest[]> {
  if (!side) return [];
  let text: string;
  try {
    text = new TextDecoder().decode(await side.fs.readFile(posix.join(root, file)));
  } catch {
    return [];
  }
  return parseDocuments(file, text)
    .documents.filter((d) => {
      const v = d.value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } } | undefined;
      return !!v && typeof v.apiVersion === 'string' && typeof v.kind === 'string' && typeof v.metadata?.name === 'string';
    })
    .map((d) => ({ object: d.value as Manifest['object'], origin: { file, documentIndex: d.index, range: { file, start: d.start, end: d.end, startPos: { line: d.startLine, character: 0 }, endPos: { line: d.endLine, character: 0 } } } }));
}

export async function plan(req: PlanRequest): Promise<PlanResult> {
  const ownStore = !req.store;
  const store = req.store ?? new GitObjectStore(req.repoRoot);
  try {
    return { ok: true, plan: await runPlan(req, store) };
  } catch (e) {
    if (e instanceof CancelledError) return { ok: false, message: 'Cancelled', cancelled: true };
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    if (ownStore) store.dispose();
  }
}

class PlanFailure extends Error {}

async function runPlan(req: PlanRequest, store: GitObjectStore): Promise<Plan> {
  const started = performance.now();
  const token = req.token ?? NEVER_CANCELLED;
  const progress = req.progress ?? (() => undefined);
  const cache = req.cache ?? new PlanCache();
  const root = req.repoRoot.replace(/\\/g, '/').replace(/\/+$/, '');
  const helm = req.helm ?? { trusted: false };
  const churn = req.churn ?? DEFAULT_CHURN_RULES;
  const head = req.head ?? { kind: 'working-tree' };
  // The editor hands its own index for the head: the base is indexed with its settings (repoURLs above all,
  // or its Argo CD Applications would exist on the head side only and plan as added).
  const settings = req.indexSettings ?? (head.kind === 'working-tree' && head.index ? head.index.currentSettings() : {});
  const check = () => {
    if (token.isCancellationRequested) throw new CancelledError();
  };

  progress(0, 4, 'Reading the base');
  const baseRef = req.base ?? 'HEAD';
  const base = await commitSide(store, root, baseRef, cache, settings, token);
  if (typeof base === 'string') throw new PlanFailure(`base: ${base}`);
  progress(1, 4, 'Reading the head');
  const headSide = head.kind === 'commit' ? await commitSide(store, root, head.ref, cache, settings, token) : await workingTreeSide(root, head, settings, token, store);
  if (typeof headSide === 'string') throw new PlanFailure(`head: ${headSide}`);
  check();

  let changed = req.changedFiles;
  if (!changed) {
    const diff = await changedFilesBetween(root, base.commit as string, headSide.commit, token);
    if (!diff.ok) throw diff.message === 'Cancelled' ? new CancelledError() : new PlanFailure(diff.message);
    changed = diff.files;
  }
  if (head.kind === 'working-tree') changed = [...new Set([...changed, ...(head.dirty ?? [])])].sort();
  const changedSet = new Set(changed);

  // Every app on either side; an app is affected when a changed file is one of its inputs at either side.
  const candidates = new Map<string, Candidate>();
  for (const [side, which] of [[base, 'base'], [headSide, 'head']] as const) {
    for (const app of side.index.apps()) {
      const key = appKey(app);
      const c = candidates.get(key) ?? { key, selectedBy: [] };
      c[which] = app;
      candidates.set(key, c);
    }
  }
  const inputsOf = new Map<string, AppInputs>();
  /** Changed files some app reads; once rendered, only those whose app rendered at the head. */
  let covered = new Set<string>();
  const affected: Candidate[] = [];
  for (const c of candidates.values()) {
    const inputs = mergeInputs(c.base && appInputs(base.index, c.base), c.head && appInputs(headSide.index, c.head));
    inputsOf.set(c.key, inputs);
    c.selectedBy = changed.filter((f) => isInput(inputs, f));
    c.selectedBy.forEach((f) => covered.add(f));
    if (req.paths?.length) {
      const app = (c.head ?? c.base) as AppEntry;
      const related = req.paths.some((p) => inside(app.file, p) || (app.path !== undefined && inside(app.path, p)) || isInput(inputs, p));
      if (!related) continue;
    }
    if (c.selectedBy.length || !c.base || !c.head) affected.push(c);
  }
  affected.sort((x, y) => ((x.head ?? x.base)!.file + x.key < (y.head ?? y.base)!.file + y.key ? -1 : 1));

  progress(2, 4, `Rendering ${affected.length} app${affected.length === 1 ? '' : 's'}`);
  let rendersRun = 0;
  let rendersCached = 0;
  const renderAt = async (side: PlanSide, app: AppEntry, signature: string): Promise<SideRender> => {
    if (side.commit) {
      const hit = cache.commitRender(side.commit, signature);
      if (hit) {
        rendersCached++;
        return hit;
      }
    } else if (req.cache) {
      const hit = await cache.treeRender(signature, side.fs, root);
      if (hit) {
        rendersCached++;
        return hit;
      }
    }
    rendersRun++;
    const r = await renderOnSide(side.fs, root, side.index, app, helm, token);
    if (side.commit) cache.setCommitRender(side.commit, signature, r);
    else if (req.cache) await cache.setTreeRender(signature, r, side.fs, root);
    return r;
  };

  const apps: AppPlan[] = [];
  const headRenders: LiveInput[] = [];
  await pool(affected, 4, async (c) => {
    check();
    const app = (c.head ?? c.base) as AppEntry;
    const inputs = inputsOf.get(c.key) as AppInputs;
    const signature = `${c.key}|${app.path ?? '-'}|${[...inputs.files].sort().join(',')}`;
    const before = c.base ? (await renderAt(base, c.base, signature)).outcome : EMPTY;
    const after = c.head ? (await renderAt(headSide, c.head, signature)).outcome : EMPTY;
    const entry: AppPlan = {
      kind: app.kind,
      name: app.name,
      ...(app.namespace ? { namespace: app.namespace } : {}),
      file: app.file,
      documentIndex: app.documentIndex,
      path: app.path ?? '',
      engine: engineOf(app),
      status: !c.base ? 'added' : !c.head ? 'removed' : 'unchanged',
      objects: [],
      diagnostics: [],
      selectedBy: c.selectedBy.length ? c.selectedBy : c.head ? [app.file] : [],
      hidden: { churnObjects: 0, churnFields: 0, ignoredFields: 0 },
    };
    const destination = appDestination(c.head ? headSide.index : base.index, app);
    if (destination) entry.destination = destination;
    if (!after.ok) {
      entry.status = 'error';
      entry.error = after.error;
    } else {
      if (!before.ok) entry.baseError = before.error;
      const ignore = ignoreRulesOf(headSide, c.head);
      const options = JSON.stringify([churn, ignore]);
      const cmp: AppComparison = cache.comparison(before, after, options, () => compareRenders(before.ok ? before.manifests : [], after.manifests, { churn, ignore }));
      entry.objects = cmp.objects;
      entry.hidden = cmp.hidden;
      if (entry.status === 'unchanged' && cmp.objects.length) entry.status = 'changed';
      if (req.rules && c.head) entry.diagnostics = await cache.validation(after, () => validateHead(req, headSide, root, after.manifests));
      if (c.head) headRenders.push({ plan: entry, app: c.head, manifests: after.manifests });
    }
    apps.push(entry);
  });
  apps.sort((x, y) => (x.file === y.file ? x.documentIndex - y.documentIndex : x.file < y.file ? -1 : 1));
  check();
  // A file read only by apps that failed to render at the head is still shown, as written: the reviewer
  // learns what it changes even when the app around it is broken.
  const failed = new Set(apps.filter((a) => a.status === 'error').flatMap((a) => a.selectedBy));
  const rendered = new Set(apps.filter((a) => a.status !== 'error').flatMap((a) => a.selectedBy));
  covered = new Set([...covered].filter((f) => rendered.has(f) || !failed.has(f)));

  progress(3, 4, 'Comparing files no app renders');
  const unrendered: UnrenderedFile[] = [];
  for (const f of changed) {
    if (covered.has(f) || !/\.ya?ml$/i.test(f)) continue;
    if (req.paths?.length && !req.paths.some((p) => inside(f, p))) continue;
    const cmp = compareRenders(await fileManifests(base, root, f), await fileManifests(headSide, root, f), { churn });
    if (cmp.objects.length) unrendered.push({ file: f, objects: cmp.objects });
  }

  const result: Plan = {
    version: 1,
    base: base.info,
    head: headSide.info,
    changedFiles: changed,
    apps,
    unrendered,
    summary: summarize(apps, unrendered, !!req.rules),
    churnRules: churn,
    stats: { appsTotal: candidates.size, appsAffected: affected.length, rendersRun, rendersCached, ms: 0 },
    toolVersion: req.toolVersion ?? '',
  };
  if (req.atlantis !== false) {
    const section = await atlantisSection(headSide, root, changed, { ...req.atlantis, settings, token, cache: req.cache, baseCommit: base.commit });
    if (section) result.atlantis = section;
  }
  if (req.live) {
    progress(3, 4, 'Comparing with the cluster');
    result.live = await liveImpact(req.live.client, headRenders, { dryRun: req.live.dryRun, token });
  }
  progress(4, 4, 'Done');
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

async function validateHead(req: PlanRequest, side: PlanSide, root: string, manifests: Manifest[]): Promise<PlanDiagnostic[]> {
  const findings = await validateRendered(req.rules as ObjectRules, manifests, {
    readText: async (f) => new TextDecoder().decode(await side.fs.readFile(posix.isAbsolute(f) ? f : posix.join(root, f))),
    severityOverrides: req.severityOverrides,
  });
  return findings.map((f) => ({ ...toJsonDiagnostic({ code: f.code, severity: f.severity, message: f.message, range: f.range }), object: f.object }));
}

export function summarize(apps: AppPlan[], unrendered: UnrenderedFile[], validated: boolean): PlanSummary {
  const s: PlanSummary = {
    apps: { affected: apps.length, changed: 0, unchanged: 0, added: 0, removed: 0, error: 0 },
    objects: { created: 0, changed: 0, deleted: 0 },
    validation: { validated, errors: 0, warnings: 0 },
  };
  for (const a of apps) {
    s.apps[a.status]++;
    for (const d of a.diagnostics) {
      if (d.severity === 'error') s.validation.errors++;
      else if (d.severity === 'warning') s.validation.warnings++;
    }
  }
  for (const o of [...apps.flatMap((a) => a.objects), ...unrendered.flatMap((u) => u.objects)]) s.objects[o.change]++;
  return s;
}
