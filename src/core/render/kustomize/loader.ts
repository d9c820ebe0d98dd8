// Reading kustomizations and resource files through the core FileSystem; YAML values come from the
// index's fast parser (documents split at markers, js-yaml values), so a rendered object's origin is
// the same document the index knows.
import { posix } from 'node:path';
import { FileSystem, Origin } from '../../types';
import { LineIndex, parseDocuments } from '../../index/parse';
import { JsonMap, isMap, Json } from '../merge/strategicMerge';
import { BuildResource, KustomizeError } from './model';
import { loadGoYaml, needsGoYamlReading } from './yamlInput';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface LoadedDocument {
  value: Json;
  origin: Origin;
}

export class Loader {
  private readonly texts = new Map<string, string>();
  constructor(readonly fs: FileSystem, readonly root: string) {}

  rel(abs: string): string {
    const r = posix.relative(this.root, abs);
    return r === '' ? '.' : r;
  }

  async exists(abs: string): Promise<'file' | 'directory' | undefined> {
    try {
      const s = await this.fs.stat(abs);
      return s.type === 'file' ? 'file' : s.type === 'directory' ? 'directory' : undefined;
    } catch {
      return undefined;
    }
  }

  async readText(abs: string): Promise<string> {
    const cached = this.texts.get(abs);
    if (cached !== undefined) return cached;
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(abs);
    } catch {
      throw new KustomizeError(`cannot read '${this.rel(abs)}': no such file`, this.rel(abs));
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    this.texts.set(abs, text);
    return text;
  }

  async readBytes(abs: string): Promise<Uint8Array> {
    try {
      return await this.fs.readFile(abs);
    } catch {
      throw new KustomizeError(`cannot read '${this.rel(abs)}': no such file`, this.rel(abs));
    }
  }

  /** The kustomization file of a directory, if any. */
  async kustomizationFile(dir: string): Promise<string | undefined> {
    for (const name of KUSTOMIZATION_FILES) {
      const p = posix.join(dir, name);
      if ((await this.exists(p)) === 'file') return p;
    }
    return undefined;
  }

  /** Every YAML document of a file, with its origin. Empty documents are skipped. */
  async documents(abs: string): Promise<LoadedDocument[]> {
    const text = await this.readText(abs);
    const file = this.rel(abs);
    const parsed = parseDocuments(file, text);
    if (parsed.errors.some((e) => e.severity === 'error' && e.code !== 'RC0002')) {
      const e = parsed.errors.find((x) => x.severity === 'error' && x.code !== 'RC0002');
      throw new KustomizeError(`${file}:${(e?.line ?? 0) + 1}: ${e?.message ?? 'invalid YAML'}`, file);
    }
    const lines = new LineIndex(text);
    return parsed.documents.map((d) => ({
      value: needsGoYamlReading(text.slice(d.start, d.end)) ? (loadGoYaml(text.slice(d.start, d.end)) as Json) : (d.value as Json),
      origin: {
        file,
        documentIndex: d.index,
        range: { file, start: d.start, end: d.end, startPos: lines.positionAt(d.start), endPos: lines.positionAt(d.end) },
      },
    }));
  }

  /** Kubernetes objects of a resource file; `kind: List` documents are expanded. */
  async resources(abs: string): Promise<BuildResource[]> {
    const out: BuildResource[] = [];
    for (const d of await this.documents(abs)) {
      if (!isMap(d.value)) throw new KustomizeError(`${d.origin.file}: document ${d.origin.documentIndex + 1} is not a YAML mapping`, d.origin.file);
      const items = isList(d.value) ? (d.value.items as Json[]) : [d.value];
      for (const item of items) {
        if (!isMap(item)) continue;
        const md = item.metadata;
        if (typeof item.kind !== 'string' || !item.kind) throw new KustomizeError(`${d.origin.file}: document ${d.origin.documentIndex + 1} has no kind; it is not a Kubernetes object (missing Resource metadata)`, d.origin.file);
        if (!isMap(md) || (typeof md.name !== 'string' && typeof md.generateName !== 'string')) throw new KustomizeError(`${d.origin.file}: ${item.kind} in document ${d.origin.documentIndex + 1} has no metadata.name (missing Resource metadata)`, d.origin.file);
        out.push(newResource(item, { ...d.origin }));
      }
    }
    return out;
  }
}

function isList(v: JsonMap): boolean {
  return typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items) && !isMap(v.metadata && (v.metadata as JsonMap).name);
}

export function newResource(object: JsonMap, origin: Origin): BuildResource {
  const md = isMap(object.metadata) ? object.metadata : {};
  // Label and annotation values are strings in the API; kustomize reads `happy: true` as "true".
  for (const f of ['labels', 'annotations']) {
    const m = md[f];
    if (isMap(m)) for (const k of Object.keys(m)) if (m[k] !== null && typeof m[k] !== 'string') m[k] = typeof m[k] === 'object' ? JSON.stringify(m[k]) : String(m[k]);
  }
  const name = typeof md.name === 'string' ? md.name : '';
  const ns = typeof md.namespace === 'string' ? md.namespace : '';
  return { object, origin, nameHistory: [name], namespaceHistory: [ns] };
}

export function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) || /^git@/.test(ref) || /\?ref=|\.git(?:\/|$|\?)/.test(ref) && !ref.startsWith('.');
}
