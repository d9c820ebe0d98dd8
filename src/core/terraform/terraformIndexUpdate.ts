// Keeps a Terraform index in step with one file changing (an editor buffer, a save, a create or delete) without a
// rescan: the file's entry is replaced, its directory's module entry follows, and the module-source problems
// (RC2002), which depend on other directories, are worked out again for the files they concern.
import { Diagnostic } from '../types';
import { TerraformFile } from './model';
import { TerraformIndex, dirOf, missingModuleProblem } from './terraformIndex';

/** Replaces (or, with `file` undefined, removes) the entry of `path`; returns the paths whose problems may have changed. */
export function replaceTerraformFile(index: TerraformIndex, path: string, file: TerraformFile | undefined): string[] {
  const dir = dirOf(path);
  const hadModule = index.modules.has(dir);
  index.files.delete(path);
  const mod = index.modules.get(dir);
  if (mod) {
    mod.files = mod.files.filter((f) => f.path !== path);
    if (mod.files.length === 0) index.modules.delete(dir);
  }
  if (file) {
    index.files.set(path, file);
    index.allFiles.add(path);
    for (let d = dir; ; d = dirOf(d)) {
      index.directories.add(d);
      if (d === '') break;
    }
    const target = index.modules.get(dir);
    if (target) {
      target.files.push(file);
      target.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    } else index.modules.set(dir, { dir, files: [file] });
  } else index.allFiles.delete(path);
  // A directory that gained its first or lost its last Terraform file changes the RC2002 of every caller.
  if (hadModule !== index.modules.has(dir)) return [path, ...[...index.files.values()].filter((f) => f.moduleCalls.length > 0).map((f) => f.path).filter((p) => p !== path)];
  return [path];
}

/** A file's problems as they stand now: its own (syntax) plus module sources checked against the current index. */
export function terraformFileProblems(index: TerraformIndex, path: string): Diagnostic[] {
  const file = index.files.get(path);
  if (!file) return [];
  const own = file.problems.filter((p) => p.code !== 'RC2002');
  for (const call of file.moduleCalls) {
    const problem = missingModuleProblem(file, call, index);
    if (problem) own.push(problem);
  }
  return own;
}
