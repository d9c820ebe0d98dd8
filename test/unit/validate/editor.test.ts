import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mappingPathAtLine, pathAtOffset } from '../../../src/core/validate/editor/pathAt';
import { fieldHelp, keyCompletions, valueCompletions } from '../../../src/core/validate/editor/schemaHelp';
import { IndexedDocument } from '../../../src/core/index/model';
import { newValidator } from './helpers';

const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx
          imagePullPolicy: Always
`;

function doc(text: string, value: unknown): IndexedDocument {
  return { file: 'd.yaml', index: 0, start: 0, end: text.length, startLine: 0, endLine: text.split('\n').length - 1, classification: 'kubernetes', value, apiVersion: 'apps/v1', kind: 'Deployment' };
}

const VALUE = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'Always' }] } } },
};

describe('editor helpers: paths under the cursor', () => {
  it('finds the key or value at an offset from the parsed document', () => {
    const at = TEXT.indexOf('imagePullPolicy') + 3;
    assert.deepEqual(pathAtOffset(TEXT, 0, at), { path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'], on: 'key' });
    assert.deepEqual(pathAtOffset(TEXT, 0, TEXT.indexOf('Always') + 1), { path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'], on: 'value' });
  });

  it('finds the enclosing mapping of a half-typed line from indentation', () => {
    const lines = (TEXT + '          ima\n').split('\n');
    assert.deepEqual(mappingPathAtLine(lines, 17, 13), ['spec', 'template', 'spec', 'containers', 0]);
    const lines2 = (TEXT + '        - na\n').split('\n');
    assert.deepEqual(mappingPathAtLine(lines2, 17, 12), ['spec', 'template', 'spec', 'containers', 0]);
    const lines3 = (TEXT + '      \n').split('\n');
    assert.deepEqual(mappingPathAtLine(lines3, 17, 6), ['spec', 'template', 'spec']);
    const top = (TEXT + 'st').split('\n');
    assert.deepEqual(mappingPathAtLine(top, 17, 2), []);
  });
});

describe('editor helpers: hover and completion from the schema', () => {
  const validator = newValidator();
  const d = doc(TEXT, VALUE);

  it('hover: type and description of a field', () => {
    const h = fieldHelp(validator, d, ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy']);
    assert.ok(h);
    assert.equal(h.type, 'string');
    assert.match(h.description ?? '', /Image pull policy/);
    assert.deepEqual(h.enum, ['Always', 'Never', 'IfNotPresent']);
    const c = fieldHelp(validator, d, ['spec', 'template', 'spec', 'containers']);
    assert.equal(c?.type, '[]Container');
    assert.equal(fieldHelp(validator, d, ['spec', 'selector'])?.required, true);
  });

  it('completion: missing keys of the mapping, required first; enum values', () => {
    const keys = keyCompletions(validator, d, ['spec', 'template', 'spec', 'containers', 0], new Set(['name', 'image']));
    assert.ok(keys.some((k) => k.label === 'imagePullPolicy'));
    assert.ok(!keys.some((k) => k.label === 'name'));
    const specKeys = keyCompletions(validator, d, ['spec'], new Set());
    assert.equal(specKeys[0].required, true);
    assert.deepEqual(
      valueCompletions(validator, d, ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy']).map((v) => v.label),
      ['Always', 'Never', 'IfNotPresent'],
    );
  });
});
