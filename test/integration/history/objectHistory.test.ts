// Object history on a real repository: exactly the commits that changed the overlay's rendered
// Deployment, with the right field paths; unrelated and no-op commits absent; working tree untouched.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { objectHistory } from '../../../src/core/history/objectHistory';
import { snapshotUserState } from '../../support/git/tempRepo';
import { applyStep, buildRepo, BuiltRepo, deploymentYaml, git, overlayKustomization, replicasPatch, Step } from './gitopsRepo';

const target = { kind: 'Deployment', name: 'web', namespace: 'prod' };

describe('objectHistory', () => {
  let repo: BuiltRepo;
  before(async () => {
    repo = await buildRepo();
    // Uncommitted edits must neither be read nor touched.
    await fs.writeFile(path.join(repo.dir, 'overlays/prod/replicas.yaml'), 'uncommitted: edit\n');
    await fs.writeFile(path.join(repo.dir, 'scratch.yaml'), 'kind: Untracked\n');
  });
  after(() => repo.cleanup());

  it('lists exactly the commits that changed the rendered object, newest first, with paths', async () => {
    const state = await snapshotUserState(repo.dir);
    const status = git(repo.dir, 'status', '--porcelain');
    const r = await objectHistory({ repoDir: repo.dir, appPath: 'overlays/prod', target, includeObjects: true });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const c = repo.commits;
    const got = r.value.entries.map((e) => ({ commit: e.commit, change: e.change, paths: e.paths, files: e.files }));
    assert.deepEqual(got, [
      { commit: c[7], change: 'modified', paths: ['spec.template.spec.containers[name=web].image'], files: ['overlays/prod/kustomization.yaml'] },
      { commit: c[3], change: 'modified', paths: ['spec.replicas'], files: ['overlays/prod/replicas.yaml'] },
      { commit: c[1], change: 'modified', paths: ['spec.template.spec.containers[name=web].env'], files: ['base/deployment.yaml'] },
      {
        commit: c[0],
        change: 'added',
        paths: [],
        files: ['base/deployment.yaml', 'base/kustomization.yaml', 'base/service.yaml', 'overlays/prod/kustomization.yaml', 'overlays/prod/replicas.yaml'],
      },
    ]);
    const image = r.value.entries[0];
    assert.equal(image.subject, 'prod: nginx 1.27.0');
    assert.equal(image.author, 'History Test');
    assert.ok(!Number.isNaN(Date.parse(image.date)));
    type C = { spec: { template: { spec: { containers: Array<{ image: string }> } } } };
    assert.equal((image.before as unknown as C).spec.template.spec.containers[0].image, 'nginx:1.25.1');
    assert.equal((image.after as unknown as C).spec.template.spec.containers[0].image, 'nginx:1.27.0');
    assert.deepEqual(r.value.entries[1].pullRequest, { kind: 'pull', number: 12, text: '(#12)' });
    // The docs commit is not even a candidate; the service, overridden-replicas and comment commits are
    // candidates whose render of this object did not change.
    assert.deepEqual(r.value.pathspec, ['base', 'overlays/prod']);
    assert.equal(r.value.scanned, 7);
    assert.equal(r.value.nextCursor, undefined);
    assert.deepEqual(await snapshotUserState(repo.dir), state);
    assert.equal(git(repo.dir, 'status', '--porcelain'), status);
  });

  it('pages through candidates with a cursor and finds the same entries', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await objectHistory({ repoDir: repo.dir, appPath: 'overlays/prod', target, pageSize: 3, cursor });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      seen.push(...r.value.entries.map((e) => e.commit));
      cursor = r.value.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [repo.commits[7], repo.commits[3], repo.commits[1], repo.commits[0]]);
  });

  it('gives the base object its own history (the overlay-only commits are absent)', async () => {
    const r = await objectHistory({ repoDir: repo.dir, appPath: 'base', target: { kind: 'Deployment', name: 'web' } });
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.entries.map((e) => [e.commit, e.paths]),
      [
        [repo.commits[5], ['spec.replicas']],
        [repo.commits[1], ['spec.template.spec.containers[name=web].env']],
        [repo.commits[0], []],
      ],
    );
    assert.deepEqual(r.value.pathspec, ['base']);
  });

  it('stops when cancelled and reports it as a value', async () => {
    let cancel = false;
    const token = { get isCancellationRequested() { return cancel; } };
    const r = await objectHistory({ repoDir: repo.dir, appPath: 'overlays/prod', target, token, progress: (done) => { if (done >= 2) cancel = true; } });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'cancelled');
  });

  it('says clearly when the repository, revision or cursor is wrong', async () => {
    const notRepo = await objectHistory({ repoDir: repo.root, appPath: 'x', target });
    assert.equal(!notRepo.ok && notRepo.error.code, 'not-a-repo');
    const badRev = await objectHistory({ repoDir: repo.dir, appPath: 'overlays/prod', target, rev: 'no-such-branch' });
    assert.equal(!badRev.ok && badRev.error.code, 'bad-revision');
    const badCursor = await objectHistory({ repoDir: repo.dir, appPath: 'overlays/prod', target, cursor: 'nonsense' });
    assert.equal(!badCursor.ok && badCursor.error.code, 'bad-cursor');
  });

  it('tells an object appearing, a broken render, its fix and a removal apart', async () => {
    const k = (...r: string[]) => `resources:\n${r.map((x) => `  - ${x}\n`).join('')}`;
    const steps: Step[] = [
      { message: 'readme', files: { 'README.md': '# repo\n' } },
      { message: 'add web', files: { 'apps/web/kustomization.yaml': k('deployment.yaml'), 'apps/web/deployment.yaml': deploymentYaml() } },
      { message: 'break the build', files: { 'apps/web/kustomization.yaml': k('deployment.yaml', 'missing.yaml') } },
      { message: 'fix the build', files: { 'apps/web/kustomization.yaml': k('deployment.yaml'), 'apps/web/deployment.yaml': deploymentYaml({ replicas: 4 }) } },
      { message: 'remove web', files: { 'apps/web/kustomization.yaml': k('other.yaml'), 'apps/web/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n' } },
    ];
    const plain = await buildRepo(steps);
    try {
      const r = await objectHistory({ repoDir: plain.dir, appPath: 'apps/web', target: { kind: 'Deployment', name: 'web' } });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(
        r.value.entries.map((e) => [e.subject, e.change, e.renderError !== undefined]),
        [
          ['remove web', 'removed', false],
          ['fix the build', 'render-fixed', false],
          ['break the build', 'render-broken', true],
          ['add web', 'added', false],
        ],
      );
      assert.match(r.value.entries[2].renderError ?? '', /missing\.yaml/);
    } finally {
      await plain.cleanup();
    }
  });

  it('shows a merged pull request as one entry with its number (first-parent history)', async () => {
    const merged = await buildRepo();
    try {
      git(merged.dir, 'checkout', '-q', '-b', 'bump');
      await applyStep(merged.dir, { message: 'bump nginx', files: { 'overlays/prod/kustomization.yaml': overlayKustomization('1.28.0') } });
      await applyStep(merged.dir, { message: 'scale to 9', files: { 'overlays/prod/replicas.yaml': replicasPatch(9) } });
      git(merged.dir, 'checkout', '-q', 'main');
      await applyStep(merged.dir, { message: 'docs on main', files: { 'docs/README.md': '# main\n' } });
      git(merged.dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #42 from acme/bump\n\nBump nginx and scale', 'bump');
      const r = await objectHistory({ repoDir: merged.dir, appPath: 'overlays/prod', target });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const top = r.value.entries[0];
      assert.equal(top.subject, 'Merge pull request #42 from acme/bump');
      assert.deepEqual(top.pullRequest, { kind: 'pull', number: 42, text: 'Merge pull request #42' });
      assert.deepEqual(top.paths, ['spec.replicas', 'spec.template.spec.containers[name=web].image']);
      assert.deepEqual(top.files, ['overlays/prod/kustomization.yaml', 'overlays/prod/replicas.yaml']);
      assert.equal(r.value.entries[1].commit, merged.commits[7], 'the branch commits are inside the merge entry');
    } finally {
      await merged.cleanup();
    }
  });

  it('follows the object into a base folder it no longer uses (the pathspec widens), across pages too', async () => {
    const overlayUsing = (base: string) => overlayKustomization('1.25.1').replace('../../base', `../../${base}`);
    const steps: Step[] = [
      {
        message: 'start with the legacy base',
        files: {
          'legacy/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
          'legacy/deployment.yaml': deploymentYaml(),
          'overlays/prod/kustomization.yaml': overlayUsing('legacy'),
          'overlays/prod/replicas.yaml': replicasPatch(3),
        },
      },
      { message: 'legacy: env red', files: { 'legacy/deployment.yaml': deploymentYaml({ env: 'red' }) } },
      { message: 'legacy: readme', files: { 'legacy/README.md': 'old\n' } },
      { message: 'legacy: env green', files: { 'legacy/deployment.yaml': deploymentYaml({ env: 'green' }) } },
      { message: 'add the new base', files: { 'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n', 'base/deployment.yaml': deploymentYaml({ env: 'green' }) } },
      { message: 'prod: move to the new base', files: { 'overlays/prod/kustomization.yaml': overlayUsing('base') } },
      { message: 'legacy: env blue (no longer used)', files: { 'legacy/deployment.yaml': deploymentYaml({ env: 'blue' }) } },
      { message: 'base: env yellow', files: { 'base/deployment.yaml': deploymentYaml({ env: 'yellow' }) } },
    ];
    const moved = await buildRepo(steps);
    try {
      const expected = ['base: env yellow', 'legacy: env green', 'legacy: env red', 'start with the legacy base'];
      const full = await objectHistory({ repoDir: moved.dir, appPath: 'overlays/prod', target });
      assert.ok(full.ok, full.ok ? '' : full.error.message);
      assert.deepEqual(full.value.entries.map((e) => e.subject), expected);
      assert.deepEqual(full.value.pathspec, ['base', 'legacy', 'overlays/prod']);
      assert.deepEqual(full.value.entries[1].files, ['legacy/deployment.yaml']);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const r = await objectHistory({ repoDir: moved.dir, appPath: 'overlays/prod', target, pageSize: 2, cursor });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        paged.push(...r.value.entries.map((e) => e.subject));
        cursor = r.value.nextCursor;
      } while (cursor);
      assert.deepEqual(paged, expected);
    } finally {
      await moved.cleanup();
    }
  });
});
