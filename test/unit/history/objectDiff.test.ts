import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedPaths } from '../../../src/core/history/objectDiff';
import { parsePullRequestRef } from '../../../src/core/history/pullRequestRef';

const deploy = (image: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'sidecar', image: 'envoy:1' }, { name: 'app', image, ...extra }] } },
  },
});

describe('changedPaths', () => {
  it('is empty for equal objects and names the changed leaf otherwise', () => {
    assert.deepEqual(changedPaths(deploy('a:1'), deploy('a:1')), []);
    assert.deepEqual(changedPaths(deploy('a:1'), deploy('a:2')), ['spec.template.spec.containers[name=app].image']);
  });
  it('matches list elements by name, so an insertion reports only the new element', () => {
    const before = deploy('a:1');
    const after = deploy('a:1');
    after.spec.template.spec.containers.unshift({ name: 'init', image: 'busybox' });
    assert.deepEqual(changedPaths(before, after), ['spec.template.spec.containers[name=init]']);
    const swapped = deploy('a:1');
    swapped.spec.template.spec.containers.reverse();
    assert.deepEqual(changedPaths(before, swapped), ['spec.template.spec.containers (order)']);
  });
  it('quotes keys that are not identifiers and reports added and removed fields', () => {
    const a = deploy('a:1');
    const b = deploy('a:1', { env: [{ name: 'X', value: '1' }] });
    (b.metadata.labels as Record<string, string>)['app.kubernetes.io/name'] = 'other';
    delete (b.spec as { replicas?: number }).replicas;
    assert.deepEqual(changedPaths(a, b).sort(), ['metadata.labels["app.kubernetes.io/name"]', 'spec.replicas', 'spec.template.spec.containers[name=app].env'].sort());
  });
  it('reports a whole object appearing or a scalar list changing length', () => {
    assert.deepEqual(changedPaths(undefined, { a: 1 }), ['.']);
    assert.deepEqual(changedPaths({ args: ['a'] }, { args: ['a', 'b'] }), ['args']);
    assert.deepEqual(changedPaths({ args: ['a', 'c'] }, { args: ['a', 'b'] }), ['args[1]']);
  });
});

describe('parsePullRequestRef', () => {
  it('reads GitHub merge and squash messages', () => {
    assert.deepEqual(parsePullRequestRef('Merge pull request #12 from me/branch\n\nBump'), { kind: 'pull', number: 12, text: 'Merge pull request #12' });
    assert.equal(parsePullRequestRef('Bump podinfo to 6.5 (#34)\n\n* a (#1)')?.number, 34);
  });
  it('reads GitLab and Bitbucket messages', () => {
    assert.deepEqual(parsePullRequestRef("Merge branch 'x' into 'main'\n\nTitle\n\nSee merge request infra/gitops!7"), {
      kind: 'merge-request',
      number: 7,
      project: 'infra/gitops',
      text: 'See merge request infra/gitops!7',
    });
    assert.equal(parsePullRequestRef('Merged in feature (pull request #5)\n\nx')?.number, 5);
  });
  it('finds nothing in ordinary messages', () => {
    assert.equal(parsePullRequestRef('Fix #12 in the base'), undefined);
    assert.equal(parsePullRequestRef('Issue (#12) mentioned mid-subject here'), undefined);
  });
});
