// Which forge hosts a remote, and where its API lives, from the remote URL alone (https, ssh and
// scp-like forms). Self-hosted instances are named through overrides keyed by host.

export type ForgeKind = 'github' | 'gitlab' | 'gitea' | 'bitbucket';

export const FORGE_KINDS: readonly ForgeKind[] = ['github', 'gitlab', 'gitea', 'bitbucket'];

export interface RemoteLocation {
  /** Host name, lower case, without port. */
  host: string;
  /** `https` unless the remote itself says `http` (local instances, test servers). */
  scheme: 'http' | 'https';
  /** Port of an http(s) remote when not the default; ssh ports are not web ports and are dropped. */
  port?: number;
  /** Path of the repository without `.git`: `owner/name`, or `group/sub/name` on GitLab. */
  repoPath: string;
}

export interface ForgeTarget {
  kind: ForgeKind;
  /** API base URL without trailing slash, e.g. `https://api.github.com`. */
  apiUrl: string;
  /** Web base URL, e.g. `https://github.com`. */
  webUrl: string;
  /** Repository path on the forge (`owner/name`; GitLab may nest groups). */
  repoPath: string;
}

export interface ForgeOverride {
  /** Host the override applies to, e.g. `git.example.com`. */
  host: string;
  kind: ForgeKind;
  apiUrl?: string;
}

export function parseRemoteUrl(url: string): RemoteLocation | undefined {
  const trimmed = url.trim();
  // scp-like: git@host:owner/repo.git (no scheme, a colon before the first slash)
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/)(.+)$/.exec(trimmed);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return { host: scp[1].toLowerCase(), scheme: 'https', repoPath: cleanPath(scp[2]) };
  }
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return undefined;
  }
  const scheme = u.protocol === 'http:' ? 'http' : 'https';
  const isWeb = u.protocol === 'http:' || u.protocol === 'https:';
  if (!isWeb && u.protocol !== 'ssh:' && u.protocol !== 'git+ssh:' && u.protocol !== 'git:') return undefined;
  const repoPath = cleanPath(decodeURIComponent(u.pathname));
  if (!repoPath.includes('/')) return undefined;
  const port = isWeb && u.port ? Number(u.port) : undefined;
  return { host: u.hostname.toLowerCase(), scheme, port, repoPath };
}

function cleanPath(p: string): string {
  return p.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
}

function guessKind(host: string): ForgeKind | undefined {
  if (host === 'github.com' || host === 'www.github.com' || /(^|\.)github\./.test(host) || host.startsWith('ghe.')) return 'github';
  if (host === 'bitbucket.org') return 'bitbucket';
  if (/(^|[.-])gitlab([.-]|$)/.test(host)) return 'gitlab';
  if (host === 'codeberg.org' || /(^|[.-])(gitea|forgejo)([.-]|$)/.test(host)) return 'gitea';
  return undefined;
}

function defaultApiUrl(kind: ForgeKind, web: string, host: string): string {
  switch (kind) {
    case 'github':
      return host === 'github.com' ? 'https://api.github.com' : `${web}/api/v3`;
    case 'gitlab':
      return `${web}/api/v4`;
    case 'gitea':
      return `${web}/api/v1`;
    case 'bitbucket':
      return host === 'bitbucket.org' ? 'https://api.bitbucket.org/2.0' : `${web}/2.0`;
  }
}

export interface DetectOptions {
  /** Forced forge kind (`--forge`). */
  kind?: ForgeKind;
  /** Forced API URL (`--api-url`). */
  apiUrl?: string;
  /** Forced repository path (`--repo OWNER/NAME`). */
  repoPath?: string;
  overrides?: ForgeOverride[];
}

export type DetectResult = { ok: true; target: ForgeTarget } | { ok: false; message: string };

export function detectForge(remoteUrl: string, opts: DetectOptions = {}): DetectResult {
  const loc = parseRemoteUrl(remoteUrl);
  if (!loc && !(opts.kind && opts.apiUrl && opts.repoPath)) {
    return {
      ok: false,
      message: `Cannot tell which forge hosts the remote '${remoteUrl}'. Name it with --forge github|gitlab|gitea|bitbucket, --api-url and --repo OWNER/NAME.`,
    };
  }
  const host = loc?.host ?? '';
  const override = opts.overrides?.find((o) => o.host.toLowerCase() === host);
  const kind = opts.kind ?? override?.kind ?? guessKind(host);
  if (!kind) {
    return {
      ok: false,
      message: `Unknown forge for host '${host}'. Say which one it is with --forge github|gitlab|gitea|bitbucket (and --api-url for a self-hosted instance), or add the host to the reconcile.sync.forges setting.`,
    };
  }
  const web = loc ? `${loc.scheme}://${loc.host}${loc.port ? `:${loc.port}` : ''}` : '';
  const apiUrl = (opts.apiUrl ?? override?.apiUrl ?? defaultApiUrl(kind, web, host)).replace(/\/+$/, '');
  const repoPath = opts.repoPath ?? loc?.repoPath ?? '';
  if (kind !== 'gitlab' && repoPath.split('/').length !== 2) {
    return { ok: false, message: `The repository path '${repoPath}' is not OWNER/NAME; pass it with --repo OWNER/NAME.` };
  }
  return { ok: true, target: { kind, apiUrl, webUrl: web || apiUrl, repoPath } };
}
