// Schemas for hovers in the preview: one per apiVersion/kind in the output, plus the Kubernetes definitions
// they reference (transitively), so monaco-yaml resolves `$ref`s without fetching anything.
import type { SchemaRegistry } from '../../core/validate/schemas/schemaRegistry';
import type { PreviewObject, PreviewSchema } from '../../webview/protocol';

export interface HoverSchemas {
  schemas: PreviewSchema[];
  definitions: Record<string, unknown>;
}

const REF = '#/definitions/';

function collectRefs(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF)) out.add(v.slice(REF.length));
      else collectRefs(v, out);
    }
  }
}

export function hoverSchemas(registry: Pick<SchemaRegistry, 'resolve' | 'schemas'>, objects: readonly Pick<PreviewObject, 'apiVersion' | 'kind'>[]): HoverSchemas {
  const seen = new Set<string>();
  const schemas: PreviewSchema[] = [];
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const resolved = registry.resolve(o.apiVersion, o.kind);
    if (resolved) schemas.push({ apiVersion: o.apiVersion, kind: o.kind, schema: resolved.schema });
  }
  const all = registry.schemas.kubernetes.definitions as Record<string, unknown>;
  const definitions: Record<string, unknown> = {};
  const pending = new Set<string>();
  collectRefs(schemas.map((s) => s.schema), pending);
  while (pending.size > 0) {
    const [name] = pending;
    pending.delete(name);
    if (name in definitions || !(name in all)) continue;
    definitions[name] = all[name];
    const more = new Set<string>();
    collectRefs(all[name], more);
    for (const m of more) if (!(m in definitions)) pending.add(m);
  }
  return { schemas, definitions };
}

/** Identifies the set of kinds, so the webview gets schemas only when it changes. */
export function kindsKey(objects: readonly Pick<PreviewObject, 'apiVersion' | 'kind'>[]): string {
  return [...new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`))].sort().join(',');
}
