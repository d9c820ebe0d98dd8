// atlantis.yaml problems in the editor as you type: the schema and the rules of src/core/atlantis, against the
// repository's files (listed once, again after files are created or deleted). Only the repository root's
// atlantis.yaml is checked, as only that one is Atlantis's. With `reconcile.atlantis.serverConfig` (a
// repos.yaml inside the workspace) what the server does not allow is an error too, and the server file's own
// problems show on it.
import * as vscode from 'vscode';
import { Diagnostic as CoreDiagnostic } from '../../core/types';
import { toVscodeDiagnostic } from './coreDiagnostic';
import { discoverFiles } from '../../core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../../core/index/model';
import { checkAtlantisConfig, readServerConfigInside } from '../../core/atlantis/configCheck';
import { RepoFiles } from '../../core/atlantis/projectFinder';
import { gitRemoteUrls } from '../../core/index/gitRemotes';
import { normaliseRepoUrl } from '../../core/index/references';
import type { Services } from '../services';
import { fileSystemFor } from '../workspaceFileSystem';

const CONFIG_FILE = 'atlantis.yaml';
const SERVER_CONFIG_SETTING = 'atlantis.serverConfig';
const DEBOUNCE_MS = 300;

const toVscode = (d: CoreDiagnostic): vscode.Diagnostic => toVscodeDiagnostic(d, 'Reconcile (Atlantis)');

export class AtlantisDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('reconcile-atlantis');
  private files: Promise<RepoFiles> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private repoId: Promise<string | undefined> | undefined;
  /** The server file whose problems are shown (repo-relative), to clear them when the setting changes. */
  private serverShown: string | undefined;
  private warned: string | undefined;

  constructor(private readonly services: Services) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(services.workspaceRoot, '**/*'));
    const forget = () => {
      this.files = undefined;
      this.schedule();
    };
    this.disposables.push(
      this.collection,
      watcher,
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      // Written on disk while not open (git checkout, another tool): no document event says so.
      watcher.onDidChange((uri) => this.isConfig(uri) && this.schedule()),
      vscode.workspace.onDidOpenTextDocument((d) => this.isConfig(d.uri) && this.schedule()),
      vscode.workspace.onDidChangeTextDocument((e) => this.isConfig(e.document.uri) && this.schedule()),
      vscode.workspace.onDidCloseTextDocument((d) => this.isConfig(d.uri) && this.schedule()),
      vscode.workspace.onDidSaveTextDocument((d) => this.isConfig(d.uri) && this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`reconcile.${SERVER_CONFIG_SETTING}`) && this.schedule()),
    );
    this.schedule();
  }

  private isConfig(uri: vscode.Uri): boolean {
    const rel = this.services.paths.toRelative(uri);
    return rel === CONFIG_FILE || (rel !== undefined && rel === this.serverSetting());
  }

  private serverSetting(): string {
    return (vscode.workspace.getConfiguration('reconcile', this.services.workspaceRoot).get<string>(SERVER_CONFIG_SETTING, '') ?? '').trim();
  }

  private rootPath(): string {
    return this.services.workspaceRoot.scheme === 'file' ? this.services.workspaceRoot.fsPath : this.services.paths.rootPath;
  }

  /** The server-side repos.yaml the setting names, read inside the workspace only (an open buffer wins). */
  private async serverConfig(): Promise<{ file: string; text: string } | undefined> {
    const setting = this.serverSetting();
    if (!setting) return undefined;
    const read = await readServerConfigInside(fileSystemFor(this.services.workspaceRoot), this.rootPath(), setting);
    if (!read.ok) {
      // Said once per setting value, not on every keystroke.
      if (this.warned !== setting) void vscode.window.showWarningMessage(read.message);
      this.warned = setting;
      this.services.logger.warn(read.message);
      return undefined;
    }
    const uri = this.services.paths.toUri(read.file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return { file: read.file, text: open ? open.getText() : read.text };
  }

  private repoFiles(): Promise<RepoFiles> {
    this.files ??= discoverFiles(this.rootPath(), fileSystemFor(this.services.workspaceRoot), DEFAULT_INDEX_SETTINGS);
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
    const server = await this.serverConfig();
    this.repoId ??= server ? gitRemoteUrls(this.rootPath()).then((urls) => (urls.length ? normaliseRepoUrl(urls[0]) : undefined)) : undefined;
    const result = checkAtlantisConfig(CONFIG_FILE, text, await this.repoFiles(), { server, repoId: server ? await this.repoId : undefined });
    const found = result.config;
    this.collection.set(uri, found.map(toVscode));
    if (this.serverShown && this.serverShown !== server?.file) this.collection.delete(this.services.paths.toUri(this.serverShown));
    this.serverShown = server?.file;
    if (server) this.collection.set(this.services.paths.toUri(server.file), result.server.map(toVscode));
    return found;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
