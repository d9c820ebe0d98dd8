// The strategic-merge patches an overlay already applies to one object, and where in them an adopted
// field lives. Adopting a value the overlay's own patch sets must change that patch: a second patch
// would leave two sources for one field (and the user's patch, comments and all, silently stale).
// JSON 6902 patches and inline `patch:` strings are left alone: they are not files we can edit in place.
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ResourceId } from '../types';
import { FieldPath } from './writeBack';

/** Keys strategic merge patches use to match list items, in the order Kubernetes lists use them. */
export const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'type'];

export interface PatchDocument {
  /** Repo-relative. */
  file: string;
  documentIndex: number;
  value: Record<string, unknown>;
}

type Target = { kind?: unknown; name?: unknown; namespace?: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** kustomize reads target names as anchored regular expressions. */
function selects(pattern: unknown, value: string | undefined): boolean {
  if (typeof pattern !== 'string' || pattern === '') return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value ?? '');
  } catch {
    return pattern === value;
  }
}

function appliesTo(doc: Record<string, unknown>, target: Target | undefined, id: ResourceId): boolean {
  if (target) return selects(target.kind, id.kind) && selects(target.name, id.name) && selects(target.namespace, id.namespace);
  const meta = isRecord(doc.metadata) ? doc.metadata : {};
  return doc.kind === id.kind && meta.name === id.name && (meta.namespace === undefined || meta.namespace === id.namespace);
}

/** A repo-relative path for `ref` next to the kustomization, or undefined when it leaves the repository. */
function resolveRef(kustomizationFile: string, ref: string): string | undefined {
  if (path.posix.isAbsolute(ref) || /^[a-z]+:\/\//i.test(ref)) return undefined;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(kustomizationFile), ref));
  return joined === '..' || joined.startsWith('../') ? undefined : joined;
}

/** Patch documents listed in `kustomizationText` (`patches[].path`, `patchesStrategicMerge`) that apply to `id` (named as in its base). */
export async function overlayPatchesFor(
  kustomizationFile: string,
  kustomizationText: string,
  id: ResourceId,
  readFile: (file: string) => Promise<string | undefined>,
): Promise<PatchDocument[]> {
  let k: unknown;
  try {
    k = parse(kustomizationText);
  } catch {
    return [];
  }
  if (!isRecord(k)) return [];
  const refs: Array<{ ref: string; target?: Target }> = [];
  if (Array.isArray(k.patches)) {
    for (const p of k.patches) if (isRecord(p) && typeof p.path === 'string') refs.push({ ref: p.path, target: isRecord(p.target) ? p.target : undefined });
  }
  if (Array.isArray(k.patchesStrategicMerge)) {
    // An entry with a newline is an inline patch, not a file name.
    for (const p of k.patchesStrategicMerge) if (typeof p === 'string' && !p.includes('\n')) refs.push({ ref: p });
  }
  const out: PatchDocument[] = [];
  for (const { ref, target } of refs) {
    const file = resolveRef(kustomizationFile, ref);
    const text = file && (await readFile(file));
    if (!file || text === undefined || text === '') continue;
    parseAllDocuments(text).forEach((d, documentIndex) => {
      if (d.errors.length) return;
      const value: unknown = d.toJS();
      // A JSON 6902 patch is a list of operations; only strategic-merge documents carry a kind.
      if (isRecord(value) && typeof value.kind === 'string' && appliesTo(value, target, id)) out.push({ file, documentIndex, value });
    });
  }
  return out;
}

/** The value at `p` in plain data, or undefined. */
export function valueAt(obj: unknown, p: FieldPath): unknown {
  let cur = obj;
  for (const seg of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/**
 * Where `patch` sets the field `livePath` (positions in the live object), as a path in the patch and
 * the value to write there; undefined when the patch does not set it. List items are matched by
 * merge key; a list without one is replaced whole, as strategic merge does.
 */
export function fieldInPatch(patch: unknown, live: unknown, livePath: FieldPath, liveValue: unknown): { path: FieldPath; value: unknown } | undefined {
  const out: FieldPath = [];
  let cur: unknown = patch;
  for (let i = 0; i < livePath.length; i++) {
    const seg = livePath[i];
    const last = i === livePath.length - 1;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      const liveItem = valueAt(live, livePath.slice(0, i + 1));
      const key = isRecord(liveItem) ? MERGE_KEYS.find((k) => k in liveItem) : undefined;
      if (!key) return { path: out, value: structuredClone(valueAt(live, livePath.slice(0, i))) };
      const idx = cur.findIndex((item) => isRecord(item) && item[key] === (liveItem as Record<string, unknown>)[key]);
      if (idx < 0) return undefined;
      out.push(idx);
      if (last) return { path: out, value: structuredClone(liveItem) };
      cur = cur[idx];
      continue;
    }
    if (!isRecord(cur) || !(seg in cur)) return undefined;
    out.push(seg);
    // Strategic merge deletes a field with an explicit null.
    if (last) return { path: out, value: liveValue === undefined ? null : structuredClone(liveValue) };
    cur = cur[seg];
  }
  return undefined;
}
