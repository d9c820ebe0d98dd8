// Paths named on the command line are checked whatever .gitignore says (ripgrep's and kubeconform's rule):
// the CI step "render into an ignored out/, then validate out/" must check what it was pointed at.
// Through the real CLI process, on a real git work tree.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { initRepo, lineOf, runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: ghcr.io/stefanprodan/podinfo:6.7.0
          ports:
            - containerPort: 9898
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app.kubernetes.io/name: web
  ports:
    - port: 80
      targetPort: 9898
`;

// What a render step wrote into the ignored out/: the Service with a type the API server rejects.
const RENDERED = `${DEPLOYMENT}---
${SERVICE.replace('spec:\n', 'spec:\n  type: Balancer\n')}`;
// Ignored inside out/ by the root .gitignore (*.local.yaml) and by out/.gitignore (debug/).
const LOCAL = SERVICE.replace('name: web\n', 'name: scratch\n').replace('spec:\n', 'spec:\n  type: Internal\n');
const DEBUG = DEPLOYMENT.replace('name: web\n', 'name: web-debug\n').replace('replicas: 2', 'replicas: two');

interface Report {
  files: number;
  documents: number;
  diagnostics: Array<{ file: string; line: number; code: string; severity: string }>;
}

describe('explicit paths win over ignore files', () => {
  let repo: string;
  const env = { RECONCILE_SCHEMA_DIR: schemaDir() };
  const validate = (args: string[]) => runCli(['validate', '--format', 'json', ...args], { cwd: repo, env });

  before(async () => {
    repo = await initRepo({
      '.gitignore': 'out/\n*.local.yaml\n',
      'apps/web/deployment.yaml': DEPLOYMENT,
      'apps/web/service.yaml': SERVICE,
      'apps/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n',
      'out/web.yaml': RENDERED,
      'out/web.local.yaml': LOCAL,
      'out/.gitignore': 'debug/\n',
      'out/debug/dump.yaml': DEBUG,
    });
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('the repository walk leaves the ignored out/ alone', async () => {
    const r = await validate([]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Report;
    assert.equal(j.files, 3);
    assert.deepEqual(j.diagnostics, []);
  });

  it('a named file is checked although .gitignore ignores its directory', async () => {
    const r = await validate(['out/web.yaml']);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as Report;
    assert.equal(j.files, 1);
    assert.equal(j.documents, 2);
    assert.deepEqual(
      j.diagnostics.map((d) => [d.file, d.line, d.code, d.severity]),
      [['out/web.yaml', lineOf(RENDERED, 'type: Balancer'), 'RC1104', 'error']],
    );
  });

  it('a named file is checked although a .gitignore pattern names the file itself', async () => {
    const r = await validate(['out/web.local.yaml']);
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as Report;
    assert.deepEqual(
      j.diagnostics.map((d) => [d.file, d.line]),
      [['out/web.local.yaml', lineOf(LOCAL, 'type: Internal')]],
    );
  });

  it('a named ignored directory is walked; ignore rules still apply to what it holds', async () => {
    for (const arg of ['out', 'out/', `${repo}/out`]) {
      const r = await validate([arg]);
      assert.equal(r.code, 1, `${arg}: ${r.stderr}`);
      const j = JSON.parse(r.stdout) as Report;
      // out/web.local.yaml (root *.local.yaml) and out/debug/ (out/.gitignore) stay out.
      assert.equal(j.files, 1, arg);
      assert.deepEqual([...new Set(j.diagnostics.map((d) => d.file))], ['out/web.yaml'], arg);
    }
  });

  it('named paths and the walk combine; --exclude still applies to named paths', async () => {
    const both = await validate(['apps', 'out']);
    assert.equal(both.code, 1, both.stderr);
    assert.equal((JSON.parse(both.stdout) as Report).files, 4);
    const excluded = await validate(['out', '--exclude', 'out/web.yaml']);
    assert.equal(excluded.code, 2);
    assert.equal(excluded.stdout, '');
    // web.yaml (--exclude), web.local.yaml (*.local.yaml), debug/dump.yaml (debug/); .gitignore is not YAML.
    assert.match(excluded.stderr, /nothing to check in out\/: no Kubernetes manifest found, 4 files skipped \(3 ignored by \.gitignore or --exclude, 1 not YAML or JSON\)/);
  });

  it('reconcile index out/ lists what the ignored directory holds, minus what the rules ignore inside it', async () => {
    const r = await runCli(['index', 'out', '--format', 'json'], { cwd: repo, env });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { resources: Array<{ kind: string; name: string; file: string }> };
    assert.deepEqual(
      j.resources.map((x) => `${x.kind}/${x.name} ${x.file}`),
      ['Deployment/web web.yaml', 'Service/web web.yaml'],
    );
  });

  it('reconcile render out/ renders the ignored folder of manifests', async () => {
    const r = await runCli(['render', 'out/', '--show-origins'], { cwd: repo, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /# Source: out\/web\.yaml:1\nkind: Deployment|# Source: out\/web\.yaml:1\napiVersion: apps\/v1/);
    assert.match(r.stdout, /type: Balancer/);
  });
});
