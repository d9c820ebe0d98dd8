// Read-only virtual documents for a resource's two sides in the diff editor (`reconcile-tfplan:`), built from the
// plan with every sensitive value already "(sensitive)" (core resourceSides): secrets never reach the editor.
import * as vscode from 'vscode';
import { PlanJson, PlanResourceChange } from '../../core/terraform/plan/planJson';
import { resourceSides } from '../../core/terraform/plan/planView';

export const PLAN_SCHEME = 'reconcile-tfplan';

export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private plan: PlanJson | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  setPlan(plan: PlanJson | undefined): void {
    this.plan = plan;
    for (const u of this.open) this.changed.fire(vscode.Uri.parse(u));
  }

  /** `drift`: the change made outside Terraform (resource_drift) rather than the planned one. */
  uris(address: string, drift: boolean): { before: vscode.Uri; after: vscode.Uri } {
    const query = new URLSearchParams({ address, drift: drift ? '1' : '0' }).toString();
    const before = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${address}.before.json`, query });
    const after = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${address}.after.json`, query });
    this.open.add(before.toString()).add(after.toString());
    return { before, after };
  }

  private find(address: string, drift: boolean): PlanResourceChange | undefined {
    return (drift ? this.plan?.resource_drift : this.plan?.resource_changes)?.find((r) => r.address === address);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const q = new URLSearchParams(uri.query);
    const rc = this.find(q.get('address') ?? '', q.get('drift') === '1');
    if (!rc) return '// This resource is not in the open plan. Open the plan again.\n';
    const sides = resourceSides(rc.change);
    return uri.path.endsWith('.before.json') ? sides.before : sides.after;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
