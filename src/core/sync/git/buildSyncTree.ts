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

/** Tree entries of `files` in `commit`, in one git call (a pathspec per file). */
async function lsTree(git: GitRunner, commit: string | undefined, files: string[]): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  if (!commit || !files.length) return out;
  const r = await git.run(['ls-tree', '-z', '--full-tree', commit, '--', ...files]);
  if (!r.ok) return out;
  for (const rec of r.stdout.split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(rec);
    if (m && m[2] === 'blob') out.set(m[4], { mode: m[1], sha: m[3] });
  }
  return out;
}

/**
 * Writes the working-tree content of `files` to the object store, as `git add` would (clean filters,
 * eol rules by path), in one hash-object call for regular files. Missing files map to undefined:
 * the commit deletes them.
 */
async function hashWorkingFiles(git: GitRunner, topLevel: string, tmp: string, files: string[]): Promise<Result<Map<string, TreeEntry | undefined>>> {
  const out = new Map<string, TreeEntry | undefined>();
  const regular: Array<{ file: string; mode: string }> = [];
  for (const file of files) {
    const abs = path.join(topLevel, ...file.split('/'));
    let st;
    try {
      st = await fs.lstat(abs);
    } catch {
      out.set(file, undefined);
      continue;
    }
    if (st.isSymbolicLink()) {
      const linkFile = path.join(tmp, 'link');
      await fs.writeFile(linkFile, await fs.readlink(abs));
      const r = await git.run(['hash-object', '-w', '--no-filters', '--', linkFile]);
      if (!r.ok) return fail('git-failed', r.stderr);
      out.set(file, { mode: '120000', sha: r.stdout.trim() });
    } else if (st.isFile()) regular.push({ file, mode: st.mode & 0o111 ? '100755' : '100644' });
    else return fail('no-files', `'${file}' is not a regular file.`);
  }
  if (regular.length) {
    // Repo-relative paths from the top level: git picks each file's attributes by its own path.
    const r = await git.run(['hash-object', '-w', '--', ...regular.map((f) => f.file)]);
    if (!r.ok) return fail('git-failed', r.stderr);
    const shas = r.stdout.trim().split('\n');
    if (shas.length !== regular.length) return fail('git-failed', 'git hash-object returned an unexpected number of ids.');
    regular.forEach((f, i) => out.set(f.file, { mode: f.mode, sha: shas[i].trim() }));
  }
  return ok(out);
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
    const hashed = await hashWorkingFiles(git, input.topLevel, tmp, input.files);
    if (!hashed.ok) return hashed;
    const baseEntries = await lsTree(git, input.baseSha, input.files);
    const ancEntries = input.ancestorSha && input.ancestorSha !== input.baseSha ? await lsTree(git, input.ancestorSha, input.files) : undefined;
    for (const file of input.files) {
      const wt = hashed.value.get(file);
      const base = baseEntries.get(file);
      // No ancestor (unborn HEAD, unrelated histories): the working tree simply wins.
      const anc = !input.ancestorSha ? base : ancEntries ? ancEntries.get(file) : base;
      let entry: TreeEntry | undefined;
      if (same(base, anc) || same(wt, base)) entry = wt;
      else if (same(wt, anc)) entry = base; // only the base changed it: keep the base
      else if (wt && base && anc) {
        const merged = await mergeThreeWay(git, tmp, wt, anc, base);
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
    const changed = finals.filter(({ file, entry }) => !same(entry, baseEntries.get(file)));
    const adds = changed.flatMap(({ file, entry }) => (entry ? ['--cacheinfo', `${entry.mode},${entry.sha},${file}`] : []));
    const removals = changed.filter(({ entry }) => !entry).map(({ file }) => file);
    if (adds.length) {
      const r = await idx.run(['update-index', '--add', ...adds]);
      if (!r.ok) return fail('git-failed', r.stderr);
    }
    if (removals.length) {
      const r = await idx.run(['update-index', '--force-remove', '--', ...removals]);
      if (!r.ok) return fail('git-failed', r.stderr);
    }
    const tree = await idx.run(['write-tree']);
    if (!tree.ok) return fail('git-failed', tree.stderr);
    return ok({ tree: tree.stdout.trim(), changed: changed.map((c) => c.file) });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
