// The index walks a workspace folder that may be a freshly cloned, untrusted repository: a symlink in it must not
// lead the walk (or a later single-file update) out of the folder, a symlink that stays inside is followed but its
// files are indexed once, and symlink loops end. Real directories and real symlinks; the same rule through the
// git-tree file system for a committed symlink blob.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFiles } from '../../../src/core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../../../src/core/index/model';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { GitObjectStore } from '../../../src/core/history/gitObjectStore';
import { GitTreeFileSystem } from '../../../src/core/history/gitTreeFileSystem';
import { configure, git, writeFiles } from '../../support/git/tempRepo';

const MARKER = 'reconcile-private-marker-91d4';
const cm = (name: string, value = 'v') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: ${value}\n`;

let tmp: string;
let outside: string;
let repo: string;

before(async () => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'reconcile-symlink-walk-')));
  outside = join(tmp, 'home');
  repo = join(tmp, 'repo');
  await writeFiles(outside, { 'leak.yaml': cm('leak', MARKER), 'dir/x.yaml': cm('leak-dir', MARKER) });
  await writeFiles(repo, { 'app/ok.yaml': cm('ok'), 'app/kustomization.yaml': 'resources:\n- ok.yaml\n', 'overlay/kustomization.yaml': 'resources:\n- ../alias\n- ../alias/ok.yaml\n' });
  // Out of the folder: a file, a directory, an absolute link, a `..` link, and a directory with a link inside.
  symlinkSync(join(outside, 'leak.yaml'), join(repo, 'app', 'leak.yaml'));
  symlinkSync(join(outside, 'dir'), join(repo, 'ext'));
  symlinkSync('../home/leak.yaml', join(repo, 'dotdot.yaml'));
  // Inside: a file link and a directory link (both counted once), and loops of every kind.
  symlinkSync('app/ok.yaml', join(repo, 'a-link.yaml'));
  symlinkSync('app', join(repo, 'alias'));
  symlinkSync('.', join(repo, 'app', 'self'));
  symlinkSync('..', join(repo, 'app', 'up'));
  symlinkSync('loop-b', join(repo, 'loop-a'));
  symlinkSync('loop-a', join(repo, 'loop-b'));
  symlinkSync('missing.yaml', join(repo, 'dangling.yaml'));
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('the walk never follows a symlink out of the folder, follows the ones inside once, and ends on loops', async () => {
  const found = await discoverFiles(repo, nodeFileSystem, DEFAULT_INDEX_SETTINGS);
  const all = [...found.allFiles];
  for (const escaped of ['app/leak.yaml', 'ext', 'ext/x.yaml', 'dotdot.yaml']) {
    assert.ok(!found.allFiles.has(escaped) && !found.directories.has(escaped), `${escaped} was followed out of the folder`);
  }
  assert.ok(!all.some((f) => f.startsWith('ext/')));
  // Counted once: the real file under its own path, not again through a-link.yaml, alias/ or app/self/.
  assert.deepEqual(found.manifestFiles.map((f) => f.path), ['app/kustomization.yaml', 'app/ok.yaml', 'overlay/kustomization.yaml']);
  // Paths through an inside link still exist for reference resolution.
  for (const p of ['a-link.yaml', 'alias/ok.yaml']) assert.ok(found.allFiles.has(p), `${p} is a valid path`);
  assert.ok(found.directories.has('alias'));
  // Loops do not multiply paths.
  assert.ok(!all.some((f) => /(^|\/)(self|up)\//.test(f)), all.join(', '));
});

test('the index built from that walk holds nothing from outside, each object once, and resolves references through an inside link', async () => {
  const index = new RepositoryIndex({ root: repo, fs: nodeFileSystem });
  await index.scan();
  assert.deepEqual(index.resources().map((r) => `${r.name}@${r.file}`).sort(), ['ok@app/ok.yaml']);
  assert.ok(!JSON.stringify(index.files()).includes(MARKER));
  const refs = index.referencesFrom('overlay/kustomization.yaml');
  assert.equal(refs.length, 2);
  assert.ok(refs.every((r) => r.resolved), JSON.stringify(refs));
});

test('a single-file update does not read a symlink out of the folder (one created after the scan, say)', async () => {
  const index = new RepositoryIndex({ root: repo, fs: nodeFileSystem });
  await index.scan();
  symlinkSync(join(outside, 'leak.yaml'), join(repo, 'app', 'late.yaml'));
  try {
    await index.updateFile('app/late.yaml');
    await index.updateFile('app/leak.yaml');
    assert.equal(index.getFile('app/late.yaml'), undefined);
    assert.equal(index.getFile('app/leak.yaml'), undefined);
    assert.equal(index.exists('app/late.yaml'), undefined);
    assert.ok(!JSON.stringify(index.files()).includes(MARKER));
    // An ordinary file next to it still updates.
    await writeFiles(repo, { 'app/new.yaml': cm('new') });
    await index.updateFile('app/new.yaml');
    assert.ok(index.resources().some((r) => r.name === 'new'));
  } finally {
    rmSync(join(repo, 'app', 'late.yaml'));
    rmSync(join(repo, 'app', 'new.yaml'));
  }
});

test('a symlinked workspace folder is walked by its real path: links inside it stay inside', async () => {
  const viaLink = join(tmp, 'repo-link');
  symlinkSync(repo, viaLink);
  const found = await discoverFiles(viaLink, nodeFileSystem, DEFAULT_INDEX_SETTINGS);
  assert.deepEqual(found.manifestFiles.map((f) => f.path), ['app/kustomization.yaml', 'app/ok.yaml', 'overlay/kustomization.yaml']);
  assert.ok(!found.allFiles.has('app/leak.yaml'));
});

test('git history: a committed symlink blob pointing out of the repository is not listed by the walk', async () => {
  const gitRepo = join(tmp, 'git-repo');
  await writeFiles(gitRepo, { 'app/ok.yaml': cm('ok') });
  symlinkSync(join(outside, 'leak.yaml'), join(gitRepo, 'app', 'abs.yaml'));
  symlinkSync('../../home/dir', join(gitRepo, 'app', 'rel'));
  symlinkSync('ok.yaml', join(gitRepo, 'app', 'inside.yaml'));
  git(gitRepo, 'init', '-q', '-b', 'main');
  configure(gitRepo);
  git(gitRepo, 'add', '-A');
  git(gitRepo, 'commit', '-q', '-m', 'links');
  const store = new GitObjectStore(gitRepo);
  try {
    const fs = (await GitTreeFileSystem.atCommit(store, 'HEAD', gitRepo))!;
    assert.equal(await fs.realPath(join(gitRepo, 'app', 'abs.yaml')), join(outside, 'leak.yaml'), 'realPath names where the link leads');
    const found = await discoverFiles(gitRepo, fs, DEFAULT_INDEX_SETTINGS);
    assert.deepEqual([...found.allFiles].sort(), ['app/inside.yaml', 'app/ok.yaml']);
    assert.deepEqual(found.manifestFiles.map((f) => f.path), ['app/ok.yaml']);
  } finally {
    store.dispose();
  }
});
