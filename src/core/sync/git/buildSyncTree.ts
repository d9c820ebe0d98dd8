// Builds the tree of the sync commit: the remote base plus the chosen files as they are in the
// working tree. Runs against a private index file so the user's index is never read or written.
// When the base moved on since the user's branch forked, each chosen file is merged three-way
// (ancestor = merge base) so nobody's newer change on the base is silently overwritten.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail, ok, Result } from '../result';
import { createGitRunner, GitRunner } from './gitRunner';

interface TreeEntry {
  mode: string;
  sha: string;
}

export interface SyncTreeInput {
  git: GitRunner;
  topLevel: string;
  env: Record<string, string | undefined>;
  baseSha: string;
  /** Merge base of the user's HEAD and the base; undefined when there is none (unborn HEAD, unrelated). */
  ancestorSha?: string;
  files: string[];
  baseLabel: string;
}

export interface SyncTree {
  tree: string;
  /** Files whose content in the tree differs from the base. */
  changed: string[];
}

async function lsTree(git: GitRunner, commit: string | undefined, file: string): Promise<TreeEntry | undefined> {
  if (!commit) return undefined;
  const r = await git.run(['ls-tree', '-z', commit, '--', file]);
  if (!r.ok || !r.stdout) return undefined;
  const m = /^(\d+) (\w+) ([0-9a-f]+)\t/.exec(r.stdout);
  if (!m || m[2] !== 'blob') return undefined;
  return { mode: m[1], sha: m[3] };
}

async function hashWorkingFile(git: GitRunner, topLevel: string, tmp: string, file: string): Promise<Result<TreeEntry | undefined>> {
  const abs = path.join(topLevel, ...file.split('/'));
  let st;
  try {
    st = await fs.lstat(abs);
  } catch {
    return ok(undefined); // deleted in the working tree: the commit deletes it too
  }
  if (st.isSymbolicLink()) {
    const linkFile = path.join(tmp, 'link');
    await fs.writeFile(linkFile, await fs.readlink(abs));
    const r = await git.run(['hash-object', '-w', '--no-filters', '--', linkFile]);
    return r.ok ? ok({ mode: '120000', sha: r.stdout.trim() }) : fail('git-failed', r.stderr);
  }
  if (!st.isFile()) return fail('no-files', `'${file}' is not a regular file.`);
  // --path applies the repository's clean filters and eol rules exactly as `git add` would.
  const r = await git.run(['hash-object', '-w', `--path=${file}`, '--', abs]);
  if (!r.ok) return fail('git-failed', r.stderr);
  return ok({ mode: st.mode & 0o111 ? '100755' : '100644', sha: r.stdout.trim() });
}

async function mergeThreeWay(
  git: GitRunner,
  tmp: string,
  ours: TreeEntry,
  ancestor: TreeEntry,
  theirs: TreeEntry,
): Promise<TreeEntry | undefined> {
  const names = ['ours', 'ancestor', 'theirs'];
  const shas = [ours.sha, ancestor.sha, theirs.sha];
  for (let i = 0; i < 3; i++) {
    const blob = await git.run(['cat-file', 'blob', shas[i]]);
    if (!blob.ok) return undefined;
    await fs.writeFile(path.join(tmp, names[i]), blob.stdout);
  }
  const files = names.map((n) => path.join(tmp, n));
  // Exit code 0: clean merge written to `ours`; >0: number of conflicts.
  const r = await git.runWithCode(['merge-file', '-q', files[0], files[1], files[2]]);
  if (r.code !== 0) return undefined;
  const h = await git.run(['hash-object', '-w', '--no-filters', '--', files[0]]);
  return h.ok ? { mode: ours.mode, sha: h.stdout.trim() } : undefined;
}

function same(a: TreeEntry | undefined, b: TreeEntry | undefined): boolean {
  return a === undefined ? b === undefined : b !== undefined && a.sha === b.sha && a.mode === b.mode;
}

export async function buildSyncTree(input: SyncTreeInput): Promise<Result<SyncTree>> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'reconcile-sync-'));
  try {
    const { git } = input;
    const finals: Array<{ file: string; entry: TreeEntry | undefined }> = [];
    const conflicts: string[] = [];
    for (const file of input.files) {
      const wt = await hashWorkingFile(git, input.topLevel, tmp, file);
      if (!wt.ok) return wt;
      const base = await lsTree(git, input.baseSha, file);
      const anc = input.ancestorSha ? await lsTree(git, input.ancestorSha, file) : base;
      let entry: TreeEntry | undefined;
      if (same(base, anc) || same(wt.value, base)) entry = wt.value;
      else if (same(wt.value, anc)) entry = base; // only the base changed it: keep the base
      else if (wt.value && base && anc) {
        const merged = await mergeThreeWay(git, tmp, wt.value, anc, base);
        if (!merged) {
          conflicts.push(file);
          continue;
        }
        entry = merged;
      } else {
        conflicts.push(file); // add/add or modify/delete
        continue;
      }
      finals.push({ file, entry });
    }
    if (conflicts.length > 0) {
      return fail(
        'merge-conflict',
        `The chosen files conflict with changes made on ${input.baseLabel} since your branch forked: ${conflicts.join(', ')}. ` +
          `Update your branch from ${input.baseLabel} (git pull), resolve the conflicts, then try again. Nothing was committed.`,
      );
    }
    const idx = createGitRunner(input.topLevel, input.env, path.join(tmp, 'index'));
    const read = await idx.run(['read-tree', input.baseSha]);
    if (!read.ok) return fail('git-failed', read.stderr);
    const changed: string[] = [];
    for (const { file, entry } of finals) {
      const baseEntry = await lsTree(git, input.baseSha, file);
      if (same(entry, baseEntry)) continue;
      changed.push(file);
      const args = entry
        ? ['update-index', '--add', '--cacheinfo', `${entry.mode},${entry.sha},${file}`]
        : ['update-index', '--force-remove', '--', file];
      const r = await idx.run(args);
      if (!r.ok) return fail('git-failed', r.stderr);
    }
    const tree = await idx.run(['write-tree']);
    if (!tree.ok) return fail('git-failed', tree.stderr);
    return ok({ tree: tree.stdout.trim(), changed });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
