// A GitOps repository built commit by commit for history and revert tests: a base, a prod overlay
// with a replicas patch and an image override, and files unrelated to the overlay's Deployment.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export const deploymentYaml = (opts: { env?: string; replicas?: number } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${opts.replicas ?? 1}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
${opts.env ? `          env:\n            - name: MODE\n              value: ${opts.env}\n` : ''}          ports:
            - containerPort: 80
`;

export const serviceYaml = (port = 80) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: ${port}
`;

export const overlayKustomization = (tag: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: prod
resources:
  - ../../base
patches:
  - path: replicas.yaml
images:
  - name: nginx
    newTag: "${tag}"
`;

export const replicasPatch = (n: number, comment = '') => `${comment}apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${n}
`;

export interface Step {
  message: string;
  files: Record<string, string | null>;
}

/** The steps of the standard history: which ones change the overlay's rendered Deployment is the test's business. */
export const STANDARD_STEPS: Step[] = [
  {
    message: 'Add web app',
    files: {
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n',
      'base/deployment.yaml': deploymentYaml(),
      'base/service.yaml': serviceYaml(),
      'overlays/prod/kustomization.yaml': overlayKustomization('1.25.1'),
      'overlays/prod/replicas.yaml': replicasPatch(3),
      'docs/README.md': '# Docs\n',
    },
  },
  { message: 'base: run web in blue mode', files: { 'base/deployment.yaml': deploymentYaml({ env: 'blue' }) } },
  { message: 'docs: explain the layout', files: { 'docs/README.md': '# Docs\n\nThe layout.\n' } },
  { message: 'prod: scale web to 5 (#12)', files: { 'overlays/prod/replicas.yaml': replicasPatch(5) } },
  { message: 'base: service port 8080', files: { 'base/service.yaml': serviceYaml(8080) } },
  { message: 'base: replicas 2 (overridden in prod)', files: { 'base/deployment.yaml': deploymentYaml({ env: 'blue', replicas: 2 }) } },
  { message: 'prod: comment the patch', files: { 'overlays/prod/replicas.yaml': replicasPatch(5, '# scaled for the launch\n') } },
  { message: 'prod: nginx 1.27.0', files: { 'overlays/prod/kustomization.yaml': overlayKustomization('1.27.0') } },
];

export async function applyStep(dir: string, step: Step): Promise<string> {
  for (const [rel, text] of Object.entries(step.files)) {
    const abs = path.join(dir, rel);
    if (text === null) await fs.rm(abs, { force: true });
    else {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, text);
    }
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', step.message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

export interface BuiltRepo {
  root: string;
  dir: string;
  commits: string[];
  cleanup(): Promise<void>;
}

export async function buildRepo(steps: Step[] = STANDARD_STEPS): Promise<BuiltRepo> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-history-'));
  const dir = path.join(root, 'repo');
  git(root, 'init', '-q', '-b', 'main', dir);
  git(dir, 'config', 'user.name', 'History Test');
  git(dir, 'config', 'user.email', 'history@reconcile.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const commits: string[] = [];
  for (const s of steps) commits.push(await applyStep(dir, s));
  return { root, dir, commits, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}
