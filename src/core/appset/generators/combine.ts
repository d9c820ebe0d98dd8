// matrix (the cartesian product of two children; the second may use the first's parameters) and merge
// (the first child's parameter sets, overridden by later children's sets that share the mergeKeys).
import type { GeneratorEngine } from '../engine';
import { goJson } from '../gotemplate/encode';
import { ParamSet } from '../params';
import { isPlainMap, mergeOverride } from '../render';
import { APPSET_CODES, YamlPath } from '../types';

function children(engine: GeneratorEngine, spec: unknown, path: YamlPath, kind: string): unknown[] | undefined {
  const gens = isPlainMap(spec) ? spec.generators : undefined;
  if (!Array.isArray(gens)) {
    engine.problem(APPSET_CODES.generator, 'error', `The ${kind} generator needs \`generators\`.`, path);
    return undefined;
  }
  return gens;
}

/** Children of a nested matrix/merge lose their selectors unless spec.applyNestedSelectors is set. */
function childOptions(engine: GeneratorEngine, depth: number) {
  return { depth, ignoreSelector: depth >= 2 && !engine.applyNestedSelectors };
}

export async function matrixParams(engine: GeneratorEngine, spec: unknown, path: YamlPath, depth: number): Promise<ParamSet[] | undefined> {
  const gens = children(engine, spec, path, 'matrix');
  if (!gens) return undefined;
  if (gens.length !== 2) {
    engine.problem(APPSET_CODES.generator, 'error', gens.length < 2 ? 'found less than two generators, Matrix support only two' : 'found more than two generators, Matrix support only two', [...path, 'generators']);
    return undefined;
  }
  const first = await engine.generate(gens[0], [...path, 'generators', 0], childOptions(engine, depth));
  if (!first) return undefined;
  const out: ParamSet[] = [];
  // The second child is generated once per first-child parameter set only when it uses them.
  const usesParams = JSON.stringify(gens[1]).includes('{{');
  let shared: ParamSet[] | undefined;
  for (const a of first) {
    const second = usesParams || !shared ? await engine.generate(gens[1], [...path, 'generators', 1], { ...childOptions(engine, depth), ...(usesParams ? { interpolate: a } : {}) }) : shared;
    if (!second) return undefined;
    if (!usesParams) shared = second;
    for (const b of second) {
      if (engine.goTemplate) {
        out.push(mergeOverride(b, a));
        continue;
      }
      const combined: ParamSet = { ...a };
      for (const [k, v] of Object.entries(b)) {
        if (k in combined && combined[k] !== v) {
          engine.problem(APPSET_CODES.generator, 'error', `failed to combine string maps with merging params for the matrix generator: found duplicate key ${k} with different value, a: ${String(combined[k])} ,b: ${String(v)} (use pathParamPrefix on one git generator)`, path);
          return undefined;
        }
        combined[k] = v;
      }
      out.push(combined);
    }
  }
  return out;
}

export async function mergeParams(engine: GeneratorEngine, spec: unknown, path: YamlPath, depth: number): Promise<ParamSet[] | undefined> {
  const gens = children(engine, spec, path, 'merge');
  if (!gens) return undefined;
  if (gens.length < 2) {
    engine.problem(APPSET_CODES.generator, 'error', 'found less than two generators, Merge requires two or more', [...path, 'generators']);
    return undefined;
  }
  const keys = isPlainMap(spec) && Array.isArray(spec.mergeKeys) ? [...new Set(spec.mergeKeys.map(String))].sort() : [];
  if (keys.length === 0) {
    engine.problem(APPSET_CODES.generator, 'error', 'no merge keys were specified, Merge requires at least one', path);
    return undefined;
  }
  const sets: ParamSet[][] = [];
  for (let i = 0; i < gens.length; i++) {
    const p = await engine.generate(gens[i], [...path, 'generators', i], childOptions(engine, depth));
    if (!p) return undefined;
    sets.push(p);
  }
  const byKey = (params: ParamSet[], at: YamlPath): Map<string, ParamSet> | undefined => {
    const m = new Map<string, ParamSet>();
    for (const p of params) {
      const k = goJson(Object.fromEntries(keys.map((key) => [key, p[key] ?? null])));
      if (m.has(k)) {
        engine.problem(APPSET_CODES.generator, 'error', `the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${k}`, at);
        return undefined;
      }
      m.set(k, p);
    }
    return m;
  };
  // Argo CD returns the merged sets in a map's order; Reconcile keeps the first generator's order.
  const base = byKey(sets[0], [...path, 'generators', 0]);
  if (!base) return undefined;
  for (let i = 1; i < sets.length; i++) {
    const over = byKey(sets[i], [...path, 'generators', i]);
    if (!over) return undefined;
    for (const [k, b] of base) {
      const o = over.get(k);
      if (o) base.set(k, engine.goTemplate ? mergeOverride(b, o) : { ...b, ...o });
    }
  }
  return [...base.values()];
}
