// One object of a plan, both sides, for the diff editor and "reveal the source of a field": the object's
// app is rendered again at the base and at the head (the plan keeps no renders, only their comparison),
// the object is normalized as the plan compares it and its Secret values are replaced the way the plan
// replaces them (keyed hashes when both sides have it, keys only otherwise). No `vscode` import (unit-tested).
import { posix } from 'node:path';
import { objectKey } from '../../core/diff/drift';
import { normalizeObject } from '../../core/diff/normalize';
import { GitObjectStore } from '../../core/history/gitObjectStore';
import { AppEntry, IndexSettings } from '../../core/index/model';
import { parseDocuments, rangeOfPath } from '../../core/index/parse';
import { appKey } from '../../core/plan/appInputs';
import { HelmRunSettings } from '../../core/plan/helmReleaseRender';
import { PlanCache } from '../../core/plan/planCache';
import { commitSide, HeadSpec, PlanSide, workingTreeSide } from '../../core/plan/planSides';
import { renderOnSide } from '../../core/plan/renderOnSide';
import { maskSecretValues } from '../../core/plan/secretValues';
import { AppPlan, PlanObject } from '../../core/plan/types';
import { hasPath, locateInSources } from '../../core/render/validateRendered';
import { stringifyObject } from '../../core/render/kustomize/yamlOutput';
import { Json } from '../../core/render/merge/strategicMerge';
import { CancellationToken, KubeObject, Manifest, NEVER_CANCELLED, SourceRange } from '../../core/types';
import { resolvePath } from '../drift/adoptPlan';
import { parseFieldPath } from './fieldPath';

export type ObjectRef = Pick<PlanObject, 'apiVersion' | 'kind' | 'namespace' | 'name'>;
export type AppRef = Pick<AppPlan, 'kind' | 'name' | 'namespace' | 'file' | 'path'>;

export interface ObjectSidesRequest {
  repoRoot: string;
  base: string;
  head: HeadSpec;
  app: AppRef;
  object: ObjectRef;
  cache?: PlanCache;
  store: GitObjectStore;
  helm?: HelmRunSettings;
  indexSettings?: Partial<IndexSettings>;
  token?: CancellationToken;
}

export interface ObjectSides {
  /** Masked, normalized YAML; '' when the side has no such object. */
  before: string;
  after: string;
  /** The head's rendered object with its origin (where its fields come from), when the head has it. */
  head?: Manifest;
  /** Why a side could not be rendered. */
  problems: string[];
}

const keyOf = (a: AppRef): string => appKey({ kind: a.kind, file: a.file, name: a.name, namespace: a.namespace, path: a.path });

function idKey(o: ObjectRef): string {
  return objectKey({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) } });
}

async function renderedObject(side: PlanSide, root: string, req: ObjectSidesRequest, which: string): Promise<{ manifest?: Manifest; problem?: string }> {
  const app = side.index.apps().find((a: AppEntry) => keyOf({ ...a, path: a.path ?? '' }) === keyOf(req.app));
  if (!app) return {};
  const r = await renderOnSide(side.fs, root, side.index, app, req.helm ?? { trusted: false }, req.token ?? NEVER_CANCELLED);
  if (!r.outcome.ok) return { problem: `${which}: ${r.outcome.error}` };
  const want = idKey(req.object);
  return { manifest: r.outcome.manifests.find((m) => m.object.kind && m.object.metadata?.name && objectKey(m.object) === want) };
}

function maskedYaml(raw: KubeObject | undefined, mode: 'hashes' | 'keys-only'): string {
  if (!raw) return '';
  const o = normalizeObject(raw);
  maskSecretValues(o, objectKey(raw), mode);
  return stringifyObject(o as Json);
}

export async function objectSides(req: ObjectSidesRequest): Promise<ObjectSides | string> {
  const root = req.repoRoot.replace(/\\/g, '/').replace(/\/+$/, '');
  const cache = req.cache ?? new PlanCache();
  const token = req.token ?? NEVER_CANCELLED;
  const base = await commitSide(req.store, root, req.base, cache, req.indexSettings ?? {}, token);
  if (typeof base === 'string') return base;
  const head = req.head.kind === 'commit' ? await commitSide(req.store, root, req.head.ref, cache, req.indexSettings ?? {}, token) : await workingTreeSide(root, req.head, req.indexSettings ?? {}, token);
  if (typeof head === 'string') return head;
  const [b, a] = await Promise.all([renderedObject(base, root, req, 'base'), renderedObject(head, root, req, 'head')]);
  const mode = b.manifest && a.manifest ? 'hashes' : 'keys-only';
  return {
    before: maskedYaml(b.manifest?.object, mode),
    after: maskedYaml(a.manifest?.object, mode),
    ...(a.manifest ? { head: a.manifest } : {}),
    problems: [b.problem, a.problem].filter((p): p is string => !!p),
  };
}

/**
 * Where a changed field is written: in the object's own document, else in the patches that touched it
 * (last first), else its nearest enclosing field in the object's document. `readText`: repo-relative file
 * → its text (the editor's buffer when there is one).
 */
export async function fieldSource(head: Manifest, fieldPath: string, readText: (file: string) => Promise<string>): Promise<SourceRange | undefined> {
  const segments = parseFieldPath(fieldPath);
  if (!segments) return undefined;
  const resolved = resolvePath(segments, head.object);
  // A keyed item the head lacks (a removed container): its list is the nearest place to show.
  const path = resolved.ok ? resolved.value : segments.slice(0, segments.findIndex((s) => typeof s === 'object'));
  const load = async (file: string) => {
    try {
      const text = await readText(file);
      return { text, values: new Map(parseDocuments(file, text).documents.map((d) => [d.index, d.value] as [number, unknown])) };
    } catch {
      return undefined;
    }
  };
  const yamlPath = path as Array<string | number>;
  // The last patch that sets the field decides its value, even when the object's own document has it too.
  for (const file of [...(head.origin.touchedBy ?? [])].reverse()) {
    if (file === head.origin.file) continue;
    const parsed = await load(file);
    for (const [documentIndex, value] of parsed?.values ?? []) {
      const doc = value as { kind?: unknown; metadata?: { name?: unknown } } | undefined;
      if (!doc || doc.kind !== head.object.kind || !hasPath(doc, yamlPath)) continue;
      // Prefixes and suffixes (namePrefix/nameSuffix) apply after the patch names its target.
      if (typeof doc.metadata?.name === 'string' && !(head.object.metadata?.name ?? '').includes(doc.metadata.name)) continue;
      const range = rangeOfPath(file, parsed!.text, documentIndex, yamlPath, 'value');
      if (range) return range;
    }
  }
  const where = await locateInSources(head, yamlPath, 'value', load);
  return where?.range ?? head.origin.range;
}

/** Repo-relative `file` read from the head side's file system. */
export function headReader(fs: { readFile(p: string): Promise<Uint8Array> }, root: string): (file: string) => Promise<string> {
  return async (file) => new TextDecoder().decode(await fs.readFile(posix.join(root, file)));
}
