// One workspace folder's Terraform index in the editor, and its problems (RC2001 syntax, RC2002 module source) in
// the Problems panel. The scan starts after the folder's manifest index is ready, and the HCL parser is loaded only
// when the scan finds HCL files (or a Terraform file is opened). Open buffers win over the disk: an edit is parsed
// after a short pause, a save or a change on disk at once, and closing an unsaved buffer goes back to the disk.
import * as vscode from 'vscode';
import { Diagnostic as CoreDiagnostic } from '../../core/types';
import { toVscodeDiagnostic } from './coreDiagnostic';
import { loadHclParser } from '../../core/terraform/hclParser';
import { terraformFileKind, TerraformFile } from '../../core/terraform/model';
import { TerraformIndex, indexTerraform, readTerraformText } from '../../core/terraform/terraformIndex';
import { replaceTerraformFile, terraformFileProblems } from '../../core/terraform/terraformIndexUpdate';
import type { Services } from '../services';
import { fileSystemFor } from '../workspaceFileSystem';

const DEBOUNCE_MS = 300;
/** What the file watcher follows: the names terraformFileKind accepts. */
export const TERRAFORM_GLOB = '**/{*.tf,*.tofu,*.tf.json,*.tofu.json,terragrunt.hcl}';

const toVscode = (d: CoreDiagnostic): vscode.Diagnostic => toVscodeDiagnostic(d, 'Reconcile (Terraform)');

export class TerraformFolder implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('reconcile-terraform');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the index was first built and after each file it holds changed (the Resources tree follows it). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];
  private index: Promise<TerraformIndex> | undefined;
  /** The index once built; undefined before (or without) a scan. Read by views, which never start one. */
  private built: TerraformIndex | undefined;
  /** Whether the folder had a Terraform file after its manifest scan (a file created later starts the scan itself). */
  private readonly hasTerraform: Promise<boolean>;
  /** The document version each buffer-backed entry was parsed from, by repo-relative path. */
  private readonly parsedVersion = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private rescanTimer: NodeJS.Timeout | undefined;
  /** What was last published per file, so an unchanged file is not sent again. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly services: Services,
    /** Whether a file of this folder is shown by it (not by a workspace folder nested inside it). */
    private readonly owns: (uri: vscode.Uri) => boolean = () => true,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(services.workspaceRoot, TERRAFORM_GLOB));
    // A directory copied, moved or checked out into the folder (or removed from it) may get one event for itself and
    // none for the Terraform files inside: such events are followed here.
    const directories = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(services.workspaceRoot, '**/*'), false, true, false);
    const fromDisk = (uri: vscode.Uri) => this.relOf(uri) !== undefined && !this.openDocument(uri) && void this.refresh(uri).catch((e: unknown) => this.warn(e));
    this.disposables.push(
      watcher,
      // A repository's first Terraform file starts the scan that a repository without any never ran.
      watcher.onDidCreate((uri) => (this.index ? fromDisk(uri) : this.relOf(uri) !== undefined && void this.ready().catch((e: unknown) => this.warn(e)))),
      watcher.onDidChange(fromDisk),
      watcher.onDidDelete((uri) => this.relOf(uri) !== undefined && void this.refresh(uri).catch((e: unknown) => this.warn(e))),
      directories,
      directories.onDidCreate((uri) => this.relOf(uri) === undefined && void this.directoryCreated(uri).catch((e: unknown) => this.warn(e))),
      directories.onDidDelete((uri) => this.relOf(uri) === undefined && void this.directoryDeleted(uri).catch((e: unknown) => this.warn(e))),
      vscode.workspace.onDidChangeTextDocument((e) => this.relOf(e.document.uri) !== undefined && e.contentChanges.length > 0 && this.schedule(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.relOf(d.uri) !== undefined && void this.refresh(d.uri).catch((e: unknown) => this.warn(e))),
      vscode.workspace.onDidOpenTextDocument((d) => this.relOf(d.uri) !== undefined && this.schedule(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.relOf(d.uri) !== undefined && this.schedule(d.uri)),
    );
    // After the manifest scan (two walks of the repository at once would only slow each other down), and only when
    // the folder has a Terraform file at all: a Kubernetes-only repository is not walked a second time.
    this.hasTerraform = services.indexing
      .whenReady()
      .then(() => vscode.workspace.findFiles(new vscode.RelativePattern(services.workspaceRoot, TERRAFORM_GLOB), '**/{node_modules,.git}/**', 1))
      .then((found) => found.length > 0);
    void this.hasTerraform.then((yes) => (yes ? this.ready() : undefined)).catch((e: unknown) => this.warn(e));
  }

  /** Repo-relative path of a Terraform file of this folder; undefined for anything else. */
  relOf(uri: vscode.Uri): string | undefined {
    const rel = this.services.paths.toRelative(uri);
    return rel !== undefined && terraformFileKind(rel) !== undefined ? rel : undefined;
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
  }

  private warn(e: unknown): void {
    this.services.logger.warn(`Terraform index: ${e instanceof Error ? e.message : String(e)}`);
  }

  private rootPath(): string {
    return this.services.workspaceRoot.scheme === 'file' ? this.services.workspaceRoot.fsPath : this.services.paths.rootPath;
  }

  /** The folder's Terraform index (scanned on first use), with open buffers applied. */
  ready(): Promise<TerraformIndex> {
    this.index ??= (async () => {
      const idx = await indexTerraform(this.rootPath(), fileSystemFor(this.services.workspaceRoot), { settings: this.services.index.currentSettings() });
      if (idx.files.size) this.services.logger.info(`Terraform index: ${idx.files.size} files in ${idx.modules.size} directories (parser ${Math.round(idx.timings.loadParserMs)} ms, read + parse ${Math.round(idx.timings.parseMs)} ms)`);
      for (const d of vscode.workspace.textDocuments) if (this.relOf(d.uri) !== undefined && d.isDirty) await this.apply(idx, d.uri);
      // After a rescan, files shown with problems before and gone now are cleared too.
      this.publish(idx, [...new Set([...idx.files.keys(), ...this.shown.keys()])]);
      this.built = idx;
      this.changed.fire();
      return idx;
    })();
    // A failed scan is retried on the next use.
    this.index.catch(() => (this.index = undefined));
    return this.index;
  }

  /** The index if it has been built: never starts a scan or loads the parser. */
  current(): TerraformIndex | undefined {
    return this.built;
  }

  /** The index when the folder has Terraform files; undefined (and no walk of the repository) when it has none. */
  async indexIfAny(): Promise<TerraformIndex | undefined> {
    if (this.index) return this.index;
    return (await this.hasTerraform.catch(() => false)) ? this.ready() : undefined;
  }

  /** The entry of an open document, parsed from its current text when the index holds an older one. */
  async fileFor(document: vscode.TextDocument): Promise<{ index: TerraformIndex; file: TerraformFile } | undefined> {
    const rel = this.relOf(document.uri);
    if (rel === undefined) return undefined;
    const idx = await this.ready();
    if (this.parsedVersion.get(rel) !== document.version) await this.apply(idx, document.uri);
    const file = idx.files.get(rel);
    return file ? { index: idx, file } : undefined;
  }

  /** A directory holding Terraform files appeared: the index is built again (once for a burst, as in a checkout). */
  private async directoryCreated(uri: vscode.Uri): Promise<void> {
    try {
      if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return;
    } catch {
      return;
    }
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, TERRAFORM_GLOB), '**/{node_modules,.git}/**', 1);
    if (found.length === 0) return;
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      const previous = this.index;
      void (previous ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          if (this.index === previous) this.index = undefined;
          return this.ready();
        })
        .catch((e: unknown) => this.warn(e));
    }, DEBOUNCE_MS);
  }

  /** A path that is not a Terraform file went away: if it was a directory, so did every indexed file under it. */
  private async directoryDeleted(uri: vscode.Uri): Promise<void> {
    const rel = this.services.paths.toRelative(uri);
    if (!this.index || rel === undefined || rel === '') return;
    const idx = await this.index;
    const gone = [...idx.files.keys()].filter((p) => p.startsWith(`${rel}/`) && !this.openDocument(this.services.paths.toUri(p))?.isDirty);
    if (gone.length === 0) return;
    const changed = new Set<string>();
    for (const p of gone) for (const c of replaceTerraformFile(idx, p, undefined)) changed.add(c);
    this.publish(idx, [...changed]);
    this.changed.fire();
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(uri).catch((e: unknown) => this.warn(e));
      }, DEBOUNCE_MS),
    );
  }

  private async refresh(uri: vscode.Uri): Promise<void> {
    // Before the first scan there is nothing to update: the scan reads the file as it is then.
    if (!this.index) return;
    const idx = await this.index;
    this.publish(idx, await this.apply(idx, uri));
    this.changed.fire();
  }

  /** Reads the buffer (or the disk) of `uri` into the index; returns the paths whose problems may have changed. */
  private async apply(idx: TerraformIndex, uri: vscode.Uri): Promise<string[]> {
    const rel = this.relOf(uri);
    if (rel === undefined) return [];
    const open = this.openDocument(uri);
    let text: string | undefined;
    if (open) text = open.getText();
    else {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > this.services.index.currentSettings().maxFileSizeBytes) text = undefined;
        else text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        text = undefined;
      }
    }
    const parser = text !== undefined && terraformFileKind(rel) !== 'json' ? await loadHclParser() : undefined;
    const file = text === undefined ? undefined : readTerraformText(parser, rel, text);
    if (open) this.parsedVersion.set(rel, open.version);
    else this.parsedVersion.delete(rel);
    return replaceTerraformFile(idx, rel, file);
  }

  private publish(idx: TerraformIndex, paths: readonly string[]): void {
    for (const rel of paths) {
      const problems = terraformFileProblems(idx, rel);
      const key = JSON.stringify(problems.map((p) => [p.code, p.message, p.range.start, p.range.end]));
      if (this.shown.get(rel) === key) continue;
      const uri = this.services.paths.toUri(rel);
      if (!this.owns(uri)) continue;
      if (problems.length) this.shown.set(rel, key);
      else this.shown.delete(rel);
      if (problems.length) this.collection.set(uri, problems.map(toVscode));
      else this.collection.delete(uri);
    }
  }

  dispose(): void {
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
