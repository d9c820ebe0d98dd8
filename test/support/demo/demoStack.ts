// The demo's world, started from the embedded sample (test/fixtures/demo-repo): a git work tree whose
// `origin` is a bare repository served over smart HTTP on 127.0.0.1, a GitHub-compatible forge test
// server that knows that repository, and the Kubernetes API test server (TLS, token auth) holding the
// live objects Flux and Argo CD would have applied, with drift planted on purpose. Used by
// `npm run demo` and by the journey e2e, so both show the same thing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { desiredSetFor } from '../../../src/core/diff/desiredSet';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { GitHubTestServer } from '../forge-server/github';
import { GitHttpServer, startGitHttpServer } from '../git/httpBackend';
import type { JsonObject } from '../kube-api-server/fields';
import { kubeconfigFor } from '../kube-api-server/kubeconfig';
import type { ServedResource } from '../kube-api-server/resources';
import { KubeApiTestServer } from '../kube-api-server/server';
import { stringify } from 'yaml';

export const DEMO_FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'demo-repo');
/** The URL the sample's Flux GitRepository and Argo CD Application name; replaced by the served remote's URL. */
const SAMPLE_REMOTE = 'https://git.example.com/platform/demo-gitops.git';
const REPO = 'platform/demo-gitops';
export const DEMO_CONTEXT = 'demo';
/** The Secret value the cluster holds and Git does not: it must never appear on screen or in output. */
export const LIVE_SECRET_VALUE = 'live-only-password-7f3a9';

/** The GitOps custom resources the sample's apps produce; a real cluster serves them through their CRDs. */
const GITOPS_RESOURCES: ServedResource[] = [
  { group: 'helm.toolkit.fluxcd.io', version: 'v2', kind: 'HelmRelease', plural: 'helmreleases', singular: 'helmrelease', namespaced: true, shortNames: ['hr'], status: true },
  { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', kind: 'Kustomization', plural: 'kustomizations', singular: 'kustomization', namespaced: true, shortNames: ['ks'], status: true },
  { group: 'source.toolkit.fluxcd.io', version: 'v1', kind: 'GitRepository', plural: 'gitrepositories', singular: 'gitrepository', namespaced: true, shortNames: ['gitrepo'], status: true },
  { group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', plural: 'applications', singular: 'application', namespaced: true, shortNames: ['app', 'apps'], status: true },
];

export interface DemoStack {
  /** The git work tree to open in VS Code. */
  workspace: string;
  remoteUrl: string;
  bareRepo: string;
  git: GitHttpServer;
  kube: KubeApiTestServer;
  kubeconfig: string;
  forge: GitHubTestServer;
  forgeToken: string;
  /** What was planted in the cluster, for the journey's assertions and the demo's banner. */
  planted: { drifted: string[]; extra: string[]; missing: string[]; secret: string; secretValue: string };
  /** VS Code user settings that point Reconcile at this stack. */
  settings: Record<string, unknown>;
  /** Environment for the editor process (the forge token lives here, never in settings). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

// Asynchronous on purpose: the git HTTP server runs in this process, so a blocking push would deadlock.
async function gitIn(cwd: string, ...args: string[]): Promise<string> {
  return gitWith({}, cwd, ...args);
}

async function gitWith(env: Record<string, string>, cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...env } });
  return stdout;
}

function replaceInTree(dir: string, from: string, to: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) replaceInTree(p, from, to);
    else if (/\.ya?ml$/.test(entry.name)) {
      const text = fs.readFileSync(p, 'utf8');
      if (text.includes(from)) fs.writeFileSync(p, text.split(from).join(to));
    }
  }
}

interface AppSeed {
  file: string;
  labels: (o: JsonObject) => Record<string, string>;
}

/** Seeds what each controller applied (its rendered set, labelled as it labels them); returns the objects. */
async function seedApps(kube: KubeApiTestServer, workspace: string): Promise<JsonObject[]> {
  const apps: AppSeed[] = [
    // Flux's own objects (its GitRepository and Kustomizations), applied by the flux-system Kustomization.
    { file: 'clusters/demo/flux-system/gotk-sync.yaml', labels: () => ({ 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }) },
    { file: 'clusters/demo/infrastructure.yaml', labels: () => ({ 'kustomize.toolkit.fluxcd.io/name': 'infrastructure', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }) },
    { file: 'clusters/demo/apps.yaml', labels: () => ({ 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }) },
    { file: 'argocd/staging-app.yaml', labels: () => ({ 'app.kubernetes.io/instance': 'demo-staging' }) },
  ];
  const seeded: JsonObject[] = [];
  for (const app of apps) {
    const desired = await desiredSetFor(nodeFileSystem, workspace, app.file);
    if (!desired.ok) throw new Error(`demo: cannot render ${app.file}: ${desired.error}`);
    for (const m of desired.value.manifests) {
      const o = structuredClone(m.object) as unknown as JsonObject;
      const meta = (o.metadata ?? {}) as JsonObject;
      meta.labels = { ...((meta.labels as Record<string, string> | undefined) ?? {}), ...app.labels(o) };
      o.metadata = meta;
      seeded.push(o);
    }
  }
  return seeded;
}

function find(objects: JsonObject[], kind: string, namespace: string, name: string): JsonObject {
  const o = objects.find((x) => x.kind === kind && (x.metadata as JsonObject).name === name && (x.metadata as JsonObject).namespace === namespace);
  if (!o) throw new Error(`demo: the sample no longer renders ${kind} ${namespace}/${name}; update test/support/demo/demoStack.ts`);
  return o;
}

/** Plants the drift the demo shows: two changed workloads, one Secret, one object Git does not have. */
function plantDrift(objects: JsonObject[]): DemoStack['planted'] {
  const web = find(objects, 'Deployment', 'production', 'web');
  (web.spec as JsonObject).replicas = 5; // someone ran `kubectl scale`
  const api = find(objects, 'Deployment', 'staging', 'api');
  const container = (((api.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
  container[0].image = String(container[0].image).replace(/:[^:]+$/, ':6.5.0-hotfix'); // a hotfix image set by hand
  const secret = find(objects, 'Secret', 'production', 'api-db');
  const data = { ...((secret.stringData as Record<string, string> | undefined) ?? {}) };
  delete secret.stringData;
  secret.data = Object.fromEntries(Object.keys(data).map((k) => [k, Buffer.from(k === 'password' ? LIVE_SECRET_VALUE : data[k]).toString('base64')]));
  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'debug-flags', namespace: 'production', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } },
    data: { LOG_LEVEL: 'debug' },
  });
  return { drifted: ['Deployment production/web', 'Deployment staging/api'], extra: ['ConfigMap production/debug-flags'], missing: [], secret: 'Secret production/api-db', secretValue: LIVE_SECRET_VALUE };
}

/** One step of the sample's history: files rewritten (from → to) before the commit. */
interface HistoryStep {
  message: string;
  edits: Array<{ file: string; from: string; to: string }>;
}

/**
 * The sample as a repository with a past, so the object history has something to show: the first commit
 * holds older values, later commits move them to what the fixture says today (and one commit is unrelated).
 */
const HISTORY: HistoryStep[] = [
  { message: 'Production: podinfo 6.7.1', edits: [{ file: 'apps/production/kustomization.yaml', from: 'newTag: 6.7.0', to: 'newTag: 6.7.1' }] },
  { message: 'Docs: describe the layout', edits: [{ file: 'README.md', from: '', to: '\nOwners: platform team.\n' }] },
  { message: 'Production: scale web to 3 replicas', edits: [{ file: 'apps/production/web-patch.yaml', from: 'replicas: 2', to: 'replicas: 3' }] },
];

async function commitHistory(workspace: string): Promise<void> {
  // Roll the files back to their oldest state, commit, then replay each step as its own commit.
  for (const step of [...HISTORY].reverse()) {
    for (const e of step.edits) {
      const file = path.join(workspace, e.file);
      const text = fs.readFileSync(file, 'utf8');
      if (e.from === '') fs.writeFileSync(file, text.endsWith(e.to) ? text.slice(0, -e.to.length) : text);
      else if (!text.includes(e.to)) throw new Error(`demo: ${e.file} no longer contains "${e.to}"; update HISTORY in test/support/demo/demoStack.ts`);
      else fs.writeFileSync(file, text.replace(e.to, e.from));
    }
  }
  const day = 24 * 3600 * 1000;
  const start = Date.parse('2026-10-01T09:00:00Z');
  const commit = async (message: string, i: number): Promise<void> => {
    const date = new Date(start + i * 3 * day).toISOString();
    await gitIn(workspace, 'add', '-A');
    await gitWith({ GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, workspace, 'commit', '-q', '-m', message);
  };
  await commit('Demo GitOps repository: Flux clusters, infrastructure and apps', 0);
  for (const [i, step] of HISTORY.entries()) {
    for (const e of step.edits) {
      const file = path.join(workspace, e.file);
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, e.from === '' ? text + e.to : text.replace(e.from, e.to));
    }
    await commit(step.message, i + 1);
  }
}

/** Starts everything under `dir` (created if needed; the caller removes it). */
export async function startDemoStack(dir: string, fixture = DEMO_FIXTURE): Promise<DemoStack> {
  fs.mkdirSync(dir, { recursive: true });
  const gitRoot = path.join(dir, 'git');
  const bareRepo = path.join(gitRoot, ...REPO.split('/')) + '.git';
  fs.mkdirSync(bareRepo, { recursive: true });
  await gitIn(bareRepo, 'init', '-q', '--bare', '-b', 'main');
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    const git = await startGitHttpServer(gitRoot);
    stoppers.push(() => git.close());
    const remoteUrl = `${git.baseUrl}/${REPO}.git`;

    const workspace = path.join(dir, 'demo-gitops');
    fs.cpSync(fixture, workspace, { recursive: true });
    replaceInTree(workspace, SAMPLE_REMOTE, remoteUrl);
    await gitIn(workspace, 'init', '-q', '-b', 'main');
    await gitIn(workspace, 'config', 'user.name', 'Demo User');
    await gitIn(workspace, 'config', 'user.email', 'demo@example.com');
    await gitIn(workspace, 'config', 'commit.gpgsign', 'false');
    await commitHistory(workspace);
    await gitIn(workspace, 'remote', 'add', 'origin', remoteUrl);
    await gitIn(workspace, 'push', '-q', 'origin', 'main');
    await gitIn(workspace, 'branch', '-q', '--set-upstream-to=origin/main', 'main');

    const forgeToken = `demo-${Math.random().toString(36).slice(2, 10)}`;
    const forge = await new GitHubTestServer(forgeToken).start();
    stoppers.push(() => forge.close());
    forge.addRepo(REPO, 'main');

    const kube = await KubeApiTestServer.start({ tls: true, tokens: { 'demo-token': 'demo-user' } });
    stoppers.push(() => kube.close());
    for (const r of GITOPS_RESOURCES) kube.store.addResource(r);
    const live = await seedApps(kube, workspace);
    const planted = plantDrift(live);
    // A manifest whose apiVersion the cluster no longer serves (the sample's planted policy/v1beta1 PDB)
    // was never applied: it shows as missing, as it would on a real 1.25+ cluster.
    for (const o of live) {
      if (kube.store.findByKind(String(o.apiVersion), String(o.kind))) kube.seed(o);
      else planted.missing.push(`${String(o.kind)} ${String((o.metadata as JsonObject).namespace ?? '')}/${String((o.metadata as JsonObject).name)} (${String(o.apiVersion)} is not served)`);
    }
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, stringify(kubeconfigFor(kube, { token: 'demo-token' }, { context: DEMO_CONTEXT })), { mode: 0o600 });

    const settings: Record<string, unknown> = {
      'reconcile.kubeconfig': kubeconfig,
      'reconcile.sync.forges': [{ host: '127.0.0.1', kind: 'github', apiUrl: forge.baseUrl }],
      'reconcile.sync.defaultBase': 'main',
    };
    return {
      workspace,
      remoteUrl,
      bareRepo,
      git,
      kube,
      kubeconfig,
      forge,
      forgeToken,
      planted,
      settings,
      env: { KUBECONFIG: kubeconfig, GITHUB_TOKEN: forgeToken },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
