// A run that checked nothing is not a pass: a CI step pointed at the wrong folder (or at a render that wrote
// nothing) exits 2 with the reason on stderr, and never prints a green summary.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initRepo, runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: info\n';
// Above the 5 MB limit: one ConfigMap with a big (valid) data value.
const HUGE = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dump\ndata:\n  blob: "${'x'.repeat(5 * 1024 * 1024 + 1)}"\n`;

describe('nothing found is not a pass', () => {
  let repo: string;
  const env = { RECONCILE_SCHEMA_DIR: schemaDir() };

  before(async () => {
    repo = await initRepo({
      '.gitignore': 'scratch/ignored.yaml\n',
      'apps/settings.yaml': CONFIGMAP,
      'scratch/README.md': '# Scratch\n\nRendered manifests go to out/.\n',
      'scratch/package.json': '{ "name": "scratch", "private": true }\n',
      'scratch/blob.yaml': new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x00, 0x01, 0x02]),
      'scratch/huge.yaml': HUGE,
      'scratch/ignored.yaml': CONFIGMAP,
      'scratch/empty.yaml': '# nothing rendered yet\n',
      'empty-kustomization/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n',
    });
    await fs.mkdir(path.join(repo, 'out'));
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('validate: exit 2, no summary on stdout in any format, the skipped files counted by reason', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = await runCli(['validate', 'scratch', '--format', format], { cwd: repo, env });
      assert.equal(r.code, 2, `${format}: ${r.stdout}`);
      assert.equal(r.stdout, '', format);
      assert.equal(
        r.stderr,
        'reconcile validate: nothing to check in scratch/: no Kubernetes manifest found, 6 files skipped (1 ignored by .gitignore or --exclude, 1 larger than 5 MB, 1 binary, 1 not YAML or JSON, 1 JSON without Kubernetes objects, 1 empty (no YAML document))\n',
      );
    }
  });

  it('validate: an empty folder and a named non-YAML file', async () => {
    const empty = await runCli(['validate', 'out'], { cwd: repo, env });
    assert.equal(empty.code, 2);
    assert.equal(empty.stdout, '');
    assert.match(empty.stderr, /nothing to check in out\/: no files there/);
    const readme = await runCli(['validate', 'scratch/README.md'], { cwd: repo, env });
    assert.equal(readme.code, 2);
    assert.match(readme.stderr, /nothing to check in scratch\/README\.md: no Kubernetes manifest found, 1 file skipped \(1 not YAML or JSON\)/);
  });

  it('validate: one empty input among others passes with a warning', async () => {
    const r = await runCli(['validate', 'apps', 'out'], { cwd: repo, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^1 files, 1 documents checked/m);
    assert.match(r.stderr, /warning: nothing to check in out\/: no files there/);
  });

  it('index: a folder with no manifest exits 2 and says why', async () => {
    const r = await runCli(['index', 'scratch', '--format', 'json'], { cwd: repo, env });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /reconcile index: nothing to index in scratch: no Kubernetes manifest found, 6 files skipped \(1 ignored by \.gitignore or --exclude, 1 larger than 5 MB, 1 binary, 1 not YAML or JSON, 1 JSON without Kubernetes objects, 1 empty/);
  });

  it('render: a plain folder with no manifest, and --validate on a render with no object, exit 2', async () => {
    const folder = await runCli(['render', 'out'], { cwd: repo, env });
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /nothing to render in out\/: no Kubernetes manifest in this folder/);
    const validated = await runCli(['render', 'empty-kustomization', '--validate'], { cwd: repo, env });
    assert.equal(validated.code, 2, validated.stderr);
    assert.match(validated.stderr, /--validate: nothing to check: the render produced no object/);
    assert.doesNotMatch(validated.stderr, /0 errors/);
    // Without --validate an empty kustomization renders to nothing, as `kustomize build` does.
    const plain = await runCli(['render', 'empty-kustomization'], { cwd: repo, env });
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout, '');
  });
});
