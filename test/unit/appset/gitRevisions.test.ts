// The git facts the CLI and the editor hand to the index for ApplicationSets (GitRevisions), on a real git
// repository: a generator naming the checked-out branch reads the working tree (an uncommitted folder
// counts), one naming another local branch reads that branch's tree through git, nothing runs git when
// git is not allowed (an untrusted workspace), and checking out another branch re-expands after refresh().
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitRevisions } from '../../../src/core/appset/gitRevisions';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { AppSetOptions } from '../../../src/core/index/appSetExpansions';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { initRepo } from '../../support/cli';
import { git } from '../../support/git/tempRepo';

const REMOTE = 'https://github.com/example/envs.git';

const appSet = (name: string, revision: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: ${name}
  namespace: argocd
spec:
  goTemplate: true
  generators:
  - git:
      repoURL: ${REMOTE}
      revision: ${revision}
      directories:
      - path: envs/*
  template:
    metadata:
      name: '${name}-{{.path.basename}}'
    spec:
      project: default
      source: {repoURL: ${REMOTE}, targetRevision: ${revision}, path: '{{.path.path}}'}
      destination: {server: https://kubernetes.default.svc, namespace: '{{.path.basename}}'}
`;

const overlay = 'resources: []\n';

async function indexed(root: string, appSets?: AppSetOptions): Promise<RepositoryIndex> {
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [REMOTE] }, appSets });
  await index.scan();
  return index;
}

const generated = (index: RepositoryIndex, appSetName: string) =>
  index
    .apps()
    .filter((a) => a.generatedBy?.name === appSetName)
    .map((a) => a.name)
    .sort();

const reasons = (index: RepositoryIndex, file: string) => (index.applicationSet(file, 0)?.notExpanded ?? []).map((n) => n.reason);

describe('GitRevisions: the checked-out branch and other revisions for git generators', () => {
  let root: string;
  before(async () => {
    // release: dev and legacy. main (checked out): dev and prod committed, qa only in the working tree.
    root = await initRepo({ 'envs/dev/kustomization.yaml': overlay, 'envs/legacy/kustomization.yaml': overlay });
    git(root, 'branch', 'release');
    fs.rmSync(path.join(root, 'envs/legacy'), { recursive: true });
    fs.mkdirSync(path.join(root, 'envs/prod'));
    fs.writeFileSync(path.join(root, 'envs/prod/kustomization.yaml'), overlay);
    fs.writeFileSync(path.join(root, 'on-branch.yaml'), appSet('onbranch', 'main'));
    fs.writeFileSync(path.join(root, 'on-release.yaml'), appSet('onrelease', 'release'));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'prod; legacy retired');
    fs.mkdirSync(path.join(root, 'envs/qa'));
    fs.writeFileSync(path.join(root, 'envs/qa/kustomization.yaml'), overlay);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('without git facts, generators naming a branch are not expanded (what the editor did before)', async () => {
    const index = await indexed(root);
    assert.deepEqual(generated(index, 'onbranch'), []);
    assert.deepEqual(reasons(index, 'on-branch.yaml'), ['revision main is not available locally (fetch it, or check it out, to expand this generator)']);
    assert.deepEqual(generated(index, 'onrelease'), []);
  });

  it('the checked-out branch reads the working tree; another local branch reads its own tree', async () => {
    const revisions = new GitRevisions(root);
    try {
      assert.equal(await revisions.currentBranch(), 'main');
      const index = await indexed(root, revisions.options);
      assert.deepEqual(generated(index, 'onbranch'), ['onbranch-dev', 'onbranch-prod', 'onbranch-qa']);
      assert.deepEqual(generated(index, 'onrelease'), ['onrelease-dev', 'onrelease-legacy']);
      assert.equal(index.apps().find((a) => a.name === 'onrelease-legacy')?.path, 'envs/legacy');
      assert.deepEqual(reasons(index, 'on-release.yaml'), []);
    } finally {
      revisions.dispose();
    }
  });

  it('runs no git when git is not allowed (an untrusted workspace), and reads once it is', async () => {
    let trusted = false;
    const revisions = new GitRevisions(root, () => trusted);
    try {
      assert.equal(await revisions.currentBranch(), undefined);
      assert.equal(await revisions.readRef('release'), undefined);
      const index = await indexed(root, revisions.options);
      assert.deepEqual(generated(index, 'onbranch'), []);
      assert.deepEqual(generated(index, 'onrelease'), []);
      trusted = true;
      await index.reexpandApplicationSets();
      assert.deepEqual(generated(index, 'onbranch'), ['onbranch-dev', 'onbranch-prod', 'onbranch-qa']);
      assert.deepEqual(generated(index, 'onrelease'), ['onrelease-dev', 'onrelease-legacy']);
    } finally {
      revisions.dispose();
    }
  });

  it('after a checkout, refresh() reports the new branch and re-expansion reads main from git', async () => {
    const revisions = new GitRevisions(root);
    try {
      const index = await indexed(root, revisions.options);
      const heard: string[][] = [];
      index.onDidChange((files) => heard.push(files));
      git(root, 'checkout', '-q', '-b', 'feature');
      assert.equal(await revisions.refresh(), true);
      assert.equal(await revisions.currentBranch(), 'feature');
      await index.reexpandApplicationSets();
      // main is no longer the working tree: its committed tree has no qa folder.
      assert.deepEqual(generated(index, 'onbranch'), ['onbranch-dev', 'onbranch-prod']);
      assert.deepEqual(heard.flat().sort(), ['on-branch.yaml', 'on-release.yaml']);
      assert.equal(await revisions.refresh(), false, 'nothing moved since');
    } finally {
      git(root, 'checkout', '-q', 'main');
      revisions.dispose();
    }
  });
});
