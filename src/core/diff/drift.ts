// Classifies each object of a desired set against the live set: in-sync, modified (with changed paths),
// missing, extra (the app's objects Git no longer has) or unknown (with the reason).
import { KubeObject, Manifest } from '../types';
import { compareValues } from './compare';
import { applyIgnoreRules, removeFields } from './ignore';
import { maskSecret, maskSecretPair } from './mask';
import { normalizeObject, pruneEmpty } from './normalize';
import { DEFAULT_GIT_MANAGERS, gitOwnership, managerTrees, valueAtPath } from './ownership';
import { fillKnownDefaults } from './defaults';
import { itemKey } from './path';
import { AppOwner, ComparisonMode, DriftReport, FieldChange, IgnoreRule, ObjectDrift } from './types';

export interface UnknownKind {
  apiVersion: string;
  kind: string;
  namespace?: string;
  reason: string;
}

export interface DriftInput {
  /** Desired objects, namespaces already defaulted. */
  desired: Manifest[];
  live: KubeObject[];
  unknown?: UnknownKind[];
  /** Server-side dry-run results by `objectKey`; objects without one are compared client-side. */
  dryRun?: Map<string, KubeObject>;
  owner?: AppOwner;
  ignore?: IgnoreRule[];
  gitManagers?: string[];
  context?: string;
  notes?: string[];
}

export function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** Identity across API versions of one group: group, kind, namespace, name. */
export function objectKey(o: KubeObject): string {
  return [groupOf(o.apiVersion), o.kind ?? '', o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('|');
}

const FLUX_RECONCILE = 'kustomize.toolkit.fluxcd.io/reconcile';
const FLUX_SSA = 'kustomize.toolkit.fluxcd.io/ssa';
const ARGO_COMPARE = 'argocd.argoproj.io/compare-options';

function fluxIgnored(o: KubeObject | undefined): string | undefined {
  const a = o?.metadata?.annotations ?? {};
  if ((a[FLUX_RECONCILE] ?? '').toLowerCase() === 'disabled') return `${FLUX_RECONCILE}: disabled`;
  if ((a[FLUX_SSA] ?? '').toLowerCase() === 'ignore') return `${FLUX_SSA}: ignore`;
  return undefined;
}

function belongsToApp(o: KubeObject, owner: AppOwner | undefined): boolean {
  if (!owner) return false;
  const labels = o.metadata?.labels ?? {};
  if (owner.type === 'flux') {
    return labels['kustomize.toolkit.fluxcd.io/name'] === owner.name && labels['kustomize.toolkit.fluxcd.io/namespace'] === owner.namespace;
  }
  const tracking = o.metadata?.annotations?.['argocd.argoproj.io/tracking-id'];
  return labels[owner.labelKey ?? 'app.kubernetes.io/instance'] === owner.name || (tracking !== undefined && tracking.startsWith(`${owner.name}:`));
}

type FieldsNode = { [key: string]: FieldsNode };

/** The part of a FieldsV1 tree that `obj` does not set (fields Git's manager owns but Git no longer writes). */
function notSetIn(tree: FieldsNode, obj: unknown, field = ''): FieldsNode | undefined {
  const out: FieldsNode = {};
  for (const [k, sub] of Object.entries(tree)) {
    if (k === '.') continue;
    if (k.startsWith('f:')) {
      const name = k.slice(2);
      const has = typeof obj === 'object' && obj !== null && !Array.isArray(obj) && name in (obj as Record<string, unknown>);
      if (!has) out[k] = sub;
      else {
        const rest = notSetIn(sub, (obj as Record<string, unknown>)[name], name);
        if (rest) out[k] = rest;
      }
    } else if (k.startsWith('k:') && Array.isArray(obj)) {
      let key: Record<string, unknown>;
      try {
        key = JSON.parse(k.slice(2)) as Record<string, unknown>;
      } catch {
        continue;
      }
      const item = obj.find((i) => {
        const ik = itemKey(field, i);
        return ik !== undefined && Object.entries(key).every(([kk, v]) => (ik[kk] ?? (kk === 'protocol' ? 'TCP' : undefined)) === v);
      });
      if (item === undefined) out[k] = { '.': {}, ...sub };
      else {
        const rest = notSetIn(sub, item, field);
        if (rest) out[k] = rest;
      }
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The tracking metadata the GitOps controller adds when it applies (Flux's name/namespace labels, Argo CD's
 * instance label or tracking-id annotation) is part of what the controller applies, not of Git's files.
 */
function withControllerMetadata(desired: Manifest, owner: AppOwner | undefined, live: KubeObject | undefined): Manifest {
  if (!owner) return desired;
  const object = structuredClone(desired.object);
  const meta = (object.metadata ??= {});
  if (owner.type === 'flux') {
    meta.labels = { ...(meta.labels ?? {}), 'kustomize.toolkit.fluxcd.io/name': owner.name, 'kustomize.toolkit.fluxcd.io/namespace': owner.namespace };
  } else {
    const key = owner.labelKey ?? 'app.kubernetes.io/instance';
    if (live?.metadata?.labels?.[key] === owner.name && meta.labels?.[key] === undefined) meta.labels = { ...(meta.labels ?? {}), [key]: owner.name };
    const tracking = live?.metadata?.annotations?.['argocd.argoproj.io/tracking-id'];
    if (tracking?.startsWith(`${owner.name}:`)) meta.annotations = { ...(meta.annotations ?? {}), 'argocd.argoproj.io/tracking-id': tracking };
  }
  return { ...desired, object };
}

function compareOne(desired: Manifest, rawLive: KubeObject, input: DriftInput, notes: Set<string>): ObjectDrift {
  const key = objectKey(desired.object);
  const server = input.dryRun?.get(key);
  const comparison: ComparisonMode = server ? 'server-dry-run' : 'client-side';
  const gitManagers = input.gitManagers ?? DEFAULT_GIT_MANAGERS;
  const gitOwn = normalizeObject(desired.object);
  let gitSource: KubeObject = desired.object;
  if (server) {
    gitSource = pruneEmpty(server) as KubeObject;
    // The dry-run result keeps fields other Git managers own even where Git dropped them; take those out
    // so "Git once set it, no longer does" still shows.
    for (const tree of managerTrees(rawLive, gitManagers)) {
      const gone = notSetIn(tree, gitOwn);
      if (gone) removeFields(gitSource, gone);
    }
  }
  const git = server ? normalizeObject(gitSource) : (pruneEmpty(gitOwn) as KubeObject);
  if (!server) fillKnownDefaults(git);
  const live = normalizeObject(rawLive);
  maskSecretPair(git, live);
  for (const n of applyIgnoreRules(input.ignore ?? [], git, live, rawLive)) notes.add(n);
  const ownership = gitOwnership(rawLive, gitManagers);
  const changes: FieldChange[] = [];
  // Secret data is masked by now; gitOwn only answers "does Git set this path", never supplies values.
  compareValues(git, live, [], { owns: ownership.owns, defaulted: (p) => valueAtPath(gitOwn, p) === undefined, changes });
  return {
    ...identity(desired.object),
    status: changes.length ? 'modified' : 'in-sync',
    changes,
    comparison,
    origin: desired.origin,
    git,
    live,
  };
}

function identity(o: KubeObject): Pick<ObjectDrift, 'apiVersion' | 'kind' | 'namespace' | 'name'> {
  const out: Pick<ObjectDrift, 'apiVersion' | 'kind' | 'namespace' | 'name'> = { apiVersion: o.apiVersion ?? '', kind: o.kind ?? '', name: o.metadata?.name ?? '' };
  if (o.metadata?.namespace) out.namespace = o.metadata.namespace;
  return out;
}

export function computeDrift(input: DriftInput): DriftReport {
  const notes = new Set<string>(input.notes ?? []);
  const liveByKey = new Map(input.live.map((o) => [objectKey(o), o]));
  const desiredKeys = new Set<string>();
  const resources: ObjectDrift[] = [];
  for (const d of input.desired) {
    const key = objectKey(d.object);
    desiredKeys.add(key);
    const rawLive = liveByKey.get(key);
    const ignored = fluxIgnored(d.object) ?? fluxIgnored(rawLive);
    const unknown = (input.unknown ?? []).find(
      (u) => groupOf(u.apiVersion) === groupOf(d.object.apiVersion) && u.kind === d.object.kind && (!u.namespace || u.namespace === d.object.metadata?.namespace),
    );
    if (ignored) resources.push({ ...identity(d.object), status: 'in-sync', changes: [], reason: `ignored (${ignored})`, origin: d.origin });
    else if (unknown) resources.push({ ...identity(d.object), status: 'unknown', changes: [], reason: unknown.reason, origin: d.origin });
    else if (!rawLive) {
      const git = normalizeObject(withControllerMetadata(d, input.owner, undefined).object);
      maskSecret(git);
      resources.push({ ...identity(d.object), status: 'missing', changes: [], origin: d.origin, git });
    } else resources.push(compareOne(withControllerMetadata(d, input.owner, rawLive), rawLive, input, notes));
  }
  for (const o of input.live) {
    if (desiredKeys.has(objectKey(o)) || !belongsToApp(o, input.owner)) continue;
    if ((o.metadata?.annotations?.[ARGO_COMPARE] ?? '').includes('IgnoreExtraneous')) continue;
    if (fluxIgnored(o)) continue;
    const live = normalizeObject(o);
    maskSecret(live);
    resources.push({ ...identity(o), status: 'extra', changes: [], reason: 'in the cluster, labelled as this app, not in Git', live });
  }
  resources.sort((a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  return { context: input.context, resources, notes: [...notes] };
}
