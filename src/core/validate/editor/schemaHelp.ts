// Hover and completion content from the schema of the document's kind. Plain data; the VS Code adapter
// turns it into Hover and CompletionItem objects.
import { isObject } from '../../index/classify';
import { IndexedDocument } from '../../index/model';
import { JsonSchema } from '../schemas/bundleFormat';
import { schemaAtPath, schemaTypes } from '../schemas/schemaWalk';
import { Validator } from '../validator';
import { formatPath, YamlPath } from '../problem';

export interface FieldHelp {
  path: YamlPath;
  /** e.g. `string`, `integer | string`, `[]Container`, `map[string]string`. */
  type: string;
  description?: string;
  required: boolean;
  enum?: string[];
}

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value';
  detail: string;
  documentation?: string;
  required?: boolean;
}

type Obj = Record<string, unknown>;

/** The kind schema for a document (a List item when the path starts with items[i]). */
function rootFor(validator: Validator, doc: IndexedDocument, path: YamlPath): { schema: JsonSchema; rest: YamlPath } | undefined {
  const v = doc.value;
  if (!isObject(v)) return undefined;
  if (typeof v.kind === 'string' && /List$/.test(v.kind) && path[0] === 'items' && typeof path[1] === 'number' && Array.isArray(v.items)) {
    const item = v.items[path[1]];
    if (isObject(item) && typeof item.apiVersion === 'string' && typeof item.kind === 'string') {
      const r = validator.registry.resolve(item.apiVersion, item.kind);
      return r ? { schema: r.schema, rest: path.slice(2) } : undefined;
    }
  }
  if (typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') return undefined;
  const r = validator.registry.resolve(v.apiVersion, v.kind);
  return r ? { schema: r.schema, rest: path } : undefined;
}

function typeLabel(validator: Validator, schema: JsonSchema | undefined, depth = 0): string {
  if (!schema) return 'any';
  const s = validator.registry.resolveRef(schema);
  const types = schemaTypes(s);
  if (types.includes('array') && isObject(s.items) && depth < 2) return `[]${itemName(validator, s.items as JsonSchema) ?? typeLabel(validator, s.items as JsonSchema, depth + 1)}`;
  if (types.includes('object') && isObject(s.additionalProperties) && !s.properties && depth < 2) return `map[string]${typeLabel(validator, s.additionalProperties as JsonSchema, depth + 1)}`;
  if (types.length === 0 && (s.properties || s.$ref)) return 'object';
  return types.join(' | ') || 'any';
}

/** `Container` for a `$ref` to io.k8s.api.core.v1.Container. */
function itemName(_validator: Validator, schema: JsonSchema): string | undefined {
  return typeof schema.$ref === 'string' ? schema.$ref.slice(schema.$ref.lastIndexOf('.') + 1) : undefined;
}

export function fieldHelp(validator: Validator, doc: IndexedDocument, path: YamlPath): FieldHelp | undefined {
  const root = rootFor(validator, doc, path);
  if (!root || root.rest.length === 0) return undefined;
  const parent = schemaAtPath(validator.registry, root.schema, root.rest.slice(0, -1));
  const last = root.rest[root.rest.length - 1];
  const raw = typeof last === 'number' ? (isObject(parent?.items) ? (parent?.items as JsonSchema) : undefined) : isObject(parent?.properties) ? ((parent?.properties as Obj)[last] as JsonSchema | undefined) : undefined;
  const schema = schemaAtPath(validator.registry, root.schema, root.rest);
  if (!schema) return undefined;
  const description = (typeof raw?.description === 'string' ? raw.description : undefined) ?? (typeof schema.description === 'string' ? schema.description : undefined);
  const required = typeof last === 'string' && Array.isArray(parent?.required) && (parent?.required as unknown[]).includes(last);
  return {
    path,
    type: typeLabel(validator, raw ?? schema),
    description,
    required,
    enum: Array.isArray(schema.enum) ? schema.enum.map(String) : undefined,
  };
}

/** Keys the mapping at `path` may still take (minus those present), required ones first. */
export function keyCompletions(validator: Validator, doc: IndexedDocument, path: YamlPath, present: ReadonlySet<string>): CompletionEntry[] {
  const root = rootFor(validator, doc, path.length ? path : []);
  if (!root) return [];
  const schema = schemaAtPath(validator.registry, root.schema, root.rest);
  const props = isObject(schema?.properties) ? (schema?.properties as Record<string, JsonSchema>) : undefined;
  if (!props) return [];
  const required = new Set(Array.isArray(schema?.required) ? (schema?.required as unknown[]).map(String) : []);
  return Object.entries(props)
    .filter(([name]) => !present.has(name) && name !== 'status')
    .map(([name, s]) => ({
      label: name,
      kind: 'property' as const,
      detail: `${typeLabel(validator, s)}${required.has(name) ? ' (required)' : ''}`,
      documentation: typeof s.description === 'string' ? s.description : typeof validator.registry.resolveRef(s).description === 'string' ? String(validator.registry.resolveRef(s).description) : undefined,
      required: required.has(name),
    }))
    .sort((a, b) => Number(b.required) - Number(a.required) || a.label.localeCompare(b.label));
}

/** Values for the field at `path`: its enum, or true/false for booleans. */
export function valueCompletions(validator: Validator, doc: IndexedDocument, path: YamlPath): CompletionEntry[] {
  const help = fieldHelp(validator, doc, path);
  if (!help) return [];
  const values = help.enum ?? (help.type === 'boolean' ? ['true', 'false'] : []);
  return values.map((v) => ({ label: v, kind: 'value' as const, detail: `${formatPath(path)}: ${help.type}` }));
}
