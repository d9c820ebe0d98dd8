// Strategic-merge-patch metadata (merge keys and strategies per field), compiled from a Swagger 2.0 document.
// The compact table form is what we bundle: one entry per definition, only fields that carry a $ref or
// patch metadata, so the whole Kubernetes API fits in a small JSON file loaded once.

/** How one field merges, and the schema of its value (map value or list element). */
export interface FieldPatchMeta {
  /** From `x-kubernetes-patch-strategy`, split on commas: 'merge', 'replace', 'retainKeys'. */
  strategies: string[];
  /** `x-kubernetes-patch-merge-key`, else `x-kubernetes-list-map-keys` (list-type map). */
  mergeKeys: string[];
  /** Schema of the field's value (for lists: of each element). */
  node?: PatchSchema;
}

export interface PatchSchema {
  field(name: string): FieldPatchMeta | undefined;
}

/** Compact table: definition name → field name → [refDefinition|'', strategy|'', mergeKeys joined by ','|'']. */
export interface PatchMetaTable {
  /** `group/version/Kind` (core group: `/v1/Kind`... written as `v1/Kind`) → definition name. */
  gvk: Record<string, string>;
  defs: Record<string, Record<string, [string, string, string]>>;
  /** `group/version/Kind` keys of cluster-scoped kinds (from the API paths without a namespace). */
  clusterScoped?: string[];
  /**
   * Every definition name the source document has, with or without patch metadata (a custom schema only):
   * a custom definition replaces a built-in one of the same name even when it carries no merge keys.
   */
  names?: string[];
}

interface SwaggerSchema {
  $ref?: string;
  type?: string;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  properties?: Record<string, SwaggerSchema>;
  allOf?: SwaggerSchema[];
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
}

interface SwaggerDoc {
  definitions?: Record<string, SwaggerSchema>;
  paths?: Record<string, Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string } } | unknown>>;
}

function refName(ref: string | undefined): string {
  return ref ? ref.replace(/^#\/definitions\//, '') : '';
}

/** The definition a property's value (or list element / map value) points at, if any. */
function valueRef(prop: SwaggerSchema): string {
  if (prop.$ref) return refName(prop.$ref);
  if (prop.allOf?.length === 1 && prop.allOf[0].$ref) return refName(prop.allOf[0].$ref);
  if (prop.items) return valueRef(prop.items);
  if (prop.additionalProperties && typeof prop.additionalProperties === 'object') return valueRef(prop.additionalProperties);
  return '';
}

export function compilePatchMetaTable(doc: SwaggerDoc, options: { names?: boolean } = {}): PatchMetaTable {
  const table: PatchMetaTable = { gvk: {}, defs: {} };
  for (const [name, def] of Object.entries(doc.definitions ?? {})) {
    for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
      table.gvk[gvkKey(g.group, g.version, g.kind)] = name;
    }
    compileDefinition(table, name, def);
  }
  const scoped = new Map<string, boolean>();
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    if (!path.endsWith('/{name}')) continue;
    for (const op of Object.values(ops)) {
      const g = (op as { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string } })['x-kubernetes-group-version-kind'];
      if (g) scoped.set(gvkKey(g.group, g.version, g.kind), !path.includes('{namespace}'));
    }
  }
  if (options.names) table.names = Object.keys(doc.definitions ?? {});
  const cluster = [...scoped].filter(([, c]) => c).map(([k]) => k).sort();
  if (cluster.length > 0) table.clusterScoped = cluster;
  return table;
}

/** Inline object schemas (CRDs write them instead of $refs) become synthetic definitions `parent/field`. */
function inlineTarget(prop: SwaggerSchema): SwaggerSchema | undefined {
  if (prop.properties) return prop;
  if (prop.items?.properties) return prop.items;
  if (prop.additionalProperties && typeof prop.additionalProperties === 'object' && prop.additionalProperties.properties) return prop.additionalProperties;
  return undefined;
}

function compileDefinition(table: PatchMetaTable, name: string, def: SwaggerSchema, depth = 0): void {
  const fields: Record<string, [string, string, string]> = {};
  for (const [field, prop] of Object.entries(def.properties ?? {})) {
    let ref = valueRef(prop);
    const inline = !ref && depth < 32 ? inlineTarget(prop) : undefined;
    if (inline) {
      ref = `${name}/${field}`;
      compileDefinition(table, ref, inline, depth + 1);
      if (!table.defs[ref]) ref = '';
    }
    const strategy = prop['x-kubernetes-patch-strategy'] ?? '';
    const keys = prop['x-kubernetes-patch-merge-key'] ??
      (prop['x-kubernetes-list-type'] === 'map' ? (prop['x-kubernetes-list-map-keys'] ?? []).join(',') : '');
    if (ref || strategy || keys) fields[field] = [ref, strategy, keys];
  }
  if (Object.keys(fields).length > 0) table.defs[name] = fields;
}

export function gvkKey(group: string, version: string, kind: string): string {
  return group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
}

/** A lazily-resolving view over a compiled table, rooted at one definition. */
export class TablePatchSchema implements PatchSchema {
  private readonly cache = new Map<string, FieldPatchMeta | undefined>();
  constructor(private readonly table: PatchMetaTable, private readonly def: string, private readonly nodes: Map<string, TablePatchSchema>) {}

  static root(table: PatchMetaTable, def: string, nodes = new Map<string, TablePatchSchema>()): TablePatchSchema | undefined {
    if (!table.defs[def]) return undefined;
    let n = nodes.get(def);
    if (!n) {
      n = new TablePatchSchema(table, def, nodes);
      nodes.set(def, n);
    }
    return n;
  }

  field(name: string): FieldPatchMeta | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    const entry = this.table.defs[this.def]?.[name];
    let meta: FieldPatchMeta | undefined;
    if (entry) {
      const [ref, strategy, keys] = entry;
      meta = {
        strategies: strategy ? strategy.split(',') : [],
        mergeKeys: keys ? keys.split(',') : [],
        node: ref ? TablePatchSchema.root(this.table, ref, this.nodes) : undefined,
      };
    }
    this.cache.set(name, meta);
    return meta;
  }
}
