// A sync test's remote as a forge would have it: the bare repository moved to `<root>/served/<repoPath>.git`,
// served over git's smart HTTP, the clone's `origin` pointing there, and a Gitea test server knowing the
// repository; `request` builds what the VS Code command passes to openSyncPullRequest (forge named by setting).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { GiteaTestServer } from '../forge-server/gitea';
import { GitHttpServer, startGitHttpServer } from './httpBackend';
import { git, TempRepos } from './tempRepo';

export interface ServedRepos {
  /** The directory the HTTP server serves. */
  served: string;
  gitServer: GitHttpServer;
  forge: GiteaTestServer;
  request(title: string, token: string): {
    repoDir: string;
    files: string[];
    title: string;
    forge: { overrides: Array<{ host: string; kind: 'gitea'; apiUrl: string }> };
    token: () => string;
    toolVersion: string;
  };
  close(): Promise<void>;
}

export async function serveWithGitea(repos: TempRepos, files: string[], forgeToken: string, repoPath = 'team/gitops'): Promise<ServedRepos> {
  const served = path.join(repos.root, 'served');
  const bare = path.join(served, `${repoPath}.git`);
  await fs.mkdir(path.dirname(bare), { recursive: true });
  await fs.rename(repos.bare, bare);
  repos.bare = bare;
  const gitServer = await startGitHttpServer(served);
  git(repos.work, 'remote', 'set-url', 'origin', gitServer.urlFor(`${repoPath}.git`));
  const forge = await new GiteaTestServer(forgeToken).start();
  forge.repos.set(repoPath, []);
  return {
    served,
    gitServer,
    forge,
    request: (title, token) => ({
      repoDir: repos.work,
      files,
      title,
      // As the VS Code command passes the reconcile.sync.forges setting.
      forge: { overrides: [{ host: '127.0.0.1', kind: 'gitea' as const, apiUrl: `${forge.baseUrl}/api/v1` }] },
      token: () => token,
      toolVersion: 'test',
    }),
    close: async () => {
      await gitServer.close();
      await forge.close();
    },
  };
}
