// Finds the schema for a document by its apiVersion/kind (never by file name) and compiles it once.
// Order: CRDs defined in the repository, then Kubernetes' own kinds, then extra schema folders, then the
// bundled CRD catalog.
import Ajv from 'ajv';
import equal from 'ajv/dist/runtime/equal';
import { JsonSchema } from './bundleFormat';
import { convertCrdRoot } from './convertCrd';
import { addKubernetesFormats } from './formats';
import { LoadedSchemas } from './loadSchemas';
import { SchemaCheck, SchemaInterpreter } from './schemaInterpreter';

export type SchemaSource = 'repository-crd' | 'kubernetes' | 'crd-catalog' | 'extra';

export interface ResolvedSchema {
  source: SchemaSource;
  /** The schema itself (definitions resolved through `resolveRef`). */
  schema: JsonSchema;
  /** Compiled (or walked) on first call, so looking a kind up costs nothing. */
  validate: SchemaCheck;
}

export interface RepositoryCrdSchema {
  group: string;
  version: string;
  kind: string;
  schema: unknown;
}

const K8S_ID = 'k8s';

/** The draft-07 meta-schema's id in ajv (`$schema` may add an empty fragment). */
const DRAFT07 = 'http://json-schema.org/draft-07/schema';
/** The formats the draft-07 meta-schema names: an instance checking one of them judges schemas differently. */
const DRAFT07_FORMATS = ['uri', 'uri-reference', 'regex'];
let sharedDraft07: ((schema: unknown) => boolean) | undefined;

/**
 * Makes `ajv` answer `validateSchema` for draft-07 schemas from one compiled meta-schema shared by the process.
 * ajv compiles the meta-schema in each instance the first time it checks a schema (~30 ms of a cold CLI run each);
 * the registry's instance and every Helm chart's (helmValues.ts) ask it before walking or compiling. Whether a
 * schema passes does not depend on their options (allErrors, verbose, unicodeRegExp, inlineRefs) as long as the
 * meta-schema's own formats are not checked (none of them is registered, or formats are off) and strict mode is
 * off, which this checks on every call. Only the yes is shared: a schema the meta-schema rejects goes to the
 * instance's own check, so its errors, its `errorsText` and what a compile throws stay exactly ajv's.
 */
export function shareDraft07MetaSchema(ajv: Ajv): void {
  const own = ajv.validateSchema.bind(ajv);
  const shareable = (schema: unknown): schema is object => {
    const o = ajv.opts;
    if (!schema || typeof schema !== 'object' || o.strictSchema !== false || o.$data || o.meta === false) return false;
    if (o.defaultMeta !== undefined && o.defaultMeta !== DRAFT07) return false;
    if (o.validateFormats && DRAFT07_FORMATS.some((f) => ajv.formats[f] !== undefined)) return false;
    const id = (schema as { $schema?: unknown }).$schema;
    return id === undefined || id === DRAFT07 || id === `${DRAFT07}#`;
  };
  ajv.validateSchema = (schema, throwOrLogError) => {
    if (!shareable(schema)) return own(schema, throwOrLogError);
    sharedDraft07 ??= compileSharedDraft07();
    if (!sharedDraft07(schema)) return own(schema, throwOrLogError);
    ajv.errors = null;
    return true;
  };
}

function compileSharedDraft07(): (schema: unknown) => boolean {
  const check = new Ajv({ strict: false, validateFormats: false }).getSchema(DRAFT07);
  if (!check) throw new Error('ajv has no draft-07 meta-schema');
  return (schema) => check(schema) === true;
}

/**
 * A kind's schema is walked by the interpreter for its first uses, and compiled by ajv once it has been used this
 * often: compiling pays off only over many documents. Measured on a Pod (112 documents of the cold-validate bench
 * corpus): the walk costs ~0.25 ms a document more than the compiled check, the compile (with adding the
 * Kubernetes definitions) ~0.3 s, so compiling pays after ~1,200 documents of one kind; at 64 a cold
 * `reconcile validate` compiled Pod, Service and ReplicationController for 0.4 s of CPU it never won back. Both
 * give the same errors.
 */
export const INTERPRET_UNTIL = 1024;

export interface SchemaRegistryOptions {
  /**
   * Uses of a kind after which its schema is compiled by ajv (default INTERPRET_UNTIL). `Infinity`: never, as
   * long as the interpreter can walk the schema. A compile is one synchronous block (0.3-1.6 s for a large kind):
   * fine in the CLI, a frozen extension host in the editor.
   */
  interpretUntil?: number;
}

export class SchemaRegistry {
  private readonly ajv: Ajv;
  private k8sAdded = false;
  /** Walks the Kubernetes kinds (following `$ref`s into the bundled definitions) and, apart, everything else. */
  private interpreters: { kubernetes: SchemaInterpreter; other: SchemaInterpreter } | undefined;
  private readonly compiled = new Map<string, ResolvedSchema | null>();
  private repoCrds = new Map<string, unknown>();
  private readonly repoCompiled = new WeakMap<object, ResolvedSchema>();
  private repoCrdKey = '';
  private readonly extra = new Map<string, JsonSchema>();
  /** Bumped whenever the set of schemas changes, so cached results keyed on it go stale. */
  generation = 0;

  constructor(
    readonly schemas: LoadedSchemas,
    private readonly options: SchemaRegistryOptions = {},
  ) {
    // strict:false: the schemas carry x-kubernetes-* annotations, which are data, not keywords.
    // unicodeRegExp:false: CRD patterns are Go regexps, often with escapes the `u` flag rejects.
    this.ajv = new Ajv({ allErrors: true, verbose: true, strict: false, unicodeRegExp: false, validateFormats: true, inlineRefs: true });
    addKubernetesFormats(this.ajv);
    shareDraft07MetaSchema(this.ajv);
  }

  /**
   * ajv with the Kubernetes definitions added (as `k8s`), for compiling. Added on the first compile, not up front:
   * adding them walks all ~700 definitions (a quarter second of a cold CLI run), and a run whose kinds are all
   * walked by the interpreter never compiles.
   */
  private compiler(): Ajv {
    if (!this.k8sAdded) {
      this.ajv.addSchema({ $id: K8S_ID, definitions: this.schemas.kubernetes.definitions });
      this.k8sAdded = true;
    }
    return this.ajv;
  }

  get kubernetesVersion(): string {
    return this.schemas.kubernetes.kubernetesVersion;
  }

  /** Replaces the CRDs found in the repository; compiled schemas from older CRDs are dropped. */
  setRepositoryCrds(crds: RepositoryCrdSchema[]): void {
    const next = new Map<string, unknown>();
    for (const c of crds) next.set(key(c.group ? `${c.group}/${c.version}` : c.version, c.kind), c.schema);
    const fingerprint = JSON.stringify([...next.keys()].sort()) + crds.length;
    // Schemas are compared cheaply by identity; a changed CRD document yields a new value object from the index.
    let changed = fingerprint !== this.repoCrdKey || next.size !== this.repoCrds.size;
    if (!changed) for (const [k, v] of next) if (this.repoCrds.get(k) !== v) changed = true;
    if (!changed) return;
    for (const k of new Set([...next.keys(), ...this.repoCrds.keys()])) this.compiled.delete(k);
    this.repoCrds = next;
    this.repoCrdKey = fingerprint;
    this.generation++;
  }

  /** Adds schemas from an extra folder (`<group>/<kind>_<version>.json` catalog layout), keyed like the catalog. */
  addExtraSchema(apiVersion: string, kind: string, schema: JsonSchema): void {
    this.extra.set(key(apiVersion, kind), convertCrdRoot(schema, { descriptions: true }));
    this.compiled.delete(key(apiVersion, kind));
    this.generation++;
  }

  isBuiltinGroup(apiVersion: string): boolean {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    return this.schemas.apiVersions.builtinGroups.includes(group);
  }

  /** The compiled schema for an object, or undefined when no source knows its kind. */
  resolve(apiVersion: string, kind: string): ResolvedSchema | undefined {
    const k = key(apiVersion, kind);
    const hit = this.compiled.get(k);
    if (hit !== undefined) return hit ?? undefined;
    // Repository CRDs come and go as the index changes; the same CRD value converts and compiles once.
    const raw = this.repoCrds.get(k);
    const cached = raw && typeof raw === 'object' ? this.repoCompiled.get(raw) : undefined;
    const found = cached ? undefined : this.find(apiVersion, kind);
    const value: ResolvedSchema | null = cached ?? (found ? { source: found.source, schema: found.schema, validate: this.checkFor(found.source, found.compileSchema) } : null);
    if (!cached && value && value.source === 'repository-crd' && raw && typeof raw === 'object') this.repoCompiled.set(raw, value);
    this.compiled.set(k, value);
    return value ?? undefined;
  }

  private checkFor(source: SchemaSource, compileSchema: object): SchemaCheck {
    const compile = () => this.compiler().compile(compileSchema);
    // ajv's own deep equality (fast-deep-equal), so `enum` compares exactly as compiled code does; its typing
    // describes the module namespace, not the function.
    const same = equal as unknown as (a: unknown, b: unknown) => boolean;
    this.interpreters ??= { kubernetes: new SchemaInterpreter(this.ajv, same, this.schemas.kubernetes.definitions), other: new SchemaInterpreter(this.ajv, same) };
    const interpreter = source === 'kubernetes' ? this.interpreters.kubernetes : this.interpreters.other;
    const until = this.options.interpretUntil ?? INTERPRET_UNTIL;
    return lazyCheck(() => (interpreter.interpretable(compileSchema) ? interpreter.check(compileSchema as JsonSchema) : compile()), until, Number.isFinite(until) ? compile : undefined);
  }

  /** Follows `$ref` into the Kubernetes definitions (for hover/completion walking a schema). */
  resolveRef(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let i = 0; i < 8 && typeof current.$ref === 'string'; i++) {
      const name = current.$ref.replace(/^#\/definitions\//, '');
      current = { ...this.schemas.kubernetes.definitions[name], ...(current.description ? { description: current.description } : {}) };
    }
    return current;
  }

  private find(apiVersion: string, kind: string): { source: SchemaSource; schema: JsonSchema; compileSchema: object } | undefined {
    const k = key(apiVersion, kind);
    const repo = this.repoCrds.get(k);
    if (repo !== undefined) {
      const schema = convertCrdRoot(repo, { descriptions: true });
      return { source: 'repository-crd', schema, compileSchema: schema };
    }
    const def = this.schemas.kubernetes.kinds[`${apiVersion}/${kind}`];
    if (def) {
      return {
        source: 'kubernetes',
        schema: this.schemas.kubernetes.definitions[def],
        compileSchema: { $ref: `${K8S_ID}#/definitions/${def}` },
      };
    }
    // A schema folder the user configured is more specific than the bundled catalog.
    const extra = this.extra.get(k);
    if (extra) return { source: 'extra', schema: extra, compileSchema: extra };
    const catalog = this.schemas.crds.schemas[k];
    if (catalog) return { source: 'crd-catalog', schema: catalog, compileSchema: catalog };
    return undefined;
  }
}

/**
 * A check made on first call by `first`; after `until` calls, by `then` (when given). The errors of the
 * last call are on `.errors`, as on an ajv function.
 */
function lazyCheck(first: () => SchemaCheck, until: number, then?: () => SchemaCheck): SchemaCheck {
  let inner: SchemaCheck | undefined;
  let calls = 0;
  const run = ((data: unknown) => {
    if (then && ++calls === until) inner = then();
    inner ??= first();
    const valid = inner(data);
    run.errors = inner.errors;
    return valid;
  }) as SchemaCheck;
  run.errors = null;
  return run;
}

/** Catalog keys lose the kind's case (file names are lowercase), so every lookup does too. */
function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind.toLowerCase()}`;
}
