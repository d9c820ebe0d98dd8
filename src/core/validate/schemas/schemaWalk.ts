// Walks a resolved kind schema along a YAML path: which schema governs `spec.template.spec.containers[0]`?
// Used by the YAML 1.1 rule and by the editor's hover and completion.
import { JsonSchema } from './bundleFormat';
import { SchemaRegistry } from './schemaRegistry';

function asSchema(v: unknown): JsonSchema | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonSchema) : undefined;
}

/** The schema at `path` below `root`, `$ref`s followed; undefined when the path leaves the schema. */
export function schemaAtPath(registry: SchemaRegistry, root: JsonSchema, path: ReadonlyArray<string | number>): JsonSchema | undefined {
  let node: JsonSchema | undefined = registry.resolveRef(root);
  for (const seg of path) {
    if (!node) return undefined;
    let next: JsonSchema | undefined;
    if (typeof seg === 'number') {
      next = asSchema(node.items);
    } else {
      const props = asSchema(node.properties);
      next = asSchema(props?.[seg]) ?? asSchema(node.additionalProperties);
      if (!next) {
        // allOf/anyOf branches (CRDs use them) may define the property.
        for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
          const branches = Array.isArray(node[k]) ? (node[k] as unknown[]) : [];
          for (const b of branches) next ??= asSchema(asSchema(registry.resolveRef(asSchema(b) ?? {}).properties)?.[seg]);
        }
      }
    }
    node = next ? registry.resolveRef(next) : undefined;
  }
  return node;
}

export function schemaTypes(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const t = schema.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}
