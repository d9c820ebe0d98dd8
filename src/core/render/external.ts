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
  const bin = options.kubectlPath ?? 'kubectl';
  const token = options.token ?? NEVER_CANCELLED;
  return new Promise((resolve) => {
    const child = execFile(bin, ['kustomize', dir], { maxBuffer: 256 * 1024 * 1024, timeout: options.timeoutMs ?? 120_000, env: { ...process.env, KUBECONFIG: '/dev/null' } }, (err, stdout, stderr) => {
      clearInterval(poll);
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          resolve({ ok: false, error: { message: `'${bin}' was not found. Install kubectl (https://kubernetes.io/docs/tasks/tools/) or set its path, or use the built-in engine.` } });
        } else if (token.isCancellationRequested) {
          resolve({ ok: false, error: { message: 'cancelled' } });
        } else {
          resolve({ ok: false, error: { message: `kubectl kustomize failed: ${(stderr || err.message).trim()}` } });
        }
        return;
      }
      resolve({ ok: true, yaml: stdout });
    });
    const poll = setInterval(() => {
      if (token.isCancellationRequested) child.kill();
    }, 100);
  });
}
