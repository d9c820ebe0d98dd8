// atlantis.yaml problems in the editor as you type: the schema and the rules of src/core/atlantis, against the
// repository's files (listed once, again after files are created or deleted). Only the repository root's
// atlantis.yaml is checked, as only that one is Atlantis's.
import * as vscode from 'vscode';
import { Diagnostic as CoreDiagnostic, Severity } from '../../core/types';
import { discoverFiles } from '../../core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../../core/index/model';
import { parseRepoConfig } from '../../core/atlantis/repoConfig';
import { checkRepoConfig } from '../../core/atlantis/configRules';
import { RepoFiles } from '../../core/atlantis/projectFinder';
import type { Services } from '../services';
import { fileSystemFor } from '../workspaceFileSystem';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

const CONFIG_FILE = 'atlantis.yaml';
const DEBOUNCE_MS = 300;

export class AtlantisDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('reconcile-atlantis');
  private files: Promise<RepoFiles> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(services.workspaceRoot, '**/*'), false, true, false);
    const forget = () => {
      this.files = undefined;
      this.schedule();
    };
    this.disposables.push(
      this.collection,
      watcher,
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      vscode.workspace.onDidOpenTextDocument((d) => this.isConfig(d.uri) && this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => this.isConfig(e.document.uri) && this.schedule()),
      vscode.workspace.onDidCloseTextDocument((d) => this.isConfig(d.uri) && this.schedule()),
    );
    this.schedule();
  }

  private isConfig(uri: vscode.Uri): boolean {
    return this.services.paths.toRelative(uri) === CONFIG_FILE;
  }

  private repoFiles(): Promise<RepoFiles> {
    const root = this.services.workspaceRoot.scheme === 'file' ? this.services.workspaceRoot.fsPath : this.services.paths.rootPath;
    this.files ??= discoverFiles(root, fileSystemFor(this.services.workspaceRoot), DEFAULT_INDEX_SETTINGS);
    return this.files;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check().catch((e: unknown) => this.services.logger.warn(`atlantis.yaml check: ${e instanceof Error ? e.message : String(e)}`)), DEBOUNCE_MS);
  }

  /** Checks the open buffer (or the file on disk); returns the core diagnostics, for tests. */
  async check(): Promise<CoreDiagnostic[]> {
    const uri = this.services.paths.toUri(CONFIG_FILE);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    try {
      text = open ? open.getText() : new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.collection.delete(uri);
      return [];
    }
    const parsed = parseRepoConfig(CONFIG_FILE, text);
    const found = [...parsed.diagnostics, ...checkRepoConfig(parsed, await this.repoFiles())].filter((d) => d.range.file === CONFIG_FILE);
    this.collection.set(
      uri,
      found.map((d) => {
        const range = new vscode.Range(d.range.startPos.line, d.range.startPos.character, d.range.endPos.line, d.range.endPos.character);
        const out = new vscode.Diagnostic(range, d.message, SEVERITY[d.severity]);
        out.code = d.code;
        out.source = 'Reconcile (Atlantis)';
        return out;
      }),
    );
    return found;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
