// Validation of rendered output, reported where the problem comes from: the schema/API rules run on each
// rendered object, and each finding's YAML path is looked up in the object's origin document; when the
// field is not there (a patch set it), in the patch documents that touched the object; otherwise the
// nearest enclosing field of the origin. The user fixes source files, never the rendered stream.
import { parseDocuments, rangeOfPath } from '../index/parse';
import { Manifest, Severity, SourceRange } from '../types';
import { Problem, YamlPath } from '../validate/problem';
import { SeverityOverrides, severityOf } from '../validate/ruleCatalog';

/** The one Validator method this needs (kept structural so tests can pass a real Validator or a narrower one). */
export interface ObjectRules {
  objectProblems(apiVersion: string, kind: string, value: Record<string, unknown>, prefix: YamlPath, lenient: boolean, state: { unknownKinds: Set<string> }): Problem[];
}

export interface RenderedFinding {
  code: string;
  severity: Severity;
  message: string;
  /** Where to fix it (repo-relative file). */
  range: SourceRange;
  /** `Kind/name` of the rendered object. */
  object: string;
  /** Path of the field in the rendered object. */
  path: YamlPath;
  /** How the range was found: the field in the origin, in a patch, or the nearest enclosing field of the origin. */
  located: 'origin' | 'patch' | 'ancestor';
}

export interface ValidateRenderedOptions {
  /** Repo-relative file → text (the editor's buffers when there are any). */
  readText(file: string): Promise<string>;
  severityOverrides?: SeverityOverrides;
}

/** Whether `path` exists in plain JSON data. */
export function hasPath(value: unknown, path: YamlPath): boolean {
  let node: unknown = value;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number' && seg >= 0 && seg < node.length) node = node[seg];
    else if (node && typeof node === 'object' && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, String(seg))) node = (node as Record<string, unknown>)[String(seg)];
    else return false;
  }
  return true;
}

interface ParsedFile {
  text: string;
  values: Map<number, unknown>;
}

/** Locates one finding's path in the sources of the object: origin, then patches (last applied first), then ancestor. */
export async function locateInSources(
  manifest: Manifest,
  path: YamlPath,
  which: 'key' | 'value',
  load: (file: string) => Promise<ParsedFile | undefined>,
): Promise<{ range: SourceRange; located: RenderedFinding['located'] } | undefined> {
  const origin = manifest.origin;
  const originFile = await load(origin.file);
  if (originFile && hasPath(originFile.values.get(origin.documentIndex), path)) {
    const range = rangeOfPath(origin.file, originFile.text, origin.documentIndex, path, which);
    if (range) return { range, located: 'origin' };
  }
  const kind = manifest.object.kind;
  for (const patchFile of [...(manifest.origin.touchedBy ?? [])].reverse()) {
    if (patchFile === origin.file) continue;
    const parsed = await load(patchFile);
    if (!parsed) continue;
    for (const [docIndex, value] of parsed.values) {
      // A strategic-merge patch document names the kind it patches; anything else (a kustomization, a JSON 6902 list) cannot hold the path.
      if (!value || typeof value !== 'object' || Array.isArray(value) || (value as Record<string, unknown>).kind !== kind) continue;
      if (!hasPath(value, path)) continue;
      const range = rangeOfPath(patchFile, parsed.text, docIndex, path, which);
      if (range) return { range, located: 'patch' };
    }
  }
  if (!originFile) return undefined;
  // rangeOfPath stops at the deepest segment present: the nearest enclosing field.
  const range = rangeOfPath(origin.file, originFile.text, origin.documentIndex, path, 'key');
  return range ? { range, located: 'ancestor' } : undefined;
}

export async function validateRendered(rules: ObjectRules, manifests: readonly Manifest[], o: ValidateRenderedOptions): Promise<RenderedFinding[]> {
  const cache = new Map<string, Promise<ParsedFile | undefined>>();
  const load = (file: string): Promise<ParsedFile | undefined> => {
    let p = cache.get(file);
    if (!p) {
      p = o
        .readText(file)
        .then((text) => ({ text, values: new Map(parseDocuments(file, text).documents.map((d) => [d.index, d.value] as [number, unknown])) }))
        .catch(() => undefined);
      cache.set(file, p);
    }
    return p;
  };
  // One "no schema for this kind" note per kind across the whole output, as per file in the editor.
  const state = { unknownKinds: new Set<string>() };
  const out: RenderedFinding[] = [];
  for (const m of manifests) {
    const obj = m.object;
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') continue;
    const label = `${obj.kind}/${obj.metadata?.name ?? ''}`;
    for (const p of rules.objectProblems(obj.apiVersion, obj.kind, obj as Record<string, unknown>, [], false, state)) {
      // YAML 1.1 scalar checks depend on how the source spelled a value; the editor already reports them there.
      if (p.onlyIfPlain || p.unlessPlain || p.span) continue;
      const severity = o.severityOverrides?.[p.code] !== undefined ? severityOf(p.code, o.severityOverrides, 'error') : p.severity ?? severityOf(p.code, undefined, 'error');
      if (!severity) continue;
      const where = await locateInSources(m, p.path, p.which, load);
      if (!where) continue;
      out.push({ code: p.code, severity, message: p.message, range: where.range, object: label, path: p.path, located: where.located });
    }
  }
  // The same source problem reached through several rendered objects (a base shared by overlays) is one finding.
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.code}|${f.range.file}|${f.range.start}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
