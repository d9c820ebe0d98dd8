// `kustomize build overlays/prod | reconcile validate -`: a multi-document stream on standard input, through a
// real pipe into the real CLI process; findings at lines of that stream, under "stdin" or --stdin-name.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { initRepo, lineOf, runCli } from '../../support/cli';
import { kubectlAvailable } from '../../support/tools';
import { schemaDir } from '../../unit/validate/schemaDir';

const NO_KUBECTL = kubectlAvailable() ? false : 'kubectl is not installed: the kustomize-output cases need `kubectl kustomize`';

const FILES: Record<string, string> = {
  'base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
labels:
  - pairs:
      app.kubernetes.io/name: podinfo
    includeSelectors: true
resources:
  - deployment.yaml
  - service.yaml
configMapGenerator:
  - name: podinfo-config
    literals:
      - PODINFO_UI_COLOR=#34577c
`,
  'base/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: podinfo
  template:
    metadata:
      labels:
        app.kubernetes.io/name: podinfo
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.7.0
          ports:
            - name: http
              containerPort: 9898
          envFrom:
            - configMapRef:
                name: podinfo-config
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
`,
  'base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: podinfo
spec:
  ports:
    - name: http
      port: 9898
      targetPort: http
`,
  'overlays/prod/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: prod
namePrefix: prod-
resources:
  - ../../base
  - namespace.yaml
images:
  - name: ghcr.io/stefanprodan/podinfo
    newTag: 6.7.1
replicas:
  - name: podinfo
    count: 3
`,
  'overlays/prod/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n',
  // A patch that kustomize applies without a word and the API server rejects.
  'overlays/broken/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../prod
patches:
  - target:
      kind: Deployment
      name: prod-podinfo
    patch: |
      - op: add
        path: /spec/template/spec/containers/0/imagePullPolicy
        value: Sometimes
`,
};

// A stream written by hand, with a Service type the API server rejects at a known line (9).
const STREAM = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  type: Balancer
  ports:
    - port: 443
`;

interface Report {
  files: number;
  documents: number;
  diagnostics: Array<{ file: string; line: number; column: number; code: string; severity: string }>;
}

describe('reconcile validate - (standard input)', () => {
  let repo: string;
  const env = { RECONCILE_SCHEMA_DIR: schemaDir() };
  const kustomize = (dir: string) => ({ command: 'kubectl', args: ['kustomize', dir] });

  before(async () => {
    repo = await initRepo(FILES);
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('kubectl kustomize output piped in: every document checked, exit 0', { skip: NO_KUBECTL }, async () => {
    const rendered = execFileSync('kubectl', ['kustomize', 'overlays/prod'], { cwd: repo, encoding: 'utf8' });
    const documents = parseAllDocuments(rendered).length;
    assert.ok(documents >= 4, rendered);
    const json = await runCli(['validate', '-', '--format', 'json'], { cwd: repo, env, pipeFrom: kustomize('overlays/prod') });
    assert.equal(json.code, 0, json.stderr);
    const j = JSON.parse(json.stdout) as Report;
    assert.equal(j.files, 1);
    assert.equal(j.documents, documents);
    assert.deepEqual(j.diagnostics, []);
    const text = await runCli(['validate', '-'], { cwd: repo, env, pipeFrom: kustomize('overlays/prod') });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^1 files, ${documents} documents checked against Kubernetes [\\d.]+: 0 errors`));
  });

  it('a rendered overlay with an invalid patch: SARIF at the line of the stream, under --stdin-name', { skip: NO_KUBECTL }, async () => {
    const rendered = execFileSync('kubectl', ['kustomize', 'overlays/broken'], { cwd: repo, encoding: 'utf8' });
    const r = await runCli(['validate', '-', '--format', 'sarif', '--stdin-name', 'rendered/broken.yaml'], { cwd: repo, env, pipeFrom: kustomize('overlays/broken') });
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }>;
    };
    const results = sarif.runs[0].results;
    assert.equal(results.length, 1, r.stdout);
    assert.equal(results[0].level, 'error');
    assert.equal(results[0].ruleId, 'RC1104');
    assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, 'rendered/broken.yaml');
    assert.equal(results[0].locations[0].physicalLocation.region.startLine, lineOf(rendered, 'imagePullPolicy: Sometimes'));
  });

  it('a stream with a schema error: text and JSON name "stdin" and the line; exit 1', async () => {
    const line = lineOf(STREAM, 'type: Balancer');
    const text = await runCli(['validate', '-'], { cwd: repo, env, input: STREAM });
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, new RegExp(`^stdin:${line}:9: error RC1104: "Balancer" is not allowed for spec\\.type`, 'm'));
    assert.match(text.stdout, /1 files, 2 documents checked against Kubernetes [\d.]+: 1 errors/);
    const json = await runCli(['validate', '-', '--format', 'json'], { cwd: repo, env, input: STREAM });
    assert.equal(json.code, 1);
    const j = JSON.parse(json.stdout) as Report;
    assert.deepEqual(
      j.diagnostics.map((d) => [d.file, d.line, d.column, d.code]),
      [['stdin', line, 9, 'RC1104']],
    );
  });

  it('standard input and paths together', async () => {
    const r = await runCli(['validate', 'base', '-', '--format', 'json'], { cwd: repo, env, input: STREAM });
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as Report;
    // base/ holds three files; the stream is the fourth.
    assert.equal(j.files, 4);
    assert.deepEqual([...new Set(j.diagnostics.map((d) => d.file))], ['stdin']);
  });

  it('outside any git repository', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-nogit-'));
    try {
      const r = await runCli(['validate', '-', '--format', 'json'], { cwd: dir, env, input: STREAM });
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual((JSON.parse(r.stdout) as Report).diagnostics.map((d) => d.file), ['stdin']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('an empty stream is not a pass: exit 2, nothing on stdout, the reason on stderr', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = await runCli(['validate', '-', '--format', format], { cwd: repo, env, input: '' });
      assert.equal(r.code, 2, format);
      assert.equal(r.stdout, '', format);
      assert.match(r.stderr, /nothing to check on standard input: no YAML document/);
    }
  });

  it('usage errors: --stdin-name without -, - twice', async () => {
    const noDash = await runCli(['validate', 'base', '--stdin-name', 'x.yaml'], { cwd: repo, env });
    assert.equal(noDash.code, 2);
    assert.match(noDash.stderr, /--stdin-name needs - among the paths/);
    const twice = await runCli(['validate', '-', '-'], { cwd: repo, env, input: STREAM });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /may be given once/);
  });
});
