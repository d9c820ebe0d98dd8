// External engine: the standalone `kustomize build DIR`. Same rules as kubectl's: trusted workspaces only,
// a missing binary is a message with how to install it.
import { CancellationToken } from '../types';
import { ExternalResult, runRenderTool } from './external';

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
  return runRenderTool(bin, ['build', dir], {
    token: o.token,
    timeoutMs: o.timeoutMs,
    notFound: `'${bin}' was not found. Install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or set reconcile.kustomize.kustomizePath, or use the built-in engine.`,
    failed: 'kustomize build failed',
  });
}
