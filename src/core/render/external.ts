// External engine: `kubectl kustomize DIR` (kustomize v5 inside kubectl). Runs a binary, so only when
// the caller says the workspace is trusted; a missing binary is a clear message, never a crash.
import { execFile } from 'node:child_process';
import { CancellationToken, NEVER_CANCELLED } from '../types';

export type ExternalResult = { ok: true; yaml: string } | { ok: false; error: { message: string } };

export interface ExternalOptions {
  trusted: boolean;
  kubectlPath?: string;
  token?: CancellationToken;
  timeoutMs?: number;
}

export function renderWithKubectl(dir: string, options: ExternalOptions): Promise<ExternalResult> {
  if (!options.trusted) {
    return Promise.resolve({ ok: false, error: { message: 'the kubectl engine runs an external binary, which is not allowed in an untrusted workspace; use the built-in engine' } });
  }
  const bin = options.kubectlPath || 'kubectl';
  return runRenderTool(bin, ['kustomize', dir], {
    token: options.token,
    timeoutMs: options.timeoutMs,
    noKubeconfig: true,
    notFound: `'${bin}' was not found. Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set its path, or use the built-in engine.`,
    failed: 'kubectl kustomize failed',
  });
}

export interface RenderToolRun {
  token?: CancellationToken;
  timeoutMs?: number;
  /** Run with `KUBECONFIG=/dev/null`: a renderer must not reach a cluster. */
  noKubeconfig?: boolean;
  /** The message when the binary is not installed (ENOENT). */
  notFound: string;
  /** Prefix of the message when the tool exits with an error (its stderr follows). */
  failed: string;
}

/**
 * Runs an external renderer (kubectl, kustomize, helm) and returns its stdout as YAML: one place for the
 * output limit, the timeout, cancellation (the child is killed) and the messages users see. The caller
 * checks workspace trust first.
 */
export function runRenderTool(bin: string, args: string[], o: RenderToolRun): Promise<ExternalResult> {
  const token = o.token ?? NEVER_CANCELLED;
  return new Promise((resolve) => {
    const env = o.noKubeconfig ? { ...process.env, KUBECONFIG: '/dev/null' } : undefined;
    const child = execFile(bin, args, { maxBuffer: 256 * 1024 * 1024, timeout: o.timeoutMs ?? 120_000, env }, (err, stdout, stderr) => {
      clearInterval(poll);
      if (!err) return resolve({ ok: true, yaml: stdout });
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') resolve({ ok: false, error: { message: o.notFound } });
      else if (token.isCancellationRequested) resolve({ ok: false, error: { message: 'cancelled' } });
      else resolve({ ok: false, error: { message: `${o.failed}: ${(stderr || err.message).trim()}` } });
    });
    const poll = setInterval(() => {
      if (token.isCancellationRequested) child.kill();
    }, 100);
  });
}
