// Git remotes for Argo CD repoURL matching, with real git repositories.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Logger } from '../../../src/core/types';
import { gitRemoteUrls } from '../../../src/core/index/gitRemotes';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-remotes-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const git = (cwd: string, ...args: string[]): void => void execFileSync('git', args, { cwd, stdio: 'ignore' });
const logged: string[] = [];
const logger: Logger = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };

describe('gitRemoteUrls', () => {
  it('returns the fetch and push URLs of every remote, without duplicates', async () => {
    const bare = path.join(tmp, 'origin.git');
    const repo = path.join(tmp, 'work');
    fs.mkdirSync(repo);
    git(tmp, 'init', '-q', '--bare', bare);
    git(repo, 'init', '-q');
    git(repo, 'remote', 'add', 'origin', bare);
    git(repo, 'remote', 'add', 'upstream', 'https://github.com/example/fleet-infra.git');
    git(repo, 'remote', 'set-url', '--push', 'upstream', 'git@github.com:example/fleet-infra.git');
    const urls = await gitRemoteUrls(repo, logger);
    assert.deepEqual(urls.sort(), [bare, 'git@github.com:example/fleet-infra.git', 'https://github.com/example/fleet-infra.git'].sort());
  });

  it('is empty for a folder that is not a git work tree, quietly', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-plain-'));
    try {
      assert.deepEqual(await gitRemoteUrls(plain, logger), []);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('is empty (with a log line, no exception) for a folder that does not exist', async () => {
    logged.length = 0;
    assert.deepEqual(await gitRemoteUrls(path.join(tmp, 'missing'), logger), []);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /git remotes not read/);
  });
});
