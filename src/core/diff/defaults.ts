// Known API-server defaults (pkg/apis/{core,apps,batch}/v1/defaults.go), filled into the Git side when the
// server's dry-run is not available, so that "not set in Git" equals "set to the default in the cluster".
// A Git value that differs from the default is kept, so a live value that differs from Git still shows.
type Obj = Record<string, unknown>;

function isMap(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fill(o: unknown, key: string, value: unknown): void {
  if (!isMap(o) || o[key] !== undefined || value === undefined) return;
  o[key] = structuredClone(value);
}

function child(o: unknown, ...path: string[]): Obj | undefined {
  let cur = o;
  for (const p of path) cur = isMap(cur) ? cur[p] : undefined;
  return isMap(cur) ? cur : undefined;
}

export function defaultPullPolicy(image: unknown): string {
  const ref = String(image ?? '');
  if (ref.includes('@')) return 'IfNotPresent';
  const last = ref.split('/').pop() ?? '';
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function stripProbe(p: unknown): void {
  if (!isMap(p)) return;
  fill(p, 'timeoutSeconds', 1);
  fill(p, 'periodSeconds', 10);
  fill(p, 'successThreshold', 1);
  fill(p, 'failureThreshold', 3);
  fill(p.httpGet, 'scheme', 'HTTP');
}

function stripContainer(c: unknown): void {
  if (!isMap(c)) return;
  fill(c, 'terminationMessagePath', '/dev/termination-log');
  fill(c, 'terminationMessagePolicy', 'File');
  fill(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  if (Array.isArray(c.ports)) for (const p of c.ports) fill(p, 'protocol', 'TCP');
  if (Array.isArray(c.env)) for (const e of c.env) fill(child(e, 'valueFrom', 'fieldRef'), 'apiVersion', 'v1');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) stripProbe(c[probe]);
}

function stripPodSpec(spec: Obj | undefined): void {
  if (!spec) return;
  fill(spec, 'restartPolicy', 'Always');
  fill(spec, 'terminationGracePeriodSeconds', 30);
  fill(spec, 'dnsPolicy', 'ClusterFirst');
  fill(spec, 'schedulerName', 'default-scheduler');
  fill(spec, 'enableServiceLinks', true);
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) for (const c of cs) stripContainer(c);
  }
}

function stripTemplate(spec: Obj | undefined): void {
  const template = child(spec, 'template');
  if (!template) return;
  stripPodSpec(child(template, 'spec'));
}

/** Fill in the fields the API server would default, in place. */
export function fillKnownDefaults(o: Obj): void {
  const spec = child(o, 'spec');
  switch (o.kind) {
    case 'Deployment':
      fill(spec, 'replicas', 1);
      fill(spec, 'strategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
      fill(spec, 'revisionHistoryLimit', 10);
      fill(spec, 'progressDeadlineSeconds', 600);
      stripTemplate(spec);
      return;
    case 'StatefulSet':
      fill(spec, 'replicas', 1);
      fill(spec, 'podManagementPolicy', 'OrderedReady');
      fill(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      fill(spec, 'revisionHistoryLimit', 10);
      fill(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
      stripTemplate(spec);
      return;
    case 'DaemonSet':
      fill(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      fill(spec, 'revisionHistoryLimit', 10);
      stripTemplate(spec);
      return;
    case 'ReplicaSet':
      fill(spec, 'replicas', 1);
      stripTemplate(spec);
      return;
    case 'Job':
      fill(spec, 'backoffLimit', 6);
      fill(spec, 'completionMode', 'NonIndexed');
      fill(spec, 'suspend', false);
      fill(spec, 'parallelism', 1);
      fill(spec, 'completions', 1);
      stripTemplate(spec);
      return;
    case 'CronJob':
      fill(spec, 'concurrencyPolicy', 'Allow');
      fill(spec, 'suspend', false);
      fill(spec, 'successfulJobsHistoryLimit', 3);
      fill(spec, 'failedJobsHistoryLimit', 1);
      stripTemplate(child(spec, 'jobTemplate', 'spec'));
      return;
    case 'Pod':
      stripPodSpec(spec);
      return;
    case 'Service':
      fill(spec, 'type', 'ClusterIP');
      fill(spec, 'sessionAffinity', 'None');
      fill(spec, 'ipFamilies', ['IPv4']);
      fill(spec, 'ipFamilyPolicy', 'SingleStack');
      fill(spec, 'internalTrafficPolicy', 'Cluster');
      fill(spec, 'externalTrafficPolicy', 'Cluster');
      if (spec && Array.isArray(spec.ports)) {
        for (const p of spec.ports) {
          fill(p, 'protocol', 'TCP');
          if (isMap(p)) fill(p, 'targetPort', p.port);
        }
      }
      return;
    case 'Secret':
      fill(o, 'type', 'Opaque');
      return;
    case 'Namespace': {
      fill(spec, 'finalizers', ['kubernetes']);
      const meta = child(o, 'metadata');
      if (meta) {
        if (!isMap(meta.labels)) meta.labels = {};
        fill(meta.labels, 'kubernetes.io/metadata.name', meta.name);
      }
      return;
    }
    case 'PersistentVolumeClaim':
      fill(spec, 'volumeMode', 'Filesystem');
      return;
    default:
      return;
  }
}
