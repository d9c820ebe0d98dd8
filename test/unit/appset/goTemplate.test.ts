// The Go text/template interpreter against what Go's text/template (with Sprig, as Argo CD configures it)
// prints for the same template and data. Expected texts are Go's, including its error messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingKeyOption, renderGoTemplate } from '../../../src/core/appset/gotemplate/template';
import { formatFloatG, toGoValue } from '../../../src/core/appset/gotemplate/values';
import { sprintf } from '../../../src/core/appset/gotemplate/printf';

const data = toGoValue({
  path: { path: 'apps/guest_book', basename: 'guest_book', segments: ['apps', 'guest_book'] },
  cluster: { name: 'prod-eu', server: 'https://10.0.0.1', labels: { env: 'prod', tier: '1' } },
  replicas: 3,
  big: 1000000,
  ratio: 0.5,
  enabled: true,
  empty: '',
  nothing: null,
  list: ['a', 'b', 'c'],
  values: { region: 'eu-west-1' },
});

function ok(template: string, expected: string, options: Parameters<typeof renderGoTemplate>[2] = {}): void {
  const r = renderGoTemplate(template, data, options);
  assert.deepEqual(r, { ok: true, text: expected }, template);
}

function err(template: string, expected: string, options: Parameters<typeof renderGoTemplate>[2] = {}): void {
  const r = renderGoTemplate(template, data, options);
  assert.equal(r.ok, false, `${template} should fail`);
  assert.equal(!r.ok && r.error, expected);
}

describe('Go template: fields, variables and printing', () => {
  it('walks field chains and prints values the way fmt does', () => {
    ok('{{.path.basename}}', 'guest_book');
    ok('{{ .cluster.labels.env }}-{{.cluster.name}}', 'prod-prod-eu');
    ok('{{.replicas}} {{.big}} {{.ratio}} {{.enabled}} {{3}} {{-2}} {{1.5}} {{0x1F}}', '3 1e+06 0.5 true 3 -2 1.5 31');
    ok('{{.list}} {{.cluster.labels}}', '[a b c] map[env:prod tier:1]');
    ok('{{ .nothing }}|{{ .missing }}|{{ .missing.deeper }}', '<no value>|<no value>|<no value>');
  });
  it('declares, assigns and scopes variables', () => {
    ok('{{ $n := .cluster.name }}{{ $n }}', 'prod-eu');
    ok('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2');
    ok('{{ $.path.basename }}{{ with .cluster }}/{{ .name }}/{{ $.replicas }}{{ end }}', 'guest_book/prod-eu/3');
    err('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}', 'template: :1: undefined variable "$y"');
  });
  it('evaluates pipelines and parenthesised arguments', () => {
    ok('{{ .path.basename | upper | printf "%s-app" }}', 'GUEST_BOOK-app');
    ok('{{ printf "%s-%s" (index .path.segments 0) (.cluster.name | upper) }}', 'apps-PROD-EU');
    ok('{{ (index .list 1) }}{{ (.cluster).name }}', 'bprod-eu');
  });
  it('trims whitespace around {{- and -}} and drops comments', () => {
    ok('a  \n {{- .cluster.name -}} \n  b', 'aprod-eub');
    ok('x {{/* a comment */}} y {{- /* trimmed */ -}} z', 'x  yz');
    ok('{{ -3 }}', '-3');
  });
});

describe('Go template: control structures', () => {
  it('if / else if / else with Go truth', () => {
    ok('{{ if .enabled }}on{{ else }}off{{ end }}', 'on');
    ok('{{ if .empty }}a{{ else if .list }}b{{ else }}c{{ end }}', 'b');
    ok('{{ if .nothing }}a{{ else if eq .cluster.name "x" }}b{{ else }}c{{ end }}', 'c');
    ok('{{ if and .enabled (not .empty) }}y{{ end }}{{ or .empty .missing "z" }}', 'yz');
  });
  it('range over lists, maps (sorted keys) and ints, with else, break and continue', () => {
    ok('{{ range $i, $e := .list }}{{ $i }}:{{ $e }} {{ end }}', '0:a 1:b 2:c ');
    ok('{{ range $k, $v := .cluster.labels }}{{ $k }}={{ $v }};{{ end }}', 'env=prod;tier=1;');
    ok('{{ range .missing }}x{{ else }}none{{ end }}', 'none');
    ok('{{ range 4 }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}', '02');
    ok('{{ range .list }}{{ . }}{{ $.replicas }}{{ end }}', 'a3b3c3');
  });
  it('with sets the dot and supports else with', () => {
    ok('{{ with .values.region }}{{ . }}{{ end }}', 'eu-west-1');
    ok('{{ with .missing }}x{{ else with .cluster.name }}{{ . }}{{ end }}', 'prod-eu');
  });
});

describe('Go template: builtins and Sprig', () => {
  it('index, len, comparisons', () => {
    ok('{{ index .path.segments 1 }} {{ index .cluster "labels" "env" }} {{ len .list }} {{ len "héllo" }}', 'guest_book prod 3 6');
    ok('{{ eq .cluster.name "a" "prod-eu" }} {{ ne 1 2 }} {{ lt 1 2 }} {{ ge "b" "a" }} {{ gt .replicas 2.5 }}', 'true true true true true');
  });
  it('the string functions ApplicationSets use', () => {
    ok('{{ lower "AbC" }} {{ upper "x" }} {{ trim "  x  " }} {{ trunc 3 "abcdef" }} {{ trunc -2 "abcdef" }}', 'abc X x abc ef');
    ok('{{ replace "_" "-" .path.basename }} {{ hasPrefix "prod" .cluster.name }} {{ hasSuffix "eu" .cluster.name }} {{ contains "od" "prod" }}', 'guest-book true true true');
    ok('{{ quote .cluster.name 3 }} {{ squote "a" }} {{ b64enc "admin" }} {{ b64dec "YWRtaW4=" }}', '"prod-eu" "3" \'a\' YWRtaW4= admin');
    ok('{{ trimPrefix "apps/" .path.path }} {{ trimSuffix "_book" .path.basename }} {{ join "," .list }} {{ splitList "/" .path.path | last }}', 'guest_book guest a,b,c guest_book');
    ok('{{ normalize "My_App.Prod!" }} {{ slugify "My_App.Prod" }} {{ slugify 10 true "hello-big-world" }}', 'my-app.prod my-app-prod hello-big');
    ok('{{ "a\\tb" }} {{ `raw\\n` }} {{ \'A\' }}', 'a\tb raw\\n 65');
  });
  it('defaults, lists, dicts and arithmetic', () => {
    ok('{{ default "fallback" .missing }} {{ .empty | default "e" }} {{ default "d" .cluster.name }} {{ coalesce .empty .nothing "c" }}', 'fallback e prod-eu c');
    ok('{{ list 1 "a" | toJson }} {{ dict "b" 1 "a" "x" | toJson }} {{ hasKey .cluster "name" }} {{ get .values "region" }}', '[1,"a"] {"a":"x","b":1} true eu-west-1');
    ok('{{ add 1 2 .replicas }} {{ sub 10 .replicas }} {{ mul 2 3 }} {{ div 7 2 }} {{ mod 7 2 }} {{ max 1 5 3 }} {{ int "42" }} {{ add1 .replicas }}', '6 7 6 3 1 5 42 4');
    ok('{{ ternary "y" "n" .enabled }} {{ empty .empty }} {{ has "b" .list }} {{ first .list }} {{ uniq (list 1 1 2) }}', 'y true true a [1 2]');
  });
  it('toJson, toYaml, fromYaml and printf', () => {
    ok('{{ toJson .cluster }}', '{"labels":{"env":"prod","tier":"1"},"name":"prod-eu","server":"https://10.0.0.1"}');
    ok('{{ toJson "<a&b>" }}', '"\\u003ca\\u0026b\\u003e"');
    ok('{{ toYaml .cluster.labels }}', 'env: prod\ntier: "1"');
    ok('{{ $m := fromYaml "a: 1\\nb: [x]" }}{{ $m.a }} {{ index $m.b 0 }}', '1 x');
    ok('{{ printf "%s/%d/%v/%q/%5.2f/%-4s|" "a" 7 .ratio "q" 3.14159 "x" }}', 'a/7/0.5/"q"/ 3.14/x   |');
    ok('{{ .cluster.name | indent 2 }}{{ "x" | nindent 1 }}', '  prod-eu\n x');
  });
});

describe('Go template: errors carry Go\'s texts', () => {
  it('missingkey=error reports the missing key with its position', () => {
    err('{{.cluster}}-{{.nope}}', 'template: :1:15: executing "" at <.nope>: map has no entry for key "nope"', { missingKey: 'error' });
    err('name: {{ .a.b }}', 'template: :1:9: executing "" at <.a.b>: map has no entry for key "a"', { missingKey: 'error' });
    err('x\n  {{ .cluster.zone }}', 'template: :2:5: executing "" at <.cluster.zone>: map has no entry for key "zone"', { missingKey: 'error' });
  });
  it('missingkey=zero and default differ only inside chains', () => {
    ok('{{ .nope }}', '<no value>', { missingKey: 'zero' });
    err('{{ .nope.x }}', 'template: :1:3: executing "" at <.nope.x>: nil pointer evaluating interface {}.x', { missingKey: 'zero' });
  });
  it('type and argument errors', () => {
    err('{{ eq .replicas 3 }}', 'template: :1:3: executing "" at <eq .replicas 3>: error calling eq: incompatible types for comparison');
    err('{{ .cluster.name.first }}', 'template: :1:3: executing "" at <.cluster.name.first>: can\'t evaluate field first in type interface {}');
    err('{{ upper .replicas }}', 'template: :1:9: executing "" at <.replicas>: wrong type for value; expected string; got float64');
    err('{{ upper .missing }}', 'template: :1:9: executing "" at <.missing>: invalid value; expected string');
    err('{{ trunc }}', 'template: :1:3: executing "" at <trunc>: wrong number of args for trunc: want 2 got 0');
    err('{{ index .list 5 }}', 'template: :1:3: executing "" at <index .list 5>: error calling index: index out of range: 5');
    err('{{ .path.basename 1 }}', 'template: :1:3: executing "" at <.path.basename>: basename is not a method but has arguments');
    err('{{ .replicas | upper }}', 'template: :1:15: executing "" at <upper>: wrong type for value; expected string; got float64');
    err('{{ fail "boom" }}', 'template: :1:3: executing "" at <fail "boom">: error calling fail: boom');
  });
  it('syntax errors', () => {
    err('{{ nosuch .x }}', 'template: :1: function "nosuch" not defined');
    err('{{ if .x }}a', 'template: :1: unexpected EOF');
    err('{{ end }}', 'template: :1: unexpected {{end}}');
    err('{{ .x', 'template: :1: unclosed action');
    err('{{ "abc }}', 'template: :1: unterminated quoted string');
    err('{{ break }}', 'template: :1: {{break}} outside {{range}}');
    assert.match((renderGoTemplate('{{ now }}', data) as { error: string }).error, /not defined \(Argo CD has it, but Reconcile's offline expansion does not support it\)/);
  });
});

describe('Go formatting helpers', () => {
  it('float64 prints like strconv.FormatFloat(f, g, -1, 64)', () => {
    const cases: Array<[number, string]> = [[3, '3'], [100000, '100000'], [1e6, '1e+06'], [1234567, '1.234567e+06'], [0.0001, '0.0001'], [0.00001, '1e-05'], [-2.5, '-2.5'], [1e21, '1e+21'], [123.456, '123.456']];
    for (const [v, s] of cases) assert.equal(formatFloatG(v), s, String(v));
  });
  it('printf reports missing and extra arguments like fmt', () => {
    assert.equal(sprintf('%s %s', ['a']), 'a %!s(MISSING)');
    assert.equal(sprintf('%s', ['a', 2n]), 'a%!(EXTRA int=2)');
    assert.equal(sprintf('%d', [1.5]), '%!d(float64=1.5)');
  });
  it('goTemplateOptions map to missingkey modes', () => {
    assert.deepEqual(missingKeyOption(['missingkey=error']), { missingKey: 'error', unknown: [] });
    assert.deepEqual(missingKeyOption(['missingkey=invalid', 'bogus']), { missingKey: 'default', unknown: ['bogus'] });
  });
});
