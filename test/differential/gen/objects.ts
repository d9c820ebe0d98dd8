// Kubernetes objects for generated kustomization trees: built-in kinds whose fields kustomize's
// transformers touch (selectors, pod templates, name references, images, replicas) and custom kinds
// (a namespaced Widget with a merge-keyed list, a cluster-scoped Gadget), with the shapes real files
// have: missing, null and empty maps and lists.
import fc from 'fast-check';

export type Obj = Record<string, unknown>;

/** `a` one time in `freq`, else undefined (shrinks towards undefined). */
export function rarely<T>(a: fc.Arbitrary<T>, freq: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: freq - 1 }, { arbitrary: a, weight: 1 });
}

export const NAMES = ['app', 'web', 'cfg'] as const;
export const IMAGES = ['nginx', 'nginx:1.25', 'busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'registry.example.com:5000/team/api:v1', 'ghcr.io/org/worker'] as const;
export const KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Ingress', 'HorizontalPodAutoscaler', 'PersistentVolumeClaim', 'NetworkPolicy', 'PodDisruptionBudget', 'Namespace', 'Widget', 'Gadget'] as const;
export type Kind = (typeof KINDS)[number];

export const API_VERSION: Record<Kind, string> = {
  Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', CronJob: 'batch/v1', Job: 'batch/v1', Service: 'v1', ConfigMap: 'v1', Secret: 'v1',
  ServiceAccount: 'v1', Role: 'rbac.authorization.k8s.io/v1', RoleBinding: 'rbac.authorization.k8s.io/v1', ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1', Ingress: 'networking.k8s.io/v1', HorizontalPodAutoscaler: 'autoscaling/v2', PersistentVolumeClaim: 'v1',
  NetworkPolicy: 'networking.k8s.io/v1', PodDisruptionBudget: 'policy/v1', Namespace: 'v1', Widget: 'example.com/v1', Gadget: 'stable.example.com/v1beta1',
};

/** How an optional map or list is written: absent, `field:` (null), `{}`/`[]`, or with content. */
export type Presence = 'absent' | 'null' | 'empty' | 'full';
export const presence: fc.Arbitrary<Presence> = fc.constantFrom<Presence>('full', 'full', 'full', 'absent', 'null', 'empty');

export interface ObjSpec {
  kind: Kind;
  name: string;
  namespace?: string;
  labels: Presence;
  annotations: Presence;
  /** Which containers/lists are present and how (pod templates, rules, ports...). */
  body: Presence;
  image: number;
  ref: number;
  variant: number;
}

export const objSpec: fc.Arbitrary<ObjSpec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.constantFrom(...NAMES),
  namespace: rarely(fc.constantFrom('default', 'team-a'), 4),
  labels: presence,
  annotations: presence,
  body: presence,
  image: fc.nat({ max: IMAGES.length - 1 }),
  ref: fc.nat({ max: NAMES.length - 1 }),
  variant: fc.nat({ max: 3 }),
}, { requiredKeys: ['kind', 'name', 'labels', 'annotations', 'body', 'image', 'ref', 'variant'] });

function opt(p: Presence, full: () => unknown, empty: unknown): unknown {
  return p === 'absent' ? undefined : p === 'null' ? null : p === 'empty' ? empty : full();
}

function set(o: Obj, key: string, v: unknown): Obj {
  if (v !== undefined) o[key] = v;
  return o;
}

function container(s: ObjSpec, name = 'main'): Obj {
  const ref = NAMES[s.ref];
  const c: Obj = { name, image: IMAGES[s.image] };
  if (s.variant % 2 === 0) c.env = [{ name: 'MODE', value: 'prod' }, { name: 'CFG', valueFrom: { configMapKeyRef: { name: ref, key: 'mode' } } }, { name: 'SVC', value: '$(SVC_NAME)' }];
  if (s.variant >= 2) c.envFrom = [{ secretRef: { name: ref } }];
  if (s.variant === 1) c.args = ['--port=8080', '--host=$(SVC_NAME)'];
  if (s.variant === 3) c.ports = [{ containerPort: 8080, name: 'http' }];
  return c;
}

function podSpec(s: ObjSpec): Obj {
  const ref = NAMES[s.ref];
  const spec: Obj = {};
  set(spec, 'containers', opt(s.body, () => [container(s), ...(s.variant === 3 ? [container({ ...s, image: (s.image + 1) % IMAGES.length }, 'sidecar')] : [])], []));
  if (s.variant !== 1) spec.volumes = [{ name: 'config', configMap: { name: ref } }, ...(s.variant === 2 ? [{ name: 'creds', secret: { secretName: ref } }] : [])];
  if (s.variant === 0) spec.serviceAccountName = ref;
  if (s.variant === 3) spec.initContainers = [{ name: 'init', image: IMAGES[(s.image + 2) % IMAGES.length] }];
  return spec;
}

function template(s: ObjSpec): Obj {
  const md: Obj = {};
  set(md, 'labels', opt(s.labels, () => ({ app: s.name }), {}));
  if (s.variant === 2) md.annotations = { 'example.com/checksum': 'abc' };
  const t: Obj = {};
  set(t, 'metadata', s.body === 'absent' && s.variant === 1 ? undefined : md);
  t.spec = podSpec(s);
  return t;
}

function selector(s: ObjSpec): Obj | undefined {
  return s.labels === 'full' ? { matchLabels: { app: s.name } } : s.variant === 1 ? undefined : { matchLabels: { app: s.name } };
}

function body(s: ObjSpec): Obj {
  const ref = NAMES[s.ref];
  switch (s.kind) {
    case 'Deployment':
      return { spec: set(set({ replicas: s.variant + 1 }, 'selector', selector(s)), 'template', template(s)) };
    case 'StatefulSet':
      return { spec: set({ serviceName: ref, replicas: 2, selector: { matchLabels: { app: s.name } }, template: template(s) }, 'volumeClaimTemplates', opt(s.body, () => [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }], [])) };
    case 'DaemonSet':
      return { spec: { selector: { matchLabels: { app: s.name } }, template: template(s) } };
    case 'CronJob':
      return { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template(s) } } } };
    case 'Job':
      return { spec: { template: template(s) } };
    case 'Service':
      return { spec: set({ ports: [{ name: 'http', port: 80, targetPort: 8080 }] }, 'selector', opt(s.body, () => ({ app: ref }), {})) };
    case 'ConfigMap':
      return set({}, 'data', opt(s.body, () => ({ mode: 'dev', 'app.properties': s.variant === 2 ? 'a=1\nb=2\n' : 'x', port: '8080' }), {}));
    case 'Secret':
      return set({ type: 'Opaque' }, 'data', opt(s.body, () => ({ password: 'c2VjcmV0' }), {}));
    case 'ServiceAccount':
      return s.variant === 1 ? { imagePullSecrets: [{ name: ref }] } : {};
    case 'Role':
    case 'ClusterRole':
      return set({}, 'rules', opt(s.body, () => [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [ref], verbs: ['get'] }], []));
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: s.kind === 'RoleBinding' && s.variant % 2 === 0 ? 'Role' : 'ClusterRole', name: ref },
        subjects: [{ kind: 'ServiceAccount', name: s.variant === 3 ? 'default' : ref, ...(s.variant === 2 ? { namespace: 'team-a' } : {}) }],
      };
    case 'Ingress':
      return { spec: set({ rules: [{ host: 'example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: ref, port: { number: 80 } } } }] } }] }, 'tls', opt(s.body, () => [{ hosts: ['example.com'], secretName: ref }], [])) };
    case 'HorizontalPodAutoscaler':
      return { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: ref }, minReplicas: 1, maxReplicas: 3 } };
    case 'PersistentVolumeClaim':
      return { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    case 'NetworkPolicy':
      return { spec: { podSelector: opt(s.body, () => ({ matchLabels: { app: ref } }), {}) ?? {}, policyTypes: ['Ingress'] } };
    case 'PodDisruptionBudget':
      return { spec: { minAvailable: 1, selector: { matchLabels: { app: ref } } } };
    case 'Namespace':
      return {};
    case 'Widget':
      return { spec: set({ image: IMAGES[s.image], configRef: ref, replicas: 1, selector: { app: s.name } }, 'items', opt(s.body, () => [{ name: 'a', value: '1' }, { name: 'b', value: '2' }], [])) };
    case 'Gadget':
      return { spec: { size: s.variant, tags: ['x', 'y'] } };
  }
}

export const CLUSTER_SCOPED = new Set<Kind>(['ClusterRole', 'ClusterRoleBinding', 'Namespace', 'Gadget']);

export function buildObject(s: ObjSpec): Obj {
  const md: Obj = { name: s.name };
  if (s.namespace && !CLUSTER_SCOPED.has(s.kind)) md.namespace = s.namespace;
  set(md, 'labels', opt(s.labels, () => ({ app: s.name, ...(s.variant === 1 ? { tier: 'backend' } : {}) }), {}));
  set(md, 'annotations', opt(s.annotations, () => ({ 'example.com/owner': s.variant === 2 ? 'true' : 'team' }), {}));
  return { apiVersion: API_VERSION[s.kind], kind: s.kind, metadata: md, ...body(s) };
}

/** Object identity as kustomize sees it within one kustomization (two equal ids are an error). */
export function objId(s: ObjSpec): string {
  return `${s.kind}|${CLUSTER_SCOPED.has(s.kind) ? '' : s.namespace ?? ''}|${s.name}`;
}
