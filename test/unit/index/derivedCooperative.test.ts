// The index's derived views (resources, references, kustomizations, apps) built in slices at the end of a scan,
// so a 100,000-object repository does not hold the extension host for a second: the same views as the
// synchronous build, on real repositories, and an edit that lands while the slices run is not lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildDerived, buildDerivedCooperatively, DerivedInput, DerivedViews } from '../../../src/core/index/derived';
import type { IndexedDocument, IndexedFile, Reference } from '../../../src/core/index/model';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');

/** The index's own input to the derived build, copied so two builds cannot see each other's in-place updates. */
function inputOf(index: RepositoryIndex): DerivedInput {
  const files = new Map<string, IndexedFile>();
  const baseClass = new WeakMap<IndexedDocument, IndexedDocument['classification']>();
  for (const f of index.files()) {
    const documents = f.documents.map((d) => {
      const copy = { ...d };
      baseClass.set(copy, d.classification);
      return copy;
    });
    files.set(f.path, { ...f, documents });
  }
  const references = new Map<string, Reference[]>();
  for (const r of index.references()) {
    const copy = structuredClone(r);
    references.set(r.source.file, [...(references.get(r.source.file) ?? []), copy]);
  }
  const allFiles = new Set<string>();
  const directories = new Set<string>(['']);
  for (const f of files.keys()) {
    allFiles.add(f);
    for (let d = path.posix.dirname(f); d !== '.'; d = path.posix.dirname(d)) directories.add(d);
  }
  return { files, references, allFiles, directories, baseClass };
}

function comparable(v: DerivedViews) {
  return {
    resources: v.resources,
    references: v.references.map((r) => ({ ...r })),
    kustomizations: v.kustomizations,
    apps: v.apps,
    patchFiles: [...v.patchFiles],
    kustomizationByDir: [...v.kustomizationByDir],
    appResources: v.apps.map((a) => v.appResources(a)),
  };
}

for (const repo of fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())) {
  test(`${repo}: the sliced build gives the synchronous build's views, and pauses on the way`, async () => {
    const index = new RepositoryIndex({ root: path.join(CORPUS, repo), fs: nodeFileSystem });
    await index.scan();
    const sync = buildDerived(inputOf(index));
    let pauses = 0;
    const sliced = await buildDerivedCooperatively(inputOf(index), async () => {
      pauses++;
      await new Promise<void>((r) => setImmediate(r));
    });
    assert.deepEqual(comparable(sliced), comparable(sync));
    assert.ok(pauses > 0, 'at least one chance to yield (between the reference and the app steps)');
  });
}

test('a big repository gets a chance to yield every thousand or so items', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-derived-'));
  const docs = Array.from({ length: 50 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n');
  for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(root, `objects-${f}.yaml`), docs.replace(/name: c/g, `name: f${f}-c`));
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  assert.equal(index.resources().length, 5000);
  let pauses = 0;
  const views = await buildDerivedCooperatively(inputOf(index), async () => void pauses++);
  assert.equal(views.resources.length, 5000);
  // 5,000 documents walked in each of three passes, 1,024 per slice.
  assert.ok(pauses >= 10, `${pauses} pauses`);
});

test('an edit that arrives while the scan builds its views in slices is in the views afterwards', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-derived-'));
  const docs = Array.from({ length: 40 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n');
  for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(root, `objects-${f}.yaml`), docs.replace(/name: c/g, `name: f${f}-c`));
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  let edited: Promise<void> | undefined;
  // The scan's change event comes right before the sliced build: start an edit there, as a keystroke could.
  index.onDidChange(() => {
    edited ??= index.updateFile('objects-0.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: edited\n');
  });
  await index.scan();
  await edited;
  const names = index.resources().map((r) => r.name);
  assert.ok(names.includes('edited'));
  assert.ok(!names.includes('f0-c0'));
  assert.equal(index.resources().length, 99 * 40 + 1);
});
