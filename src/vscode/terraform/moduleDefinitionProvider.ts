// Go to definition on a module's local `source = "./modules/x"` (and a terragrunt.hcl `terraform { source }`):
// opens the module directory's main file. A source leading outside the repository is refused, with a message.
import * as vscode from 'vscode';
import { moduleSourceTarget } from '../../core/terraform/moduleSourceTarget';
import type { Services } from '../services';
import type { TerraformFolder } from './terraformFolder';
import { toRange } from './terraformSymbolProviders';

export class ModuleDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly folder: (uri: vscode.Uri) => { services: Services; terraform: TerraformFolder } | undefined) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.LocationLink[]> {
    const owner = this.folder(document.uri);
    if (!owner) return [];
    const found = await owner.terraform.fileFor(document);
    if (!found) return [];
    const target = moduleSourceTarget(found.index, found.file, document.offsetAt(position));
    if (!target) return [];
    if (target.kind === 'refused') {
      void vscode.window.setStatusBarMessage(`Reconcile: ${target.reason}`, 5000);
      return [];
    }
    const start = new vscode.Range(0, 0, 0, 0);
    return [{ originSelectionRange: toRange(target.origin), targetUri: owner.services.paths.toUri(target.file), targetRange: start, targetSelectionRange: start }];
  }
}
