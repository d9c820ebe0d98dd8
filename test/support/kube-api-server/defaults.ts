// A small, realistic defaulter: the defaults a v1.30 API server fills in for the common workload kinds
// (pkg/apis/*/v1/defaults.go). Enough that a stored object differs from the manifest the way real ones do.
import { isObject, JsonObject } from './fields';

function setDefault(obj: JsonObject, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = structuredClone(value) as JsonObject[string];
}

function obj(parent: JsonObject, key: string): JsonObject {
  if (!isObject(parent[key])) parent[key] = {};
  return parent[key] as JsonObject;
}

function imagePullPolicy(image: unknown): string {
  const ref = String(image ?? '');
  if (ref.includes('@')) return 'IfNotPresent';
  const lastSegment = ref.split('/').pop() ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: JsonObject): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', imagePullPolicy(c.image));
  setDefault(c, 'resources', {});
  // The server stores quantities canonically: cpu 0.5 comes back as "500m", 2 as "2".
  for (const bucket of ['requests', 'limits']) {
    const q = isObject(c.resources) ? c.resources[bucket] : undefined;
    if (isObject(q) && typeof q.cpu === 'number') q.cpu = Number.isInteger(q.cpu) ? String(q.cpu) : `${Math.round(q.cpu * 1000)}m`;
  }
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObject(p)) setDefault(p, 'protocol', 'TCP');
  if (Array.isArray(c.env)) {
    for (const e of c.env) {
      const fieldRef = isObject(e) && isObject(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
      if (isObject(fieldRef)) setDefault(fieldRef, 'apiVersion', 'v1');
    }
  }
}

export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['containers', 'initContainers']) {
    const cs = spec[list];
    if (Array.isArray(cs)) for (const c of cs) if (isObject(c)) defaultContainer(c);
  }
}

function defaultTemplate(spec: JsonObject): void {
  const template = obj(spec, 'template');
  // Real servers serialize the template's zero creationTimestamp as null.
  setDefault(obj(template, 'metadata'), 'creationTimestamp', null);
  defaultPodSpec(obj(template, 'spec'));
}

let nextIp = 10;

export function applyDefaults(o: JsonObject): void {
  const kind = o.kind;
  const spec = isObject(o.spec) ? o.spec : undefined;
  switch (kind) {
    case 'Deployment':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'strategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      defaultTemplate(spec);
      return;
    case 'StatefulSet':
      if (!spec) return;
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
      defaultTemplate(spec);
      return;
    case 'DaemonSet':
      if (!spec) return;
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
      setDefault(spec, 'revisionHistoryLimit', 10);
      defaultTemplate(spec);
      return;
    case 'Job':
      if (!spec) return;
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      defaultTemplate(spec);
      return;
    case 'CronJob':
      if (!spec) return;
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      defaultTemplate(obj(obj(spec, 'jobTemplate'), 'spec'));
      return;
    case 'Pod':
      if (spec) defaultPodSpec(spec);
      return;
    case 'Service': {
      if (!spec) return;
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      if (spec.type !== 'ExternalName') {
        const ip = `10.96.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
        setDefault(spec, 'clusterIP', ip);
        setDefault(spec, 'clusterIPs', [spec.clusterIP]);
        setDefault(spec, 'ipFamilies', ['IPv4']);
        setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
        setDefault(spec, 'internalTrafficPolicy', 'Cluster');
      }
      const nodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
      if (nodePorts) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
      if (Array.isArray(spec.ports)) {
        for (const p of spec.ports) {
          if (!isObject(p)) continue;
          setDefault(p, 'protocol', 'TCP');
          setDefault(p, 'targetPort', p.port);
          if (nodePorts) setDefault(p, 'nodePort', 30000 + (nextIp++ % 2000));
        }
      }
      return;
    }
    case 'Namespace': {
      const meta = obj(o, 'metadata');
      obj(meta, 'labels')['kubernetes.io/metadata.name'] = String(meta.name);
      setDefault(obj(o, 'spec'), 'finalizers', ['kubernetes']);
      return;
    }
    case 'Secret': {
      setDefault(o, 'type', 'Opaque');
      if (isObject(o.stringData)) {
        const data = obj(o, 'data');
        for (const [k, v] of Object.entries(o.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
        delete o.stringData;
      }
      return;
    }
    case 'PersistentVolumeClaim':
      if (spec) setDefault(spec, 'volumeMode', 'Filesystem');
      return;
    default:
      return;
  }
}

/** A plausible status, as the owning controller would have written it. */
export function statusFor(o: JsonObject, generation: number): JsonObject | undefined {
  const spec = isObject(o.spec) ? o.spec : {};
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      const n = typeof spec.replicas === 'number' ? spec.replicas : 1;
      const status: JsonObject = { observedGeneration: generation, replicas: n, readyReplicas: n, updatedReplicas: n };
      if (o.kind === 'Deployment') {
        status.availableReplicas = n;
        status.conditions = [
          { type: 'Available', status: 'True', lastUpdateTime: '2024-05-01T10:00:05Z', lastTransitionTime: '2024-05-01T10:00:05Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
          { type: 'Progressing', status: 'True', lastUpdateTime: '2024-05-01T10:00:05Z', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${String((o.metadata as JsonObject).name)}-7d9c7b8f5" has successfully progressed.` },
        ];
      } else {
        status.currentReplicas = n;
        status.availableReplicas = n;
      }
      return status;
    }
    case 'Service':
      return { loadBalancer: {} };
    case 'Namespace':
      return { phase: 'Active' };
    default:
      return undefined;
  }
}
