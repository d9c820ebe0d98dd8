// Open Sync PR's "Show plan": the plan the pull request body will carry, computed for the chosen files
// (working tree against HEAD) and opened as read-only markdown with its rendered preview beside it, before
// anything is committed or pushed.
import { posix } from 'node:path';
import * as vscode from 'vscode';
import { renderPlanMarkdown } from '../../core/plan/format/markdown';
import { plan } from '../../core/plan/plan';
import { Validator } from '../../core/validate/validator';
import { impactDocuments } from './impactDocuments';

export interface ShowPlanRequest {
  /** Git top level (absolute). */
  top: string;
  /** The chosen files, repo-relative. */
  files: string[];
  title: string;
  toolVersion: string;
  schemaDir: string;
}

/** Opens the body; resolves with its text (undefined when the plan could not be made, after saying why). */
export async function showPlanBody(context: vscode.ExtensionContext, req: ShowPlanRequest): Promise<string | undefined> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Open Sync PR: planning the chosen files', cancellable: true }, (_p, token) => {
    const validator = Validator.create(req.schemaDir, undefined, { cache: false });
    return plan({ repoRoot: req.top, changedFiles: req.files, rules: validator.ok ? validator.value : undefined, toolVersion: req.toolVersion, token });
  });
  if (!result.ok) {
    if (!result.cancelled) void vscode.window.showWarningMessage(`The plan could not be computed (the PR body will list the files only): ${result.message}`);
    return undefined;
  }
  const body = renderPlanMarkdown(result.plan, { baseLabel: 'HEAD', headLabel: 'the chosen files' });
  const note = `> Preview of the pull request body for "${req.title.replace(/\r?\n/g, ' ')}": the chosen files as they are on disk, against HEAD. The body posted compares the pushed commit with the base branch, so it can differ if the base branch moved.\n\n`;
  const uri = impactDocuments(context).put(`Sync PR plan (${posix.basename(req.top)}).md`, note + body, String(Date.now()));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  // The markdown preview is the body as a forge shows it; without the built-in markdown extension the text stays.
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(undefined, () => undefined);
  return body;
}

const SHOW_PLAN = 'Show plan…';

/**
 * Open Sync PR's last question (ready or draft) with a third answer, "Show plan…", which opens the body
 * the PR will carry and asks again. Undefined: the user dismissed the question.
 */
export async function pickPrState(context: vscode.ExtensionContext, req: ShowPlanRequest): Promise<boolean | undefined> {
  for (;;) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Ready for review' },
        { label: 'Draft' },
        { label: SHOW_PLAN, description: 'the pull request body: what the chosen files change once rendered, per app' },
      ],
      { title: 'Open Sync PR: state', ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    if (pick.label !== SHOW_PLAN) return pick.label === 'Draft';
    await showPlanBody(context, req);
  }
}
