// The on-disk format of the schema bundle `scripts/build-schemas.ts` writes into media/schemas (gzip-compressed JSON).
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

/** `crds.json.gz`: the bundled CRD catalog, already converted to strict JSON Schema. */
export interface CrdCatalogFile {
  source: string;
  license: string;
  /** `group/version/kind-lowercase` → schema (the catalog's file names lose the kind's case). */
  schemas: Record<string, JsonSchema>;
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
  crds: 'crds.json.gz',
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
