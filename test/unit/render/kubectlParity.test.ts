// The Flux example overlays in test/fixtures/corpus must render byte-for-byte like `kubectl kustomize`
// (kustomize v5.5 inside kubectl). Skips, saying so, when kubectl is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { renderWithKubectl } from '../../../src/core/render/external';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { resolve } from 'node:path';
import { kubectlAvailable } from '../../support/tools';

const CORPUS = resolve(__dirname, '../../fixtures/corpus');


function kustomizationDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'kustomization.yaml') out.push(d);
    }
  };
  for (const repo of readdirSync(root).filter((r) => r.startsWith('fluxcd__'))) walk(join(root, repo));
  return out.sort();
}

const haveKubectl = kubectlAvailable();
const dirs = existsSync(CORPUS) ? kustomizationDirs(CORPUS) : [];

test('the corpus has Flux overlays to compare', { skip: !existsSync(CORPUS) && 'corpus not present' }, () => {
  assert.ok(dirs.length >= 10, `found ${dirs.length} kustomization directories`);
});

for (const dir of dirs) {
  test(`builtin render equals kubectl kustomize: ${dir.slice(CORPUS.length + 1)}`, { skip: !haveKubectl && 'kubectl is not installed on this machine; parity not checked' }, async () => {
    const expected = await renderWithKubectl(dir, { trusted: true });
    assert.ok(expected.ok, expected.ok ? '' : expected.error.message);
    const actual = await renderKustomization(nodeFileSystem, dir);
    assert.ok(actual.ok, actual.ok ? '' : actual.error.message);
    if (actual.ok && expected.ok) assert.equal(actual.yaml, expected.yaml);
  });
}

test('kubectl engine refuses to run in an untrusted workspace', async () => {
  const r = await renderWithKubectl(dirs[0] ?? '/', { trusted: false });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /untrusted/);
});

test('a missing kubectl binary is a clear message, not a crash', async () => {
  const r = await renderWithKubectl(dirs[0] ?? '/', { trusted: true, kubectlPath: '/nonexistent/kubectl' });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /not found.*Install kubectl/);
});

// A feature-dense overlay (generators from literals/files/envs, merge behavior, component JSON patch,
// namespace, prefix+suffix with name references, labels with templates, images by tag and digest,
// replicas, SMP on a built-in kind and on a CRD, targeted SMP by label selector, replacements with
// create, octal and timestamp scalars, long strings, multi-line strings).
// A second one: cluster-scoped objects under a namespace, StatefulSet volumeClaimTemplates with
// commonLabels, `$patch: delete` list elements, `$patch: replace` lists, legacy JSON 6902 replace/add/
// remove on a CronJob, Secret generator files with base64 line wrapping, generatorOptions, replace
// behavior, fifo order.
// And a third: scalar styles (quoting, escapes, non-BMP characters, tabs, folding, block chomping).
// And a fourth: a diamond (two prefixed overlays of one base) with a component, selector-based patches,
// labels with includeSelectors, images newName, resource deletion, replacements with delimiter.
// And a fifth: env-file parsing (comments, quotes, spaces), TLS secret from files, disableNameSuffixHash,
// nameSuffix with references from a CronJob and a ServiceAccount, labels with custom fields, custom legacy order.
for (const fixture of ['differential', 'differential2', 'differential3', 'differential4', 'differential5']) {
test(`a feature-dense overlay renders byte-identical to kubectl kustomize (${fixture})`, { skip: !haveKubectl && 'kubectl is not installed on this machine; parity not checked' }, async () => {
  const dir = join(__dirname, 'fixtures', fixture, 'overlay');
  const expected = await renderWithKubectl(dir, { trusted: true });
  assert.ok(expected.ok, expected.ok ? '' : expected.error.message);
  const actual = await renderKustomization(nodeFileSystem, dir);
  assert.ok(actual.ok, actual.ok ? '' : actual.error.message);
  if (actual.ok && expected.ok) assert.equal(actual.yaml, expected.yaml);
});
}

test('bad kustomization shapes are a clear error naming the field, never a crash', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const d = mkdtempSync(join(tmpdir(), 'reconcile-shape-'));
  try {
    writeFileSync(join(d, 'kustomization.yaml'), 'configMapGenerator:\n- name: x\n  literals:\n  - json={"a": 1}\n');
    const r = await renderKustomization(nodeFileSystem, d);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error.message, /'configMapGenerator\[0\]\.literals' must be a list of strings/);
    writeFileSync(join(d, 'kustomization.yaml'), 'resources: deploy.yaml\n');
    const r2 = await renderKustomization(nodeFileSystem, d);
    assert.match(r2.ok ? '' : r2.error.message, /'resources' must be a list of strings/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

// Real-world size: cert-manager's six CRDs (13.5k lines of OpenAPI with long descriptions) plus labels.
test('cert-manager CRDs with commonLabels render byte-identical to kubectl kustomize', { skip: (!haveKubectl && 'kubectl is not installed on this machine; parity not checked') || (!existsSync(join(CORPUS, 'cert-manager__cert-manager/deploy/crds')) && 'corpus not present') }, async () => {
  const { mkdtempSync, cpSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const d = mkdtempSync(join(tmpdir(), 'reconcile-crds-'));
  try {
    const src = join(CORPUS, 'cert-manager__cert-manager/deploy/crds');
    const files = readdirSync(src).filter((f) => f.endsWith('.yaml')).sort();
    for (const f of files) cpSync(join(src, f), join(d, f));
    writeFileSync(join(d, 'kustomization.yaml'), `resources:\n${files.map((f) => `- ${f}`).join('\n')}\ncommonLabels:\n  app: cert-manager\n`);
    const expected = await renderWithKubectl(d, { trusted: true });
    assert.ok(expected.ok, expected.ok ? '' : expected.error.message);
    const actual = await renderKustomization(nodeFileSystem, d);
    assert.ok(actual.ok, actual.ok ? '' : actual.error.message);
    if (actual.ok && expected.ok) assert.equal(actual.yaml, expected.yaml);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
