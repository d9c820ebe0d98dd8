// After an edit the index's derived views (resources, resolved references, patch classification, kustomizations,
// apps) are updated from the edited files alone. Property: for random edit sequences on the corpus repositories,
// the updated views equal a full build of the same files, order included; and the index gives after edits what a
// fresh index of the edited files gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { basename, dirname } from '../../../src/core/index/classify';
import { buildDerived, DerivedInputWithStructure, DerivedState, DerivedViews, updateDerived } from '../../../src/core/index/derived';
import { discoverFiles } from '../../../src/core/index/discover';
import { indexFileText } from '../../../src/core/index/fileIndexer';
import { DEFAULT_INDEX_SETTINGS, DocumentClass, IndexedDocument, IndexedFile, Reference } from '../../../src/core/index/model';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { keepDocuments, renameOneName } from './yamlCorpus';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');
const REPOS = fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory());

/** The derived build's input for a repository, each file indexed as the index does it (documents keep their base class). */
interface Workspace {
  input: DerivedInputWithStructure;
  texts: Map<string, string>;
  original: Map<string, string>;
}

async function reindex(ws: Workspace, rel: string, text: string): Promise<void> {
  const { input } = ws;
  const ctx = {
    isChartFile: basename(rel) === 'Chart.yaml',
    isChartValues: /^values[^/]*\.ya?ml$/.test(basename(rel)) && input.allFiles.has(dirname(rel) ? `${dirname(rel)}/Chart.yaml` : 'Chart.yaml'),
  };
  const result = await indexFileText(rel, text, ctx, { repoUrls: new Set() });
  // As RepositoryIndex.indexPath: the entry is replaced (so it moves to the end of the file order).
  input.files.delete(rel);
  input.references.delete(rel);
  for (const d of result.file.documents) input.baseClass.set(d, d.classification);
  input.files.set(rel, result.file);
  if (result.references.length) input.references.set(rel, result.references);
  ws.texts.set(rel, text);
}

async function workspaceOf(root: string): Promise<Workspace> {
  const found = await discoverFiles(root, nodeFileSystem, DEFAULT_INDEX_SETTINGS);
  const input: DerivedInputWithStructure = {
    files: new Map(),
    references: new Map(),
    allFiles: found.allFiles,
    directories: found.directories,
    baseClass: new WeakMap(),
    structure: 1,
  };
  const ws: Workspace = { input, texts: new Map(), original: new Map() };
  for (const f of found.manifestFiles) {
    // Helm templates are not parsed by the index; the corpus's are left out here.
    if (f.path.split('/').includes('templates')) continue;
    const text = fs.readFileSync(path.join(root, f.path), 'utf8');
    ws.original.set(f.path, text);
    await reindex(ws, f.path, text);
  }
  return ws;
}

/** A copy of the input that a build cannot share objects with (documents and references are updated in place). */
function cloneInput(input: DerivedInputWithStructure): DerivedInputWithStructure {
  const baseClass = new WeakMap<IndexedDocument, DocumentClass>();
  const files = new Map<string, IndexedFile>();
  for (const [p, f] of input.files) {
    const documents = f.documents.map((d) => {
      const copy = { ...d };
      baseClass.set(copy, input.baseClass.get(d) ?? d.classification);
      return copy;
    });
    files.set(p, { ...f, documents });
  }
  const references = new Map<string, Reference[]>();
  for (const [p, refs] of input.references) references.set(p, structuredClone(refs));
  return { ...input, files, references, baseClass };
}

function comparable(v: DerivedViews, input: DerivedInputWithStructure) {
  return {
    resources: v.resources,
    references: v.references.map((r) => ({ ...r })),
    kustomizations: v.kustomizations,
    apps: v.apps,
    patchFiles: [...v.patchFiles].sort(),
    kustomizationByDir: [...v.kustomizationByDir],
    appResources: v.apps.map((a) => v.appResources(a)),
    classes: [...input.files.values()].map((f) => [f.path, f.documents.map((d) => d.classification)]),
    found: v.resources.slice(0, 200).map((e) => v.findObjects({ kind: e.kind, name: e.name, namespace: e.namespace })),
  };
}

const rel = (from: string, to: string) => path.posix.relative(dirname(from) || '.', to) || '.';

/** Edits of one file, from small (a renamed object) to large (the file becomes a kustomization patching others). */
type Edit = { op: 'rename' | 'truncate' | 'copy' | 'kustomization' | 'restore'; file: number; other: number; count: number };

function applyEdit(ws: Workspace, e: Edit): { file: string; text: string } {
  const paths = [...ws.original.keys()];
  const file = paths[e.file % paths.length];
  const other = paths[e.other % paths.length];
  const text = ws.texts.get(file) ?? '';
  switch (e.op) {
    case 'rename':
      return { file, text: renameOneName(text, e.count % 4) };
    case 'truncate':
      return { file, text: keepDocuments(text, e.count % 3) };
    case 'copy':
      return { file, text: ws.texts.get(other) ?? '' };
    case 'kustomization': {
      const some = paths.filter((_, i) => (i * 7 + e.count) % 5 === 0).slice(0, 4);
      return {
        file,
        text: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${some.map((p) => `  - ${rel(file, p)}\n`).join('')}patches:\n  - path: ${rel(file, other)}\n`,
      };
    }
    case 'restore':
      return { file, text: ws.original.get(file) ?? '' };
  }
}

const editArb = fc.record({
  op: fc.constantFrom<Edit['op']>('rename', 'truncate', 'copy', 'kustomization', 'restore'),
  file: fc.nat(),
  other: fc.nat(),
  count: fc.nat(),
});

for (const repo of REPOS) {
  test(`${repo}: after random edits, the updated derived views are a full build's`, async () => {
    let incrementalUpdates = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), async (edits) => {
        const ws = await workspaceOf(path.join(CORPUS, repo));
        let state = new DerivedState();
        buildDerived(ws.input, state);
        for (const e of edits) {
          const { file, text } = applyEdit(ws, e);
          const previous = ws.texts.get(file) ?? '';
          await reindex(ws, file, text);
          const full = cloneInput(ws.input);
          const expected = buildDerived(full, new DerivedState());
          let updated = updateDerived(ws.input, state);
          // Edits of Flux ArtifactGenerator rules rebuild (they remap other files' paths), as the index does.
          const rebuilt = !updated;
          assert.equal(rebuilt, /^kind: ArtifactGenerator/m.test(previous + text), 'only edits of artifact rules rebuild');
          if (!updated) updated = buildDerived(ws.input, (state = new DerivedState()));
          else incrementalUpdates++;
          assert.deepEqual(comparable(updated, ws.input), comparable(expected, full));
        }
      }),
      { numRuns: repo.startsWith('kubernetes') ? 12 : 25, seed: 16 },
    );
    assert.ok(incrementalUpdates > 0);
  });
}

test('an update needs the previous build: new files or folders, or another structure, rebuild', async () => {
  const ws = await workspaceOf(path.join(CORPUS, 'fluxcd__flux2-multi-tenancy'));
  const state = new DerivedState();
  buildDerived(ws.input, state);
  assert.ok(updateDerived(ws.input, state), 'nothing changed: the same views again');
  assert.equal(updateDerived({ ...ws.input, structure: 2 }, state), undefined);
  assert.equal(updateDerived({ ...ws.input, allFiles: new Set(ws.input.allFiles) }, state), undefined);
  assert.equal(updateDerived({ ...ws.input, structure: undefined }, state), undefined);
});

test('the index after edits, additions and removals gives what a fresh index of the same files gives', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-derived-inc-'));
  try {
    fs.cpSync(path.join(CORPUS, 'fluxcd__flux2-kustomize-helm-example'), root, { recursive: true });
    const index = new RepositoryIndex({ root, fs: nodeFileSystem });
    await index.scan();
    const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
    const views = (i: RepositoryIndex) => ({
      resources: sorted(i.resources()),
      references: sorted(i.references()),
      kustomizations: sorted(i.kustomizations()),
      apps: sorted(i.apps()),
      classes: sorted(i.documents().map((d) => [d.file, d.index, d.classification])),
    });
    const write = async (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
      await index.updateFile(file);
    };
    const before = index.resources().length;
    // The podinfo release renamed: the HelmRepository it names no longer resolves, then resolves again.
    const release = 'apps/base/podinfo/release.yaml';
    const original = fs.readFileSync(path.join(root, release), 'utf8');
    await write(release, original.replace(/name: podinfo\n(\s+)namespace: flux-system/, 'name: podinfo-renamed\n$1namespace: flux-system'));
    // A patch added to the production overlay, then a new file, then one removed.
    await write('apps/production/kustomization.yaml', fs.readFileSync(path.join(root, 'apps/production/kustomization.yaml'), 'utf8') + '\n# edited\n');
    await write('apps/base/podinfo/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: podinfo\n');
    fs.rmSync(path.join(root, 'apps/base/podinfo/namespace.yaml'));
    await index.removeFile('apps/base/podinfo/namespace.yaml');
    await write(release, original);
    const fresh = new RepositoryIndex({ root, fs: nodeFileSystem });
    await fresh.scan();
    assert.deepEqual(views(index), views(fresh));
    assert.equal(index.resources().length, before, 'one ConfigMap added, one Namespace removed');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an edit of one file on a 5,000-object repository derives that file again, not the others', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-derived-inc-'));
  try {
    const docs = Array.from({ length: 50 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n');
    for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(root, `objects-${f}.yaml`), docs.replace(/name: c/g, `name: f${f}-c`));
    fs.writeFileSync(path.join(root, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      configMap:\n        name: f7-c3\n');
    const index = new RepositoryIndex({ root, fs: nodeFileSystem });
    await index.scan();
    const before = index.resources();
    const ref = index.referencesFrom('pod.yaml').find((r) => r.type === 'configmap');
    assert.deepEqual(ref?.resolvedTo, { file: 'objects-7.yaml', documentIndex: 3 });
    // objects-7.yaml renames the ConfigMap the Pod mounts.
    await index.updateFile('objects-7.yaml', docs.replace(/name: c/g, 'name: f7-renamed-c'));
    const after = index.resources();
    assert.equal(after.length, before.length);
    const others = before.filter((e) => e.file !== 'objects-7.yaml');
    // The same entry objects for every other file: nothing but the edited file was derived again.
    const kept = new Set(after);
    const old = new Set(before);
    assert.ok(others.every((e) => kept.has(e)));
    assert.ok(after.filter((e) => e.file === 'objects-7.yaml').every((e) => !old.has(e) && e.name.startsWith('f7-renamed-')));
    // The edited file moved to the end of the index's order, as a full build lists it.
    assert.equal(after[after.length - 1].file, 'objects-7.yaml');
    const pod = index.referencesFrom('pod.yaml').find((r) => r.type === 'configmap');
    assert.equal(pod?.resolved, false);
    assert.equal(pod?.resolvedTo, undefined);
    assert.deepEqual(index.findObjects({ kind: 'ConfigMap', name: 'f7-renamed-c3' }).map((e) => e.file), ['objects-7.yaml']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
