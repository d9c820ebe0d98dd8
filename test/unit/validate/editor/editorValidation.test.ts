// The editor builds its validator in the background and in slices (the schema bundle read, gunzipped off the main
// thread, decoded in pieces, the CRD catalog's JSON Lines parsed entry by entry on first use): the same data and the
// same cache as the CLI's loadSchemas, the same diagnostics on real repositories, the same error values for a broken
// bundle, and one validator per folder when hover asks before the background build is done.
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
import { crdCatalogLines, SCHEMA_FILES } from '../../../../src/core/validate/schemas/bundleFormat';
import { decodeCrdCatalog, loadSchemas } from '../../../../src/core/validate/schemas/loadSchemas';
import { Validator } from '../../../../src/core/validate/validator';
import { CORPUS, schemaDir } from '../schemaDir';

const silent = { info() {}, warn() {}, error() {} };

/** A copy of the bundle to break, in a temp directory. */
function bundleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-schemas-'));
  fs.cpSync(schemaDir(), dir, { recursive: true });
  return dir;
}

test('the sliced load gives loadSchemas’ data, from one cache, pausing while it decodes the Kubernetes release', async () => {
  const dir = bundleCopy();
  try {
    let pauses = 0;
    const sliced = await loadSchemasCooperatively(dir, '1.34', async () => void pauses++);
    assert.ok(sliced.ok);
    // One cache for both loaders: the CLI's load after the editor's is the same object, and so is another editor load.
    const whole = loadSchemas(dir, '1.34');
    assert.ok(whole.ok);
    assert.equal(whole.value, sliced.value);
    assert.equal((await loadSchemasCooperatively(dir, '1.34', async () => undefined) as { value: unknown }).value, sliced.value);
    const kubernetesBytes = zlib.gunzipSync(fs.readFileSync(path.join(dir, SCHEMA_FILES.kubernetes('1.34')))).length;
    assert.ok(pauses >= Math.floor(kubernetesBytes / (256 * 1024)), `${pauses} pauses for ${kubernetesBytes} bytes`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The same data as a load from scratch of the same files by the CLI's loader (another directory: another cache key).
  const other = bundleCopy();
  try {
    const sliced = await loadSchemasCooperatively(other, '1.33', async () => undefined);
    const whole = loadSchemas(schemaDir(), '1.33');
    assert.ok(sliced.ok && whole.ok);
    assert.notEqual(sliced.value, whole.value);
    assert.deepEqual(sliced.value.kubernetes, whole.value.kubernetes);
    assert.deepEqual(sliced.value.apiVersions, whole.value.apiVersions);
    assert.deepEqual(sliced.value.manifest, whole.value.manifest);
    assert.deepEqual(sliced.value.crds, whole.value.crds);
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});

test('the catalog is JSON Lines: the CLI and the editor parse a schema on its first read, once', async () => {
  const dir = bundleCopy();
  try {
    for (const loaded of [loadSchemas(dir, '1.30'), await loadSchemasCooperatively(dir, '1.36', async () => undefined)]) {
      assert.ok(loaded.ok);
      const schemas = loaded.value.crds.schemas;
      const first = Object.keys(schemas)[0];
      assert.equal(typeof Object.getOwnPropertyDescriptor(schemas, first)?.get, 'function', 'not parsed before use');
      const value = schemas[first];
      assert.equal(typeof value, 'object');
      assert.equal(schemas[first], value, 'the same object on the second read');
      assert.equal(Object.getOwnPropertyDescriptor(schemas, first)?.value, value);
      assert.equal(schemas['no.such/v1/kind'], undefined);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the catalog lines round-trip the real catalog, key order included', () => {
  const loaded = loadSchemas(schemaDir(), '1.34');
  assert.ok(loaded.ok);
  const catalog = { source: loaded.value.crds.source, license: loaded.value.crds.license, schemas: { ...loaded.value.crds.schemas } };
  assert.ok(Object.keys(catalog.schemas).length > 50, `${Object.keys(catalog.schemas).length} catalog entries`);
  const text = crdCatalogLines(catalog);
  // The committed file is exactly this serialization of the data it decodes to.
  assert.equal(zlib.gunzipSync(fs.readFileSync(path.join(schemaDir(), SCHEMA_FILES.crds))).toString('utf8'), text);
  const back = decodeCrdCatalog('x', Buffer.from(text));
  assert.ok(back.ok);
  assert.deepEqual(Object.keys(back.value.schemas), Object.keys(catalog.schemas));
  assert.deepEqual({ ...back.value, schemas: { ...back.value.schemas } }, catalog);
  // A description with a line break stays on its line (JSON escapes it).
  const odd = decodeCrdCatalog('x', Buffer.from(crdCatalogLines({ source: 's', license: 'l', schemas: { 'a/v1/b': { description: 'two\nlines', enum: ['ü'] } } })));
  assert.ok(odd.ok);
  assert.deepEqual(odd.value.schemas['a/v1/b'], { description: 'two\nlines', enum: ['ü'] });
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
    const file = path.join(dir, SCHEMA_FILES.crds);
    const bytes = zlib.gunzipSync(fs.readFileSync(file));
    // A catalog cut short: in the middle of an entry, and after a whole line.
    const cuts = [bytes.length >> 1, bytes.lastIndexOf(0x0a, bytes.length - 2) + 1];
    for (const [i, cut] of cuts.entries()) {
      const copy = path.join(os.tmpdir(), `reconcile-schemas-cut-${process.pid}-${i}`);
      fs.cpSync(dir, copy, { recursive: true });
      try {
        fs.writeFileSync(path.join(copy, SCHEMA_FILES.crds), zlib.gzipSync(bytes.subarray(0, cut)));
        const sliced = await loadSchemasCooperatively(copy, '1.34', pause);
        const whole = loadSchemas(copy, '1.34');
        assert.ok(!sliced.ok && !whole.ok);
        assert.equal(sliced.error, whole.error);
        assert.match(sliced.error, /cannot read schema file .*crds\.jsonl\.gz: .*the file is cut short.*npm run build:schemas/);
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }
    }
    // A line that is not JSON (a bundle edited by hand): said on the read of that schema, naming it.
    const lines = bytes.toString('utf8').split('\n');
    const key = (JSON.parse(lines[0]) as { keys: string[] }).keys[2];
    lines[3] = lines[3].slice(0, 40);
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')));
    const edited = loadSchemas(dir, '1.34');
    assert.ok(edited.ok);
    assert.throws(() => edited.value.crds.schemas[key], new RegExp(`cannot read schema file .*crds\\.jsonl\\.gz: line 4 \\(${key.replace(/\./g, '\\.')}\\): `));
    // And a missing file: said as loadSchemas says it.
    fs.rmSync(path.join(dir, SCHEMA_FILES.kubernetes('1.33')));
    const gone = await loadSchemasCooperatively(dir, '1.33', pause);
    assert.ok(!gone.ok);
    assert.equal(gone.error, (loadSchemas(dir, '1.33') as { error: string }).error);
    assert.match(gone.error, /cannot read schema file .*kubernetes-1\.33\.json\.gz: not found/);
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
  // Hover and completion (ValidationController.validator) wait for the background build rather than building again.
  const building = editor.validator();
  const hover = editor.validator();
  assert.equal(hover, building, 'the background build, borrowed');
  const built = await building;
  assert.ok(built);
  assert.equal(await editor.validator(), built);
  // Its schemas are the one cached load the CLI's loader also returns.
  const cli = loadSchemas(schemaDir());
  assert.ok(cli.ok);
  assert.equal(built.registry.schemas, cli.value);
  // A caller that cannot wait gets the same validator once it is built.
  assert.equal(editor.activeValidator, built);

  const off = new EditorValidation({ schemaDir: schemaDir(), kubernetesVersion: '1.99', logger: { ...silent, error: (m) => errors.push(m) } });
  assert.equal(await off.validator(), undefined);
  assert.equal(await off.validateIndex(new RepositoryIndex({ root: CORPUS, fs: nodeFileSystem })), undefined);
  assert.deepEqual(errors, [`Validation is off: no bundled schema for Kubernetes 1.99; available: ${loadSchemasVersions()}`]);
});

function loadSchemasVersions(): string {
  return JSON.parse(fs.readFileSync(path.join(schemaDir(), SCHEMA_FILES.manifest), 'utf8')).kubernetesVersions.join(', ');
}
