// Picks the provider for a detected forge.
import { BitbucketProvider } from './bitbucket';
import { GiteaProvider } from './gitea';
import { GitHubProvider } from './github';
import { GitLabProvider } from './gitlab';
import { ForgeConnection, ForgeProvider } from './provider';

export function createForgeProvider(conn: ForgeConnection): ForgeProvider {
  switch (conn.target.kind) {
    case 'github':
      return new GitHubProvider(conn);
    case 'gitlab':
      return new GitLabProvider(conn);
    case 'gitea':
      return new GiteaProvider(conn);
    case 'bitbucket':
      return new BitbucketProvider(conn);
  }
}

/** Token lookup for the CLI: RECONCILE_TOKEN first, then the forge's conventional variable. */
export function tokenFromEnv(kind: ForgeConnection['target']['kind'], env: Record<string, string | undefined>): string | undefined {
  const specific: Record<string, string[]> = {
    github: ['GITHUB_TOKEN', 'GH_TOKEN'],
    gitlab: ['GITLAB_TOKEN'],
    gitea: ['GITEA_TOKEN', 'FORGEJO_TOKEN'],
    bitbucket: ['BITBUCKET_TOKEN'],
  };
  for (const name of ['RECONCILE_TOKEN', ...specific[kind]]) {
    const v = env[name];
    if (v && v.trim()) return v.trim();
  }
  return undefined;
}
