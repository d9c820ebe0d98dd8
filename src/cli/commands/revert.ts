// `reconcile revert <commit>`: a branch that undoes one commit (git revert, or a restore of the files
// it changed when it no longer reverts cleanly), pushed, with a pull request naming the objects rolled back.
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { tokenFromEnv } from '../../core/sync/forge/createProvider';
import { FORGE_KINDS, ForgeKind } from '../../core/sync/forge/detect';
import { revertSync } from '../../core/history/revert';
import { VERSION as TOOL_VERSION } from '../../version';

const USAGE = `Usage: reconcile revert <commit> [--title T] [--base BRANCH] [--remote origin] [--branch NAME]
                        [--app PATH ...] [--draft] [--no-pr] [--forge github|gitlab|gitea|bitbucket]
                        [--api-url URL] [--repo OWNER/NAME] [--format json|text]

Creates branch reconcile/revert-<slug>-<short-hash> from the base branch on the remote with
\`git revert\` of the commit, made in a temporary worktree: your current branch, index and working
tree are not touched. When the commit no longer reverts cleanly, the files it changed are restored
as they were before it instead (a "restore", said so in the commit and the PR). The branch is pushed
and a pull request opened whose body lists the objects rolled back, with their rendered diffs.

  --title     PR and commit title (default: Revert "<subject>")
  --base      base branch (default: the current branch); the commit must be on it
  --app PATH  folders whose rendered objects the PR body lists (default: every app the index finds)
  --no-pr     only create and push the branch
  --forge, --api-url, --repo  default to what the remote URL says (self-hosted: pass them)

Token: RECONCILE_TOKEN, or GITHUB_TOKEN / GITLAB_TOKEN / GITEA_TOKEN / BITBUCKET_TOKEN.
Exit codes: 0 done, 1 failed (message on stderr), 2 usage error.`;

export const revertCommand: CliCommand = {
  name: 'revert',
  summary: 'Open a pull request that rolls back one commit (revert, or restore when it conflicts)',
  usage: USAGE,
  async run(args, io) {
    let values: Record<string, string | boolean | string[] | undefined>;
    let commit: string;
    let forge: ForgeKind | undefined;
    let format: 'json' | 'text';
    try {
      const parsed = parseCommandArgs(args, {
        title: { type: 'string' },
        base: { type: 'string' },
        remote: { type: 'string' },
        branch: { type: 'string' },
        app: { type: 'string', multiple: true },
        draft: { type: 'boolean' },
        'no-pr': { type: 'boolean' },
        forge: { type: 'string' },
        'api-url': { type: 'string' },
        repo: { type: 'string' },
        format: { type: 'string' },
      });
      values = parsed.values;
      if (parsed.positionals.length !== 1) throw new UsageError('expected exactly one commit to revert');
      commit = parsed.positionals[0];
      format = oneOf(values.format, ['json', 'text'] as const, 'format', 'text');
      forge = values.forge === undefined ? undefined : oneOf(values.forge, FORGE_KINDS, 'forge', 'github');
      if (typeof values.repo === 'string' && !/^[^/\s]+(\/[^/\s]+)+$/.test(values.repo)) throw new UsageError('--repo must look like OWNER/NAME');
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile revert: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const r = await revertSync({
      repoDir: io.cwd,
      commit,
      title: values.title as string | undefined,
      base: values.base as string | undefined,
      remote: values.remote as string | undefined,
      branch: values.branch as string | undefined,
      apps: values.app as string[] | undefined,
      draft: values.draft === true,
      forge: { kind: forge, apiUrl: values['api-url'] as string | undefined, repoPath: values.repo as string | undefined },
      token: values['no-pr'] ? undefined : (target) => tokenFromEnv(target.kind, io.env),
      toolVersion: TOOL_VERSION,
      env: io.env,
    });
    if (!r.ok) {
      io.stderr(`reconcile revert: ${r.error.message}\n`);
      return r.error.code === 'bad-revision' ? EXIT_USAGE : 1;
    }
    const v = r.value;
    const objects = v.objects.map((o) => ({ app: o.app, kind: o.id.kind, namespace: o.id.namespace ?? null, name: o.id.name, change: o.change, paths: o.paths }));
    if (format === 'json') {
      const pr = v.pullRequest ? { url: v.pullRequest.url, number: v.pullRequest.number, created: v.pullRequest.created } : null;
      io.stdout(JSON.stringify({ mode: v.mode, reverted: v.reverted, branch: v.branch, commit: v.commit, base: v.base, files: v.files, conflicts: v.conflicts, objects, pullRequest: pr }, null, 2) + '\n');
      return 0;
    }
    const out = [
      v.mode === 'revert'
        ? `Reverted ${v.reverted.slice(0, 10)} ("${v.revertedSubject}") on branch ${v.branch} (from ${v.remote}/${v.base}).`
        : `${v.reverted.slice(0, 10)} ("${v.revertedSubject}") no longer reverts cleanly (conflicts: ${v.conflicts.join(', ')}); restored the files it changed as they were before it, on branch ${v.branch}. Review: later changes to those files are undone too.`,
    ];
    if (objects.length) {
      out.push('Objects rolled back:');
      for (const o of objects) out.push(`  ${o.kind} ${o.namespace ? o.namespace + '/' : ''}${o.name} (${o.app}): ${o.change}${o.paths.length ? ' ' + o.paths.join(', ') : ''}`);
    }
    out.push(v.pullRequest ? `${v.pullRequest.created ? 'Opened' : 'Updated'} ${v.pullRequest.url}` : `Pushed ${v.branch}; no pull request opened (--no-pr).`);
    io.stdout(out.join('\n') + '\n');
    return 0;
  },
};
