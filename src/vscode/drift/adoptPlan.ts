// Turns drifted field changes of the Drift view into the core's adopt request: keyed list steps
// (`containers[name=web]`) become positions in the document they are written into (the source file
// for an in-place edit, the live object for an overlay patch). No `vscode` import (unit-tested).
import { groupOf } from '../../core/diff/drift';
import { sameKey } from '../../core/diff/path';
import { FieldChange, ObjectDrift, PathSegment } from '../../core/diff/types';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { AdoptField, AdoptRequest } from '../../core/sync/adopt';
import { overlaysIncluding } from '../../core/sync/sharedBase';
import { FieldPath } from '../../core/sync/writeBack';
import { ResourceId } from '../../core/types';

export type Plan<T> = { ok: true; value: T } | { ok: false; message: string };

/** Why an object cannot be adopted, or undefined when it can. */
export function notAdoptable(o: ObjectDrift): string | undefined {
  if (o.kind === 'Secret' && groupOf(o.apiVersion) === '') return 'Secrets are excluded from adoption: Reconcile never writes Secret values into files.';
  if (o.status !== 'modified') return `Only modified objects can be adopted (${o.kind}/${o.name} is ${o.status}).`;
  if (!o.origin) return `${o.kind}/${o.name} has no source file to write into.`;
  return undefined;
}

function matches(item: unknown, key: Record<string, unknown>): boolean {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const o = item as Record<string, unknown>;
  // Ports are keyed with their protocol, which manifests usually leave to the default.
  const own = Object.fromEntries(Object.keys(key).map((k) => [k, o[k] ?? (k === 'protocol' ? 'TCP' : undefined)]));
  return sameKey(own, key);
}

/**
 * Positions for `segments` in `base`. A keyed item that `base` lacks is appended (last step only:
 * the live value is then the whole item); deeper steps into a missing item cannot be placed.
 */
export function resolvePath(segments: PathSegment[], base: unknown): Plan<FieldPath> {
  const out: FieldPath = [];
  let cur: unknown = base;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (typeof s === 'string' || typeof s === 'number') {
      out.push(s);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[s] : undefined;
      continue;
    }
    const list = Array.isArray(cur) ? cur : [];
    const idx = list.findIndex((item) => matches(item, s.key));
    if (idx >= 0) {
      out.push(idx);
      cur = list[idx];
    } else if (i === segments.length - 1) {
      out.push(list.length);
      cur = undefined;
    } else {
      return { ok: false, message: `The list item ${JSON.stringify(s.key)} is not in the file; adopt the whole item instead.` };
    }
  }
  return { ok: true, value: out };
}

export function resourceIdOf(o: ObjectDrift): ResourceId {
  const slash = o.apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : o.apiVersion.slice(0, slash),
    version: slash < 0 ? o.apiVersion : o.apiVersion.slice(slash + 1),
    kind: o.kind,
    namespace: o.namespace,
    name: o.name,
  };
}

export interface AdoptPlanInput {
  object: ObjectDrift;
  /** Which changes to adopt (default: all of the object's). */
  changes?: FieldChange[];
  /** The defining document as written in its file (positions of keyed list items). */
  sourceDocument: unknown;
  /** Set when the origin file is a base other overlays share: the app's kustomization. */
  overlayKustomization?: string;
  readFile(file: string): Promise<string | undefined>;
}

export function planAdopt(input: AdoptPlanInput): Plan<AdoptRequest> {
  const o = input.object;
  const refusal = notAdoptable(o);
  if (refusal) return { ok: false, message: refusal };
  const changes = input.changes ?? o.changes;
  if (!changes.length) return { ok: false, message: `${o.kind}/${o.name} has no changed fields to adopt.` };
  const live = (o.live ?? {}) as Record<string, unknown>;
  // An overlay patch names list items by the live object's merge keys; an in-place edit uses the file's positions.
  const base = input.overlayKustomization ? live : input.sourceDocument;
  const fields: AdoptField[] = [];
  for (const c of changes) {
    const p = resolvePath(c.segments, base);
    if (!p.ok) return { ok: false, message: `${c.path}: ${p.message}` };
    fields.push({ path: p.value, live: c.live });
  }
  // The live id; for an overlay patch the core names the object as its base file does.
  return {
    ok: true,
    value: {
      id: resourceIdOf(o),
      liveObject: live,
      fields,
      origin: { file: o.origin!.file, documentIndex: o.origin!.documentIndex },
      overlay: input.overlayKustomization ? { kustomizationFile: input.overlayKustomization } : undefined,
      readFile: input.readFile,
    },
  };
}

/**
 * The overlay that adopts when `file` is a base several top-level kustomizations build: the app's own
 * kustomization (`appDir`, even when a higher kustomization includes it), else the first top-level one.
 * Undefined when only one build uses the file (edit in place).
 */
export function adoptingOverlay(index: RepositoryIndex, file: string, appDir: string | undefined): string | undefined {
  const overlays = overlaysIncluding(index, file);
  if (overlays.length <= 1) return undefined;
  const own = appDir !== undefined ? index.kustomizationIn(appDir) : undefined;
  return own ?? overlays[0];
}
