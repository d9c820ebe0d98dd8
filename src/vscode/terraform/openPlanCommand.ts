// "Reconcile: Open Terraform Plan": reads a `terraform show -json` file (the one given, the active editor's, or
// one picked), shows it in the Terraform Plan view and links resources to their HCL when the plan file sits in
// a module directory of the workspace folder holding it (each folder its own repository and Terraform index).
// Bad files get a message saying what to run instead.
import * as vscode from 'vscode';
import type { FolderRegistry } from '../folderRegistry';
import { readPlanJson } from '../../core/terraform/plan/planJson';
import { buildPlanView } from '../../core/terraform/plan/planView';
import { attachSources, summaryLine } from '../../core/terraform/plan/formatPlan';
import { planTree } from '../../core/terraform/plan/planTree';
import type { Services } from '../services';
import { PlanDocuments } from './planDocuments';
import { terraformFolders } from './terraformFolders';
import { PlanTreeProvider, TERRAFORM_PLAN_VIEW } from './planTreeProvider';

async function pickPlanFile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.endsWith('.json')) return active;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Open Plan', filters: { 'Terraform plan (JSON)': ['json'] }, title: 'A plan from `terraform show -json PLANFILE`' });
  return picked?.[0];
}

export interface OpenedPlan {
  file: string;
  summary: string;
  changes: number;
  linked: number;
  /** The workspace folder holding the plan file (its Terraform gave the links), if any. */
  folder?: string;
}

/** `shown.folder` is set to the folder the plan's links point into (Go to HCL Source opens files there). */
export async function openTerraformPlan(folders: FolderRegistry, shown: { folder?: Services }, tree: PlanTreeProvider, documents: PlanDocuments, arg?: unknown): Promise<OpenedPlan | undefined> {
  const uri = await pickPlanFile(arg);
  if (!uri) return undefined;
  const services = folders.forUri(uri);
  const logger = (services ?? folders.forActiveEditor() ?? folders.first())?.logger;
  const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  const read = readPlanJson(text);
  if (!read.ok) {
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)}: ${read.error}`);
    return undefined;
  }
  const view = buildPlanView(read.plan);
  const rel = services?.paths.toRelative(uri);
  if (services && rel !== undefined) {
    const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    // The folder's editor index (open buffers applied), scanned now if it was not yet.
    const index = await terraformFolders(folders).get(services)?.ready();
    if (index?.modules.has(dir)) attachSources(view, index, dir);
  }
  shown.folder = services;
  tree.setNodes(planTree(view));
  documents.setPlan(read.plan);
  await vscode.commands.executeCommand('setContext', 'reconcile.terraformPlanLoaded', true);
  await vscode.commands.executeCommand(`${TERRAFORM_PLAN_VIEW}.focus`);
  const linked = view.changes.filter((c) => c.source).length;
  logger?.info(`Terraform plan ${vscode.workspace.asRelativePath(uri)}: ${summaryLine(view.summary)} (${linked} of ${view.changes.length} resources linked to HCL${services ? ` in ${services.name}` : ''})`);
  return { file: uri.toString(), summary: summaryLine(view.summary), changes: view.changes.length, linked, ...(services ? { folder: services.name } : {}) };
}
