// Flux post-build variable substitution, as kustomize-controller does it: on each rendered object's YAML,
// `${VAR}`, `${VAR:=default}` / `${VAR:-default}` (default when unset or empty), `${VAR=default}` /
// `${VAR-default}` (default when unset), and `$${VAR}` for a literal `${VAR}`. Unset variables become
// empty strings (strict mode reports them instead). Objects annotated
// `kustomize.toolkit.fluxcd.io/substitute: disabled` are left alone.
import { load } from 'js-yaml';
import { Json, JsonMap, isMap } from '../merge/strategicMerge';
import { stringifyObject } from '../kustomize/yamlOutput';

export const VAR_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

export class SubstitutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubstitutionError';
  }
}

/** Substitutes variables in one text. */
export function substituteText(text: string, vars: Record<string, string>, strict = false): string {
  return text.replace(/\$(\$?)\{([^}]*)\}/g, (whole, escape: string, body: string) => {
    if (escape) return whole.slice(1);
    const m = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])(.*))?$/s.exec(body);
    if (!m) throw new SubstitutionError(`invalid variable expression '\${${body}}'`);
    const [, name, op, fallback] = m;
    const has = Object.prototype.hasOwnProperty.call(vars, name);
    const value = has ? vars[name] : undefined;
    if (op === ':=' || op === ':-') return value === undefined || value === '' ? fallback : value;
    if (op === '=' || op === '-') return value === undefined ? fallback : value;
    if (value === undefined) {
      if (strict) throw new SubstitutionError(`variable '${name}' is not set`);
      return '';
    }
    return value;
  });
}

/** Applies substitution to every object (through its YAML, so `replicas: ${N}` becomes a number). */
export function substituteObjects(objects: JsonMap[], vars: Record<string, string>, strict = false): JsonMap[] {
  return objects.map((o) => {
    const md = isMap(o.metadata) ? o.metadata : {};
    const ann = isMap(md.annotations) ? md.annotations : {};
    if (ann['kustomize.toolkit.fluxcd.io/substitute'] === 'disabled') return o;
    const text = stringifyObject(o as Json);
    if (!text.includes('${')) return o;
    const out = load(substituteText(text, vars, strict));
    if (!isMap(out as Json)) throw new SubstitutionError('substitution produced a document that is not a mapping');
    return out as JsonMap;
  });
}
