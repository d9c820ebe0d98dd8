// External engine: the standalone `kustomize build DIR`. Same rules as kubectl's: trusted workspaces only,
// a missing binary is a message with how to install it.
import { execFile } from 'node:child_process';
import { CancellationToken, NEVER_CANCELLED } from '../types';
import { ExternalResult } from './external';

export interface KustomizeBinaryOptions {
  trusted: boolean;
  kustomizePath?: string;
  token?: CancellationToken;
  timeoutMs?: number;
}

export function renderWithKustomizeBinary(dir: string, o: KustomizeBinaryOptions): Promise<ExternalResult> {
  if (!o.trusted) {
    return Promise.resolve({ ok: false, error: { message: 'the kustomize engine runs an external binary, which is not allowed in an untrusted workspace; use the built-in engine' } });
  }
  const bin = o.kustomizePath || 'kustomize';
  const token = o.token ?? NEVER_CANCELLED;
  return new Promise((resolve) => {
    const child = execFile(bin, ['build', dir], { maxBuffer: 256 * 1024 * 1024, timeout: o.timeoutMs ?? 120_000 }, (err, stdout, stderr) => {
      clearInterval(poll);
      if (!err) return resolve({ ok: true, yaml: stdout });
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve({ ok: false, error: { message: `'${bin}' was not found. Install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or set reconcile.kustomize.kustomizePath, or use the built-in engine.` } });
      } else if (token.isCancellationRequested) {
        resolve({ ok: false, error: { message: 'cancelled' } });
      } else {
        resolve({ ok: false, error: { message: `kustomize build failed: ${(stderr || err.message).trim()}` } });
      }
    });
    const poll = setInterval(() => {
      if (token.isCancellationRequested) child.kill();
    }, 100);
  });
}
