// Builds the services for one workspace folder: the repository index (Node fs for `file:` folders,
// `workspace.fs` for virtual ones; see workspaceFileSystem.ts), the output channel logger, the scan controller
// (reporting to the window's one status bar item) and the editor/disk sync.
import * as vscode from 'vscode';
import { RepositoryIndex } from '../core/index/repositoryIndex';
import { EditorGitRevisions } from './appset/editorGitRevisions';
import { IndexController } from './indexing/indexController';
import { readIndexSettings } from './indexing/indexConfiguration';
import type { IndexStatusBar } from './indexing/indexStatusBar';
import { IndexSync } from './indexing/indexSync';
import { outputChannelLogger } from './outputLogger';
import type { Services } from './services';
import { fileSystemFor } from './workspaceFileSystem';
import { WorkspacePaths } from './workspacePaths';

export function createServices(output: vscode.OutputChannel, folder: Pick<vscode.WorkspaceFolder, 'uri' | 'name'>, statusBar: IndexStatusBar): Services {
  const root = folder.uri;
  const logger = outputChannelLogger(output);
  const paths = new WorkspacePaths(root);
  // Node's fs wants the OS path (drive letters on Windows); workspace.fs wants the URI path.
  const rootPath = root.scheme === 'file' ? root.fsPath : paths.rootPath;
  // ApplicationSet git generators see the checked-out branch and other local revisions, as in the CLI.
  const appSetGit = new EditorGitRevisions(root, logger);
  const index = new RepositoryIndex({ root: rootPath, fs: fileSystemFor(root), settings: readIndexSettings(root), logger, appSets: appSetGit.options });
  appSetGit.follow(index);
  const indexing = new IndexController(index, logger, statusBar.slot(folder.name));
  const sync = new IndexSync(index, indexing, paths, logger);
  sync.start();
  return { index, indexing, sync, logger, output, workspaceRoot: root, paths, name: folder.name, key: root.toString(), subscriptions: [sync, indexing, appSetGit] };
}
