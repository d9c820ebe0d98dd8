// Extracts the references a document makes (files, directories, other objects). Pure: resolution against
// the rest of the repository happens in the index, so one file's references can be recomputed alone.
import * as posix from 'path/posix';
import { DocumentClass, ObjectTarget, Reference, ReferenceTarget, ReferenceType } from './model';
import { dirname, isObject, splitApiVersion } from './classify';

type Path = Array<string | number>;

/** Joins a repo-relative directory and a relative path; the result stays repo-relative (may start with `..` when it leaves the repo). */
export function joinRepoPath(dir: string, rel: string): string {
  const joined = posix.normalize(posix.join(dir || '.', rel));
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

/** kustomize's remote resource forms: URLs, `github.com/org/repo//path?ref=`, scp-like git addresses. */
export function isRemoteResource(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^git@/.test(s) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(s) || /\?(ref|version|timeout|submodules)=/.test(s);
}

/** Normalises a git remote or Argo CD repoURL for comparison: host/path, lower-case host, no scheme, user, `.git` or trailing slash. */
export function normaliseRepoUrl(url: string): string {
  let u = url.trim();
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(u);
  if (scp && !/^[a-z]+:\/\//i.test(u)) u = `${scp[1]}/${scp[2]}`;
  u = u.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]+@/, '');
  u = u.replace(/\.git\/?$/, '').replace(/\/+$/, '');
  const slash = u.indexOf('/');
  const host = (slash === -1 ? u : u.slice(0, slash)).toLowerCase().replace(/:\d+$/, '');
  return slash === -1 ? host : host + u.slice(slash);
}

class Collector {
  readonly refs: Reference[] = [];
  constructor(private readonly file: string, private readonly documentIndex: number) {}
  add(type: ReferenceType, path: Path, text: string, target: ReferenceTarget): void {
    this.refs.push({ type, source: { file: this.file, documentIndex: this.documentIndex, path }, text, target });
  }
  object(type: ReferenceType, path: Path, target: ObjectTarget): void {
    this.add(type, path, target.name, { type: 'object', object: target });
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A string entry of a patch list that names a file; entries may also be inline patches (YAML text). */
export function isPatchFileName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && !v.includes('\n') && !/:\s/.test(v);
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function kustomizationRefs(c: Collector, dir: string, v: Record<string, unknown>): void {
  const pathRef = (type: ReferenceType, path: Path, s: string, kind: 'path' | 'file', target = s) => {
    if (isRemoteResource(s)) c.add(type, path, s, { type: 'remote', url: s });
    else c.add(type, path, s, { type: kind, path: joinRepoPath(dir, target) });
  };
  for (const key of ['resources', 'bases'] as const) {
    arr(v[key]).forEach((r, i) => {
      const s = str(r);
      if (s) pathRef('kustomize-resource', [key, i], s, 'path');
    });
  }
  arr(v.components).forEach((r, i) => {
    const s = str(r);
    if (s) pathRef('kustomize-component', ['components', i], s, 'path');
  });
  // `- replicas.yaml` (a file name where kustomize wants `- path: replicas.yaml`) fails the build (RC1406), but
  // the file is still meant as a patch: a partial object, not a resource missing its required fields.
  const patchRefs = (key: 'patches' | 'patchesJson6902', p: unknown, i: number) => {
    const s = isObject(p) ? str(p.path) : undefined;
    if (s) pathRef('kustomize-patch', [key, i, 'path'], s, 'file');
    else if (isPatchFileName(p)) pathRef('kustomize-patch', [key, i], p, 'file');
  };
  arr(v.patches).forEach((p, i) => patchRefs('patches', p, i));
  arr(v.patchesStrategicMerge).forEach((p, i) => {
    if (isPatchFileName(p)) pathRef('kustomize-patch', ['patchesStrategicMerge', i], p, 'file');
  });
  arr(v.patchesJson6902).forEach((p, i) => patchRefs('patchesJson6902', p, i));
  for (const gen of ['configMapGenerator', 'secretGenerator'] as const) {
    arr(v[gen]).forEach((g, i) => {
      if (!isObject(g)) return;
      arr(g.files).forEach((f, j) => {
        const s = str(f);
        // `key=path` names the key explicitly.
        if (s) pathRef('kustomize-generator-file', [gen, i, 'files', j], s, 'file', generatorFilePath(s));
      });
      arr(g.envs).forEach((f, j) => {
        const s = str(f);
        if (s) pathRef('kustomize-generator-file', [gen, i, 'envs', j], s, 'file');
      });
      const env = str(g.env);
      if (env) pathRef('kustomize-generator-file', [gen, i, 'env'], env, 'file');
    });
  }
  arr(v.crds).forEach((r, i) => {
    const s = str(r);
    if (s) pathRef('kustomize-crd', ['crds', i], s, 'file');
  });
}

/** Generator `files` entries may be `key=path`; the path is what must exist. */
export function generatorFilePath(entry: string): string {
  const eq = entry.indexOf('=');
  return eq === -1 ? entry : entry.slice(eq + 1);
}

function fluxRefs(c: Collector, kind: string, group: string, ns: string | undefined, v: Record<string, unknown>): void {
  const spec = isObject(v.spec) ? v.spec : undefined;
  if (!spec) return;
  const sourceRef = (path: Path, r: unknown) => {
    if (!isObject(r) || !str(r.name) || !str(r.kind)) return;
    c.object('flux-source', path, { kind: r.kind as string, name: r.name as string, namespace: str(r.namespace) ?? ns, apiVersion: str(r.apiVersion) });
  };
  const dependsOn = (depKind: string, apiVersion: string) =>
    arr(spec.dependsOn).forEach((d, i) => {
      if (isObject(d) && str(d.name)) c.object('flux-depends-on', ['spec', 'dependsOn', i, 'name'], { kind: depKind, apiVersion, name: d.name as string, namespace: str(d.namespace) ?? ns });
    });
  if (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization') {
    sourceRef(['spec', 'sourceRef'], spec.sourceRef);
    const p = str(spec.path);
    if (p) c.add('flux-path', ['spec', 'path'], p, { type: 'directory', path: joinRepoPath('', p) });
    dependsOn('Kustomization', 'kustomize.toolkit.fluxcd.io/v1');
    const postBuild = isObject(spec.postBuild) ? spec.postBuild : undefined;
    arr(postBuild?.substituteFrom).forEach((s, i) => {
      if (isObject(s) && str(s.kind) && str(s.name)) c.object('flux-substitute-from', ['spec', 'postBuild', 'substituteFrom', i, 'name'], { kind: s.kind as string, name: s.name as string, namespace: ns, apiVersion: 'v1' });
    });
  } else if (group === 'helm.toolkit.fluxcd.io' && kind === 'HelmRelease') {
    const chart = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
    if (chart) {
      sourceRef(['spec', 'chart', 'spec', 'sourceRef'], chart.sourceRef);
      const chartName = str(chart.chart);
      const src = isObject(chart.sourceRef) ? chart.sourceRef : undefined;
      // A chart from a GitRepository is a path in that repository.
      if (chartName && src?.kind === 'GitRepository') c.add('flux-chart', ['spec', 'chart', 'spec', 'chart'], chartName, { type: 'directory', path: joinRepoPath('', chartName) });
    }
    sourceRef(['spec', 'chartRef'], spec.chartRef);
    arr(spec.valuesFrom).forEach((s, i) => {
      if (isObject(s) && str(s.kind) && str(s.name)) c.object('flux-values-from', ['spec', 'valuesFrom', i, 'name'], { kind: s.kind as string, name: s.name as string, namespace: ns, apiVersion: 'v1' });
    });
    dependsOn('HelmRelease', 'helm.toolkit.fluxcd.io/v2');
  }
}

function argoRefs(c: Collector, kind: string, v: Record<string, unknown>, repoUrls: Set<string>): void {
  if (kind !== 'Application') return;
  const spec = isObject(v.spec) ? v.spec : undefined;
  if (!spec) return;
  const one = (src: unknown, path: Path) => {
    if (!isObject(src)) return;
    const url = str(src.repoURL);
    const p = str(src.path);
    if (url && p !== undefined && repoUrls.has(normaliseRepoUrl(url))) c.add('argocd-path', [...path, 'path'], p, { type: 'directory', path: joinRepoPath('', p) });
  };
  one(spec.source, ['spec', 'source']);
  arr(spec.sources).forEach((s, i) => one(s, ['spec', 'sources', i]));
}

const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function podSpecRefs(c: Collector, kind: string, ns: string | undefined, v: Record<string, unknown>): void {
  const base = POD_SPEC_PATHS[kind];
  if (!base) return;
  let spec: unknown = v;
  for (const k of base) spec = isObject(spec) ? spec[k] : undefined;
  if (!isObject(spec)) return;
  const obj = (type: ReferenceType, path: Path, k: string, name: unknown) => {
    if (str(name)) c.object(type, path, { kind: k, name: name as string, namespace: ns, apiVersion: 'v1' });
  };
  obj('service-account', [...base, 'serviceAccountName'], 'ServiceAccount', spec.serviceAccountName);
  arr(spec.imagePullSecrets).forEach((s, i) => isObject(s) && obj('secret', [...base, 'imagePullSecrets', i, 'name'], 'Secret', s.name));
  arr(spec.volumes).forEach((vol, i) => {
    if (!isObject(vol)) return;
    const vp = [...base, 'volumes', i];
    if (isObject(vol.configMap)) obj('configmap', [...vp, 'configMap', 'name'], 'ConfigMap', vol.configMap.name);
    if (isObject(vol.secret)) obj('secret', [...vp, 'secret', 'secretName'], 'Secret', vol.secret.secretName);
    if (isObject(vol.persistentVolumeClaim)) obj('pvc', [...vp, 'persistentVolumeClaim', 'claimName'], 'PersistentVolumeClaim', vol.persistentVolumeClaim.claimName);
    if (isObject(vol.projected)) {
      arr(vol.projected.sources).forEach((s, j) => {
        if (!isObject(s)) return;
        if (isObject(s.configMap)) obj('configmap', [...vp, 'projected', 'sources', j, 'configMap', 'name'], 'ConfigMap', s.configMap.name);
        if (isObject(s.secret)) obj('secret', [...vp, 'projected', 'sources', j, 'secret', 'name'], 'Secret', s.secret.name);
      });
    }
  });
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    arr(spec[list]).forEach((ctr, i) => {
      if (!isObject(ctr)) return;
      const cp = [...base, list, i];
      arr(ctr.env).forEach((e, j) => {
        const from = isObject(e) && isObject(e.valueFrom) ? e.valueFrom : undefined;
        if (!from) return;
        if (isObject(from.configMapKeyRef)) obj('configmap', [...cp, 'env', j, 'valueFrom', 'configMapKeyRef', 'name'], 'ConfigMap', from.configMapKeyRef.name);
        if (isObject(from.secretKeyRef)) obj('secret', [...cp, 'env', j, 'valueFrom', 'secretKeyRef', 'name'], 'Secret', from.secretKeyRef.name);
      });
      arr(ctr.envFrom).forEach((e, j) => {
        if (!isObject(e)) return;
        if (isObject(e.configMapRef)) obj('configmap', [...cp, 'envFrom', j, 'configMapRef', 'name'], 'ConfigMap', e.configMapRef.name);
        if (isObject(e.secretRef)) obj('secret', [...cp, 'envFrom', j, 'secretRef', 'name'], 'Secret', e.secretRef.name);
      });
    });
  }
}

export interface ReferenceContext {
  /** Normalised git remote URLs of this repository (see normaliseRepoUrl). */
  repoUrls: Set<string>;
}

/** All references one document makes. */
export function extractReferences(file: string, documentIndex: number, classification: DocumentClass, value: unknown, ctx: ReferenceContext): Reference[] {
  if (!isObject(value)) return [];
  const c = new Collector(file, documentIndex);
  if (classification === 'kustomization' || classification === 'kustomize-component') {
    kustomizationRefs(c, dirname(file), value);
    return c.refs;
  }
  const kind = str(value.kind);
  const apiVersion = str(value.apiVersion);
  if (!kind || !apiVersion) return c.refs;
  const { group } = splitApiVersion(apiVersion);
  const meta = isObject(value.metadata) ? value.metadata : {};
  const ns = str(meta.namespace);
  if (classification === 'flux') fluxRefs(c, kind, group, ns, value);
  else if (classification === 'argocd') argoRefs(c, kind, value, ctx.repoUrls);
  else if (classification === 'kubernetes') podSpecRefs(c, kind, ns, value);
  return c.refs;
}
