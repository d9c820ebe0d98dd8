// One compiled draft-07 meta-schema for the schema registry's ajv and every Helm chart's (a cold `reconcile validate`
// compiled it in each): the answers, errors and messages must stay those of an ajv left alone, with the options
// each of them uses, on real schemas (the bundled CRD catalog, the Kubernetes definitions, cert-manager's chart) and
// on schemas the meta-schema rejects.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv, { Options } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import { addKubernetesFormats } from '../../../src/core/validate/schemas/formats';
import { loadSchemas } from '../../../src/core/validate/schemas/loadSchemas';
import { shareDraft07MetaSchema } from '../../../src/core/validate/schemas/schemaRegistry';
import { HelmValuesSchemaCache } from '../../../src/core/validate/rules/helmValues';
import { CORPUS, schemaDir } from '../../unit/validate/schemaDir';

const DRAFT07 = 'http://json-schema.org/draft-07/schema';
const REGISTRY: Options = { allErrors: true, verbose: true, strict: false, unicodeRegExp: false, validateFormats: true, inlineRefs: true };
const HELM: Options = { allErrors: true, strict: false, validateFormats: false };

function registryAjv(): Ajv {
  const ajv = new Ajv(REGISTRY);
  addKubernetesFormats(ajv);
  return ajv;
}

/** An ajv whose meta-schema lookups are counted (`validateSchema` reaches the meta-schema through `getSchema`). */
function counted(ajv: Ajv): { ajv: Ajv; metaLookups: () => number } {
  let n = 0;
  const getSchema = ajv.getSchema.bind(ajv);
  ajv.getSchema = ((key: string) => {
    if (key.startsWith(DRAFT07)) n++;
    return getSchema(key);
  }) as Ajv['getSchema'];
  return { ajv, metaLookups: () => n };
}

/** `validateSchema`'s answer and errors, or what it throws. */
function answer(ajv: Ajv, schema: unknown, throwOrLog = false): unknown {
  try {
    return { valid: ajv.validateSchema(schema as object, throwOrLog), errors: ajv.errors, text: ajv.errorsText() };
  } catch (e) {
    return { threw: (e as Error).message };
  }
}

function compiled(ajv: Ajv, schema: unknown): string {
  try {
    ajv.compile(schema as object);
    return 'compiled';
  } catch (e) {
    return (e as Error).message;
  }
}

const loaded = loadSchemas(schemaDir(), '1.34');
assert.ok(loaded.ok);
const certManagerValues = JSON.parse(fs.readFileSync(path.join(CORPUS, 'cert-manager__cert-manager', 'deploy', 'charts', 'cert-manager', 'values.schema.json'), 'utf8')) as Record<string, unknown>;

function realSchemas(): unknown[] {
  const out: unknown[] = [];
  if (loaded.ok) out.push(...Object.values(loaded.value.crds.schemas), { $id: 'k8s', definitions: loaded.value.kubernetes.definitions });
  out.push({ ...certManagerValues, $schema: undefined }, certManagerValues, { $schema: `${DRAFT07}#`, type: 'object' }, true, {});
  return out;
}

const REJECTED: unknown[] = [
  { enum: [1, 1] },
  { type: 5 },
  { type: 'int' },
  { required: 'name' },
  { minLength: -1 },
  { properties: { a: { items: 3 }, b: { enum: ['x', 'x'] } }, required: ['a', 'a'] },
  { $id: 5 },
  { pattern: 5 },
  { definitions: { x: { type: ['string', 'string'] } } },
  { $schema: `${DRAFT07}#`, maxItems: 1.5 },
  { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' },
  { $schema: 7 },
];

describe('one draft-07 meta-schema for the registry and the Helm charts', () => {
  it('same answers, errors and messages as an unshared ajv with the registry options and with Helm options', () => {
    const schemas = [...realSchemas(), ...REJECTED];
    assert.ok(schemas.length > 50, `${schemas.length} schemas`);
    for (const make of [registryAjv, () => new Ajv(HELM)]) {
      const shared = make();
      shareDraft07MetaSchema(shared);
      const alone = make();
      for (const s of schemas) {
        assert.deepEqual(answer(shared, s), answer(alone, s), JSON.stringify(s).slice(0, 200));
        assert.deepEqual(answer(shared, s, true), answer(alone, s, true), JSON.stringify(s).slice(0, 200));
      }
      for (const s of REJECTED) assert.equal(compiled(shared, s), compiled(alone, s), JSON.stringify(s));
    }
  });

  it('instances that share never compile the meta-schema for a schema that passes; a rejected one asks their own', () => {
    const a = counted(registryAjv());
    const b = counted(new Ajv(HELM));
    shareDraft07MetaSchema(a.ajv);
    shareDraft07MetaSchema(b.ajv);
    for (const s of realSchemas()) {
      if (typeof s === 'object') assert.equal(a.ajv.validateSchema(s as object), true);
      assert.equal(b.ajv.validateSchema({ ...certManagerValues, $schema: undefined }), true);
    }
    assert.equal(compiled(b.ajv, { type: 'object', properties: { x: { type: 'string' } } }), 'compiled');
    assert.equal(a.metaLookups() + b.metaLookups(), 0);
    assert.equal(a.ajv.validateSchema({ enum: [1, 1] }), false);
    assert.ok(a.metaLookups() > 0);
    assert.match(a.ajv.errorsText(), /must NOT have duplicate items/);
  });

  it('is not shared where the answer could differ: strict mode, a meta-schema format checked, another draft', () => {
    const strict = counted(new Ajv({ strict: true }));
    shareDraft07MetaSchema(strict.ajv);
    strict.ajv.validateSchema({ type: 'object' });
    const withRegex = () => {
      const ajv = new Ajv({ strict: false });
      ajv.addFormat('regex', { type: 'string', validate: (s: string) => !s.includes('(') });
      return ajv;
    };
    const formats = counted(withRegex());
    shareDraft07MetaSchema(formats.ajv);
    assert.deepEqual(answer(formats.ajv, { pattern: '(' }), answer(withRegex(), { pattern: '(' }));
    assert.ok(strict.metaLookups() > 0 && formats.metaLookups() > 0);
    const draft2019 = new Ajv2019(HELM);
    assert.equal(draft2019 instanceof Ajv, false, 'helmValues.ts shares with draft-07 instances only');
  });

  it("a chart's values.schema.json the meta-schema rejects gets ajv's own message (RC1701), one that passes is checked", () => {
    const cache = new HelmValuesSchemaCache();
    const bad = JSON.stringify({ type: 'object', properties: { replicas: { type: 'integer', enum: [1, 1] } } });
    const expected = compiled(new Ajv(HELM), JSON.parse(bad));
    assert.match(expected, /^schema is invalid: data\/properties\/replicas\/enum must NOT have duplicate items/);
    assert.equal(cache.compile(bad), expected);
    const good = cache.compile(JSON.stringify(certManagerValues));
    assert.equal(typeof good, 'function');
    if (typeof good === 'function') {
      assert.equal(good({ replicaCount: 2 }), true);
      assert.equal(good({ replicaCount: 'two' }), false);
    }
  });
});
