// What one preview shows, computed without `vscode` (unit-tested under Node): renders a target (an index app
// or a repository path) with the configured engine, lists the objects with their origins, validates the
// output at its sources, and records the render closure (files and folders read) so the panel knows which
// edits call for a re-render. Unsaved buffers are read through the index.
import { posix } from 'node:path';
import type { AppEntry } from '../../core/index/model';
import type { RepositoryIndex } from '../../core/index/repositoryIndex';
import { parseDocuments } from '../../core/index/parse';
import { RecordingFileSystem, ReadKind } from '../../core/history/recordingFileSystem';
import { bufferedFileSystem, indexLookup } from '../../core/render/renderApp';
import { renderTarget, RenderedUnit } from '../../core/render/renderTarget';
import { isFluxKustomization, renderFluxKustomization } from '../../core/render/flux/fluxKustomization';
import { helmReleaseValues, runHelmTemplate } from '../../core/render/helmTemplate';
import { renderWithKustomizeBinary } from '../../core/render/kustomizeBinary';
import { renderWithKubectl } from '../../core/render/external';
import { fileList, mirrorReads, unsavedRead } from './unsavedMirror';
import { ObjectRules, validateRendered } from '../../core/render/validateRendered';
import { isMap, JsonMap } from '../../core/render/merge/strategicMerge';
import type { SeverityOverrides } from '../../core/validate/ruleCatalog';
import type { CancellationToken, FileSystem, Manifest } from '../../core/types';
import type { PreviewFinding, PreviewObject, PreviewView } from '../../webview/protocol';

export type PreviewTarget = { kind: 'app'; app: AppEntry } | { kind: 'path'; path: string };
export type EngineSetting = 'builtin' | 'kubectl' | 'kustomize';

const APP_LABEL: Record<AppEntry['kind'], string> = {
  FluxKustomization: 'Flux Kustomization',
  ArgoApplication: 'Argo CD Application',
  HelmRelease: 'Flux HelmRelease',
  KustomizeDirectory: 'kustomization',
};

/** Panels are reused per key: the same app or path opens the same panel. */
export function targetKey(t: PreviewTarget): string {
  return t.kind === 'app' ? `app:${t.app.kind}:${t.app.file}#${t.app.documentIndex}` : `path:${t.path}`;
}

export function targetLabel(t: PreviewTarget): string {
  if (t.kind === 'path') return t.path || '.';
  if (t.app.kind === 'KustomizeDirectory') return t.app.path || '.';
  return `${APP_LABEL[t.app.kind]} ${t.app.name}${t.app.path !== undefined ? ` → ${t.app.path || '.'}` : ''}`;
}

export interface PreviewSettings {
  engine: EngineSetting;
  kubectlPath?: string;
  kustomizePath?: string;
  helmPath?: string;
  kubernetesVersion?: string;
}

export interface PreviewInput {
  index: RepositoryIndex;
  /** The file system the index reads (buffers are layered on top here). */
  fs: FileSystem;
  target: PreviewTarget;
  settings: PreviewSettings;
  trusted: boolean;
  /** The validator, when one is available (schemas built); findings are empty without it. */
  rules?: ObjectRules;
  severityOverrides?: SeverityOverrides;
  token?: CancellationToken;
  /** Repository-relative files with unsaved editor buffers: the index reads them, external engines would not. */
  unsaved?: readonly string[];
}

/** Which repository paths a render depended on. `everything` when the engine cannot tell (external binaries). */
export interface RenderClosure {
  reads: Map<string, ReadKind>;
  everything: boolean;
}

export interface PreviewResult {
  view: Omit<PreviewView, 'generation'>;
  closure: RenderClosure;
  manifests: Manifest[];
}

/** Whether a change to these repo-relative files can change a render with this closure. */
export function closureAffected(closure: RenderClosure, changed: readonly string[]): boolean {
  if (closure.everything) return changed.length > 0;
  for (const f of changed) {
    if (closure.reads.has(f)) return true;
    // A file appearing in (or leaving) a directory the render listed, e.g. a folder of plain manifests.
    const dir = posix.dirname(f) === '.' ? '' : posix.dirname(f);
    if (closure.reads.get(dir) === 'directory') return true;
    // A removed directory: everything the render read under it.
    for (const r of closure.reads.keys()) if (r.startsWith(f + '/')) return true;
  }
  return false;
}

type Rendered = { ok: true; units: RenderedUnit[]; engine: string; note?: string } | { ok: false; error: { message: string } };

function isChartDir(index: RepositoryIndex, rel: string): boolean {
  return index.exists(posix.join(rel, 'Chart.yaml')) === 'file';
}

async function renderHelmRelease(input: PreviewInput, app: AppEntry, abs: (rel: string) => string): Promise<Rendered> {
  const { index } = input;
  const doc = parseDocuments(app.file, await index.readText(app.file)).documents.find((d) => d.index === app.documentIndex);
  if (!doc || !isMap(doc.value) || app.path === undefined) return { ok: false, error: { message: `${app.file}: HelmRelease ${app.name} has no chart in this repository` } };
  const release = doc.value as JsonMap;
  const spec = isMap(release.spec) ? release.spec : {};
  const values = await helmReleaseValues(release, indexLookup(index));
  if (!values.ok) return values;
  const r = await runHelmTemplate(
    {
      releaseName: typeof spec.releaseName === 'string' ? spec.releaseName : app.name,
      namespace: typeof spec.targetNamespace === 'string' ? spec.targetNamespace : app.namespace,
      chartDir: abs(app.path),
      kubeVersion: input.settings.kubernetesVersion,
    },
    values.values,
    { trusted: input.trusted, helmPath: input.settings.helmPath, token: input.token },
  );
  return r.ok ? { ok: true, engine: 'helm', units: [{ label: `HelmRelease/${app.name}`, yaml: r.yaml }] } : r;
}

/** The folder a path target renders (a kustomization or chart folder), or undefined for a file of Flux objects. */
function dirOfPath(index: RepositoryIndex, rel: string): string | undefined {
  const kind = index.exists(rel);
  if (kind === 'directory') return rel;
  const base = posix.basename(rel);
  return /^(kustomization\.ya?ml|Kustomization)$/.test(base) || (kind === 'file' && base === 'Chart.yaml') ? posix.dirname(rel).replace(/^\.$/, '') : undefined;
}

/** The folder a render runs in, when it is a folder: an app's path (not a Flux object's own file) or a path target's. */
function renderDirOf(input: PreviewInput): string | undefined {
  const t = input.target;
  if (t.kind === 'path') return dirOfPath(input.index, t.path);
  return t.app.kind === 'FluxKustomization' ? undefined : t.app.path;
}

/**
 * An external kustomize render that sees unsaved buffers: a built-in render of the same target finds
 * the files it reads (through the buffers, load restrictor applied); when a buffer is among them, the
 * external engine renders a temporary copy of exactly those files. Where that cannot be done, the
 * header says the unsaved edits are not included.
 */
async function withUnsavedEdits(input: PreviewInput, engine: 'kubectl' | 'kustomize', inPlace: Rendered, unsaved: readonly string[]): Promise<{ rendered: Rendered; note?: string }> {
  const root = input.index.root.replace(/\/+$/, '');
  const buffered = bufferedFileSystem(input.fs, input.index);
  const probe = new RecordingFileSystem(buffered, root);
  const dirRel = renderDirOf(input);
  const builtin = dirRel === undefined ? undefined : await renderDispatch(input, 'builtin', probe);
  if (dirRel === undefined || !builtin?.ok || builtin.engine !== 'builtin') {
    return { rendered: inPlace, note: `Unsaved edits (${fileList(unsaved)}) may not be included: ${engine} reads the saved files, and the built-in engine could not tell which files this render reads.` };
  }
  const dirty = unsavedRead(probe.reads, unsaved);
  if (!dirty.length) return { rendered: inPlace };
  const mirror = await mirrorReads(probe.reads, (rel) => buffered.readFile(posix.join(root, rel)));
  try {
    const dir = posix.join(mirror.root, dirRel);
    const x =
      engine === 'kubectl'
        ? await renderWithKubectl(dir, { trusted: input.trusted, kubectlPath: input.settings.kubectlPath, token: input.token })
        : await renderWithKustomizeBinary(dir, { trusted: input.trusted, kustomizePath: input.settings.kustomizePath, token: input.token });
    if (x.ok) return { rendered: { ok: true, engine, units: [{ label: dirRel || '.', yaml: x.yaml }] }, note: `Includes your unsaved edits to ${fileList(dirty)}: ${engine} rendered a temporary copy of the files this render reads.` };
    const why = x.error.message.split(mirror.root).join('<repository>');
    return { rendered: inPlace, note: `Unsaved edits to ${fileList(dirty)} are not included: ${engine} could not render a temporary copy with them (${why}). This is the output of the saved files.` };
  } finally {
    await mirror.dispose();
  }
}

/** Helm reads the chart from disk; unsaved chart files are named in the header. */
function helmUnsavedNote(input: PreviewInput, unsaved: readonly string[]): string | undefined {
  const dir = renderDirOf(input);
  if (dir === undefined) return undefined;
  const inChart = unsaved.filter((f) => dir === '' || f.startsWith(`${dir}/`));
  return inChart.length ? `Unsaved edits to ${fileList(inChart)} are not included: helm reads the chart from disk. Save them to see their effect.` : undefined;
}

async function renderDispatch(input: PreviewInput, engine: EngineSetting, fs: FileSystem): Promise<Rendered> {
  const { index, target } = input;
  const root = index.root.replace(/\/+$/, '');
  const abs = (rel: string) => (rel ? posix.join(root, rel) : root);
  const o = { engine: engine === 'kubectl' ? ('kubectl' as const) : ('builtin' as const), trusted: input.trusted, kubectlPath: input.settings.kubectlPath, repoRoot: root, lookup: indexLookup(index), token: input.token };
  let dirRel: string | undefined;
  if (target.kind === 'app') {
    const app = target.app;
    if (app.kind === 'HelmRelease') return renderHelmRelease(input, app, abs);
    if (app.path === undefined) return { ok: false, error: { message: `${app.kind} ${app.name} deploys from a source outside this repository; nothing to render locally` } };
    if (app.kind === 'FluxKustomization') {
      const doc = parseDocuments(app.file, await index.readText(app.file)).documents.find((d) => d.index === app.documentIndex);
      if (!doc || !isFluxKustomization(doc.value)) return { ok: false, error: { message: `${app.file}: document ${app.documentIndex + 1} is not a Flux Kustomization` } };
      const r = await renderFluxKustomization(fs, doc.value, { sourceRoot: root, dir: abs(app.path), lookup: o.lookup, token: input.token });
      return r.ok ? { ok: true, engine: 'builtin', units: [{ label: `Kustomization/${app.name}`, yaml: r.yaml, manifests: r.manifests }] } : r;
    }
    dirRel = app.path;
  } else {
    dirRel = dirOfPath(index, target.path);
  }
  if (dirRel !== undefined && isChartDir(index, dirRel)) {
    const r = await runHelmTemplate({ releaseName: posix.basename(abs(dirRel)), chartDir: abs(dirRel), kubeVersion: input.settings.kubernetesVersion }, undefined, {
      trusted: input.trusted,
      helmPath: input.settings.helmPath,
      token: input.token,
    });
    return r.ok ? { ok: true, engine: 'helm', units: [{ label: dirRel || '.', yaml: r.yaml }] } : r;
  }
  if (engine === 'kustomize' && dirRel !== undefined) {
    const r = await renderWithKustomizeBinary(abs(dirRel), { trusted: input.trusted, kustomizePath: input.settings.kustomizePath, token: input.token });
    return r.ok ? { ok: true, engine: 'kustomize', units: [{ label: dirRel || '.', yaml: r.yaml }] } : r;
  }
  const r = await renderTarget(fs, dirRel !== undefined ? abs(dirRel) : abs(target.kind === 'path' ? target.path : ''), o);
  return r.ok ? { ok: true, engine: r.engine, units: r.units, ...(r.note ? { note: r.note } : {}) } : r;
}

/** Objects of the combined stream with their lines; origins from the engine's manifests when it reports them. */
export function listObjects(yaml: string, manifests: readonly Manifest[] | undefined): PreviewObject[] {
  const docs = parseDocuments('rendered.yaml', yaml).documents.filter((d) => isMap(d.value));
  const useOrigins = manifests !== undefined && manifests.length === docs.length;
  return docs.map((d, i) => {
    const v = d.value as JsonMap;
    const meta = isMap(v.metadata) ? v.metadata : {};
    const m = useOrigins ? manifests[i] : undefined;
    return {
      apiVersion: String(v.apiVersion ?? ''),
      kind: String(v.kind ?? ''),
      name: String(meta.name ?? ''),
      ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
      line: d.startLine,
      ...(m ? { origin: { file: m.origin.file, line: m.origin.range.startPos.line + 1 } } : {}),
    };
  });
}

function joinUnits(units: readonly RenderedUnit[]): string {
  return units
    .map((u) => u.yaml.replace(/^---\n/, ''))
    .filter((y) => y.trim() !== '')
    .map((y) => (y.endsWith('\n') ? y : y + '\n'))
    .join('---\n');
}

export async function renderPreview(input: PreviewInput): Promise<PreviewResult> {
  const started = performance.now();
  const warnings: string[] = [];
  let engine = input.settings.engine;
  let engineNote: string | undefined;
  if (engine !== 'builtin' && !input.trusted) {
    engineNote = `reconcile.kustomize.engine is '${engine}', but external binaries do not run in an untrusted workspace (Restricted Mode): rendered with the built-in engine.`;
    engine = 'builtin';
  }
  const root = input.index.root.replace(/\/+$/, '');
  const recording = new RecordingFileSystem(bufferedFileSystem(input.fs, input.index), root);
  let r = await renderDispatch(input, engine, recording);
  const unsaved = input.unsaved ?? [];
  let unsavedNote: string | undefined;
  if (r.ok && unsaved.length && (r.engine === 'kubectl' || r.engine === 'kustomize')) ({ rendered: r, note: unsavedNote } = await withUnsavedEdits(input, r.engine, r, unsaved));
  else if (r.ok && unsaved.length && r.engine === 'helm') unsavedNote = helmUnsavedNote(input, unsaved);
  const external = r.ok ? r.engine !== 'builtin' : engine !== 'builtin';
  const closure: RenderClosure = { reads: recording.reads, everything: external };
  if (input.target.kind === 'app') closure.reads.set(input.target.app.file, 'file');
  if (r.ok && r.note) engineNote = r.note;
  if (unsavedNote) engineNote = engineNote ? `${engineNote} ${unsavedNote}` : unsavedNote;
  const base = { target: targetLabel(input.target), engine: r.ok ? r.engine : engine, ...(engineNote ? { engineNote } : {}) };
  if (!r.ok) {
    return { view: { ...base, durationMs: performance.now() - started, yaml: '', objects: [], warnings, error: r.error.message, findings: [] }, closure, manifests: [] };
  }
  const yaml = joinUnits(r.units);
  const manifests = r.units.every((u) => u.manifests) ? r.units.flatMap((u) => u.manifests ?? []) : undefined;
  if (!manifests) warnings.push(`The ${r.engine} engine reports no origins: "Go to source" and validation at sources need the built-in engine.`);
  const objects = listObjects(yaml, manifests);
  const durationMs = performance.now() - started;
  let findings: PreviewFinding[] = [];
  if (manifests && input.rules) {
    const found = await validateRendered(input.rules, manifests, { readText: (f) => input.index.readText(f), severityOverrides: input.severityOverrides });
    findings = found.map((f) => ({ code: f.code, severity: f.severity, message: f.message, file: f.range.file, line: f.range.startPos.line + 1, object: f.object }));
  }
  return { view: { ...base, durationMs, yaml, objects, warnings, findings }, closure, manifests: manifests ?? [] };
}
