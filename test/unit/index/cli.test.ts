import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import { CliIO } from '../../../src/cli/command';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: CORPUS, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

test('reconcile index --format json has the documented shape with repo-relative paths and 1-based lines', async () => {
  const { code, out } = await run(['index', 'fluxcd__flux2-kustomize-helm-example', '--format', 'json']);
  assert.equal(code, 0);
  const j = JSON.parse(out);
  assert.equal(j.version, 1);
  assert.equal(typeof j.files, 'number');
  assert.equal(typeof j.documents, 'number');
  const ns = j.resources.find((r: { kind: string }) => r.kind === 'Namespace');
  assert.deepEqual(ns, { apiVersion: 'v1', kind: 'Namespace', namespace: null, name: 'podinfo', file: 'apps/base/podinfo/namespace.yaml', line: 1 });
  const issuer = j.resources.find((r: { kind: string }) => r.kind === 'ClusterIssuer');
  // The file starts with `---`, so the object begins on line 2.
  assert.equal(issuer.line, 2);
  assert.ok(j.kustomizations.some((k: { file: string; resources: string[] }) => k.file === 'apps/production/kustomization.yaml' && k.resources.includes('../base/podinfo')));
  assert.ok(j.apps.some((a: { kind: string; path: string }) => a.kind === 'FluxKustomization' && a.path === 'apps/production'));
  assert.deepEqual(j.errors, []);
});

test('reconcile index reports duplicate keys as errors with 1-based lines', async () => {
  const { code, out } = await run(['index', 'kubernetes__examples', '--format', 'json']);
  assert.equal(code, 0);
  const j = JSON.parse(out);
  assert.ok(j.errors.some((e: { file: string; line: number; code: string }) => e.file === '_archived/volumes/scaleio/sc-pvc.yaml' && e.line === 12 && e.code === 'RC0002'));
});

test('usage errors exit 2 with a message', async () => {
  const bad = await run(['index', '--format', 'xml']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format must be one of json, text/);
  const missing = await run(['index', 'no-such-dir']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /is not a directory/);
  const unknown = await run(['frobnicate']);
  assert.equal(unknown.code, 2);
  const text = await run(['index', 'fluxcd__flux2-multi-tenancy']);
  assert.equal(text.code, 0);
  assert.match(text.out, /^\d+ files, \d+ documents, \d+ objects/);
});
