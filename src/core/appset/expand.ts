// expandApplicationSet: the Applications an ApplicationSet generates from this repository, offline.
// Mirrors the controller's GenerateApplications: each top-level generator's parameter sets rendered into
// the spec template (merged under the generator's own template), then templatePatch; then the checks the
// controller makes (duplicate names) and ones it leaves to sync time (a source.path that does not exist).
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { rangeOfPath } from '../index/parse';
import { strategicMerge, Json } from '../render/merge/strategicMerge';
import { KubeObject } from '../types';
import { CONTROLLER_ONLY, GeneratorEngine, TERMINAL } from './engine';
import { leftoverTags } from './fasttemplate';
import { missingKeyOption } from './gotemplate/template';
import { plainParams, ParamSet } from './params';
import { isPlainMap, mergeZeroFields, TemplateRenderer, valueAt } from './render';
import { RepoAccess, RepoTree } from './repoTree';
import { APPSET_CODES, AppSetContext, AppSetDocument, AppSetProblem, ExpandResult, GeneratedApplication, YamlPath } from './types';

const FINALIZER = 'resources-finalizer.argocd.argoproj.io';
/** Fields whose leftover `{{x}}` (fasttemplate keeps unknown tags) makes an Application wrong, not just odd. */
const CHECKED_FIELDS: YamlPath[] = [['metadata', 'name'], ['metadata', 'namespace'], ['spec', 'project'], ['spec', 'destination', 'server'], ['spec', 'destination', 'name'], ['spec', 'destination', 'namespace'], ['spec', 'source', 'repoURL'], ['spec', 'source', 'path'], ['spec', 'source', 'targetRevision']];

export async function expandApplicationSet(doc: AppSetDocument, context: AppSetContext): Promise<ExpandResult> {
  const result: ExpandResult = { applications: [], problems: [], notExpanded: [], preserveResourcesOnDeletion: false };
  try {
    await expandInto(doc, context, result);
  } catch (err) {
    // A bug here must not take the caller down: report it on the document.
    result.problems.push({ code: APPSET_CODES.generator, severity: 'error', message: `Internal error while expanding: ${err instanceof Error ? err.message : String(err)}`, path: ['kind'] });
  }
  await attachRanges(doc, context, result);
  return result;
}

async function expandInto(doc: AppSetDocument, ctx: AppSetContext, result: ExpandResult): Promise<void> {
  const v = doc.value;
  const problem = (code: string, severity: AppSetProblem['severity'], message: string, path: YamlPath) => result.problems.push({ code, severity, message, path });
  if (!isPlainMap(v) || v.kind !== 'ApplicationSet' || !isPlainMap(v.spec)) {
    problem(APPSET_CODES.generator, 'error', 'Not an ApplicationSet with a spec.', ['kind']);
    return;
  }
  const spec = v.spec;
  const namespace = isPlainMap(v.metadata) && typeof v.metadata.namespace === 'string' ? v.metadata.namespace : undefined;
  if (isPlainMap(spec.syncPolicy)) result.syncPolicy = spec.syncPolicy;
  result.preserveResourcesOnDeletion = isPlainMap(spec.syncPolicy) && spec.syncPolicy.preserveResourcesOnDeletion === true;
  const goTemplate = spec.goTemplate === true;
  const options = Array.isArray(spec.goTemplateOptions) ? spec.goTemplateOptions.map(String) : [];
  const { missingKey, unknown } = missingKeyOption(options);
  if (unknown.length) problem(APPSET_CODES.template, 'error', `Unknown goTemplateOptions ${unknown.map((o) => JSON.stringify(o)).join(', ')}: Go's text/template knows missingkey=default|invalid|zero|error.`, ['spec', 'goTemplateOptions']);
  if (!Array.isArray(spec.generators) || spec.generators.length === 0) {
    problem(APPSET_CODES.generator, 'error', 'spec.generators is empty: the ApplicationSet generates nothing.', ['spec', 'generators']);
    return;
  }
  const renderer = new TemplateRenderer(goTemplate, missingKey);
  const repo = new RepoAccess(ctx);
  const engine = new GeneratorEngine(ctx, repo, renderer, spec.applyNestedSelectors === true);
  const specTemplate = isPlainMap(spec.template) ? spec.template : {};
  const patch = typeof spec.templatePatch === 'string' ? spec.templatePatch : undefined;

  for (let i = 0; i < spec.generators.length; i++) {
    const genPath: YamlPath = ['spec', 'generators', i];
    const params = await engine.generate(spec.generators[i], genPath, { depth: 0 });
    if (!params) continue;
    const gen = spec.generators[i] as Record<string, unknown>;
    const kind = [...TERMINAL, 'matrix', 'merge', ...CONTROLLER_ONLY].find((k) => isPlainMap(gen[k]) || gen[k] !== undefined) ?? 'list';
    const genTemplate = isPlainMap(gen[kind]) && isPlainMap((gen[kind] as Record<string, unknown>).template) ? ((gen[kind] as Record<string, unknown>).template as Record<string, unknown>) : {};
    const template = mergeZeroFields(structuredClone(genTemplate), specTemplate) as Record<string, unknown>;
    // Which document field a rendered template field came from: the generator's template wins.
    const origin = (p: YamlPath): YamlPath => {
      const own = valueAt(genTemplate, p);
      return own !== undefined && own !== '' ? [...genPath, kind, 'template', ...p] : ['spec', 'template', ...p];
    };
    for (const p of params) {
      const app = renderApplication(template, p, renderer, patch, namespace, result.preserveResourcesOnDeletion, origin, problem);
      if (!app) continue;
      if (!goTemplate) leftovers(app, origin, problem);
      const sourcePaths = await checkSources(app, repo, origin, problem);
      const name = String((app.metadata as Record<string, unknown>).name ?? '');
      result.applications.push({ name, ...(namespace ? { namespace } : {}), object: app, params: plainParams(p), generatorPath: genPath, sourcePaths });
    }
  }
  result.problems.push(...engine.problems);
  result.notExpanded.push(...engine.notExpanded);
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const a of result.applications) {
    if (a.name === '') problem(APPSET_CODES.template, 'error', 'A generated Application has an empty name.', ['spec', 'template', 'metadata', 'name']);
    else if (seen.has(a.name) && !reported.has(a.name)) {
      reported.add(a.name);
      problem(APPSET_CODES.duplicateName, 'error', `ApplicationSet ${String((v.metadata as Record<string, unknown> | undefined)?.name ?? '')} contains applications with duplicate name: ${a.name} (the controller rejects the whole ApplicationSet)`, ['spec', 'template', 'metadata', 'name']);
    }
    seen.add(a.name);
  }
}

type ProblemSink = (code: string, severity: AppSetProblem['severity'], message: string, path: YamlPath) => void;

function renderApplication(
  template: Record<string, unknown>,
  params: ParamSet,
  renderer: TemplateRenderer,
  patch: string | undefined,
  namespace: string | undefined,
  preserve: boolean,
  origin: (p: YamlPath) => YamlPath,
  problem: ProblemSink,
): KubeObject | undefined {
  const meta = isPlainMap(template.metadata) ? template.metadata : {};
  const source = { metadata: pick(meta, ['name', 'namespace', 'labels', 'annotations', 'finalizers']), spec: isPlainMap(template.spec) ? template.spec : {} };
  const r = renderer.deep(source, params);
  if (!r.ok) {
    problem(APPSET_CODES.template, 'error', r.error, origin(r.path));
    return undefined;
  }
  let app = r.value as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  if (patch !== undefined) {
    const rp = renderer.replace(patch, params);
    if (!rp.ok) {
      problem(APPSET_CODES.template, 'error', `error replacing values in templatePatch: ${rp.error}`, ['spec', 'templatePatch']);
      return undefined;
    }
    let patchValue: unknown;
    try {
      patchValue = parseYaml(rp.text);
    } catch (err) {
      problem(APPSET_CODES.template, 'error', `invalid templatePatch: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, ['spec', 'templatePatch']);
      return undefined;
    }
    if (patchValue !== null && !isPlainMap(patchValue)) {
      problem(APPSET_CODES.template, 'error', 'invalid templatePatch: it must render to a mapping (metadata/spec fields).', ['spec', 'templatePatch']);
      return undefined;
    }
    if (patchValue) {
      const project = app.spec.project;
      app = strategicMerge(app as unknown as Json, patchValue as Json, undefined, { mode: 'apimachinery' }) as unknown as typeof app;
      // Argo CD keeps the template's project: a patch must not move an Application to another project.
      if (isPlainMap(app.spec)) app.spec.project = project;
    }
  }
  const metadata: Record<string, unknown> = { ...app.metadata };
  if (namespace) metadata.namespace = namespace;
  else delete metadata.namespace;
  const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
  if (!preserve && finalizers.length === 0) metadata.finalizers = [FINALIZER];
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata, spec: app.spec };
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

function leftovers(app: KubeObject, origin: (p: YamlPath) => YamlPath, problem: ProblemSink): void {
  for (const f of CHECKED_FIELDS) {
    const v = valueAt(app, f);
    if (typeof v !== 'string') continue;
    for (const tag of leftoverTags(v)) {
      problem(APPSET_CODES.template, 'warning', `No generator parameter is named "${tag}", so {{${tag}}} stays as written in ${f.join('.')}. Check the spelling, or the generator that should provide it.`, origin(f));
    }
  }
}

/** Repo-relative paths of sources in this repository; reports paths that do not exist there. */
async function checkSources(app: KubeObject, repo: RepoAccess, origin: (p: YamlPath) => YamlPath, problem: ProblemSink): Promise<string[]> {
  const spec = isPlainMap(app.spec) ? app.spec : {};
  const sources: Array<{ src: unknown; at: YamlPath }> = [{ src: spec.source, at: ['spec', 'source'] }];
  if (Array.isArray(spec.sources)) spec.sources.forEach((s, i) => sources.push({ src: s, at: ['spec', 'sources', i] }));
  const out: string[] = [];
  for (const { src, at } of sources) {
    if (!isPlainMap(src) || typeof src.repoURL !== 'string' || typeof src.path !== 'string' || src.chart !== undefined) continue;
    if (!repo.isThisRepo(src.repoURL) || src.path.includes('{{')) continue;
    const rel = posix.normalize(src.path.replace(/^\/+/, '') || '.');
    const fieldPath = origin([...at, 'path']);
    if (rel.startsWith('..')) {
      problem(APPSET_CODES.missingPath, 'error', `source.path ${JSON.stringify(src.path)} leaves the repository.`, fieldPath);
      continue;
    }
    const clean = rel === '.' ? '' : rel.replace(/\/$/, '');
    const tree = await repo.tree(src.repoURL, typeof src.targetRevision === 'string' ? src.targetRevision : undefined);
    if (!(tree instanceof RepoTree)) continue;
    if (await tree.isDirectory(clean)) out.push(clean);
    else problem(APPSET_CODES.missingPath, 'error', `Application ${String(app.metadata?.name)}: source.path "${clean}" does not exist in this repository${tree === repo.working ? '' : ` at ${String(src.targetRevision)}`}.`, fieldPath);
  }
  return out;
}

async function attachRanges(doc: AppSetDocument, ctx: AppSetContext, result: ExpandResult): Promise<void> {
  let text = ctx.text;
  if (text === undefined) {
    try {
      text = Buffer.from(await ctx.fs.readFile(posix.join(ctx.root.replace(/\\/g, '/'), doc.file))).toString('utf8');
    } catch {
      return;
    }
  }
  const t = text;
  const dedupe = new Set<string>();
  result.problems = result.problems.filter((p) => {
    const key = `${p.code}|${p.severity}|${p.message}|${JSON.stringify(p.path)}`;
    if (dedupe.has(key)) return false;
    dedupe.add(key);
    return true;
  });
  for (const p of result.problems) {
    const which = p.code === APPSET_CODES.generator ? 'key' : 'value';
    p.range = rangeOfPath(doc.file, t, doc.index, p.path, which) ?? undefined;
  }
  for (const n of result.notExpanded) n.range = rangeOfPath(doc.file, t, doc.index, n.path, 'key') ?? undefined;
}
