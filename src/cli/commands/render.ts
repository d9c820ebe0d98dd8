// `reconcile render <dir|kustomization|Flux Kustomization file>`: prints the rendered YAML stream the way
// `kustomize build` does. Built-in engine by default; `--engine kubectl` runs `kubectl kustomize`.
import * as path from 'path';
import { CliCommand, CliIO, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot, realTarget, symlinkEscape } from '../repo';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { renderTarget, RenderedUnit } from '../../core/render/renderTarget';
import { stringifyObject } from '../../core/render/kustomize/yamlOutput';
import { Json } from '../../core/render/merge/strategicMerge';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { ObjectLookup } from '../../core/render/flux/fluxKustomization';
import { indexLookup, renderApp } from '../../core/render/renderApp';
import { KUSTOMIZATION_FILES } from '../../core/render/kustomize/loader';
import { AppEntry } from '../../core/index/model';
import { Validator } from '../../core/validate/validator';
import { validateRendered } from '../../core/render/validateRendered';
import { defaultSchemaDir } from '../schemaDir';

const USAGE = `Usage: reconcile render <dir|kustomization.yaml|flux-kustomization.yaml> [--engine builtin|kubectl]
                        [--kubernetes-version X] [--name NAME] [--strict] [--show-origins] [--validate]

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
  --show-origins          before each object, a comment with the file and line it came from and the
                          kustomization/patch files that changed it (built-in engine)
  --validate              also check the rendered objects (schemas, removed APIs) and print each problem
                          on stderr at the source line to fix (the object's file, or the patch that set the
                          field): \`file:line: severity CODE message (Kind/name)\`; exit 1 on errors (built-in engine)

A named directory or file is rendered whatever .gitignore says (kustomize reads no ignore files); a path
may go through a symlink. A plain folder with no manifest, or --validate on a render with no object, is
reported on stderr and exits 2: nothing rendered is not a pass.

Exit codes: 0 rendered, 1 render error, 2 usage error or nothing to render.`;

/** The repository index, built once on first use (Flux sources and substituteFrom lookups need it). */
function lazyIndex(root: string): () => Promise<RepositoryIndex> {
  let index: Promise<RepositoryIndex> | undefined;
  return () =>
    (index ??= (async () => {
      const ix = new RepositoryIndex({ root, fs: nodeFileSystem });
      await ix.scan();
      return ix;
    })());
}

function repositoryLookup(getIndex: () => Promise<RepositoryIndex>): ObjectLookup {
  return async (kind, name, namespace) => indexLookup(await getIndex())(kind, name, namespace);
}

/**
 * Flux Kustomizations in a file, as the index resolved them (it follows GitRepository/ExternalArtifact
 * sources to the directory in this repository); undefined when the file holds none.
 */
async function fluxApps(getIndex: () => Promise<RepositoryIndex>, repoRoot: string, target: string, name: string | undefined): Promise<AppEntry[] | undefined> {
  if (KUSTOMIZATION_FILES.includes(path.posix.basename(target)) || !/\.(ya?ml|json)$/i.test(target) || !target.startsWith(repoRoot + '/')) return undefined;
  const text = await nodeFileSystem.readFile(target).then((b) => new TextDecoder().decode(b), () => '');
  if (!text.includes('kustomize.toolkit.fluxcd.io')) return undefined;
  const rel = target.slice(repoRoot.length + 1);
  const apps = (await getIndex()).apps().filter((a) => a.kind === 'FluxKustomization' && a.file === rel);
  if (apps.length === 0) return undefined;
  return name ? apps.filter((a) => a.name === name) : apps;
}

/** A unit's YAML, optionally with a `# Source:` comment (repo-relative path, 1-based line) per object. */
function unitText(u: RenderedUnit, showOrigins: boolean): string {
  if (!showOrigins || !u.manifests) return u.yaml;
  return u.manifests
    .map((m) => {
      const touched = m.origin.touchedBy?.length ? ` (changed by ${[...new Set(m.origin.touchedBy)].join(', ')})` : '';
      return `# Source: ${m.origin.file}:${m.origin.range.startPos.line + 1}${touched}\n${stringifyObject(m.object as Json)}`;
    })
    .join('---\n');
}

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Render a kustomization, folder or Flux Kustomization to YAML (like kustomize build)',
  usage: USAGE,
  async run(args, io) {
    let engine: 'builtin' | 'kubectl';
    let target: string;
    let written: string;
    let values: Record<string, unknown>;
    try {
      const parsed = parseCommandArgs(args, {
        engine: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        name: { type: 'string' },
        strict: { type: 'boolean' },
        'show-origins': { type: 'boolean' },
        validate: { type: 'boolean' },
      });
      values = parsed.values;
      engine = oneOf(values.engine, ['builtin', 'kubectl'] as const, 'engine', 'builtin');
      if (parsed.positionals.length !== 1) throw new UsageError('expected exactly one directory or file to render');
      if (values['show-origins'] === true && engine !== 'builtin') throw new UsageError('--show-origins needs the built-in engine (kubectl reports no origins)');
      if (values.validate === true && engine !== 'builtin') throw new UsageError('--validate needs the built-in engine (kubectl reports no origins to report problems at)');
      const kv = values['kubernetes-version'];
      if (kv !== undefined && !/^v?1\.\d+(?:\.\d+)?$/.test(String(kv))) throw new UsageError(`--kubernetes-version expects a release like 1.30 (got '${String(kv)}')`);
      // Real path: a target reached through a symlink (macOS /tmp) must still sit inside the root git reports.
      written = parsed.positionals[0];
      target = realTarget(io.cwd, written) ?? path.resolve(io.cwd, written);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile render: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const escape = symlinkEscape(io.cwd, written);
    if (escape) {
      io.stderr(`reconcile render: ${escape}\n`);
      return EXIT_USAGE;
    }
    const startDir = path.extname(target) ? path.dirname(target) : target;
    // Outside git, the current directory is the repository when the target is inside it.
    const cwd = realTarget(io.cwd, '.') ?? path.resolve(io.cwd);
    const cwdRoot = (target + path.sep).startsWith(cwd + path.sep) ? cwd : startDir;
    const repoRoot = (await findRepoRoot(startDir)) ?? cwdRoot;
    const posixTarget = target.split(path.sep).join('/');
    const posixRoot = repoRoot.split(path.sep).join('/');
    const root = posixTarget.startsWith(posixRoot) ? posixRoot : startDir.split(path.sep).join('/');
    const getIndex = lazyIndex(root);
    const apps = await fluxApps(getIndex, root, posixTarget, values.name as string | undefined);
    if (apps) {
      if (apps.length === 0) {
        io.stderr(`reconcile render: ${path.basename(target)} has no Flux Kustomization named '${String(values.name)}'\n`);
        return 1;
      }
      if (engine !== 'builtin') {
        io.stderr('reconcile render: Flux Kustomizations render with the built-in engine only\n');
        return EXIT_USAGE;
      }
      const out: string[] = [];
      const units: RenderedUnit[] = [];
      for (const app of apps) {
        const r = await renderApp(await getIndex(), nodeFileSystem, app, { trusted: true });
        if (!r.ok) {
          io.stderr(`reconcile render: Kustomization/${app.name}: ${r.error.message}\n`);
          return 1;
        }
        out.push(...r.units.map((u) => unitText(u, values['show-origins'] === true)).filter((y) => y !== ''));
        units.push(...r.units);
      }
      io.stdout(out.join('---\n'));
      return values.validate === true ? reportRendered(units, root, values['kubernetes-version'] as string | undefined, io) : 0;
    }
    // The CLI is run deliberately by the user, so it may start kubectl; the extension passes workspace trust.
    const result = await renderTarget(nodeFileSystem, posixTarget, {
      engine,
      trusted: true,
      repoRoot: root,
      name: values.name as string | undefined,
      strict: values.strict === true,
      lookup: repositoryLookup(getIndex),
      kubectlPath: io.env.RECONCILE_KUBECTL,
    });
    if (!result.ok) {
      io.stderr(`reconcile render: ${result.error.message}\n`);
      return 1;
    }
    if (result.note) io.stderr(`reconcile render: ${result.note}\n`);
    if (result.units.every((u) => u.yaml.trim() === '') && (await isPlainFolder(posixTarget))) {
      io.stderr(`reconcile render: nothing to render in ${displayDir(target, root)}: no Kubernetes manifest in this folder (without a kustomization.yaml, every YAML file under it is rendered)\n`);
      return EXIT_USAGE;
    }
    io.stdout(result.units.map((u) => unitText(u, values['show-origins'] === true)).filter((y) => y !== '').join('---\n'));
    return values.validate === true ? reportRendered(result.units, root, values['kubernetes-version'] as string | undefined, io) : 0;
  },
};

/** A directory without a kustomization file: rendered as a plain folder of manifests. */
async function isPlainFolder(target: string): Promise<boolean> {
  const type = await nodeFileSystem.stat(target).then((s) => s.type, () => undefined);
  if (type !== 'directory') return false;
  for (const f of KUSTOMIZATION_FILES) if ((await nodeFileSystem.stat(`${target}/${f}`).then(() => true, () => false))) return false;
  return true;
}

function displayDir(target: string, root: string): string {
  const rel = path.relative(root, target);
  return rel === '' ? '.' : rel.startsWith('..') ? target : rel.split(path.sep).join('/') + '/';
}

/** `--validate`: problems of the rendered objects on stderr at their sources; 1 when any is an error. */
async function reportRendered(units: RenderedUnit[], root: string, version: string | undefined, io: CliIO): Promise<number> {
  const created = Validator.create(defaultSchemaDir(io.env), version?.replace(/^v/, '').split('.').slice(0, 2).join('.'), { cache: false });
  if (!created.ok) {
    io.stderr(`reconcile render: --validate: ${created.error}\n`);
    return 1;
  }
  const manifests = units.flatMap((u) => u.manifests ?? []);
  if (manifests.length === 0) {
    io.stderr('reconcile render: --validate: nothing to check: the render produced no object\n');
    return EXIT_USAGE;
  }
  const findings = await validateRendered(created.value, manifests, { readText: (f) => nodeFileSystem.readFile(path.posix.isAbsolute(f) ? f : `${root}/${f}`).then((b) => new TextDecoder().decode(b)) });
  for (const f of findings) io.stderr(`${f.range.file}:${f.range.startPos.line + 1}: ${f.severity} ${f.code} ${f.message} (${f.object})\n`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  io.stderr(`${manifests.length} rendered object${manifests.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} other finding${findings.length - errors === 1 ? '' : 's'}\n`);
  return errors > 0 ? 1 : 0;
}
