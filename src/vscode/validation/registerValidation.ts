// Inline validation: diagnostics as you type, hover from the schema, completion of keys and enum values,
// quick fixes and suppression. The work is in src/core/validate; this wires it to the editor.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { SchemaCompletionProvider } from './schemaCompletion';
import { SchemaHoverProvider } from './schemaHover';
import { ValidationCodeActions } from './validationCodeActions';
import { ValidationController } from './validationController';
import { RULE_DOCS_PATH } from './ruleDocs';

export function registerValidation(context: vscode.ExtensionContext, services: Services): void {
  const schemaDir = vscode.Uri.joinPath(context.extensionUri, 'dist', 'schemas').fsPath;
  const docs = vscode.Uri.joinPath(context.extensionUri, ...RULE_DOCS_PATH.split('/'));
  const controller = new ValidationController(services, schemaDir, docs);
  const scheme = services.workspaceRoot.scheme;
  const selector: vscode.DocumentSelector = [
    { language: 'yaml', scheme },
    { language: 'json', scheme },
  ];
  context.subscriptions.push(
    controller,
    vscode.languages.registerCodeActionsProvider(selector, new ValidationCodeActions(services, controller), { providedCodeActionKinds: ValidationCodeActions.kinds }),
    vscode.languages.registerHoverProvider(selector, new SchemaHoverProvider(services, controller)),
    // No trigger characters: quick suggestions fire as a key or value is typed; a space trigger would push the
    // buffer to the index on every space.
    vscode.languages.registerCompletionItemProvider([{ language: 'yaml', scheme }], new SchemaCompletionProvider(services, controller)),
  );
}
