// The data the repository index produces. Plain objects only, so they cross worker, CLI and JSON boundaries.

/** What a YAML document is, decided from its content (apiVersion/kind) and, for Kustomize and Helm, its file's role. */
export type DocumentClass =
  | 'kubernetes' // an ordinary Kubernetes object
  | 'kustomization' // kustomize.config.k8s.io Kustomization (or a kustomization.yaml without apiVersion)
  | 'kustomize-component' // kustomize.config.k8s.io Component
  | 'helm-chart' // Chart.yaml
  | 'helm-values' // values*.yaml inside a chart
  | 'flux' // *.toolkit.fluxcd.io objects
  | 'argocd' // argoproj.io Application / ApplicationSet / AppProject
  | 'crd' // apiextensions.k8s.io CustomResourceDefinition
  | 'patch' // a document referenced as a patch by some kustomization (partial object)
  | 'non-kubernetes' // any other YAML (CI workflows, values, configs)
  | 'empty'; // a document with no content (comments only, or `---` alone)

/** How a whole file is treated. */
export type FileRole =
  | 'manifests' // YAML/JSON documents, parsed
  | 'helm-template' // under a chart's templates/: Go templates, never parsed as YAML
  | 'skipped'; // too large, binary or otherwise not read; `skipReason` says why

export interface IndexedDocument {
  file: string;
  /** 0-based position of the document in its file. */
  index: number;
  /** Offsets (UTF-16 code units) of the document's text in the file, markers excluded. */
  start: number;
  end: number;
  /** 0-based lines of the document's first and last content line. */
  startLine: number;
  endLine: number;
  classification: DocumentClass;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** The parsed value (plain JSON data, aliases resolved). Undefined when the document failed to parse. */
  value?: unknown;
  /**
   * `{{ }}` placeholders that YAML reads as mappings rather than text (`replicas: {{replicas}}`): a template
   * for another tool, not schema-checked (RC1002). `{{ }}` inside string values does not set this.
   */
  template?: boolean;
  /** For `kind: List` documents and typed lists (`ConfigMapList`): the 0-based line of each item. */
  itemLines?: number[];
  /** For CRDs: the openAPIV3Schema per served version, keyed `group/version/kind`. */
  crdSchemas?: Array<{ group: string; version: string; kind: string; served: boolean; schema: unknown }>;
}

export interface IndexError {
  file: string;
  /** 0-based line and character. */
  line: number;
  character: number;
  message: string;
  /**
   * `RC0001` YAML syntax, `RC0002` duplicate key, `RC0003` too large/binary, `RC0004` too complex (alias bomb),
   * `RC0005` unreadable, `RC1002` a template whose `{{ }}` placeholders are not YAML (info).
   */
  code: string;
  severity: 'error' | 'warning' | 'info';
  documentIndex?: number;
}

export interface IndexedFile {
  /** Repo-relative POSIX path. */
  path: string;
  size: number;
  role: FileRole;
  skipReason?: string;
  documents: IndexedDocument[];
  errors: IndexError[];
  /** Total number of lines, for ranges that reach the end. */
  lineCount: number;
}

/** Where in a document a reference is written: the YAML path to the value (e.g. ['resources', 2]). */
export interface ReferenceSource {
  file: string;
  documentIndex: number;
  path: Array<string | number>;
}

export type ReferenceType =
  | 'kustomize-resource'
  | 'kustomize-component'
  | 'kustomize-patch'
  | 'kustomize-generator-file'
  | 'kustomize-crd'
  | 'flux-source'
  | 'flux-path'
  | 'flux-depends-on'
  | 'flux-values-from'
  | 'flux-substitute-from'
  | 'flux-chart'
  | 'argocd-path'
  | 'configmap'
  | 'secret'
  | 'service-account'
  | 'pvc';

export interface ObjectTarget {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type ReferenceTarget =
  | { type: 'file'; path: string }
  | { type: 'directory'; path: string }
  /** A path that may be a file or a directory; resolution tells which, or that it is missing. */
  | { type: 'path'; path: string }
  | { type: 'remote'; url: string }
  | { type: 'object'; object: ObjectTarget };

export interface Reference {
  type: ReferenceType;
  source: ReferenceSource;
  /** The reference as written (a relative path, a name). */
  text: string;
  target: ReferenceTarget;
  /** Whether the target exists in the repository (remote targets: undefined, not checked). */
  resolved?: boolean;
  /** For resolved object targets: where the object is defined. */
  resolvedTo?: { file: string; documentIndex: number };
}

/** One Kubernetes object in the index (documents of kind List contribute one entry per item). */
export interface ResourceEntry {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  file: string;
  documentIndex: number;
  /** 0-based line of the object's first line (its document, or its item in a List). */
  line: number;
  classification: DocumentClass;
}

export interface KustomizationEntry {
  file: string;
  directory: string;
  kind: 'Kustomization' | 'Component';
  resources: string[];
  components: string[];
  patches: string[];
}

/** A unit a GitOps tool deploys: a Flux Kustomization, an Argo CD Application, a Flux HelmRelease, or a top-level kustomization directory. */
export interface AppEntry {
  kind: 'FluxKustomization' | 'ArgoApplication' | 'HelmRelease' | 'KustomizeDirectory';
  name: string;
  namespace?: string;
  /** Where the app is defined (the Flux/Argo object's file, or the kustomization file). */
  file: string;
  documentIndex: number;
  /** Repo-relative directory the app deploys from; undefined when it points outside this repository. */
  path?: string;
  /**
   * Set on Applications an ApplicationSet generates (expanded offline): `file`/`documentIndex` above are the
   * ApplicationSet's, and the Application itself comes from `RepositoryIndex.applicationObject`.
   */
  generatedBy?: { kind: 'ApplicationSet'; name: string; namespace?: string; file: string; documentIndex: number };
  /** Argo CD Applications: spec.project. */
  project?: string;
  /** Argo CD Applications: spec.destination. */
  destination?: { server?: string; name?: string; namespace?: string };
  /** Argo CD multi-source Applications: spec.sources (paths repo-relative). */
  sources?: AppSource[];
}

/** One source of an Argo CD Application. */
export interface AppSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
}

export interface IndexSettings {
  /** Glob patterns (picomatch, repo-relative) never indexed, in addition to .gitignore. */
  exclude: string[];
  /** Files larger than this are skipped with a note. */
  maxFileSizeBytes: number;
  /** Git remote URLs of this repository, to tell which Argo CD Applications point here. */
  repoUrls: string[];
  /** Honour .gitignore files. */
  useGitignore: boolean;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = {
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSizeBytes: 5 * 1024 * 1024,
  repoUrls: [],
  useGitignore: true,
};

export interface IndexSummary {
  files: number;
  documents: number;
  resources: number;
  errors: number;
  skipped: number;
}
