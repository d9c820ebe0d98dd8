// Kubernetes OpenAPI v2 (swagger.json) → compact, strict JSON Schema definitions, one table per release.
// Strictness follows kubeconform -strict: objects that list their properties reject unknown ones, unless
// Kubernetes marks them `x-kubernetes-preserve-unknown-fields`.
import { JsonSchema, KubernetesSchemaFile } from './bundleFormat';
import { enumFromDescription } from './enums';

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Annotations worth keeping: hover/completion need descriptions; the render stage wants merge keys. */
const KEPT_EXTENSIONS = new Set([
  'x-kubernetes-group-version-kind',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
]);

/** Formats we check. Others (int32, int64, double, ipv4, duration, ...) the API server does not enforce in a way users meet. */
export const CHECKED_FORMATS = new Set(['date-time', 'byte', 'quantity']);

export interface ConvertOptions {
  /** Keep `description` texts (hover). */
  descriptions: boolean;
}

/** Converts one schema node. `swagger` definitions and CRD `openAPIV3Schema`s share this walk. */
export function convertSchemaNode(node: unknown, options: ConvertOptions): JsonSchema {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return {};
  const src = node as Record<string, unknown>;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(src)) {
    switch (key) {
      case '$ref':
      case 'type':
      case 'required':
      case 'enum':
      case 'minItems':
      case 'maxItems':
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'minLength':
      case 'maxLength':
      case 'minProperties':
      case 'maxProperties':
      case 'uniqueItems':
      case 'nullable':
        out[key] = value;
        break;
      case 'pattern':
        // CRD patterns are Go RE2; one JavaScript cannot compile is dropped rather than failing the whole kind.
        if (typeof value === 'string' && compiles(value)) out.pattern = value;
        break;
      case 'description':
        if (options.descriptions && typeof value === 'string') out.description = value;
        break;
      case 'format':
        if (typeof value === 'string' && CHECKED_FORMATS.has(value)) out.format = value;
        break;
      case 'properties':
        if (value && typeof value === 'object') {
          const props: Record<string, JsonSchema> = {};
          for (const [name, child] of Object.entries(value as Record<string, unknown>)) props[name] = convertSchemaNode(child, options);
          out.properties = props;
        }
        break;
      case 'items':
        out.items = Array.isArray(value) ? value.map((v) => convertSchemaNode(v, options)) : convertSchemaNode(value, options);
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof value === 'boolean' ? value : convertSchemaNode(value, options);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        if (Array.isArray(value)) out[key] = value.map((v) => convertSchemaNode(v, options));
        break;
      case 'not':
        out.not = convertSchemaNode(value, options);
        break;
      default:
        if (KEPT_EXTENSIONS.has(key)) out[key] = value;
    }
  }
  if (src['x-kubernetes-int-or-string'] === true || src.format === 'int-or-string') {
    // Both forms are legal, and CRD generators add an anyOf that only restates this.
    delete out.anyOf;
    delete out.oneOf;
    delete out.format;
    out.type = ['integer', 'string'];
  }
  if (out.type === 'string' && out.enum === undefined && out.format === undefined && typeof src.description === 'string') {
    const values = enumFromDescription(src.description);
    if (values) out.enum = values;
  }
  if (src['x-kubernetes-embedded-resource'] === true) {
    const props = (out.properties ??= {}) as Record<string, JsonSchema>;
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata ??= { type: 'object' };
  }
  if (out.properties && out.additionalProperties === undefined && src['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

/** The apiVersion users write for a group/version: the core group has none. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function convertSwagger(swagger: unknown, kubernetesVersion: string, options: ConvertOptions): KubernetesSchemaFile {
  const definitions = ((swagger as { definitions?: Record<string, unknown> }).definitions ?? {}) as Record<string, unknown>;
  const out: KubernetesSchemaFile = { kubernetesVersion, definitions: {}, kinds: {} };
  for (const [name, def] of Object.entries(definitions)) {
    let converted = convertSchemaNode(def, options);
    if (name === INT_OR_STRING) converted = { ...pick(converted, 'description'), type: ['integer', 'string'] };
    // Quantities are written as `512Mi` or as plain numbers (`cpu: 2`); strings get the quantity grammar.
    if (name === QUANTITY) converted = { ...pick(converted, 'description'), type: ['string', 'number'], format: 'quantity' };
    out.definitions[name] = converted;
    const gvks = (def as Record<string, unknown>)['x-kubernetes-group-version-kind'];
    // Definitions with several GVKs (DeleteOptions, WatchEvent) are API plumbing, not manifests.
    if (Array.isArray(gvks) && gvks.length === 1) {
      const gvk = gvks[0] as { group: string; version: string; kind: string };
      out.kinds[`${apiVersionOf(gvk.group, gvk.version)}/${gvk.kind}`] = name;
    }
  }
  return out;
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function pick(schema: JsonSchema, key: string): JsonSchema {
  return schema[key] === undefined ? {} : { [key]: schema[key] };
}
