// Where a reference leads: the plain-data half of go-to-definition (no `vscode` import; unit-tested under Node).
import type { Reference } from '../../core/index/model';
import type { SourceRange } from '../../core/types';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';

/** A definition target: a file, optionally a document in it (its start line when no exact range is known). */
export interface DefinitionTarget {
  file: string;
  documentIndex?: number;
  line: number;
  range?: SourceRange;
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function joinPosix(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

/** A directory leads to its kustomization file; a directory without one has nothing to open. */
function directoryTarget(index: Pick<RepositoryIndex, 'getFile' | 'kustomizations'>, dir: string): DefinitionTarget[] {
  const norm = dir.replace(/\/+$/, '');
  const k = index.kustomizations().find((e) => e.directory.replace(/\/+$/, '') === norm);
  if (k) return [{ file: k.file, line: 0 }];
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const f = joinPosix(norm, name);
    if (index.getFile(f)) return [{ file: f, line: 0 }];
  }
  return [];
}

function documentLine(index: Pick<RepositoryIndex, 'getFile'>, file: string, documentIndex: number): number {
  return index.getFile(file)?.documents.find((d) => d.index === documentIndex)?.startLine ?? 0;
}

export function definitionTargets(index: Pick<RepositoryIndex, 'getFile' | 'kustomizations' | 'findObjects'>, ref: Reference): DefinitionTarget[] {
  const t = ref.target;
  switch (t.type) {
    case 'file':
      return index.getFile(t.path) || ref.resolved ? [{ file: t.path, line: 0 }] : [];
    case 'directory':
      return directoryTarget(index, t.path);
    case 'path':
      if (index.getFile(t.path)) return [{ file: t.path, line: 0 }];
      return directoryTarget(index, t.path);
    case 'remote':
      return [];
    case 'object': {
      if (ref.resolvedTo) {
        const { file, documentIndex } = ref.resolvedTo;
        return [{ file, documentIndex, line: documentLine(index, file, documentIndex) }];
      }
      return index.findObjects(t.object).map((r) => ({ file: r.file, documentIndex: r.documentIndex, line: r.line }));
    }
  }
}

/** Whether `offset` lies in `range`, end inclusive (the cursor right after the last character still counts). */
export function rangeContains(range: Pick<SourceRange, 'start' | 'end'>, offset: number): boolean {
  return offset >= range.start && offset <= range.end;
}
