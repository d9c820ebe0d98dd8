// What each workspace folder gets (one repository root: its own index, scans and editor sync), built by
// createServices.ts and held by the FolderRegistry that every feature's `register...(context, folders)` receives.
import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import type { RepositoryIndex } from '../core/index/repositoryIndex';
import type { IndexController } from './indexing/indexController';
import type { IndexSync } from './indexing/indexSync';
import type { WorkspacePaths } from './workspacePaths';

export interface Services {
  /** The repository index of this workspace folder (scanned asynchronously after activation). */
  index: RepositoryIndex;
  /** Starts/cancels scans, shows progress and the status bar item; `whenReady()` resolves after the first scan. */
  indexing: IndexController;
  /** Keeps the index in step with unsaved editor buffers; `ensureFresh(document)` before reading a file's entries. */
  sync: IndexSync;
  logger: Logger;
  output: vscode.OutputChannel;
  /** The workspace folder the index covers, and conversions between its URIs and repo-relative POSIX paths. */
  workspaceRoot: vscode.Uri;
  paths: WorkspacePaths;
  /** The folder's name as the workspace shows it (tree group labels, picks). */
  name: string;
  /** The folder's key: `workspaceRoot.toString()`. Tree nodes and command arguments carry it as `folder`. */
  key: string;
  /** Disposed when the folder leaves the workspace (or the extension deactivates). */
  subscriptions: vscode.Disposable[];
}
