// CRD `openAPIV3Schema` (from a CRD in the repository or from the bundled catalog) → strict JSON Schema.
import { JsonSchema } from './bundleFormat';
import { ConvertOptions, convertSchemaNode } from './convertOpenApi';

export function convertCrdRoot(schema: unknown, options: ConvertOptions): JsonSchema {
  const out = convertSchemaNode(schema, options);
  // Every custom resource carries these even when the CRD author did not list them.
  const props = (out.properties ??= {}) as Record<string, JsonSchema>;
  props.apiVersion ??= { type: 'string' };
  props.kind ??= { type: 'string' };
  props.metadata ??= { type: 'object' };
  if (out.additionalProperties === undefined && (schema as Record<string, unknown> | null)?.['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  out.type ??= 'object';
  return out;
}
