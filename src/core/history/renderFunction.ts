// How history and revert render an app at a commit: an injected function over the core FileSystem,
// by default the built-in Kustomize engine (a kustomization directory, or a plain folder rendered the
// way Flux does). Errors are thrown here and turned into a "render failed" state by the callers.
import { posix } from 'node:path';
import { renderKustomization } from '../render/kustomize/build';
import { CancellationToken, CancelledError, FileSystem, Manifest } from '../types';

/** Renders the app at `appPath` (repo-relative folder) from `fs` rooted at `root` (absolute). */
export type RenderFunction = (fs: FileSystem, root: string, appPath: string, token: CancellationToken) => Promise<Manifest[]>;

export const builtinRender: RenderFunction = async (fs, root, appPath, token) => {
  const dir = appPath && appPath !== '.' ? posix.join(root, appPath) : root;
  const r = await renderKustomization(fs, dir, { root, autodetect: true, token });
  if (r.ok) return r.manifests;
  if (token.isCancellationRequested) throw new CancelledError();
  throw new Error(r.error.file && !r.error.message.includes(r.error.file) ? `${r.error.file}: ${r.error.message}` : r.error.message);
};
