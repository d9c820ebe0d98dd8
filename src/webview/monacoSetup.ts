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

export function setUpMonaco(workers: WorkerUrls): { monaco: Monaco; yaml: MonacoYaml } {
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    // Monaco accepts a promise of a Worker here (webWorkerFactory checks for `then`).
    getWorker(_moduleId: string, label: string): Promise<Worker> {
      const url = label === 'yaml' ? workers.yaml : workers.editor;
      return blobUrlFor(url).then((blob) => new Worker(blob, { name: label }));
    },
  };
  const yaml = configureMonacoYaml(monaco, {
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
