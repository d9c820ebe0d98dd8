// kustomize's built-in field specs (api/konfig/builtinpluginconsts), transcribed as data.
import { FieldSpec } from './fieldPath';

const WORKLOADS: Array<[string, string]> = [['apps', 'Deployment'], ['apps', 'ReplicaSet'], ['apps', 'DaemonSet'], ['apps', 'StatefulSet']];

function affinity(group: string, kind: string, prefix: string): FieldSpec[] {
  return [
    'podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
    'podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
    'podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
    'podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  ].map((p) => ({ path: `${prefix}/affinity/${p}`, group, kind, create: false }))
    .concat([{ path: `${prefix}/topologySpreadConstraints/labelSelector/matchLabels`, group, kind, create: false }]);
}

/** Selector fields commonLabels (and labels with includeSelectors) also write. */
export const SELECTOR_LABEL_SPECS: FieldSpec[] = [
  { path: 'spec/selector', version: 'v1', kind: 'Service', create: true },
  { path: 'spec/selector', version: 'v1', kind: 'ReplicationController', create: true },
  { path: 'spec/selector/matchLabels', kind: 'Deployment', create: true },
  ...affinity('apps', 'Deployment', 'spec/template/spec'),
  { path: 'spec/selector/matchLabels', kind: 'ReplicaSet', create: true },
  { path: 'spec/selector/matchLabels', kind: 'DaemonSet', create: true },
  { path: 'spec/selector/matchLabels', group: 'apps', kind: 'StatefulSet', create: true },
  ...affinity('apps', 'StatefulSet', 'spec/template/spec'),
  { path: 'spec/selector/matchLabels', group: 'batch', kind: 'Job', create: false },
  { path: 'spec/jobTemplate/spec/selector/matchLabels', group: 'batch', kind: 'CronJob', create: false },
  { path: 'spec/selector/matchLabels', group: 'policy', kind: 'PodDisruptionBudget', create: false },
  { path: 'spec/podSelector/matchLabels', group: 'networking.k8s.io', kind: 'NetworkPolicy', create: false },
  { path: 'spec/ingress/from/podSelector/matchLabels', group: 'networking.k8s.io', kind: 'NetworkPolicy', create: false },
  { path: 'spec/egress/to/podSelector/matchLabels', group: 'networking.k8s.io', kind: 'NetworkPolicy', create: false },
];

/** Pod-template metadata fields (labels with includeTemplates, and commonLabels). */
export function templateSpecs(field: 'labels' | 'annotations'): FieldSpec[] {
  const specs: FieldSpec[] = [{ path: `spec/template/metadata/${field}`, version: 'v1', kind: 'ReplicationController', create: true }];
  for (const [, kind] of WORKLOADS) specs.push({ path: `spec/template/metadata/${field}`, kind, create: true });
  specs.push({ path: `spec/template/metadata/${field}`, group: 'batch', kind: 'Job', create: true });
  specs.push({ path: `spec/jobTemplate/metadata/${field}`, group: 'batch', kind: 'CronJob', create: true });
  specs.push({ path: `spec/jobTemplate/spec/template/metadata/${field}`, group: 'batch', kind: 'CronJob', create: true });
  return specs;
}

export const VOLUME_CLAIM_TEMPLATE_LABELS: FieldSpec = { path: 'spec/volumeClaimTemplates[]/metadata/labels', group: 'apps', kind: 'StatefulSet', create: true };

export const METADATA_LABELS: FieldSpec = { path: 'metadata/labels', create: true };
export const METADATA_ANNOTATIONS: FieldSpec = { path: 'metadata/annotations', create: true };

/** commonLabels: metadata, selectors and templates, in kustomize's order. */
export const COMMON_LABEL_SPECS: FieldSpec[] = [METADATA_LABELS, ...SELECTOR_LABEL_SPECS, ...templateSpecs('labels'), VOLUME_CLAIM_TEMPLATE_LABELS];
export const COMMON_ANNOTATION_SPECS: FieldSpec[] = [METADATA_ANNOTATIONS, ...templateSpecs('annotations')];

/** Where a pod spec lives in each workload kind. */
export function podSpecPaths(kind: string): string[] {
  switch (kind) {
    case 'Pod':
      return ['spec'];
    case 'CronJob':
      return ['spec/jobTemplate/spec/template/spec'];
    case 'Deployment': case 'ReplicaSet': case 'DaemonSet': case 'StatefulSet': case 'Job': case 'ReplicationController': case 'PodTemplate':
      return kind === 'PodTemplate' ? ['template/spec'] : ['spec/template/spec'];
    default:
      return [];
  }
}

/** A name reference: the field in a referrer (relative to the object, or to its pod spec) and the referred kind. */
export interface NameRefSpec {
  kind: string;
  group?: string;
  /** Kinds that hold this reference; 'POD' means inside every pod spec, 'ANY' every kind. */
  in: string[] | 'POD' | 'ANY';
  path: string;
  /** Only when the sibling `kind` field equals this value (RoleBinding roleRef). */
  whenKind?: string;
}

const CONTAINERS = ['containers', 'initContainers', 'ephemeralContainers'];

export const NAME_REFERENCES: NameRefSpec[] = [
  ...CONTAINERS.flatMap((c) => [
    { kind: 'ConfigMap', in: 'POD' as const, path: `${c}/env/valueFrom/configMapKeyRef/name` },
    { kind: 'ConfigMap', in: 'POD' as const, path: `${c}/envFrom/configMapRef/name` },
    { kind: 'Secret', in: 'POD' as const, path: `${c}/env/valueFrom/secretKeyRef/name` },
    { kind: 'Secret', in: 'POD' as const, path: `${c}/envFrom/secretRef/name` },
  ]),
  { kind: 'ConfigMap', in: 'POD', path: 'volumes/configMap/name' },
  { kind: 'ConfigMap', in: 'POD', path: 'volumes/projected/sources/configMap/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/secret/secretName' },
  { kind: 'Secret', in: 'POD', path: 'volumes/projected/sources/secret/name' },
  { kind: 'Secret', in: 'POD', path: 'imagePullSecrets/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/csi/nodePublishSecretRef/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/cephfs/secretRef/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/rbd/secretRef/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/azureFile/secretName' },
  { kind: 'Secret', in: 'POD', path: 'volumes/iscsi/secretRef/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/flexVolume/secretRef/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/scaleIO/secretRef/name' },
  { kind: 'Secret', in: 'POD', path: 'volumes/storageos/secretRef/name' },
  { kind: 'Secret', in: ['ServiceAccount'], path: 'secrets/name' },
  { kind: 'Secret', in: ['ServiceAccount'], path: 'imagePullSecrets/name' },
  { kind: 'Secret', in: ['Ingress'], path: 'spec/tls/secretName' },
  { kind: 'Secret', in: ['StorageClass'], path: 'parameters/secretName' },
  { kind: 'Secret', in: ['StorageClass'], path: 'parameters/adminSecretName' },
  { kind: 'Secret', in: ['StorageClass'], path: 'parameters/userSecretName' },
  { kind: 'Secret', in: ['StorageClass'], path: 'parameters/secretRef' },
  { kind: 'ServiceAccount', in: 'POD', path: 'serviceAccountName' },
  { kind: 'ServiceAccount', in: 'POD', path: 'serviceAccount' },
  // Every subject, whatever its kind (kustomize's `subjects` field spec).
  { kind: 'ServiceAccount', in: ['RoleBinding', 'ClusterRoleBinding'], path: 'subjects/name' },
  { kind: 'PersistentVolumeClaim', in: 'POD', path: 'volumes/persistentVolumeClaim/claimName' },
  { kind: 'PersistentVolume', in: ['PersistentVolumeClaim'], path: 'spec/volumeName' },
  { kind: 'PriorityClass', in: 'POD', path: 'priorityClassName' },
  { kind: 'StorageClass', in: ['PersistentVolumeClaim', 'PersistentVolume'], path: 'spec/storageClassName' },
  { kind: 'StorageClass', in: ['StatefulSet'], path: 'spec/volumeClaimTemplates/spec/storageClassName' },
  { kind: 'Role', in: ['RoleBinding'], path: 'roleRef/name', whenKind: 'Role' },
  { kind: 'ClusterRole', in: ['RoleBinding', 'ClusterRoleBinding'], path: 'roleRef/name', whenKind: 'ClusterRole' },
  { kind: 'Service', in: ['Ingress'], path: 'spec/rules/http/paths/backend/serviceName' },
  { kind: 'Service', in: ['Ingress'], path: 'spec/rules/http/paths/backend/service/name' },
  { kind: 'Service', in: ['Ingress'], path: 'spec/backend/serviceName' },
  { kind: 'Service', in: ['Ingress'], path: 'spec/defaultBackend/service/name' },
  { kind: 'Service', in: ['StatefulSet'], path: 'spec/serviceName' },
  { kind: 'Service', in: ['APIService'], path: 'spec/service/name' },
  { kind: 'Service', in: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], path: 'webhooks/clientConfig/service/name' },
  { kind: 'Service', in: ['CustomResourceDefinition'], path: 'spec/conversion/webhook/clientConfig/service/name' },
  { kind: 'ValidatingAdmissionPolicy', in: ['ValidatingAdmissionPolicyBinding'], path: 'spec/policyName' },
  { kind: 'ConfigMap', in: ['Role', 'ClusterRole'], path: 'rules/resourceNames' },
  { kind: 'Secret', in: ['Role', 'ClusterRole'], path: 'rules/resourceNames' },
  // kustomize does not read scaleTargetRef.kind: each kind is tried in this order on the same field.
  { kind: 'Deployment', in: ['HorizontalPodAutoscaler'], path: 'spec/scaleTargetRef/name' },
  { kind: 'ReplicationController', in: ['HorizontalPodAutoscaler'], path: 'spec/scaleTargetRef/name' },
  { kind: 'ReplicaSet', in: ['HorizontalPodAutoscaler'], path: 'spec/scaleTargetRef/name' },
  { kind: 'StatefulSet', in: ['HorizontalPodAutoscaler'], path: 'spec/scaleTargetRef/name' },
];

/** Images live in these container lists (plus any `containers`/`initContainers` anywhere, as kustomize v5 does). */
export const IMAGE_CONTAINER_KEYS = ['containers', 'initContainers', 'ephemeralContainers'];

/** Replica count paths (ReplicaCountTransformer). */
export const REPLICA_KINDS = ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'];
