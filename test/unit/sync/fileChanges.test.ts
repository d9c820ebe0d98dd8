import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { objectChangesForFile } from '../../../src/core/sync/fileChanges';
import { slugify, syncBranchName } from '../../../src/core/sync/git/branchName';

const FILE = path.resolve(__dirname, '../../../../shared/corpus/fluxcd__flux2-kustomize-helm-example/infrastructure/controllers/cert-manager.yaml');

describe('objectChangesForFile', () => {
  it('finds created, changed and deleted objects of a real multi-document file', async () => {
    const text = await fs.readFile(FILE, 'utf8');
    const docs = text.split(/^---\n/m);
    assert.ok(docs.length >= 3);
    // docs[0] is the empty text before the leading `---`. Drop the first object (the Namespace),
    // change the last one, append a new one.
    const changed = '---\n' + docs.slice(2).join('---\n').replace(/interval: 12h/, 'interval: 6h') + '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: cert-manager\n';
    const list = objectChangesForFile('infrastructure/controllers/cert-manager.yaml', text, changed);
    const summary = list.map((c) => `${c.change} ${c.id.kind} ${c.id.namespace ?? ''}/${c.id.name}`).sort();
    assert.ok(summary.includes('create ConfigMap cert-manager/extra'), summary.join('\n'));
    assert.ok(summary.includes('delete Namespace /cert-manager'), summary.join('\n'));
    assert.ok(summary.includes('update HelmRelease cert-manager/cert-manager'), summary.join('\n'));
    assert.equal(list.length, 3);
    for (const c of list) {
      assert.equal(c.app, 'infrastructure/controllers');
      assert.match(c.diff ?? '', /^--- a\/infrastructure\/controllers\/cert-manager\.yaml\n\+\+\+ b\//);
    }
  });

  it('ignores reordering and non-Kubernetes documents', () => {
    const a = 'kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: b}\n---\nfoo: bar\n';
    const b = 'kind: B\nmetadata: {name: b}\n---\nkind: A\nmetadata: {name: a}\n---\nfoo: baz\n';
    assert.deepEqual(objectChangesForFile('x.yaml', a, b), []);
    assert.equal(objectChangesForFile('x.yaml', undefined, a).length, 2);
  });
});

describe('branch names', () => {
  it('slugs titles and appends the short commit hash', () => {
    assert.equal(slugify('Bump podinfo → 6.5 (prod!)'), 'bump-podinfo-6-5-prod');
    assert.equal(slugify('Ünïcödé title'), 'unicode-title');
    assert.equal(slugify('!!!'), 'change');
    assert.equal(slugify('a'.repeat(80)).length, 40);
    assert.equal(syncBranchName('Scale web', 'abcdef1234567890'), 'reconcile/scale-web-abcdef1');
  });
});
