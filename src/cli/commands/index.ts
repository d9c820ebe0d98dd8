// `reconcile index [path] --format json|text`: what the repository index sees.
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { gitCurrentBranch } from '../../core/index/gitRemotes';
import { findRepoRoot, gitRemoteUrls, realTarget, repoRelative, symlinkEscape } from '../repo';
import { ignoredFromAbove } from '../namedPaths';
import { nothingFoundMessage, skippedFiles } from '../nothingFound';

const USAGE = `Usage: reconcile index [path] [--format json|text] [--exclude GLOB ...] [--max-file-size-mb N] [--no-gitignore]

Indexes every manifest under path (default: the current directory): documents, Kubernetes objects,
kustomizations, apps (Flux Kustomizations, Argo CD Applications, HelmReleases, kustomization
directories) and parse errors. Paths are relative to path; lines are 1-based.

The named directory is indexed even when a .gitignore ignores it; ignore rules (from .gitignore files
in it and above it) apply to what it holds (--no-gitignore: none do). A directory with no manifest at
all is reported on stderr, with the files skipped and why.

Exit codes: 0 done (even when files have errors: see "errors"), 2 usage error or no manifest found.`;

export const indexCommand: CliCommand = {
  name: 'index',
  summary: 'List the manifests, objects, kustomizations and apps of a repository',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, unknown>;
    let positionals: string[];
    let format: 'json' | 'text';
    try {
      ({ values, positionals } = parseCommandArgs(args, {
        format: { type: 'string' },
        exclude: { type: 'string', multiple: true },
        'max-file-size-mb': { type: 'string' },
        'no-gitignore': { type: 'boolean' },
      }));
      format = oneOf(values.format, ['json', 'text'] as const, 'format', 'text');
      if (positionals.length > 1) throw new UsageError('expected at most one path');
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile index: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    // The real path: the root git reports, and the symlink-safe walk, compare real paths.
    const root = realTarget(io.cwd, positionals[0] ?? '.');
    if (root === undefined || !fs.statSync(root).isDirectory()) {
      io.stderr(`reconcile index: ${path.resolve(io.cwd, positionals[0] ?? '.')} is not a directory\n`);
      return EXIT_USAGE;
    }
    const escape = symlinkEscape(io.cwd, positionals[0] ?? '.');
    if (escape) {
      io.stderr(`reconcile index: ${escape}\n`);
      return EXIT_USAGE;
    }
    const maxMb = values['max-file-size-mb'] === undefined ? 5 : Number(values['max-file-size-mb']);
    if (!Number.isFinite(maxMb) || maxMb <= 0) {
      io.stderr('reconcile index: --max-file-size-mb must be a positive number\n');
      return EXIT_USAGE;
    }
    const repoRoot = (await findRepoRoot(root)) ?? root;
    const index = new RepositoryIndex({
      root,
      fs: nodeFileSystem,
      settings: {
        exclude: ['**/node_modules/**', ...((values.exclude as string[] | undefined) ?? [])],
        maxFileSizeBytes: maxMb * 1024 * 1024,
        useGitignore: values['no-gitignore'] !== true,
        repoUrls: await gitRemoteUrls(repoRoot),
      },
      appSets: { currentBranch: await gitCurrentBranch(repoRoot) },
    });
    let summary = await index.scan();
    // A walk from a folder inside a repository reads no .gitignore above it: apply those here.
    const folder = repoRelative(repoRoot, root);
    if (values['no-gitignore'] !== true && folder) {
      const ignored = await ignoredFromAbove(repoRoot, folder, nodeFileSystem);
      for (const f of index.files()) if (ignored(f.path)) await index.removeFile(f.path);
      summary = index.summary();
    }
    if (summary.documents === 0 && summary.errors === 0) {
      const counts = await skippedFiles(index, [{ rel: '', type: 'directory' }], nodeFileSystem, maxMb * 1024 * 1024);
      io.stderr(`reconcile index: ${nothingFoundMessage([positionals[0] ?? '.'], counts, maxMb * 1024 * 1024, 'index')}\n`);
      return EXIT_USAGE;
    }
    const resources = index.resources().map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace ?? null, name: r.name, file: r.file, line: r.line + 1 }));
    const kustomizations = index.kustomizations().map((k) => ({ file: k.file, kind: k.kind, resources: k.resources, components: k.components, patches: k.patches }));
    const apps = index.apps().map((a) => ({
      kind: a.kind,
      name: a.name,
      namespace: a.namespace ?? null,
      file: a.file,
      path: a.path ?? null,
      ...(a.generatedBy ? { generatedBy: { kind: a.generatedBy.kind, name: a.generatedBy.name, namespace: a.generatedBy.namespace ?? null, file: a.generatedBy.file } } : {}),
      ...(a.project !== undefined ? { project: a.project } : {}),
      ...(a.destination ? { destination: { server: a.destination.server ?? null, name: a.destination.name ?? null, namespace: a.destination.namespace ?? null } } : {}),
      ...(a.sources ? { sources: a.sources } : {}),
    }));
    const errors = index.errors().map((e) => ({ file: e.file, line: e.line + 1, code: e.code, severity: e.severity, message: e.message }));
    if (format === 'json') {
      io.stdout(JSON.stringify({ version: 1, files: summary.files, documents: summary.documents, resources, kustomizations, apps, errors }, null, 2) + '\n');
      return 0;
    }
    const lines: string[] = [];
    lines.push(`${summary.files} files, ${summary.documents} documents, ${summary.resources} objects, ${kustomizations.length} kustomizations, ${apps.length} apps${summary.skipped ? `, ${summary.skipped} skipped` : ''}`);
    if (apps.length) {
      lines.push('', 'Apps:');
      for (const a of apps) lines.push(`  ${a.kind} ${a.namespace ? a.namespace + '/' : ''}${a.name}  ${a.file}${a.generatedBy ? ` (ApplicationSet ${a.generatedBy.name})` : ''}${a.path !== null ? `  → ${a.path || '.'}` : ''}`);
    }
    if (resources.length) {
      lines.push('', 'Objects:');
      for (const r of resources) lines.push(`  ${r.kind}/${r.name}${r.namespace ? ` -n ${r.namespace}` : ''}  ${r.file}:${r.line}`);
    }
    if (errors.length) {
      lines.push('', 'Problems:');
      for (const e of errors) lines.push(`  ${e.file}:${e.line}: ${e.severity} ${e.code}: ${e.message}`);
    }
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
