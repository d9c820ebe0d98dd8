// Go to definition from a module's local `source = "./modules/x"` (or a terragrunt.hcl `terraform { source }`):
// the module directory's main file. Only directories the index holds are targets: the index reads nothing outside
// the repository (discovery follows a symlink only while it stays inside), and a source whose path leaves the
// repository is refused before any lookup.
import { SourceRange } from '../types';
import { TerraformFile } from './model';
import { TerraformIndex, dirOf, isLocalSource, localModuleDir } from './terraformIndex';

export type ModuleSourceTarget =
  | { kind: 'file'; dir: string; file: string; origin: SourceRange }
  | { kind: 'refused'; reason: string; origin: SourceRange };

function contains(range: SourceRange, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}

/** The source string under `offset`, if it is a module call's (or terragrunt's) literal source. */
export function moduleSourceAt(file: TerraformFile, offset: number): { source: string; origin: SourceRange } | undefined {
  for (const call of file.moduleCalls) if (call.source !== undefined && call.sourceRange && contains(call.sourceRange, offset)) return { source: call.source, origin: call.sourceRange };
  const tg = file.terragrunt?.source;
  if (tg && contains(tg.range, offset)) return { source: tg.value, origin: tg.range };
  return undefined;
}

/** The file to open for a module directory: main.tf (main.tofu), else the first HCL file, else the first file. */
export function moduleMainFile(files: readonly TerraformFile[]): string | undefined {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  return (
    sorted.find((f) => base(f.path) === 'main.tf')?.path ??
    sorted.find((f) => base(f.path) === 'main.tofu')?.path ??
    sorted.find((f) => f.kind === 'hcl')?.path ??
    sorted[0]?.path
  );
}

/**
 * Where go-to-definition at `offset` in `file` leads. Undefined when the offset is on no local source (a registry or
 * git module has no file here) or the directory holds no Terraform file; `refused` when the path leaves the repository.
 */
export function moduleSourceTarget(index: Pick<TerraformIndex, 'modules'>, file: TerraformFile, offset: number): ModuleSourceTarget | undefined {
  const at = moduleSourceAt(file, offset);
  if (!at) return undefined;
  // Terragrunt's `//` separates the module root from a subdirectory inside it: the subdirectory is the module.
  const source = file.kind === 'terragrunt' ? at.source.replace(/\/\/+/g, '/') : at.source;
  if (!isLocalSource(source)) return undefined;
  const dir = localModuleDir(dirOf(file.path), source);
  if (dir === undefined) return { kind: 'refused', reason: `"${at.source}" leads outside the repository; Reconcile does not follow it.`, origin: at.origin };
  const target = moduleMainFile(index.modules.get(dir)?.files ?? []);
  return target === undefined ? undefined : { kind: 'file', dir, file: target, origin: at.origin };
}
