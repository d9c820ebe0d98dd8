// The cat-file object store: answers in request order under pipelining, says "missing" as undefined,
// fails clearly outside a repository, and rejects what is pending when disposed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitObjectStore, parseTree } from '../../../src/core/history/gitObjectStore';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('GitObjectStore', () => {
  let root: string;
  let repo: string;
  const blobs: Array<{ id: string; text: string }> = [];

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-store-'));
    repo = path.join(root, 'repo');
    git(root, 'init', '-q', repo);
    // Sizes around pipe buffer boundaries so responses arrive split across chunks.
    for (const size of [0, 1, 4095, 65536, 200_000, 12_000_000]) {
      const text = 'x'.repeat(size) + (size ? '\n' : '');
      const file = path.join(repo, `f${size}`);
      await fs.writeFile(file, text);
      blobs.push({ id: git(repo, 'hash-object', '-w', file).trim(), text });
    }
  });
  after(() => fs.rm(root, { recursive: true, force: true }));

  it('answers pipelined reads in order, including large and empty blobs', async () => {
    const store = new GitObjectStore(repo);
    try {
      const order = [...blobs, ...blobs.slice().reverse(), ...blobs];
      const got = await Promise.all(order.map((b) => store.read(b.id)));
      got.forEach((o, i) => {
        assert.equal(o?.type, 'blob');
        assert.equal(o?.content.toString('utf8'), order[i].text);
      });
      assert.equal(await store.read('0'.repeat(40)), undefined);
      assert.equal(await store.read('HEAD'), undefined); // no commits yet
      assert.equal(await store.read('bad\nname'), undefined);
    } finally {
      store.dispose();
    }
  });

  it('rejects with a clear message outside a repository, and after dispose', async () => {
    const outside = new GitObjectStore(root);
    await assert.rejects(outside.read('HEAD'), /git cat-file exited/);
    outside.dispose();
    const store = new GitObjectStore(repo);
    const pending = store.read(blobs[5].id);
    store.dispose();
    await assert.rejects(pending, /closed/);
    await assert.rejects(store.read(blobs[0].id), /closed/);
  });

  it('parses tree objects (modes, names with spaces and UTF-8, ids)', () => {
    const id = Buffer.alloc(20, 0xab);
    const entry = (mode: string, name: string) => Buffer.concat([Buffer.from(`${mode} ${name}\0`, 'utf8'), id]);
    const tree = parseTree(Buffer.concat([entry('100644', 'a file.yaml'), entry('40000', 'dïr'), entry('120000', 'link'), entry('160000', 'sub')]), 20);
    assert.deepEqual(
      [...tree.values()].map((e) => [e.name, e.kind, e.id]),
      [
        ['a file.yaml', 'file', 'ab'.repeat(20)],
        ['dïr', 'directory', 'ab'.repeat(20)],
        ['link', 'symlink', 'ab'.repeat(20)],
        ['sub', 'submodule', 'ab'.repeat(20)],
      ],
    );
  });
});
