// The schema interpreter must give exactly ajv's errors (same objects, same order): ajv compiled with the
// registry's own options is the oracle, on random schemas and values (fast-check), on the bundled CRD catalog's
// real schemas with the vendored corpus documents and mutations of them, and on a repository CRD.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import Ajv from "ajv";
import equal from "ajv/dist/runtime/equal";
import fc from "fast-check";
import * as jsYaml from "js-yaml";
import { addKubernetesFormats } from "../../../src/core/validate/schemas/formats";
import { SchemaInterpreter } from "../../../src/core/validate/schemas/schemaInterpreter";
import { convertCrdRoot } from "../../../src/core/validate/schemas/convertCrd";
import {
  INTERPRET_UNTIL,
  SchemaRegistry,
} from "../../../src/core/validate/schemas/schemaRegistry";
import { loadSchemas } from "../../../src/core/validate/schemas/loadSchemas";
import { JsonSchema } from "../../../src/core/validate/schemas/bundleFormat";
import { HelmValuesSchemaCache } from "../../../src/core/validate/rules/helmValues";
import { CORPUS, schemaDir } from "./schemaDir";

/** The registry's options (schemaRegistry.ts), so the oracle is the code path the interpreter replaces. */
function newAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    unicodeRegExp: false,
    validateFormats: true,
    inlineRefs: true,
  });
  addKubernetesFormats(ajv);
  return ajv;
}

const ajv = newAjv();
const interpreter = new SchemaInterpreter(
  ajv,
  equal as unknown as (a: unknown, b: unknown) => boolean,
);

/** Each side gets its own copy when `separate` (both may add 'null' to a nullable type list, see schemaInterpreter.ts). */
function sameErrors(
  schema: JsonSchema,
  values: unknown[],
  separate = false,
): void {
  const compiled = ajv.compile(separate ? structuredClone(schema) : schema);
  const walked = interpreter.check(schema);
  for (const v of values) {
    const a = compiled(v);
    const b = walked(v);
    assert.equal(b, a, `validity differs for ${JSON.stringify(v)}`);
    // With separate copies, a nullable type list ajv touched while compiling a part the walk never visited differs
    // inside the schema values an error carries; what schemaProblems reads of them (property names) must not.
    const view = (errors: typeof walked.errors) =>
      separate
        ? errors?.map(({ parentSchema, schema: value, ...e }) => ({
            ...e,
            properties: Object.keys(
              (parentSchema as { properties?: object }).properties ?? {},
            ),
            value:
              typeof value === "object" && value !== null
                ? typeof value
                : value,
          }))
        : errors;
    assert.deepStrictEqual(
      view(walked.errors),
      view(compiled.errors),
      `errors differ for ${JSON.stringify(v)} under ${JSON.stringify(schema)}`,
    );
  }
}

const KEYS = ["a", "b", "spec", "x~/y", "name"];
const leaf = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    1,
    -1,
    1.5,
    3,
    100,
    "",
    "a",
    "abc",
    "1Gi",
    "2m",
    "eA==",
    "2024-01-31T12:00:00Z",
    "Always",
    "x".repeat(12),
    "\u{1F600}\u{1F600}",
  ),
);

const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("v"), { maxKeys: 4 }),
  ),
})).v;

const TYPES = ["string", "integer", "number", "boolean", "object", "array"];
const ASSERTIONS = {
  // Fresh arrays: ajv adds 'null' to a nullable schema's type array in place (and so does the interpreter).
  type: fc.oneof(
    fc.constantFrom(...TYPES),
    fc
      .constantFrom(["integer", "string"], ["object", "array"])
      .map((t) => [...t]),
  ),
  nullable: fc.boolean(),
  enum: fc.uniqueArray(leaf, { minLength: 1, maxLength: 3 }),
  minimum: fc.integer({ min: -2, max: 5 }),
  maximum: fc.integer({ min: 0, max: 10 }),
  exclusiveMinimum: fc.integer({ min: -2, max: 5 }),
  minLength: fc.nat(3),
  maxLength: fc.nat(5),
  pattern: fc.constantFrom("^a", "^[a-z]+$", "\\d"),
  format: fc.constantFrom("quantity", "byte", "date-time"),
  minItems: fc.nat(2),
  maxItems: fc.nat(3),
  minProperties: fc.nat(2),
  maxProperties: fc.nat(3),
  required: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2 }),
};

/** A schema node with a few assertions and at most one kind of subschema, nested `depth` deep (kept small: ajv compiles each). */
function schemaAt(depth: number): fc.Arbitrary<JsonSchema> {
  const own = fc
    .record(ASSERTIONS, { requiredKeys: [] })
    .map((r) => Object.fromEntries(Object.entries(r).slice(0, 4)) as JsonSchema)
    // Schemas ajv would refuse to compile are not the interpreter's to judge (interpretable() says no to them).
    .filter((s) => !(s.nullable !== undefined && s.type === undefined));
  if (depth === 0) return own;
  const sub = schemaAt(depth - 1);
  const list = fc.array(sub, { minLength: 1, maxLength: 2 });
  const nested = fc.oneof(
    fc.constant({}),
    fc.record(
      {
        properties: fc.dictionary(
          fc.constantFrom(...KEYS),
          fc.oneof(sub, fc.constant({}), fc.constant({ description: "x" })),
          { maxKeys: 3 },
        ),
        additionalProperties: fc.oneof(fc.boolean(), sub),
      },
      { requiredKeys: ["properties"] },
    ),
    fc.record({ items: sub }),
    fc.record({ anyOf: list }),
    fc.record({
      oneOf: fc.array(fc.oneof(sub, fc.constant({})), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
    fc.record({ allOf: list }),
    fc.record({ not: sub }),
  );
  return fc.tuple(own, nested).map(([a, b]) => ({ ...a, ...b }) as JsonSchema);
}
const schemaArb = schemaAt(3);

describe("schema interpreter vs ajv", () => {
  it("random schemas and values: same validity, same errors in the same order", () => {
    fc.assert(
      fc.property(
        schemaArb,
        fc.array(valueArb, { minLength: 1, maxLength: 8 }),
        (generated, values) => {
          // fast-check reuses values while shrinking; neither side may see the other's in-place change.
          const schema = structuredClone(generated);
          assert.ok(interpreter.interpretable(schema), JSON.stringify(schema));
          sameErrors(schema, values, true);
        },
      ),
      { numRuns: 400, seed: 16 },
    );
  });

  it("says no to what it does not walk, so ajv does it", () => {
    for (const s of [
      { enum: ["a", "a"] },
      { required: ["a", "a"] },
      { minLength: -1 },
      { $ref: "#/definitions/x" },
      { uniqueItems: true },
      { const: 1 },
      { patternProperties: {} },
      { nullable: true },
      { type: "int" },
      { items: [{}] },
      { properties: { a: false } },
    ]) {
      assert.equal(interpreter.interpretable(s), false, JSON.stringify(s));
    }
  });

  it("the bundled CRD catalog and the corpus documents, as they are and mutated", () => {
    const loaded = loadSchemas(schemaDir(), "1.34");
    assert.ok(loaded.ok);
    const docs = corpusDocuments();
    let checked = 0;
    // The largest catalog schemas take ajv seconds each to compile; the ones used by the corpus and the small ones suffice.
    for (const [k, schema] of Object.entries(loaded.value.crds.schemas)) {
      const used = docs.get(k) ?? [];
      if (used.length === 0 && JSON.stringify(schema).length > 60_000) continue;
      if (!interpreter.interpretable(schema)) continue;
      const values = used.flatMap((d) => [d, ...mutations(d)]);
      values.push(
        {},
        { spec: 1 },
        {
          apiVersion: 3,
          kind: "X",
          metadata: { name: "x" },
          spec: { unknown: true },
        },
      );
      sameErrors(schema, values);
      checked++;
    }
    assert.ok(checked >= 40, `only ${checked} catalog schemas checked`);
  });

  it("Kubernetes kinds through $ref into the bundled definitions, with the corpus documents, as they are and mutated", () => {
    const loaded = loadSchemas(schemaDir(), "1.34");
    assert.ok(loaded.ok);
    const { definitions, kinds } = loaded.value.kubernetes;
    const k8sAjv = newAjv();
    k8sAjv.addSchema({ $id: "k8s", definitions });
    const walker = new SchemaInterpreter(
      k8sAjv,
      equal as unknown as (a: unknown, b: unknown) => boolean,
      definitions,
    );
    const docs = corpusDocuments();
    let checked = 0;
    for (const [gvk, def] of Object.entries(kinds)) {
      const slash = gvk.lastIndexOf("/");
      const used =
        docs.get(
          `${gvk.slice(0, slash)}/${gvk.slice(slash + 1).toLowerCase()}`,
        ) ?? [];
      if (used.length === 0) continue;
      const root = { $ref: `k8s#/definitions/${def}` };
      assert.ok(walker.interpretable(root), gvk);
      const compiled = k8sAjv.compile(root);
      const walked = walker.check(root);
      for (const v of used.slice(0, 5).flatMap((d) => [d, ...mutations(d)])) {
        assert.equal(
          walked(v),
          compiled(v),
          `${gvk}: validity differs for ${JSON.stringify(v)}`,
        );
        // ajv reports errors of a separately compiled referenced schema with paths from that schema; nothing reads
        // them but to drop anyOf/oneOf branches, and interpretable() leaves a $ref under those to ajv.
        const view = (errors: typeof walked.errors) =>
          errors?.map(({ schemaPath: _path, ...e }) => e);
        assert.deepStrictEqual(
          view(walked.errors),
          view(compiled.errors),
          `${gvk}: errors differ for ${JSON.stringify(v)}`,
        );
      }
      checked++;
    }
    assert.ok(checked >= 20, `only ${checked} Kubernetes kinds checked`);
  });
});

/** The vendored corpus's objects by `apiVersion/kind-lowercase` (Helm templates are not YAML). */
function corpusDocuments(): Map<string, unknown[]> {
  const docs = new Map<string, unknown[]>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (
        /\.ya?ml$/.test(e.name) &&
        !p.includes(`${path.sep}templates${path.sep}`)
      ) {
        try {
          jsYaml.loadAll(fs.readFileSync(p, "utf8"), (d) => {
            const o = d as { apiVersion?: unknown; kind?: unknown } | null;
            if (
              o &&
              typeof o.apiVersion === "string" &&
              typeof o.kind === "string"
            ) {
              const k = `${o.apiVersion}/${o.kind.toLowerCase()}`;
              docs.set(k, [...(docs.get(k) ?? []), o]);
            }
          });
        } catch {
          /* not YAML (a template) */
        }
      }
    }
  };
  walk(CORPUS);
  return docs;
}

describe("schema interpreter vs ajv: a repository CRD and the registry", () => {
  it("a repository CRD (cert-manager Certificate) with its corpus documents", () => {
    const crd = jsYaml.load(
      fs.readFileSync(
        path.join(
          CORPUS,
          "cert-manager__cert-manager/deploy/crds/cert-manager.io_certificates.yaml",
        ),
        "utf8",
      ),
    ) as {
      spec: { versions: Array<{ schema: { openAPIV3Schema: unknown } }> };
    };
    const schema = convertCrdRoot(crd.spec.versions[0].schema.openAPIV3Schema, {
      descriptions: true,
    });
    assert.ok(interpreter.interpretable(schema));
    const cert = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "web" },
      spec: {
        secretName: "web-tls",
        dnsNames: ["example.com"],
        issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
        duration: "2160h",
        privateKey: { algorithm: "ECDSA", size: 256 },
      },
    };
    sameErrors(schema, [cert, ...mutations(cert)]);
  });

  it("the registry hands a kind to ajv after INTERPRET_UNTIL checks, with the same results", () => {
    const loaded = loadSchemas(schemaDir(), "1.34");
    assert.ok(loaded.ok);
    const registry = new SchemaRegistry(loaded.value);
    const resolved = registry.resolve(
      "source.toolkit.fluxcd.io/v1",
      "GitRepository",
    );
    assert.ok(resolved && resolved.source === "crd-catalog");
    const bad = {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: { name: "x" },
      spec: { interval: 5, url: "https://x", ref: { branch: 1 }, extra: true },
    };
    const first: unknown[] = [];
    for (let i = 0; i < INTERPRET_UNTIL + 2; i++) {
      assert.equal(resolved.validate(bad), false);
      first.push(resolved.validate.errors);
    }
    for (const e of first) assert.deepStrictEqual(e, first[0]);
  });

  it("a Kubernetes kind is walked for hundreds of documents (no compile, no definitions added to ajv), then compiled with the same errors", () => {
    const loaded = loadSchemas(schemaDir(), "1.34");
    assert.ok(loaded.ok);
    const registry = new SchemaRegistry(loaded.value);
    // The registry's ajv is private; reading it is the only way to see what was compiled or added.
    const ajv = (registry as unknown as { ajv: Ajv }).ajv;
    const compiles: unknown[] = [];
    const compile = ajv.compile.bind(ajv);
    ajv.compile = ((schema: object) => {
      compiles.push(schema);
      return compile(schema);
    }) as Ajv["compile"];
    assert.equal(ajv.getSchema("k8s"), undefined, "definitions added before any compile");
    // Nor is the meta-schema compiled to check the kind's root, a bare $ref into the bundled definitions.
    const metaChecked: unknown[] = [];
    const validateSchema = ajv.validateSchema.bind(ajv);
    ajv.validateSchema = ((schema: object, throwOrLogError?: boolean) => {
      metaChecked.push(schema);
      return validateSchema(schema, throwOrLogError);
    }) as Ajv["validateSchema"];
    const resolved = registry.resolve("v1", "Pod");
    assert.ok(resolved && resolved.source === "kubernetes");
    const bad = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "x", labels: { a: 1 } },
      spec: { containers: [{ name: "c", image: 3, ports: [{ containerPort: "80" }], resourcez: {} }] },
    };
    const seen: unknown[] = [];
    for (let i = 0; i < 500; i++) {
      assert.equal(resolved.validate(bad), false);
      seen.push(resolved.validate.errors);
    }
    assert.deepEqual(compiles, [], "compiled within 500 documents");
    assert.deepEqual(metaChecked, []);
    assert.equal(ajv.getSchema("k8s"), undefined);
    for (let i = 500; i < INTERPRET_UNTIL + 2; i++) {
      assert.equal(resolved.validate(bad), false);
      seen.push(resolved.validate.errors);
    }
    assert.equal(compiles.length, 1);
    assert.ok(ajv.getSchema("k8s"), "definitions added for the compile");
    // schemaPath differs for errors inside referenced definitions (see "Kubernetes kinds through $ref").
    const view = (errors: unknown) => (errors as Array<{ schemaPath: string }>).map(({ schemaPath: _path, ...e }) => e);
    assert.ok(view(seen[0]).length >= 4);
    for (const e of seen) assert.deepStrictEqual(view(e), view(seen[0]));
  });
});

/** Variants of a real document that break it in the ways users do: wrong types, unknown fields, nulls, missing fields. */
function mutations(doc: unknown): unknown[] {
  const out: unknown[] = [];
  const paths: Array<Array<string | number>> = [];
  const collect = (v: unknown, p: Array<string | number>) => {
    if (paths.length > 40) return;
    paths.push(p);
    if (Array.isArray(v))
      v.slice(0, 2).forEach((x, i) => collect(x, [...p, i]));
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) collect(x, [...p, k]);
  };
  collect(doc, []);
  for (const p of paths.slice(1)) {
    for (const replacement of [
      42,
      "text",
      true,
      [],
      {},
      { unknownField: 1 },
      undefined,
    ]) {
      const copy = structuredClone(doc) as Record<string | number, unknown>;
      let node = copy;
      for (const seg of p.slice(0, -1))
        node = node[seg] as Record<string | number, unknown>;
      if (replacement === undefined) delete node[p[p.length - 1]];
      else node[p[p.length - 1]] = replacement;
      out.push(copy);
    }
  }
  return out;
}

/** A Helm chart's values.schema.json as helmValues.ts checks it: ajv with Helm's options, `#/$defs/X` refs. */
describe("schema interpreter vs ajv: Helm values schemas ($defs, no formats, no verbose, unicode patterns)", () => {
  const helmAjv = () => new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const walkerFor = (root: JsonSchema) =>
    new SchemaInterpreter(helmAjv(), equal as unknown as (a: unknown, b: unknown) => boolean, {}, {
      verbose: false,
      formats: false,
      unicodeRegExp: true,
      defs: root.$defs as Record<string, JsonSchema>,
    });
  const sameHelmErrors = (root: JsonSchema, values: unknown[]) => {
    const compiled = helmAjv().compile(structuredClone(root));
    const walker = walkerFor(root);
    assert.ok(walker.interpretable(root), JSON.stringify(root).slice(0, 300));
    const walked = walker.check(root);
    for (const v of values) {
      assert.equal(walked(v), compiled(v), `validity differs for ${JSON.stringify(v).slice(0, 200)}`);
      assert.deepStrictEqual(walked.errors, compiled.errors, JSON.stringify(v).slice(0, 200));
    }
  };

  it("cert-manager's chart schema (278 $refs) with its values.yaml, as it is and mutated", () => {
    const dir = path.join(CORPUS, "cert-manager__cert-manager", "deploy", "charts", "cert-manager");
    const root = JSON.parse(fs.readFileSync(path.join(dir, "values.schema.json"), "utf8")) as JsonSchema;
    delete root.$schema;
    const values = jsYaml.load(fs.readFileSync(path.join(dir, "values.yaml"), "utf8"));
    const all = [values, ...mutations(values), {}, { unknownTopLevel: 1 }, { image: { repository: 3 } }, 7];
    assert.ok(all.length > 40);
    sameHelmErrors(root, all);
    // The mutations do break it, or the comparison would prove little.
    assert.ok(all.filter((v) => !helmAjv().compile(structuredClone(root))(v)).length > 20);
  });

  it("random schemas reached through $defs (also from properties and items), random values", () => {
    fc.assert(
      fc.property(schemaArb, schemaArb, fc.array(valueArb, { minLength: 1, maxLength: 6 }), (a, b, values) => {
        const root: JsonSchema = {
          $defs: { top: { type: "object", properties: { a: { $ref: "#/$defs/a" }, list: { type: "array", items: { $ref: "#/$defs/b" } } } }, a: structuredClone(a), b: structuredClone(b) },
          $ref: "#/$defs/top",
        };
        sameHelmErrors(root, [...values, { a: values[0], list: values }]);
      }),
      { numRuns: 200, seed: 16 },
    );
  });

  it("helmValues.ts walks cert-manager's draft-07 schema instead of compiling it; 2020-12 schemas still compile", () => {
    const text = fs.readFileSync(path.join(CORPUS, "cert-manager__cert-manager", "deploy", "charts", "cert-manager", "values.schema.json"), "utf8");
    const walked = new HelmValuesSchemaCache().compile(text);
    assert.equal(typeof walked, "function");
    // ajv's compiled functions carry their schema; the interpreter's checks do not.
    assert.equal((walked as unknown as { schema?: unknown }).schema, undefined);
    assert.equal((walked as (v: unknown) => boolean)({ replicaCount: "one" }), false);
    const newer = JSON.stringify({ ...JSON.parse(text), $schema: "https://json-schema.org/draft/2020-12/schema" });
    assert.ok((new HelmValuesSchemaCache().compile(newer) as unknown as { schema?: unknown }).schema);
  });

  it("says no to refs it cannot resolve and patterns that are not unicode regular expressions", () => {
    const root = { $defs: { a: { type: "string" } }, $ref: "#/$defs/missing" };
    assert.equal(walkerFor(root).interpretable(root), false);
    const nested = { $defs: { "a~1b": { type: "string" } }, $ref: "#/$defs/a~1b" };
    assert.equal(walkerFor(nested).interpretable(nested), false);
    const bad = { $defs: { a: { type: "string", pattern: "\\-" } }, $ref: "#/$defs/a" };
    assert.equal(walkerFor(bad).interpretable(bad), false);
  });
});
