// Sync benchmarks, each against a peer in the same run:
// 1. branch+commit+push without touching the checkout (private index, commit-tree) against the
//    common alternative, a temporary `git worktree` (fetch, checkout of the base, add, commit, push, remove).
// 2. comment-preserving write-back (splice at yaml ranges) against yaml's whole-document
//    re-stringify (doc.setIn + String(doc)): time per edit and how often the file stays byte-exact.
// Run: node --import tsx bench/sync/run.ts   (env: RUNS=7, COPIES=1 corpus copies in the git repo, ONLY_GIT=1)
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { createSyncBranch } from '../../src/core/sync/git/createSyncBranch';
import { writeFieldValues } from '../../src/core/sync/writeBack';
import { git } from '../../test/support/git/tempRepo';
import { fmt, median, timeRuns } from '../support/stats';

const CORPUS = path.resolve(__dirname, '../../test/fixtures/corpus');
const RUNS = Number(process.env.RUNS ?? 7);
const COPIES = Math.max(1, Number(process.env.COPIES ?? 1));

async function benchGit(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-bench-sync-'));
  try {
    const bare = path.join(root, 'remote.git');
    const work = path.join(root, 'work');
    git(root, 'init', '-q', '--bare', '-b', 'main', bare);
    // COPIES > 1 repeats the corpus in sub-folders: the worktree peer's checkout grows with the repo.
    for (let c = 0; c < COPIES; c++) await fs.cp(CORPUS, c === 0 ? work : path.join(work, `copy-${c}`), { recursive: true });
    git(work, 'init', '-q', '-b', 'main');
    git(work, 'config', 'user.name', 'Bench');
    git(work, 'config', 'user.email', 'bench@reconcile.invalid');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'corpus');
    git(work, 'remote', 'add', 'origin', `file://${bare}`);
    git(work, 'push', '-q', 'origin', 'main');
    git(work, 'fetch', '-q', 'origin');
    const files = git(work, 'ls-files').split('\n').filter(Boolean).length;
    const file = 'fluxcd__flux2-kustomize-helm-example/apps/base/podinfo/release.yaml';
    const abs = path.join(work, file);
    const original = await fs.readFile(abs, 'utf8');
    let n = 0;
    const ours = await timeRuns(RUNS, async () => {
      await fs.writeFile(abs, original.replace('interval: 50m', `interval: ${++n}m`));
      const r = await createSyncBranch({ repoDir: work, files: [file], title: `bench ${n}` });
      if (!r.ok) throw new Error(r.error.message);
    });
    const peer = await timeRuns(RUNS, async () => {
      const wt = path.join(root, `wt-${++n}`);
      // Like ours, start from the remote's current base.
      git(work, 'fetch', '-q', 'origin', 'main');
      git(work, 'worktree', 'add', '-q', '-b', `peer/${n}`, wt, 'origin/main');
      await fs.writeFile(path.join(wt, file), original.replace('interval: 50m', `interval: ${n}m`));
      git(wt, 'add', '--', file);
      git(wt, 'commit', '-q', '-m', `peer ${n}`);
      git(wt, 'push', '-q', 'origin', `peer/${n}`);
      git(work, 'worktree', 'remove', '--force', wt);
    });
    await fs.writeFile(abs, original);
    const mo = median(ours);
    const mp = median(peer);
    console.log(`git: repository of ${files} files (the corpus x${COPIES}), push to a file:// bare remote, ${RUNS} runs each`);
    console.log(`  private index + commit-tree (ours): median ${fmt(mo)} ms`);
    console.log(`  temporary git worktree (peer):      median ${fmt(mp)} ms`);
    console.log(`  ratio peer/ours: ${fmt(mp / mo, 2)}x`);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(abs)));
    else if (/\.ya?ml$/.test(e.name)) out.push(abs);
  }
  return out;
}

async function benchWriteBack(): Promise<void> {
  const cases: Array<{ text: string; doc: number; path: Array<string | number>; value: unknown }> = [];
  for (const file of await yamlFiles(CORPUS)) {
    const text = await fs.readFile(file, 'utf8');
    if (text.length > 200_000) continue;
    const docs = parseAllDocuments(text, { logLevel: 'error' });
    if (!Array.isArray(docs) || docs.length !== 1) continue; // the peer edits single-document files
    const doc = docs[0];
    if (doc.errors.length || !isMap(doc.contents) || doc.get('kind') === 'Secret') continue;
    // First scalar leaf under spec (or anywhere), like an adopted field.
    let found: { path: Array<string | number>; value: unknown } | undefined;
    const walk = (node: unknown, p: Array<string | number>): void => {
      if (found) return;
      if (isMap(node)) for (const it of node.items) isScalar(it.key) && walk(it.value, [...p, String(it.key.value)]);
      else if (isSeq(node)) node.items.forEach((it, i) => walk(it, [...p, i]));
      else if (isScalar(node) && p.length > 1 && typeof node.value !== 'object') found = { path: p, value: node.value };
    };
    walk(doc.contents, []);
    if (!found) continue;
    const f = found as { path: Array<string | number>; value: unknown };
    const value = typeof f.value === 'number' ? f.value + 1 : typeof f.value === 'boolean' ? !f.value : `${String(f.value)}-x`;
    cases.push({ text, doc: 0, path: f.path, value });
  }
  let exactOurs = 0;
  let exactPeer = 0;
  const lineDiff = (a: string, b: string) => {
    const x = a.split('\n');
    const y = b.split('\n');
    return x.length === y.length ? x.filter((l, i) => l !== y[i]).length : Infinity;
  };
  const ours = await timeRuns(RUNS, () => {
    exactOurs = 0;
    for (const c of cases) {
      const r = writeFieldValues(c.text, c.doc, [{ path: c.path, value: c.value }]);
      if (r.ok && lineDiff(c.text, r.value.text) <= 1) exactOurs++;
    }
  });
  const peer = await timeRuns(RUNS, () => {
    exactPeer = 0;
    for (const c of cases) {
      const d = parseDocument(c.text, { logLevel: 'error' });
      d.setIn(c.path, c.value);
      if (lineDiff(c.text, String(d)) <= 1) exactPeer++;
    }
  });
  const mo = median(ours);
  const mp = median(peer);
  console.log(`write-back: ${cases.length} single-document corpus files, one scalar set in each, ${RUNS} runs`);
  console.log(`  splice at yaml ranges (ours):      median ${fmt(mo / cases.length, 3)} ms/edit, only the edited line changed in ${exactOurs}/${cases.length}`);
  console.log(`  yaml setIn + String(doc) (peer):   median ${fmt(mp / cases.length, 3)} ms/edit, only the edited line changed in ${exactPeer}/${cases.length}`);
  console.log(`  time ratio ours/peer: ${fmt(mo / mp, 2)}x (ours re-parses the result and compares every document to verify it)`);
}

(async () => {
  if (!process.env.ONLY_GIT) await benchWriteBack();
  await benchGit();
})().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
