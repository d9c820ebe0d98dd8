// The reference implementation: `kubectl kustomize` (kustomize inside kubectl), found at run time.
// RECONCILE_KUBECTL names another binary. Callers skip, saying so, when it is not installed.
import { execFileSync } from 'node:child_process';
import { renderWithKubectl } from '../../src/core/render/external';

export interface Oracle {
  bin: string;
  /** e.g. "kubectl v1.32.4, kustomize v5.5.0". */
  version: string;
  render(dir: string): Promise<{ ok: true; yaml: string } | { ok: false; message: string }>;
}

export function findOracle(): Oracle | undefined {
  const bin = process.env.RECONCILE_KUBECTL || 'kubectl';
  let version: string;
  try {
    const v = JSON.parse(execFileSync(bin, ['version', '--client', '-o', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { clientVersion?: { gitVersion?: string }; kustomizeVersion?: string };
    version = `kubectl ${v.clientVersion?.gitVersion ?? '?'}, kustomize ${v.kustomizeVersion ?? '?'}`;
  } catch {
    return undefined;
  }
  return {
    bin,
    version,
    async render(dir) {
      const r = await renderWithKubectl(dir, { trusted: true, kubectlPath: bin, timeoutMs: 60_000 });
      return r.ok ? r : { ok: false, message: cleanMessage(r.error.message) };
    },
  };
}

/** kubectl wraps kustomize's error in klog noise (deprecation warnings, `E1204 ... "command failed" err="..."`). */
export function cleanMessage(raw: string): string {
  const text = raw.replace(/^kubectl kustomize failed: /, '').split('\n').filter((l) => !l.startsWith('# Warning:')).join('\n');
  const quoted = /err="((?:[^"\\]|\\.)*)"/.exec(text);
  if (quoted) return quoted[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  const block = /err=<\n([\s\S]*?)\n\s*>/.exec(text);
  if (block) return block[1].split('\n').map((l) => l.replace(/^\t/, '')).join('\n');
  return text.replace(/^Error: /, '').trim();
}
