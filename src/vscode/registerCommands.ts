// The foundation's commands (one file each under ./commands).
import * as vscode from 'vscode';
import { registerCancelIndexingCommand } from './commands/cancelIndexing';
import { registerOpenAppDefinitionCommand } from './commands/openAppDefinition';
import { registerRefreshIndexCommand } from './commands/refreshIndex';
import { registerRevealResourceCommand } from './commands/revealResource';
import { registerShowLogCommand } from './commands/showLog';
import { registerTerraform } from './terraform/registerTerraform';
import type { Services } from './services';

export function registerFoundationCommands(context: vscode.ExtensionContext, services: Services): void {
  registerRefreshIndexCommand(context, services);
  registerCancelIndexingCommand(context, services);
  registerRevealResourceCommand(context, services);
  registerShowLogCommand(context, services);
  registerOpenAppDefinitionCommand(context, services);
  registerTerraform(context, services);
}
