import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseObjectHistoryArg, parseRevertSyncArgs, requestFromResource } from '../../../src/vscode/history/historyArgs';

describe('parseObjectHistoryArg', () => {
  it('takes { kind, name, namespace?, app? } and normalises the app folder', () => {
    assert.deepEqual(parseObjectHistoryArg({ kind: 'Deployment', name: 'web', namespace: 'prod', app: './overlays/prod/' }), {
      target: { kind: 'Deployment', name: 'web', namespace: 'prod' },
      app: 'overlays/prod',
    });
    assert.deepEqual(parseObjectHistoryArg({ kind: 'Deployment', name: 'web', app: '.' }), { target: { kind: 'Deployment', name: 'web' }, app: '' });
  });
  it('takes a resource tree node and a ResourceEntry, keeping the apiVersion', () => {
    const resource = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo', namespace: 'podinfo', file: 'apps/base/podinfo/deployment.yaml', documentIndex: 0, line: 2, classification: 'kubernetes' };
    const expected = { target: { kind: 'Deployment', name: 'podinfo', namespace: 'podinfo', apiVersion: 'apps/v1' } };
    assert.deepEqual(parseObjectHistoryArg({ type: 'resource', id: 'x', label: 'podinfo', description: '', resource }), expected);
    assert.deepEqual(parseObjectHistoryArg(resource), expected);
    assert.deepEqual(requestFromResource(resource), expected);
  });
  it('takes a Drift view object node (DriftNode with its ObjectDrift)', () => {
    const node = { kind: 'object', id: 'd/apps/prod/Deployment/web', label: 'web', children: [], object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web', status: 'modified', changes: [] } };
    assert.deepEqual(parseObjectHistoryArg(node), { target: { kind: 'Deployment', name: 'web', namespace: 'prod', apiVersion: 'apps/v1' } });
  });
  it('takes a node carrying object.id with group and version', () => {
    assert.deepEqual(parseObjectHistoryArg({ kind: 'object', object: { id: { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'prod', name: 'web' } } }), {
      target: { kind: 'Deployment', name: 'web', namespace: 'prod', apiVersion: 'apps/v1' },
    });
  });
  it('refuses what names no object', () => {
    for (const bad of [undefined, null, 'Deployment/web', 42, {}, { kind: 'Deployment' }, { kind: ' ', name: 'x' }, { type: 'app', app: {} }]) {
      assert.equal(parseObjectHistoryArg(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('parseRevertSyncArgs', () => {
  it('takes an object, a history entry node or a commit id', () => {
    assert.deepEqual(parseRevertSyncArgs({ commit: 'abc123', title: ' Roll back ', remote: 'upstream', draft: true, base: 'main' }), {
      commit: 'abc123',
      title: 'Roll back',
      base: 'main',
      remote: 'upstream',
      draft: true,
    });
    assert.deepEqual(parseRevertSyncArgs({ type: 'entry', entry: { commit: 'def456', subject: 's' }, forge: true }), { commit: 'def456' });
    assert.deepEqual(parseRevertSyncArgs(' 0123abc '), { commit: '0123abc' });
  });
  it('gives no commit for nothing or junk (the command then asks)', () => {
    assert.deepEqual(parseRevertSyncArgs(undefined), {});
    assert.deepEqual(parseRevertSyncArgs(''), {});
    assert.equal(parseRevertSyncArgs({ commit: 7 }).commit, undefined);
  });
});
