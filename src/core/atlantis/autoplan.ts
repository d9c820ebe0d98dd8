// Which projects Atlantis would plan automatically for a set of modified files: the order of Atlantis's
// buildAllCommandsByCfg and BuildAutoplanCommands. Config projects (globs expanded, filtered by the base branch)
// matched through when_modified or module tracing; then, when there is no atlantis.yaml, no project list or
// `autodiscover.mode: enabled`, projects discovered from the files themselves, minus configured dirs and
// ignore_paths, in the workspace their `cloud { workspaces { name } }` names; then projects whose autoplan is
// disabled are dropped, and the rest ordered by execution_order_group.
import picomatch from 'picomatch';
import { AtlantisRepo } from './atlantisRepo';
import { expandDirGlob } from './configRules';
import { PatternError, cleanPath } from './dockerignore';
import { ModuleDependents, findModuleDependents } from './moduleDependents';
import { DEFAULT_AUTOPLAN_FILE_LIST, Match, determineProjects, determineProjectsViaConfig } from './projectFinder';
import { AtlantisProject, AutodiscoverMode } from './repoConfig';

export interface AutoplanOptions {
  /** The pull request's base branch, for projects with `branch: /regex/` (Atlantis drops non-matching ones). */
  baseBranch?: string;
  /** `--autoplan-modules`: trace local modules from the projects the autoplan file list selects. */
  autoplanModules?: boolean;
  /** `--autoplan-modules-from-projects`; default with --autoplan-modules: the autoplan file list. */
  autoplanModulesFromProjects?: string;
  /** `--autoplan-file-list`. */
  autoplanFileList?: string;
  /** `--autodiscover-mode` (server default `auto`). */
  defaultAutodiscoverMode?: AutodiscoverMode;
}

export interface ProjectView {
  name: string | null;
  dir: string;
  workspace: string;
  autoplanEnabled: boolean;
  whenModified: string[];
  workflow: string | null;
  executionOrderGroup: number;
  branch: string | null;
  /** The glob `dir` this project was expanded from. */
  fromGlob: string | null;
}

export interface PlannedProject {
  name: string | null;
  dir: string;
  workspace: string;
  source: 'config' | 'autodiscover';
  matched: Match[];
}

export interface AutoplanPrediction {
  projects: ProjectView[];
  planned: PlannedProject[];
  /** Touched projects Atlantis would not autoplan, and why. */
  skipped: Array<PlannedProject & { reason: string }>;
  autodiscover: { mode: AutodiscoverMode; enabled: boolean };
  /** Why nothing can be predicted (Atlantis would refuse the configuration), when that is so. */
  refused?: string;
}

function view(p: AtlantisProject): ProjectView {
  return {
    name: p.name ?? null,
    dir: p.dir,
    workspace: p.workspace,
    autoplanEnabled: p.autoplan.enabled,
    whenModified: p.autoplan.whenModified,
    workflow: p.workflow ?? null,
    executionOrderGroup: p.executionOrderGroup,
    branch: p.branch ?? null,
    fromGlob: p.fromGlob ?? null,
  };
}

/** Glob dirs become one project per matching directory with .tf files; names are not copied (they would clash). */
export function expandProjects(repo: AtlantisRepo): AtlantisProject[] {
  const out: AtlantisProject[] = [];
  for (const p of repo.parsed?.config.projects ?? []) {
    if (!/[*?[]/.test(p.rawDir)) {
      out.push(p);
      continue;
    }
    for (const dir of expandDirGlob(repo.terraform, p.rawDir)) out.push({ ...p, name: undefined, dir: cleanPath(dir), fromGlob: p.rawDir });
  }
  return out;
}

function branchMatches(p: AtlantisProject, baseBranch: string | undefined): boolean {
  if (baseBranch === undefined || baseBranch === '' || p.branch === undefined) return true;
  try {
    return new RegExp(p.branch.slice(1, -1)).test(baseBranch);
  } catch {
    return false;
  }
}

/** autodiscover.ignore_paths: doublestar globs matched against a discovered project's dir. */
export function ignoredByAutodiscover(patterns: readonly string[], dir: string): boolean {
  return patterns.some((g) => picomatch(g, { dot: true })(dir));
}

/** Atlantis's DetermineWorkspaceFromHCL: the first *.tf file (by name) of the dir with `cloud { workspaces { name } }`. */
export function workspaceFromHcl(repo: AtlantisRepo, dir: string): string {
  const files = (repo.terraform.modules.get(dir === '.' ? '' : dir)?.files ?? []).filter((f) => f.path.endsWith('.tf')).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const f of files) {
    if (f.clouds.length === 1 && f.clouds[0].workspaceName) return f.clouds[0].workspaceName;
  }
  return 'default';
}

export function predictAutoplan(repo: AtlantisRepo, modifiedFiles: readonly string[], options: AutoplanOptions = {}): AutoplanPrediction {
  const hasConfig = repo.parsed !== undefined;
  const projects = expandProjects(repo).filter((p) => branchMatches(p, options.baseBranch));
  const serverAutodiscover = repo.server?.settings.autodiscover;
  const repoAutodiscover = repo.parsed?.config.autodiscover;
  // Set on the server, it wins over the repository's (Atlantis's documented precedence).
  const chosen = serverAutodiscover ?? repoAutodiscover;
  const mode: AutodiscoverMode = chosen?.mode ?? options.defaultAutodiscoverMode ?? 'auto';
  const autodiscoverEnabled = !hasConfig || (mode === 'auto' ? projects.length === 0 : mode === 'enabled');
  const result: AutoplanPrediction = { projects: projects.map(view), planned: [], skipped: [], autodiscover: { mode, enabled: autodiscoverEnabled } };
  if (repo.rejected) {
    result.refused = `Atlantis would refuse ${repo.configFile ?? 'the configuration'}: fix the errors first.`;
    return result;
  }

  const fileList = options.autoplanFileList ?? DEFAULT_AUTOPLAN_FILE_LIST;
  let modules: ModuleDependents | undefined;
  try {
    if (options.autoplanModules) modules = findModuleDependents(repo.terraform, repo.terraform, options.autoplanModulesFromProjects ?? fileList);
    const touched: Array<PlannedProject & { enabled: boolean; group: number }> = [];
    if (hasConfig) {
      for (const m of determineProjectsViaConfig(repo.terraform, modifiedFiles, projects, modules)) {
        touched.push({ name: m.project.name ?? null, dir: m.project.dir, workspace: m.project.workspace, source: 'config', matched: m.matched, enabled: m.project.autoplan.enabled, group: m.project.executionOrderGroup });
      }
    }
    if (autodiscoverEnabled) {
      const configured = new Set(projects.map((p) => cleanPath(p.dir)));
      for (const d of determineProjects(repo.terraform, modifiedFiles, fileList, modules)) {
        const dir = cleanPath(d.dir);
        if (configured.has(dir) || ignoredByAutodiscover(chosen?.ignorePaths ?? [], dir)) continue;
        touched.push({ name: null, dir: d.dir, workspace: workspaceFromHcl(repo, d.dir), source: 'autodiscover', matched: d.matched, enabled: true, group: 0 });
      }
    }
    const ordered = touched.map((t, i) => ({ t, i })).sort((a, b) => a.t.group - b.t.group || a.i - b.i);
    for (const { t } of ordered) {
      const planned: PlannedProject = { name: t.name, dir: t.dir, workspace: t.workspace, source: t.source, matched: t.matched };
      if (t.enabled) result.planned.push(planned);
      else result.skipped.push({ ...planned, reason: 'autoplan.enabled is false (a comment `atlantis plan` still plans it)' });
    }
  } catch (e) {
    if (!(e instanceof PatternError)) throw e;
    result.refused = `Atlantis would fail on the pattern "${e.pattern}": ${e.message}`;
  }
  return result;
}
