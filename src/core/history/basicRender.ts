// A small stand-in renderer for history walks until the built-in Kustomize engine (src/core/render/)
// offers a public entry point: a plain folder (every manifest below it, subfolders with a
// kustomization built as such), or a kustomization with resources, components, strategic merge and
// JSON 6902 patches, images, namespace, name prefix/suffix, labels, annotations and replicas.
// Generators, replacements, vars, helmCharts and remote bases are not handled here.
import { applyPatch, Operation } from 'fast-json-patch';
import { posix } from 'node:path';
import { LineIndex, parseDocuments } from '../index/parse';
import { isClusterScopedKind, kubernetesPatchSchema } from '../render/merge/kubernetesPatchMeta';
import { isMap, Json, JsonMap, strategicMerge } from '../render/merge/strategicMerge';
import { CancellationToken, CancelledError, FileSystem, KubeObject, Manifest, NEVER_CANCELLED } from '../types';

/** Renders the app at `appPath` (repo-relative) from `fs` rooted at `root`; throws on broken input. */
export type RenderFunction = (fs: FileSystem, root: string, appPath: string, token: CancellationToken) => Promise<Manifest[]>;

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MANIFEST_EXT = /\.(ya?ml|json)$/i;

class Ctx {
  constructor(
    readonly fs: FileSystem,
    readonly root: string,
    readonly token: CancellationToken,
  ) {}
  abs(rel: string): string {
    return rel ? posix.join(this.root, rel) : this.root;
  }
  async type(rel: string): Promise<'file' | 'directory' | undefined> {
    try {
      const s = await this.fs.stat(this.abs(rel));
      return s.type === 'other' ? undefined : s.type;
    } catch {
      return undefined;
    }
  }
  async text(rel: string): Promise<string> {
    return new TextDecoder().decode(await this.fs.readFile(this.abs(rel)));
  }
  async kustomizationIn(dir: string): Promise<string | undefined> {
    for (const n of KUSTOMIZATION_FILES) if ((await this.type(posix.join(dir, n))) === 'file') return posix.join(dir, n);
    return undefined;
  }
  checkCancel(): void {
    if (this.token.isCancellationRequested) throw new CancelledError();
  }
}

async function loadManifests(ctx: Ctx, rel: string): Promise<Manifest[]> {
  const text = await ctx.text(rel);
  const parsed = parseDocuments(rel, text);
  const bad = parsed.errors.find((e) => e.severity === 'error' && e.code !== 'RC0002');
  if (bad) throw new Error(`${rel}:${bad.line + 1}: ${bad.message}`);
  const lines = new LineIndex(text);
  const out: Manifest[] = [];
  for (const d of parsed.documents) {
    if (!isMap(d.value)) continue;
    const origin = { file: rel, documentIndex: d.index, range: { file: rel, start: d.start, end: d.end, startPos: lines.positionAt(d.start), endPos: lines.positionAt(d.end) } };
    const items = typeof d.value.kind === 'string' && d.value.kind.endsWith('List') && Array.isArray(d.value.items) ? d.value.items : [d.value];
    for (const item of items) if (isMap(item) && typeof item.kind === 'string') out.push({ object: structuredClone(item) as KubeObject, origin });
  }
  return out;
}

async function folder(ctx: Ctx, dir: string): Promise<Manifest[]> {
  ctx.checkCancel();
  const out: Manifest[] = [];
  const entries = await ctx.fs.readDirectory(ctx.abs(dir));
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    const t = e.type === 'symlink' ? await ctx.type(rel) : e.type;
    if (t === 'directory' && !e.name.startsWith('.')) out.push(...(await renderPath(ctx, rel)));
    else if (t === 'file' && MANIFEST_EXT.test(e.name)) out.push(...(await loadManifests(ctx, rel)));
  }
  return out;
}

async function renderPath(ctx: Ctx, dir: string, seen: Set<string> = new Set()): Promise<Manifest[]> {
  const k = await ctx.kustomizationIn(dir);
  return k ? build(ctx, k, [], seen) : folder(ctx, dir);
}

function matchesTarget(o: KubeObject, t: JsonMap): boolean {
  const anchored = (pattern: unknown, value: string | undefined) => typeof pattern !== 'string' || new RegExp(`^(?:${pattern})$`).test(value ?? '');
  const [group, version] = (o.apiVersion ?? '').includes('/') ? (o.apiVersion ?? '').split('/') : ['', o.apiVersion ?? ''];
  if (!anchored(t.kind, o.kind) || !anchored(t.name, o.metadata?.name) || !anchored(t.group, group) || !anchored(t.version, version)) return false;
  if (typeof t.namespace === 'string' && !anchored(t.namespace, o.metadata?.namespace ?? '')) return false;
  if (typeof t.labelSelector === 'string') {
    for (const part of t.labelSelector.split(',')) {
      const [k, v] = part.split('=').map((s) => s.trim());
      if ((o.metadata?.labels ?? {})[k] !== v) return false;
    }
  }
  return true;
}

function applySmp(list: Manifest[], patch: JsonMap, target: JsonMap | undefined, file: string): void {
  const t: JsonMap = target ?? { kind: patch.kind ?? null, name: isMap(patch.metadata) ? (patch.metadata.name ?? null) : null };
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (!matchesTarget(m.object, t)) continue;
    const p = target ? { ...patch, metadata: { ...(isMap(patch.metadata) ? patch.metadata : {}), name: m.object.metadata?.name ?? null } } : patch;
    const merged = strategicMerge(m.object as JsonMap, p, kubernetesPatchSchema(m.object.apiVersion, m.object.kind), { mode: 'kyaml' });
    if (merged === undefined) list.splice(i--, 1);
    else list[i] = { object: merged as KubeObject, origin: { ...m.origin, touchedBy: [...(m.origin.touchedBy ?? []), file] } };
  }
}

function applyJson6902(list: Manifest[], ops: Operation[], target: JsonMap, file: string): void {
  for (const m of list) {
    if (!matchesTarget(m.object, target)) continue;
    m.object = applyPatch(structuredClone(m.object), ops, true, false).newDocument;
    m.origin = { ...m.origin, touchedBy: [...(m.origin.touchedBy ?? []), file] };
  }
}

async function patchContent(ctx: Ctx, dir: string, p: JsonMap): Promise<{ docs: Json[]; file: string }> {
  if (typeof p.path === 'string') {
    const rel = posix.join(dir, p.path);
    const parsed = parseDocuments(rel, await ctx.text(rel));
    return { docs: parsed.documents.map((d) => d.value as Json), file: rel };
  }
  const text = typeof p.patch === 'string' ? p.patch : '';
  return { docs: parseDocuments('<inline>', text).documents.map((d) => d.value as Json), file: posix.join(dir, 'kustomization.yaml') };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function setImages(list: Manifest[], images: JsonMap[]): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isMap(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        for (const c of value) {
          if (!isMap(c) || typeof c.image !== 'string') continue;
          const m = /^(.*?)(?::([^:/@]+))?(?:@(.+))?$/.exec(c.image);
          const name = m?.[1] ?? c.image;
          const img = images.find((i) => i.name === name);
          if (!img) continue;
          const newName = typeof img.newName === 'string' ? img.newName : name;
          const digest = typeof img.digest === 'string' ? img.digest : undefined;
          const tag = typeof img.newTag === 'string' || typeof img.newTag === 'number' ? String(img.newTag) : m?.[2];
          c.image = digest ? `${newName}@${digest}` : tag ? `${newName}:${tag}` : newName;
        }
      } else visit(value);
    }
  };
  for (const m of list) visit(m.object);
}

function addMap(o: KubeObject, path: string[], values: Record<string, unknown>): void {
  let node: Record<string, unknown> = o;
  for (const p of path) {
    if (!isMap(node[p])) node[p] = {};
    node = node[p] as Record<string, unknown>;
  }
  for (const [k, v] of Object.entries(values)) node[k] = String(v);
}

const TEMPLATED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

async function build(ctx: Ctx, kfile: string, input: Manifest[], seen: Set<string>): Promise<Manifest[]> {
  ctx.checkCancel();
  if (seen.has(kfile)) throw new Error(`${kfile}: kustomization cycle`);
  const inner = new Set(seen).add(kfile);
  const dir = posix.dirname(kfile) === '.' ? '' : posix.dirname(kfile);
  const k = parseDocuments(kfile, await ctx.text(kfile)).documents[0]?.value;
  if (!isMap(k)) throw new Error(`${kfile}: not a kustomization`);
  let list: Manifest[] = [...input];
  for (const r of [...strings(k.resources), ...strings(k.bases)]) {
    if (/^[a-z][a-z0-9+.-]*:\/\/|^(github|gitlab)\.com\/|^git@/.test(r)) continue; // remote: not in this repository
    const rel = posix.join(dir, r);
    const t = await ctx.type(rel);
    if (t === 'file') list.push(...(await loadManifests(ctx, rel)));
    else if (t === 'directory') {
      const sub = await ctx.kustomizationIn(rel);
      list.push(...(sub ? await build(ctx, sub, [], inner) : await folder(ctx, rel)));
    } else throw new Error(`${kfile}: resource '${r}' does not exist`);
  }
  for (const c of strings(k.components)) {
    const sub = await ctx.kustomizationIn(posix.join(dir, c));
    if (!sub) throw new Error(`${kfile}: component '${c}' has no kustomization`);
    list = await build(ctx, sub, list, inner);
  }
  for (const p of strings(k.patchesStrategicMerge)) {
    const { docs, file } = await patchContent(ctx, dir, { path: p });
    for (const d of docs) if (isMap(d)) applySmp(list, d, undefined, file);
  }
  const patches = [...(Array.isArray(k.patches) ? k.patches : []), ...(Array.isArray(k.patchesJson6902) ? k.patchesJson6902 : [])];
  for (const p of patches) {
    if (!isMap(p)) continue;
    const { docs, file } = await patchContent(ctx, dir, p);
    const target = isMap(p.target) ? p.target : undefined;
    for (const d of docs) {
      if (Array.isArray(d)) {
        if (!target) throw new Error(`${kfile}: a JSON 6902 patch needs a target`);
        applyJson6902(list, d as unknown as Operation[], target, file);
      } else if (isMap(d)) applySmp(list, d, target, file);
    }
  }
  if (Array.isArray(k.images)) setImages(list, k.images.filter(isMap));
  const prefix = typeof k.namePrefix === 'string' ? k.namePrefix : '';
  const suffix = typeof k.nameSuffix === 'string' ? k.nameSuffix : '';
  const labels: Record<string, unknown> = isMap(k.commonLabels) ? { ...k.commonLabels } : {};
  const plainLabels: Record<string, unknown> = {};
  for (const l of Array.isArray(k.labels) ? k.labels.filter(isMap) : []) if (isMap(l.pairs)) Object.assign(l.includeSelectors ? labels : plainLabels, l.pairs);
  const annotations = isMap(k.commonAnnotations) ? k.commonAnnotations : {};
  for (const m of list) {
    const o = m.object;
    o.metadata ??= {};
    if (typeof k.namespace === 'string' && !isClusterScopedKind(o.kind)) o.metadata.namespace = k.namespace;
    if ((prefix || suffix) && o.kind !== 'Namespace' && o.kind !== 'CustomResourceDefinition') o.metadata.name = `${prefix}${o.metadata.name ?? ''}${suffix}`;
    addMap(o, ['metadata', 'labels'], { ...labels, ...plainLabels });
    addMap(o, ['metadata', 'annotations'], annotations);
    if (TEMPLATED.has(o.kind ?? '')) {
      if (Object.keys(labels).length) {
        if (o.kind !== 'Job') addMap(o, ['spec', 'selector', 'matchLabels'], labels);
        addMap(o, ['spec', 'template', 'metadata', 'labels'], labels);
      }
      if (Object.keys(annotations).length) addMap(o, ['spec', 'template', 'metadata', 'annotations'], annotations);
    }
    if (o.metadata.labels && !Object.keys(o.metadata.labels).length) delete o.metadata.labels;
    if (o.metadata.annotations && !Object.keys(o.metadata.annotations).length) delete o.metadata.annotations;
  }
  for (const r of Array.isArray(k.replicas) ? k.replicas.filter(isMap) : []) {
    for (const m of list) if (m.object.metadata?.name === r.name && isMap(m.object.spec)) (m.object.spec as JsonMap).replicas = r.count ?? null;
  }
  return list;
}

/** Renders a kustomization directory or a plain folder of manifests. */
export const basicRender: RenderFunction = async (fs, root, appPath, token = NEVER_CANCELLED) => {
  const ctx = new Ctx(fs, root, token);
  const dir = appPath === '.' ? '' : appPath.replace(/\/+$/, '');
  if ((await ctx.type(dir)) !== 'directory') throw new Error(`'${appPath || '.'}' is not a directory at this commit`);
  return renderPath(ctx, dir);
};
