// The cluster connection settings, read into the core's connect options. No `vscode` import, so the
// resolution rules (workspace-relative paths, `~`, several files) are unit-tested under plain Node.
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectOptions } from '../../core/cluster/client';
import { kubeconfigFiles } from '../../core/cluster/kubeconfig';

export interface ClusterSettings {
  /** Absolute kubeconfig paths from `reconcile.kubeconfig`; empty = KUBECONFIG, else ~/.kube/config. */
  kubeconfig: string[];
  /** `reconcile.context`; undefined = the kubeconfig's current-context. */
  context?: string;
}

function expand(p: string, workspaceRoot: string | undefined, home: string): string {
  const t = p.trim();
  if (t === '~') return home;
  if (t.startsWith('~/') || t.startsWith('~\\')) return path.join(home, t.slice(2));
  if (path.isAbsolute(t) || !workspaceRoot) return t;
  return path.join(workspaceRoot, t);
}

/** `kubeconfig` may be one path, a list, or a `path.delimiter`-separated string like KUBECONFIG. */
export function readClusterSettings(raw: { kubeconfig?: unknown; context?: unknown }, workspaceRoot?: string, home = os.homedir()): ClusterSettings {
  const list: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v !== 'string') return;
    for (const part of v.split(path.delimiter)) if (part.trim()) list.push(expand(part, workspaceRoot, home));
  };
  if (Array.isArray(raw.kubeconfig)) raw.kubeconfig.forEach(add);
  else add(raw.kubeconfig);
  const context = typeof raw.context === 'string' && raw.context.trim() ? raw.context.trim() : undefined;
  return { kubeconfig: list, context };
}

/**
 * Several files go through KUBECONFIG, so they merge exactly as kubectl (and `reconcile drift`)
 * merge them; one file is the explicit path. `trusted` decides whether credential plugins may run.
 */
export function connectOptionsFor(settings: ClusterSettings, env: Record<string, string | undefined>, trusted: boolean, contextOverride?: string): ConnectOptions {
  const context = contextOverride ?? settings.context;
  if (settings.kubeconfig.length === 1) return { kubeconfigPath: settings.kubeconfig[0], context, env, trusted };
  if (settings.kubeconfig.length > 1) return { context, env: { ...env, KUBECONFIG: settings.kubeconfig.join(path.delimiter) }, trusted };
  return { context, env, trusted };
}

/** One line for people, from a failed connection or drift run (the core's messages are already specific). */
export function connectionProblem(kind: string, message: string): string {
  switch (kind) {
    case 'unauthorized':
      return `The cluster refused the credentials (401): ${message} Check the user of this context or log in again.`;
    case 'unreachable':
    case 'timeout':
      return `The cluster is not reachable: ${message}`;
    case 'config':
      return `Kubeconfig problem: ${message}`;
    case 'untrusted':
      return `${message} Trust this workspace to use it, or pick another context.`;
    default:
      return message;
  }
}

/** The files these options read (for messages), as the core resolves them. */
export function connectionFiles(options: ConnectOptions): string[] {
  return kubeconfigFiles(options);
}
