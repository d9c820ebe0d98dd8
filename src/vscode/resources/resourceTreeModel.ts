// The GitOps Resources tree as plain data: app → namespace → kind → resource, plus "Other manifests".
// No `vscode` import, so the grouping is unit-tested under plain Node; the TreeDataProvider only maps nodes to TreeItems.
import type { AppEntry, DocumentClass, ResourceEntry } from '../../core/index/model';

export type ResourceTreeNode =
  | { type: 'app'; id: string; label: string; description: string; app: AppEntry; children: ResourceTreeNode[] }
  /** An ApplicationSet, grouping the Applications it generates (each an `app` node). */
  | { type: 'appset'; id: string; label: string; description: string; appSet: NonNullable<AppEntry['generatedBy']>; children: ResourceTreeNode[] }
  | { type: 'other'; id: string; label: string; description: string; children: ResourceTreeNode[] }
  | { type: 'namespace'; id: string; label: string; description: string; children: ResourceTreeNode[] }
  | { type: 'kind'; id: string; label: string; description: string; children: ResourceTreeNode[] }
  | { type: 'resource'; id: string; label: string; description: string; resource: ResourceEntry };

export const OTHER_MANIFESTS_LABEL = 'Other manifests';
export const NO_NAMESPACE_LABEL = '(no namespace)';

/** Documents that describe objects a cluster would hold; kustomizations, patches and values files are not resources. */
const OBJECT_CLASSES: ReadonlySet<DocumentClass> = new Set<DocumentClass>(['kubernetes', 'flux', 'argocd', 'crd']);

const APP_KIND_LABEL: Record<AppEntry['kind'], string> = {
  FluxKustomization: 'Flux Kustomization',
  ArgoApplication: 'Argo CD Application',
  HelmRelease: 'Flux HelmRelease',
  KustomizeDirectory: 'kustomization directory',
};
const APP_KIND_ORDER: Record<AppEntry['kind'], number> = {
  FluxKustomization: 0,
  ArgoApplication: 1,
  HelmRelease: 2,
  KustomizeDirectory: 3,
};

export function isClusterObject(resource: ResourceEntry): boolean {
  return OBJECT_CLASSES.has(resource.classification);
}

export function resourceKey(r: Pick<ResourceEntry, 'file' | 'documentIndex' | 'kind' | 'name' | 'namespace'>): string {
  // kind/namespace/name are part of the key because a List document holds several objects.
  return `${r.file}#${r.documentIndex}#${r.kind}#${r.namespace ?? ''}#${r.name}`;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Namespace → kind → resource groups under one parent id. */
export function groupResources(parentId: string, resources: readonly ResourceEntry[]): ResourceTreeNode[] {
  const byNamespace = new Map<string, Map<string, ResourceEntry[]>>();
  for (const r of resources) {
    const ns = r.namespace ?? '';
    let kinds = byNamespace.get(ns);
    if (!kinds) byNamespace.set(ns, (kinds = new Map()));
    const list = kinds.get(r.kind);
    if (list) list.push(r);
    else kinds.set(r.kind, [r]);
  }
  // Named namespaces alphabetically; objects without a namespace (cluster-scoped or defaulted) last.
  const namespaces = [...byNamespace.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : byText(a, b)));
  return namespaces.map((ns) => {
    const kinds = byNamespace.get(ns)!;
    const nsId = `${parentId}/ns:${ns}`;
    let count = 0;
    const kindNodes: ResourceTreeNode[] = [...kinds.keys()].sort(byText).map((kind) => {
      const items = kinds.get(kind)!.slice().sort((a, b) => byText(a.name, b.name) || byText(a.file, b.file) || a.line - b.line);
      count += items.length;
      const kindId = `${nsId}/kind:${kind}`;
      return {
        type: 'kind',
        id: kindId,
        label: kind,
        description: String(items.length),
        children: items.map((r) => ({
          type: 'resource',
          id: `${kindId}/${resourceKey(r)}`,
          label: r.name,
          description: `${r.file}:${r.line + 1}`,
          resource: r,
        })),
      };
    });
    return { type: 'namespace', id: nsId, label: ns === '' ? NO_NAMESPACE_LABEL : ns, description: plural(count, 'resource'), children: kindNodes };
  });
}

function dirnamePosix(file: string): string {
  const i = file.lastIndexOf('/');
  return i <= 0 ? '.' : file.slice(0, i);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Gives a node its children on first read. Building every app's namespace/kind/resource nodes up front made the
 * view's first level wait for all of them (2 s for a 100,000-object monorepo, mostly garbage collection); the view
 * reads an app's children only when the app is expanded.
 */
function withLazyChildren<T extends object>(node: T, build: () => ResourceTreeNode[]): T & { children: ResourceTreeNode[] } {
  let children: ResourceTreeNode[] | undefined;
  return Object.defineProperty(node, 'children', { enumerable: true, get: () => (children ??= build()) }) as T & { children: ResourceTreeNode[] };
}

export interface ResourceTreeInput {
  apps: readonly AppEntry[];
  /** Objects in an app's closure (the index's `appResources`): the same entry objects as in `resources`. */
  appResources: (app: AppEntry) => readonly ResourceEntry[];
  resources: readonly ResourceEntry[];
}

/** Top-level nodes: one per app (sorted by kind, then name), then "Other manifests" for objects in no app. */
export function buildResourceTree(input: ResourceTreeInput): ResourceTreeNode[] {
  // By identity: a Set of 100,000 composite string keys took 0.6 s (the strings are built, then hashed).
  const inSomeApp = new Set<ResourceEntry>();
  const apps = input.apps
    .slice()
    .sort((a, b) => APP_KIND_ORDER[a.kind] - APP_KIND_ORDER[b.kind] || byText(a.name, b.name) || byText(a.file, b.file));
  // Flux repos often define one app name per cluster (clusters/staging/apps.yaml, clusters/production/apps.yaml):
  // such names get the defining file's folder, so the labels tell them apart.
  const nameCount = new Map<string, number>();
  for (const app of apps) nameCount.set(app.name, (nameCount.get(app.name) ?? 0) + 1);
  const nodes: ResourceTreeNode[] = [];
  const appSets = new Map<string, Extract<ResourceTreeNode, { type: 'appset' }>>();
  const usedIds = new Map<string, number>();
  for (const app of apps) {
    const members = input.appResources(app).filter(isClusterObject);
    for (const r of members) inSomeApp.add(r);
    // An ApplicationSet with a duplicate-name problem (RC1803) generates two apps with one name: ids stay unique.
    const base = `app:${app.kind}:${app.file}#${app.documentIndex}:${app.name}`;
    const seen = usedIds.get(base) ?? 0;
    usedIds.set(base, seen + 1);
    const id = seen === 0 ? base : `${base}#${seen + 1}`;
    const where = app.path !== undefined ? app.path || '.' : 'outside this repository';
    const node: ResourceTreeNode = withLazyChildren(
      {
        type: 'app' as const,
        id,
        label: !app.generatedBy && (nameCount.get(app.name) ?? 0) > 1 ? `${app.name} (${dirnamePosix(app.file)})` : app.name,
        description: `${APP_KIND_LABEL[app.kind]} · ${where} · ${members.length}`,
        app,
      },
      () => groupResources(id, members),
    );
    const g = app.generatedBy;
    if (!g) {
      nodes.push(node);
      continue;
    }
    // Generated Applications sit under their ApplicationSet, which takes the place of the first of them.
    const key = `appset:${g.file}#${g.documentIndex}`;
    let group = appSets.get(key);
    if (!group) {
      group = { type: 'appset', id: key, label: g.name, description: '', appSet: g, children: [] };
      appSets.set(key, group);
      nodes.push(group);
    }
    group.children.push(node);
  }
  for (const g of appSets.values()) g.description = `Argo CD ApplicationSet · ${plural(g.children.length, 'Application')}`;
  const others = input.resources.filter((r) => isClusterObject(r) && !inSomeApp.has(r));
  if (others.length > 0) {
    nodes.push(
      withLazyChildren({ type: 'other' as const, id: 'other', label: OTHER_MANIFESTS_LABEL, description: plural(others.length, 'resource') }, () =>
        groupResources('other', others),
      ),
    );
  }
  return nodes;
}
