// "Adopt live values": turns drifted fields of a live object into file edits. When the object
// comes from a file only its own app uses, the values are written into that file in place. When
// the file is a base shared with other overlays, editing it would change those overlays too, so
// a strategic-merge patch is written into the adopting overlay and listed in its kustomization.
// Plain data in, file texts out; the caller writes them (and then offers Open Sync PR).
import * as path from 'node:path';
import { isSeq, parseAllDocuments, parseDocument, stringify } from 'yaml';
import { ResourceId } from '../types';
import { fail, ok, Result } from './result';
import { fieldInPatch, MERGE_KEYS, overlayPatchesFor, valueAt } from './overlayPatches';
import { FieldEdit, FieldPath, writeFieldValues } from './writeBack';

export interface AdoptField {
  path: FieldPath;
  /** Live value; `undefined` when the field exists only in Git and should be removed. */
  live: unknown;
}

export interface AdoptRequest {
  id: ResourceId;
  /** The live object (Secret values never come through here: Secrets are refused). */
  liveObject: Record<string, unknown>;
  fields: AdoptField[];
  /** The file and document that define the object (render origin), repo-relative. */
  origin: { file: string; documentIndex: number };
  /** Set when `origin.file` is a base shared with other overlays: the overlay that adopts. */
  overlay?: { kustomizationFile: string };
  readFile(file: string): Promise<string | undefined>;
}

export interface FileEdit {
  file: string;
  text: string;
  created: boolean;
}

/**
 * A strategic-merge patch holding the adopted fields. List items are addressed by their merge key
 * from the live object; a list without one is replaced whole, as strategic merge does.
 */
export function buildAdoptPatch(id: ResourceId, live: Record<string, unknown>, fields: AdoptField[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {
    apiVersion: id.group ? `${id.group}/${id.version}` : id.version,
    kind: id.kind,
    metadata: { name: id.name, ...(id.namespace ? { namespace: id.namespace } : {}) },
  };
  for (const f of fields) {
    let cur: Record<string, unknown> | unknown[] = patch;
    for (let i = 0; i < f.path.length; i++) {
      const seg = f.path[i];
      const last = i === f.path.length - 1;
      const next = f.path[i + 1];
      if (typeof seg === 'number') {
        const liveItem = valueAt(live, f.path.slice(0, i + 1));
        const list = cur as unknown[];
        const key = liveItem && typeof liveItem === 'object' ? MERGE_KEYS.find((k) => k in (liveItem as object)) : undefined;
        if (!key) {
          // No merge key: the whole live list replaces the one in Git.
          const parentPath = f.path.slice(0, i);
          const holder = valueAt(patch, parentPath.slice(0, -1)) as Record<string, unknown>;
          holder[String(parentPath[parentPath.length - 1])] = structuredClone(valueAt(live, parentPath));
          break;
        }
        const keyValue = (liveItem as Record<string, unknown>)[key];
        let item = list.find((x) => (x as Record<string, unknown>)[key] === keyValue) as Record<string, unknown> | undefined;
        if (!item) {
          item = { [key]: keyValue };
          list.push(item);
        }
        if (last) Object.assign(item, structuredClone(liveItem as object));
        else cur = item;
        continue;
      }
      const obj = cur as Record<string, unknown>;
      if (last) {
        // Strategic merge deletes a field with an explicit null.
        obj[seg] = f.live === undefined ? null : structuredClone(f.live);
      } else {
        if (!obj[seg] || typeof obj[seg] !== 'object') obj[seg] = typeof next === 'number' ? [] : {};
        cur = obj[seg] as Record<string, unknown> | unknown[];
      }
    }
  }
  return patch;
}

/** Leaf-level edits so merging into an existing patch keeps the fields it already has. Lists are set whole. */
function leafEdits(value: unknown, prefix: FieldPath): Array<{ path: FieldPath; value: unknown }> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafEdits(v, [...prefix, k]));
  }
  return [{ path: prefix, value }];
}

export function adoptPatchFileName(id: ResourceId): string {
  const safe = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  return `adopt-${safe(id.kind)}-${id.namespace ? `${safe(id.namespace)}-` : ''}${safe(id.name)}.yaml`;
}

/**
 * The object as its base file names it: a patch is matched before the overlay's namespace and name
 * transformers run (kustomize refuses `namespace: production` for a base object written without one).
 */
async function idInBase(req: AdoptRequest): Promise<ResourceId> {
  const text = await req.readFile(req.origin.file);
  const doc = text === undefined ? undefined : parseAllDocuments(text)[req.origin.documentIndex];
  const value: unknown = doc && !doc.errors.length ? doc.toJS() : undefined;
  const meta = value && typeof value === 'object' ? (value as { metadata?: { name?: unknown; namespace?: unknown } }).metadata : undefined;
  if (!meta) return req.id;
  return { ...req.id, name: typeof meta.name === 'string' ? meta.name : req.id.name, namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined };
}

/** Edits `fields` into the overlay patches that already set them; returns the edited texts and the fields left over. */
async function editExistingPatches(req: AdoptRequest, id: ResourceId, kustomizationFile: string, kText: string, texts: Map<string, string>): Promise<Result<AdoptField[]>> {
  const read = async (f: string) => texts.get(f) ?? req.readFile(f);
  const patches = await overlayPatchesFor(kustomizationFile, kText, id, read);
  const rest: AdoptField[] = [];
  const edits = new Map<string, Map<number, FieldEdit[]>>();
  for (const f of req.fields) {
    let placed = false;
    for (const p of patches) {
      const hit = fieldInPatch(p.value, req.liveObject, f.path, f.live);
      if (!hit) continue;
      const byDoc = edits.get(p.file) ?? new Map<number, FieldEdit[]>();
      edits.set(p.file, byDoc);
      byDoc.set(p.documentIndex, [...(byDoc.get(p.documentIndex) ?? []), hit]);
      placed = true;
    }
    if (!placed) rest.push(f);
  }
  for (const [file, byDoc] of edits) {
    let text = await read(file);
    if (text === undefined) return fail('path-not-found', `Cannot read ${file}.`);
    for (const [documentIndex, fieldEdits] of byDoc) {
      const r = writeFieldValues(text, documentIndex, fieldEdits);
      if (!r.ok) return r;
      text = r.value.text;
    }
    texts.set(file, text);
  }
  return ok(rest);
}

export async function adoptLiveValues(req: AdoptRequest): Promise<Result<FileEdit[]>> {
  if (req.id.group === '' && req.id.kind === 'Secret') {
    return fail('secret-refused', 'Secrets are excluded from adoption: Reconcile never writes Secret values into files.');
  }
  if (!req.fields.length) return fail('no-files', 'No fields were chosen to adopt.');
  if (!req.overlay) {
    const text = await req.readFile(req.origin.file);
    if (text === undefined) return fail('path-not-found', `Cannot read ${req.origin.file}.`);
    const r = writeFieldValues(text, req.origin.documentIndex, req.fields.map((f) => ({ path: f.path, value: f.live })));
    if (!r.ok) return r;
    return ok(r.value.changed.length ? [{ file: req.origin.file, text: r.value.text, created: false }] : []);
  }
  const kFile = req.overlay.kustomizationFile;
  const kText = await req.readFile(kFile);
  if (kText === undefined) return fail('path-not-found', `Cannot read ${kFile}.`);
  const id = await idInBase(req);
  // Working texts of the files edited so far, so the existing patches and the adoption patch compose.
  const texts = new Map<string, string>();
  const rest = await editExistingPatches(req, id, kFile, kText, texts);
  if (!rest.ok) return rest;
  const originals = new Map<string, string | undefined>();
  for (const f of texts.keys()) originals.set(f, await req.readFile(f));
  const edits: FileEdit[] = [...texts].filter(([f, t]) => originals.get(f) !== t).map(([file, text]) => ({ file, text, created: false }));
  if (!rest.value.length) return ok(edits);

  const dir = path.posix.dirname(kFile);
  const patchName = adoptPatchFileName(id);
  const patchFile = dir === '.' ? patchName : `${dir}/${patchName}`;
  const patch = buildAdoptPatch(id, req.liveObject, rest.value);
  const existing = texts.get(patchFile) ?? (await req.readFile(patchFile));
  const others = edits.filter((e) => e.file !== patchFile);
  if (existing !== undefined) {
    // An earlier adoption's patch: merge the new fields into it, keeping its comments.
    const body = Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata'));
    const r = writeFieldValues(existing, 0, leafEdits(body, []));
    if (!r.ok) return r;
    others.push({ file: patchFile, text: r.value.text, created: false });
  } else {
    const header = `# Live values adopted by Reconcile for ${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}.\n# The base ${req.origin.file} is shared with other overlays, so this overlay patches it instead.\n`;
    others.push({ file: patchFile, text: header + stringify(patch, { lineWidth: 0 }), created: true });
  }
  const kDoc = parseDocument(kText);
  const listed = (key: string): unknown[] => {
    const v = kDoc.get(key);
    return isSeq(v) ? (v.toJSON() as unknown[]) : [];
  };
  const names = new Set([patchName, `./${patchName}`]);
  const already =
    listed('patches').some((p) => p && typeof p === 'object' && names.has(String((p as Record<string, unknown>).path))) ||
    listed('patchesStrategicMerge').some((p) => names.has(String(p)));
  if (!already) {
    const r = writeFieldValues(kText, 0, [{ path: ['patches', listed('patches').length], value: { path: patchName } }]);
    if (!r.ok) return r;
    others.push({ file: kFile, text: r.value.text, created: false });
  }
  return ok(others);
}
