// `reconcile validate [paths...]`: schema, API-version, reference and workload checks, offline.
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot, gitRemoteUrls } from '../repo';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { Validator } from '../../core/validate/validator';
import { formatJson, formatSarif, formatText } from '../../core/validate/report';
import { normalizeVersion, readSchemaManifest } from '../../core/validate/schemas/loadSchemas';
import { RULES, SeverityOverrides } from '../../core/validate/ruleCatalog';
import { addSchemaFolder } from '../../core/validate/schemas/schemaFolder';
import { defaultSchemaDir } from '../schemaDir';
import { Severity } from '../../core/types';

const TOOL_VERSION = '0.1.0';

const USAGE = `Usage: reconcile validate [paths...] [--kubernetes-version X] [--format text|json|sarif] [--schema-dir D]
                          [--severity RC1234=error|warning|info|off ...] [--schema-folder D ...] [--exclude GLOB ...]

Validates Kubernetes manifests, Kustomize, Flux and Argo CD files offline: schemas by apiVersion/kind
(Kubernetes ${'1.30, 1.33, 1.34, 1.36'} and bundled CRDs; CRDs found in the repository take precedence),
unknown fields, removed and deprecated apiVersions, selector/label mismatches, missing kustomization
paths, Flux and Argo CD references, Helm values against values.schema.json. Helm templates are skipped.

The repository is the git work tree around the first path (or the current directory); paths narrow
which files are reported. Output paths are repository-relative, lines and columns 1-based.

  --kubernetes-version X  target release (default 1.34)
  --format F              text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --schema-dir D          directory of built schemas (default: next to the CLI)
  --schema-folder D       extra JSON Schemas, laid out <group>/<kind>_<version>.json (repeatable)
  --severity CODE=LEVEL   override a rule's severity, or turn it off
  --exclude GLOB          skip files (repeatable)

Exit codes: 0 no errors, 1 errors found, 2 usage error.`;

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

/** Outside git: the current directory when it holds every path (so `../` references resolve), else their common ancestor. */
function fallbackRoot(cwd: string, targets: string[]): string {
  const inside = (p: string) => p === cwd || p.startsWith(cwd + path.sep);
  if (targets.every(inside)) return cwd;
  const dirs = targets.map((t) => (fs.statSync(t).isDirectory() ? t : path.dirname(t)));
  let common = dirs[0];
  while (!dirs.every((d) => d === common || d.startsWith(common + path.sep))) common = path.dirname(common);
  return common;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check manifests offline: schemas, removed APIs, references, selectors',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, unknown>;
    let positionals: string[];
    let format: 'text' | 'json' | 'sarif';
    let overrides: SeverityOverrides;
    try {
      ({ values, positionals } = parseCommandArgs(args, {
        'kubernetes-version': { type: 'string' },
        format: { type: 'string' },
        'schema-dir': { type: 'string' },
        severity: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        'schema-folder': { type: 'string', multiple: true },
      }));
      format = oneOf(values.format, ['text', 'json', 'sarif'] as const, 'format', 'text');
      overrides = parseSeverities(values.severity as string[] | undefined);
      if (values['kubernetes-version'] !== undefined && !normalizeVersion(String(values['kubernetes-version']))) {
        throw new UsageError(`--kubernetes-version expects a release like 1.34 (got '${String(values['kubernetes-version'])}')`);
      }
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile validate: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const targets = (positionals.length ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));
    for (const t of targets) {
      if (!fs.existsSync(t)) {
        io.stderr(`reconcile validate: ${t} does not exist\n`);
        return EXIT_USAGE;
      }
    }
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
    const first = targets[0];
    const firstDir = fs.statSync(first).isDirectory() ? first : path.dirname(first);
    const root = (await findRepoRoot(firstDir)) ?? fallbackRoot(io.cwd, targets);
    const rel = targets.map((t) => toPosix(path.relative(root, t)));
    if (rel.some((r) => r === '..' || r.startsWith('../') || path.isAbsolute(r))) {
      io.stderr('reconcile validate: all paths must be inside one repository\n');
      return EXIT_USAGE;
    }
    const index = new RepositoryIndex({
      root,
      fs: nodeFileSystem,
      settings: {
        exclude: ['**/node_modules/**', '**/.git/**', ...((values.exclude as string[] | undefined) ?? [])],
        repoUrls: await gitRemoteUrls(root),
      },
    });
    await index.scan();
    const selected = index
      .files()
      .map((f) => f.path)
      .filter((p) => rel.some((r) => r === '' || p === r || p.startsWith(r + '/')));
    const report = await created.value.validateIndex(index, { files: selected });
    const input = { files: report.files, documents: report.documents, diagnostics: report.diagnostics, toolVersion: TOOL_VERSION, kubernetesVersion: created.value.kubernetesVersion };
    io.stdout(format === 'json' ? formatJson(input) : format === 'sarif' ? formatSarif(input) : formatText(input));
    return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
