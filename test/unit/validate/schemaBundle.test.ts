// The committed schema bundle (media/schemas): whole, made by today's converter, reproducible byte for byte,
// and copied (never rebuilt) into dist/schemas by the build.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildSchemas } from '../../../scripts/build-schemas';
import { copySchemas } from '../../../scripts/copy-schemas';
import { BUNDLE_DIR, PROJECT_ROOT, SOURCES_FILE, bundleContentHash, bundleProblems, converterFingerprint, readSchemaSources } from '../../../scripts/schemaBundle';
import { loadSchemas } from '../../../src/core/validate/schemas/loadSchemas';
import { CORPUS } from './schemaDir';

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `reconcile-${prefix}-`));
}

/** Every file of a folder with its bytes and modification time. */
function snapshot(dir: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, { bytes: fs.readFileSync(path.join(dir, f)), mtimeMs: fs.statSync(path.join(dir, f)).mtimeMs }]));
}

/** A ConfigMap-only OpenAPI v2 document in the upstream shape (one definition per kind, GVK extension). */
function swagger(description: string): unknown {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: 'unversioned' },
    definitions: {
      'io.k8s.api.core.v1.ConfigMap': {
        description,
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          data: { type: 'object', additionalProperties: { type: 'string' } },
        },
        'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
      },
    },
  };
}

/**
 * A source folder in the layout of the upstream documents: two releases, and one catalog schema taken from
 * the real cert-manager Order CRD of the vendored corpus.
 */
function sourceFolder(): string {
  const dir = tmp('schema-source');
  const openapi = path.join(dir, 'kubernetes-openapi-v2');
  fs.mkdirSync(openapi, { recursive: true });
  fs.writeFileSync(path.join(openapi, 'LICENSE.kubernetes-client-python'), 'Apache License 2.0 (test copy)\n');
  for (const v of ['1.33', '1.34']) fs.writeFileSync(path.join(openapi, `swagger-release-${v}.json`), JSON.stringify(swagger(`ConfigMap in ${v}`)));
  const crd = parse(fs.readFileSync(path.join(CORPUS, 'cert-manager__cert-manager/deploy/crds/acme.cert-manager.io_orders.yaml'), 'utf8')) as {
    spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: unknown } }> };
  };
  const catalog = path.join(dir, 'crds-catalog', 'acme.cert-manager.io');
  fs.mkdirSync(catalog, { recursive: true });
  fs.writeFileSync(path.join(dir, 'crds-catalog', 'LICENSE'), 'MIT License (test copy)\n');
  fs.writeFileSync(path.join(catalog, `order_${crd.spec.versions[0].name}.json`), JSON.stringify(crd.spec.versions[0].schema.openAPIV3Schema));
  return dir;
}

describe('the committed schema bundle (media/schemas)', () => {
  it('is whole: every release the manifest lists, the CRD catalog, and a content hash that matches', () => {
    assert.deepEqual(bundleProblems(BUNDLE_DIR), []);
    const loaded = loadSchemas(BUNDLE_DIR);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.error);
    assert.ok(Object.keys(loaded.value.crds.schemas).length > 50, 'the CRD catalog is bundled');
  });

  it("was made by today's converter (else: npm run schemas:update -- --source <upstream schemas>, docs/schemas.md)", () => {
    const sources = readSchemaSources(BUNDLE_DIR);
    assert.ok(sources, `${SOURCES_FILE} is missing from media/schemas`);
    assert.ok(sources.inputs.some((i) => i.path.startsWith('kubernetes-openapi-v2/')) && sources.inputs.some((i) => i.path.startsWith('crds-catalog/')));
    assert.equal(
      sources.converter,
      converterFingerprint(),
      'scripts/build-schemas.ts or a module it imports changed since media/schemas was generated: regenerate it (npm run schemas:update -- --source <dir>, see docs/schemas.md) and commit the result',
    );
  });
});

describe('schemas:update (scripts/build-schemas.ts)', () => {
  it('makes the same bytes every time, leaves unchanged files untouched, and records no build time', () => {
    const source = sourceFolder();
    const a = tmp('schemas-a');
    const b = tmp('schemas-b');
    try {
      buildSchemas(source, a);
      buildSchemas(source, b);
      const first = snapshot(a);
      assert.deepEqual([...first.keys()], [...snapshot(b).keys()]);
      for (const [f, { bytes }] of snapshot(b)) assert.ok(bytes.equals(first.get(f)?.bytes ?? Buffer.alloc(0)), `${f} differs between two builds`);

      buildSchemas(source, a);
      for (const [f, { mtimeMs }] of snapshot(a)) assert.equal(mtimeMs, first.get(f)?.mtimeMs, `${f} was rewritten with the same content`);

      const manifest = JSON.parse(fs.readFileSync(path.join(a, 'manifest.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(manifest).sort(), ['contentHash', 'defaultKubernetesVersion', 'kubernetesVersions']);
      assert.equal(manifest.contentHash, bundleContentHash(a));
      assert.deepEqual(bundleProblems(a), []);
      const loaded = loadSchemas(a, '1.33');
      assert.ok(loaded.ok && loaded.value.kubernetes.kinds['v1/ConfigMap'], 'the built release loads');
      assert.ok(loaded.ok && loaded.value.crds.schemas['acme.cert-manager.io/v1/order'], 'the catalog schema is converted');
    } finally {
      for (const d of [source, a, b]) fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('rewrites only what an upstream change touches, and drops a release that left the source', () => {
    const source = sourceFolder();
    const out = tmp('schemas-out');
    try {
      // A catalog in the format before JSON Lines, left from an older build: dropped like a release that left.
      fs.writeFileSync(path.join(out, 'crds.json.gz'), 'an older bundle format');
      buildSchemas(source, out);
      assert.ok(!fs.existsSync(path.join(out, 'crds.json.gz')), 'the old-format catalog is gone');
      assert.ok(fs.existsSync(path.join(out, 'crds.jsonl.gz')));
      const before = snapshot(out);
      fs.writeFileSync(path.join(source, 'kubernetes-openapi-v2', 'swagger-release-1.34.json'), JSON.stringify(swagger('ConfigMap, described anew')));
      fs.rmSync(path.join(source, 'kubernetes-openapi-v2', 'swagger-release-1.33.json'));
      buildSchemas(source, out);
      const after = snapshot(out);
      const changed = [...after].filter(([f, s]) => !before.get(f)?.bytes.equals(s.bytes)).map(([f]) => f);
      assert.deepEqual(changed.sort(), ['api-versions.json.gz', 'kubernetes-1.34.json.gz', 'manifest.json', SOURCES_FILE].sort());
      assert.ok(!after.has('kubernetes-1.33.json.gz'), 'the dropped release is gone from the bundle');
      assert.deepEqual(bundleProblems(out), []);
    } finally {
      for (const d of [source, out]) fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('needs --source, and says what is wrong with a folder that does not have the layout', () => {
    const script = path.join(PROJECT_ROOT, 'scripts', 'build-schemas.ts');
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const none = run([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--source is required/);
    const empty = tmp('schemas-empty');
    try {
      const bad = run(['--source', empty, '--out', path.join(empty, 'out')]);
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /kubernetes-openapi-v2 not found: .*docs\/schemas\.md/);
      assert.ok(!fs.existsSync(path.join(empty, 'out')), 'nothing written');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('build:schemas (scripts/copy-schemas.ts)', () => {
  it('replaces the output folder with the committed bundle', () => {
    const out = path.join(tmp('schemas-dist'), 'schemas');
    try {
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'kubernetes-1.20.json.gz'), 'left over from an older build');
      const r = copySchemas(BUNDLE_DIR, out);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(fs.readdirSync(out).sort(), fs.readdirSync(BUNDLE_DIR).sort());
      assert.equal(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'), fs.readFileSync(path.join(BUNDLE_DIR, 'manifest.json'), 'utf8'));
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('refuses a bundle whose files do not match its manifest, saying how to regenerate it', () => {
    const broken = tmp('schemas-broken');
    const out = path.join(broken, 'dist');
    try {
      fs.cpSync(BUNDLE_DIR, path.join(broken, 'bundle'), { recursive: true });
      fs.writeFileSync(path.join(broken, 'bundle', 'kubernetes-openapi.LICENSE'), 'edited by hand');
      const r = copySchemas(path.join(broken, 'bundle'), out);
      assert.ok(!r.ok);
      assert.match(r.error, /do not match its manifest\.json .*npm run schemas:update -- --source/);
      assert.ok(!fs.existsSync(out));
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });

  it('is what npm run build:schemas runs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts['build:schemas'], /scripts\/copy-schemas\.ts/);
    assert.match(pkg.scripts['schemas:update'], /scripts\/build-schemas\.ts/);
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'scripts', 'copy-schemas.ts'), '--out', path.join(os.tmpdir(), `reconcile-copy-${process.pid}`)], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.match(out, /media\/schemas → /);
    fs.rmSync(path.join(os.tmpdir(), `reconcile-copy-${process.pid}`), { recursive: true, force: true });
  });
});
