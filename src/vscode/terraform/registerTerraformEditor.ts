// The Terraform editor features, per workspace folder: RC2001/RC2002 problems, the outline of *.tf / *.tf.json /
// *.tofu / terragrunt.hcl files, Ctrl+T over Terraform blocks, go to definition on local module sources, and
// hover and completion in atlantis.yaml.
import * as vscode from 'vscode';
import { FolderRegistry, folderSchemes } from '../folderRegistry';
import { registerAtlantisAssist } from './atlantisAssist';
import { ModuleDefinitionProvider } from './moduleDefinitionProvider';
import { TERRAFORM_GLOB } from './terraformFolder';
import { terraformFolders } from './terraformFolders';
import { TerraformDocumentSymbolProvider, TerraformWorkspaceSymbolProvider } from './terraformSymbolProviders';

export function registerTerraformEditor(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const perFolder = terraformFolders(folders);
  // By file name, not language: VS Code ships no Terraform language, and the HashiCorp extension's id may be absent.
  const selector: vscode.DocumentSelector = folderSchemes(folders).map((scheme) => ({ scheme, pattern: TERRAFORM_GLOB }));
  const folderOf = (uri: vscode.Uri) => {
    const services = folders.forUri(uri);
    const terraform = services ? perFolder.get(services) : undefined;
    return services && terraform ? { services, terraform } : undefined;
  };
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(selector, new TerraformDocumentSymbolProvider(), { label: 'Reconcile (Terraform)' }),
    vscode.languages.registerWorkspaceSymbolProvider(new TerraformWorkspaceSymbolProvider(folders, perFolder)),
    vscode.languages.registerDefinitionProvider(selector, new ModuleDefinitionProvider(folderOf)),
  );
  registerAtlantisAssist(context, folders);
}
