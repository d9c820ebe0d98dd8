// Names the outline and Ctrl+T show for indexed documents. No `vscode` import: unit-tested under Node.
import type { IndexedDocument, ResourceEntry } from '../../core/index/model';

/** `Kind/name` for a document, `Kind` when it has no name (kustomization.yaml), undefined for non-Kubernetes YAML. */
export function documentSymbolName(doc: IndexedDocument): string | undefined {
  if (doc.classification === 'empty' || doc.classification === 'non-kubernetes') return undefined;
  const kind = doc.kind ?? (doc.classification === 'kustomization' ? 'Kustomization' : undefined);
  if (!kind) return undefined;
  return doc.name ? `${kind}/${doc.name}` : kind;
}

export function resourceSymbolName(r: Pick<ResourceEntry, 'kind' | 'name'>): string {
  return `${r.kind}/${r.name}`;
}

/**
 * Loose, case-insensitive subsequence match (what VS Code's own Ctrl+T filter applies afterwards), so
 * `depweb` and `Deployment/web` both find `Deployment/web`. An empty query matches everything.
 */
export function matchesSymbolQuery(name: string, query: string): boolean {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (q === '') return true;
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; j < n.length && i < q.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

/** Better matches first: exact name, then prefix on the name part, then substring, then the rest; ties by name. */
export function rankSymbol(name: string, query: string): number {
  const q = query.trim().toLowerCase();
  const n = name.toLowerCase();
  if (q === '') return 3;
  if (n === q) return 0;
  const short = n.slice(n.indexOf('/') + 1);
  if (short.startsWith(q) || n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  return 3;
}
