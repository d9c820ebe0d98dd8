// The rendered-manifest preview (browser side): a header (target, engine, object count, render time,
// warnings, validation findings), an object outline, and the rendered YAML read-only in Monaco. Every
// object and finding links back to its source through the extension (`openSource`).
import { FromWebview, PreviewObject, PreviewSchema, PreviewView, ToWebview } from './protocol';
import { monacoTheme, setUpMonaco } from './monacoSetup';
import { combinedSchema } from './previewSchema';
import './preview.css';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

const app = document.getElementById('app');
if (!app) throw new Error('preview: #app missing');
const header = el('header', { class: 'header' });
const messages = el('section', { class: 'messages', 'aria-label': 'Render messages' });
const body = el('div', { class: 'body' });
const outline = el('nav', { class: 'outline', 'aria-label': 'Rendered objects' });
const editorHost = el('div', { class: 'editor', 'aria-label': 'Rendered YAML' });
body.append(outline, editorHost);
app.append(header, messages, body);

const { monaco, yaml } = setUpMonaco({ editor: app.dataset.editorWorker ?? '', yaml: app.dataset.yamlWorker ?? '' }, (message) => post({ type: 'log', level: 'error', message }));
const modelUri = monaco.Uri.parse('reconcile-preview://rendered/preview.yaml');
const model = monaco.editor.createModel('', 'yaml', modelUri);
const editor = monaco.editor.create(editorHost, {
  model,
  readOnly: true,
  domReadOnly: true,
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  theme: monacoTheme(document.body),
  fontFamily: getComputedStyle(document.body).getPropertyValue('--vscode-editor-font-family') || undefined,
  renderWhitespace: 'none',
  folding: true,
});
new MutationObserver(() => monaco.editor.setTheme(monacoTheme(document.body))).observe(document.body, { attributes: true, attributeFilter: ['class'] });

let current: PreviewView | undefined;

function objectAt(line0: number): PreviewObject | undefined {
  if (!current) return undefined;
  let found: PreviewObject | undefined;
  for (const o of current.objects) if (o.line <= line0) found = o;
  return found;
}

editor.addAction({
  id: 'reconcile.preview.goToSource',
  label: 'Go to Source',
  contextMenuGroupId: 'navigation',
  keybindings: [monaco.KeyCode.F12],
  run: (ed) => {
    const line = (ed.getPosition()?.lineNumber ?? 1) - 1;
    const o = objectAt(line);
    if (o?.origin) post({ type: 'openSource', file: o.origin.file, line: o.origin.line });
  },
});

function label(o: PreviewObject): string {
  return `${o.kind}/${o.name}`;
}

function sourceLink(file: string, line: number, text: string): HTMLElement {
  const a = el('a', { href: '#', class: 'source', title: `Open ${file}:${line}` }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    post({ type: 'openSource', file, line });
  });
  return a;
}

function renderHeader(v: PreviewView): void {
  header.replaceChildren();
  header.append(el('h1', { class: 'target' }, v.target));
  const facts = el('div', { class: 'facts' });
  const count = v.error ? 'render failed' : `${v.objects.length} object${v.objects.length === 1 ? '' : 's'}`;
  facts.append(el('span', { class: 'count', 'data-objects': String(v.objects.length) }, count), el('span', {}, `${Math.round(v.durationMs)} ms`), el('span', { class: 'engine' }, `engine: ${v.engine}`));
  const problems = v.findings.length;
  if (!v.error) facts.append(el('span', { class: problems ? 'problems has-problems' : 'problems' }, problems ? `${problems} problem${problems === 1 ? '' : 's'}` : 'no problems'));
  header.append(facts);
  if (v.engineNote) header.append(el('p', { class: 'note' }, v.engineNote));
}

function renderMessages(v: PreviewView): void {
  messages.replaceChildren();
  if (v.error) messages.append(el('p', { class: 'error', role: 'alert' }, v.error));
  if (v.warnings.length) {
    const ul = el('ul', { class: 'warnings', 'aria-label': 'Warnings' });
    for (const w of v.warnings) ul.append(el('li', {}, w));
    messages.append(ul);
  }
  if (v.findings.length) {
    const ul = el('ul', { class: 'findings', 'aria-label': 'Problems in the rendered output' });
    for (const f of v.findings) {
      const li = el('li', { class: `finding ${f.severity}` });
      li.append(el('span', { class: 'code' }, f.code), el('span', { class: 'object' }, f.object), el('span', { class: 'message' }, f.message), sourceLink(f.file, f.line, `${f.file}:${f.line}`));
      ul.append(li);
    }
    messages.append(ul);
  }
}

function renderOutline(v: PreviewView): void {
  outline.replaceChildren();
  const ul = el('ul');
  for (const o of v.objects) {
    const li = el('li', { class: 'object' });
    const name = el('a', { href: '#', class: 'reveal', title: `Show ${label(o)} in the rendered YAML` });
    name.append(el('span', { class: 'kind' }, o.kind), el('span', { class: 'name' }, o.name));
    if (o.namespace) name.append(el('span', { class: 'ns' }, o.namespace));
    name.addEventListener('click', (e) => {
      e.preventDefault();
      editor.revealLineNearTop(o.line + 1);
      editor.setPosition({ lineNumber: o.line + 1, column: 1 });
    });
    li.append(name);
    if (o.origin) li.append(sourceLink(o.origin.file, o.origin.line, 'Go to source'));
    ul.append(li);
  }
  outline.append(ul);
}

function documentCount(text: string): number {
  if (text.trim() === '') return 0;
  const separators = text.split('\n').filter((l) => l === '---').length;
  return text.startsWith('---\n') ? separators : separators + 1;
}

function show(v: PreviewView): void {
  current = v;
  document.body.classList.remove('rendering');
  renderHeader(v);
  renderMessages(v);
  renderOutline(v);
  if (model.getValue() !== v.yaml) model.setValue(v.yaml);
  post({ type: 'rendered', generation: v.generation, objects: documentCount(model.getValue()), lines: model.getLineCount() });
}

function useSchemas(schemas: PreviewSchema[], definitions: Record<string, unknown>): void {
  yaml.update({ schemas: schemas.length ? [{ uri: 'reconcile-preview://schemas/rendered.json', fileMatch: [modelUri.toString()], schema: combinedSchema(schemas, definitions) as never }] : [] });
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  try {
    if (m.type === 'view') show(m.view);
    else if (m.type === 'schemas') useSchemas(m.schemas, m.definitions);
    else if (m.type === 'rendering') document.body.classList.add('rendering');
  } catch (err) {
    post({ type: 'log', level: 'error', message: `preview webview: ${err instanceof Error ? err.message : String(err)}` });
  }
});

window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: `preview webview: ${e.message}` }));
post({ type: 'ready' });
