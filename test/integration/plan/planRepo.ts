// Real git repositories for plan tests: a fixture folder copied into a temp directory, `git init`, one
// commit; the test then edits the working tree or commits more.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
export const DEMO = path.join(FIXTURES, 'demo-repo');
export const FLUX_EXAMPLE = path.join(FIXTURES, 'corpus', 'fluxcd__flux2-kustomize-helm-example');
/** The remote the demo's Argo CD Application and Flux GitRepository name. */
export const DEMO_REMOTE = 'https://git.example.com/platform/demo-gitops.git';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_AUTHOR_NAME: 'Plan Test', GIT_AUTHOR_EMAIL: 'plan@reconcile.invalid', GIT_COMMITTER_NAME: 'Plan Test', GIT_COMMITTER_EMAIL: 'plan@reconcile.invalid' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface PlanRepo {
  dir: string;
  write(rel: string, text: string): void;
  edit(rel: string, from: string | RegExp, to: string): void;
  read(rel: string): string;
  commit(message: string): string;
  cleanup(): void;
}

export function repoFrom(fixture: string, opts: { remote?: string; extra?: Record<string, string> } = {}): PlanRepo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-plan-')));
  fs.cpSync(fixture, dir, { recursive: true });
  for (const [rel, text] of Object.entries(opts.extra ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (opts.remote) git(dir, 'remote', 'add', 'origin', opts.remote);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  const repo: PlanRepo = {
    dir,
    write: (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    },
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    edit: (rel, from, to) => {
      const text = repo.read(rel);
      const next = text.replace(from, to);
      if (next === text) throw new Error(`${rel} does not contain ${String(from)}`);
      repo.write(rel, next);
    },
    commit: (message) => {
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
      return git(dir, 'rev-parse', 'HEAD').trim();
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}

export async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = process.env): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env });
  return { code, out, err };
}
