// Monaco for a VS Code webview: only the editor API, the contributions a viewer needs and the YAML language (no other
// languages), with monaco-yaml for schema hovers. Workers cannot start from a webview resource URL (another
// origin), so their script text is fetched and started from a `blob:` URL (the CSP allows `worker-src blob:`).
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import './monacoContributions';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { configureMonacoYaml, MonacoYaml } from 'monaco-yaml';

export type Monaco = typeof monaco;

interface WorkerUrls {
  editor: string;
  yaml: string;
}

const blobUrls = new Map<string, Promise<string>>();

function blobUrlFor(url: string): Promise<string> {
  let p = blobUrls.get(url);
  if (!p) {
    p = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`worker script ${url}: HTTP ${r.status}`);
        return r.text();
      })
      .then((text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' })));
    blobUrls.set(url, p);
  }
  return p;
}

/** The options monaco-worker-manager 2 (inside monaco-yaml 5) passes: Monaco's pre-0.54 worker descriptor. */
interface LegacyWorkerOptions {
  label?: string;
  moduleId?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}

/**
 * Monaco 0.54 takes `{ worker }` in `editor.createWebWorker`, while monaco-worker-manager still passes a
 * descriptor (`label`, `moduleId`, `createData`). Convert it the way Monaco's own JSON language does: start
 * the worker, send a wake-up message and the create data, then hand the worker to Monaco.
 */
function withLegacyWorkerOptions(m: Monaco, start: (label: string) => Promise<Worker>): Monaco {
  const createWebWorker = (opts: LegacyWorkerOptions & { worker?: unknown }) => {
    if (opts.worker) return m.editor.createWebWorker(opts as Parameters<Monaco['editor']['createWebWorker']>[0]);
    const worker = start(opts.label ?? 'editorWorkerService').then((w) => {
      w.postMessage('ignore');
      w.postMessage(opts.createData);
      return w;
    });
    return m.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
  };
  return { ...m, editor: { ...m.editor, createWebWorker } } as unknown as Monaco;
}

export function setUpMonaco(workers: WorkerUrls, onError: (message: string) => void): { monaco: Monaco; yaml: MonacoYaml } {
  const start = (label: string): Promise<Worker> => {
    const url = label === 'yaml' ? workers.yaml : workers.editor;
    return blobUrlFor(url)
      .then((blob) => new Worker(blob, { name: label }))
      .catch((err: unknown) => {
        // Monaco falls back to running the worker code on the main thread; say why in the Reconcile log.
        const message = `preview: the ${label} worker did not start from ${url}: ${err instanceof Error ? err.message : String(err)}`;
        console.error(message);
        onError(message);
        throw err;
      });
  };
  // Monaco accepts a promise of a Worker here (webWorkerFactory checks for `then`).
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = { getWorker: (_moduleId: string, label: string) => start(label) };
  const yaml = configureMonacoYaml(withLegacyWorkerOptions(monaco, start), {
    enableSchemaRequest: false,
    hover: true,
    completion: false,
    validate: false,
    schemas: [],
  });
  return { monaco, yaml };
}

/** VS Code's theme kind (body class) → Monaco's built-in theme. */
export function monacoTheme(body: HTMLElement): string {
  if (body.classList.contains('vscode-high-contrast-light')) return 'hc-light';
  if (body.classList.contains('vscode-high-contrast')) return 'hc-black';
  return body.classList.contains('vscode-light') ? 'vs' : 'vs-dark';
}
