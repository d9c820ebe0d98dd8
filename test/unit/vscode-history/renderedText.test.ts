// The diff sides of a history entry: YAML of the rendered object, Secret values masked (a real Secret
// from the corpus, parsed from its file), a changed value visible as a different mask.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/core/types';
import { historySideTexts } from '../../../src/vscode/history/renderedText';

const SECRET = parse(readFileSync(`${__dirname}/../../fixtures/corpus/kubernetes__examples/_archived/volumes/iscsi/chap-secret.yaml`, 'utf8')) as KubeObject;
const clone = (o: KubeObject): KubeObject => JSON.parse(JSON.stringify(o)) as KubeObject;

describe('historySideTexts', () => {
  it('never shows Secret values; equal values get equal masks, a changed one a different mask', () => {
    const after = clone(SECRET);
    (after.data as Record<string, string>)['node.session.auth.password'] = Buffer.from('changed').toString('base64');
    const { before: b, after: a } = historySideTexts(SECRET, after);
    for (const value of Object.values(SECRET.data as Record<string, string>)) {
      assert.ok(!b.includes(value) && !a.includes(value), `value ${value} is masked`);
    }
    assert.ok(!a.includes(Buffer.from('changed').toString('base64')));
    assert.match(b, /node\.session\.auth\.password: "?\+{8}"?\n/);
    assert.match(a, /node\.session\.auth\.password: "?\+{9}"?\n/);
    assert.match(a, /node\.session\.auth\.username: "?\+{8}"?\n/);
    assert.equal((SECRET.data as Record<string, string>)['node.session.auth.password'], 'cGFzc3dvcmQ=', 'the inputs are not changed');
  });
  it('masks stringData too and leaves other kinds as rendered, in their key order', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { token: 'hunter2' } } as KubeObject;
    const { before, after } = historySideTexts(undefined, s);
    assert.equal(before, '# not present before this commit\n');
    assert.ok(!after.includes('hunter2'));
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { b: '1', a: '2' } } as KubeObject;
    assert.equal(historySideTexts(cm, cm).after, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  b: "1"\n  a: "2"\n');
    assert.equal(historySideTexts(cm, undefined, { after: 'the app did not render: boom' }).after, '# the app did not render: boom\n');
  });
});
