// GitTreeFileSystem against the real thing: every file and directory of a commit read through the
// object store must equal a real checkout of that commit read through Node's fs, for both tree
// sources, on a copy of a real GitOps repository with symlinks and a later commit on top.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { GitObjectStore } from '../../../src/core/history/gitObjectStore';
import { GitTreeFileSystem } from '../../../src/core/history/gitTreeFileSystem';
import { FileSystem } from '../../../src/core/types';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } });
}

async function walk(fsys: FileSystem, root: string, rel = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const abs = rel ? path.posix.join(root, rel) : root;
  for (const e of await fsys.readDirectory(abs)) {
    if (e.name === '.git') continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    const st = await fsys.stat(path.posix.join(root, r));
    if (st.type === 'directory') {
      out[r + '/'] = `dir(${e.type})`;
      if (e.type !== 'symlink') Object.assign(out, await walk(fsys, root, r));
    } else {
      const bytes = await fsys.readFile(path.posix.join(root, r));
      out[r] = `${e.type}:${st.size}:${Buffer.from(bytes).toString('base64')}`;
    }
  }
  return out;
}

describe('GitTreeFileSystem', () => {
  let tmp: string;
  let repo: string;
  let first: string;
  let store: GitObjectStore;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-gtfs-'));
    repo = path.join(tmp, 'repo');
    await fs.cp(CORPUS, repo, { recursive: true });
    git(tmp, 'init', '-q', '-b', 'main', repo);
    git(repo, 'config', 'user.name', 'T');
    git(repo, 'config', 'user.email', 't@example.invalid');
    await fs.symlink('apps/base', path.join(repo, 'base-link'));
    await fs.symlink('../../infrastructure/controllers/kustomization.yaml', path.join(repo, 'apps', 'base', 'link.yaml'));
    await fs.writeFile(path.join(repo, 'binary.bin'), Buffer.from([0, 1, 2, 255, 10, 0]));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'first');
    first = git(repo, 'rev-parse', 'HEAD').trim();
    await fs.writeFile(path.join(repo, 'apps/base/podinfo/release.yaml'), 'changed: true\n');
    await fs.rm(path.join(repo, 'binary.bin'));
    git(repo, 'commit', '-q', '-am', 'second');
    store = new GitObjectStore(repo);
  });

  after(async () => {
    store.dispose();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('reads an older commit exactly like a checkout of it, for both tree sources', async () => {
    const checkout = path.join(tmp, 'checkout');
    git(repo, 'worktree', 'add', '-q', '--detach', checkout, first);
    const expected = await walk(nodeFileSystem, checkout);
    git(repo, 'worktree', 'remove', '--force', checkout);
    assert.ok(Object.keys(expected).length > 30, 'the corpus copy has files');
    assert.match(expected['base-link/'], /symlink/);
    const lazy = await GitTreeFileSystem.atCommit(store, first, repo);
    assert.ok(lazy);
    assert.deepEqual(await walk(lazy, repo), expected);
    const listed = await GitTreeFileSystem.atCommitListed(store, first, repo);
    assert.deepEqual(await walk(listed, repo), expected);
  });

  it('follows symlinks for reads, stat and realPath, and reports missing paths as ENOENT', async () => {
    const fsys = (await GitTreeFileSystem.atCommit(store, first, repo))!;
    const viaLink = await fsys.readFile(path.join(repo, 'base-link/podinfo/release.yaml'));
    const direct = await fs.readFile(path.join(CORPUS, 'apps/base/podinfo/release.yaml'));
    assert.deepEqual(Buffer.from(viaLink), direct);
    assert.equal(await fsys.realPath(path.join(repo, 'base-link/podinfo')), path.join(repo, 'apps/base/podinfo'));
    assert.equal(await fsys.realPath(path.join(repo, 'apps/base/link.yaml')), path.join(repo, 'infrastructure/controllers/kustomization.yaml'));
    await assert.rejects(fsys.readFile(path.join(repo, 'nope.yaml')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    await assert.rejects(fsys.readFile(path.join(repo, 'apps')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    await assert.rejects(fsys.readDirectory(path.join(repo, 'binary.bin')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
    await assert.rejects(fsys.stat(path.join(tmp, 'outside')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  });

  it('sees each commit as it was, and serves pipelined reads in order', async () => {
    const old = (await GitTreeFileSystem.atCommit(store, first, repo))!;
    const head = (await GitTreeFileSystem.atCommit(store, 'HEAD', repo))!;
    const file = path.join(repo, 'apps/base/podinfo/release.yaml');
    const [a, b] = await Promise.all([old.readFile(file), head.readFile(file)]);
    assert.notEqual(Buffer.from(a).toString(), 'changed: true\n');
    assert.equal(Buffer.from(b).toString(), 'changed: true\n');
    assert.equal((await old.stat(path.join(repo, 'binary.bin'))).size, 6);
    await assert.rejects(head.stat(path.join(repo, 'binary.bin')));
    const names = Object.keys(await walk(old, repo)).filter((k) => !k.endsWith('/'));
    const many = await Promise.all(names.map((n) => old.readFile(path.join(repo, n))));
    const again = await Promise.all(names.map((n) => old.readFile(path.join(repo, n))));
    assert.deepEqual(many.map((x) => Buffer.from(x).toString('base64')), again.map((x) => Buffer.from(x).toString('base64')));
    assert.equal(await GitTreeFileSystem.atCommit(store, 'no-such-ref', repo), undefined);
  });
});
