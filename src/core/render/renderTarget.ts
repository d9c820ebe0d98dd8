// One entry point for "render this": a kustomization directory, a kustomization file, a plain folder of
// manifests, or a file holding Flux Kustomizations. Picks the engine; errors come back as values.
import { posix } from 'node:path';
import { FileSystem, CancellationToken } from '../types';
import { RealPaths, isInOrBelow } from '../confinement';
import { parseDocuments } from '../index/parse';
import { Json, JsonMap } from './merge/strategicMerge';
import { KUSTOMIZATION_FILES } from './kustomize/loader';
import { renderKustomization } from './kustomize/build';
import { renderWithKubectl } from './external';
import { ObjectLookup, isFluxKustomization, renderFluxKustomization } from './flux/fluxKustomization';
import { Manifest } from '../types';

export type RenderEngine = 'builtin' | 'kubectl';

export interface RenderTargetOptions {
  engine?: RenderEngine;
  /** Whether external binaries may run (false in untrusted workspaces). */
  trusted: boolean;
  kubectlPath?: string;
  /** Absolute repository root: origins are relative to it, Flux paths resolve against it. */
  repoRoot: string;
  /** Pick one Flux Kustomization by name when a file holds several. */
  name?: string;
  lookup?: ObjectLookup;
  strict?: boolean;
  token?: CancellationToken;
}

export interface RenderedUnit {
  /** What was rendered: a directory, or `Kustomization/<name>` for a Flux object. */
  label: string;
  yaml: string;
  /** Objects with origins (absent for the kubectl engine, which reports no origins). */
  manifests?: Manifest[];
}

export type RenderTargetResult = { ok: true; units: RenderedUnit[]; engine: RenderEngine; /** Why another engine than the one asked for rendered it. */ note?: string } | { ok: false; error: { message: string; file?: string } };

async function statType(fs: FileSystem, p: string): Promise<'file' | 'directory' | undefined> {
  try {
    const s = await fs.stat(p);
    return s.type === 'file' ? 'file' : s.type === 'directory' ? 'directory' : undefined;
  } catch {
    return undefined;
  }
}

async function renderDir(fs: FileSystem, dir: string, o: RenderTargetOptions): Promise<RenderTargetResult> {
  const engine = o.engine ?? 'builtin';
  const label = posix.relative(o.repoRoot, dir) || '.';
  if (engine === 'kubectl') {
    const r = await renderWithKubectl(dir, { trusted: o.trusted, kubectlPath: o.kubectlPath, token: o.token });
    return r.ok ? { ok: true, engine, units: [{ label, yaml: r.yaml }] } : r;
  }
  const r = await renderKustomization(fs, dir, { root: o.repoRoot, autodetect: true, token: o.token });
  if (r.ok) return { ok: true, engine, units: [{ label, yaml: r.yaml, manifests: r.manifests }] };
  // A field or plugin kustomize has and the built-in engine lacks: in a trusted workspace, this build
  // (only this one) goes to kubectl kustomize when it is installed; otherwise the clear error stands.
  if (r.error.unsupported && o.trusted) {
    const k = await renderWithKubectl(dir, { trusted: true, kubectlPath: o.kubectlPath, token: o.token });
    if (k.ok) return { ok: true, engine: 'kubectl', note: `rendered with kubectl kustomize: the built-in engine does not support ${r.error.unsupported}`, units: [{ label, yaml: k.yaml }] };
    return { ok: false, error: { ...r.error, message: `${r.error.message} (kubectl kustomize did not render it either: ${k.error.message})` } };
  }
  return r;
}

export async function renderTarget(fs: FileSystem, target: string, o: RenderTargetOptions): Promise<RenderTargetResult> {
  const abs = posix.normalize(target);
  const type = await statType(fs, abs);
  if (!type) return { ok: false, error: { message: `'${target}' does not exist` } };
  // An app's path comes from the repository (Argo CD source.path, a symlinked folder): the target itself is fenced too.
  const real = new RealPaths(fs);
  const resolved = await real.of(abs);
  const root = await real.root(o.repoRoot);
  if (resolved === undefined || !isInOrBelow(root, resolved)) {
    return { ok: false, error: { message: `security; '${target}' resolves to '${resolved ?? '?'}', which is not in or below the repository root '${root}' (Reconcile reads nothing outside the repository)` } };
  }
  if (type === 'directory') return renderDir(fs, abs, o);
  if (KUSTOMIZATION_FILES.includes(posix.basename(abs))) return renderDir(fs, posix.dirname(abs), o);
  const text = new TextDecoder().decode(await fs.readFile(abs));
  const rel = posix.relative(o.repoRoot, abs);
  const docs = parseDocuments(rel, text).documents.map((d) => d.value as Json);
  let fluxes = docs.filter(isFluxKustomization) as JsonMap[];
  if (fluxes.length === 0) return { ok: false, error: { message: `${rel} is neither a kustomization nor a file with Flux Kustomizations; pass a directory or kustomization.yaml`, file: rel } };
  const nameOf = (f: JsonMap) => String((f.metadata as JsonMap | undefined)?.name ?? '');
  if (o.name) fluxes = fluxes.filter((f) => nameOf(f) === o.name);
  if (fluxes.length === 0) return { ok: false, error: { message: `${rel} has no Flux Kustomization named '${o.name}'`, file: rel } };
  if ((o.engine ?? 'builtin') !== 'builtin') return { ok: false, error: { message: 'Flux Kustomizations render with the built-in engine only (post-build substitution and overlays are applied in-process)' } };
  const units: RenderedUnit[] = [];
  for (const f of fluxes) {
    const r = await renderFluxKustomization(fs, f, { sourceRoot: o.repoRoot, lookup: o.lookup, strict: o.strict, token: o.token });
    if (!r.ok) return { ok: false, error: { message: `Kustomization/${nameOf(f)}: ${r.error.message}`, file: r.error.file ?? rel } };
    units.push({ label: `Kustomization/${nameOf(f)}`, yaml: r.yaml, manifests: r.manifests });
  }
  return { ok: true, engine: 'builtin', units };
}
