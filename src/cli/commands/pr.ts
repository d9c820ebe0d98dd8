// `reconcile pr`: branch, commit, push and open (or update) a pull request for chosen files.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { tokenFromEnv } from '../../core/sync/forge/createProvider';
import { FORGE_KINDS, ForgeKind } from '../../core/sync/forge/detect';
import { changedManifestFiles } from '../../core/sync/git/changedFiles';
import { openSyncPullRequest } from '../../core/sync/openSyncPr';
import { ValidationSummary } from '../../core/sync/prBody';
import { validateChosenFiles } from '../../core/sync/validateChosenFiles';
import { findRepoRoot, gitRemoteUrls } from '../repo';
import { defaultSchemaDir } from '../schemaDir';
import { VERSION as TOOL_VERSION } from '../../version';

const USAGE = `Usage: reconcile pr --title T [--body-file F] [--base BRANCH] [--remote origin] [--files F ...]
                    [--draft] [--forge github|gitlab|gitea|bitbucket] [--api-url URL] [--repo OWNER/NAME]
                    [--resume BRANCH] [--allow-invalid] [--no-validate]

Creates branch reconcile/<slug>-<short-hash> from the base branch on the remote, commits only the
chosen files as they are in the working tree, pushes it with your git credentials and opens a pull
request (or updates the open one for that branch). Your current branch, index and working tree are
not touched. Without --files, the changed *.yaml/*.yml files of the working tree are used.

  --base      base branch (default: the current branch)
  --forge, --api-url, --repo  default to what the remote URL says (self-hosted: pass them)
  --body-file PR body in markdown (default: a generated summary of the changed objects)
  --resume    push an existing local branch (left by a failed run) and open its pull request
  --allow-invalid  open the PR even when validation finds errors in the chosen files (the PR body
              says so); without it such errors stop the command before anything is committed
  --no-validate    skip validation (the PR body then says "Not validated")

Token: RECONCILE_TOKEN, or GITHUB_TOKEN / GITLAB_TOKEN / GITEA_TOKEN / BITBUCKET_TOKEN
(Bitbucket app passwords as USER:APP_PASSWORD).
Prints JSON {"url","number","branch","created"}. Exit codes: 0 done, 1 failed (message on stderr),
2 usage error.`;

export const prCommand: CliCommand = {
  name: 'pr',
  summary: 'Open a pull request with chosen manifest changes (branch, commit, push, forge API)',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, string | boolean | string[] | undefined>;
    let positionals: string[];
    let forge: ForgeKind | undefined;
    try {
      ({ values, positionals } = parseCommandArgs(args, {
        title: { type: 'string' },
        'body-file': { type: 'string' },
        base: { type: 'string' },
        remote: { type: 'string' },
        files: { type: 'string', multiple: true },
        draft: { type: 'boolean' },
        forge: { type: 'string' },
        'api-url': { type: 'string' },
        repo: { type: 'string' },
        resume: { type: 'string' },
        'allow-invalid': { type: 'boolean' },
        'no-validate': { type: 'boolean' },
      }));
      if (typeof values.title !== 'string' || !values.title.trim()) throw new UsageError('--title is required');
      forge = values.forge === undefined ? undefined : oneOf(values.forge, FORGE_KINDS, 'forge', 'github');
      if (positionals.length && !values.files) throw new UsageError(`unexpected argument '${positionals[0]}' (name files with --files)`);
      if (typeof values.repo === 'string' && !/^[^/\s]+(\/[^/\s]+)+$/.test(values.repo)) throw new UsageError('--repo must look like OWNER/NAME');
      if (values.resume && !values.base) throw new UsageError('--resume needs --base');
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile pr: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    let body: string | undefined;
    if (typeof values['body-file'] === 'string') {
      try {
        body = await fs.readFile(path.resolve(io.cwd, values['body-file']), 'utf8');
      } catch (e) {
        io.stderr(`reconcile pr: cannot read --body-file: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT_USAGE;
      }
    }
    // `--files a b c` and `--files a --files b` both work.
    let files = [...((values.files as string[] | undefined) ?? []), ...positionals];
    if (!files.length && !values.resume) {
      const changed = await changedManifestFiles(io.cwd, io.env);
      if (!changed.ok) {
        io.stderr(`reconcile pr: ${changed.error.message}\n`);
        return 1;
      }
      if (!changed.value.files.length) {
        io.stderr('reconcile pr: no changed .yaml/.yml files in the working tree; name files with --files.\n');
        return 1;
      }
      files = changed.value.files.map((f) => path.join(changed.value.topLevel, f));
    }
    let validation: ValidationSummary | undefined;
    if (!values['no-validate'] && !values.resume) {
      const v = await validateFiles(io.cwd, files, io.env);
      if (v.ran) {
        validation = v.summary;
        if (v.summary.errors > 0) {
          if (!values['allow-invalid']) {
            io.stderr(
              `reconcile pr: validation found ${v.summary.errors} error(s) in the chosen files; nothing was committed. Fix them, or pass --allow-invalid to open the PR anyway (the PR body will say so).\n` +
                (v.summary.details ?? []).slice(0, 20).map((d) => `  ${d}\n`).join(''),
            );
            return 1;
          }
          validation = { ...v.summary, overridden: true };
          if (body !== undefined) body += `\n\n> **Opened despite validation errors** (${v.summary.errors}); the author chose to override the check.\n`;
        }
      } else io.stderr(`reconcile pr: validation skipped: ${v.reason}\n`);
    }
    const r = await openSyncPullRequest({
      repoDir: io.cwd,
      files,
      title: values.title as string,
      body,
      base: values.base as string | undefined,
      remote: values.remote as string | undefined,
      draft: values.draft === true,
      forge: { kind: forge, apiUrl: values['api-url'] as string | undefined, repoPath: values.repo as string | undefined },
      token: (target) => tokenFromEnv(target.kind, io.env),
      resumeBranch: values.resume as string | undefined,
      bodyInput: validation ? { validation } : undefined,
      // The body is the plan of the commit; its head rendering is validated unless --no-validate.
      plan: values['no-validate'] ? undefined : { schemaDir: defaultSchemaDir(io.env) },
      toolVersion: TOOL_VERSION,
      env: io.env,
    });
    if (!r.ok) {
      io.stderr(`reconcile pr: ${r.error.message}\n`);
      return 1;
    }
    const { url, number, branch, created } = r.value;
    io.stdout(JSON.stringify({ url, number, branch, created }) + '\n');
    if (!created) io.stderr(`reconcile pr: updated the existing pull request #${number} for ${branch}.\n`);
    if (r.value.warning) io.stderr(`reconcile pr: ${r.value.warning}\n`);
    return 0;
  },
};


async function validateFiles(cwd: string, files: string[], env: Record<string, string | undefined>) {
  const root = await findRepoRoot(cwd);
  if (!root) return { ran: false as const, reason: 'not inside a git repository' };
  const rel = files.map((f) => path.relative(root, path.resolve(cwd, f)).split(path.sep).join('/'));
  return validateChosenFiles({ root, files: rel, schemaDir: defaultSchemaDir(env), repoUrls: await gitRemoteUrls(root) });
}
