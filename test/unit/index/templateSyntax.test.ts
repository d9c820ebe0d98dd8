// `{{ }}` is template syntax only where the YAML parser says so (src/core/index/templateSyntax.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as jsyaml from 'js-yaml';
import { parseDocuments } from '../../../src/core/index/parse';
import { fillPlaceholders } from '../../../src/core/index/templateSyntax';

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alertmanager-templates\ndata:\n';

/** Where a `{{ }}` is text: every way a string value can hold it. */
const AS_TEXT: Array<[string, string]> = [
  ['double-quoted', '  a: "{{ $labels.namespace }}/{{ $labels.pod }}"\n'],
  ['single-quoted', "  a: '{{.path.basename}}'\n"],
  ['plain, after text', '  a: kube-state-metrics pods {{ $labels.pod }} are down\n'],
  ['literal block', '  a: |\n    {{ define "slack.text" }}{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}{{ end }}\n'],
  ['folded block', '  a: >-\n    {{ $value | humanizePercentage }} of requests fail\n'],
  ['flow sequence of quoted strings', '  a: ["{{ .x }}", "{{ .y }}"]\n'],
  ['a comment', '  # a: {{ .Values.a }}\n  a: b\n'],
];

/** Where YAML reads a `{{ }}` as a mapping: a template, not an object. */
const AS_MAPPING: Array<[string, string]> = [
  ['a value', '  replicas: {{replicas}}\n'],
  ['a Go-template value', '  a: {{ .Values.a }}\n'],
  ['a sequence item', '  a:\n  - {{ item }}\n'],
  ['inside a flow sequence', '  a: [{{x}}]\n'],
];

/** Where YAML cannot parse until the placeholders are filled in. */
const UNPARSABLE: Array<[string, string, number, number]> = [
  ['text after a placeholder', '  name: {{ .Name }}-svc\n', 5, 8],
  ['control lines', '{{- if .Values.enabled }}\n  a: b\n{{- end }}\n', 5, 0],
  ['a placeholder key', '  {{ .Key }}: value\n  {{ .Key2 }}: {{ .Value }}-x\n', 6, 2],
];

describe('{{ }} placeholders and the YAML parser', () => {
  for (const [where, body] of AS_TEXT) {
    it(`in ${where}: text, kept verbatim, not a template`, () => {
      const r = parseDocuments('cm.yaml', HEAD + body);
      assert.deepEqual(r.errors, []);
      assert.equal(r.documents[0].template, undefined);
      assert.deepEqual(r.documents[0].value, jsyaml.load(HEAD + body));
    });
  }

  for (const [where, body] of AS_MAPPING) {
    it(`as ${where}: the document is a template`, () => {
      const r = parseDocuments('t.yaml', HEAD + body);
      assert.deepEqual(r.errors, []);
      assert.equal(r.documents[0].template, true);
    });
  }

  for (const [where, body, line, character] of UNPARSABLE) {
    it(`${where}: an RC1002 note at the placeholder instead of a syntax error`, () => {
      const r = parseDocuments('t.yaml', HEAD + body);
      assert.deepEqual(
        r.errors.map((e) => ({ code: e.code, severity: e.severity, line: e.line, character: e.character })),
        [{ code: 'RC1002', severity: 'info', line, character }],
      );
    });
  }

  it('a syntax error elsewhere in a document with placeholders is still RC0001', () => {
    const r = parseDocuments('t.yaml', HEAD + '  a: "{{ .A }}"\n  b: [unclosed\n');
    assert.deepEqual(r.errors.map((e) => e.code), ['RC0001']);
  });

  it('placeholder keys are not duplicate keys; the same quoted key twice still is', () => {
    const keys = parseDocuments('t.yaml', HEAD + '  {{ .A }}: x\n  {{ .B }}: y\n');
    assert.deepEqual([keys.errors, keys.documents[0].template], [[], true]);
    const quoted = parseDocuments('t.yaml', HEAD + '  "{{ .A }}": x\n  "{{ .A }}": y\n');
    assert.deepEqual(quoted.errors.map((e) => e.code), ['RC0002']);
    assert.equal(quoted.documents[0].template, undefined);
  });

  it('only the document with the placeholders is affected, at its own lines', () => {
    const text = `${HEAD}  a: b\n---\n${HEAD}  name: {{ .Name }}-x\n---\n${HEAD}  c: d\n`;
    const r = parseDocuments('t.yaml', text);
    assert.deepEqual(r.errors.map((e) => [e.code, e.line, e.documentIndex]), [['RC1002', 12, 1]]);
    assert.equal(r.documents.filter((d) => d.value !== undefined).length, 2);
  });

  it('filling placeholders keeps every line where it was', () => {
    const src = '{{- if .x }}\na: {{ .a }}-b\n  {{ toYaml .c | nindent 2 }}\nd: e\n{{- end }}\n';
    const filled = fillPlaceholders(src);
    assert.equal(filled, '\na: xxxxxxxx-b\n\nd: e\n\n');
    assert.equal(filled.split('\n').length, src.split('\n').length);
  });
});
