// `reconcile validate [paths...]`: schema, API-version, reference and workload checks, offline.
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { GitWorkTree, realTarget, repoRelative, symlinkEscape } from '../repo';
import { forceInclude, includeNamedPaths, isUnder, NamedPath, UserExcludes } from '../namedPaths';
import { nothingFoundMessage, skippedFiles } from '../nothingFound';
import { DEFAULT_INDEX_SETTINGS } from '../../core/index/model';
import { VERSION } from '../../version';
import { GitRevisions } from '../../core/appset/gitRevisions';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { syncFileSystem } from '../syncFileSystem';
import { Validator } from '../../core/validate/validator';
import { formatJson, formatSarif, formatText } from '../../core/validate/report';
import { normalizeVersion, readSchemaManifest } from '../../core/validate/schemas/loadSchemas';
import { RULES, SeverityOverrides } from '../../core/validate/ruleCatalog';
import { addSchemaFolder } from '../../core/validate/schemas/schemaFolder';
import { defaultSchemaDir } from '../schemaDir';
import { Severity } from '../../core/types';
import { JOBS_USAGE, parseJobs, scanPool } from '../scanJobs';

/** Where the stream read from standard input sits in the index; its findings are reported under --stdin-name. */
const STDIN_PATH = '<stdin>.yaml';

const USAGE = `Usage: reconcile validate [paths...] [-] [--kubernetes-version X] [--format text|json|sarif] [--schema-dir D]
                          [--severity RC1234=error|warning|info|off ...] [--schema-folder D ...] [--exclude GLOB ...]
                          [--stdin-name NAME] [--jobs N|auto]

Validates Kubernetes manifests, Kustomize, Flux and Argo CD files offline: schemas by apiVersion/kind
(Kubernetes ${'1.30, 1.33, 1.34, 1.36'} and bundled CRDs; CRDs found in the repository take precedence),
unknown fields, removed and deprecated apiVersions, selector/label mismatches, missing kustomization
paths, Flux and Argo CD references, Helm values against values.schema.json. Helm templates are skipped.

The repository is the git work tree around the first path (or the current directory); paths narrow
which files are reported. Output paths are repository-relative, lines and columns 1-based.

Paths named here are checked whatever .gitignore says: a named file always, a named directory is walked
with ignore rules applied to what is inside it, even when the directory itself is ignored (render into
an ignored out/, then \`reconcile validate out/\`). --exclude still applies. Paths may go through symlinks.
A run that finds no manifest under the named paths says why on stderr and exits 2, never 0.

  -                       read a multi-document YAML stream from standard input, e.g.
                          \`kustomize build overlays/prod | reconcile validate -\` or \`helm template ... | reconcile validate -\`;
                          findings are reported under the name "stdin"; may be mixed with paths
  --stdin-name NAME       the file name to report standard input under (e.g. for SARIF uploads)
  --kubernetes-version X  target release (default 1.34)
  --format F              text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --schema-dir D          directory of built schemas (default: next to the CLI)
  --schema-folder D       extra JSON Schemas, laid out <group>/<kind>_<version>.json (repeatable)
  --severity CODE=LEVEL   override a rule's severity, or turn it off
  --exclude GLOB          skip files (repeatable; repository-relative, applies to named paths too)
${JOBS_USAGE}

Exit codes: 0 no errors, 1 errors found, 2 usage error or nothing to check.`;

function parseSeverities(list: string[] | undefined): SeverityOverrides {
  const out: SeverityOverrides = {};
  for (const item of list ?? []) {
    const m = /^(RC\d{4})=(error|warning|info|hint|off)$/i.exec(item.trim());
    if (!m) throw new UsageError(`--severity expects CODE=error|warning|info|off (got '${item}')`);
    const code = m[1].toUpperCase();
    if (!RULES.has(code)) throw new UsageError(`--severity: unknown rule ${code}`);
    out[code] = m[2].toLowerCase() as Severity | 'off';
  }
  return out;
}

/**
 * Outside git there is no repository to scan: the folder the named paths share is the root, never the current
 * directory around them (run from /tmp or $HOME, that scanned everything there).
 */
function fallbackRoot(targets: string[]): string {
  const dirs = targets.map((t) => (fs.statSync(t).isDirectory() ? t : path.dirname(t)));
  let common = dirs[0];
  while (!dirs.every((d) => d === common || d.startsWith(common + path.sep))) common = path.dirname(common);
  return common;
}

/** Outside git, files are named from the current directory, as they were typed ('' when the root is not below it). */
function shownPrefix(cwd: string, root: string): string {
  if (root === cwd || !root.startsWith(cwd + path.sep)) return '';
  return path.relative(cwd, root).split(path.sep).join('/') + '/';
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check manifests offline (paths, or - for stdin): schemas, removed APIs, references, selectors',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, unknown>;
    let positionals: string[];
    let format: 'text' | 'json' | 'sarif';
    let overrides: SeverityOverrides;
    let stdinName: string | undefined;
    let jobs: number;
    try {
      ({ values, positionals } = parseCommandArgs(args, {
        'kubernetes-version': { type: 'string' },
        format: { type: 'string' },
        'schema-dir': { type: 'string' },
        severity: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'schema-folder': { type: 'string', multiple: true },
        'stdin-name': { type: 'string' },
        jobs: { type: 'string' },
      }));
      jobs = parseJobs(values.jobs);
      format = oneOf(values.format, ['text', 'json', 'sarif'] as const, 'format', 'text');
      overrides = parseSeverities(values.severity as string[] | undefined);
      if (values['kubernetes-version'] !== undefined && !normalizeVersion(String(values['kubernetes-version']))) {
        throw new UsageError(`--kubernetes-version expects a release like 1.34 (got '${String(values['kubernetes-version'])}')`);
      }
      stdinName = stdinNameOf(positionals, values['stdin-name'] as string | undefined, io.stdin !== undefined);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile validate: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const paths = positionals.filter((p) => p !== '-');
    const targets: string[] = [];
    // No path and no `-`: the current directory, as before.
    for (const p of paths.length > 0 || stdinName !== undefined ? paths : ['.']) {
      const real = realTarget(io.cwd, p);
      if (real === undefined) {
        io.stderr(`reconcile validate: ${path.resolve(io.cwd, p)} does not exist\n`);
        return EXIT_USAGE;
      }
      const escape = symlinkEscape(io.cwd, p);
      if (escape) {
        io.stderr(`reconcile validate: ${escape}\n`);
        return EXIT_USAGE;
      }
      targets.push(real);
    }
    const cwd = realTarget(io.cwd, '.') ?? io.cwd;
    const first = targets[0] ?? cwd;
    // git runs while the schemas load.
    const git = new GitWorkTree(fs.statSync(first).isDirectory() ? first : path.dirname(first));
    const schemaDir = values['schema-dir'] !== undefined ? path.resolve(io.cwd, String(values['schema-dir'])) : defaultSchemaDir(io.env);
    const manifest = readSchemaManifest(schemaDir);
    if (!manifest.ok) {
      io.stderr(`reconcile validate: ${manifest.error}\n`);
      return EXIT_USAGE;
    }
    const version = values['kubernetes-version'] !== undefined ? normalizeVersion(String(values['kubernetes-version'])) : manifest.value.defaultKubernetesVersion;
    const created = Validator.create(schemaDir, version, { severityOverrides: overrides, cache: false });
    if (!created.ok) {
      io.stderr(`reconcile validate: ${created.error}\n`);
      return EXIT_USAGE;
    }
    for (const folder of (values['schema-folder'] as string[] | undefined) ?? []) {
      const r = addSchemaFolder(created.value.registry, path.resolve(io.cwd, folder));
      for (const p of r.problems) io.stderr(`reconcile validate: schema folder: ${p}\n`);
    }
    const gitRoot = await git.root;
    const root = gitRoot ?? fallbackRoot(targets.length ? targets : [cwd]);
    const prefix = gitRoot === undefined ? shownPrefix(cwd, root) : '';
    const named: NamedPath[] = [];
    for (const t of targets) {
      const rel = repoRelative(root, t);
      if (rel === undefined) {
        io.stderr(`reconcile validate: all paths must be inside one repository: ${t} is outside ${root}\n`);
        return EXIT_USAGE;
      }
      named.push({ rel, type: fs.statSync(t).isDirectory() ? 'directory' : 'file' });
    }
    const userExcludes = (values.exclude as string[] | undefined) ?? [];
    // ApplicationSet git generators expand as in `reconcile index` (the branch checked out, other local revisions).
    const revisions = new GitRevisions(root, () => gitRoot !== undefined);
    const index = new RepositoryIndex({
      root,
      fs: syncFileSystem,
      settings: { exclude: [...DEFAULT_INDEX_SETTINGS.exclude, ...userExcludes], repoUrls: await git.remoteUrls(root) },
      appSets: revisions.options,
      scanIndexer: scanPool(jobs, io.env, (message) => io.stderr(`reconcile validate: ${message}\n`)),
    });
    const selected: string[] = [];
    let report;
    try {
      // Standard input alone outside git: no repository to read CRDs from, and the current directory may be $HOME.
      if (named.length > 0 || gitRoot !== undefined) await index.scan();
      if (named.length) selected.push(...(await includeNamedPaths(index, named, syncFileSystem, new UserExcludes(userExcludes))));
      if (stdinName !== undefined && io.stdin) {
        await forceInclude(index, [STDIN_PATH], new Map([[STDIN_PATH, await io.stdin()]]));
        selected.push(STDIN_PATH);
      }
      report = await created.value.validateIndex(index, { files: selected });
    } finally {
      revisions.dispose();
    }
    const displayName = (file: string) => (file === STDIN_PATH ? (stdinName ?? 'stdin') : prefix + file || '.');
    const hasDocuments = (under: NamedPath) => selected.some((p) => isUnder(p, under) && index.getFile(p)?.documents.some((d) => d.classification !== 'empty'));
    const limit = DEFAULT_INDEX_SETTINGS.maxFileSizeBytes;
    const explain = async (parts: NamedPath[]) => nothingFoundMessage(parts.map((n) => displayName(n.rel) + (n.type === 'directory' && n.rel !== '' ? '/' : '')), await skippedFiles(index, parts, syncFileSystem, limit), limit);
    const emptyStdin = stdinName !== undefined && !hasDocuments({ rel: STDIN_PATH, type: 'file' });
    // Nothing checked and nothing wrong: never a green summary.
    if (report.documents === 0 && !report.diagnostics.some((d) => d.severity === 'error')) {
      if (named.length) io.stderr(`reconcile validate: ${await explain(named)}\n`);
      if (emptyStdin) io.stderr('reconcile validate: nothing to check on standard input: no YAML document\n');
      return EXIT_USAGE;
    }
    // One input of several holding nothing is worth a warning (a render step that wrote nowhere).
    if (named.length + (stdinName === undefined ? 0 : 1) > 1) {
      for (const n of named) if (!hasDocuments(n)) io.stderr(`reconcile validate: warning: ${await explain([n])}\n`);
      if (emptyStdin) io.stderr('reconcile validate: warning: nothing to check on standard input: no YAML document\n');
    }
    const diagnostics = report.diagnostics.map((d) => (d.range.file === STDIN_PATH || prefix ? { ...d, range: { ...d.range, file: displayName(d.range.file) } } : d));
    const input = { files: report.files, documents: report.documents, diagnostics, toolVersion: VERSION, kubernetesVersion: created.value.kubernetesVersion };
    io.stdout(format === 'json' ? formatJson(input) : format === 'sarif' ? formatSarif(input) : formatText(input));
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};

/** The name to report standard input under when `-` is among the paths, else undefined. */
function stdinNameOf(positionals: string[], name: string | undefined, available: boolean): string | undefined {
  const dashes = positionals.filter((p) => p === '-').length;
  if (dashes > 1) throw new UsageError('- (standard input) may be given once');
  if (dashes === 0) {
    if (name !== undefined) throw new UsageError('--stdin-name needs - among the paths');
    return undefined;
  }
  if (!available) throw new UsageError('standard input is not available here');
  if (name !== undefined && name.trim() === '') throw new UsageError('--stdin-name must not be empty');
  return name ?? 'stdin';
}
