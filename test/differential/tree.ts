// A kustomization tree as plain data (relative path → file text): what the generator produces, what a
// reproduction and a regression case store, and what both engines render from a temporary directory.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export type Tree = Record<string, string>;

export function writeTree(root: string, tree: Tree): void {
  for (const [path, text] of Object.entries(tree)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/** Every file under `root` (sorted), for turning a directory back into a tree. */
export function readTree(root: string): Tree {
  const out: Tree = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(root, abs)] = readFileSync(abs, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** Runs `fn` on the tree written to a fresh temporary directory, removed afterwards. */
export async function withTree<T>(tree: Tree, fn: (root: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'reconcile-diff-'));
  try {
    writeTree(root, tree);
    return await fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
