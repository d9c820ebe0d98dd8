// Read-only virtual documents for the two sides of the diff editor: `reconcile-desired:` (Git, rendered
// and normalized) and `reconcile-live:` (the cluster, normalized). Both come from the engine already
// masked, so Secret values never reach the editor in clear.
import * as vscode from 'vscode';
import { sideText } from '../../core/diff/driftTree';
import { ObjectDrift } from '../../core/diff/types';
import { DriftModel } from './driftModel';

export const DESIRED_SCHEME = 'reconcile-desired';
export const LIVE_SCHEME = 'reconcile-live';

export class DriftDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private model: DriftModel | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  /** `tag`: the URI authority telling workspace folders' documents apart ('' for the first folder). */
  constructor(readonly tag = '') {}

  /** The path makes the tab readable and the language YAML; the query holds the node id that finds the object. */
  uris(nodeId: string, o: ObjectDrift): { desired: vscode.Uri; live: vscode.Uri } {
    const p = `/${o.namespace ?? '_cluster'}/${o.kind}/${o.name}.yaml`;
    const query = encodeURIComponent(nodeId);
    const desired = vscode.Uri.from({ scheme: DESIRED_SCHEME, authority: this.tag, path: p, query });
    const live = vscode.Uri.from({ scheme: LIVE_SCHEME, authority: this.tag, path: p, query });
    this.open.add(desired.toString()).add(live.toString());
    return { desired, live };
  }

  setModel(model: DriftModel | undefined): void {
    this.model = model;
    // Open diff editors follow a refresh.
    for (const u of this.open) this.changed.fire(vscode.Uri.parse(u));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const entry = this.model?.objects.get(decodeURIComponent(uri.query));
    if (!entry) return '# This object is not in the current drift results. Refresh the Drift view.\n';
    const o = entry.object;
    return uri.scheme === DESIRED_SCHEME ? sideText(o.git) : sideText(o.live);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
