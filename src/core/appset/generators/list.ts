// The list generator: `elements`, then `elementsYaml`. In fasttemplate mode every element value must be a
// string (a `values` map becomes `values.KEY`), as Argo CD requires; elementsYaml items are taken as they are.
import { parse as parseYaml } from 'yaml';
import type { GeneratorEngine } from '../engine';
import { goParams, ParamSet } from '../params';
import { isPlainMap } from '../render';
import { APPSET_CODES, YamlPath } from '../types';

export async function listParams(engine: GeneratorEngine, spec: unknown, path: YamlPath): Promise<ParamSet[] | undefined> {
  if (!isPlainMap(spec)) {
    engine.problem(APPSET_CODES.generator, 'error', 'The list generator needs `elements` or `elementsYaml`.', path);
    return undefined;
  }
  const out: ParamSet[] = [];
  const elements = spec.elements ?? [];
  if (!Array.isArray(elements)) {
    engine.problem(APPSET_CODES.generator, 'error', '`elements` must be a list.', [...path, 'elements']);
    return undefined;
  }
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i];
    const at = [...path, 'elements', i];
    if (!isPlainMap(el)) {
      engine.problem(APPSET_CODES.generator, 'error', 'Each list element must be a mapping of parameter names to values.', at);
      return undefined;
    }
    if (engine.goTemplate) {
      out.push(goParams(el));
      continue;
    }
    const params: ParamSet = {};
    for (const [k, v] of Object.entries(el)) {
      if (k === 'values' && isPlainMap(v)) {
        for (const [vk, vv] of Object.entries(v)) {
          if (typeof vv !== 'string') return notString(engine, [...at, 'values', vk], `values.${vk}`);
          params[`values.${vk}`] = vv;
        }
      } else if (typeof v === 'string') params[k] = v;
      else return notString(engine, [...at, k], k);
    }
    out.push(params);
  }
  if (typeof spec.elementsYaml === 'string' && spec.elementsYaml.trim() !== '') {
    let items: unknown;
    try {
      items = parseYaml(spec.elementsYaml);
    } catch (err) {
      engine.problem(APPSET_CODES.generator, 'error', `elementsYaml is not YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, [...path, 'elementsYaml']);
      return undefined;
    }
    if (!Array.isArray(items) || !items.every(isPlainMap)) {
      engine.problem(APPSET_CODES.generator, 'error', 'elementsYaml must render to a list of mappings.', [...path, 'elementsYaml']);
      return undefined;
    }
    for (const it of items) out.push(goParams(it));
  }
  if (out.length === 0) engine.problem(APPSET_CODES.generator, 'warning', 'This list generator has no elements, so it generates no Applications.', path);
  return out;
}

function notString(engine: GeneratorEngine, path: YamlPath, key: string): undefined {
  engine.problem(
    APPSET_CODES.generator,
    'error',
    `List element value "${key}" is not a string; without goTemplate Argo CD fails this generator ("error parsing value as string"). Quote the value or set goTemplate: true.`,
    path,
  );
  return undefined;
}
