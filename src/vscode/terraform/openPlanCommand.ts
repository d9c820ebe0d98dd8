// "Reconcile: Open Terraform Plan": reads a `terraform show -json` file (the one given, the active editor's, or
// one picked), shows it in the Terraform Plan view and links resources to their HCL when the plan file sits in
// a module directory of this workspace. Bad files get a message saying what to run instead.
import * as vscode from 'vscode';
import { indexTerraform } from '../../core/terraform/terraformIndex';
import { readPlanJson } from '../../core/terraform/plan/planJson';
import { buildPlanView } from '../../core/terraform/plan/planView';
import { attachSources, summaryLine } from '../../core/terraform/plan/formatPlan';
import { planTree } from '../../core/terraform/plan/planTree';
import type { Services } from '../services';
import { fileSystemFor } from '../workspaceFileSystem';
import { PlanDocuments } from './planDocuments';
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
}

export async function openTerraformPlan(services: Services, tree: PlanTreeProvider, documents: PlanDocuments, arg?: unknown): Promise<OpenedPlan | undefined> {
  const uri = await pickPlanFile(arg);
  if (!uri) return undefined;
  const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  const read = readPlanJson(text);
  if (!read.ok) {
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)}: ${read.error}`);
    return undefined;
  }
  const view = buildPlanView(read.plan);
  const rel = services.paths.toRelative(uri);
  if (rel !== undefined) {
    const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    const root = services.workspaceRoot.scheme === 'file' ? services.workspaceRoot.fsPath : services.paths.rootPath;
    const index = await indexTerraform(root, fileSystemFor(services.workspaceRoot));
    if (index.modules.has(dir)) attachSources(view, index, dir);
  }
  tree.setNodes(planTree(view));
  documents.setPlan(read.plan);
  await vscode.commands.executeCommand('setContext', 'reconcile.terraformPlanLoaded', true);
  await vscode.commands.executeCommand(`${TERRAFORM_PLAN_VIEW}.focus`);
  const linked = view.changes.filter((c) => c.source).length;
  services.logger.info(`Terraform plan ${vscode.workspace.asRelativePath(uri)}: ${summaryLine(view.summary)} (${linked} of ${view.changes.length} resources linked to HCL)`);
  return { file: uri.toString(), summary: summaryLine(view.summary), changes: view.changes.length, linked };
}
