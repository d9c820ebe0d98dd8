// An Atlantis repository as Reconcile reads it: the Terraform index, the repo-level config (atlantis.yaml or the
// file the server names) with every problem found in it, and optionally the server-side config's verdict.
import { CancellationToken, Diagnostic, FileSystem } from '../types';
import { resolvesInside } from '../confinement';
import { IndexSettings } from '../index/model';
import { TerraformIndex, indexTerraform } from '../terraform/terraformIndex';
import { rangeFactory } from '../terraform/sourceRanges';
import { cleanPath } from './dockerignore';
import { checkRepoConfig } from './configRules';
import { ParsedRepoConfig, parseRepoConfig } from './repoConfig';
import { ParsedServerConfig, ServerSettings, checkServerOverrides, parseServerConfig, settingsFor } from './serverConfig';

export const DEFAULT_REPO_CONFIG_FILE = 'atlantis.yaml';

export interface AtlantisRepoOptions {
  /** Repo-relative config file; default: the server's repo_config_file for this repository, else atlantis.yaml. */
  repoConfigFile?: string;
  /** The server-side repos.yaml, already read (the CLI reads it from outside the repository on purpose). */
  serverConfig?: { file: string; text: string };
  /** Atlantis's repo id, e.g. github.com/acme/infra, to pick the server-side entries. */
  repoId?: string;
  baseBranch?: string;
  settings?: Partial<IndexSettings>;
  token?: CancellationToken;
}

export interface AtlantisRepo {
  root: string;
  terraform: TerraformIndex;
  /** Repo-relative path of the config file read, or null when the repository has none. */
  configFile: string | null;
  parsed?: ParsedRepoConfig;
  server?: { parsed: ParsedServerConfig; settings: ServerSettings };
  /** Problems of atlantis.yaml, of the server config and of the Terraform files. */
  diagnostics: Diagnostic[];
  /** True when Atlantis itself would refuse to run (an invalid config): no project is planned then. */
  rejected: boolean;
}

const decoder = new TextDecoder('utf-8');

async function readInside(fs: FileSystem, root: string, rel: string): Promise<string | undefined> {
  const abs = `${root.replace(/\/+$/, '')}/${rel}`;
  // A config that is a symlink out of the repository is not read (confinement), as if absent.
  if (!(await resolvesInside(fs, root, abs))) return undefined;
  try {
    return decoder.decode(await fs.readFile(abs));
  } catch {
    return undefined;
  }
}

export async function loadAtlantisRepo(root: string, fs: FileSystem, options: AtlantisRepoOptions = {}): Promise<AtlantisRepo> {
  const terraform = await indexTerraform(root, fs, { settings: options.settings, token: options.token });
  const repo: AtlantisRepo = { root, terraform, configFile: null, diagnostics: [...terraform.problems], rejected: false };

  if (options.serverConfig) {
    const parsed = parseServerConfig(options.serverConfig.file, options.serverConfig.text);
    repo.server = { parsed, settings: settingsFor(parsed, options.repoId ?? '', options.baseBranch) };
    repo.diagnostics.push(...parsed.diagnostics);
  }

  const configFile = cleanPath(options.repoConfigFile ?? repo.server?.settings.repoConfigFile ?? DEFAULT_REPO_CONFIG_FILE);
  if (configFile === '..' || configFile.startsWith('../') || configFile.startsWith('/')) {
    repo.diagnostics.push({ code: 'RC2101', severity: 'error', message: `The repo config file "${configFile}" is outside the repository; Reconcile does not read it.`, range: rangeFactory(configFile, '')(0, 0) });
    repo.rejected = true;
    return repo;
  }
  // Atlantis refuses to run when it finds atlantis.yml: the name looks right and is silently not the config.
  if (terraform.allFiles.has('atlantis.yml')) {
    repo.diagnostics.push({ code: 'RC2101', severity: 'error', message: 'Found "atlantis.yml": Atlantis fails on it; rename it to atlantis.yaml.', range: rangeFactory('atlantis.yml', '')(0, 0) });
    repo.rejected = true;
  }
  const text = await readInside(fs, root, configFile);
  if (text === undefined) return repo;

  repo.configFile = configFile;
  const parsed = parseRepoConfig(configFile, text);
  repo.parsed = parsed;
  repo.diagnostics.push(...parsed.diagnostics);
  repo.diagnostics.push(...checkRepoConfig(parsed, terraform, { serverKnown: !!repo.server }));
  if (repo.server) repo.diagnostics.push(...checkServerOverrides(parsed, repo.server.settings));
  // Atlantis stops at the first invalid key; anything it would reject in the config means no plan at all.
  if (repo.diagnostics.some((d) => d.severity === 'error' && d.range.file === configFile)) repo.rejected = true;
  return repo;
}
