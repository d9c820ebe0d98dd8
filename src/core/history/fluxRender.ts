// Rendering through a Flux Kustomization at each commit: the Flux object is read from the commit too
// (its targetNamespace, patches, images and postBuild substitutions are part of what the object
// becomes), and substituteFrom ConfigMaps/Secrets are looked up in the files that define them.
import { posix } from 'node:path';
import { parseDocuments } from '../index/parse';
import { isFluxKustomization, renderFluxKustomization } from '../render/flux/fluxKustomization';
import { isMap, JsonMap } from '../render/merge/strategicMerge';
import { CancelledError, FileSystem } from '../types';
import { RenderFunction } from './renderFunction';

/** Files that may define a ConfigMap/Secret (repo-relative), e.g. from the index at HEAD. */
export type SubstitutionFiles = (kind: 'ConfigMap' | 'Secret', name: string, namespace: string) => string[];

async function documentsOf(fs: FileSystem, root: string, rel: string): Promise<unknown[]> {
  const text = new TextDecoder().decode(await fs.readFile(posix.join(root, rel)));
  return parseDocuments(rel, text).documents.map((d) => d.value);
}

/** A RenderFunction for the Flux Kustomization `name` defined in `file`; `appPath` is its spec.path. */
export function fluxRender(file: string, name: string, substitutionFiles?: SubstitutionFiles): RenderFunction {
  return async (fs, root, appPath, token) => {
    let docs: unknown[];
    try {
      docs = await documentsOf(fs, root, file);
    } catch {
      throw new Error(`${file} does not exist at this commit`);
    }
    const flux = docs.find((d): d is JsonMap => isFluxKustomization(d) && isMap(d.metadata) && d.metadata.name === name);
    if (!flux) throw new Error(`${file} has no Flux Kustomization named '${name}' at this commit`);
    const lookup = async (kind: 'ConfigMap' | 'Secret', objName: string, namespace: string): Promise<JsonMap | undefined> => {
      for (const f of substitutionFiles?.(kind, objName, namespace) ?? []) {
        const docs: unknown[] = await documentsOf(fs, root, f).catch(() => []);
        for (const d of docs) {
          if (isMap(d) && d.kind === kind && isMap(d.metadata) && d.metadata.name === objName && (d.metadata.namespace ?? namespace) === namespace) return d;
        }
      }
      return undefined;
    };
    // spec.path is relative to the Flux source; the caller resolved it to a repository folder (the
    // index maps ExternalArtifact paths back to the repository), so render that folder.
    const spec = isMap(flux.spec) ? flux.spec : {};
    const pinned: JsonMap = { ...flux, spec: { ...spec, path: appPath ? `./${appPath}` : './' } };
    const r = await renderFluxKustomization(fs, pinned, { sourceRoot: root, lookup, token });
    if (r.ok) return r.manifests;
    if (token.isCancellationRequested) throw new CancelledError();
    throw new Error(`Kustomization/${name}: ${r.error.message}`);
  };
}
