// One kustomization's build as the index sees it: every object with its identity after the build's
// namespace, namePrefix and nameSuffix (outer kustomizations win for namespace; prefixes and suffixes nest),
// plus what the build generates. Shared by the build-level rules (RC1402-RC1404).
import { isObject } from '../../index/classify';
import type { RepositoryIndex } from '../../index/repositoryIndex';
import type { BuildReader } from './buildCache';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The kustomization files a repository builds: the ones its apps and top-level kustomization directories point at. */
export function buildRoots(index: RepositoryIndex): Set<string> {
  const roots = new Set<string>();
  for (const app of index.apps()) {
    if (app.path === undefined || app.kind === 'HelmRelease') continue;
    const k = index.kustomizationIn(app.path);
    if (k) roots.add(k);
  }
  return roots;
}

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
  index: BuildReader,
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
  const k = isObject(kdoc?.value) ? (kdoc?.value as Obj) : {};
  const ns = namespace ?? str(k.namespace);
  const pre = prefix + (str(k.namePrefix) ?? '');
  const suf = (str(k.nameSuffix) ?? '') + suffix;
  for (const [key, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const g of Array.isArray(k[key]) ? k[key] : []) if (isObject(g) && str(g.name)) gaps.generated.push({ kind, name: g.name as string });
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
      if (!['kubernetes', 'flux', 'argocd', 'crd'].includes(doc.classification) || !isObject(doc.value)) continue;
      const v = doc.value;
      const items: Array<{ obj: Obj; item?: number }> =
        typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items) ? v.items.filter(isObject).map((obj, item) => ({ obj, item })) : [{ obj: v }];
      for (const { obj, item } of items) {
        const meta = isObject(obj.metadata) ? obj.metadata : {};
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
