// `reconcile history <Kind/name>`: the commits that changed an object's rendered form, newest first.
import * as path from 'path';
import { CliCommand, EXIT_USAGE, UsageError } from '../command';
import { oneOf, parseCommandArgs } from '../args';
import { findRepoRoot } from '../repo';
import { nodeFileSystem } from '../../core/index/nodeFileSystem';
import { RepositoryIndex } from '../../core/index/repositoryIndex';
import { findAppForObject } from '../../core/history/findApp';
import { objectHistory } from '../../core/history/objectHistory';
import { HistoryTarget } from '../../core/history/objectState';

const USAGE = `Usage: reconcile history <Kind/name> [--namespace N] [--app PATH] [--max N] [--rev REV]
                         [--cursor C] [--format json|text]

Lists the commits that changed the RENDERED form of one object, newest first, with the field paths
that changed. Commits are read from the git object store; the working tree is never touched.
Only commits that touch the folders the object is rendered from are rendered (and their parents).

  <Kind/name>   e.g. Deployment/web
  --namespace   the object's namespace after rendering (e.g. an overlay's namespace)
  --app PATH    folder the object is rendered from (a kustomization or plain folder); default: found
                from the repository's apps (Flux/Argo CD paths, top-level kustomizations)
  --max N       candidate commits scanned per page (default 50); the output names the next page's cursor
  --rev REV     where history starts (default HEAD)
  --cursor C    continue from a previous page ("nextCursor")
  --format      text (default) or json: {"object":{...},"entries":[{"commit","author","date","message","paths",...}]}

Exit codes: 0 done, 1 failed (message on stderr), 2 usage error.`;

function parseTarget(text: string, namespace: string | undefined, apiVersion?: string): HistoryTarget {
  const m = /^([A-Za-z][\w.-]*)\/([^/\s]+)$/.exec(text);
  if (!m) throw new UsageError(`expected Kind/name (e.g. Deployment/web), got '${text}'`);
  return { kind: m[1], name: m[2], ...(namespace ? { namespace } : {}), ...(apiVersion ? { apiVersion } : {}) };
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'Commits that changed an object as rendered (base, patches, image tags), with changed fields',
  usage: USAGE,
  async run(args, io) {
    let target: HistoryTarget;
    let format: 'json' | 'text';
    let values: Record<string, string | boolean | string[] | undefined>;
    let max = 50;
    try {
      const parsed = parseCommandArgs(args, {
        namespace: { type: 'string', short: 'n' },
        app: { type: 'string' },
        max: { type: 'string' },
        rev: { type: 'string' },
        cursor: { type: 'string' },
        'api-version': { type: 'string' },
        format: { type: 'string' },
      });
      values = parsed.values;
      format = oneOf(values.format, ['json', 'text'] as const, 'format', 'text');
      if (parsed.positionals.length !== 1) throw new UsageError('expected exactly one object, as Kind/name');
      target = parseTarget(parsed.positionals[0], values.namespace as string | undefined, values['api-version'] as string | undefined);
      if (values.max !== undefined) {
        max = Number(values.max);
        if (!Number.isInteger(max) || max < 1) throw new UsageError('--max must be a positive whole number');
      }
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`reconcile history: ${e.message}\n\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
    const top = await findRepoRoot(io.cwd);
    if (!top) {
      io.stderr(`reconcile history: ${io.cwd} is not inside a git repository.\n`);
      return 1;
    }
    let app: string | undefined;
    if (typeof values.app === 'string') {
      const rel = path.relative(top, path.resolve(io.cwd, values.app));
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        io.stderr(`reconcile history: --app ${values.app} is outside the repository at ${top}\n`);
        return EXIT_USAGE;
      }
      app = rel.split(path.sep).join('/');
    }
    const index = new RepositoryIndex({ root: top, fs: nodeFileSystem });
    await index.scan();
    const found = await findAppForObject(index, nodeFileSystem, target, { app });
    if (!found.ok) {
      io.stderr(`reconcile history: ${found.message}\n`);
      return 1;
    }
    const r = await objectHistory({
      repoDir: top,
      appPath: found.app,
      target,
      closureFiles: found.closureFiles,
      render: found.render,
      rev: values.rev as string | undefined,
      cursor: values.cursor as string | undefined,
      pageSize: max,
    });
    if (!r.ok) {
      io.stderr(`reconcile history: ${r.error.message}\n`);
      return r.error.code === 'bad-cursor' || r.error.code === 'bad-revision' ? EXIT_USAGE : 1;
    }
    const page = r.value;
    const object = {
      kind: page.object.kind,
      name: page.object.name,
      namespace: page.object.namespace ?? null,
      app: page.object.app || '.',
      ...(found.flux ? { fluxKustomization: found.flux } : {}),
    };
    if (format === 'json') {
      const entries = page.entries.map((e) => ({
        commit: e.commit,
        author: e.author,
        date: e.date,
        message: e.message,
        paths: e.paths,
        change: e.change,
        files: e.files,
        pullRequest: e.pullRequest ?? null,
        ...(e.renderError ? { renderError: e.renderError } : {}),
      }));
      io.stdout(JSON.stringify({ object, entries, scanned: page.scanned, nextCursor: page.nextCursor ?? null }, null, 2) + '\n');
      return 0;
    }
    const via = found.flux ? ` through Kustomization/${found.flux.name} (${found.flux.file})` : '';
    const out: string[] = [`${object.kind} ${object.namespace ? object.namespace + '/' : ''}${object.name} rendered from ${object.app}${via}: ${page.entries.length} change${page.entries.length === 1 ? '' : 's'} in ${page.scanned} commits scanned`];
    for (const e of page.entries) {
      const pr = e.pullRequest ? `  [${e.pullRequest.kind === 'pull' ? '#' : '!'}${e.pullRequest.number}]` : '';
      out.push('', `${e.commit.slice(0, 10)}  ${e.date.slice(0, 10)}  ${e.author}  ${e.subject}${pr}`);
      if (e.change !== 'modified') out.push(`    ${e.change}${e.renderError ? `: ${e.renderError}` : ''}`);
      for (const p of e.paths) out.push(`    ${p}`);
      if (e.files.length) out.push(`    files: ${e.files.join(', ')}`);
    }
    if (page.nextCursor) {
      const more = [`reconcile history ${object.kind}/${object.name}`, object.namespace && `--namespace ${object.namespace}`, `--app ${object.app}`, values.max && `--max ${max}`, `--cursor ${page.nextCursor}`];
      out.push('', `More: ${more.filter(Boolean).join(' ')}`);
    }
    io.stdout(out.join('\n') + '\n');
    return 0;
  },
};
