// Inline validation: diagnostics as you type, hover from the schema, completion of keys and enum values,
// quick fixes and suppression. The work is in src/core/validate; this wires it to the editor. Each workspace
// folder has its own controller (its index, its settings, its diagnostics); the providers ask the document's.
import * as vscode from 'vscode';
import { FolderRegistry, folderSchemes } from '../folderRegistry';
import { SchemaCompletionProvider } from './schemaCompletion';
import { SchemaHoverProvider } from './schemaHover';
import { ValidationCodeActions } from './validationCodeActions';
import { ValidationController } from './validationController';
import { RULE_DOCS_PATH } from './ruleDocs';

export function registerValidation(context: vscode.ExtensionContext, folders: FolderRegistry): void {
  const schemaDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath;
  const docs = vscode.Uri.joinPath(context.extensionUri, ...RULE_DOCS_PATH.split('/'));
  const perFolder = folders.perFolder((services) => {
    const controller = new ValidationController(services, schemaDir, docs);
    return {
      controller,
      actions: new ValidationCodeActions(services, controller),
      hover: new SchemaHoverProvider(services, controller),
      completion: new SchemaCompletionProvider(services, controller),
      dispose: () => controller.dispose(),
    };
  });
  const of = (document: vscode.TextDocument) => perFolder.get(folders.forUri(document.uri));
  const schemes = folderSchemes(folders);
  const selector: vscode.DocumentSelector = schemes.flatMap((scheme) => [
    { language: 'yaml', scheme },
    { language: 'json', scheme },
  ]);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      selector,
      { provideCodeActions: (document, range, ctx) => of(document)?.actions.provideCodeActions(document, range, ctx) ?? [] },
      { providedCodeActionKinds: ValidationCodeActions.kinds },
    ),
    vscode.languages.registerHoverProvider(selector, { provideHover: (document, position) => of(document)?.hover.provideHover(document, position) }),
    // No trigger characters: quick suggestions fire as a key or value is typed; a space trigger would push the
    // buffer to the index on every space.
    vscode.languages.registerCompletionItemProvider(
      schemes.map((scheme) => ({ language: 'yaml', scheme })),
      { provideCompletionItems: (document, position) => of(document)?.completion.provideCompletionItems(document, position) ?? [] },
    ),
  );
}
