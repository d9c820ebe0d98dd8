// The preview webview's page: nonce'd script, a CSP that allows only our bundle, its stylesheet and font,
// `fetch` of our worker scripts and workers from `blob:` (see src/webview/monacoSetup.ts).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function previewHtml(webview: vscode.Webview, webviewRoot: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Monaco sets inline styles on its DOM nodes and adds <style> rules at run time.
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `connect-src ${webview.cspSource}`,
    'worker-src blob:',
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('preview.css')}">
<title>${esc(title)}</title>
</head>
<body>
<div id="app" data-editor-worker="${uri('editor.worker.js')}" data-yaml-worker="${uri('yaml.worker.js')}"></div>
<script nonce="${nonce}" src="${uri('preview.js')}"></script>
</body>
</html>`;
}
