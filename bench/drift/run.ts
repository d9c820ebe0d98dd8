// Drift speed: 2,000 live objects across 20 kinds (100 each, 5% drifted), from the Kubernetes API test
// server over TLS. Reports medians of: the whole drift run (client-side, one list per kind), the diff engine
// alone, the same run with server-side dry-run per object, and a peer: one GET per object instead of lists.
// Run: node --import tsx bench/drift/run.ts
import { connect, ReadOnlyClusterClient } from '../../src/core/cluster/client';
import { computeDrift } from '../../src/core/diff/drift';
import { runDrift } from '../../src/core/diff/runDrift';
import { KubeObject, Manifest } from '../../src/core/types';
import { kubeconfigFor, writeKubeconfig } from '../../test/support/kube-api-server/kubeconfig';
import { KubeApiTestServer } from '../../test/support/kube-api-server/server';

const PER_KIND = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function podTemplate(name: string): Record<string, unknown> {
  return {
    metadata: { labels: { app: name } },
    spec: {
      containers: [
        {
          name: 'app',
          image: `registry.example.com/${name}:1.2.3`,
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 } },
        },
      ],
    },
  };
}

const KINDS: Array<[string, string, boolean, (n: string) => Record<string, unknown>]> = [
  ['v1', 'ConfigMap', true, () => ({ data: { 'app.properties': 'a=1\nb=2\n', mode: 'prod' } })],
  ['v1', 'Secret', true, () => ({ stringData: { password: 'not-a-real-secret', user: 'app' } })],
  ['v1', 'Service', true, (n) => ({ spec: { selector: { app: n }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } })],
  ['v1', 'ServiceAccount', true, () => ({})],
  ['v1', 'PersistentVolumeClaim', true, () => ({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } })],
  ['v1', 'ResourceQuota', true, () => ({ spec: { hard: { pods: '10', 'requests.cpu': '4' } } })],
  ['v1', 'LimitRange', true, () => ({ spec: { limits: [{ type: 'Container', default: { cpu: '500m' } }] } })],
  ['apps/v1', 'Deployment', true, (n) => ({ spec: { replicas: 2, selector: { matchLabels: { app: n } }, template: podTemplate(n) } })],
  ['apps/v1', 'StatefulSet', true, (n) => ({ spec: { serviceName: n, selector: { matchLabels: { app: n } }, template: podTemplate(n) } })],
  ['apps/v1', 'DaemonSet', true, (n) => ({ spec: { selector: { matchLabels: { app: n } }, template: podTemplate(n) } })],
  ['batch/v1', 'Job', true, (n) => ({ spec: { template: { ...podTemplate(n), spec: { ...(podTemplate(n).spec as object), restartPolicy: 'Never' } } } })],
  ['batch/v1', 'CronJob', true, (n) => ({ spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...podTemplate(n), spec: { ...(podTemplate(n).spec as object), restartPolicy: 'OnFailure' } } } } } })],
  ['networking.k8s.io/v1', 'Ingress', true, (n) => ({ spec: { rules: [{ host: `${n}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: n, port: { number: 80 } } } }] } }] } })],
  ['networking.k8s.io/v1', 'NetworkPolicy', true, (n) => ({ spec: { podSelector: { matchLabels: { app: n } }, policyTypes: ['Ingress'] } })],
  ['rbac.authorization.k8s.io/v1', 'Role', true, () => ({ rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] })],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding', true, (n) => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: n }, subjects: [{ kind: 'ServiceAccount', name: n }] })],
  ['policy/v1', 'PodDisruptionBudget', true, (n) => ({ spec: { minAvailable: 1, selector: { matchLabels: { app: n } } } })],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', true, (n) => ({ spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: n }, minReplicas: 1, maxReplicas: 5 } })],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole', false, () => ({ rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }] })],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', false, (n) => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: n }, subjects: [{ kind: 'Group', name: 'devs' }] })],
];

function desiredSet(): Manifest[] {
  const out: Manifest[] = [];
  for (const [apiVersion, kind, namespaced, body] of KINDS) {
    for (let i = 0; i < PER_KIND; i++) {
      const name = `${kind.toLowerCase()}-${i}`;
      const object: KubeObject = { apiVersion, kind, metadata: { name, ...(namespaced ? { namespace: `team-${i % 10}` } : {}), labels: { team: `t${i % 10}` } }, ...body(name) };
      out.push({ object, origin: { file: `${kind}.yaml`, documentIndex: i, range: { file: `${kind}.yaml`, start: 0, end: 0, startPos: { line: 0, character: 0 }, endPos: { line: 0, character: 0 } } } });
    }
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

/** The peer: what a client without list-per-kind does — one GET per desired object, then the same diff. */
async function getPerObject(client: ReadOnlyClusterClient, desired: Manifest[]): Promise<number> {
  let calls = 0;
  const live: KubeObject[] = [];
  const queue = [...desired];
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let m = queue.shift(); m; m = queue.shift()) {
      const r = await client.resolve(m.object.apiVersion!, m.object.kind!);
      if (!r.ok) throw new Error(r.error.message);
      calls++;
      const got = await client.get(r.value, m.object.metadata!.name!, m.object.metadata!.namespace);
      if (got.ok) live.push(got.value);
    }
  }));
  computeDrift({ desired, live });
  return calls;
}

async function main(): Promise<void> {
  const server = await KubeApiTestServer.start({ tls: true, tokens: { bench: 'bench' } });
  const desired = desiredSet();
  server.seed(desired.map((m) => m.object));
  // 5% drift: replicas, labels, config data changed in the cluster.
  let drifted = 0;
  for (const m of desired) {
    const o = m.object;
    if (Number(o.metadata!.name!.split('-').pop()) % 20 !== 0) continue;
    server.store.mutate(o.apiVersion!, o.kind!, o.metadata!.namespace, o.metadata!.name!, (x) => ((x.metadata as { labels: Record<string, string> }).labels.team = 'changed'));
    drifted++;
  }
  const c = await connect({ kubeconfigPath: writeKubeconfig(kubeconfigFor(server, { token: 'bench' })), trusted: false });
  if (!c.ok) throw new Error(c.error.message);
  const client = c.value;

  // Warm-up (JIT, TLS session, discovery cache) so every measured run is alike.
  await runDrift(client, { desired, dryRun: 'off' });
  await getPerObject(client, desired);
  const whole: number[] = [];
  let listCalls = 0;
  let modified = 0;
  for (let i = 0; i < RUNS; i++) {
    const before = server.requests.length;
    const [ms, r] = await time(() => runDrift(client, { desired, dryRun: 'off', pageSize: 500 }));
    if (!r.ok) throw new Error(r.error.message);
    whole.push(ms);
    listCalls = server.requests.slice(before).filter((x) => x.verb === 'list').length;
    modified = r.value.report.resources.filter((x) => x.status === 'modified').length;
  }
  const live = await runDrift(client, { desired, dryRun: 'off' });
  if (!live.ok) throw new Error(live.error.message);
  const liveObjects: KubeObject[] = [];
  for (const [apiVersion, kind] of KINDS) {
    const r = await client.resolve(apiVersion, kind);
    if (!r.ok) throw new Error(r.error.message);
    const page = await client.list(r.value);
    if (page.ok) liveObjects.push(...page.value.items);
  }
  const engine: number[] = [];
  for (let i = 0; i < RUNS; i++) engine.push((await time(async () => computeDrift({ desired, live: liveObjects })))[0]);
  const peer: number[] = [];
  for (let i = 0; i < RUNS; i++) peer.push((await time(() => getPerObject(client, desired)))[0]);
  const dry: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const [ms, r] = await time(() => runDrift(client, { desired, dryRun: 'auto' }));
    if (!r.ok) throw new Error(r.error.message);
    dry.push(ms);
  }
  await server.close();

  const m = median(whole);
  console.log(`drift bench: ${desired.length} objects, ${KINDS.length} kinds, ${drifted} drifted in the cluster, ${RUNS} runs (medians)`);
  console.log(`  drift run, client-side (discovery + lists + diff): ${m.toFixed(0)} ms  [${listCalls} list calls, ${modified} modified]  ${m < 2000 ? 'OK < 2 s' : 'OVER 2 s'}`);
  console.log(`  diff engine alone (computeDrift):                 ${median(engine).toFixed(0)} ms`);
  console.log(`  peer: one GET per object + same diff:             ${median(peer).toFixed(0)} ms  [${desired.length} calls]  ratio ${(median(peer) / m).toFixed(1)}x slower`);
  console.log(`  drift run with server-side dry-run per object:    ${median(dry).toFixed(0)} ms  [${desired.length} dry-run PATCHes + ${listCalls} lists]`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
