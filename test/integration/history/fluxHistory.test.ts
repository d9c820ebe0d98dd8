// History through a Flux Kustomization on a real GitOps repository (fluxcd/flux2-kustomize-helm-example):
// the Flux object's own fields (commonMetadata) count, as do the overlay's values patch and the base;
// the other cluster's and the infrastructure's commits do not.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { revertSync } from '../../../src/core/history/revert';
import { applyStep, buildRepo, BuiltRepo, git } from './gitopsRepo';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');

async function read(rel: string): Promise<string> {
  return fs.readFile(path.join(CORPUS, rel), 'utf8');
}

describe('history through a Flux Kustomization (corpus repository)', () => {
  let repo: BuiltRepo;
  const c: Record<string, string> = {};

  before(async () => {
    repo = await buildRepo([]);
    await fs.cp(CORPUS, repo.dir, { recursive: true });
    c.initial = await applyStep(repo.dir, { message: 'import the example', files: {} });
    const values = await read('apps/production/podinfo-values.yaml');
    c.values = await applyStep(repo.dir, { message: 'production: podinfo host', files: { 'apps/production/podinfo-values.yaml': values.replace('podinfo.production', 'podinfo.example.com') } });
    const infra = await read('clusters/production/infrastructure.yaml');
    c.infra = await applyStep(repo.dir, { message: 'infra: slower retries', files: { 'clusters/production/infrastructure.yaml': infra.replace(/retryInterval: 2m/g, 'retryInterval: 5m') } });
    const stagingValues = await read('apps/staging/podinfo-values.yaml');
    c.staging = await applyStep(repo.dir, { message: 'staging: values', files: { 'apps/staging/podinfo-values.yaml': stagingValues + '    extra: true\n' } });
    const apps = await read('clusters/production/apps.yaml');
    c.flux = await applyStep(repo.dir, {
      message: 'production apps: team label',
      files: { 'clusters/production/apps.yaml': apps.replace('  prune: true', '  prune: true\n  commonMetadata:\n    labels:\n      team: web') },
    });
    const release = await read('apps/base/podinfo/release.yaml');
    c.base = await applyStep(repo.dir, { message: 'base: podinfo interval', files: { 'apps/base/podinfo/release.yaml': release.replace(/interval: \S+/, 'interval: 30m') } });
  });
  after(() => repo.cleanup());

  it('lists the values patch, the Flux object and the base commits, and nothing else', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main(['history', 'HelmRelease/podinfo', '--namespace', 'podinfo', '--app', 'apps/production', '--format', 'json'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: repo.dir,
      env: {},
    });
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.deepEqual(out.object.fluxKustomization, { file: 'clusters/production/apps.yaml', name: 'apps' });
    const got = out.entries.map((e: { commit: string; paths: string[]; change: string }) => [e.commit, e.change, e.paths]);
    assert.deepEqual(got, [
      [c.base, 'modified', ['spec.interval']],
      [c.flux, 'modified', ['metadata.labels']],
      [c.values, 'modified', ['spec.values.httpRoute.hostnames[0]']],
      [c.initial, 'added', []],
    ]);
  });

  it('names the HelmRelease rolled back by reverting the values commit, rendered through Flux', async () => {
    const bare = path.join(repo.root, 'remote.git');
    git(repo.root, 'init', '-q', '--bare', '-b', 'main', bare);
    git(repo.dir, 'remote', 'add', 'origin', `file://${bare}`);
    git(repo.dir, 'push', '-q', 'origin', 'main');
    const r = await revertSync({ repoDir: repo.dir, commit: c.values, toolVersion: 'test' });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(
      r.value.objects.map((o) => [o.app, o.id.kind, o.id.namespace, o.id.name, o.change, o.paths]),
      [['apps/production', 'HelmRelease', 'podinfo', 'podinfo', 'update', ['spec.values.httpRoute.hostnames[0]']]],
    );
    assert.match(r.value.body, /-\s+- podinfo\.example\.com\n\+\s+- podinfo\.production/);
    assert.equal(git(bare, 'rev-parse', r.value.branch).trim(), r.value.commit);
  });
});
