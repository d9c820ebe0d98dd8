import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitDocuments, parseDocuments, rangeOfPath, LineIndex, MAX_EXPANDED_NODES } from '../../../src/core/index/parse';

test('splits at column-0 markers only, skipping a comment preamble and empty documents', () => {
  const text = '# header\n---\na: 1\nb: |\n  --- not a marker (indented)\n---\n---\n# only a comment\n--- |\n  text\n...\n# after end\n---\nc: 3\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(chunks.map((c) => [c.index, c.contentStartLine, c.contentEndLine]), [[0, 2, 4], [1, -1, -1], [2, -1, -1], [3, 8, 9], [4, 13, 13]]);
  const { documents, errors } = parseDocuments('f.yaml', text);
  assert.deepEqual(errors, []);
  assert.deepEqual(documents.map((d) => [d.index, d.value]), [[0, { a: 1, b: '--- not a marker (indented)\n' }], [3, 'text\n'], [4, { c: 3 }]]);
});

test('handles CRLF line endings and a document without markers', () => {
  const { documents } = parseDocuments('f.yaml', 'apiVersion: v1\r\nkind: ConfigMap\r\n---\r\nkind: Secret\r\n');
  assert.equal(documents.length, 2);
  assert.deepEqual(documents.map((d) => [d.startLine, d.endLine]), [[0, 1], [3, 3]]);
  assert.deepEqual(documents[1].value, { kind: 'Secret' });
});

test('keeps Kubernetes scalar semantics: dates stay strings, merge keys merge', () => {
  const { documents } = parseDocuments('f.yaml', 'base: &b {x: 1}\nd: 2024-01-01\nm:\n  <<: *b\n  y: 2\n');
  assert.deepEqual(documents[0].value, { base: { x: 1 }, d: '2024-01-01', m: { x: 1, y: 2 } });
});

test('reports a duplicate key at the second occurrence and keeps the last value', () => {
  const { documents, errors } = parseDocuments('dup.yaml', 'kind: A\n---\nspec:\n  selector: 1\n  selector: 2\n');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'RC0002');
  assert.equal(errors[0].line, 4);
  assert.match(errors[0].message, /'selector'/);
  assert.deepEqual(documents[1].value, { spec: { selector: 2 } });
});

test('reports malformed YAML with its line and keeps the other documents', () => {
  const { documents, errors } = parseDocuments('bad.yaml', 'a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'RC0001');
  assert.ok(errors[0].line >= 2 && errors[0].line <= 4, `line ${errors[0].line}`);
  assert.deepEqual(documents.map((d) => d.value), [{ a: 1 }, undefined, { d: 4 }]);
});

test('refuses an alias bomb instead of expanding it', () => {
  let text = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n';
  let prev = 'a';
  for (const n of ['b', 'c', 'd', 'e', 'f', 'g', 'h']) {
    text += `${n}: &${n} [${Array(10).fill('*' + prev).join(',')}]\n`;
    prev = n;
  }
  const started = Date.now();
  const { errors } = parseDocuments('bomb.yaml', text);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, 'RC0004');
  assert.match(errors[0].message, new RegExp(MAX_EXPANDED_NODES.toLocaleString('en-US')));
  assert.ok(Date.now() - started < 2000);
});

test('rangeOfPath gives exact key and value ranges in the right document', () => {
  const text = 'kind: A\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
  const value = rangeOfPath('d.yaml', text, 1, ['spec', 'template', 'spec', 'containers', 0, 'image'], 'value');
  assert.ok(value);
  assert.equal(text.slice(value.start, value.end), 'nginx:1.27');
  assert.deepEqual(value.startPos, { line: 9, character: 17 });
  const key = rangeOfPath('d.yaml', text, 1, ['spec', 'template'], 'key');
  assert.ok(key);
  assert.equal(text.slice(key.start, key.end), 'template');
  // A missing leaf falls back to its deepest existing ancestor key.
  const missing = rangeOfPath('d.yaml', text, 1, ['spec', 'replicas'], 'key');
  assert.ok(missing);
  assert.equal(text.slice(missing.start, missing.end), 'spec');
  const whole = rangeOfPath('d.yaml', text, 1, []);
  assert.ok(whole);
  assert.equal(whole.startPos.line, 2);
  assert.equal(rangeOfPath('d.yaml', text, 7, ['x']), undefined);
});

test('LineIndex converts offsets both ways', () => {
  const li = new LineIndex('ab\ncd\n\nef');
  assert.deepEqual(li.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(li.positionAt(4), { line: 1, character: 1 });
  assert.deepEqual(li.positionAt(7), { line: 3, character: 0 });
  assert.equal(li.offsetAt(3, 1), 8);
  assert.equal(li.lineCount, 4);
});
