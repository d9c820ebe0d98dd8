// The "Terraform" group of the GitOps Resources tree as plain data: one node per directory holding Terraform
// files (a Terraform module), then its resources, data sources, module calls, variables and outputs, each named
// the way Terraform addresses it (`aws_s3_bucket.logs`, `data.aws_region.current`, `module.network`, `var.region`,
// `output.vpc_id`) and pointing at its file and line. No `vscode` import: unit-tested under plain Node on the
// fixtures' real Terraform index; the TreeDataProvider maps nodes to TreeItems.
import type { SourceRange } from '../../core/types';
import type { TerraformFile } from '../../core/terraform/model';
import { dirOf, isLocalSource, localModuleDir, type TerraformIndex } from '../../core/terraform/terraformIndex';
import { terraformFileProblems } from '../../core/terraform/terraformIndexUpdate';
import { symbolName } from '../../core/terraform/terraformOutline';

export const TERRAFORM_GROUP_LABEL = 'Terraform';

export type TfCategory = 'resource' | 'data' | 'module' | 'variable' | 'output';

export type TerraformTreeNode =
  | { type: 'terraform'; id: string; label: string; description: string; children: TerraformTreeNode[] }
  /** A directory of Terraform files. `root`: no other directory of the repository calls it as a local module. */
  | { type: 'tfDir'; id: string; label: string; description: string; dir: string; root: boolean; calledFrom: string[]; problems: number; children: TerraformTreeNode[] }
  | { type: 'tfCategory'; id: string; label: string; description: string; category: TfCategory; children: TerraformTreeNode[] }
  /** A block (or, for a directory without any of the five kinds, a file) to open at `line` (0-based). */
  | { type: 'tfBlock'; id: string; label: string; description: string; category: TfCategory | 'file'; file: string; line: number; character: number; detail?: string };

const CATEGORIES: ReadonlyArray<{ category: TfCategory; label: string }> = [
  { category: 'resource', label: 'Resources' },
  { category: 'data', label: 'Data sources' },
  { category: 'module', label: 'Modules' },
  { category: 'variable', label: 'Variables' },
  { category: 'output', label: 'Outputs' },
];

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Gives a node its children on first read (a monorepo has thousands of blocks; most directories stay closed). */
function lazy<T extends object>(node: T, build: () => TerraformTreeNode[]): T & { children: TerraformTreeNode[] } {
  let children: TerraformTreeNode[] | undefined;
  return Object.defineProperty(node, 'children', { enumerable: true, get: () => (children ??= build()) }) as T & { children: TerraformTreeNode[] };
}

/** The directory a terragrunt.hcl's `terraform { source }` names, when local (`//` marks the module inside it). */
function terragruntTarget(file: TerraformFile): string | undefined {
  const source = file.terragrunt?.source?.value;
  if (source === undefined) return undefined;
  const plain = source.replace(/\/\/+/g, '/');
  return isLocalSource(plain) ? localModuleDir(dirOf(file.path), plain) : undefined;
}

/** For every directory, the directories whose module calls (or terragrunt sources) lead to it. */
export function callersByDir(index: Pick<TerraformIndex, 'modules'>): Map<string, string[]> {
  const callers = new Map<string, Set<string>>();
  for (const [dir, mod] of index.modules) {
    for (const file of mod.files) {
      const targets = file.kind === 'terragrunt' ? [terragruntTarget(file)] : file.moduleCalls.map((c) => localModuleDir(dir, c.source));
      for (const t of targets) {
        if (t === undefined || t === dir || !index.modules.has(t)) continue;
        let set = callers.get(t);
        if (!set) callers.set(t, (set = new Set()));
        set.add(dir);
      }
    }
  }
  return new Map([...callers].map(([k, v]) => [k, [...v].sort(byText)]));
}

interface Block {
  category: TfCategory;
  label: string;
  file: string;
  range: SourceRange;
  detail?: string;
}

function blocksOf(files: readonly TerraformFile[]): Block[] {
  const out: Block[] = [];
  for (const f of files) {
    for (const r of f.resources) {
      const category = r.mode === 'data' ? 'data' : 'resource';
      out.push({ category, label: symbolName(category, [r.type, r.name]).name, file: f.path, range: r.range });
    }
    for (const m of f.moduleCalls) out.push({ category: 'module', label: symbolName('module', [m.name]).name, file: f.path, range: m.range, detail: m.source });
    for (const v of f.variables) out.push({ category: 'variable', label: symbolName('variable', [v.name]).name, file: f.path, range: v.range });
    for (const o of f.outputs) out.push({ category: 'output', label: symbolName('output', [o.name]).name, file: f.path, range: o.range });
  }
  return out;
}

function leaf(parentId: string, b: Block, seen: Map<string, number>): TerraformTreeNode {
  const base = `${parentId}/${b.label}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  const line = b.range.startPos.line;
  return {
    type: 'tfBlock',
    // A duplicate address (an error Terraform reports) still gets its own row.
    id: n === 1 ? base : `${base}#${n}`,
    label: b.label,
    description: b.detail !== undefined ? `${b.detail} · ${b.file}:${line + 1}` : `${b.file}:${line + 1}`,
    category: b.category,
    file: b.file,
    line,
    character: b.range.startPos.character,
    ...(b.detail !== undefined ? { detail: b.detail } : {}),
  };
}

function dirChildren(id: string, files: readonly TerraformFile[]): TerraformTreeNode[] {
  const blocks = blocksOf(files);
  if (blocks.length === 0) {
    // A terragrunt.hcl, or a file of providers and locals only: the files themselves.
    return files
      .map((f) => f.path)
      .sort(byText)
      .map((file) => ({ type: 'tfBlock' as const, id: `${id}/file:${file}`, label: file.slice(file.lastIndexOf('/') + 1), description: file, category: 'file' as const, file, line: 0, character: 0 }));
  }
  const out: TerraformTreeNode[] = [];
  for (const { category, label } of CATEGORIES) {
    const items = blocks.filter((b) => b.category === category).sort((a, b) => byText(a.label, b.label) || byText(a.file, b.file) || a.range.start - b.range.start);
    if (!items.length) continue;
    const catId = `${id}/${category}`;
    const seen = new Map<string, number>();
    out.push({ type: 'tfCategory', id: catId, label, description: String(items.length), category, children: items.map((b) => leaf(catId, b, seen)) });
  }
  return out;
}

function describeDir(root: boolean, calledFrom: readonly string[], files: readonly TerraformFile[], problems: number): string {
  const parts: string[] = [];
  if (files.some((f) => f.kind === 'terragrunt')) parts.push('terragrunt');
  else if (root) parts.push('root module');
  else parts.push(`module · called from ${calledFrom.map((d) => d || '.').join(', ')}`);
  const blocks = files.reduce((n, f) => n + f.resources.filter((r) => r.mode === 'managed').length, 0);
  if (blocks) parts.push(plural(blocks, 'resource'));
  if (problems) parts.push(plural(problems, 'problem'));
  return parts.join(' · ');
}

/**
 * The Terraform group, or undefined when the index holds no Terraform file (the group is then left out).
 * Directories in path order; the repository root is `.`.
 */
export function buildTerraformTree(index: TerraformIndex): TerraformTreeNode | undefined {
  if (index.modules.size === 0) return undefined;
  const callers = callersByDir(index);
  const dirs = [...index.modules.keys()].sort(byText);
  const groupId = 'terraform';
  let roots = 0;
  const children: TerraformTreeNode[] = dirs.map((dir) => {
    const files = index.modules.get(dir)!.files;
    const calledFrom = callers.get(dir) ?? [];
    const root = calledFrom.length === 0;
    if (root) roots++;
    // As the Problems panel has them: syntax (RC2001) and module sources checked against the index now (RC2002).
    const problems = files.reduce((n, f) => n + terraformFileProblems(index, f.path).length, 0);
    const id = `${groupId}/dir:${dir}`;
    return lazy(
      { type: 'tfDir' as const, id, label: dir === '' ? '.' : dir, description: describeDir(root, calledFrom, files, problems), dir, root, calledFrom, problems },
      () => dirChildren(id, files),
    );
  });
  return {
    type: 'terraform',
    id: groupId,
    label: TERRAFORM_GROUP_LABEL,
    description: `${dirs.length} ${dirs.length === 1 ? 'directory' : 'directories'} · ${plural(roots, 'root module')}`,
    children,
  };
}
