// `reconcile atlantis projects|validate [path]`: which Atlantis projects a change would autoplan, and the
// problems of atlantis.yaml (and, given it, what the server-side repos.yaml forbids). No Atlantis, no terraform.
import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, CliIO, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot, gitRemoteUrls, realTarget, repoRelative } from '../repo';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { normaliseRepoUrl } from '../../core/index/references';
import { changedFilesBetween } from '../../core/plan/changedFiles';
import { AtlantisRepo, loadAtlantisRepo } from '../../core/atlantis/atlantisRepo';
import { predictAutoplan } from '../../core/atlantis/autoplan';
import { DEFAULT_AUTOPLAN_FILE_LIST } from '../../core/atlantis/projectFinder';
import { formatDiagnosticsText, formatProjectsText, toProjectsJson } from '../../core/atlantis/report';
import { toJsonDiagnostic } from '../../core/validate/report';
import { AutodiscoverMode } from '../../core/atlantis/repoConfig';

const USAGE = `Usage: reconcile atlantis projects [path] [--modified FILE ...] [--base REF] [--base-branch BRANCH]
                                  [--autoplan-modules] [--repo-config-file PATH] [--server-config FILE]
                                  [--format text|json]
       reconcile atlantis validate [path] [--repo-config-file PATH] [--server-config FILE] [--format text|json]

projects: the Atlantis projects a change would autoplan, computed the way Atlantis does (when_modified with
.dockerignore rules, autodiscovery with env/ and modules/, module tracing), from files only.
validate: the problems of atlantis.yaml (schema, names, dirs, depends_on, workflows, branch regexes,
when_modified patterns that match nothing) and of the repository's Terraform files.

path is the repository (default '.'; its git root is used when it is inside one).

  --modified FILE         a changed file, repo-relative (repeatable); default: git diff of --base against the
                          working tree, untracked files included
  --base REF              the commit the change is compared with (default HEAD)
  --base-branch BRANCH    the pull request's base branch, for projects with \`branch: /regex/\`
  --autoplan-modules      trace local modules: a change in a module plans the projects using it
  --autoplan-modules-from-projects LIST   which projects to trace from (default: the autoplan file list)
  --autoplan-file-list LIST               Atlantis's --autoplan-file-list (default ${DEFAULT_AUTOPLAN_FILE_LIST})
  --autodiscover-mode M   the server's --autodiscover-mode: auto (default), enabled, disabled
  --repo-config-file PATH the repo config file (default: the server's repo_config_file, else atlantis.yaml)
  --server-config FILE    the server-side repos.yaml: keys it does not allow are errors
  --repo-id ID            the repository id repos.yaml entries match (default: from the git remote, e.g. github.com/acme/infra)
  --format F              text (default) or json

Exit codes: 0 fine, 1 errors in atlantis.yaml (validate) or Atlantis would refuse to plan (projects), 2 usage error.`;

function fail(io: CliIO, message: string): number {
  io.stderr(`reconcile atlantis: ${message}\n`);
  return EXIT_USAGE;
}

/** `--modified` paths: repo-relative as written; `./x`, `../x` or absolute ones are taken from the current directory. */
function modifiedPaths(io: CliIO, root: string, given: string[]): string[] {
  return given.map((f) => {
    if (!path.isAbsolute(f) && !/^\.\.?[/\\]/.test(f)) return f.split(path.sep).join('/');
    const rel = path.relative(root, path.resolve(io.cwd, f));
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`--modified ${f} is outside the repository`);
    return rel.split(path.sep).join('/');
  });
}

async function repoIdOf(root: string, given: string | undefined): Promise<string | undefined> {
  if (given) return given;
  const urls = await gitRemoteUrls(root);
  return urls.length ? normaliseRepoUrl(urls[0]) : undefined;
}

export const atlantisCommand: CliCommand = {
  name: 'atlantis',
  summary: 'Atlantis: projects a change would autoplan; atlantis.yaml problems',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'projects' && sub !== 'validate') return fail(io, `expected 'projects' or 'validate'${sub ? `, got '${sub}'` : ''}\n\n${USAGE}`);
    let values: Record<string, string | boolean | string[] | undefined>;
    let positionals: string[];
    let format: 'text' | 'json';
    let autodiscoverMode: AutodiscoverMode | undefined;
    try {
      ({ values, positionals } = parseCommandArgs(rest, {
        modified: { type: 'string', multiple: true },
        base: { type: 'string' },
        'base-branch': { type: 'string' },
        'autoplan-modules': { type: 'boolean' },
        'autoplan-modules-from-projects': { type: 'string' },
        'autoplan-file-list': { type: 'string' },
        'autodiscover-mode': { type: 'string' },
        'repo-config-file': { type: 'string' },
        'server-config': { type: 'string' },
        'repo-id': { type: 'string' },
        format: { type: 'string' },
      }));
      format = oneOf(values.format, ['text', 'json'] as const, 'format', 'text');
      autodiscoverMode = values['autodiscover-mode'] === undefined ? undefined : oneOf(values['autodiscover-mode'], ['auto', 'enabled', 'disabled'] as const, 'autodiscover-mode', 'auto');
      if (positionals.length > 1) throw new UsageError(`atlantis ${sub} takes one path`);
      if (sub === 'validate' && (values.modified || values.base)) throw new UsageError('--modified and --base belong to `atlantis projects`');
    } catch (e) {
      if (e instanceof UsageError) return fail(io, `${e.message}\n\n${USAGE}`);
      throw e;
    }

    const target = realTarget(io.cwd, positionals[0] ?? '.');
    if (!target || !fs.statSync(target).isDirectory()) return fail(io, `${positionals[0] ?? '.'} is not a directory`);
    const gitRoot = await findRepoRoot(target);
    const root = gitRoot ?? target;
    if (gitRoot && repoRelative(gitRoot, target) !== '') io.stderr(`note: using the repository root ${root}\n`);

    let serverConfig: { file: string; text: string } | undefined;
    if (typeof values['server-config'] === 'string') {
      // The server's file is the operator's, outside the repository by design: read it as named.
      const file = path.resolve(io.cwd, values['server-config']);
      try {
        serverConfig = { file: values['server-config'], text: fs.readFileSync(file, 'utf8') };
      } catch (e) {
        return fail(io, `cannot read --server-config ${values['server-config']}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }

    const baseBranch = values['base-branch'] as string | undefined;
    const repo: AtlantisRepo = await loadAtlantisRepo(root, nodeFileSystem, {
      repoConfigFile: values['repo-config-file'] as string | undefined,
      serverConfig,
      repoId: serverConfig ? await repoIdOf(root, values['repo-id'] as string | undefined) : undefined,
      baseBranch,
    });

    if (sub === 'validate') {
      const errors = repo.diagnostics.filter((d) => d.severity === 'error').length;
      if (format === 'json') io.stdout(JSON.stringify({ version: 1, config: repo.configFile, terraformFiles: repo.terraform.files.size, diagnostics: repo.diagnostics.map(toJsonDiagnostic) }, null, 2) + '\n');
      else {
        const lines = formatDiagnosticsText(repo.diagnostics);
        const warnings = repo.diagnostics.filter((d) => d.severity === 'warning').length;
        lines.push(`${repo.configFile ?? 'no atlantis.yaml'}, ${repo.terraform.files.size} Terraform files: ${errors} errors, ${warnings} warnings`);
        io.stdout(lines.join('\n') + '\n');
      }
      return errors ? 1 : 0;
    }

    let modified: string[];
    try {
      if (Array.isArray(values.modified)) modified = modifiedPaths(io, root, values.modified);
      else {
        if (!gitRoot) return fail(io, `${root} is not a git repository: pass the changed files with --modified`);
        const changed = await changedFilesBetween(gitRoot, (values.base as string | undefined) ?? 'HEAD', undefined);
        if (!changed.ok) return fail(io, changed.message);
        modified = changed.files;
      }
    } catch (e) {
      if (e instanceof UsageError) return fail(io, e.message);
      throw e;
    }
    const prediction = predictAutoplan(repo, modified, {
      baseBranch,
      autoplanModules: values['autoplan-modules'] === true,
      autoplanModulesFromProjects: values['autoplan-modules-from-projects'] as string | undefined,
      autoplanFileList: values['autoplan-file-list'] as string | undefined,
      defaultAutodiscoverMode: autodiscoverMode,
    });
    if (format === 'json') io.stdout(JSON.stringify(toProjectsJson(repo, modified, prediction), null, 2) + '\n');
    else io.stdout(formatProjectsText(repo, modified, prediction));
    return prediction.refused ? 1 : 0;
  },
};
