// What a history entry offers: the rendered object before/after the commit in VS Code's diff editor
// (read-only documents, Secret values masked), and the commit's page on the forge.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/history/objectHistory';
import { HistoryContentProvider } from './historyContentProvider';
import { HistoryController } from './historyController';
import { commitUrl, diffTitle, shortHash } from './historyFormat';
import { historySideTexts } from './renderedText';

/** The entry named by a tree node (`{ entry }`), `{ commit }` or a commit id, looked up in the current result. */
export function entryFrom(controller: HistoryController, arg: unknown): HistoryEntry | undefined {
  const commit =
    typeof arg === 'string'
      ? arg
      : arg && typeof arg === 'object'
        ? (((arg as { entry?: { commit?: unknown } }).entry?.commit ?? (arg as { commit?: unknown }).commit) as unknown)
        : undefined;
  return typeof commit === 'string' && commit ? controller.entry(commit) : undefined;
}

export async function openHistoryDiff(controller: HistoryController, documents: HistoryContentProvider, arg: unknown): Promise<boolean> {
  const s = controller.state;
  const entry = entryFrom(controller, arg);
  if (!entry || s.status !== 'done') {
    void vscode.window.showWarningMessage('That history entry is no longer shown; run Show Object History again.');
    return false;
  }
  const t = s.object;
  const broken = entry.renderError ? `the app did not render: ${entry.renderError}` : undefined;
  const texts = historySideTexts(entry.before, entry.after, {
    before: entry.change === 'render-fixed' ? 'the app did not render before this commit' : undefined,
    after: entry.change === 'render-broken' ? broken : undefined,
  });
  const name = `${t.kind}/${t.name}`;
  const short = shortHash(entry.commit);
  const before = documents.put(`${name} @ ${entry.parent ? shortHash(entry.parent) : 'root'}`, `${entry.commit}-before`, texts.before);
  const after = documents.put(`${name} @ ${short}`, `${entry.commit}-after`, texts.after);
  await vscode.commands.executeCommand('vscode.diff', before, after, diffTitle(t, entry.commit), { preview: true });
  return true;
}

export async function openCommitOnForge(controller: HistoryController, arg: unknown): Promise<string | undefined> {
  const s = controller.state;
  const entry = entryFrom(controller, arg);
  if (!entry || s.status !== 'done') return undefined;
  if (!s.forge) {
    void vscode.window.showInformationMessage("The repository's remote is not a known forge; add it to the reconcile.sync.forges setting.");
    return undefined;
  }
  const url = commitUrl(s.forge, entry.commit);
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}
