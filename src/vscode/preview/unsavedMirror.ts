// External engines (kubectl kustomize, kustomize) read files from disk, so unsaved editor buffers would
// be invisible to them. When a buffer is among the files a render reads, the render runs on a
// temporary copy of exactly those files (found by a built-in render of the same target, which reads
// through the buffers and applies the load restrictor), laid out as in the repository. Only
// repository-relative regular files are written there: no symlinks, nothing from outside the
// repository, so the external engine's own load restrictor sees the same tree it would in place.
// No `vscode` import (unit-tested).
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ReadKind } from '../../core/history/recordingFileSystem';

export interface Mirror {
  /** Absolute path of the copy's root (stands for the repository root). */
  root: string;
  dispose(): Promise<void>;
}

/** A repository-relative path that stays inside the repository, else undefined. */
function inside(rel: string): string | undefined {
  if (!rel || path.posix.isAbsolute(rel) || rel.includes('\\')) return undefined;
  const n = path.posix.normalize(rel);
  return n === '..' || n.startsWith('../') ? undefined : n;
}

/**
 * Copies what a render read: `files` with their current text (the buffer when there is one),
 * `directories` created (a kustomization's folder listed, a plain folder of manifests).
 */
export async function mirrorReads(reads: ReadonlyMap<string, ReadKind>, readFile: (rel: string) => Promise<Uint8Array>): Promise<Mirror> {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-render-'));
  const dispose = () => fsp.rm(root, { recursive: true, force: true });
  try {
    for (const [raw, kind] of reads) {
      const rel = raw === '' ? '' : inside(raw);
      if (rel === undefined || kind === 'missing') continue;
      const abs = path.join(root, ...rel.split('/').filter(Boolean));
      if (kind === 'directory') {
        await fsp.mkdir(abs, { recursive: true });
        continue;
      }
      if (!rel) continue;
      await fsp.mkdir(path.dirname(abs), { recursive: true });
      // 'wx': never through something already there (the copy holds nothing but what is written here).
      await fsp.writeFile(abs, await readFile(rel), { flag: 'wx' });
    }
  } catch (err) {
    await dispose();
    throw err;
  }
  return { root, dispose };
}

/** The unsaved files among those a render read (repository-relative). */
export function unsavedRead(reads: ReadonlyMap<string, ReadKind>, unsaved: readonly string[]): string[] {
  return unsaved.filter((f) => reads.get(f) === 'file');
}

/** "a.yaml", "a.yaml and b.yaml", "a.yaml, b.yaml and 3 more". */
export function fileList(files: readonly string[]): string {
  if (files.length <= 2) return files.join(' and ');
  return `${files.slice(0, 2).join(', ')} and ${files.length - 2} more`;
}
