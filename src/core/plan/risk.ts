// What a reviewer must look at first: deletions, changes to CRDs, Namespaces, PVCs and RBAC, and changes
// to fields the API server will not update in place (the apply fails, or the object has to be recreated).
// One line per reason.
import { KubeObject } from '../types';
import { ObjectChangeKind, PlanFieldChange, PlanRisk } from './types';

const RBAC = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);

interface Immutable {
  kinds: ReadonlySet<string>;
  /** Field path prefixes (as PlanFieldChange paths print them). */
  paths: string[];
  why: string;
}

const IMMUTABLE: Immutable[] = [
  { kinds: WORKLOADS, paths: ['spec.selector'], why: 'is immutable: the apply fails until the object is deleted and recreated' },
  { kinds: new Set(['StatefulSet']), paths: ['spec.volumeClaimTemplates', 'spec.serviceName', 'spec.podManagementPolicy'], why: 'cannot be updated on a StatefulSet: the apply fails until it is recreated' },
  { kinds: new Set(['Job']), paths: ['spec.template', 'spec.selector'], why: 'is immutable on a Job: the apply fails; the Job must be deleted and recreated' },
  { kinds: new Set(['Service']), paths: ['spec.clusterIP', 'spec.clusterIPs'], why: 'is immutable once assigned: the apply fails' },
  { kinds: new Set(['PersistentVolumeClaim']), paths: ['spec.storageClassName', 'spec.accessModes', 'spec.volumeName', 'spec.volumeMode', 'spec.selector', 'spec.dataSource'], why: 'is immutable on a bound claim: the apply fails' },
  { kinds: new Set(['RoleBinding', 'ClusterRoleBinding']), paths: ['roleRef'], why: 'is immutable: the binding must be deleted and recreated' },
  { kinds: new Set(['StorageClass']), paths: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'], why: 'is immutable on a StorageClass' },
];

function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[');
}

export function assessRisks(change: ObjectChangeKind, before: KubeObject | undefined, after: KubeObject | undefined, fields: PlanFieldChange[]): PlanRisk[] {
  const o = (after ?? before) as KubeObject;
  const kind = o.kind ?? '';
  const out: PlanRisk[] = [];
  if (change === 'deleted') {
    const what = kind === 'Namespace' ? ': every object in the namespace goes with it' : kind === 'CustomResourceDefinition' ? ': every custom resource of this kind is deleted with it' : kind === 'PersistentVolumeClaim' ? ': its volume (and data) may be released' : '';
    out.push({ code: 'delete', reason: `deleted from the cluster when the controller prunes${what}` });
  }
  if (change === 'changed') {
    if (kind === 'CustomResourceDefinition') out.push({ code: 'crd', reason: 'CRD changed: schema and served versions apply to every object of this kind' });
    if (kind === 'Namespace') out.push({ code: 'namespace', reason: 'Namespace changed (labels here drive policies such as Pod Security admission)' });
    if (kind === 'PersistentVolumeClaim') out.push({ code: 'pvc', reason: 'PersistentVolumeClaim changed: it holds data' });
    if (RBAC.has(kind)) out.push({ code: 'rbac', reason: 'RBAC changed: who may do what changes' });
    for (const rule of IMMUTABLE) {
      if (!rule.kinds.has(kind)) continue;
      const hit = rule.paths.find((p) => fields.some((f) => startsWithPath(f.path, p)));
      if (hit) out.push({ code: 'immutable', reason: `${hit} ${rule.why}` });
    }
    if ((kind === 'ConfigMap' || kind === 'Secret') && before?.immutable === true && fields.some((f) => /^(data|binaryData|stringData)\b/.test(f.path))) {
      out.push({ code: 'immutable', reason: `${kind} is marked immutable: its data cannot change in place` });
    }
  }
  if (change === 'created' && RBAC.has(kind)) out.push({ code: 'rbac', reason: 'new RBAC: grants permissions' });
  if (change === 'created' && kind === 'CustomResourceDefinition') out.push({ code: 'crd', reason: 'new CRD: a new API in the cluster' });
  return out;
}
