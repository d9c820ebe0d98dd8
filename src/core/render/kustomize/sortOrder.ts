// Output order: kustomize's legacy order (kind priority, then group/version/kind, namespace, name), or
// the order objects were accumulated in ("fifo"), chosen by sortOptions or the caller.
import { BuildResource, groupVersion, kindOf, nameOf, namespaceOf } from './model';

const ORDER_FIRST = ['Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget'];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

export interface LegacySortOptions {
  orderFirst?: string[];
  orderLast?: string[];
}

function gvkString(r: BuildResource): string {
  const { group, version } = groupVersion(r.object);
  return [group || '~G', version || '~V', kindOf(r.object) || '~K'].join('_');
}

export function legacySort(list: BuildResource[], opts?: LegacySortOptions): BuildResource[] {
  const first = opts?.orderFirst ?? ORDER_FIRST;
  const last = opts?.orderLast ?? ORDER_LAST;
  const rank = (k: string) => {
    const f = first.indexOf(k);
    if (f >= 0) return f - first.length;
    const l = last.indexOf(k);
    return l >= 0 ? l + 1 : 0;
  };
  const key = (r: BuildResource) => `${gvkString(r)}|${namespaceOf(r.object) || '~X'}|${nameOf(r.object) || '~N'}`;
  return list
    .map((r, i) => ({ r, i, rank: rank(kindOf(r.object)), gvk: gvkString(r), key: key(r) }))
    .sort((a, b) => a.rank - b.rank || (a.gvk !== b.gvk ? (a.gvk < b.gvk ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.r);
}
