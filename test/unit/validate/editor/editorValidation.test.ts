// The editor builds its validator in the background and in slices (the schema bundle read, gunzipped off the main
// thread, decoded in pieces, the CRD catalog split into entries parsed on first use): the same data as the CLI's
// loadSchemas, the same diagnostics on real repositories, and the same error values for a broken bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { nodeFileSystem } from '../../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../../src/core/index/repositoryIndex';
import { EditorValidation } from '../../../../src/core/validate/editor/editorValidation';
import { loadSchemasCooperatively } from '../../../../src/core/validate/editor/schemaLoading';
import { SCHEMA_FILES } from '../../../../src/core/validate/schemas/bundleFormat';
import { loadSchemas } from '../../../../src/core/validate/schemas/loadSchemas';
import { Validator } from '../../../../src/core/validate/validator';
import { CORPUS, schemaDir } from '../schemaDir';

const silent = { info() {}, warn() {}, error() {} };

/** A copy of the bundle to break, in a temp directory. */
function bundleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-schemas-'));
  fs.cpSync(schemaDir(), dir, { recursive: true });
  return dir;
}

test('the sliced load gives loadSchemas’ data, pausing at least every 256 KB of the CRD catalog', async () => {
  let pauses = 0;
  const sliced = await loadSchemasCooperatively(schemaDir(), '1.34', async () => void pauses++);
  const whole = loadSchemas(schemaDir(), '1.34');
  assert.ok(sliced.ok && whole.ok);
  assert.deepEqual(sliced.value.kubernetes, whole.value.kubernetes);
  assert.deepEqual(sliced.value.apiVersions, whole.value.apiVersions);
  assert.deepEqual(sliced.value.manifest, whole.value.manifest);
  assert.equal(sliced.value.crds.source, whole.value.crds.source);
  assert.equal(sliced.value.crds.license, whole.value.crds.license);
  const keys = Object.keys(whole.value.crds.schemas);
  assert.ok(keys.length > 50, `${keys.length} catalog entries`);
  assert.deepEqual(Object.keys(sliced.value.crds.schemas), keys);
  for (const k of keys) assert.deepEqual(sliced.value.crds.schemas[k], whole.value.crds.schemas[k], k);
  assert.equal(sliced.value.crds.schemas['no.such/v1/kind'], undefined);
  const catalogBytes = zlib.gunzipSync(fs.readFileSync(path.join(schemaDir(), SCHEMA_FILES.crds))).length;
  // Each of the catalog's two scans (its top level, then its entries) pauses every 256 KB.
  assert.ok(pauses >= Math.floor(catalogBytes / (256 * 1024)), `${pauses} pauses for ${catalogBytes} bytes`);
});

test('a catalog entry is parsed once, on first read', async () => {
  const loaded = await loadSchemasCooperatively(schemaDir(), '1.33', async () => undefined);
  assert.ok(loaded.ok);
  const schemas = loaded.value.crds.schemas;
  const first = Object.keys(schemas)[0];
  assert.equal(typeof Object.getOwnPropertyDescriptor(schemas, first)?.get, 'function', 'not parsed before use');
  const value = schemas[first];
  assert.equal(schemas[first], value, 'the same object on the second read');
  assert.equal(Object.getOwnPropertyDescriptor(schemas, first)?.value, value);
});

test('a broken bundle gives loadSchemas’ error values, not an exception', async () => {
  const pause = async () => undefined;
  const missing = path.join(os.tmpdir(), 'reconcile-no-schemas-here');
  const a = await loadSchemasCooperatively(missing, undefined, pause);
  const b = loadSchemas(missing);
  assert.ok(!a.ok && !b.ok);
  assert.equal(a.error, b.error);
  const version = await loadSchemasCooperatively(schemaDir(), '1.99', pause);
  assert.ok(!version.ok);
  assert.equal(version.error, (loadSchemas(schemaDir(), '1.99') as { error: string }).error);

  const dir = bundleCopy();
  try {
    // A catalog cut short: unterminated in the middle of an entry.
    const file = path.join(dir, SCHEMA_FILES.crds);
    const bytes = zlib.gunzipSync(fs.readFileSync(file));
    fs.writeFileSync(file, zlib.gzipSync(bytes.subarray(0, bytes.length >> 1)));
    const cut = await loadSchemasCooperatively(dir, '1.34', pause);
    assert.ok(!cut.ok);
    assert.match(cut.error, /cannot read schema file .*crds\.json\.gz: malformed JSON at byte \d+/);
    // And a missing file: said as loadSchemas says it.
    fs.rmSync(path.join(dir, SCHEMA_FILES.kubernetes('1.34')));
    const gone = await loadSchemasCooperatively(dir, '1.34', pause);
    assert.ok(!gone.ok);
    assert.equal(gone.error, (loadSchemas(dir, '1.34') as { error: string }).error);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the editor's validator gives the CLI validator's diagnostics on every corpus repository", async () => {
  let total = 0;
  for (const repo of fs.readdirSync(CORPUS).filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())) {
    const index = new RepositoryIndex({ root: path.join(CORPUS, repo), fs: nodeFileSystem });
    await index.scan();
    const editor = new EditorValidation({ schemaDir: schemaDir(), kubernetesVersion: '1.34', logger: silent });
    const report = await editor.validateIndex(index);
    const cli = Validator.create(schemaDir(), '1.34');
    assert.ok(cli.ok && report);
    const expected = await cli.value.validateIndex(index);
    assert.deepEqual(report.diagnostics, expected.diagnostics, repo);
    total += expected.diagnostics.length;
  }
  assert.ok(total > 0, 'some repository has findings');
});

test('one validator per folder, also when hover needs it before the background build finishes', async () => {
  const errors: string[] = [];
  const editor = new EditorValidation({ schemaDir: schemaDir(), logger: { ...silent, error: (m) => errors.push(m) } });
  const building = editor.validator();
  const now = editor.activeValidator;
  assert.ok(now);
  assert.equal(await building, now);
  assert.equal(await editor.validator(), now);

  const off = new EditorValidation({ schemaDir: schemaDir(), kubernetesVersion: '1.99', logger: { ...silent, error: (m) => errors.push(m) } });
  assert.equal(await off.validator(), undefined);
  assert.equal(await off.validateIndex(new RepositoryIndex({ root: CORPUS, fs: nodeFileSystem })), undefined);
  assert.deepEqual(errors, [`Validation is off: no bundled schema for Kubernetes 1.99; available: ${loadSchemasVersions()}`]);
});

function loadSchemasVersions(): string {
  return JSON.parse(fs.readFileSync(path.join(schemaDir(), SCHEMA_FILES.manifest), 'utf8')).kubernetesVersions.join(', ');
}
