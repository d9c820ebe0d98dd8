// A thin layer over simple-git: one place that decides the child environment (no prompts, the
// user's credentials, an optional private index file) and turns git failures into values.
import { execFile } from 'node:child_process';
import { simpleGit, SimpleGit } from 'simple-git';
import { gitErrorText } from './gitErrors';

// Note: simple-git resolves (not rejects) when git exits non-zero without writing to stderr
// (`rev-parse --verify --quiet`, `merge-base`), so callers judge such commands by their output.
export type GitOutcome = { ok: true; stdout: string } | { ok: false; stderr: string };

export interface GitRunner {
  readonly dir: string;
  run(args: string[]): Promise<GitOutcome>;
  /** Like run, but also reports the exit code (git merge-file signals conflicts through it). */
  runWithCode(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

export function createGitRunner(
  dir: string,
  env: Record<string, string | undefined>,
  indexFile?: string,
): GitRunner {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  // A sync must never hang on a hidden credential prompt; git fails instead and we report it.
  childEnv.GIT_TERMINAL_PROMPT = '0';
  // Keep messages parseable whatever the user's locale is.
  childEnv.LC_ALL = 'C';
  if (indexFile) childEnv.GIT_INDEX_FILE = indexFile;
  else delete childEnv.GIT_INDEX_FILE;
  // No command we run opens an editor or a pager; simple-git refuses these variables, and a user's EDITOR is common.
  for (const k of ['EDITOR', 'VISUAL', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'PAGER', 'GIT_PAGER']) delete childEnv[k];
  const git: SimpleGit = simpleGit({
    baseDir: dir,
    trimmed: false,
    // The rest of what simple-git guards is how the user's own environment reaches their remotes (askpass helpers,
    // SSH commands, proxies, git config locations). It comes from the user, never from repository content.
    unsafe: { allowUnsafeAskPass: true, allowUnsafeSshCommand: true, allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true, allowUnsafeGitProxy: true },
  }).env(childEnv);
  return {
    dir,
    async run(args) {
      try {
        return { ok: true, stdout: await git.raw(args) };
      } catch (err) {
        return { ok: false, stderr: gitErrorText(err) };
      }
    },
    runWithCode(args) {
      return new Promise((resolve) => {
        execFile('git', args, { cwd: dir, env: childEnv, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 128) : 0;
          resolve({ code, stdout, stderr });
        });
      });
    },
  };
}
