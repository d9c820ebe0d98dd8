// Messages between the preview panel (extension host) and its webview (browser). Plain data only: this file
// is compiled into both bundles, so it imports neither `vscode` nor the DOM.

/** One rendered object as the webview lists it. */
export interface PreviewObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** 0-based line of the object's first line in `PreviewView.yaml`. */
  line: number;
  /** Repo-relative origin and 1-based line, when the engine reports origins (the built-in one does). */
  origin?: { file: string; line: number };
}

/** A validation finding on the rendered output, reported where it comes from. */
export interface PreviewFinding {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** Repo-relative file and 1-based line of the origin (the object's source or the patch that set the field). */
  file: string;
  line: number;
  /** `Kind/name` of the rendered object. */
  object: string;
}

/** Everything the webview shows for one render. */
export interface PreviewView {
  /** What was rendered, e.g. `apps/production` or `Kustomization/apps`. */
  target: string;
  /** Engine that produced the output: `builtin`, `kubectl`, `kustomize`, `helm`. */
  engine: string;
  /** Why the engine differs from the configured one (e.g. untrusted workspace), if it does. */
  engineNote?: string;
  durationMs: number;
  yaml: string;
  objects: PreviewObject[];
  /** Render warnings (non-fatal). */
  warnings: string[];
  /** The render failed: the message; `yaml` and `objects` are then empty. */
  error?: string;
  findings: PreviewFinding[];
  /** Increases with every render of this panel; the webview echoes it back in `rendered`. */
  generation: number;
}

/** JSON Schemas for hover: one per apiVersion/kind present in the output, matched to documents by the webview. */
export interface PreviewSchema {
  apiVersion: string;
  kind: string;
  schema: unknown;
}

export type ToWebview =
  | { type: 'view'; view: PreviewView }
  | { type: 'schemas'; schemas: PreviewSchema[]; definitions: Record<string, unknown> }
  | { type: 'rendering' };

export type FromWebview =
  | { type: 'ready' }
  /** The editor shows generation `generation` with `objects` objects and `lines` lines. */
  | { type: 'rendered'; generation: number; objects: number; lines: number }
  | { type: 'openSource'; file: string; line: number }
  | { type: 'log'; level: 'info' | 'error'; message: string };

export function isFromWebview(value: unknown): value is FromWebview {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'rendered':
      return typeof m.generation === 'number' && typeof m.objects === 'number' && typeof m.lines === 'number';
    case 'openSource':
      return typeof m.file === 'string' && typeof m.line === 'number';
    case 'log':
      return (m.level === 'info' || m.level === 'error') && typeof m.message === 'string';
    default:
      return false;
  }
}
