// Kubeconfig loading the way kubectl does it: KUBECONFIG (several files, first definition of a name wins,
// first current-context wins), else ~/.kube/config, or one explicit file. Parsing and credentials are
// @kubernetes/client-node's (1.x: 2.x does not load on Node 20).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { fail, ok, Result } from './result';

export interface KubeconfigOptions {
  /** Explicit file (a setting or --kubeconfig); overrides KUBECONFIG. */
  kubeconfigPath?: string;
  /** Context to use instead of the file's current-context. */
  context?: string;
  env?: Record<string, string | undefined>;
  /** Exec and auth-provider credential plugins run only when true (trusted workspace). */
  trusted: boolean;
}

export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface LoadedKubeconfig {
  config: KubeConfig;
  context: string;
  /** Default namespace of the context ('default' when the context names none). */
  namespace: string;
  server: string;
  contexts: ContextSummary[];
  files: string[];
}

export function kubeconfigFiles(options: Pick<KubeconfigOptions, 'kubeconfigPath' | 'env'>): string[] {
  if (options.kubeconfigPath) return [options.kubeconfigPath];
  const env = options.env ?? process.env;
  if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).filter(Boolean);
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  return [path.join(home, '.kube', 'config')];
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function loadKubeconfig(options: KubeconfigOptions): Promise<Result<LoadedKubeconfig>> {
  // Only KubeConfig (dist/config.js), lazily, from its own webpack chunk: the package index is ~30 MB of
  // generated API code that takes seconds to compile, and webpack.config.js keeps that out of the bundle
  // (src/core/cluster/vendor/clientNodeGen.js). Most sessions never touch a cluster.
  const k8s = await import('@kubernetes/client-node/dist/config.js');
  const files = kubeconfigFiles(options);
  const existing = files.filter((f) => fs.existsSync(f));
  if (existing.length === 0) {
    return fail('config', `No kubeconfig found (looked at ${files.join(', ')}). Set KUBECONFIG or pass --kubeconfig.`);
  }
  const merged = new k8s.KubeConfig();
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  let currentContext: string | undefined;
  for (const file of existing) {
    const one = new k8s.KubeConfig();
    try {
      one.loadFromFile(file, { onInvalidEntry: 'filter' });
    } catch (err) {
      return fail('config', `Cannot read kubeconfig ${file}: ${message(err)}`);
    }
    currentContext ??= one.getCurrentContext() || undefined;
    for (const c of one.getClusters()) if (!seen.clusters.has(c.name)) (seen.clusters.add(c.name), merged.addCluster(c));
    for (const u of one.getUsers()) if (!seen.users.has(u.name)) (seen.users.add(u.name), merged.addUser(u));
    for (const c of one.getContexts()) if (!seen.contexts.has(c.name)) (seen.contexts.add(c.name), merged.addContext(c));
  }
  const contextName = options.context ?? currentContext;
  if (!contextName) return fail('config', `The kubeconfig (${existing.join(', ')}) sets no current-context; pass --context.`);
  const ctx = merged.getContextObject(contextName);
  if (!ctx) {
    const names = merged.getContexts().map((c) => c.name);
    return fail('config', `Context "${contextName}" not found in the kubeconfig (contexts: ${names.join(', ') || 'none'}).`);
  }
  merged.setCurrentContext(contextName);
  const cluster = merged.getCluster(ctx.cluster);
  if (!cluster) return fail('config', `Context "${contextName}" refers to cluster "${ctx.cluster}", which the kubeconfig does not define.`);
  const user = merged.getUser(ctx.user);
  if (user && (user.exec || user.authProvider) && !options.trusted) {
    const plugin = user.exec ? `exec plugin "${String((user.exec as { command?: unknown }).command ?? '')}"` : `auth provider "${String((user.authProvider as { name?: unknown }).name ?? '')}"`;
    return fail('untrusted', `Context "${contextName}" authenticates with an ${plugin}; credential plugins run only in a trusted workspace.`);
  }
  return ok({
    config: merged,
    context: contextName,
    namespace: ctx.namespace || 'default',
    server: cluster.server,
    contexts: merged.getContexts().map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace })),
    files: existing,
  });
}

/**
 * The context names and the current-context, read without loading @kubernetes/client-node (seconds of
 * synchronous loading): enough for a status bar before any connection is made. Unreadable files are skipped.
 */
export function peekKubeconfig(options: Pick<KubeconfigOptions, 'kubeconfigPath' | 'env'>): { files: string[]; currentContext?: string; contexts: string[] } {
  const files = kubeconfigFiles(options).filter((f) => fs.existsSync(f));
  let currentContext: string | undefined;
  const contexts: string[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    if (!doc || typeof doc !== 'object') continue;
    const d = doc as { 'current-context'?: unknown; contexts?: unknown };
    if (typeof d['current-context'] === 'string' && d['current-context']) currentContext ??= d['current-context'];
    if (Array.isArray(d.contexts)) {
      for (const c of d.contexts as Array<{ name?: unknown }>) if (c && typeof c.name === 'string' && !contexts.includes(c.name)) contexts.push(c.name);
    }
  }
  return { files, currentContext, contexts };
}
