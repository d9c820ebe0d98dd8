// How Go values look from JavaScript, for the template interpreter. ApplicationSet parameters come from
// JSON/YAML, which Go decodes into interface{} values: numbers are float64, so a JS `number` stands for a
// float64 and a `bigint` for a Go int (template literals, len, sprig arithmetic). The difference shows:
// Go prints float64 1000000 as 1e+06 and refuses `eq 3.0 3` ("incompatible types for comparison").

/** Go's invalid reflect.Value: a missing map key or a nil that was dug out of an interface ("<no value>"). */
export const NO_VALUE: unique symbol = Symbol('no value');

export type GoValue = string | number | bigint | boolean | null | GoValue[] | GoMap | typeof NO_VALUE;
export interface GoMap {
  [key: string]: GoValue;
}

export function isGoMap(v: unknown): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's type name as text/template error messages print it. */
export function goTypeName(v: GoValue): string {
  if (v === NO_VALUE || v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** text/template's truth: the zero value of a type, and empty containers, are false. */
export function isTrue(v: GoValue): boolean {
  if (v === NO_VALUE || v === null) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v).length > 0;
}

/** strconv.FormatFloat(v, 'g', -1, 64): shortest digits, exponent form when the exponent is < -4 or >= 6. */
export function formatFloatG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expText] = v.toExponential().split('e');
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${neg ? '-' : ''}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  let s: string;
  if (exp < 0) s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  else if (exp + 1 >= digits.length) s = digits + '0'.repeat(exp + 1 - digits.length);
  else s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return (neg ? '-' : '') + s;
}

/** fmt's %v: what `{{ . }}` prints. Maps print with sorted keys, as Go's fmt does. */
export function formatValue(v: GoValue): string {
  if (v === NO_VALUE) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatFloatG(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  return `map[${Object.keys(v)
    .sort()
    .map((k) => `${k}:${formatValue(v[k])}`)
    .join(' ')}]`;
}

/** Plain JSON-ish data (what YAML/JSON parsers return) as Go values: every number becomes a float64. */
export function toGoValue(v: unknown): GoValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (Array.isArray(v)) return v.map(toGoValue);
  if (typeof v === 'object') {
    const out: GoMap = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toGoValue(x);
    return out;
  }
  return String(v);
}

/** Go values back to plain data (ints become numbers; a missing value becomes null). */
export function fromGoValue(v: GoValue): unknown {
  if (v === NO_VALUE) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(fromGoValue);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromGoValue(x);
    return out;
  }
  return v;
}
