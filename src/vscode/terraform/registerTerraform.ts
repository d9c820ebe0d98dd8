// Registers the Terraform side: the Terraform Plan view (module → resource → attribute), "Reconcile: Open
// Terraform Plan", a masked diff editor per resource, "Go to HCL Source", and atlantis.yaml diagnostics. Every
// workspace folder is its own repository: each has its atlantis.yaml checked, and a plan links into the folder
// holding the plan file.
import * as vscode from 'vscode';
import { PlanTreeNode } from '../../core/terraform/plan/planTree';
import type { FolderRegistry } from '../folderRegistry';
import type { Services } from '../services';
import { guarded } from '../guarded';
import { AtlantisDiagnostics } from './atlantisDiagnostics';
import { openTerraformPlan } from './openPlanCommand';
import { PLAN_SCHEME, PlanDocuments } from './planDocuments';
import { OPEN_RESOURCE_DIFF_COMMAND, PlanTreeProvider, TERRAFORM_PLAN_VIEW } from './planTreeProvider';

export const OPEN_PLAN_COMMAND = 'reconcile.terraform.openPlan';
export const GO_TO_SOURCE_COMMAND = 'reconcile.terraform.goToSource';

export function registerTerraform(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const tree = new PlanTreeProvider();
  const documents = new PlanDocuments();
  folders.perFolder((services) => new AtlantisDiagnostics(services));
  /** The folder the shown plan's HCL links point into. */
  const shown: { folder?: Services } = {};
  context.subscriptions.push(
    tree,
    documents,
    vscode.window.createTreeView(TERRAFORM_PLAN_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, documents),
    vscode.commands.registerCommand(OPEN_PLAN_COMMAND, async (arg?: unknown) => {
      const services = (arg instanceof vscode.Uri ? folders.forUri(arg) : undefined) ?? folders.forActiveEditor() ?? folders.first();
      return services ? guarded(services, 'Open Terraform Plan', () => openTerraformPlan(folders, shown, tree, documents, arg)) : openTerraformPlan(folders, shown, tree, documents, arg);
    }),
    vscode.commands.registerCommand(OPEN_RESOURCE_DIFF_COMMAND, async (node?: PlanTreeNode) => {
      if (node?.kind !== 'resource') return undefined;
      const { before, after } = documents.uris(node.change.address, node.drift);
      await vscode.commands.executeCommand('vscode.diff', before, after, `${node.change.address} (${node.drift ? 'changed outside Terraform' : node.change.action})`, { preview: true });
      return { before: before.toString(), after: after.toString() };
    }),
    vscode.commands.registerCommand(GO_TO_SOURCE_COMMAND, async (node?: PlanTreeNode) => {
      const source = node?.kind === 'resource' ? node.change.source : undefined;
      const services = shown.folder;
      if (!source || !services) return undefined;
      const line = Math.max(0, source.line - 1);
      await vscode.window.showTextDocument(services.paths.toUri(source.file), { selection: new vscode.Range(line, 0, line, 0) });
      return source;
    }),
  );
}
