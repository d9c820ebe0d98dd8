// The plan's "Atlantis will plan" section: which Atlantis projects the plan's changed files would autoplan,
// predicted at the head (Atlantis plans the pull request's head) with the autoplan port of src/core/atlantis.
// Computed only where Atlantis could plan something: the head has a repo config (atlantis.yaml, or the file
// the caller names), or a changed file is a Terraform file or in Atlantis's autoplan file list. A
// Kubernetes-only change never loads the HCL parser.
import { loadAtlantisRepo, DEFAULT_REPO_CONFIG_FILE } from '../atlantis/atlantisRepo';
import { AutoplanPrediction, predictAutoplan } from '../atlantis/autoplan';
import { PatternMatcher } from '../atlantis/dockerignore';
import { DEFAULT_AUTOPLAN_FILE_LIST } from '../atlantis/projectFinder';
import { IndexSettings } from '../index/model';
import { terraformFileKind } from '../terraform/model';
import { CancellationToken } from '../types';
import { JsonDiagnostic, toJsonDiagnostic } from '../validate/report';
import { fingerprint, PlanCache } from './planCache';
import { PlanSide } from './planSides';

export interface AtlantisPlanOptions {
  /** `--autoplan-modules`: a change in a local module plans the projects that use it. */
  autoplanModules?: boolean;
  /** The repo config's name when the server says another (`--repo-config-file`). */
  repoConfigFile?: string;
  /** The server-side repos.yaml, already read (allowed_overrides, allow_custom_workflows, autodiscover). */
  serverConfig?: { file: string; text: string };
  /** Atlantis's repository id for the server config's entries (github.com/acme/infra). */
  repoId?: string;
  /** The pull request's base branch, for projects with `branch: /regex/`. */
  baseBranch?: string;
}

export interface AtlantisPlanSection {
  /** The repo config read at the head (repo-relative), or null: projects are then discovered from the files. */
  config: string | null;
  autoplanModules: boolean;
  planned: AutoplanPrediction['planned'];
  skipped: AutoplanPrediction['skipped'];
  autodiscover: AutoplanPrediction['autodiscover'];
  /** Why Atlantis would plan nothing at all (it refuses the configuration). */
  refused?: string;
  /** Errors and warnings of the repo config (and server config) at the head; Terraform syntax problems are left to `reconcile atlantis validate`. */
  diagnostics: JsonDiagnostic[];
}

const ATLANTIS_CONFIG_NAMES = [DEFAULT_REPO_CONFIG_FILE, 'atlantis.yml'];

/** Whether Atlantis could plan anything for this change at this side (cheap: no Terraform file is read). */
export function atlantisApplies(side: PlanSide, changed: readonly string[], options: AtlantisPlanOptions): boolean {
  const configs = options.repoConfigFile ? [options.repoConfigFile, ...ATLANTIS_CONFIG_NAMES] : ATLANTIS_CONFIG_NAMES;
  if (configs.some((c) => side.index.exists(c) === 'file')) return true;
  // Without a config Atlantis only autodiscovers, and only from files in the autoplan file list.
  const list = PatternMatcher.create(DEFAULT_AUTOPLAN_FILE_LIST.split(','));
  return changed.some((f) => terraformFileKind(f) !== undefined || list.matches(f));
}

// Indexing a Terraform monorepo takes a second or two; the editor re-plans on every pause in typing. A side's
// files are the commit's, or for the working tree the base's plus the changed files: the same commit, changed
// files and contents give the same section.
const remembered = new WeakMap<PlanCache, Map<string, AtlantisPlanSection>>();

async function cacheKey(side: PlanSide, baseCommit: string, root: string, changed: readonly string[], options: AtlantisPlanOptions): Promise<string> {
  const opts = JSON.stringify([options.autoplanModules ?? false, options.repoConfigFile ?? '', options.serverConfig?.text ?? '', options.repoId ?? '', options.baseBranch ?? '']);
  if (side.commit) return `${side.commit}|${changed.join(',')}|${opts}`;
  const prints = await Promise.all(changed.map((f) => fingerprint(side.fs, root, f, 'file')));
  return `${baseCommit}|wt|${changed.map((f, i) => `${f}=${prints[i]}`).join(',')}|${opts}`;
}

export async function atlantisSection(
  side: PlanSide,
  root: string,
  changed: readonly string[],
  options: AtlantisPlanOptions & { settings?: Partial<IndexSettings>; token?: CancellationToken; cache?: PlanCache; baseCommit?: string },
): Promise<AtlantisPlanSection | undefined> {
  if (!atlantisApplies(side, changed, options)) return undefined;
  let memo: Map<string, AtlantisPlanSection> | undefined;
  let key = '';
  if (options.cache) {
    memo = remembered.get(options.cache) ?? new Map();
    remembered.set(options.cache, memo);
    key = await cacheKey(side, options.baseCommit ?? '', root, changed, options);
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const repo = await loadAtlantisRepo(root, side.fs, {
    repoConfigFile: options.repoConfigFile,
    serverConfig: options.serverConfig,
    repoId: options.repoId,
    baseBranch: options.baseBranch,
    settings: options.settings,
    token: options.token,
  });
  const prediction = predictAutoplan(repo, changed, { baseBranch: options.baseBranch, autoplanModules: options.autoplanModules });
  const configFiles = new Set([repo.configFile, options.serverConfig?.file, 'atlantis.yml'].filter((f): f is string => !!f));
  const section: AtlantisPlanSection = {
    config: repo.configFile,
    autoplanModules: options.autoplanModules ?? false,
    planned: prediction.planned,
    skipped: prediction.skipped,
    autodiscover: prediction.autodiscover,
    ...(prediction.refused ? { refused: prediction.refused } : {}),
    diagnostics: repo.diagnostics.filter((d) => configFiles.has(d.range.file) && d.severity !== 'hint').map(toJsonDiagnostic),
  };
  if (memo) {
    memo.set(key, section);
    // A handful of recent states is enough to answer an edit and its undo.
    if (memo.size > 8) memo.delete(memo.keys().next().value as string);
  }
  return section;
}
