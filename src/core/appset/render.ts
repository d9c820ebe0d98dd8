// Rendering one parameter set into strings, generator specs and Application templates, in either of
// Argo CD's template modes. Like the controller, every string (and every map key) is its own template;
// non-string values are copied. Go templates are parsed once per distinct string and reused.
import { renderFastTemplate } from './fasttemplate';
import { GoTemplate } from './gotemplate/template';
import { MissingKey } from './gotemplate/exec';
import { GoValue, isGoMap } from './gotemplate/values';
import { ParamSet } from './params';
import { YamlPath } from './types';

export type Rendered = { ok: true; text: string } | { ok: false; error: string };

export class TemplateRenderer {
  private readonly cache = new Map<string, GoTemplate | { error: string }>();

  constructor(
    readonly goTemplate: boolean,
    readonly missingKey: MissingKey,
  ) {}

  /** Render.Replace: one string against one parameter set. */
  replace(text: string, params: ParamSet): Rendered {
    if (!this.goTemplate) return renderFastTemplate(text, params);
    if (!text.includes('{{')) return { ok: true, text };
    let t = this.cache.get(text);
    if (!t) {
      t = GoTemplate.parse(text);
      this.cache.set(text, t);
    }
    if (!(t instanceof GoTemplate)) return { ok: false, error: `failed to parse template ${text}: ${t.error}` };
    const r = t.execute(params, this.missingKey);
    return r.ok ? r : { ok: false, error: `failed to execute go template ${text}: ${r.error}` };
  }

  /**
   * Every string and key below `value` rendered; the first failure stops, with the YAML path (relative to
   * `value`) of the string that failed.
   */
  deep(value: unknown, params: ParamSet): { ok: true; value: unknown } | { ok: false; error: string; path: YamlPath } {
    try {
      return { ok: true, value: this.deepOrThrow(value, params) };
    } catch (err) {
      if (err instanceof DeepRenderError) return { ok: false, error: err.message, path: err.path };
      throw err;
    }
  }

  // Paths are built only while a failure unwinds: the common, successful render allocates none.
  private deepOrThrow(value: unknown, params: ParamSet): unknown {
    if (typeof value === 'string') {
      const r = this.replace(value, params);
      if (!r.ok) throw new DeepRenderError(r.error);
      return r.text;
    }
    if (Array.isArray(value)) {
      return value.map((v, i) => {
        try {
          return this.deepOrThrow(v, params);
        } catch (err) {
          if (err instanceof DeepRenderError) err.path.unshift(i);
          throw err;
        }
      });
    }
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        // Go drops nil map values before templating them.
        if (v === null || v === undefined) continue;
        try {
          const rendered = this.deepOrThrow(v, params);
          const key = this.replace(k, params);
          if (!key.ok) throw new DeepRenderError(key.error);
          out[key.text] = rendered;
        } catch (err) {
          if (err instanceof DeepRenderError) err.path.unshift(k);
          throw err;
        }
      }
      return out;
    }
    return value;
  }
}

class DeepRenderError extends Error {
  readonly path: YamlPath = [];
}

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** mergo.Merge(dst, src): fills what `dst` leaves zero from `src`, recursively through maps. */
export function mergeZeroFields(dst: unknown, src: unknown): unknown {
  if (isZero(dst)) return src === undefined ? dst : structuredClone(src);
  if (isPlainMap(dst) && isPlainMap(src)) {
    const out: Record<string, unknown> = { ...dst };
    for (const [k, v] of Object.entries(src)) out[k] = mergeZeroFields(out[k], v);
    return out;
  }
  return dst;
}

/** mergo.Merge(dst, src, WithOverride) for Go-template parameter maps: src wins, maps merge deeply. */
export function mergeOverride(dst: ParamSet, src: ParamSet): ParamSet {
  const out: ParamSet = { ...dst };
  for (const [k, v] of Object.entries(src)) {
    const d = out[k];
    out[k] = isGoMap(d) && isGoMap(v) ? mergeOverride(d, v) : isZeroGo(v) && d !== undefined ? d : v;
  }
  return out;
}

function isZeroGo(v: GoValue): boolean {
  return v === null || v === '' || v === false || v === 0 || v === 0n;
}

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a YAML path, or undefined. */
export function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (isPlainMap(v)) v = v[String(seg)];
    else return undefined;
  }
  return v;
}
