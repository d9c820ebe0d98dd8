// Registers the Terraform side: the Terraform Plan view (module → resource → attribute), "Reconcile: Open
// Terraform Plan", a masked diff editor per resource, "Go to HCL Source", and atlantis.yaml diagnostics.
import * as vscode from 'vscode';
import { PlanTreeNode } from '../../core/terraform/plan/planTree';
import type { Services } from '../services';
import { guarded } from '../guarded';
import { AtlantisDiagnostics } from './atlantisDiagnostics';
import { openTerraformPlan } from './openPlanCommand';
import { PLAN_SCHEME, PlanDocuments } from './planDocuments';
import { OPEN_RESOURCE_DIFF_COMMAND, PlanTreeProvider, TERRAFORM_PLAN_VIEW } from './planTreeProvider';

export const OPEN_PLAN_COMMAND = 'reconcile.terraform.openPlan';
export const GO_TO_SOURCE_COMMAND = 'reconcile.terraform.goToSource';

export function registerTerraform(context: vscode.ExtensionContext, services: Services): void {
  const tree = new PlanTreeProvider();
  const documents = new PlanDocuments();
  const atlantis = new AtlantisDiagnostics(services);
  context.subscriptions.push(
    tree,
    documents,
    atlantis,
    vscode.window.createTreeView(TERRAFORM_PLAN_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, documents),
    vscode.commands.registerCommand(OPEN_PLAN_COMMAND, (arg?: unknown) => guarded(services, 'Open Terraform Plan', () => openTerraformPlan(services, tree, documents, arg))),
    vscode.commands.registerCommand(OPEN_RESOURCE_DIFF_COMMAND, async (node?: PlanTreeNode) => {
      if (node?.kind !== 'resource') return undefined;
      const { before, after } = documents.uris(node.change.address, node.drift);
      await vscode.commands.executeCommand('vscode.diff', before, after, `${node.change.address} (${node.drift ? 'changed outside Terraform' : node.change.action})`, { preview: true });
      return { before: before.toString(), after: after.toString() };
    }),
    vscode.commands.registerCommand(GO_TO_SOURCE_COMMAND, async (node?: PlanTreeNode) => {
      const source = node?.kind === 'resource' ? node.change.source : undefined;
      if (!source) return undefined;
      const line = Math.max(0, source.line - 1);
      await vscode.window.showTextDocument(services.paths.toUri(source.file), { selection: new vscode.Range(line, 0, line, 0) });
      return source;
    }),
  );
}
