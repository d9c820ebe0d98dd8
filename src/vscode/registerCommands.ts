// The foundation's commands (one file each under ./commands).
import * as vscode from 'vscode';
import { registerCancelIndexingCommand } from './commands/cancelIndexing';
import { registerOpenAppDefinitionCommand } from './commands/openAppDefinition';
import { registerRefreshIndexCommand } from './commands/refreshIndex';
import { registerRevealResourceCommand } from './commands/revealResource';
import { registerShowLogCommand } from './commands/showLog';
import { registerTerraform } from './terraform/registerTerraform';
import type { FolderRegistry } from './folderRegistry';

export function registerFoundationCommands(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  registerRefreshIndexCommand(context, folders);
  registerCancelIndexingCommand(context, folders);
  registerRevealResourceCommand(context, folders);
  registerShowLogCommand(context, folders);
  registerOpenAppDefinitionCommand(context, folders);
  // The Terraform Plan view, and each folder's atlantis.yaml checks.
  registerTerraform(context, folders);
}
