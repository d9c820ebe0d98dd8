// The editor's validation never holds the extension host for one long block: its schema registry keeps walking
// schemas with the interpreter instead of compiling them with ajv (a compile is one synchronous block of
// 0.1-1.6 s at 100,000 objects), and the build-level findings are collected in slices with pauses between them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { EditorValidation } from '../../../src/core/validate/editor/editorValidation';
import { repoFindings, repoFindingsInSlices } from '../../../src/core/validate/repoFindings';
import { loadSchemas } from '../../../src/core/validate/schemas/loadSchemas';
import { INTERPRET_UNTIL, SchemaRegistry } from '../../../src/core/validate/schemas/schemaRegistry';
import { Validator } from '../../../src/core/validate/validator';
import { CORPUS, schemaDir } from './schemaDir';

const silent = { info() {}, warn() {}, error() {} };

/** Counts ajv compiles of a registry (its ajv is private; reading it is the only way to see what was compiled). */
function countCompiles(registry: SchemaRegistry): { count: number } {
  const ajv = (registry as unknown as { ajv: Ajv }).ajv;
  const counter = { count: 0 };
  const compile = ajv.compile.bind(ajv);
  ajv.compile = ((schema: object) => {
    counter.count++;
    return compile(schema);
  }) as Ajv['compile'];
  return counter;
}

const BAD_POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: { containers: [{ name: 'c', image: 1, ports: [{ containerPort: 'http' }] }], extra: true } };

test('interpretUntil: Infinity walks a kind past INTERPRET_UNTIL uses without compiling, with the errors of the compiling registry', () => {
  const loaded = loadSchemas(schemaDir(), '1.34');
  assert.ok(loaded.ok);
  const walking = new SchemaRegistry(loaded.value, { interpretUntil: Infinity });
  const compiling = new SchemaRegistry(loaded.value);
  const walkCompiles = countCompiles(walking);
  const compileCompiles = countCompiles(compiling);
  const w = walking.resolve('v1', 'Pod');
  const c = compiling.resolve('v1', 'Pod');
  assert.ok(w && c);
  for (let i = 0; i < INTERPRET_UNTIL + 5; i++) {
    assert.equal(w.validate(BAD_POD), false);
    assert.equal(c.validate(BAD_POD), false);
    // What the diagnostics are made of (verbose errors also carry the schema object, which $refs resolve apart).
    const brief = (errors: ErrorObject[] | null | undefined): unknown[] => (errors ?? []).map((e) => ({ path: e.instancePath, keyword: e.keyword, params: e.params, message: e.message, data: e.data }));
    assert.deepStrictEqual(brief(w.validate.errors), brief(c.validate.errors));
  }
  assert.equal(walkCompiles.count, 0, 'never compiled');
  assert.equal(compileCompiles.count, 1, 'the default (the CLI) compiles once after INTERPRET_UNTIL uses');
});

test('the editor validator never compiles by default; compileSchemas: true compiles as the CLI does', async () => {
  for (const compileSchemas of [undefined, true]) {
    const ev = new EditorValidation({ schemaDir: schemaDir(), logger: silent, compileSchemas });
    const v = await ev.validator();
    assert.ok(v);
    const counter = countCompiles(v.registry);
    const pod = v.registry.resolve('v1', 'Pod');
    assert.ok(pod);
    for (let i = 0; i < INTERPRET_UNTIL + 1; i++) pod.validate(BAD_POD);
    assert.equal(counter.count, compileSchemas ? 1 : 0, `compileSchemas: ${compileSchemas}`);
    const hover = new EditorValidation({ schemaDir: schemaDir(), logger: silent, compileSchemas }).activeValidator;
    assert.ok(hover);
    const hoverCounter = countCompiles(hover.registry);
    const hoverPod = hover.registry.resolve('v1', 'Pod');
    assert.ok(hoverPod);
    for (let i = 0; i < INTERPRET_UNTIL + 1; i++) hoverPod.validate(BAD_POD);
    assert.equal(hoverCounter.count, compileSchemas ? 1 : 0, `activeValidator, compileSchemas: ${compileSchemas}`);
  }
});

test('the editor gives the CLI validator’s diagnostics on a corpus repository (walking instead of compiling)', async () => {
  const index = new RepositoryIndex({ root: path.join(CORPUS, 'fluxcd__flux2-multi-tenancy'), fs: nodeFileSystem });
  await index.scan();
  const cli = Validator.create(schemaDir(), '1.34');
  assert.ok(cli.ok);
  const editor = await new EditorValidation({ schemaDir: schemaDir(), kubernetesVersion: '1.34', logger: silent }).validateIndex(index);
  assert.ok(editor);
  assert.deepEqual(editor.diagnostics, (await cli.value.validateIndex(index)).diagnostics);
});

test('build findings in slices: the same findings as at once, with a pause whenever a slice has run', async () => {
  for (const repo of ['fluxcd__flux2-multi-tenancy', 'fluxcd__flux2-kustomize-helm-example']) {
    const index = new RepositoryIndex({ root: path.join(CORPUS, repo), fs: nodeFileSystem });
    await index.scan();
    let pauses = 0;
    // sliceMs: -1 pauses after every build and kustomization.
    const sliced = await repoFindingsInSlices(index, { cache: false, sliceMs: -1, pause: async () => void pauses++ });
    const whole = repoFindings(index, { cache: false });
    assert.deepEqual([...sliced.duplicates], [...whole.duplicates]);
    assert.deepEqual(sliced.scopes, whole.scopes);
    assert.ok(pauses >= index.kustomizations().length, `${pauses} pauses for ${index.kustomizations().length} kustomizations`);
  }
});
