// What the editor shows of an ApplicationSet's offline expansion: the hover's list of generated
// Applications and the read-only YAML of them. No `vscode` import, so it is tested under plain Node.
import { stringify } from 'yaml';
import type { ExpandResult } from '../../core/appset';
import type { IndexedDocument } from '../../core/index/model';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';

export interface AppSetAtLine {
  doc: IndexedDocument;
  result: ExpandResult;
}

/** The ApplicationSet document at a 0-based line of a file, with its expansion, if the index has one. */
export function appSetAtLine(index: RepositoryIndex, file: string, line: number): AppSetAtLine | undefined {
  const doc = index.getFile(file)?.documents.find((d) => line >= d.startLine && line <= d.endLine);
  if (!doc || doc.kind !== 'ApplicationSet') return undefined;
  const result = index.applicationSet(file, doc.index);
  return result ? { doc, result } : undefined;
}

/** Whether the hover applies at this line: the `kind: ApplicationSet` line, or inside `spec.generators`. */
export async function isHoverLine(index: RepositoryIndex, at: AppSetAtLine, line: number, lineText: string): Promise<boolean> {
  if (/^\s*kind:\s*["']?ApplicationSet["']?\s*(#.*)?$/.test(lineText)) return true;
  const key = await index.locate(at.doc.file, at.doc.index, ['spec', 'generators'], 'key');
  const value = await index.locate(at.doc.file, at.doc.index, ['spec', 'generators'], 'value');
  if (!key || !value) return false;
  return line >= key.startPos.line && line <= value.endPos.line;
}

function destinationText(object: Record<string, unknown>): string {
  const spec = (object.spec ?? {}) as { destination?: { server?: string; name?: string; namespace?: string } };
  const d = spec.destination ?? {};
  const cluster = d.name ?? d.server;
  return [cluster, d.namespace].filter(Boolean).join(' / ');
}

/** Markdown for the hover: each generated Application with where it deploys from and to. */
export function hoverMarkdown(name: string, result: ExpandResult): string {
  const n = result.applications.length;
  const lines = [`**ApplicationSet ${name}** generates ${n} Application${n === 1 ? '' : 's'} (expanded offline by Reconcile):`, ''];
  const shown = result.applications.slice(0, 50);
  for (const a of shown) {
    const spec = (a.object.spec ?? {}) as { source?: { path?: string }; sources?: Array<{ path?: string }> };
    const path = spec.source?.path ?? spec.sources?.find((s) => s.path !== undefined)?.path;
    const to = destinationText(a.object as Record<string, unknown>);
    lines.push(`- \`${a.name}\`${path !== undefined ? ` from \`${path || '.'}\`` : ''}${to ? ` → ${to}` : ''}`);
  }
  if (n > shown.length) lines.push(`- … and ${n - shown.length} more`);
  for (const x of result.notExpanded) lines.push('', `_Not expanded:_ \`${x.generator}\` generator: ${x.reason}`);
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  if (errors) lines.push('', `${errors} problem${errors === 1 ? '' : 's'} (see the Problems panel).`);
  lines.push('', 'Run **Reconcile: Show Generated Applications** to read them as YAML.');
  return lines.join('\n');
}

/** The generated Applications as one multi-document YAML text, read-only (a virtual document). */
export function generatedYaml(name: string, file: string, result: ExpandResult): string {
  const header = [
    `# Applications ApplicationSet ${name} (${file}) generates, expanded offline by Reconcile.`,
    '# Read-only: edit the ApplicationSet (or the folders and files its generators read) instead.',
  ];
  for (const x of result.notExpanded) header.push(`# Not expanded: ${x.generator} generator (${x.reason})`);
  if (result.applications.length === 0) return `${header.join('\n')}\n# (none)\n`;
  return `${header.join('\n')}\n${result.applications.map((a) => stringify(a.object, { lineWidth: 0 })).join('---\n')}`;
}
