// The repository builds, tests and demos in a clone with nothing beside it: no tracked file may point into
// a folder next to the checkout (`../shared`, in any spelling) or at this machine's absolute paths (/work/...).
// The schemas and corpora that used to come from ../shared are vendored (media/schemas, test/fixtures).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SELF = path.relative(ROOT, __filename).split(path.sep).join('/');

/**
 * Each rule is a path literal that leaves the checkout. `../shared` (any depth, either separator) counts when
 * it names the folder itself (a quote, backtick or `)` follows) or what it held (corpus/, schemas/,
 * conformance/, e2e/, hooks/, DESIGN.md, README.md). Not flagged: the krusty vectors' `- ../../shared`
 * kustomization resources and the engine's own escape tests (`../../shared/patch.yaml`), which live in the
 * tests' own temporary trees. `/work/` counts when it starts an absolute path naming something (not inside
 * a URL). /tmp/ and /root/ are left alone: real manifests mount them (mountPath: /tmp/ps).
 */
const RULES: Array<{ what: string; re: RegExp }> = [
  { what: '../shared', re: /(?:\.\.(?:\/|\\{1,2}))+shared(?:['"`)]|(?:\/|\\{1,2})(?:corpus|schemas|conformance|e2e|hooks|DESIGN\.md|README\.md)\b)/ },
  { what: "'..', 'shared' (path.join form)", re: /['"`]\.\.['"`]\s*,\s*['"`]shared['"`]/ },
  { what: 'an absolute /work/ path', re: /(?<![\w.~%-])\/work\/\w/ },
];

/** `file:line: rule: text` for every line of `text` that breaks a rule. */
export function offendingLines(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const rule of RULES) if (rule.re.test(line)) out.push(`${file}:${i + 1}: ${rule.what}: ${line.trim().slice(0, 160)}`);
  });
  return out;
}

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\0').filter(Boolean);
  return files.filter((f) => {
    if (f === SELF) return false;
    const p = path.join(ROOT, f);
    // Tracked but deleted in the working tree (someone's change in progress): nothing to read.
    if (!fs.existsSync(p) || !fs.statSync(p).isFile()) return false;
    const head = fs.readFileSync(p).subarray(0, 8000);
    return !head.includes(0);
  });
}

describe('the repository is self-contained', () => {
  it('the checker finds the forms that leave the checkout and leaves the vectors and manifests alone', () => {
    const bad = [
      "const CORPUS = path.resolve(__dirname, '../../../shared/corpus');",
      "const S = path.resolve(ROOT, '..', 'shared', 'schemas');",
      "const CORPUS = '/work/shared/corpus/fluxcd__flux2-kustomize-helm-example';",
      'Built from `../shared/schemas` at build time',
      'see `../shared`',
      "const win = '..\\\\shared\\\\corpus';",
      'the corpus in /work/shared/corpus (flux2 examples)',
      "import { x } from '../../../shared/e2e/recipe';",
    ];
    for (const line of bad) assert.equal(offendingLines('x', line).length, 1, line);
    const fine = [
      '     "content": "\\nresources:\\n  - ../../shared\\n\\nnamePrefix: component1-\\n"',
      '  - ../../shared',
      '        - mountPath: /tmp/ps',
      '      command: ["sh", "-c", "/root/apache-tomcat-7.0.42-v2/bin/start.sh"]',
      'see https://example.com/work/items for details',
      "const a = kubeconfig(dir, 'a', ['dev', 'shared'], 'dev');",
      "{ 'p.yaml': '../../shared/patch.yaml' }",
      'no path outside the repository (../shared, /work/...)',
    ];
    for (const line of fine) assert.deepEqual(offendingLines('x', line), [], line);
  });

  it('no tracked file points into ../shared or at /work/ (README.md and docs included)', () => {
    const files = trackedTextFiles();
    assert.ok(files.length > 100, `read ${files.length} tracked text files`);
    assert.ok(files.includes('test/fixtures/conformance/kustomize-krusty/api/krusty/basereusenameprefix_test.go'), 'vendored vectors are read too');
    const offenders = files.flatMap((f) => offendingLines(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(offenders, [], `vendor the material into the repository instead (test/fixtures, media/schemas; docs/schemas.md):\n${offenders.join('\n')}`);
  });
});
