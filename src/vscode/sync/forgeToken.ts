// Where the Open Sync PR command gets a forge token, in order: the token saved in SecretStorage for that API
// host (Set Forge Token), VS Code's GitHub sign-in (github.com, or the GitHub Enterprise Server named by VS
// Code's github-enterprise.uri setting), the environment (code-server, CI), and last a password prompt
// whose answer goes into SecretStorage. Tokens never reach settings, files or logs.
import * as vscode from 'vscode';
import { tokenFromEnv } from '../../core/sync/forge/createProvider';
import { ForgeTarget } from '../../core/sync/forge/detect';
import { FORGE_NAMES } from '../../core/sync/forge/provider';
import { sessionProviderFor } from './sessionProvider';

export function secretKey(target: Pick<ForgeTarget, 'kind' | 'apiUrl'>): string {
  return `reconcile.forgeToken:${target.kind}:${new URL(target.apiUrl).host}`;
}

async function githubSession(target: ForgeTarget): Promise<string | undefined> {
  const provider = sessionProviderFor(target, vscode.workspace.getConfiguration('github-enterprise').get<string>('uri'));
  if (!provider) return undefined;
  try {
    const session = await vscode.authentication.getSession(provider, ['repo'], { createIfNone: true });
    return session?.accessToken;
  } catch {
    // No GitHub auth provider (code-server) or the user declined: fall through to a token.
    return undefined;
  }
}

export async function resolveForgeToken(target: ForgeTarget, secrets: vscode.SecretStorage): Promise<string | undefined> {
  // A token the user stored on purpose (Set Forge Token) wins over signing in.
  const stored = await secrets.get(secretKey(target));
  if (stored) return stored;
  const fromSession = await githubSession(target);
  if (fromSession) return fromSession;
  const fromEnv = tokenFromEnv(target.kind, process.env);
  if (fromEnv) return fromEnv;
  const entered = await vscode.window.showInputBox({
    title: `${FORGE_NAMES[target.kind]} token for ${new URL(target.apiUrl).host}`,
    prompt: 'Access token with permission to open pull requests; kept in VS Code SecretStorage.',
    password: true,
    ignoreFocusOut: true,
  });
  if (!entered?.trim()) return undefined;
  await secrets.store(secretKey(target), entered.trim());
  return entered.trim();
}

