// `values` on the git and clusters generators: each value is itself a template over the generator's
// parameters, added as `values.KEY` (fasttemplate) or under `.values` (Go templates).
import type { GeneratorEngine } from '../engine';
import { GoMap } from '../gotemplate/values';
import { ParamSet } from '../params';
import { APPSET_CODES, YamlPath } from '../types';

/** Adds the rendered values to `params`; false (with a problem) when one does not render. */
export function appendTemplatedValues(engine: GeneratorEngine, values: Record<string, unknown>, params: ParamSet, path: YamlPath): boolean {
  const rendered: GoMap = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') {
      engine.problem(APPSET_CODES.generator, 'error', `Value "${k}" must be a string.`, [...path, k]);
      return false;
    }
    const r = engine.renderer.replace(v, params);
    if (!r.ok) {
      engine.problem(APPSET_CODES.template, 'error', `failed to append templated values: ${r.error}`, [...path, k]);
      return false;
    }
    rendered[k] = r.text;
  }
  if (Object.keys(rendered).length === 0) return true;
  if (engine.goTemplate) params.values = rendered;
  else for (const [k, v] of Object.entries(rendered)) params[`values.${k}`] = v;
  return true;
}
