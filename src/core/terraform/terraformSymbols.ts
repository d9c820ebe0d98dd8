// Workspace symbols (Ctrl+T) for Terraform: every resource, data source, module call, variable and output of
// the index, named as Terraform addresses them (`aws_s3_bucket.logs`, `data.aws_region.current`, `module.vpc`).
import { SourceRange } from '../types';
import { TerraformIndex } from './terraformIndex';
import { TfSymbolKind, symbolName } from './terraformOutline';

export interface TerraformSymbol {
  name: string;
  kind: TfSymbolKind;
  /** Repo-relative file. */
  file: string;
  range: SourceRange;
}

/** In path order, then by position in the file. */
export function terraformSymbols(index: Pick<TerraformIndex, 'files'>): TerraformSymbol[] {
  const out: TerraformSymbol[] = [];
  const paths = [...index.files.keys()].sort();
  for (const path of paths) {
    const f = index.files.get(path)!;
    const add = (type: string, labels: string[], range: SourceRange) => {
      const { name, kind } = symbolName(type, labels);
      out.push({ name, kind, file: path, range });
    };
    const inFile: Array<[number, () => void]> = [];
    for (const r of f.resources) inFile.push([r.range.start, () => add(r.mode === 'data' ? 'data' : 'resource', [r.type, r.name], r.range)]);
    for (const m of f.moduleCalls) inFile.push([m.range.start, () => add('module', [m.name], m.range)]);
    for (const v of f.variables) inFile.push([v.range.start, () => add('variable', [v.name], v.range)]);
    for (const o of f.outputs) inFile.push([o.range.start, () => add('output', [o.name], o.range)]);
    inFile.sort((a, b) => a[0] - b[0]).forEach(([, push]) => push());
  }
  return out;
}
