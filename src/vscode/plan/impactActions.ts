// What a click in the Change Impact view does: an object opens the diff editor of its rendered YAML
// (base ↔ working tree, read-only `reconcile-plan:` documents, Secret values replaced by the core); a
// changed field opens the source line that sets it (the object's document, else the patch that set it);
// a finding opens its line.
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { GitObjectStore } from '../../core/history/gitObjectStore';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import type { Services } from '../services';
import { readPreviewSettings } from '../preview/previewSettings';
import { ImpactController } from './impactController';
import { ImpactDocuments } from './impactDocuments';
import { ImpactNode, ObjectEntry } from './impactModel';
import { fieldSource, headReader, ObjectSides, objectSides } from './objectSides';

export interface OpenedDiff {
  base: string;
  head: string;
  title: string;
}

function entryOf(controller: ImpactController, node: unknown): ObjectEntry | undefined {
  const id = (node as ImpactNode | undefined)?.id;
  const m = controller.tree.current;
  if (!m || typeof id !== 'string') return undefined;
  return m.objects.get(id) ?? m.fields.get(id)?.entry;
}

async function sidesOf(services: Services, controller: ImpactController, entry: ObjectEntry): Promise<{ sides: ObjectSides; top: string; base: string; readText: (f: string) => Promise<string> } | string> {
  if (!entry.app) return 'This object is in a file no app renders: open the file to see its change.';
  const top = await controller.repoTop();
  if (!top) return 'The workspace folder is not in a git repository.';
  const base = controller.settings().base;
  const head = await controller.head(top);
  const store = new GitObjectStore(top);
  try {
    const sides = await objectSides({ repoRoot: top, base, head, app: entry.app, object: entry.object, cache: controller.cache, store, helm: { trusted: vscode.workspace.isTrusted, helmPath: readPreviewSettings(services.workspaceRoot).helmPath } });
    if (typeof sides === 'string') return sides;
    for (const p of sides.problems) services.logger.warn(`Change Impact: ${p}`);
    return { sides, top, base, readText: headReader(head.kind === 'working-tree' && head.fs ? head.fs : nodeFileSystem, top) };
  } finally {
    store.dispose();
  }
}

export function diffTitle(entry: ObjectEntry, base: string): string {
  return `${entry.object.kind}/${entry.object.name} (${base} ↔ working tree)`;
}

export async function openImpactDiff(services: Services, controller: ImpactController, documents: ImpactDocuments, node: unknown): Promise<OpenedDiff | undefined> {
  const entry = entryOf(controller, node);
  if (!entry) return undefined;
  if (!entry.app && entry.file) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(services.workspaceRoot, ...entry.file.split('/')));
    return undefined;
  }
  const r = await sidesOf(services, controller, entry);
  if (typeof r === 'string') {
    void vscode.window.showWarningMessage(r);
    return undefined;
  }
  const o = entry.object;
  const name = `${o.namespace ?? '_cluster'}/${o.kind}/${o.name}.yaml`;
  // One key per opening: a second opening after an edit gets fresh documents, not a cached old text.
  const key = String(Date.now());
  const baseUri = documents.put(`${r.base}/${name}`, r.sides.before, key);
  const headUri = documents.put(`working-tree/${name}`, r.sides.after, key);
  const title = diffTitle(entry, r.base);
  await vscode.commands.executeCommand('vscode.diff', baseUri, headUri, title, { preview: true });
  return { base: baseUri.toString(), head: headUri.toString(), title };
}

async function reveal(top: string, range: { file: string; startPos: { line: number; character: number }; endPos: { line: number; character: number } }): Promise<{ file: string; line: number }> {
  const uri = vscode.Uri.file(posix.join(top, range.file));
  const selection = new vscode.Range(range.startPos.line, range.startPos.character, range.endPos.line, range.endPos.character);
  await vscode.window.showTextDocument(uri, { selection, preview: true });
  return { file: range.file, line: range.startPos.line + 1 };
}

/** Opens the source line of a changed field; returns where (repo-relative file, 1-based line). */
export async function revealField(services: Services, controller: ImpactController, node: unknown): Promise<{ file: string; line: number } | undefined> {
  const id = (node as ImpactNode | undefined)?.id;
  const hit = typeof id === 'string' ? controller.tree.current?.fields.get(id) : undefined;
  if (!hit) return undefined;
  const r = await sidesOf(services, controller, hit.entry);
  if (typeof r === 'string') {
    void vscode.window.showWarningMessage(r);
    return undefined;
  }
  if (!r.sides.head) {
    void vscode.window.showInformationMessage(`${hit.entry.object.kind}/${hit.entry.object.name} is not in the working tree's rendering (deleted): no source to show.`);
    return undefined;
  }
  const range = await fieldSource(r.sides.head, hit.field.path, r.readText);
  return range ? reveal(r.top, range) : undefined;
}

export async function revealFinding(services: Services, controller: ImpactController, node: unknown): Promise<{ file: string; line: number } | undefined> {
  const id = (node as ImpactNode | undefined)?.id;
  const d = typeof id === 'string' ? controller.tree.current?.diagnostics.get(id) : undefined;
  const top = await controller.repoTop();
  if (!d || !top) return undefined;
  const pos = (line: number, column: number) => ({ line: Math.max(0, line - 1), character: Math.max(0, column - 1) });
  return reveal(top, { file: d.file, startPos: pos(d.line, d.column), endPos: pos(d.endLine, d.endColumn) });
}
