// `reconcile.setForgeToken`: stores (or, given an empty token, removes) the access token Open Sync PR uses for
// one forge API, in VS Code SecretStorage under the key forgeToken.ts reads. The token is never logged or shown.
import * as vscode from 'vscode';
import { detectForge, FORGE_KINDS, ForgeKind, ForgeTarget } from '../../core/sync/forge/detect';
import { parseForgeOverrides } from '../../core/sync/forge/overrides';
import { FORGE_NAMES } from '../../core/sync/forge/provider';
import { openRepo } from '../../core/sync/git/createSyncBranch';
import type { Services } from '../services';
import { secretKey } from './forgeToken';
import { normalizeApiUrl, SetForgeTokenArgs } from './setForgeTokenArgs';

type TokenTarget = Pick<ForgeTarget, 'kind' | 'apiUrl'>;

export interface SetForgeTokenResult {
  kind: ForgeKind;
  apiHost: string;
  /** true: stored; false: removed. */
  stored: boolean;
}

interface TargetItem extends vscode.QuickPickItem {
  target?: TokenTarget;
}

const apiHost = (t: TokenTarget): string => new URL(t.apiUrl).host;

/** The forge of the `origin` remote (git runs only in trusted workspaces) and the configured self-hosted forges. */
async function knownTargets(services: Services): Promise<TargetItem[]> {
  const config = vscode.workspace.getConfiguration('reconcile', services.workspaceRoot);
  const { overrides } = parseForgeOverrides(config.get<unknown>('sync.forges'));
  const items: TargetItem[] = [];
  const seen = new Set<string>();
  const add = (target: TokenTarget, detail: string): void => {
    const key = `${target.kind} ${target.apiUrl}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ label: `${FORGE_NAMES[target.kind]} at ${apiHost(target)}`, description: target.apiUrl, detail, target });
  };
  if (vscode.workspace.isTrusted && services.workspaceRoot.scheme === 'file') {
    const repo = await openRepo(services.workspaceRoot.fsPath, undefined, process.env);
    if (repo.ok) {
      const detected = detectForge(repo.value.remoteUrl, { overrides });
      if (detected.ok) add(detected.target, `The forge of this repository's remote '${repo.value.remote}'`);
    }
  }
  for (const o of overrides) {
    // The same default API URL detection would give a remote on that host.
    const d = detectForge(`https://${o.host}/owner/repo.git`, { overrides: [o] });
    if (d.ok) add(d.target, 'From the reconcile.sync.forges setting');
  }
  items.push({ label: 'Other forge…', detail: 'Choose the kind and enter its API URL' });
  return items;
}

async function pickTarget(services: Services): Promise<TokenTarget | undefined> {
  const picked = await vscode.window.showQuickPick(knownTargets(services), { title: 'Set Forge Token: which forge?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  // Not `kind`: QuickPickItem has its own `kind` (separator or default).
  const kinds: Array<vscode.QuickPickItem & { forge: ForgeKind }> = FORGE_KINDS.map((k) => ({ label: FORGE_NAMES[k], forge: k }));
  const kind = await vscode.window.showQuickPick(kinds, { title: 'Set Forge Token: kind of forge', ignoreFocusOut: true });
  if (!kind) return undefined;
  const url = await vscode.window.showInputBox({
    title: `Set Forge Token: ${kind.label} API URL`,
    prompt: 'For example https://api.github.com, https://github.example.com/api/v3, https://gitlab.example.com/api/v4, https://git.example.com/api/v1',
    ignoreFocusOut: true,
    validateInput: (v) => (normalizeApiUrl(v) ? undefined : 'An http(s) URL'),
  });
  const apiUrl = url === undefined ? undefined : normalizeApiUrl(url);
  return apiUrl ? { kind: kind.forge, apiUrl } : undefined;
}

export async function setForgeToken(context: vscode.ExtensionContext, services: Services, args: SetForgeTokenArgs): Promise<SetForgeTokenResult | undefined> {
  const target = args.kind && args.apiUrl ? { kind: args.kind, apiUrl: args.apiUrl } : await pickTarget(services);
  if (!target) return undefined;
  const name = `${FORGE_NAMES[target.kind]} at ${apiHost(target)}`;
  const token =
    args.token ??
    (await vscode.window.showInputBox({
      title: `Set Forge Token: ${name}`,
      prompt:
        (target.kind === 'github' && target.apiUrl === 'https://api.github.com' ? 'Used when you are not signed in to GitHub in VS Code. ' : '') +
        'Access token that may open pull requests; kept in VS Code SecretStorage. Leave empty to remove the stored token.',
      password: true,
      ignoreFocusOut: true,
    }));
  if (token === undefined) return undefined;
  const key = secretKey(target);
  if (!token.trim()) {
    await context.secrets.delete(key);
    services.logger.info(`Set Forge Token: removed the stored token for ${name}`);
    void vscode.window.showInformationMessage(`Removed the stored token for ${name}.`);
    return { kind: target.kind, apiHost: apiHost(target), stored: false };
  }
  await context.secrets.store(key, token.trim());
  services.logger.info(`Set Forge Token: stored a token for ${name} in SecretStorage`);
  void vscode.window.showInformationMessage(`Stored the token for ${name} in VS Code SecretStorage. Open Sync PR uses it for this forge.`);
  return { kind: target.kind, apiHost: apiHost(target), stored: true };
}
