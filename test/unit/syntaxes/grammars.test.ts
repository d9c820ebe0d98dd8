// The grammars, tokenized by the same engine VS Code uses (vscode-textmate + Oniguruma) over the real
// YAML grammar, with the injections wired as package.json contributes them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: Array<{ scopeName: string; path: string; injectTo?: string[]; language?: string }>; languages: Array<{ id: string; extensions?: string[] }> };
};

let registry: Registry;

before(async () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files = new Map<string, string>([['source.yaml', path.join(ROOT, 'node_modules/tm-grammars/grammars/yaml.json')]]);
  for (const g of pkg.contributes.grammars) files.set(g.scopeName, path.join(ROOT, g.path));
  registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      const file = files.get(scope);
      return file ? parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scope) => pkg.contributes.grammars.filter((g) => g.injectTo?.includes(scope)).map((g) => g.scopeName),
  });
});

function scopesAt(grammar: IGrammar, text: string, needle: string): string[][] {
  let state = INITIAL;
  const out: string[][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    const at = line.indexOf(needle);
    if (at === -1) continue;
    for (const t of r.tokens) if (t.startIndex < at + needle.length && t.endIndex > at) out.push(t.scopes);
  }
  assert.ok(out.length > 0, `'${needle}' not found`);
  return out;
}

test('package.json contributes the helm-template language and the three grammars', () => {
  assert.ok(pkg.contributes.languages.some((l) => l.id === 'helm-template'));
  const scopes = pkg.contributes.grammars.map((g) => g.scopeName).sort();
  assert.deepEqual(scopes, ['flux-substitution.injection', 'helm-template.injection', 'source.helm-template']);
});

test('Helm template actions are highlighted, inside plain scalars and quoted strings', async () => {
  const g = await registry.loadGrammar('source.helm-template');
  assert.ok(g);
  const text = 'metadata:\n  name: {{ include "chart.fullname" . }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n{{- if .Values.ingress.enabled }}\n{{/* a comment */}}\n';
  assert.ok(scopesAt(g, text, 'include').flat().includes('support.function.go-template'));
  assert.ok(scopesAt(g, text, '.Values.replicaCount').flat().includes('variable.other.member.go-template'));
  assert.ok(scopesAt(g, text, '.Values.image.repository').flat().includes('meta.embedded.block.go-template'));
  assert.ok(scopesAt(g, text, 'if').flat().includes('keyword.control.go-template'));
  assert.ok(scopesAt(g, text, 'a comment').flat().includes('comment.block.go-template'));
  // Plain YAML around the actions keeps YAML scopes.
  assert.ok(scopesAt(g, text, 'replicas').flat().some((s) => s.endsWith('.yaml')));
});

test('Flux ${VAR} substitutions are highlighted in YAML, escapes and comments are not', async () => {
  const g = await registry.loadGrammar('source.yaml');
  assert.ok(g);
  const text = 'data:\n  GREETING: Hello from ${cluster_name}\n  DOMAIN: "${domain:=example.com}"\n  LITERAL: $${not_substituted}\n# ${in_comment}\n';
  assert.ok(scopesAt(g, text, 'cluster_name').flat().includes('variable.other.flux-substitution'));
  const withDefault = scopesAt(g, text, 'example.com').flat();
  assert.ok(withDefault.includes('string.unquoted.default.flux'));
  assert.ok(scopesAt(g, text, 'not_substituted').flat().includes('constant.character.escape.flux'));
  assert.ok(!scopesAt(g, text, 'in_comment').flat().includes('variable.other.flux-substitution'));
});
