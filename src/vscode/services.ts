// What `activate` builds once and hands to every feature's `register...(context, services)`.
import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import type { RepositoryIndex } from '../core/index/repositoryIndex';
import type { IndexController } from './indexing/indexController';
import type { IndexSync } from './indexing/indexSync';
import type { WorkspacePaths } from './workspacePaths';

export interface Services {
  /** The repository index of the first workspace folder (scanned asynchronously after activation). */
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
}
