// The `reconcile.sync.forges` setting: self-hosted forge hosts the remote URL alone cannot name.
// Bad entries are reported, not thrown, so one typo does not disable the others.
import { FORGE_KINDS, ForgeKind, ForgeOverride } from './detect';

export function parseForgeOverrides(value: unknown): { overrides: ForgeOverride[]; problems: string[] } {
  const overrides: ForgeOverride[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { overrides, problems };
  if (!Array.isArray(value)) return { overrides, problems: ['reconcile.sync.forges must be a list of { "host", "kind", "apiUrl"? } entries.'] };
  value.forEach((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const where = `reconcile.sync.forges[${i}]`;
    if (typeof e.host !== 'string' || !e.host.trim() || /[/:\s]/.test(e.host.trim())) {
      problems.push(`${where}: "host" must be a host name like git.example.com.`);
      return;
    }
    if (typeof e.kind !== 'string' || !(FORGE_KINDS as readonly string[]).includes(e.kind)) {
      problems.push(`${where}: "kind" must be one of ${FORGE_KINDS.join(', ')}.`);
      return;
    }
    let apiUrl: string | undefined;
    if (e.apiUrl !== undefined) {
      try {
        const u = new URL(String(e.apiUrl));
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
        apiUrl = String(e.apiUrl).replace(/\/+$/, '');
      } catch {
        problems.push(`${where}: "apiUrl" must be an http(s) URL.`);
        return;
      }
    }
    overrides.push({ host: e.host.trim().toLowerCase(), kind: e.kind as ForgeKind, ...(apiUrl ? { apiUrl } : {}) });
  });
  return { overrides, problems };
}
