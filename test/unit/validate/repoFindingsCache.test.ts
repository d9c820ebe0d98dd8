// The build-level findings (RC1402-RC1404) are kept between validation runs and reused while the files a build
// read are unchanged. Property: after random edits of corpus repositories, a run that reuses its previous
// results gives exactly what the rules give computed from scratch (order included); and a run after an edit
// collects again only the builds that read the edited file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { repoFindings } from '../../../src/core/validate/repoFindings';
import { missingBuildReferences } from '../../../src/core/validate/rules/buildReferences';
import { DuplicateFinding, duplicateResources } from '../../../src/core/validate/rules/duplicateResources';
import { patchTargetProblems } from '../../../src/core/validate/rules/patchTargets';
import { CORPUS } from './schemaDir';
import { keepDocuments, renameOneName } from '../index/yamlCorpus';

const CORPUS_DIR = CORPUS;
const REPOS = fs.existsSync(CORPUS_DIR) ? fs.readdirSync(CORPUS_DIR).filter((d) => fs.statSync(path.join(CORPUS_DIR, d)).isDirectory()) : [];

/** What the rules give from scratch, merged as repoFindings merges them (each rule collects its own builds). */
function fromScratch(index: RepositoryIndex): Array<[string, DuplicateFinding[]]> {
  const duplicates = duplicateResources(index);
  for (const found of [patchTargetProblems(index), missingBuildReferences(index)]) {
    for (const [file, list] of found) duplicates.set(file, [...(duplicates.get(file) ?? []), ...list]);
  }
  return [...duplicates];
}

type Edit = { op: 'rename' | 'truncate' | 'copy' | 'duplicate' | 'unresource' | 'restore' | 'remove'; file: number; other: number; count: number };

function edited(files: string[], texts: Map<string, string>, original: Map<string, string>, e: Edit): { file: string; text: string } {
  const file = files[e.file % files.length];
  const text = texts.get(file) ?? '';
  switch (e.op) {
    case 'rename':
      return { file, text: renameOneName(text, e.count % 4) };
    case 'truncate':
      return { file, text: keepDocuments(text, e.count % 3) };
    case 'copy':
      return { file, text: texts.get(files[e.other % files.length]) ?? '' };
    case 'duplicate':
      // The file's objects twice: duplicates in every build that includes it.
      return { file, text: `${text}\n---\n${text.split(/^---$/m).filter((d) => d.trim())[0] ?? ''}` };
    case 'unresource': {
      // One list entry fewer (in kustomizations: a resource, component or patch left out of the build).
      let n = 0;
      const target = e.count % 5;
      return { file, text: text.replace(/^ *- .*\n/gm, (m) => (n++ === target ? '' : m)) };
    }
    case 'restore':
    case 'remove': // the file is deleted (references to it no longer resolve); a later edit brings it back
      return { file, text: original.get(file) ?? '' };
  }
}

const editArb = fc.record({
  op: fc.constantFrom<Edit['op']>('rename', 'truncate', 'copy', 'duplicate', 'unresource', 'restore', 'remove'),
  file: fc.nat(),
  other: fc.nat(),
  count: fc.nat(),
});

for (const repo of REPOS) {
  test(`${repo}: after random edits, the kept build findings equal the rules computed from scratch`, async () => {
    const root = path.join(CORPUS_DIR, repo);
    let reusedSome = false;
    let hadBuilds = false;
    let nonEmpty = false;
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
        const index = new RepositoryIndex({ root, fs: nodeFileSystem });
        await index.scan();
        const files = index.files().filter((f) => f.documents.length > 0).map((f) => f.path);
        const original = new Map<string, string>();
        for (const f of files) original.set(f, await index.readText(f));
        const texts = new Map(original);
        const first = { collected: 0, reused: 0 };
        assert.deepEqual([...repoFindings(index, { stats: first }).duplicates], fromScratch(index));
        if (first.collected > 0) hadBuilds = true;
        for (const e of edits) {
          const { file, text } = edited(files, texts, original, e);
          texts.set(file, text);
          if (e.op === 'remove') await index.removeFile(file);
          else await index.updateFile(file, text);
          const stats = { collected: 0, reused: 0 };
          const kept = repoFindings(index, { stats });
          const fresh = fromScratch(index);
          assert.deepEqual([...kept.duplicates], fresh);
          assert.deepEqual([...kept.duplicates], [...repoFindings(index, { cache: false }).duplicates]);
          assert.deepEqual(kept.scopes, repoFindings(index, { cache: false }).scopes);
          if (stats.reused > 0) reusedSome = true;
          if (fresh.length > 0) nonEmpty = true;
        }
      }),
      { numRuns: repo.startsWith('kubernetes') ? 6 : 15, seed: 16 },
    );
    assert.equal(reusedSome, hadBuilds, 'runs after edits reused kept builds (where the repository has builds)');
    if (repo.startsWith('fluxcd')) assert.ok(nonEmpty, 'some edits made findings to compare');
  });
}

test('a run after an edit collects again only the builds that read the edited file', async () => {
  const root = path.join(CORPUS_DIR, 'fluxcd__flux2-kustomize-helm-example');
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const first = { collected: 0, reused: 0 };
  repoFindings(index, { stats: first });
  assert.ok(first.collected >= 3, `the example has several builds (${first.collected})`);
  assert.equal(first.reused, 0);

  const again = { collected: 0, reused: 0 };
  repoFindings(index, { stats: again });
  assert.deepEqual(again, { collected: 0, reused: first.collected }, 'nothing changed: every build reused');

  // infrastructure/controllers is in the infrastructure builds only; the apps builds stay as they were.
  const file = index.files().find((f) => f.path.startsWith('infrastructure/controllers/') && f.documents.length > 0)?.path;
  assert.ok(file);
  await index.updateFile(file, (await index.readText(file)) + '\n# edited\n');
  const after = { collected: 0, reused: 0 };
  const kept = repoFindings(index, { stats: after });
  assert.ok(after.collected >= 1 && after.collected < first.collected, `collected ${after.collected} of ${first.collected}`);
  assert.equal(after.collected + after.reused, first.collected);
  assert.deepEqual([...kept.duplicates], fromScratch(index));
});
