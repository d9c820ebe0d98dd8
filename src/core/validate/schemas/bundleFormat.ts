// The on-disk format of the schema bundle `scripts/build-schemas.ts` writes into media/schemas (gzip-compressed JSON,
// the CRD catalog as JSON Lines).
// Plain JSON Schema (draft-07) plus a few `x-kubernetes-*` annotations kept for hover, completion and merge keys.

export type JsonSchema = { [key: string]: unknown };

/** `kubernetes-<version>.json.gz`: every definition of one release, with `$ref`s into `#/definitions/`. */
export interface KubernetesSchemaFile {
  kubernetesVersion: string;
  /** Definition name → compact schema. */
  definitions: Record<string, JsonSchema>;
  /** `apiVersion/kind` (apiVersion as written in manifests, e.g. `apps/v1`, `v1`) → definition name. */
  kinds: Record<string, string>;
}

/** The bundled CRD catalog, already converted to strict JSON Schema (stored as `crds.jsonl.gz`, see crdCatalogLines). */
export interface CrdCatalogFile {
  source: string;
  license: string;
  /** `group/version/kind-lowercase` → schema (the catalog's file names lose the kind's case). */
  schemas: Record<string, JsonSchema>;
}

/** The first line of `crds.jsonl.gz`: the catalog's provenance and its keys, in the order of the lines after it. */
export interface CrdCatalogHeader {
  source: string;
  license: string;
  keys: string[];
}

/**
 * `crds.jsonl.gz` (uncompressed): JSON Lines, the CrdCatalogHeader then one schema per line in the header's key
 * order, so a loader splits at line ends and parses only the schemas a repository uses (the catalog is 5 MB of JSON,
 * a repository uses a few of its entries). JSON.stringify never writes a raw line break, so each line is one value.
 */
export function crdCatalogLines(catalog: CrdCatalogFile): string {
  const keys = Object.keys(catalog.schemas);
  const header: CrdCatalogHeader = { source: catalog.source, license: catalog.license, keys };
  return [header, ...keys.map((k) => catalog.schemas[k])].map((v) => `${JSON.stringify(v)}\n`).join('');
}

/** How an apiVersion/kind fares in one target release. */
export interface ApiLifecycleEntry {
  apiVersion: string;
  kind: string;
  /** Bundled releases that serve it. */
  servedIn: string[];
}

/** `api-versions.json.gz`: which release serves which apiVersion/kind, to derive removals and deprecations. */
export interface ApiVersionsFile {
  /** Bundled releases, oldest first. */
  versions: string[];
  /** API groups that Kubernetes itself serves (plus historical ones), so an unknown apiVersion in them is a removal, not a CRD. */
  builtinGroups: string[];
  entries: ApiLifecycleEntry[];
  /** Removals older than the oldest bundled release (from the Kubernetes deprecation guide). */
  historical: Array<{ apiVersion: string; kinds: string[]; removedIn: string; replacement?: string }>;
}

export const SCHEMA_FILES = {
  kubernetes: (version: string) => `kubernetes-${version}.json.gz`,
  crds: 'crds.jsonl.gz',
  apiVersions: 'api-versions.json.gz',
  manifest: 'manifest.json',
} as const;

/** `manifest.json`: what the build produced, so a loader can say which versions exist without reading them all. */
export interface SchemaManifest {
  kubernetesVersions: string[];
  defaultKubernetesVersion: string;
  /** sha256 of the bundle's uncompressed content: changes exactly when the content does (the loaders' cache key). */
  contentHash: string;
}
