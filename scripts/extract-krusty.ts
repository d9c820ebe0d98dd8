// Converts kustomize's krusty tests (api/krusty/*_test.go) into data: the straight-line cases that write
// files into an in-memory file system, build one directory with default options and compare the output
// with an expected YAML string (or expect an error). Anything else (plugins, helm, custom options, loops,
// table-driven subtests) is counted as not straight-line and left out.
// Usage: node --import tsx scripts/extract-krusty.ts [krustyDir] > writes test/conformance/krusty/cases.json
// (krustyDir is kustomize's api/krusty; default: the vendored copy in test/fixtures/conformance).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { goStringValue, matchBrace, skipGoString } from '../test/conformance/smp/goLiterals';

export const VENDORED_KRUSTY = resolve(__dirname, '..', 'test', 'fixtures', 'conformance', 'kustomize-krusty', 'api', 'krusty');

import type { KrustyCase, KrustyStep } from '../test/conformance/krusty/runKrustyCase';

export type { KrustyCase, KrustyStep };

/** Splits a function body into top-level statements (newline-separated at depth 0, strings skipped). */
function statements(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '`' || c === '"' || c === "'") i = skipGoString(body, i) - 1;
    else if (c === '/' && body[i + 1] === '/') {
      const nl = body.indexOf('\n', i);
      body = body.slice(0, i) + ' '.repeat((nl < 0 ? body.length : nl) - i) + (nl < 0 ? '' : body.slice(nl));
      i = (nl < 0 ? body.length : nl) - 1;
    } else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === '\n' && depth === 0) {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(body.slice(start).trim());
  return out.filter((s) => s !== '');
}

const STR = '(`[^`]*`|"(?:[^"\\\\\\n]|\\\\.)*"|[A-Za-z_][A-Za-z0-9_]*)';

function fileConstants(src: string): Map<string, string> {
  const consts = new Map<string, string>();
  for (const m of src.matchAll(/^(?:const|var)\s+([A-Za-z_]\w*)\s*=\s*(`[^`]*`|"(?:[^"\\\n]|\\.)*")/gm)) consts.set(m[1], goStringValue(m[2]));
  for (const block of src.matchAll(/^const\s*\(([\s\S]*?)^\)/gm)) {
    for (const m of block[1].matchAll(/^\s*([A-Za-z_]\w*)\s*=\s*(`[^`]*`|"(?:[^"\\\n]|\\.)*")/gm)) consts.set(m[1], goStringValue(m[2]));
  }
  return consts;
}

function value(token: string, consts: Map<string, string>): string | undefined {
  if (token.startsWith('`') || token.startsWith('"')) return goStringValue(token);
  return consts.get(token);
}

/** Helper functions `func writeX(th kusttest_test.Harness) { ... }` whose bodies only write files. */
const helpers = new Map<string, string>();

function convert(body: string, fileConsts: Map<string, string>, depth = 0): KrustyStep[] | string {
  const steps: KrustyStep[] = [];
  const consts = new Map(fileConsts);
  // Option variables: `opts := th.MakeDefaultOptions()`, optionally with Reorder set to legacy.
  const options = new Map<string, { order?: 'legacy' }>();
  const OPTS = '(th\\.MakeDefaultOptions\\(\\)|[A-Za-z_]\\w*)';
  const optsOf = (token: string): { order?: 'legacy' } | undefined => (token === 'th.MakeDefaultOptions()' ? {} : options.get(token));
  const stmts = statements(body);
  let pendingErr: KrustyStep | undefined;
  let m: RegExpExecArray | null;
  for (const s of stmts) {
    if (/^th\s*:?=\s*kusttest_test\.Make(?:Enhanced)?Harness\(t\)$/.test(s) || /^defer th\.Reset\(\)$/.test(s)) continue;
    if ((m = /^([A-Za-z_]\w*)\s*:=\s*th\.MakeDefaultOptions\(\)$/.exec(s))) {
      options.set(m[1], {});
      continue;
    }
    if ((m = /^([A-Za-z_]\w*)\.Reorder\s*=\s*krusty\.ReorderOptionLegacy$/.exec(s)) && options.has(m[1])) {
      options.set(m[1], { order: 'legacy' });
      continue;
    }
    if ((m = /^(?:const\s+|var\s+)?([A-Za-z_]\w*)\s*:?=\s*(`[^`]*`|"(?:[^"\\\n]|\\.)*")$/.exec(s))) {
      consts.set(m[1], goStringValue(m[2]));
      continue;
    }
    if ((m = /^([a-z]\w*)\(th\)$/.exec(s)) && helpers.has(m[1]) && depth < 3) {
      const sub = convert(helpers.get(m[1]) ?? '', fileConsts, depth + 1);
      if (typeof sub === 'string') return `helper ${m[1]}: ${sub}`;
      steps.push(...sub);
      continue;
    }
    if ((m = new RegExp(`^th\\.AssertActualEqualsExpected\\(\\s*th\\.Run\\(\\s*${STR}\\s*,\\s*${OPTS}\\s*\\)\\s*,\\s*${STR}\\s*,?\\s*\\)$`).exec(s))) {
      const path = value(m[1], consts);
      const o = optsOf(m[2]);
      const exp = value(m[3], consts);
      if (path === undefined || exp === undefined || o === undefined) return 'unresolved argument';
      steps.push({ op: 'run', path, expected: exp, ...o });
      continue;
    }
    if ((m = new RegExp(`^th\\.Write([KF])\\(\\s*${STR}\\s*,\\s*${STR}\\s*\\)$`).exec(s))) {
      const path = value(m[2], consts);
      const content = value(m[3], consts);
      if (path === undefined || content === undefined) return `unresolved argument in ${s.slice(0, 60)}`;
      steps.push({ op: 'write', path: m[1] === 'K' ? join(path, 'kustomization.yaml') : path, content });
      continue;
    }
    if (/^th\.Reset\(\)$/.test(s)) {
      steps.push({ op: 'reset' });
      continue;
    }
    if ((m = new RegExp(`^m\\s*:?=\\s*th\\.Run\\(\\s*${STR}\\s*,\\s*${OPTS}\\s*\\)$`).exec(s))) {
      const path = value(m[1], consts);
      const o = optsOf(m[2]);
      if (path === undefined || o === undefined) return 'unresolved run path or options';
      steps.push({ op: 'run', path, ...o });
      continue;
    }
    if ((m = new RegExp(`^th\\.AssertActualEqualsExpected\\(\\s*m\\s*,\\s*${STR}\\s*\\)$`).exec(s))) {
      const last = steps[steps.length - 1];
      const exp = value(m[1], consts);
      if (!last || last.op !== 'run' || last.expected !== undefined || exp === undefined) return 'assert without a run';
      last.expected = exp;
      continue;
    }
    if ((m = new RegExp(`^err\\s*:?=\\s*th\\.RunWithErr\\(\\s*${STR}\\s*,\\s*${OPTS}\\s*\\)$`).exec(s))) {
      const path = value(m[1], consts);
      const o = optsOf(m[2]);
      if (path === undefined || o === undefined) return 'unresolved run path or options';
      pendingErr = { op: 'run', path, expectError: [], ...o };
      steps.push(pendingErr);
      continue;
    }
    if (pendingErr && /^(if\s|require\.|assert\.)/.test(s) && /err/.test(s)) {
      for (const x of s.matchAll(/(?:Contains\(\s*(?:t,\s*)?err\.Error\(\),\s*|EqualError\(t,\s*err,\s*|ErrorContains\(t,\s*err,\s*)((?:`[^`]*`|"(?:[^"\\\n]|\\.)*")(?:\s*\+\s*(?:`[^`]*`|"(?:[^"\\\n]|\\.)*"))*)/g)) {
        pendingErr.expectError?.push(x[1].split(/\s*\+\s*/).map((p) => goStringValue(p.trim())).join(''));
      }
      continue;
    }
    return `not straight-line: ${s.split('\n')[0].slice(0, 80)}`;
  }
  const runs = steps.filter((x) => x.op === 'run');
  if (runs.length === 0) return depth > 0 ? steps : 'no build';
  if (runs.some((r) => r.expected === undefined && r.expectError === undefined)) return 'build result not compared';
  return steps;
}

export function extract(krustyDir: string): { cases: KrustyCase[]; skipped: Array<{ file: string; name: string; reason: string }> } {
  const cases: KrustyCase[] = [];
  const skipped: Array<{ file: string; name: string; reason: string }> = [];
  const files = readdirSync(krustyDir).filter((f) => f.endsWith('_test.go')).sort();
  const allConsts = new Map<string, string>();
  for (const file of files) {
    const src = readFileSync(join(krustyDir, file), 'utf8');
    for (const [k, v] of fileConstants(src)) allConsts.set(k, v);
    for (const fm of src.matchAll(/^func ([a-z]\w*)\(th kusttest_test\.Harness\) \{/gm)) {
      const open = (fm.index ?? 0) + fm[0].length - 1;
      helpers.set(fm[1], src.slice(open + 1, matchBrace(src, open)));
    }
  }
  for (const file of files) {
    const src = readFileSync(join(krustyDir, file), 'utf8');
    const consts = new Map([...allConsts, ...fileConstants(src)]);
    for (const fm of src.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{/gm)) {
      const open = (fm.index ?? 0) + fm[0].length - 1;
      const body = src.slice(open + 1, matchBrace(src, open));
      const r = convert(body, consts);
      if (typeof r === 'string') skipped.push({ file, name: fm[1], reason: r });
      else cases.push({ file, name: fm[1], steps: r });
    }
  }
  return { cases, skipped };
}

if (require.main === module) {
  const dir = process.argv[2] ?? (existsSync(VENDORED_KRUSTY) ? VENDORED_KRUSTY : undefined);
  if (!dir) {
    process.stderr.write('usage: node --import tsx scripts/extract-krusty.ts <kustomize/api/krusty dir> (no vendored copy in test/fixtures/conformance)\n');
    process.exit(2);
  }
  if (!existsSync(dir)) {
    process.stderr.write(`extract-krusty: no such folder: ${dir} (expected kustomize's api/krusty with its *_test.go files)\n`);
    process.exit(2);
  }
  const { cases, skipped } = extract(dir);
  const out = join(__dirname, '..', 'test', 'conformance', 'krusty', 'cases.json');
  writeFileSync(out, JSON.stringify({ source: 'kubernetes-sigs/kustomize api/krusty @ 12f9e6391464b3ad9dd3fe8182049dc1b1772990 (Apache-2.0)', cases, skipped }, null, 1) + '\n');
  process.stdout.write(`${cases.length} straight-line cases, ${skipped.length} other tests → ${out}\n`);
}
