// What expanding an Argo CD ApplicationSet offline produces: the Applications the controller would
// generate from this repository, the problems it would hit, and the generators that cannot be expanded
// without the controller (they read an SCM, a pull-request API or a plugin). Plain data only.
import { FileSystem, KubeObject, SourceRange } from '../types';

export type YamlPath = Array<string | number>;

/** Codes of ApplicationSet expansion problems (not yet in the validator's rule catalog). */
export const APPSET_CODES = {
  /** A template or generator value that does not render: Go template errors, fasttemplate leftovers. */
  template: 'RC1801',
  /** A generator that yields no parameters, or is malformed (matrix of three, merge without mergeKeys). */
  generator: 'RC1802',
  /** Two generated Applications with the same name: the controller rejects the whole ApplicationSet. */
  duplicateName: 'RC1803',
  /** A generated source.path that does not exist in this repository. */
  missingPath: 'RC1804',
} as const;

export interface AppSetProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** YAML path in the ApplicationSet document. */
  path: YamlPath;
  /** Set when the document's text was available. */
  range?: SourceRange;
}

export interface NotExpanded {
  /** The generator's type, e.g. `scmProvider`, or `git` for a remote repository. */
  generator: string;
  path: YamlPath;
  reason: string;
  range?: SourceRange;
}

export interface GeneratedApplication {
  name: string;
  namespace?: string;
  /** The Application as the controller would create it (apiVersion, kind, metadata, spec). */
  object: KubeObject;
  /** The parameter set it was rendered from (Go-template mode: nested; fasttemplate: flat strings). */
  params: Record<string, unknown>;
  /** YAML path of the top-level generator that produced it. */
  generatorPath: YamlPath;
  /** Repo-relative paths of its sources that point into this repository. */
  sourcePaths: string[];
}

export interface ExpandResult {
  applications: GeneratedApplication[];
  problems: AppSetProblem[];
  notExpanded: NotExpanded[];
  /** The ApplicationSet's spec.syncPolicy (applicationsSync, preserveResourcesOnDeletion), carried as written. */
  syncPolicy?: Record<string, unknown>;
  preserveResourcesOnDeletion: boolean;
}

/** An Argo CD cluster Secret (label argocd.argoproj.io/secret-type: cluster), without its credentials. */
export interface ClusterSecret {
  /** The Secret's data.name / stringData.name (the cluster's name in Argo CD). */
  name: string;
  server: string;
  project?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Where it is defined, for messages. */
  file?: string;
}

/** Reads the repository at another revision (a branch, tag or commit), or undefined when it is not local. */
export type RefReader = (revision: string) => Promise<FileSystem | undefined>;

export interface AppSetContext {
  /** Absolute path of the repository root; every read stays below it. */
  root: string;
  fs: FileSystem;
  /** Git remote URLs of this repository (gitRemoteUrls), to tell which repoURLs name it. */
  remotes: string[];
  clusterSecrets: ClusterSecret[];
  /** The checked-out branch: a generator revision naming it reads the working tree. */
  currentBranch?: string;
  readRef?: RefReader;
  /** Repo-relative paths git does not track (e.g. from .gitignore); Argo CD never sees them. */
  isIgnored?: (relPath: string) => boolean;
  /** Argo CD's ARGOCD_APPLICATIONSET_CONTROLLER_ENABLE_NEW_GIT_FILE_GLOBBING: `**` globbing for git files. */
  newGitFileGlobbing?: boolean;
  /** The ApplicationSet file's text, for problem ranges; read from `fs` when absent. */
  text?: string;
}

/** The ApplicationSet document to expand (an IndexedDocument fits). */
export interface AppSetDocument {
  file: string;
  index: number;
  value?: unknown;
}
