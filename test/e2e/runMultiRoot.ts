// Runs the multi-root in-editor suite (out/test/e2e/multiroot.js) in code-server with a `.code-workspace` of two
// folders, each a git repository: `platform` (a copy of the fixture repository) and `apps` (a small kustomization
// made here), each with one file that validation must flag. Each also has a Terraform root module and an
// atlantis.yaml naming a project `dir` that exists only in the other folder (RC2105 in each, at its own line).
// Env (set by scripts/e2e.sh): CODE_SERVER, EXTENSION_DIR, MULTIROOT_SUITE (the bundled suite).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { exitWith, prepareWorkspace, runSuiteRunner } from './harness';

const WRONG_TYPE = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n    - port: "eighty"\n`;

const APPS_FILES: Record<string, string> = {
  'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n',
  'deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: shop',
    'spec:',
    '  selector:',
    '    matchLabels: { app: shop }',
    '  template:',
    '    metadata:',
    '      labels: { app: shop }',
    '    spec:',
    '      containers:',
    '        - name: shop',
    '          image: nginx:1.27',
    '',
  ].join('\n'),
  // Line 8 (0-based 7) carries the wrong type: a comment line first, so the line differs from platform's.
  'misc/wrong-type.yaml': `# a Service whose port is not a number\n${WRONG_TYPE('shop-wrong')}`,
  // A root module of its own (platform's is terraform/, with aws_s3_bucket.logs).
  'infra/main.tf': 'variable "env" {\n  type = string\n}\n\nresource "aws_sqs_queue" "orders" {\n  name = "shop-orders"\n}\n',
  // Line 6 (0-based 5): `dir: terraform` exists only in platform, so RC2105 here.
  'atlantis.yaml': 'version: 3\nprojects:\n  - name: shop-infra\n    dir: infra\n  - name: shop-platform\n    dir: terraform\n',
};

// Line 4 (0-based 3): `dir: infra` exists only in apps, so RC2105 in platform's file too, at another line.
const PLATFORM_ATLANTIS = 'version: 3\nprojects:\n  - dir: terraform\n  - dir: infra\n';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', ...args], { cwd, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

/** The two folders and the workspace file naming them; returns the workspace file's path. */
function prepareMultiRoot(sandbox: string): string {
  const platform = prepareWorkspace(sandbox);
  fs.mkdirSync(path.join(platform, 'misc'), { recursive: true });
  fs.writeFileSync(path.join(platform, 'misc', 'multiroot-wrong-type.yaml'), WRONG_TYPE('platform-wrong'));
  fs.writeFileSync(path.join(platform, 'atlantis.yaml'), PLATFORM_ATLANTIS);
  const apps = path.join(sandbox, 'apps');
  for (const [rel, text] of Object.entries(APPS_FILES)) {
    fs.mkdirSync(path.dirname(path.join(apps, rel)), { recursive: true });
    fs.writeFileSync(path.join(apps, rel), text);
  }
  git(apps, 'init', '-q', '-b', 'main');
  git(apps, 'remote', 'add', 'origin', 'https://gitlab.com/example/shop-apps.git');
  git(apps, 'add', '.');
  git(apps, 'commit', '-q', '-m', 'shop app');
  const file = path.join(sandbox, 'reconcile.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ name: 'platform', path: path.basename(platform) }, { name: 'apps', path: 'apps' }], settings: {} }, null, 2));
  return file;
}

exitWith(runSuiteRunner({ title: 'multi-root', runner: 'multiroot', sandboxLabel: 'multi', suiteEnv: 'MULTIROOT_SUITE', workspace: prepareMultiRoot, timeoutMs: 180_000 }));
