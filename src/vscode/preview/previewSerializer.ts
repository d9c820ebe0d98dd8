// Restores preview panels after a window reload: VS Code hands back each `reconcile.preview` panel
// (package.json activates the extension for it with `onWebviewPanel:reconcile.preview`); its target is
// looked up by title in what RememberedPreviews kept, found again in the index, and rendered afresh.
// A panel whose app or folder is gone is closed, with a line in the log saying why.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { PreviewPanel } from './previewPanel';
import { PREVIEW_VIEW_TYPE, RememberedPreviews, restoreTarget, SavedTarget } from './previewRestore';
import type { PreviewTarget } from './renderPreview';

export function registerPreviewSerializer(services: Services, remembered: RememberedPreviews, track: (target: PreviewTarget, restored: vscode.WebviewPanel) => PreviewPanel): vscode.Disposable {
  const taken = new Set<string>();
  return vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
      await services.indexing.whenReady();
      const saved = remembered.find(panel.title, (t: SavedTarget) => taken.has(JSON.stringify(t)));
      const target = saved && restoreTarget(saved, services.index);
      if (!saved || !target) {
        services.logger.info(`Preview: '${panel.title}' was not restored: ${saved ? 'what it rendered is no longer in the repository' : 'its target was not recorded'}.`);
        if (saved) await remembered.forget(saved);
        panel.dispose();
        return;
      }
      taken.add(JSON.stringify(saved));
      await track(target, panel).render();
    },
  });
}
