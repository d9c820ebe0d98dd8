// The editor's atlantis.yaml check in one call, without `vscode`: the schema and the rules over the repository's
// files, and, when the `reconcile.atlantis.serverConfig` setting names a server-side repos.yaml, what that file
// does not allow (RC2110) and workflows defined nowhere (RC2107 as an error). The server file is read only
// inside the repository: a setting pointing elsewhere (absolute, `..`, a symlink out) is refused with a reason.
import { posix } from 'node:path';
import { resolvesInside } from '../confinement';
import { Diagnostic, FileSystem } from '../types';
import { checkRepoConfig } from './configRules';
import { cleanPath } from './dockerignore';
import type { RepoFiles } from './projectFinder';
import { parseRepoConfig } from './repoConfig';
import { checkServerOverrides, parseServerConfig, settingsFor } from './serverConfig';

export type ServerConfigRead = { ok: true; file: string; text: string } | { ok: false; message: string };

/** Reads the server-side repos.yaml a workspace setting names (repo-relative), refusing anything outside `root`. */
export async function readServerConfigInside(fs: FileSystem, root: string, setting: string): Promise<ServerConfigRead> {
  const given = setting.trim().replace(/\\/g, '/');
  const rel = cleanPath(given);
  if (posix.isAbsolute(given) || /^[A-Za-z]:\//.test(given) || rel === '..' || rel.startsWith('../')) {
    return { ok: false, message: `reconcile.atlantis.serverConfig "${setting}" is outside the workspace; Reconcile reads only files inside the repository (copy repos.yaml into it, or use the CLI's --server-config).` };
  }
  const abs = posix.join(root.replace(/\\/g, '/'), rel);
  if (!(await resolvesInside(fs, root, abs))) {
    return { ok: false, message: `reconcile.atlantis.serverConfig "${setting}" does not exist or leads outside the repository (a symlink); it is not read.` };
  }
  try {
    return { ok: true, file: rel, text: new TextDecoder('utf-8').decode(await fs.readFile(abs)) };
  } catch (e) {
    return { ok: false, message: `reconcile.atlantis.serverConfig "${setting}" cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export interface ConfigCheckOptions {
  server?: { file: string; text: string };
  /** Atlantis's repository id (github.com/acme/infra) the server entries are matched against. */
  repoId?: string;
}

export interface ConfigCheck {
  /** Problems of the repo config, on its lines. */
  config: Diagnostic[];
  /** Problems of the server config itself (unknown keys, bad regexes), on its lines. */
  server: Diagnostic[];
  /** The server entries that apply to this repository (their ids as written). */
  serverEntries: string[];
}

export function checkAtlantisConfig(configFile: string, text: string, files: RepoFiles, options: ConfigCheckOptions = {}): ConfigCheck {
  const parsed = parseRepoConfig(configFile, text);
  const config = [...parsed.diagnostics];
  if (!options.server) {
    config.push(...checkRepoConfig(parsed, files));
    return { config: config.filter((d) => d.range.file === configFile), server: [], serverEntries: [] };
  }
  const server = parseServerConfig(options.server.file, options.server.text);
  const settings = settingsFor(server, options.repoId ?? '');
  config.push(...checkRepoConfig(parsed, files, { serverKnown: true }), ...checkServerOverrides(parsed, settings));
  return { config: config.filter((d) => d.range.file === configFile), server: server.diagnostics, serverEntries: settings.matched };
}
