// The CLI's scan pool (src/core/index/scanPool.ts: worker threads read, parse and classify, the main thread takes
// the outcomes in file order) builds the same index as the in-process scan, on the vendored corpora and on a
// repository of edge cases (aliases, merge keys, .inf/.nan/-0, a `__proto__` key, binary, JSON, a typed List,
// Helm charts, CRDs, syntax errors, files over the size limit); and a worker that cannot start or dies mid-scan
// loses no file: the rest is indexed in process and the problem is reported once.
import assert from 'node:assert/strict';
import { promises as fsp, realpathSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { ScanPool, ScanPoolOptions } from '../../../src/core/index/scanPool';
import { IndexSettings } from '../../../src/core/index/model';
import { PROJECT_ROOT } from '../../support/cli';
import { scanWorkerFile } from '../../../src/cli/scanJobs';
import { CORPUS } from '../../unit/validate/schemaDir';

// From source: the worker's .ts file, with tsx's loader required first (what the CLI run from src/ does).
const WORKER = scanWorkerFile();
assert.equal(WORKER.workerFile, path.join(PROJECT_ROOT, 'src', 'core', 'index', 'scanWorker.ts'));
assert.equal(realpathSync(WORKER.preload!), realpathSync(require.resolve('tsx/cjs')));

const EDGE_FILES: Record<string, string | Uint8Array> = {
  'apps/edge.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: edge',
    '  namespace: apps',
    'base: &b {x: 1, y: [1, 2]}',
    'copy: *b',
    'merged:',
    '  <<: *b',
    '  z: 3',
    'numbers: [.inf, -.inf, .nan, -0.0, 0x1f, 1e3, ~]',
    '__proto__: {polluted: true}',
    'empty:',
    '---',
    '# a comment-only document',
    '---',
    'apiVersion: v1',
    'kind: ConfigMapList',
    'items:',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata: {name: one}',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata: {name: two}',
    '',
  ].join('\n'),
  'apps/broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n---\napiVersion: v1\nkind: Service\nmetadata: {name: fine}\n',
  'apps/dup.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nmetadata: {name: t}\n',
  'apps/kustomization.yaml': 'resources:\n- edge.yaml\n- missing.yaml\nconfigMapGenerator:\n- name: gen\n  files: [conf.txt]\n',
  'apps/deploy.json': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { serviceAccountName: 'sa' } } } }),
  'package.json': '{"name": "not-a-manifest"}',
  'apps/blob.yaml': new Uint8Array([0x61, 0x3a, 0x00, 0x01, 0x02]),
  'apps/huge.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata:\n  a: "${'x'.repeat(4000)}"\n`,
  'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
  'chart/values.yaml': 'replicas: 2\nimage: {tag: "1.0"}\n',
  'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
  'crds/crd.yaml': [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata: {name: widgets.example.com}',
    'spec:',
    '  group: example.com',
    '  names: {kind: Widget, plural: widgets}',
    '  scope: Namespaced',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}',
    '',
  ].join('\n'),
  'flux/ks.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: repo}\n',
};

async function tempDir(prefix: string): Promise<string> {
  return fsp.realpath(await fsp.mkdtemp(path.join(os.tmpdir(), prefix)));
}

async function writeTree(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fsp.writeFile(path.join(dir, rel), content);
  }
}

/** Everything a scan produces that later stages read, in order. */
/** Everything a scan produces that later stages read, in order; `byWorkers`: files the workers indexed. */
async function scanned(root: string, pool?: Partial<ScanPoolOptions>, settings: Partial<IndexSettings> = { maxFileSizeBytes: 64 * 1024 * 1024 }, counts?: { byWorkers: number; byMain: number }) {
  const index = new RepositoryIndex({
    root,
    fs: nodeFileSystem,
    settings: { repoUrls: ['https://github.com/example/repo.git'], ...settings },
    scanIndexer: pool ? new ScanPool({ ...WORKER, jobs: 2, minBytes: 0, onDone: (c) => counts && Object.assign(counts, c), ...pool }) : undefined,
  });
  const summary = await index.scan();
  return { summary, files: index.files(), references: index.references(), resources: index.resources(), kustomizations: index.kustomizations(), apps: index.apps(), errors: index.errors() };
}

describe('scan pool: the same index as the in-process scan', () => {
  let edge: string;
  before(async () => {
    edge = await tempDir('reconcile-pool-edge-');
    await writeTree(edge, EDGE_FILES);
  });
  after(() => fsp.rm(edge, { recursive: true, force: true }));

  it('on a repository of edge cases (values, errors, skipped files) with 2, 3 and 4 threads', async () => {
    const settings = { maxFileSizeBytes: 2048 };
    const expected = await scanned(edge, undefined, settings);
    // The fixture must hold what it claims, or the comparison proves less than it says.
    const edgeFile = expected.files.find((f) => f.path === 'apps/edge.yaml')!;
    const v = edgeFile.documents[0].value as Record<string, unknown>;
    assert.deepEqual(v.numbers, [Infinity, -Infinity, NaN, -0, 31, 1000, null]);
    assert.ok(Object.prototype.hasOwnProperty.call(v, '__proto__'));
    assert.deepEqual(edgeFile.documents.find((d) => d.kind === 'ConfigMapList')?.itemLines, [19, 22]);
    assert.deepEqual(
      expected.files.filter((f) => f.role !== 'manifests').map((f) => [f.path, f.role]),
      [['apps/blob.yaml', 'skipped'], ['apps/huge.yaml', 'skipped'], ['chart/templates/deploy.yaml', 'helm-template']],
    );
    assert.ok(expected.errors.some((e) => e.code === 'RC0001') && expected.errors.some((e) => e.code === 'RC0002'));
    for (const jobs of [2, 3, 4]) {
      const problems: string[] = [];
      const counts = { byWorkers: 0, byMain: 0 };
      const got = await scanned(edge, { jobs, onProblem: (m) => problems.push(m), mainIndexes: false, batchBytes: 1 }, settings, counts);
      assert.deepEqual(problems, []);
      // Every file handed to the pool went through a worker: the manifests, the binary file and package.json (read,
      // then dropped as not a manifest); not the file over the size limit nor the Helm template.
      assert.deepEqual(counts, { byWorkers: expected.files.filter((f) => f.role === 'manifests').length + 2, byMain: 0 });
      assert.deepStrictEqual(got, expected, `${jobs} threads`);
      // -0 and the own `__proto__` key survive the structured clone (deepStrictEqual tells -0 from 0 via Object.is).
      const gv = got.files.find((f) => f.path === 'apps/edge.yaml')!.documents[0].value as Record<string, unknown>;
      assert.ok(Object.is((gv.numbers as number[])[3], -0));
      assert.equal(Object.getPrototypeOf(gv), Object.prototype);
      assert.deepEqual(Object.keys(gv), Object.keys(v));
    }
  });

  it('on all four vendored corpora in one repository', async () => {
    const expected = await scanned(CORPUS);
    assert.ok(expected.summary.documents > 300, `the corpora hold ${expected.summary.documents} documents`);
    const problems: string[] = [];
    const counts = { byWorkers: 0, byMain: 0 };
    const got = await scanned(CORPUS, { jobs: 3, onProblem: (m) => problems.push(m), mainIndexes: false }, undefined, counts);
    assert.deepEqual(problems, []);
    assert.deepStrictEqual(got, expected);
    assert.equal(counts.byMain, 0);
  });

  it('the main thread indexes from the front what no worker has taken; the outcome is the same', async () => {
    const counts = { byWorkers: 0, byMain: 0 };
    const got = await scanned(CORPUS, { jobs: 2, batchBytes: 1 }, undefined, counts);
    assert.deepStrictEqual(got, await scanned(CORPUS));
    assert.ok(counts.byMain > 0, JSON.stringify(counts));
  });

  it('stays in process below minBytes (no worker is started, so a missing worker file goes unnoticed)', async () => {
    const problems: string[] = [];
    const got = await scanned(edge, { workerFile: path.join(edge, 'no-such-worker.js'), preload: undefined, minBytes: 1e9, onProblem: (m) => problems.push(m) });
    assert.deepEqual(problems, []);
    assert.deepStrictEqual(got, await scanned(edge));
  });
});

describe('scan pool: a failing worker loses no file', () => {
  let big: string;
  before(async () => {
    big = await tempDir('reconcile-pool-fail-');
    await writeTree(big, EDGE_FILES);
    // Small files first, then one too big for a worker with a 16 MB heap: it runs out of memory mid-scan.
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n${Array.from({ length: 40 }, (_, k) => `  key${k}: "${'v'.repeat(60)}-${i}-${k}"`).join('\n')}\n`;
    for (let f = 0; f < 6; f++) {
      await writeTree(big, { [`many/file-${String(f).padStart(2, '0')}.yaml`]: Array.from({ length: 50 }, (_, i) => doc(f * 1000 + i)).join('---\n') });
    }
    await writeTree(big, { 'zz/big.yaml': Array.from({ length: 3000 }, (_, i) => doc(100_000 + i)).join('---\n') });
  });
  after(() => fsp.rm(big, { recursive: true, force: true }));

  it('a worker script that cannot be loaded: every file indexed in process, one message', async () => {
    const problems: string[] = [];
    const got = await scanned(big, { workerFile: path.join(big, 'no-such-worker.js'), preload: undefined, onProblem: (m) => problems.push(m) });
    assert.deepStrictEqual(got, await scanned(big));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /^a scan worker failed \(.*no-such-worker\.js.*\); indexing the remaining \d+ of \d+ files in this process$/s);
  });

  it('workers running out of memory mid-scan: the files not yet back are indexed in process, one message', async () => {
    const problems: string[] = [];
    const got = await scanned(big, { jobs: 2, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 }, onProblem: (m) => problems.push(m) });
    assert.deepStrictEqual(got, await scanned(big));
    assert.equal(problems.length, 1, problems.join('\n'));
    const m = /^a scan worker failed \(ERR_WORKER_OUT_OF_MEMORY: .*\); indexing the remaining (\d+) of (\d+) files in this process$/.exec(problems[0]);
    assert.ok(m, problems[0]);
    // The worker takes the big file (last) first; what the main thread had not indexed yet is indexed here.
    assert.ok(Number(m[1]) >= 1 && Number(m[1]) <= Number(m[2]), problems[0]);
  });
});
