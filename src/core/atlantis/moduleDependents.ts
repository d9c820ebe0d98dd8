// Module tracing as Atlantis does it with --autoplan-modules (server/events/modules.go): every project picked by
// the `--autoplan-modules-from-projects` patterns (default: the autoplan file list) is indexed with the local
// modules it calls, recursively, so a change inside a module plans every project that uses it. Atlantis reads
// module calls with terraform-config-inspect: *.tf and *.tf.json files, `source` joined to the calling directory.
import { TerraformIndex } from '../terraform/terraformIndex';
import { PatternMatcher, cleanPath, joinPath } from './dockerignore';
import { RepoFiles, projectDirOf } from './projectFinder';

export interface ModuleDependents {
  /** Project dirs that use the module at `moduleDir` (directly or through other modules), including a project at that dir itself. */
  dependentProjects(moduleDir: string): string[];
}

type ModuleSource = Pick<TerraformIndex, 'modules'>;

/** terraform-config-inspect's notion of a module directory: it holds .tf or .tf.json files. */
function isModuleDir(index: ModuleSource, dir: string): boolean {
  const files = index.modules.get(dir === '.' ? '' : dir)?.files ?? [];
  return files.some((f) => f.kind === 'json' || (f.kind === 'hcl' && f.path.endsWith('.tf')));
}

/** Calls of `dir` whose joined source is a module directory inside the repository (Atlantis joins any source, local or not). */
function moduleCallTargets(index: ModuleSource, dir: string): string[] {
  const out = new Set<string>();
  for (const f of index.modules.get(dir === '.' ? '' : dir)?.files ?? []) {
    if (f.kind === 'terragrunt' || (f.kind === 'hcl' && !f.path.endsWith('.tf'))) continue;
    for (const call of f.moduleCalls) {
      if (call.source === undefined) continue;
      const target = joinPath(dir, call.source);
      if (target === '..' || target.startsWith('../') || target.startsWith('/')) continue;
      if (isModuleDir(index, target)) out.add(target);
    }
  }
  return [...out];
}

export function findModuleDependents(index: ModuleSource, files: RepoFiles, fromProjects: string): ModuleDependents {
  const projectsOf = new Map<string, Set<string>>();
  if (fromProjects === '') return { dependentProjects: () => [] };
  const filter = PatternMatcher.create(fromProjects.split(','));
  // Atlantis walks the tree ('.', then every directory and file) and keeps what the patterns match.
  const projects: string[] = [];
  for (const rel of ['.', ...[...files.directories].filter((d) => d !== ''), ...files.allFiles].sort()) {
    if (!filter.matches(rel)) continue;
    const dir = projectDirOf(files, rel);
    if (dir !== '') projects.push(dir);
  }
  const depsCache = new Map<string, string[]>();
  const load = (dir: string, project: string, chain: Set<string>): void => {
    // A module cycle would recurse forever in Atlantis; here it ends.
    if (chain.has(dir)) return;
    chain.add(dir);
    let deps = depsCache.get(dir);
    if (!deps) depsCache.set(dir, (deps = moduleCallTargets(index, dir)));
    for (const dep of deps) load(dep, project, chain);
    let set = projectsOf.get(dir);
    if (!set) projectsOf.set(dir, (set = new Set()));
    set.add(project);
    chain.delete(dir);
  };
  for (const p of projects) load(cleanPath(p), p, new Set());
  return { dependentProjects: (moduleDir) => [...(projectsOf.get(cleanPath(moduleDir)) ?? [])].sort() };
}
