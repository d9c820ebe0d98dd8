// Plain data shared by every stage of the pipeline (index → render → validate → diff → sync).
// Nothing here imports `vscode`: the CLI, the tests and the extension all use these shapes.

/** Identity of a Kubernetes object. `group` is '' for the core group. */
export interface ResourceId {
  group: string;
  version: string;
  kind: string;
  /** Undefined for cluster-scoped objects and for namespaced ones that rely on a default. */
  namespace?: string;
  name: string;
}

/** A 0-based line/character position, the same convention as VS Code and LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A span in one file: byte-free string offsets into the file text, plus line/character. */
export interface SourceRange {
  /** Repo-relative POSIX path (or absolute when outside a repo). */
  file: string;
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
}

/** Where a rendered or indexed object came from. */
export interface Origin {
  file: string;
  /** Index of the YAML document within the file (0-based). */
  documentIndex: number;
  range: SourceRange;
  /** Files of patches/transformers that changed the object after it was read. */
  touchedBy?: string[];
}

/** A Kubernetes-shaped object with where it came from. */
export interface Manifest {
  object: KubeObject;
  origin: Origin;
}

/** A Kubernetes object as plain JSON data. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Fix {
  title: string;
  /** Text edits in the same file as the diagnostic. */
  edits: Array<{ range: SourceRange; newText: string }>;
}

export interface Diagnostic {
  /** Stable rule code, e.g. `RC1001`. Index errors use `RC0xxx`. */
  code: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  fixes?: Fix[];
}

/** The minimal file system the core needs; Node's `fs` and VS Code's `workspace.fs` both adapt to it. */
export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  /** Directory entries; `type` follows the entry itself (a symlink reports `symlink`). */
  readDirectory(path: string): Promise<Array<{ name: string; type: 'file' | 'directory' | 'symlink' | 'other' }>>;
  stat(path: string): Promise<{ type: 'file' | 'directory' | 'other'; size: number }>;
  /**
   * Canonical absolute path, every symlink resolved (in every component), like `realpath(3)`; rejects when the path
   * does not exist or a link in it cannot be resolved. The answer may lie outside any repository (a link to
   * `~/.ssh/id_rsa`): nothing is read there, and `core/confinement.ts` decides from it what may be read at all.
   */
  realPath(path: string): Promise<string>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Structurally compatible with `vscode.CancellationToken`. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationToken = Object.freeze({ isCancellationRequested: false });

/** Progress callback: `done` of `total` units (files), with an optional message. */
export type ProgressReporter = (done: number, total: number, message?: string) => void;

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
