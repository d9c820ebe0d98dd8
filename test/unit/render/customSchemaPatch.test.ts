// kyaml's global openapi schema as strategic merge patches see it: a custom `openapi` schema set after the
// built-in one was loaded is added to it (its definitions replacing built-in ones of the same name), one set
// before is all there is; scope checks of types kyaml has not precomputed load the built-in schema too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { compilePatchMetaTable } from '../../../src/core/render/merge/patchMeta';
import { customPatchSchema, kyamlScopePrecomputed } from '../../../src/core/render/merge/kubernetesPatchMeta';
import { noteAppended, noteScopeChecks, SchemaState } from '../../../src/core/render/kustomize/patches';
import { BuildResource } from '../../../src/core/render/kustomize/model';
import { JsonMap } from '../../../src/core/render/merge/strategicMerge';

const schemaFile = join(__dirname, '../../differential/regressions/patch-openapi-component-after-base-patch/input/comp/schema-comp.json');
const doc = load(readFileSync(schemaFile, 'utf8')) as Parameters<typeof compilePatchMetaTable>[0];

function resource(apiVersion: string, kind: string, name: string): BuildResource {
  const object: JsonMap = { apiVersion, kind, metadata: { name } };
  return { object, origin: { file: 'objects.yaml', documentIndex: 0 } as BuildResource['origin'], nameHistory: [name], namespaceHistory: [''] };
}

test('a custom schema set before any lookup replaces the built-in one: built-in kinds have no merge keys', () => {
  const custom = compilePatchMetaTable(doc, { names: true });
  assert.equal(customPatchSchema(custom, false, 'batch/v1', 'Job'), undefined);
  const widgetItems = customPatchSchema(custom, false, 'example.com/v1', 'Widget')?.field('spec')?.node?.field('items');
  assert.deepEqual(widgetItems?.mergeKeys, ['name']);
});

test('a custom schema set after the built-in one was loaded adds to it; its definitions replace built-in ones of the same name', () => {
  const custom = compilePatchMetaTable(doc, { names: true });
  const job = customPatchSchema(custom, true, 'batch/v1', 'Job');
  const volumes = job?.field('spec')?.node?.field('template')?.node?.field('spec')?.node?.field('volumes');
  assert.deepEqual(volumes?.mergeKeys, ['name']);
  assert.deepEqual(customPatchSchema(custom, true, 'example.com/v1', 'Widget')?.field('spec')?.node?.field('items')?.mergeKeys, ['name']);
  // The custom document's ObjectMeta (name only) replaces the built-in one: finalizers lose their merge strategy.
  assert.equal(job?.field('metadata')?.node?.field('finalizers'), undefined);
  // Without the definition names (an ObjectMeta with no patch metadata is not in the compact table) it would survive.
  const withoutNames = compilePatchMetaTable(doc);
  assert.deepEqual(customPatchSchema(withoutNames, true, 'batch/v1', 'Job')?.field('metadata')?.node?.field('finalizers')?.strategies, ['merge']);
});

test('kyaml precomputes the scope of common built-in types only', () => {
  assert.equal(kyamlScopePrecomputed('batch/v1', 'Job'), true);
  assert.equal(kyamlScopePrecomputed('v1', 'ConfigMap'), true);
  assert.equal(kyamlScopePrecomputed('rbac.authorization.k8s.io/v1', 'ClusterRole'), true);
  assert.equal(kyamlScopePrecomputed('autoscaling/v2', 'HorizontalPodAutoscaler'), false);
  assert.equal(kyamlScopePrecomputed('stable.example.com/v1beta1', 'Gadget'), false);
});

test('comparing ids of two objects, one of a type without a precomputed scope, loads the built-in schema', () => {
  const gadget = resource('stable.example.com/v1beta1', 'Gadget', 'g');
  const job = resource('batch/v1', 'Job', 'app');
  const cm = resource('v1', 'ConfigMap', 'cfg');

  const alone: SchemaState = { openapi: [] };
  const list1 = [gadget];
  noteAppended(alone, list1, [gadget]);
  assert.equal(alone.builtinSchemaLoaded, undefined, 'one object is compared with nothing');
  list1.push(job);
  noteAppended(alone, list1, [job]);
  assert.equal(alone.builtinSchemaLoaded, true, 'the Gadget appended earlier is compared with the Job');

  const precomputed: SchemaState = { openapi: [] };
  noteAppended(precomputed, [job, cm], [job, cm]);
  noteScopeChecks(precomputed, [job, cm], true);
  assert.equal(precomputed.builtinSchemaLoaded, undefined);

  const selecting: SchemaState = { openapi: [] };
  noteScopeChecks(selecting, [gadget], false);
  assert.equal(selecting.builtinSchemaLoaded, undefined);
  noteScopeChecks(selecting, [gadget], true);
  assert.equal(selecting.builtinSchemaLoaded, true, 'a namespace or a patch target reads its effective namespace');

  const customFirst: SchemaState = { openapi: [compilePatchMetaTable(doc, { names: true })] };
  noteAppended(customFirst, [gadget, job], [gadget, job]);
  assert.equal(customFirst.builtinSchemaLoaded, undefined, 'a custom schema set first is parsed alone');
});

test('with the built-in schema loaded, a built-in kind written with an older apiVersion still finds its merge keys', () => {
  const custom = compilePatchMetaTable(doc, { names: true });
  const deployment = customPatchSchema(custom, true, 'extensions/v1beta1', 'Deployment');
  const containers = deployment?.field('spec')?.node?.field('template')?.node?.field('spec')?.node?.field('containers');
  assert.deepEqual(containers?.mergeKeys, ['name']);
  assert.equal(customPatchSchema(custom, false, 'extensions/v1beta1', 'Deployment'), undefined);
});
