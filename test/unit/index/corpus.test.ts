// The index on real GitOps repositories, checked against an independent count made with js-yaml loadAll
// over a file list this test builds itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');
const REPOS = ['fluxcd__flux2-kustomize-helm-example', 'fluxcd__flux2-multi-tenancy', 'kubernetes__examples', 'cert-manager__cert-manager'];

function walk(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Chart templates are Go templates: a chart is a folder with Chart.yaml. */
function isChartTemplate(rel: string, all: Set<string>): boolean {
  const parts = rel.split('/');
  return parts.some((p, i) => p === 'templates' && all.has([...parts.slice(0, i), 'Chart.yaml'].join('/')));
}

interface Independent {
  documents: number;
  objects: number;
  perFile: Map<string, number>;
}

function independentCount(root: string): Independent {
  const files = walk(root);
  const all = new Set(files);
  let documents = 0;
  let objects = 0;
  const perFile = new Map<string, number>();
  for (const f of files) {
    if (!/\.(ya?ml|json)$/.test(f) || isChartTemplate(f, all)) continue;
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    if (f.endsWith('.json') && !text.includes('"apiVersion"')) continue;
    let docs: unknown[];
    try {
      docs = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA });
    } catch {
      // Duplicate keys: the lenient mode keeps the last value, as Kubernetes does.
      docs = jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, json: true });
    }
    const nonEmpty = docs.filter((d) => d !== null && d !== undefined);
    documents += nonEmpty.length;
    perFile.set(f, nonEmpty.length);
    const kustomizeFile = /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f);
    for (const d of nonEmpty) {
      if (kustomizeFile || typeof d !== 'object' || Array.isArray(d)) continue;
      const o = d as Record<string, unknown>;
      if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') continue;
      if (o.apiVersion.startsWith('kustomize.config.k8s.io/')) continue;
      if (/List$/.test(o.kind) && Array.isArray(o.items)) objects += o.items.length;
      else objects++;
    }
  }
  return { documents, objects, perFile };
}

async function indexRepo(name: string): Promise<RepositoryIndex> {
  const index = new RepositoryIndex({ root: path.join(CORPUS, name), fs: nodeFileSystem });
  await index.scan();
  return index;
}

for (const repo of REPOS) {
  test(`${repo}: document and object counts equal an independent js-yaml count`, async () => {
    const index = await indexRepo(repo);
    const expected = independentCount(path.join(CORPUS, repo));
    const summary = index.summary();
    assert.equal(summary.documents, expected.documents);
    for (const f of index.files()) {
      if (f.role === 'manifests') assert.equal(f.documents.length, expected.perFile.get(f.path) ?? 0, f.path);
    }
    // Patch documents look like objects but are partial: the index lists them apart.
    const patchObjects = index.documents().filter((d) => d.classification === 'patch' && d.apiVersion && d.kind).length;
    assert.equal(summary.resources + patchObjects, expected.objects);
    assert.ok(summary.resources > 0);
  });
}

test('flux2-kustomize-helm-example: Flux objects, kustomizations, patches and apps are classified', async () => {
  const index = await indexRepo('fluxcd__flux2-kustomize-helm-example');
  for (const d of index.documents()) {
    if (d.apiVersion?.includes('.toolkit.fluxcd.io/')) assert.ok(d.classification === 'flux' || d.classification === 'patch', `${d.file}: ${d.classification}`);
    if (/kustomization\.yaml$/.test(d.file)) assert.equal(d.classification, 'kustomization', d.file);
  }
  // The overlay's values patch is a HelmRelease-shaped partial object, not a second HelmRelease.
  assert.equal(index.getFile('apps/production/podinfo-values.yaml')?.documents[0].classification, 'patch');
  assert.deepEqual(index.resources().filter((r) => r.kind === 'HelmRelease' && r.name === 'podinfo').map((r) => r.file), ['apps/base/podinfo/release.yaml']);
  const flux = index.apps().filter((a) => a.kind === 'FluxKustomization');
  // Paths of ExternalArtifact sources are mapped back through the ArtifactGenerator's copy rules.
  assert.deepEqual(new Set(flux.map((a) => a.path)), new Set(['apps/production', 'apps/staging', 'infrastructure/controllers', 'infrastructure/configs']));
  const prodApps = flux.find((a) => a.file === 'clusters/production/apps.yaml');
  assert.ok(prodApps);
  assert.deepEqual(index.appResources(prodApps).map((r) => `${r.kind}/${r.name}`).sort(), ['HelmRelease/podinfo', 'HelmRepository/podinfo', 'Namespace/podinfo']);
  const broken = index.references().filter((r) => r.type.startsWith('kustomize-') && r.resolved === false);
  assert.deepEqual(broken, []);
  const sourceRef = index.references().find((r) => r.type === 'flux-source' && r.source.file === 'apps/base/podinfo/release.yaml');
  assert.ok(sourceRef?.resolved);
  assert.equal(sourceRef.resolvedTo?.file, 'apps/base/podinfo/repository.yaml');
});

test('flux2-multi-tenancy: every Flux object classified, tenant kustomizations resolved', async () => {
  const index = await indexRepo('fluxcd__flux2-multi-tenancy');
  const fluxDocs = index.documents().filter((d) => d.apiVersion?.includes('.toolkit.fluxcd.io/'));
  assert.ok(fluxDocs.length >= 8);
  for (const d of fluxDocs) assert.ok(d.classification === 'flux' || d.classification === 'patch', `${d.file}: ${d.classification}`);
  assert.ok(index.kustomizations().length > 0);
  for (const k of index.kustomizations()) assert.equal(index.getFile(k.file)?.documents[0].classification, 'kustomization');
});

test('cert-manager: CRDs keep their schemas, chart templates are not parsed, values are Helm values', async () => {
  const index = await indexRepo('cert-manager__cert-manager');
  const crds = index.documents().filter((d) => d.classification === 'crd');
  assert.ok(crds.length >= 6);
  const issuers = crds.find((d) => d.name === 'issuers.cert-manager.io');
  assert.ok(issuers?.crdSchemas?.length);
  assert.equal(issuers.crdSchemas[0].kind, 'Issuer');
  assert.ok(issuers.crdSchemas.every((s) => typeof s.schema === 'object' && s.schema !== null));
  const templates = index.files().filter((f) => f.path.startsWith('deploy/charts/cert-manager/templates/'));
  assert.ok(templates.length > 20);
  for (const t of templates) {
    assert.equal(t.role, 'helm-template', t.path);
    assert.equal(t.documents.length, 0);
    assert.equal(t.errors.length, 0);
  }
  assert.equal(index.getFile('deploy/charts/cert-manager/Chart.yaml')?.documents[0]?.classification, 'helm-chart');
  const values = index.getFile('deploy/charts/cert-manager/values.yaml');
  assert.equal(values?.documents[0].classification, 'helm-values');
  assert.equal(index.errors().filter((e) => e.severity === 'error').length, 0);
});

test('kubernetes/examples: the 5 duplicate-key files are reported with their lines, nothing crashes', async () => {
  const index = await indexRepo('kubernetes__examples');
  const dups = index.errors().filter((e) => e.code === 'RC0002');
  assert.deepEqual(dups.map((e) => `${e.file}:${e.line + 1}`).sort(), [
    '_archived/openshift-origin/etcd-controller.yaml:12',
    '_archived/openshift-origin/etcd-discovery-controller.yaml:12',
    '_archived/openshift-origin/openshift-controller.yaml:12',
    '_archived/persistent-volume-provisioning/quobyte/quobyte-admin-secret.yaml:9',
    '_archived/volumes/scaleio/sc-pvc.yaml:12',
  ]);
  // Each line really holds the repeated key.
  for (const e of dups) {
    const lineText = fs.readFileSync(path.join(CORPUS, 'kubernetes__examples', e.file), 'utf8').split('\n')[e.line];
    const key = /'([^']+)'/.exec(e.message)?.[1];
    assert.ok(key && lineText.trimStart().startsWith(`${key}:`), `${e.file}:${e.line + 1}: ${lineText}`);
  }
  // Documents with duplicates are still indexed (last value wins).
  assert.ok(index.resources().some((r) => r.file === '_archived/volumes/scaleio/sc-pvc.yaml'));
});
