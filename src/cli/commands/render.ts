// `reconcile render <dir|kustomization|Flux Kustomization file>`: prints the rendered YAML stream the way
// `kustomize build` does. Built-in engine by default; `--engine kubectl` runs `kubectl kustomize`.
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot } from '../repo';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { renderTarget } from '../../core/render/renderTarget';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { parseDocuments } from '../../core/index/parse';
import { JsonMap } from '../../core/render/merge/strategicMerge';
import { ObjectLookup } from '../../core/render/flux/fluxKustomization';

const USAGE = `Usage: reconcile render <dir|kustomization.yaml|flux-kustomization.yaml> [--engine builtin|kubectl]
                        [--kubernetes-version X] [--name NAME] [--strict]

Prints the rendered manifests as a YAML stream, in the order and format of \`kustomize build\`.
  <dir>                 a kustomization directory, or a plain folder of manifests (all YAML under it,
                        as Flux does for a path without kustomization.yaml)
  <file>                a kustomization.yaml, or a file with Flux Kustomizations (kustomize.toolkit.fluxcd.io):
                        spec.path is rendered from the repository root, with targetNamespace, patches, images,
                        components, commonMetadata and postBuild substitution (substituteFrom ConfigMaps and
                        Secrets are looked up in the repository)

  --engine E              builtin (default, in-process) or kubectl (\`kubectl kustomize\`, kustomize v5)
  --kubernetes-version X  accepted for compatibility; merge keys come from the bundled Kubernetes 1.30 API
  --name NAME             the Flux Kustomization to render when the file holds several
  --strict                fail on unset postBuild variables instead of substituting ''

Exit codes: 0 rendered, 1 render error, 2 usage error.`;

/** substituteFrom lookups: scan the repository once, on first use. */
function repositoryLookup(root: string): ObjectLookup {
  let index: Promise<RepositoryIndex> | undefined;
  return async (kind, name, namespace) => {
    index ??= (async () => {
      const ix = new RepositoryIndex({ root, fs: nodeFileSystem });
      await ix.scan();
      return ix;
    })();
    const ix = await index;
    const found = ix.findObjects({ kind, name, namespace }).concat(ix.findObjects({ kind, name }).filter((e) => !e.namespace));
    for (const e of found) {
      const text = await ix.readText(e.file);
      const doc = parseDocuments(e.file, text).documents.find((d) => d.index === e.documentIndex);
      if (doc && typeof doc.value === 'object' && doc.value !== null) return doc.value as JsonMap;
    }
    return undefined;
  };
}

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Render a kustomization, folder or Flux Kustomization to YAML (like kustomize build)',
  usage: USAGE,
  async run(args, io) {
    let engine: 'builtin' | 'kubectl';
    let target: string;
    let values: Record<string, unknown>;
    try {
      const parsed = parseCommandArgs(args, {
        engine: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        name: { type: 'string' },
        strict: { type: 'boolean' },
      });
      values = parsed.values;
      engine = oneOf(values.engine, ['builtin', 'kubectl'] as const, 'engine', 'builtin');
      if (parsed.positionals.length !== 1) throw new UsageError('expected exactly one directory or file to render');
      const kv = values['kubernetes-version'];
      if (kv !== undefined && !/^v?1\.\d+(?:\.\d+)?$/.test(String(kv))) throw new UsageError(`--kubernetes-version expects a release like 1.30 (got '${String(kv)}')`);
      target = path.resolve(io.cwd, parsed.positionals[0]);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile render: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const startDir = path.extname(target) ? path.dirname(target) : target;
    const repoRoot = (await findRepoRoot(startDir)) ?? startDir;
    const posixTarget = target.split(path.sep).join('/');
    const posixRoot = repoRoot.split(path.sep).join('/');
    // The CLI is run deliberately by the user, so it may start kubectl; the extension passes workspace trust.
    const result = await renderTarget(nodeFileSystem, posixTarget, {
      engine,
      trusted: true,
      repoRoot: posixTarget.startsWith(posixRoot) ? posixRoot : startDir,
      name: values.name as string | undefined,
      strict: values.strict === true,
      lookup: repositoryLookup(repoRoot),
      kubectlPath: io.env.RECONCILE_KUBECTL,
    });
    if (!result.ok) {
      io.stderr(`reconcile render: ${result.error.message}\n`);
      return 1;
    }
    io.stdout(result.units.map((u) => u.yaml).filter((y) => y !== '').join('---\n'));
    return 0;
  },
};
