// `reconcile render` end to end through the command object: real files in a temp git repository,
// a Flux Kustomization with postBuild substitution from an in-repo ConfigMap and Secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { load, loadAll } from 'js-yaml';
import { renderCommand } from '../../../src/cli/commands/render';
import { CliIO } from '../../../src/cli/command';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-render-'));
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: {} };
  const code = await renderCommand.run(args, io);
  return { code, out, err };
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: \${REPLICAS:=1}
  template:
    spec:
      containers:
      - name: web
        image: nginx:\${TAG}
        env:
        - name: GREETING
          value: "\${GREETING}"
        - name: LITERAL
          value: "$\${NOT_A_VAR}"
`;

test('renders a kustomization directory in kustomize order', async () => {
  const dir = repo({
    'app/kustomization.yaml': 'resources:\n- deploy.yaml\n- ns.yaml\nnamespace: shop\nconfigMapGenerator:\n- name: cfg\n  literals:\n  - a=b\n',
    'app/deploy.yaml': deployment,
    'app/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
  });
  try {
    const r = await run(['app'], dir);
    assert.equal(r.code, 0, r.err);
    const kinds = loadAll(r.out).map((d) => (d as { kind: string }).kind);
    assert.deepEqual(kinds, ['Namespace', 'ConfigMap', 'Deployment']);
    assert.match(r.out, /name: cfg-[a-z0-9]{10}\n  namespace: shop/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('renders a Flux Kustomization with targetNamespace and postBuild substitution from the repository', async () => {
  const dir = repo({
    'clusters/dev/apps.yaml': `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  path: ./apps
  targetNamespace: web
  postBuild:
    substitute:
      TAG: "1.27"
    substituteFrom:
    - kind: ConfigMap
      name: cluster-vars
    - kind: Secret
      name: cluster-secrets
    - kind: ConfigMap
      name: only-in-cluster
      optional: true
`,
    'clusters/dev/vars.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-vars
  namespace: flux-system
data:
  REPLICAS: "3"
  TAG: overridden-by-substitute
---
apiVersion: v1
kind: Secret
metadata:
  name: cluster-secrets
  namespace: flux-system
data:
  GREETING: aGVsbG8=
`,
    'apps/deploy.yaml': deployment,
  });
  try {
    const r = await run(['clusters/dev/apps.yaml'], dir);
    assert.equal(r.code, 0, r.err);
    const d = load(r.out) as { metadata: { namespace: string }; spec: { replicas: number; template: { spec: { containers: Array<{ image: string; env: Array<{ value: string }> }> } } } };
    assert.equal(d.metadata.namespace, 'web');
    assert.equal(d.spec.replicas, 3);
    const c = d.spec.template.spec.containers[0];
    assert.equal(c.image, 'nginx:1.27');
    assert.equal(c.env[0].value, 'hello');
    assert.equal(c.env[1].value, '${NOT_A_VAR}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing non-optional substituteFrom source is exit 1 with a clear message', async () => {
  const dir = repo({
    'flux.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: x\nspec:\n  path: ./app\n  postBuild:\n    substituteFrom:\n    - kind: ConfigMap\n      name: nowhere\n',
    'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
  });
  try {
    const r = await run(['flux.yaml'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /ConfigMap 'flux-system\/nowhere' was not found in the repository/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2; render errors exit 1 and name the problem', async () => {
  const dir = repo({ 'k/kustomization.yaml': 'resources:\n- missing.yaml\n', 'remote/kustomization.yaml': 'resources:\n- https://github.com/org/repo//deploy?ref=v1\n' });
  try {
    assert.equal((await run([], dir)).code, 2);
    assert.equal((await run(['k', '--engine', 'helm'], dir)).code, 2);
    const missing = await run(['k'], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /resource 'missing.yaml' not found/);
    const remote = await run(['remote'], dir);
    assert.equal(remote.code, 1);
    assert.match(remote.err, /remote resource 'https:\/\/github.com\/org\/repo\/\/deploy\?ref=v1' is not fetched/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The vendored Flux example as the repository it is upstream: Flux paths are relative to the repository root,
 * and in place the nearest git root would be this project's checkout.
 */
function fluxExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-render-flux-'));
  cpSync(join(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example'), dir, { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

test('a Flux Kustomization whose source is an ExternalArtifact renders the directory the index resolves, with its patches', async () => {
  const dir = fluxExample();
  try {
    const r = await run(['clusters/production/infrastructure.yaml', '--name', 'infra-configs'], dir);
    assert.equal(r.code, 0, r.err);
    const issuer = loadAll(r.out).find((d) => (d as { kind: string }).kind === 'ClusterIssuer') as { spec: { acme: { server: string } } } | undefined;
    assert.ok(issuer, 'the ClusterIssuer from infrastructure/configs is rendered');
    assert.equal(issuer?.spec.acme.server, 'https://acme-v02.api.letsencrypt.org/directory', 'the Flux JSON patch switched it to the production ACME server');
    const missing = await run(['clusters/production/infrastructure.yaml', '--name', 'nope'], dir);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no Flux Kustomization named 'nope'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--show-origins prefixes each object with its source file, 1-based line and the files that changed it', async () => {
  const dir = repo({
    'k/kustomization.yaml': 'resources:\n- objs.yaml\nnamePrefix: x-\n',
    'k/objs.yaml': '# leading comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
  });
  try {
    const r = await run(['k', '--show-origins'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '# Source: k/objs.yaml:2 (changed by k/kustomization.yaml)\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x-a\n');
    assert.equal((await run(['k', '--show-origins', '--engine', 'kubectl'], dir)).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
