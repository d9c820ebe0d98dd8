import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { writeRepo } from './helpers';
import { CORPUS, schemaDir } from './schemaDir';

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['validate', ...args, '--schema-dir', schemaDir()], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: {} });
  return { code, out, err };
}

const BAD = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: Balancer\n  ports:\n    - port: 80\n';
const GOOD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n';

describe('reconcile validate', () => {
  it('exit 0 and a summary when there are no errors', async () => {
    const root = writeRepo({ 'c.yaml': GOOD });
    const r = await run([], root);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /1 files, 1 documents checked against Kubernetes 1\.34: 0 errors/);
  });

  it('exit 1 with the JSON shape of issue 3 (repo-relative paths, 1-based positions)', async () => {
    const root = writeRepo({ 'apps/svc.yaml': BAD, 'c.yaml': GOOD });
    const r = await run(['--format', 'json'], root);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['version', 'files', 'documents', 'diagnostics']);
    assert.equal(json.version, 1);
    assert.equal(json.files, 2);
    assert.equal(json.documents, 2);
    assert.deepEqual(json.diagnostics, [
      {
        file: 'apps/svc.yaml',
        line: 6,
        column: 9,
        endLine: 6,
        endColumn: 17,
        severity: 'error',
        code: 'RC1104',
        message: '"Balancer" is not allowed for spec.type; use one of: ExternalName, ClusterIP, NodePort, LoadBalancer. Did you mean "LoadBalancer"?',
      },
    ]);
  });

  it('paths narrow the report; --kubernetes-version picks the release', async () => {
    const fsYaml = 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata:\n  name: f\nspec:\n  priorityLevelConfiguration:\n    name: global-default\n';
    const root = writeRepo({ 'a/svc.yaml': BAD, 'b/f.yaml': fsYaml });
    const onlyB = await run(['b', '--format', 'json'], root);
    assert.deepEqual((JSON.parse(onlyB.out) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code), ['RC1201']);
    const old = await run(['b', '--kubernetes-version', '1.30'], root);
    assert.equal(old.code, 0, old.out);
  });

  it('SARIF 2.1.0 with rule metadata and SRCROOT-relative locations', async () => {
    const root = writeRepo({ 'svc.yaml': BAD });
    const r = await run(['--format', 'sarif'], root);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; defaultConfiguration: { level: string } }> } }; results: Array<Record<string, unknown>> }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'reconcile');
    assert.deepEqual(run0.tool.driver.rules.map((x) => x.id), ['RC1104']);
    assert.deepEqual(run0.results[0].locations, [
      { physicalLocation: { artifactLocation: { uri: 'svc.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 6, startColumn: 9, endLine: 6, endColumn: 17 } } },
    ]);
    assert.equal(run0.results[0].level, 'error');
    assert.equal(run0.results[0].ruleIndex, 0);
  });

  it('usage errors exit 2 with a message', async () => {
    const root = writeRepo({ 'c.yaml': GOOD });
    for (const args of [['--format', 'xml'], ['--kubernetes-version', '1.99'], ['--kubernetes-version', 'latest'], ['--bogus'], ['missing-dir'], ['--severity', 'RC9999=off']]) {
      const r = await run(args, root);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.err.length > 0, args.join(' '));
    }
  });

  it('uses the git remote to decide which Argo CD Applications point here', async () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\nspec:\n  project: default\n  source:\n    repoURL: https://github.com/me/gitops\n    path: apps/missing\n  destination:\n    namespace: default\n    server: https://kubernetes.default.svc\n';
    const root = writeRepo({ 'argo/app.yaml': app });
    execFileSync('git', ['init', '-q'], { cwd: root });
    execFileSync('git', ['remote', 'add', 'origin', 'git@github.com:me/gitops.git'], { cwd: root });
    const r = await run(['argo', '--format', 'json'], root);
    assert.equal(r.code, 1, r.err);
    assert.deepEqual((JSON.parse(r.out) as { diagnostics: Array<{ code: string; file: string; line: number }> }).diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`), ['argo/app.yaml:9 RC1601']);
  });

  it('a real repository: kubernetes/examples _archived fails, the rest passes', async () => {
    const repo = path.join(CORPUS, 'kubernetes__examples');
    const archived = await run(['_archived', '--format', 'json'], repo);
    assert.equal(archived.code, 1);
    const rest = await run(['web', 'databases', 'AI'], repo);
    assert.equal(rest.code, 0, rest.out);
  });
});

describe('reconcile validate --schema-folder', () => {
  it('validates a custom resource against a schema from an extra folder (catalog layout)', async () => {
    const root = writeRepo({
      'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n',
      'schemas/example.com/widget_v1.json': JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } }),
    });
    const without = await run(['w.yaml', '--format', 'json'], root);
    assert.deepEqual((JSON.parse(without.out) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code), ['RC1204']);
    const withFolder = await run(['w.yaml', '--schema-folder', 'schemas', '--format', 'json'], root);
    assert.equal(withFolder.code, 1);
    assert.deepEqual((JSON.parse(withFolder.out) as { diagnostics: Array<{ code: string; line: number }> }).diagnostics.map((d) => `${d.line} ${d.code}`), ['6 RC1101']);
  });
});
