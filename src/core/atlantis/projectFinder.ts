// Which Atlantis projects a set of modified files touches, ported from Atlantis's DefaultProjectFinder
// (server/events/project_finder.go): with an atlantis.yaml, each project's `when_modified` patterns joined to
// its dir (.dockerignore rules, a matching parent directory counts); without one (or with autodiscover), the
// directory of each modified file in the autoplan file list, one level up from `env/`, and the parent of a
// `modules/` folder when that parent has a main.tf. Paths are repo-relative, '.' for the root, as in Atlantis.
import { PatternMatcher, cleanPath, dirPath, joinPath } from './dockerignore';
import { AtlantisProject } from './repoConfig';
import type { ModuleDependents } from './moduleDependents';

/** Atlantis's `--autoplan-file-list` default. */
export const DEFAULT_AUTOPLAN_FILE_LIST = '**/*.tf,**/*.tfvars,**/*.tfvars.json,**/terragrunt.hcl,**/.terraform.lock.hcl';

/** Files Atlantis never plans for, whatever the patterns say (substring match, as Atlantis does). */
const IGNORED_FRAGMENTS = ['terraform.tfstate', 'terraform.tfstate.backup', 'tflint.hcl'];

export interface RepoFiles {
  /** Every file of the repository, repo-relative with '/' separators. */
  allFiles: ReadonlySet<string>;
  /** Every directory, repo-relative; '' is the root. */
  directories: ReadonlySet<string>;
}

export function dirExists(files: RepoFiles, dir: string): boolean {
  const d = cleanPath(dir);
  return d === '.' || files.directories.has(d);
}

function fileExists(files: RepoFiles, path: string): boolean {
  return files.allFiles.has(cleanPath(path));
}

export interface Match {
  file: string;
  /** The pattern as written (when_modified relative to the project dir), or the autoplan file list entry. */
  pattern: string;
  reason: 'when_modified' | 'autoplan-file-list' | 'module';
}

/**
 * The project directory a modified file belongs to when no project list says so (Atlantis's getProjectDirFromFs):
 * '' when the file sits in a `modules/` folder whose parent has no main.tf.
 */
export function projectDirOf(files: RepoFiles, modifiedFile: string): string {
  const dir = dirPath(modifiedFile);
  if (dir.slice(dir.lastIndexOf('/') + 1) === 'env') return dirPath(dir);
  if (`/${dir}/`.includes('/modules/')) {
    // The first `modules/` in the path splits it: the part before is the project, if it has a main.tf.
    const parent = `${dir}/`.split('modules/')[0];
    if (!fileExists(files, joinPath(parent, 'main.tf'))) return '';
    return cleanPath(parent);
  }
  return dir;
}

function ignoredFile(file: string): boolean {
  return IGNORED_FRAGMENTS.some((f) => file.includes(f));
}

export interface DiscoveredProject {
  dir: string;
  matched: Match[];
}

/** Atlantis's DetermineProjects: projects found from the modified files alone (no project list). */
export function determineProjects(files: RepoFiles, modifiedFiles: readonly string[], autoplanFileList: string, modules?: ModuleDependents): DiscoveredProject[] {
  const list = PatternMatcher.create(autoplanFileList.split(','));
  const byDir = new Map<string, Match[]>();
  for (const file of modifiedFiles) {
    if (ignoredFile(file)) continue;
    const pattern = list.deciding(file);
    if (pattern === undefined) continue;
    const dir = projectDirOf(files, file);
    const hits: Array<{ dir: string; match: Match }> = [];
    if (dir !== '') hits.push({ dir, match: { file, pattern, reason: 'autoplan-file-list' } });
    else if (modules) for (const p of modules.dependentProjects(dirPath(file))) hits.push({ dir: p, match: { file, pattern: `module ${dirPath(file)}`, reason: 'module' } });
    for (const h of hits) {
      const matched = byDir.get(h.dir) ?? [];
      matched.push(h.match);
      byDir.set(h.dir, matched);
    }
  }
  // Modified files include deleted ones: a directory deleted as a whole has nothing left to plan.
  return [...byDir].filter(([dir]) => dirExists(files, dir)).map(([dir, matched]) => ({ dir, matched }));
}

/** A project's `when_modified`, joined to its dir (exclusions keep their `!`), mapped back to the patterns as written. */
function whenModifiedMatcher(project: AtlantisProject): { matcher: PatternMatcher; original: Map<string, string> } {
  const joined: string[] = [];
  const original = new Map<string, string>();
  for (const written of project.autoplan.whenModified) {
    let wm = written.trim();
    const exclusion = wm.startsWith('!');
    if (exclusion) wm = wm.slice(1);
    const rel = (exclusion ? '!' : '') + joinPath(project.dir, wm);
    joined.push(rel);
    original.set(rel, written);
  }
  return { matcher: PatternMatcher.create(joined), original };
}

export interface ConfiguredMatch {
  project: AtlantisProject;
  matched: Match[];
}

/** Atlantis's DetermineProjectsViaConfig: the configured projects the modified files touch (autoplan.enabled is not looked at here). */
export function determineProjectsViaConfig(files: RepoFiles, modifiedFiles: readonly string[], projects: readonly AtlantisProject[], modules?: ModuleDependents): ConfiguredMatch[] {
  const dependents = new Map<string, Match[]>();
  if (modules) {
    for (const file of modifiedFiles) {
      for (const p of modules.dependentProjects(dirPath(file))) {
        const list = dependents.get(p) ?? [];
        list.push({ file, pattern: `module ${dirPath(file)}`, reason: 'module' });
        dependents.set(p, list);
      }
    }
  }
  const out: ConfiguredMatch[] = [];
  for (const project of projects) {
    const viaModule = dependents.get(project.dir);
    if (viaModule) {
      out.push({ project, matched: viaModule });
      continue;
    }
    const { matcher, original } = whenModifiedMatcher(project);
    const matched: Match[] = [];
    for (const file of modifiedFiles) {
      const pattern = matcher.deciding(file);
      if (pattern !== undefined) matched.push({ file, pattern: original.get(pattern) ?? pattern, reason: 'when_modified' });
    }
    // Atlantis stops at the first matching file; listing them all says why, and decides the same.
    if (matched.length && dirExists(files, project.dir)) out.push({ project, matched });
  }
  return out;
}
