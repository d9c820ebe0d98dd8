// Reading kustomizations and resource files through the core FileSystem; YAML values come from the
// index's fast parser (documents split at markers, js-yaml values), so a rendered object's origin is
// the same document the index knows. Every read passes one gate (`admit`), which applies kustomize's
// load restrictor to real paths and keeps everything inside the repository.
import { posix } from 'node:path';
import { FileSystem, Origin } from '../../types';
import { RealPaths, isInOrBelow } from '../../confinement';
import { LineIndex, parseDocuments } from '../../index/parse';
import { JsonMap, isMap, Json } from '../merge/strategicMerge';
import { BuildResource, KustomizeError } from './model';
import { loadGoYaml, needsGoYamlReading } from './yamlInput';
import { markRead } from './emptyNulls';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * A path a kustomization writes, as kustomize takes it: relative to the kustomization's directory, or absolute as
 * written (`posix.join` would quietly glue an absolute path under the directory). Either way `Loader.admit` decides.
 */
export function refPath(dir: string, ref: string): string {
  return posix.isAbsolute(ref) ? posix.normalize(ref) : posix.join(dir, ref);
}

export interface LoadedDocument {
  value: Json;
  origin: Origin;
  /** The document's text. */
  text: string;
}

/** Why a path is read: kustomize's load restrictor depends on the field and on the kustomization naming the path. */
export interface ReadAccess {
  /** The kustomization field naming the path, for messages: 'resources', 'patches', 'secretGenerator.files'... */
  field: string;
  /**
   * Directory of the kustomization naming the path: the path must resolve in or below it (kustomize's default
   * `LoadRestrictionsRootOnly`). Left out for resource and component directories, which kustomize lets live
   * anywhere; the repository root still fences them.
   */
  kustomizationDir?: string;
}

/** Reads that name no field (the build directory, autodetected manifests) are only fenced by the repository. */
const ANY_PATH: ReadAccess = { field: 'path' };

export class Loader {
  private readonly texts = new Map<string, string>();
  private readonly real: RealPaths;

  /**
   * @param root directory origins and messages are relative to.
   * @param fence the repository root: nothing that resolves outside it is read. Without one, only kustomize's own
   *   rule (files in or below the kustomization root) applies, as in `kustomize build`.
   */
  constructor(readonly fs: FileSystem, readonly root: string, readonly fence?: string) {
    this.real = new RealPaths(fs);
  }

  rel(abs: string): string {
    const r = posix.relative(this.root, abs);
    return r === '' ? '.' : r;
  }

  /**
   * The gate every read passes. Resolves `abs` (every symlink followed) and refuses it when it lands outside the
   * repository, or outside the root of the kustomization naming it. False when the path does not exist or cannot
   * be resolved: then nothing is read. The message names the target path, never its content.
   */
  private async admit(abs: string, access: ReadAccess): Promise<boolean> {
    const real = await this.real.of(abs);
    if (real === undefined) return false;
    if (this.fence !== undefined) {
      const fence = await this.real.root(this.fence);
      if (!isInOrBelow(fence, real)) throw await this.refused(abs, real, access, `the repository root '${fence}': Reconcile reads nothing outside the repository`);
    }
    const dir = access.kustomizationDir;
    if (dir !== undefined && !isInOrBelow(await this.real.root(dir), real)) {
      throw await this.refused(abs, real, access, `'${this.rel(dir)}', the root of the kustomization naming it (kustomize's load restrictor, LoadRestrictionsRootOnly)`);
    }
    return true;
  }

  /** Kustomize's wording ("security; file ... is not in or below ..."), plus the field and where a symlink leads. */
  private async refused(abs: string, real: string, access: ReadAccess, limit: string): Promise<KustomizeError> {
    const written = this.rel(abs);
    const fence = this.fence === undefined ? undefined : await this.real.root(this.fence);
    const shown = fence !== undefined && isInOrBelow(fence, real) ? posix.relative(fence, real) || '.' : real;
    const resolves = shown === written ? '' : ` resolves to '${shown}', which`;
    const what = access.kustomizationDir === undefined ? 'path' : 'file';
    const where = access.kustomizationDir === undefined ? written : this.rel(access.kustomizationDir);
    return new KustomizeError(`security; ${what} '${written}' (${access.field})${resolves} is not in or below ${limit}`, where);
  }

  async exists(abs: string, access: ReadAccess = ANY_PATH): Promise<'file' | 'directory' | undefined> {
    if (!(await this.admit(abs, access))) return undefined;
    try {
      const s = await this.fs.stat(abs);
      return s.type === 'file' ? 'file' : s.type === 'directory' ? 'directory' : undefined;
    } catch {
      return undefined;
    }
  }

  async readText(abs: string, access: ReadAccess = ANY_PATH): Promise<string> {
    // Admitted before the cache: the same file may be fine for one kustomization and refused for another.
    if (!(await this.admit(abs, access))) throw this.missing(abs);
    const cached = this.texts.get(abs);
    if (cached !== undefined) return cached;
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(abs);
    } catch {
      throw this.missing(abs);
    }
    const text = new TextDecoder('utf-8').decode(bytes);
    this.texts.set(abs, text);
    return text;
  }

  async readBytes(abs: string, access: ReadAccess = ANY_PATH): Promise<Uint8Array> {
    if (!(await this.admit(abs, access))) throw this.missing(abs);
    try {
      return await this.fs.readFile(abs);
    } catch {
      throw this.missing(abs);
    }
  }

  private missing(abs: string): KustomizeError {
    return new KustomizeError(`cannot read '${this.rel(abs)}': no such file`, this.rel(abs));
  }

  /** The kustomization file of a directory, if any. */
  async kustomizationFile(dir: string): Promise<string | undefined> {
    for (const name of KUSTOMIZATION_FILES) {
      const p = posix.join(dir, name);
      if ((await this.exists(p, { field: 'kustomization', kustomizationDir: dir })) === 'file') return p;
    }
    return undefined;
  }

  /** Every YAML document of a file, with its origin. Empty documents are skipped. */
  async documents(abs: string, access: ReadAccess = ANY_PATH): Promise<LoadedDocument[]> {
    const text = await this.readText(abs, access);
    const file = this.rel(abs);
    const parsed = parseDocuments(file, text);
    if (parsed.errors.some((e) => e.severity === 'error' && e.code !== 'RC0002')) {
      const e = parsed.errors.find((x) => x.severity === 'error' && x.code !== 'RC0002');
      throw new KustomizeError(`${file}:${(e?.line ?? 0) + 1}: ${e?.message ?? 'invalid YAML'}`, file);
    }
    const lines = new LineIndex(text);
    return parsed.documents.map((d) => ({
      value: needsGoYamlReading(text.slice(d.start, d.end)) ? (loadGoYaml(text.slice(d.start, d.end)) as Json) : (d.value as Json),
      text: text.slice(d.start, d.end),
      origin: {
        file,
        documentIndex: d.index,
        range: { file, start: d.start, end: d.end, startPos: lines.positionAt(d.start), endPos: lines.positionAt(d.end) },
      },
    }));
  }

  /** Kubernetes objects of a resource file; `kind: List` documents are expanded. */
  async resources(abs: string, access: ReadAccess = ANY_PATH): Promise<BuildResource[]> {
    const out: BuildResource[] = [];
    for (const d of await this.documents(abs, access)) {
      if (!isMap(d.value)) throw new KustomizeError(`${d.origin.file}: document ${d.origin.documentIndex + 1} is not a YAML mapping`, d.origin.file);
      const list = isList(d.value);
      const items = list ? (d.value.items as Json[]) : [d.value];
      for (const [i, item] of items.entries()) {
        if (!isMap(item)) continue;
        const md = item.metadata;
        if (typeof item.kind !== 'string' || !item.kind) throw new KustomizeError(`${d.origin.file}: document ${d.origin.documentIndex + 1} has no kind; it is not a Kubernetes object (missing Resource metadata)`, d.origin.file);
        if (!isMap(md) || (typeof md.name !== 'string' && typeof md.generateName !== 'string')) throw new KustomizeError(`${d.origin.file}: ${item.kind} in document ${d.origin.documentIndex + 1} has no metadata.name (missing Resource metadata)`, d.origin.file);
        const r = newResource(item, { ...d.origin });
        markRead(r, d.text, list ? ['items', String(i)] : []);
        out.push(r);
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
