// What the Terraform index knows about one file and one module directory: the blocks a plan address, an
// Atlantis project or a module trace needs, each with its source range. Plain data, no parse trees.
import { Diagnostic, SourceRange } from '../types';

/** `hcl`: *.tf / *.tofu; `json`: *.tf.json / *.tofu.json; `terragrunt`: terragrunt.hcl. */
export type TerraformFileKind = 'hcl' | 'json' | 'terragrunt';

export interface TfResource {
  /** `managed` for `resource`, `data` for `data` blocks. */
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** The whole block. */
  range: SourceRange;
}

export interface TfModuleCall {
  name: string;
  /** The `source` argument when it is a plain string; undefined when missing or computed. */
  source?: string;
  range: SourceRange;
  sourceRange?: SourceRange;
}

export interface TfNamedBlock {
  name: string;
  range: SourceRange;
}

export interface TfBackend {
  /** `s3`, `gcs`, `local`, … */
  type: string;
  range: SourceRange;
}

/** `terraform { cloud { workspaces { name = "…" } } }`: Atlantis plans such a project in that workspace. */
export interface TfCloud {
  organization?: string;
  workspaceName?: string;
  range: SourceRange;
}

/** The references of a terragrunt.hcl: its `terraform { source }` and `dependency { config_path }` blocks. */
export interface TerragruntRefs {
  source?: { value: string; range: SourceRange };
  dependencies: Array<{ name: string; configPath: string; range: SourceRange }>;
  includes: Array<{ name: string; path: string; range: SourceRange }>;
}

export interface TerraformFile {
  /** Repo-relative POSIX path. */
  path: string;
  kind: TerraformFileKind;
  resources: TfResource[];
  moduleCalls: TfModuleCall[];
  variables: TfNamedBlock[];
  outputs: TfNamedBlock[];
  backends: TfBackend[];
  clouds: TfCloud[];
  terragrunt?: TerragruntRefs;
  /** Syntax errors (RC2001) and reference problems found in this file alone. */
  problems: Diagnostic[];
}

/** The files of one directory, which Terraform reads as one module. */
export interface TerraformModule {
  /** Repo-relative directory, '' for the root. */
  dir: string;
  files: TerraformFile[];
}

export function emptyTerraformFile(path: string, kind: TerraformFileKind): TerraformFile {
  return { path, kind, resources: [], moduleCalls: [], variables: [], outputs: [], backends: [], clouds: [], problems: [] };
}

/** Which Terraform files the index reads, by name. */
export function terraformFileKind(path: string): TerraformFileKind | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === 'terragrunt.hcl') return 'terragrunt';
  if (/\.(tf|tofu)\.json$/.test(base)) return 'json';
  if (/\.(tf|tofu)$/.test(base)) return 'hcl';
  return undefined;
}
