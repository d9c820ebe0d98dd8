// What a long-lived caller (the editor's Change Impact view) keeps between plans so a keystroke re-plans
// only what it can change: the indexes of commits (immutable), renders at a commit (keyed by commit and
// app), renders of the working tree (reused while every path the render read still reads the same:
// file contents, folder listings, absent paths), and comparisons and validations of render pairs.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ReadKind } from '../history/recordingFileSystem';
import type { RepositoryIndex } from '../index/repositoryIndex';
import type { FileSystem } from '../types';
import type { AppComparison } from './compareRenders';
import type { RenderOutcome, SideRender } from './renderOnSide';
import type { PlanDiagnostic } from './types';

export interface CommitSide {
  fs: FileSystem;
  index: RepositoryIndex;
}

interface TreeRender {
  render: SideRender;
  fingerprints: Map<string, string>;
}

const MAX_RENDERS = 4000;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

export async function fingerprint(fs: FileSystem, root: string, rel: string, kind: ReadKind): Promise<string> {
  const abs = rel ? posix.join(root, rel) : root;
  try {
    if (kind === 'file') return 'f' + createHash('sha1').update(await fs.readFile(abs)).digest('base64');
    if (kind === 'directory') return 'd' + (await fs.readDirectory(abs)).map((e) => `${e.name}:${e.type}`).sort().join('/');
    await fs.stat(abs);
    return 'present';
  } catch {
    return '-';
  }
}

export class PlanCache {
  /** Commit id → its file system and scanned index. */
  readonly commits = new Map<string, Promise<CommitSide>>();
  private readonly commitRenders = new Map<string, SideRender>();
  private readonly treeRenders = new Map<string, TreeRender>();
  private readonly comparisons = new WeakMap<RenderOutcome, WeakMap<RenderOutcome, Map<string, AppComparison>>>();
  private readonly validations = new WeakMap<RenderOutcome, PlanDiagnostic[]>();

  commitRender(commit: string, signature: string): SideRender | undefined {
    return this.commitRenders.get(`${commit}\n${signature}`);
  }

  setCommitRender(commit: string, signature: string, r: SideRender): void {
    remember(this.commitRenders, `${commit}\n${signature}`, r, MAX_RENDERS);
  }

  /** The working-tree render of this app, if none of the paths it read changed since. */
  async treeRender(signature: string, fs: FileSystem, root: string): Promise<SideRender | undefined> {
    const hit = this.treeRenders.get(signature);
    if (!hit) return undefined;
    for (const [rel, kind] of hit.render.reads) if ((await fingerprint(fs, root, rel, kind)) !== hit.fingerprints.get(rel)) return undefined;
    return hit.render;
  }

  async setTreeRender(signature: string, r: SideRender, fs: FileSystem, root: string): Promise<void> {
    const fingerprints = new Map<string, string>();
    for (const [rel, kind] of r.reads) fingerprints.set(rel, await fingerprint(fs, root, rel, kind));
    remember(this.treeRenders, signature, { render: r, fingerprints }, MAX_RENDERS);
  }

  /** `options`: what else the comparison depends on (churn and ignore rules), as a string. */
  comparison(before: RenderOutcome, after: RenderOutcome, options: string, compute: () => AppComparison): AppComparison {
    let inner = this.comparisons.get(before);
    if (!inner) this.comparisons.set(before, (inner = new WeakMap()));
    let byOptions = inner.get(after);
    if (!byOptions) inner.set(after, (byOptions = new Map()));
    let c = byOptions.get(options);
    if (!c) byOptions.set(options, (c = compute()));
    return c;
  }

  async validation(outcome: RenderOutcome, compute: () => Promise<PlanDiagnostic[]>): Promise<PlanDiagnostic[]> {
    let v = this.validations.get(outcome);
    if (!v) this.validations.set(outcome, (v = await compute()));
    return v;
  }
}
