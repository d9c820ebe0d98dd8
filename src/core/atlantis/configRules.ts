// The atlantis.yaml rules a JSON Schema cannot say: unique project names, dir + workspace pairs that need names,
// what `dir` may be, `depends_on` and `workflow` pointing at defined names, `branch` as a /regex/ Go can compile,
// valid patterns, and `when_modified` patterns that match no file of the repository (a likely typo).
import picomatch from 'picomatch';
import { Diagnostic, SourceRange } from '../types';
import { PatternError, PatternMatcher, goGlobSyntaxError, joinPath } from './dockerignore';
import { AtlantisProject, ParsedRepoConfig } from './repoConfig';
import { RepoFiles, dirExists } from './projectFinder';

const GLOB_CHARS = /[*?[]/;

/** Go's url.QueryEscape leaves these alone; Atlantis wants names that need no escaping ('/' allowed). */
const URL_SAFE_NAME = /^[A-Za-z0-9\-_.~/]+$/;

function diag(code: string, severity: Diagnostic['severity'], message: string, range: SourceRange): Diagnostic {
  return { code, severity, message, range };
}

/** Directories a glob `dir` expands to: existing directories holding at least one *.tf file (as Atlantis expands them). */
export function expandDirGlob(files: RepoFiles, pattern: string): string[] {
  const isMatch = picomatch(joinPath('.', pattern), { dot: true });
  const withTf = new Set<string>();
  for (const f of files.allFiles) {
    if (!f.endsWith('.tf')) continue;
    const i = f.lastIndexOf('/');
    withTf.add(i < 0 ? '.' : f.slice(0, i));
  }
  return [...withTf].filter((d) => isMatch(d)).sort();
}

/** Go's regexp (RE2) has no lookaround and no backreferences; JavaScript would accept them and mislead. */
function branchProblem(branch: string): string | undefined {
  if (branch.length < 2 || !branch.startsWith('/') || !branch.endsWith('/')) return 'must be a regular expression between slashes, e.g. `/^main$/`';
  const body = branch.slice(1, -1);
  if (/\(\?<?[=!]/.test(body) || /\\[1-9]/.test(body)) return 'uses lookaround or a backreference, which Go regular expressions (RE2) do not support';
  try {
    new RegExp(body);
  } catch (e) {
    return `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`;
  }
  return undefined;
}

function describe(p: AtlantisProject): string {
  return p.name ? `project "${p.name}"` : `the project in dir "${p.dir}"`;
}

function dependsOnProblems(parsed: ParsedRepoConfig, projects: AtlantisProject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Set(projects.map((p) => p.name).filter((n): n is string => !!n));
  const edges = new Map<string, string[]>();
  for (const p of projects) {
    p.dependsOn.forEach((dep, i) => {
      const range = parsed.rangeAt(['projects', p.index, 'depends_on', i]);
      if (!names.has(dep)) out.push(diag('RC2106', 'error', `${describe(p)} depends on "${dep}", which is not a project name in this file.`, range));
      else if (dep === p.name) out.push(diag('RC2106', 'error', `Project "${dep}" cannot depend on itself.`, range));
    });
    if (p.name) edges.set(p.name, [...(edges.get(p.name) ?? []), ...p.dependsOn]);
  }
  // A cycle can never be applied: report it once, on the first project of the cycle.
  const state = new Map<string, number>();
  const stack: string[] = [];
  const walk = (n: string): string[] | undefined => {
    if (state.get(n) === 2) return undefined;
    if (state.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 1);
    stack.push(n);
    for (const d of edges.get(n) ?? []) {
      if (d === n) continue;
      const c = walk(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of [...edges.keys()].sort()) {
    const cycle = walk(n);
    if (cycle) {
      const first = projects.find((p) => p.name === cycle[0])!;
      out.push(diag('RC2106', 'error', `Projects depend on each other in a cycle: ${cycle.join(' -> ')}.`, parsed.rangeAt(['projects', first.index, 'depends_on'], 'key')));
      break;
    }
  }
  return out;
}

/** Whether a file of `sorted` starting with `prefix` satisfies `test`: a binary search to the first such file, then only those. */
function someWithPrefix(sorted: readonly string[], prefix: string, test: (f: string) => boolean): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i].startsWith(prefix); i++) if (test(sorted[i])) return true;
  return false;
}

function patternProblems(parsed: ParsedRepoConfig, files: RepoFiles, projects: AtlantisProject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const all = [...files.allFiles].sort();
  for (const p of projects) {
    if (!p.autoplan.explicit) continue;
    p.autoplan.whenModified.forEach((wm, i) => {
      const range = parsed.rangeAt(['projects', p.index, 'autoplan', 'when_modified', i]);
      let pattern = wm.trim();
      if (pattern === '') return;
      const exclusion = pattern.startsWith('!');
      if (exclusion) pattern = pattern.slice(1);
      let matcher: PatternMatcher;
      try {
        matcher = PatternMatcher.create([(exclusion ? '!' : '') + joinPath(p.dir, pattern)]);
      } catch (e) {
        out.push(diag('RC2111', 'error', `when_modified "${wm}": ${e instanceof PatternError ? e.message : String(e)}; Atlantis fails every plan of this repository.`, range));
        return;
      }
      if (exclusion || GLOB_CHARS.test(p.rawDir)) return;
      // Whatever matches (the file or a parent of it) starts with the pattern's literal prefix: only those files
      // need the matcher, which keeps 500 projects x 2,000 files fast.
      const joined = joinPath(p.dir, pattern);
      const literal = joined.slice(0, joined.search(/[*?[\\]|$/));
      if (!someWithPrefix(all, literal, (f) => matcher.matchesOrParentMatches(f))) {
        out.push(diag('RC2109', 'warning', `when_modified "${wm}" (relative to dir "${p.dir}") matches no file in the repository; check the path.`, range));
      }
    });
  }
  return out;
}

export interface ConfigRuleOptions {
  /** The server-side config was given: workflow names are checked against it instead (checkServerOverrides). */
  serverKnown?: boolean;
}

/** Semantic checks over a parsed atlantis.yaml against the repository's files. */
export function checkRepoConfig(parsed: ParsedRepoConfig, files: RepoFiles, options: ConfigRuleOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const projects = parsed.config.projects;

  const byName = new Map<string, AtlantisProject>();
  for (const p of projects) {
    if (p.name === undefined) continue;
    const range = parsed.rangeAt(['projects', p.index, 'name']);
    if (GLOB_CHARS.test(p.name)) out.push(diag('RC2102', 'error', `Project name "${p.name}" cannot contain glob characters ('*', '?', '['); only dir expands globs.`, range));
    else if (p.name !== '' && !URL_SAFE_NAME.test(p.name)) out.push(diag('RC2102', 'error', `Project name "${p.name}" must contain only URL-safe characters (letters, digits, - _ . ~ /).`, range));
    if (byName.has(p.name)) out.push(diag('RC2102', 'error', `Two or more projects are named "${p.name}"; project names must be unique.`, range));
    else byName.set(p.name, p);
  }

  const byDirWorkspace = new Map<string, AtlantisProject[]>();
  for (const p of projects) {
    const key = `${p.dir}\u0000${p.workspace}`;
    byDirWorkspace.set(key, [...(byDirWorkspace.get(key) ?? []), p]);
  }
  for (const group of byDirWorkspace.values()) {
    if (group.length < 2) continue;
    for (const p of group.filter((q) => q.name === undefined)) {
      out.push(diag('RC2103', 'error', `${group.length} projects have dir "${p.dir}" and workspace "${p.workspace}": each needs a name so they can be planned and applied separately.`, parsed.rangeAt(['projects', p.index, 'dir'])));
    }
  }

  for (const p of projects) {
    const range = parsed.rangeAt(['projects', p.index, 'dir']);
    // Atlantis refuses any "..", even inside a name; the cleaned dir would hide it.
    if (p.rawDir.includes('..')) {
      out.push(diag('RC2104', 'error', `dir "${p.rawDir}" cannot contain "..": a project lives inside the repository.`, range));
      continue;
    }
    if (GLOB_CHARS.test(p.rawDir)) {
      const bad = goGlobSyntaxError(p.rawDir);
      if (bad) out.push(diag('RC2104', 'error', `dir "${p.rawDir}" is not a valid glob (${bad}).`, range));
      else if (p.name !== undefined) out.push(diag('RC2104', 'error', `dir "${p.rawDir}" is a glob, which expands to several projects; they cannot share the name "${p.name}". Remove the name.`, parsed.rangeAt(['projects', p.index, 'name'], 'key')));
      else if (expandDirGlob(files, p.rawDir).length === 0) out.push(diag('RC2105', 'warning', `dir glob "${p.rawDir}" matches no directory with .tf files; it adds no project.`, range));
      continue;
    }
    if (!dirExists(files, p.dir)) out.push(diag('RC2105', 'warning', `dir "${p.dir}" does not exist in the repository; Atlantis never plans this project.`, range));
  }

  out.push(...dependsOnProblems(parsed, projects));

  // With the server's config known, checkServerOverrides decides about workflows (custom ones may be forbidden).
  const repoWorkflows = new Set(Object.keys(parsed.config.workflows));
  for (const p of projects) {
    if (options.serverKnown || p.workflow === undefined || repoWorkflows.has(p.workflow)) continue;
    out.push(diag('RC2107', 'warning', `workflow "${p.workflow}" is not defined in atlantis.yaml; it must exist in the server-side repos.yaml (check with --server-config).`, parsed.rangeAt(['projects', p.index, 'workflow'])));
  }

  for (const p of projects) {
    if (p.branch === undefined) continue;
    const problem = branchProblem(p.branch);
    if (problem) out.push(diag('RC2108', 'error', `branch "${p.branch}" ${problem}.`, parsed.rangeAt(['projects', p.index, 'branch'])));
  }

  out.push(...patternProblems(parsed, files, projects));

  (parsed.config.autodiscover?.ignorePaths ?? []).forEach((pattern, i) => {
    const bad = goGlobSyntaxError(pattern);
    if (bad) out.push(diag('RC2111', 'error', `ignore_paths "${pattern}" is not a valid glob (${bad}).`, parsed.rangeAt(['autodiscover', 'ignore_paths', i])));
  });
  return out;
}
