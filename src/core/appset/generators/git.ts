// The git generator, offline: directories (path.Match include/exclude items, excludes always win) and
// files (JSON/YAML; a list yields one parameter set per item), read from this repository's working tree
// or, for another revision, from that ref's tree when it exists locally.
import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { GeneratorEngine } from '../engine';
import { toGoValue } from '../gotemplate/values';
import { sanitizeName } from '../gotemplate/sprig';
import { goPathMatch, BadPatternError } from '../pathMatch';
import { flattenParams, ParamSet } from '../params';
import { isPlainMap } from '../render';
import { RepoTree } from '../repoTree';
import { APPSET_CODES, YamlPath } from '../types';
import { appendTemplatedValues } from './values';

interface PathItem {
  path: string;
  exclude: boolean;
  at: YamlPath;
}

function items(engine: GeneratorEngine, raw: unknown, path: YamlPath): PathItem[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: PathItem[] = [];
  raw.forEach((it, i) => {
    if (isPlainMap(it) && typeof it.path === 'string') out.push({ path: it.path, exclude: it.exclude === true, at: [...path, i, 'path'] });
    else engine.problem(APPSET_CODES.generator, 'error', 'Each item needs a `path` string.', [...path, i]);
  });
  return out;
}

export async function gitParams(engine: GeneratorEngine, spec: unknown, path: YamlPath): Promise<ParamSet[] | undefined> {
  if (!isPlainMap(spec) || typeof spec.repoURL !== 'string' || spec.repoURL === '') {
    engine.problem(APPSET_CODES.generator, 'error', 'The git generator needs a `repoURL`.', path);
    return undefined;
  }
  const dirs = items(engine, spec.directories, [...path, 'directories']);
  const files = items(engine, spec.files, [...path, 'files']);
  if (!dirs?.length && !files?.length) {
    engine.problem(APPSET_CODES.generator, 'error', 'The git generator needs `directories` or `files`.', path);
    return undefined;
  }
  const revision = typeof spec.revision === 'string' ? spec.revision : undefined;
  const tree = await engine.repo.tree(spec.repoURL, revision);
  if (!(tree instanceof RepoTree)) {
    engine.notExpanded.push({ generator: 'git', path, reason: tree.reason });
    return undefined;
  }
  for (const it of [...(dirs ?? []), ...(files ?? [])]) {
    if (it.path.startsWith('/') || it.path.split('/').includes('..')) {
      engine.problem(APPSET_CODES.generator, 'error', `Path ${JSON.stringify(it.path)} must be relative to the repository root and stay inside it.`, it.at);
      return undefined;
    }
  }
  const prefix = typeof spec.pathParamPrefix === 'string' ? spec.pathParamPrefix : '';
  const values = isPlainMap(spec.values) ? spec.values : {};
  const found = dirs?.length ? await directoryPaths(engine, tree, dirs) : await filePaths(engine, tree, files ?? []);
  if (!found) return undefined;
  const out: ParamSet[] = [];
  for (const f of found) {
    let objects: unknown[] = [{}];
    if (!dirs?.length) {
      const parsed = await parseFile(tree, f);
      if ('error' in parsed) {
        engine.problem(APPSET_CODES.generator, 'error', `unable to process file '${f}': ${parsed.error}`, [...path, 'files']);
        return undefined;
      }
      objects = parsed.objects;
    }
    for (const obj of objects) {
      const params = dirs?.length ? directoryParams(engine.goTemplate, f, prefix) : fileParams(engine.goTemplate, f, obj as Record<string, unknown>, prefix);
      if (!appendTemplatedValues(engine, values, params, [...path, 'values'])) return undefined;
      out.push(params);
    }
  }
  if (out.length === 0) {
    const what = dirs?.length ? 'directory' : 'file';
    engine.problem(APPSET_CODES.generator, 'warning', `No ${what} in this repository matches, so this git generator generates no Applications.`, [...path, dirs?.length ? 'directories' : 'files']);
  }
  return out;
}

async function directoryPaths(engine: GeneratorEngine, tree: RepoTree, dirs: PathItem[]): Promise<string[] | undefined> {
  for (const d of dirs) {
    try {
      goPathMatch(d.path, '');
    } catch (err) {
      if (!(err instanceof BadPatternError)) throw err;
      // Argo CD logs the bad pattern and matches nothing with it.
      engine.problem(APPSET_CODES.generator, 'warning', `${err.message}: this item matches nothing.`, d.at);
    }
  }
  const safe = (p: string, name: string) => {
    try {
      return goPathMatch(p, name);
    } catch {
      return false;
    }
  };
  const includes = dirs.filter((d) => !d.exclude).map((d) => d.path);
  const excludes = dirs.filter((d) => d.exclude).map((d) => d.path);
  const all = await tree.directories(includes);
  return all.filter((p) => includes.some((i) => safe(i, p)) && !excludes.some((e) => safe(e, p)));
}

async function filePaths(engine: GeneratorEngine, tree: RepoTree, files: PathItem[]): Promise<string[]> {
  const doublestar = engine.ctx.newGitFileGlobbing === true;
  const found = new Set<string>();
  for (const f of files.filter((x) => !x.exclude)) for (const p of await tree.files(f.path, doublestar)) found.add(p);
  for (const f of files.filter((x) => x.exclude)) for (const p of await tree.files(f.path, doublestar)) found.delete(p);
  return [...found].sort();
}

async function parseFile(tree: RepoTree, file: string): Promise<{ objects: unknown[] } | { error: string }> {
  let text: string;
  try {
    text = await tree.readText(file);
  } catch (err) {
    return { error: `unable to read file: ${err instanceof Error ? err.message : String(err)}` };
  }
  // sigs.k8s.io/yaml reads the first document; an empty file is an empty object.
  const doc = parseAllDocuments(text)[0];
  if (!doc || !('errors' in doc)) return { objects: [{}] };
  if (doc.errors.length) return { error: `unable to parse file: ${doc.errors[0].message.split('\n')[0]}` };
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (value === null || value === undefined) return { objects: [{}] };
  if (isPlainMap(value)) return { objects: [value] };
  if (Array.isArray(value) && value.every(isPlainMap)) return { objects: value };
  return { error: 'unable to parse file: the file must hold a mapping or a list of mappings' };
}

function pathSegments(p: string): string[] {
  return p.split('/');
}

function directoryParams(goTemplate: boolean, dir: string, prefix: string): ParamSet {
  const base = posix.basename(dir);
  if (goTemplate) {
    const p = { path: dir, basename: base, basenameNormalized: sanitizeName(base), segments: pathSegments(dir) };
    return prefix ? { [prefix]: { path: p } } : { path: p };
  }
  const name = prefix ? `${prefix}.path` : 'path';
  const params: ParamSet = { [name]: dir, [`${name}.basename`]: base, [`${name}.basenameNormalized`]: sanitizeName(base) };
  pathSegments(dir).forEach((s, i) => {
    if (s) params[`${name}[${i}]`] = s;
  });
  return params;
}

function fileParams(goTemplate: boolean, file: string, obj: Record<string, unknown>, prefix: string): ParamSet {
  const dir = posix.dirname(file);
  const base = posix.basename(dir);
  const filename = posix.basename(file);
  if (goTemplate) {
    const params = toGoValue(obj) as ParamSet;
    const p = { path: dir, basename: base, filename, basenameNormalized: sanitizeName(base), filenameNormalized: sanitizeName(filename), segments: pathSegments(dir) };
    if (prefix) params[prefix] = { path: p };
    else params.path = p;
    return params;
  }
  const params: ParamSet = { ...flattenParams(toGoValue(obj) as ParamSet) };
  const name = prefix ? `${prefix}.path` : 'path';
  params[name] = dir;
  params[`${name}.basename`] = base;
  params[`${name}.filename`] = filename;
  params[`${name}.basenameNormalized`] = sanitizeName(base);
  params[`${name}.filenameNormalized`] = sanitizeName(filename);
  pathSegments(dir).forEach((s, i) => {
    if (s) params[`${name}[${i}]`] = s;
  });
  return params;
}
