// configMapGenerator / secretGenerator: literals, env files, files; generatorOptions; behavior
// create/merge/replace against objects already accumulated. Generated objects have sorted keys, as
// kustomize builds them from Go maps.
import { posix } from 'node:path';
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { BuildResource, KustomizeError, kindOf, nameOf, namespaceOf } from './model';
import { Loader, newResource, refPath } from './loader';
import { nullContent } from './nullMaps';
import { Origin } from '../../types';

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  type?: string;
  options?: GeneratorOptions;
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

/** kyaml's encodeBase64: base64 broken into 70-column lines, each ending in a newline once there are several. */
export function encodeBase64(bytes: Uint8Array | string): string {
  const enc = Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64');
  const lineLen = 70;
  if (Math.floor(enc.length / lineLen) + 1 <= 1) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += lineLen) out += enc.slice(i, i + lineLen) + '\n';
  return out;
}

function stripQuotes(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

function parseLiteral(src: string): [string, string] {
  const i = src.indexOf('=');
  if (i < 1) throw new KustomizeError(`invalid literal source ${src}, expected key=value`);
  return [src.slice(0, i), stripQuotes(src.slice(i + 1))];
}

function parseEnv(text: string, file: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split('\n').forEach((raw, n) => {
    const line = raw.replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const i = line.indexOf('=');
    if (i === 0) throw new KustomizeError(`${file}:${n + 1}: invalid env line '${line}'`);
    const key = i < 0 ? line : line.slice(0, i);
    if (/\s/.test(key)) throw new KustomizeError(`${file}:${n + 1}: key '${key}' has whitespace`);
    out.push([key, i < 0 ? '' : line.slice(i + 1)]);
  });
  return out;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

function generatorField(kind: 'ConfigMap' | 'Secret'): string {
  return kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator';
}

async function collectData(loader: Loader, dir: string, args: GeneratorArgs, kind: 'ConfigMap' | 'Secret'): Promise<{ data: Array<[string, string]>; binary: Array<[string, string]> }> {
  const data: Array<[string, string]> = [];
  const binary: Array<[string, string]> = [];
  const envs = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  for (const env of envs) {
    const abs = refPath(dir, env);
    data.push(...parseEnv(await loader.readText(abs, { field: `${generatorField(kind)}.envs`, kustomizationDir: dir }), loader.rel(abs)));
  }
  for (const lit of args.literals ?? []) data.push(parseLiteral(lit));
  for (const f of args.files ?? []) {
    const i = f.indexOf('=');
    const key = i > 0 ? f.slice(0, i) : posix.basename(f);
    const path = i > 0 ? f.slice(i + 1) : f;
    const bytes = await loader.readBytes(refPath(dir, path), { field: `${generatorField(kind)}.files`, kustomizationDir: dir });
    if (isUtf8(bytes)) data.push([key, new TextDecoder().decode(bytes)]);
    else binary.push([key, encodeBase64(bytes)]);
  }
  const seen = new Set<string>();
  for (const [k] of [...data, ...binary]) {
    if (seen.has(k)) throw new KustomizeError(`configmap/secret '${args.name ?? ''}': key '${k}' is defined more than once`);
    seen.add(k);
  }
  return { data, binary };
}

export async function generate(loader: Loader, dir: string, kind: 'ConfigMap' | 'Secret', args: GeneratorArgs, global: GeneratorOptions | undefined, origin: Origin): Promise<BuildResource> {
  if (!args.name) throw new KustomizeError(`a ${kind} generator needs a name`, origin.file);
  const { data, binary } = await collectData(loader, dir, args, kind);
  const o: JsonMap = { apiVersion: 'v1', kind, metadata: { name: args.name } };
  if (args.namespace) (o.metadata as JsonMap).namespace = args.namespace;
  const opts: GeneratorOptions = {
    labels: { ...(global?.labels ?? {}), ...(args.options?.labels ?? {}) },
    annotations: { ...(global?.annotations ?? {}), ...(args.options?.annotations ?? {}) },
    disableNameSuffixHash: args.options?.disableNameSuffixHash ?? global?.disableNameSuffixHash,
    immutable: args.options?.immutable ?? global?.immutable,
  };
  if (kind === 'ConfigMap') {
    if (data.length) o.data = Object.fromEntries(data);
    if (binary.length) o.binaryData = Object.fromEntries(binary);
  } else {
    const all = [...data.map(([k, v]) => [k, encodeBase64(v)] as [string, string]), ...binary];
    // kustomize always writes a Secret's data, `{}` when the generator has none (a ConfigMap's is left out).
    o.data = Object.fromEntries(all);
    o.type = args.type ?? 'Opaque';
  }
  if (Object.keys(opts.labels ?? {}).length) (o.metadata as JsonMap).labels = opts.labels as JsonMap;
  if (Object.keys(opts.annotations ?? {}).length) (o.metadata as JsonMap).annotations = opts.annotations as JsonMap;
  if (opts.immutable) o.immutable = true;
  const r = newResource(sortKeys(o) as JsonMap, origin);
  r.generated = true;
  r.needsHash = !opts.disableNameSuffixHash;
  const b = args.behavior ?? 'create';
  if (b !== 'create' && b !== 'merge' && b !== 'replace') throw new KustomizeError(`unknown generator behavior '${b}'`, origin.file);
  r.behavior = b;
  return r;
}

/** Adds a generated object to the accumulated list, honouring its behavior. */
export function addGenerated(list: BuildResource[], g: BuildResource): void {
  // kustomize matches any id the object has had, comparing effective namespaces ('' is "default").
  const eff = (ns: string) => ns || 'default';
  const matches = (r: BuildResource) => kindOf(r.object) === kindOf(g.object) && (nameOf(r.object) === nameOf(g.object) || r.nameHistory.includes(nameOf(g.object))) &&
    [namespaceOf(r.object), ...r.namespaceHistory].some((ns) => eff(ns) === eff(namespaceOf(g.object)));
  const idx = list.findIndex(matches);
  if (g.behavior !== 'create' && g.behavior !== undefined && list.filter(matches).length > 1) {
    throw new KustomizeError(`generated ${kindOf(g.object)} '${nameOf(g.object)}' (behavior ${g.behavior}) matches ${list.filter(matches).length} objects; it must match one`);
  }
  if (g.behavior === 'create' || g.behavior === undefined) {
    if (idx >= 0) throw new KustomizeError(`cannot add generated ${kindOf(g.object)} '${nameOf(g.object)}': an object with the same id already exists (use behavior: merge or replace)`);
    list.push(g);
    return;
  }
  if (idx < 0) throw new KustomizeError(`id ${kindOf(g.object)} '${nameOf(g.object)}' does not exist; cannot merge or replace`);
  const cur = list[idx];
  // kustomize's appendReplaceOrMerge: the generated object takes the existing one's place; it keeps the
  // existing name and namespace, merges labels and annotations over the existing ones (CopyMergeMetaDataFieldsFrom)
  // and, for merge, data and binaryData; every other field (type, immutable) is the generated one's.
  const md = g.object.metadata as JsonMap;
  const old = cur.object.metadata as JsonMap;
  md.name = nameOf(cur.object);
  if (namespaceOf(cur.object)) md.namespace = namespaceOf(cur.object);
  else delete md.namespace;
  for (const f of ['labels', 'annotations']) {
    // A null map's entries a replacement created below it (nullMaps) are read too (GetLabels/GetAnnotations).
    const existing = isMap(old[f]) ? old[f] : old[f] === null ? nullContent(old, f) : {};
    const merged = { ...existing, ...(isMap(md[f]) ? md[f] : {}) };
    if (Object.keys(merged).length) md[f] = merged;
    else delete md[f];
  }
  if (g.behavior === 'merge') {
    for (const field of ['data', 'binaryData']) {
      const a = cur.object[field];
      const b = g.object[field];
      const merged = { ...(isMap(a) ? a : {}), ...(isMap(b) ? b : {}) };
      // kyaml's SetDataMap clears the field and writes nothing back for an empty map.
      if (Object.keys(merged).length) g.object[field] = merged;
      else delete g.object[field];
    }
  }
  // Origin annotations: merge keeps the existing object's origin (a resource file stays `path:`), unless a
  // JSON patch dropped it; replace takes the generator's, which wins over the existing one's.
  if (g.behavior === 'replace' || cur.annotationsWiped) {
    cur.origin = { ...g.origin, touchedBy: [...(cur.origin.touchedBy ?? []), cur.origin.file] };
    cur.configuredBy = g.configuredBy;
    cur.generated = true;
    cur.annotationsWiped = false;
    cur.originTransformer = undefined;
  }
  cur.object = sortKeys(g.object) as JsonMap;
  // The content hash is added only when both the existing object and the generator ask for it.
  cur.needsHash = Boolean(cur.needsHash && g.needsHash);
  cur.origin = { ...cur.origin, touchedBy: [...(cur.origin.touchedBy ?? []), g.origin.file] };
}
