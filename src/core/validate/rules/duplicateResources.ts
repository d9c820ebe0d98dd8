// Two objects with the same identity in one kustomize build: `kustomize build` (and so Flux and Argo CD) fails
// with "may not add resource with an already registered id". Identity follows kustomize: apiVersion, kind,
// namespace and name after the build's `namespace`, `namePrefix` and `nameSuffix` (outer kustomizations win
// for namespace; prefixes and suffixes nest).
import type { RepositoryIndex } from '../../index/repositoryIndex';
import { Problem } from '../problem';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export interface Placed {
  apiVersion: string;
  kind: string;
  /** The name as written, and after this build's prefixes/suffixes. */
  name: string;
  finalName: string;
  file: string;
  documentIndex: number;
  item?: number;
  line: number;
  id: string;
  label: string;
}

export interface DuplicateFinding {
  documentIndex: number;
  problem: Problem;
}

/** File → duplicates found in it, over every kustomize build the repository's apps and top-level kustomizations make. */
export function duplicateResources(index: RepositoryIndex): Map<string, DuplicateFinding[]> {
  const roots = new Set<string>();
  for (const app of index.apps()) {
    if (app.path === undefined || app.kind === 'HelmRelease') continue;
    const k = index.kustomizationIn(app.path);
    if (k) roots.add(k);
  }
  const out = new Map<string, DuplicateFinding[]>();
  const reported = new Set<string>();
  for (const root of roots) {
    const placed: Placed[] = [];
    collect(index, root, undefined, '', '', new Set(), placed);
    const first = new Map<string, Placed>();
    for (const p of placed) {
      const prior = first.get(p.id);
      if (!prior) {
        first.set(p.id, p);
        continue;
      }
      // The same file reached twice through the build is itself the duplicate; report each place once.
      const key = `${p.file}#${p.documentIndex}#${p.item ?? ''}#${p.id}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const prefix = p.item !== undefined ? ['items', p.item] : [];
      const list = out.get(p.file) ?? [];
      list.push({
        documentIndex: p.documentIndex,
        problem: {
          code: 'RC1402',
          message: `${p.label} is already in this kustomize build (${prior.file}:${prior.line + 1}, build of ${root}); kustomize fails with "may not add resource with an already registered id". Remove one, or turn this one into a patch.`,
          path: [...prefix, 'metadata', 'name'],
          which: 'value',
        },
      });
      out.set(p.file, list);
    }
  }
  return out;
}

export interface BuildGaps {
  emptyFiles: number;
  /** ConfigMaps/Secrets from generators (names as written), kept apart: overlays merge them on purpose. */
  generated: Array<{ kind: string; name: string }>;
}

/**
 * Every object of one kustomization's build, with its final identity. `gaps.emptyFiles` counts resource files
 * without documents (e.g. flux bootstrap's gotk-components.yaml placeholders): the real build has more.
 */
export function collect(
  index: RepositoryIndex,
  kfile: string,
  namespace: string | undefined,
  prefix: string,
  suffix: string,
  seen: Set<string>,
  out: Placed[],
  gaps: BuildGaps = { emptyFiles: 0, generated: [] },
): void {
  if (seen.has(kfile)) return;
  seen.add(kfile);
  const kdoc = index.getFile(kfile)?.documents.find((d) => d.classification === 'kustomization' || d.classification === 'kustomize-component');
  const k = isObj(kdoc?.value) ? (kdoc?.value as Obj) : {};
  const ns = namespace ?? str(k.namespace);
  const pre = prefix + (str(k.namePrefix) ?? '');
  const suf = (str(k.nameSuffix) ?? '') + suffix;
  for (const [key, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const g of Array.isArray(k[key]) ? k[key] : []) if (isObj(g) && str(g.name)) gaps.generated.push({ kind, name: g.name as string });
  }
  for (const ref of index.referencesFrom(kfile)) {
    if ((ref.type !== 'kustomize-resource' && ref.type !== 'kustomize-component') || !ref.resolved || !('path' in ref.target)) continue;
    const target = ref.target.path;
    const sub = index.exists(target) === 'directory' ? index.kustomizationIn(target) : undefined;
    if (sub) {
      collect(index, sub, ns, pre, suf, seen, out, gaps);
      continue;
    }
    const file = index.getFile(target);
    if (file && file.documents.every((d) => d.classification === 'empty')) gaps.emptyFiles++;
    for (const doc of file?.documents ?? []) {
      if (!['kubernetes', 'flux', 'argocd', 'crd'].includes(doc.classification) || !isObj(doc.value)) continue;
      const v = doc.value;
      const items: Array<{ obj: Obj; item?: number }> =
        typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items) ? v.items.filter(isObj).map((obj, item) => ({ obj, item })) : [{ obj: v }];
      for (const { obj, item } of items) {
        const meta = isObj(obj.metadata) ? obj.metadata : {};
        const name = str(meta.name);
        const apiVersion = str(obj.apiVersion);
        const kind = str(obj.kind);
        if (!name || !apiVersion || !kind) continue;
        const objNs = ns ?? str(meta.namespace) ?? '';
        const finalName = `${pre}${name}${suf}`;
        out.push({
          apiVersion,
          kind,
          name,
          finalName,
          file: target,
          documentIndex: doc.index,
          item,
          line: item !== undefined ? (doc.itemLines?.[item] ?? doc.startLine) : doc.startLine,
          id: `${apiVersion}|${kind}|${objNs}|${finalName}`,
          label: `${kind} ${objNs ? objNs + '/' : ''}${finalName}`,
        });
      }
    }
  }
}

export function duplicateSignature(findings: DuplicateFinding[] | undefined): string {
  return findings ? findings.map((f) => `${f.documentIndex}:${f.problem.message}`).join(';') : '';
}
