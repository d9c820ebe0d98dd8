// Runs a compiled schema over one object and turns ajv's errors into problems a person can act on.
import type { ErrorObject } from 'ajv';
import { ResolvedSchema } from './schemas/schemaRegistry';
import { formatPath, pathFromPointer, Problem, YamlPath } from './problem';
import { closestName } from './closestName';
import { YAML11_BOOLEAN } from './rules/yaml11';

export interface SchemaCheckOptions {
  /** Kustomize patches are partial objects: missing required fields are expected. */
  lenient: boolean;
  /** Where the object sits in its document (e.g. ['items', 3] for an item of a List). */
  prefix: YamlPath;
  kindLabel: string;
}

/** Kubernetes treats an explicit null as "not set"; validating without them matches what the server accepts. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = withoutNulls(value[i]);
      if (v !== value[i]) (copy ??= value.slice())[i] = v;
    }
    return copy ?? value;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const k in obj) {
      const v = obj[k];
      if (v === null) {
        copy ??= { ...obj };
        delete copy[k];
      } else if (typeof v === 'object') {
        const w = withoutNulls(v);
        if (w !== v) (copy ??= { ...obj })[k] = w;
      }
    }
    return copy ?? value;
  }
  return value;
}

const FLUX_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*[^}]*\}/;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function describeType(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => (x === 'object' ? 'mapping' : x === 'array' ? 'list' : String(x))).join(' or ');
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let node = value;
  for (const seg of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
  return node;
}

function propertyNames(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

export function schemaProblems(resolved: ResolvedSchema, object: unknown, options: SchemaCheckOptions): Problem[] {
  const value = withoutNulls(object);
  if (resolved.validate(value)) return [];
  const errors = resolved.validate.errors ?? [];
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // Branch failures inside anyOf/oneOf are noise; the combinator's own error says it once.
    if (/\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath)) continue;
    const p = toProblem(e, value, options);
    if (!p) continue;
    const key = `${p.code}|${p.path.join('/')}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

function toProblem(e: ErrorObject, value: unknown, options: SchemaCheckOptions): Problem | undefined {
  const path = pathFromPointer(e.instancePath, value);
  const at = [...options.prefix, ...path];
  const where = path.length ? formatPath(path) : options.kindLabel;
  const actual = valueAt(value, path);
  // A Flux `${VAR}` is replaced before the API server sees the value; its type cannot be judged here.
  if (typeof actual === 'string' && FLUX_VARIABLE.test(actual) && e.keyword !== 'additionalProperties' && e.keyword !== 'required') return undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      // Strategic-merge-patch directives ($patch, $setElementOrder/..., $retainKeys) are legal in patches.
      if (options.lenient && field.startsWith('$')) return undefined;
      const known = propertyNames(e.parentSchema);
      const guess = closestName(field, known);
      const hint = guess ? ` Did you mean "${guess}"?` : known.length && known.length <= 12 ? ` Allowed: ${known.join(', ')}.` : '';
      return { code: 'RC1102', message: `Unknown field "${field}" in ${where}.${hint}`, path: [...at, field], which: 'key' };
    }
    case 'required': {
      if (options.lenient) return undefined;
      const field = String((e.params as { missingProperty: string }).missingProperty);
      return { code: 'RC1103', message: `Missing required field "${field}" in ${where}.`, path: at, which: 'key' };
    }
    case 'type': {
      const want = describeType((e.params as { type: unknown }).type);
      const got = typeName(actual);
      let hint = '';
      if (want === 'string' && (got === 'integer' || got === 'number' || got === 'boolean')) hint = ` Quote it: "${String(actual)}".`;
      else if ((want === 'integer' || want === 'number' || want.startsWith('integer')) && got === 'string' && /^-?\d+(\.\d+)?$/.test(String(actual))) {
        hint = ' Remove the quotes.';
      }
      // An unquoted yes/no/on/off is a boolean to Kubernetes (YAML 1.1): fine for a boolean field if plain.
      const yaml11 = want === 'boolean' && typeof actual === 'string' && YAML11_BOOLEAN.test(actual);
      return { code: 'RC1101', message: `${where} must be ${article(want)} ${want}, not ${article(got)} ${got}.${hint}`, path: at, which: 'value', ...(yaml11 ? { unlessPlain: true } : {}) };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => String(v));
      const guess = typeof actual === 'string' ? closestName(actual, allowed) : undefined;
      return {
        code: 'RC1104',
        message: `${JSON.stringify(actual)} is not allowed for ${where}; use one of: ${allowed.join(', ')}.${guess ? ` Did you mean "${guess}"?` : ''}`,
        path: at,
        which: 'value',
      };
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      const example =
        format === 'quantity' ? ' (e.g. 500m, 2, 1.5, 128Mi, 1Gi)' : format === 'byte' ? ' (base64; use stringData for plain text)' : format === 'date-time' ? ' (RFC 3339, e.g. 2024-01-31T12:00:00Z)' : '';
      return { code: 'RC1105', message: `${JSON.stringify(actual)} is not a valid ${format} for ${where}${example}.`, path: at, which: 'value' };
    }
    default:
      return { code: 'RC1106', message: `${where} ${e.message ?? 'violates the schema'}.`, path: at, which: 'value' };
  }
}

/** "a" or "an" before a type name (an integer, an object, an array). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
