// The last line of defence around a command body: the core returns failures as values, so this only
// catches the unforeseen (a UI call that throws, SecretStorage without a keyring), logs it and says so.
import * as vscode from 'vscode';
import type { Services } from './services';

/** Runs `fn`; a throw is logged as `what: message` and shown as `<shownAs ?? what> failed: message`. */
export function guarded<T>(services: Services, what: string, fn: () => Promise<T>, shownAs = what): Promise<T | undefined> {
  return fn().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    services.logger.error(`${what}: ${message}`);
    void vscode.window.showErrorMessage(`${shownAs} failed: ${message}`);
    return undefined;
  });
}
