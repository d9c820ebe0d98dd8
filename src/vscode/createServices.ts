// Builds the shared services for one workspace folder: the repository index over `workspace.fs`, the output
// channel logger, the scan controller and the editor/disk sync.
import * as vscode from 'vscode';
import { RepositoryIndex } from '../core/index/repositoryIndex';
import { IndexController } from './indexing/indexController';
import { readIndexSettings } from './indexing/indexConfiguration';
import { IndexSync } from './indexing/indexSync';
import { outputChannelLogger } from './outputLogger';
import type { Services } from './services';
import { WorkspaceFileSystem } from './workspaceFileSystem';
import { WorkspacePaths } from './workspacePaths';

export function createServices(context: vscode.ExtensionContext, output: vscode.OutputChannel, root: vscode.Uri): Services {
  const logger = outputChannelLogger(output);
  const paths = new WorkspacePaths(root);
  const index = new RepositoryIndex({ root: paths.rootPath, fs: new WorkspaceFileSystem(root), settings: readIndexSettings(root), logger });
  const indexing = new IndexController(index, logger);
  const sync = new IndexSync(index, indexing, paths, logger);
  sync.start();
  context.subscriptions.push(indexing, sync);
  return { index, indexing, sync, logger, output, workspaceRoot: root, paths };
}
