// One JSON Schema for a multi-document YAML stream of mixed kinds: each document gets the schema of its own
// apiVersion/kind through `if`/`then`, which yaml-language-server (inside monaco-yaml) follows for hovers.
import type { PreviewSchema } from './protocol';

export function combinedSchema(schemas: readonly PreviewSchema[], definitions: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'object',
    definitions,
    allOf: schemas.map((s) => ({
      if: { properties: { apiVersion: { const: s.apiVersion }, kind: { const: s.kind } }, required: ['apiVersion', 'kind'] },
      then: s.schema,
    })),
  };
}
