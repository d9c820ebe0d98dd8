// Which VS Code authentication provider can give a token for a GitHub forge: `github` for github.com,
// `github-enterprise` for the GitHub Enterprise Server that VS Code's `github-enterprise.uri` setting names.
// No `vscode` import, so it is unit-testable.
import { ForgeTarget } from '../../core/sync/forge/detect';

export function sessionProviderFor(target: Pick<ForgeTarget, 'kind' | 'apiUrl' | 'webUrl'>, enterpriseUri: string | undefined): 'github' | 'github-enterprise' | undefined {
  if (target.kind !== 'github') return undefined;
  if (target.apiUrl === 'https://api.github.com') return 'github';
  if (!enterpriseUri) return undefined;
  try {
    return new URL(enterpriseUri).host.toLowerCase() === new URL(target.webUrl).host.toLowerCase() ? 'github-enterprise' : undefined;
  } catch {
    return undefined;
  }
}
