// Parameter sets: flattening (jeremywohl/flatten, dot style) as Argo CD does for fasttemplate mode and
// for generator selectors, label selectors over them, and Argo CD's name sanitising.
import { formatValue, fromGoValue, GoValue, isGoMap, toGoValue } from './gotemplate/values';

export type ParamSet = Record<string, GoValue>;

/** `{a: {b: 1}, l: [x]}` → `{"a.b": "1", "l.0": "x"}` with values printed like Go's %v. */
export function flattenParams(params: ParamSet): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (prefix: string, v: GoValue) => {
    if (isGoMap(v) && Object.keys(v).length > 0) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else if (Array.isArray(v) && v.length > 0) v.forEach((x, i) => walk(prefix ? `${prefix}.${i}` : String(i), x));
    else if (prefix) out[prefix] = formatValue(v);
  };
  walk('', params);
  return out;
}

export interface LabelSelector {
  matchLabels?: Record<string, unknown>;
  matchExpressions?: Array<{ key?: unknown; operator?: unknown; values?: unknown }>;
}

export function isEmptySelector(s: LabelSelector | undefined): boolean {
  return !s || (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0);
}

/** Kubernetes label-selector semantics over a string map; an unknown operator is an error value. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean | { error: string } {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== String(v)) return false;
  for (const e of selector.matchExpressions ?? []) {
    const key = String(e.key ?? '');
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return { error: `${JSON.stringify(e.operator)} is not a valid label selector operator` };
    }
  }
  return true;
}

/** Go params to plain data for results. */
export function plainParams(p: ParamSet): Record<string, unknown> {
  return fromGoValue(p) as Record<string, unknown>;
}

export function goParams(v: Record<string, unknown>): ParamSet {
  const g = toGoValue(v);
  return isGoMap(g) ? g : {};
}
