// kubeconform's own acceptance tests (test/fixtures/conformance/kubeconform-fixtures/*.bats), read at test time:
// every `run bin/kubeconform ... fixtures/x` with an expected exit status becomes a case. Cases about
// kubeconform's CLI, download locations or caches have no Reconcile equivalent and are listed as such;
// every other case must agree on pass/fail, or be one of the documented differences below.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RepositoryIndex } from '../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../src/core/index/nodeFileSystem';
import { Validator } from '../../src/core/validate/validator';
import { JsonSchema } from '../../src/core/validate/schemas/bundleFormat';
import { schemaDir, CONFORMANCE } from '../unit/validate/schemaDir';

const FIXTURES = path.join(CONFORMANCE, 'kubeconform-fixtures');

/** Where Reconcile deliberately differs from kubeconform, and why (also listed in docs/validation.md). */
export const DOCUMENTED_DIFFERENCES: Record<string, string> = {
  'Fail when parsing a config that is missing a Kind':
    'The fixture is `key: value`: with neither apiVersion nor kind it is not a Kubernetes object, and repositories are full of such YAML (CI, configs). Reconcile reports RC1001 only when one of the two keys is present (missing_kind_value.yaml, missing_apiversion.yaml agree).',
  'Fail when parsing a config with CRD':
    'A kind with no schema is an information note (RC1204), never an error (issue 3); kubeconform needs -ignore-missing-schemas for the same result.',
  'Pass when parsing a config with additional properties':
    'Reconcile is always strict (like kubeconform -strict): the API server rejects or silently drops unknown fields, so RC1102 is an error. The fixture\'s DaemonSet also selects labels its pod template lacks (RC1301), which the API server rejects too.',
  'Pass when parsing a config with duplicate properties and strict NOT set':
    'Duplicate mapping keys are always reported (RC0002): Kubernetes and kustomize keep only the last value, a silent bug. The fixture also has the unknown field and selector problems of extra_property.yaml.',
};

interface BatsCase {
  file: string;
  title: string;
  command: string;
  expectedStatus: number;
}

function readBats(file: string): BatsCase[] {
  const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
  const out: BatsCase[] = [];
  for (const m of text.matchAll(/^@test "([^"]+)" \{\n([\s\S]*?)^\}/gm)) {
    const run = /^\s*run (.+)$/m.exec(m[2]);
    const status = /\[ "\$status" -eq (\d+) \]/.exec(m[2]);
    if (!run || !status) continue;
    out.push({ file, title: m[1], command: run[1].trim(), expectedStatus: Number(status[1]) });
  }
  return out;
}

function tokens(s: string): string[] {
  return (s.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((t) => t.replace(/^(['"])([\s\S]*)\1$/, '$2'));
}

type Plan =
  | { kind: 'not-applicable'; reason: string }
  | { kind: 'compare'; files: string[]; version?: string; extraSchemaTemplates: string[]; ignorePatterns: RegExp[]; note?: string };

const BUNDLED = new Set(['1.30', '1.33', '1.34', '1.36']);

function plan(c: BatsCase): Plan {
  let cmd = c.command;
  if (/HTTPS_PROXY/.test(cmd)) return { kind: 'not-applicable', reason: 'network proxy settings: Reconcile makes no network calls to validate' };
  let stdinFile: string | undefined;
  const bash = /^bash -c "(.*)"$/.exec(cmd);
  if (bash) {
    cmd = bash[1];
    const pipe = /^cat (\S+) \| (.*)$/.exec(cmd);
    if (pipe) {
      stdinFile = pipe[1];
      cmd = pipe[2];
    }
    cmd = cmd.replace(/\s*>\s*\S+$/, '');
  }
  const args = tokens(cmd).slice(1);
  const files: string[] = [];
  const templates: string[] = [];
  const ignorePatterns: RegExp[] = [];
  let version: string | undefined;
  let note: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^--/, '-');
    if (a === '-summary' || a === '-verbose' || a === '-strict' || a === '-ignore-missing-schemas') continue;
    if (a === '-h' || a === '-xyz') return { kind: 'not-applicable', reason: "kubeconform's own help and flag parsing" };
    if (a === '-cache') return { kind: 'not-applicable', reason: 'schema download cache: Reconcile bundles its schemas offline' };
    if (a === '-output') return { kind: 'not-applicable', reason: `output format ${args[i + 1]} (Reconcile offers text, json, sarif)` };
    if (a === '-skip' || a === '-reject') return { kind: 'not-applicable', reason: 'kind skip/reject lists are not a Reconcile feature (severity overrides are per rule)' };
    if (a === '-ignore-filename-pattern') {
      ignorePatterns.push(new RegExp(args[++i]));
      continue;
    }
    if (a === '-kubernetes-version') {
      const v = args[++i];
      const m = /^(\d+)\.(\d+)\.\d+$/.exec(v);
      if (!m) return { kind: 'not-applicable', reason: `kubeconform version syntax/OpenShift schemas (${v})` };
      const short = `${m[1]}.${m[2]}`;
      if (BUNDLED.has(short)) version = short;
      else note = `Kubernetes ${short} is not bundled; ran against 1.34`;
      continue;
    }
    if (a === '-schema-location') {
      const loc = args[++i];
      if (loc === 'default' || /^https:\/\/raw\.githubusercontent\.com\/(yannh\/kubernetes-json-schema|datreeio\/CRDs-catalog)\//.test(loc)) continue;
      if (/^https?:/.test(loc) || !loc.includes('/') || /\{\{ \.Foo/.test(loc)) return { kind: 'not-applicable', reason: `schema download location ${loc}: Reconcile has no download locations` };
      templates.push(loc);
      continue;
    }
    if (a === '-') continue;
    if (a.startsWith('-')) return { kind: 'not-applicable', reason: `kubeconform flag ${a}` };
    files.push(a.replace(/^\.\//, ''));
  }
  if (stdinFile) files.push(stdinFile);
  if (files.length === 0) return { kind: 'not-applicable', reason: 'stdin mode without input' };
  for (const f of files) {
    if (!fs.existsSync(path.join(FIXTURES, f)) && f !== 'fixtures/not-here') return { kind: 'not-applicable', reason: `fixture ${f} is not vendored in test/fixtures/conformance` };
  }
  if (c.title.includes('without network access') && templates.length === 0) {
    return { kind: 'not-applicable', reason: "kubeconform fails without network; Reconcile's bundled schemas need none (by design)" };
  }
  return { kind: 'compare', files, version, extraSchemaTemplates: templates, ignorePatterns, note };
}

/** kubeconform's schema-location template for one object (`{{ .ResourceKind }}{{ .KindSuffix }}`). */
function schemaPathFor(template: string, apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const suffix = group ? `-${group.split('.')[0]}-${version}` : `-${version}`;
  return template
    .replace(/\{\{\s*\.ResourceKind\s*\}\}/g, kind.toLowerCase())
    .replace(/\{\{\s*\.KindSuffix\s*\}\}/g, suffix)
    .replace(/\{\{\s*\.Group\s*\}\}/g, group)
    .replace(/\{\{\s*\.ResourceAPIVersion\s*\}\}/g, version);
}

const shared = new Map<string, Validator>();

/** Compiling schemas is the slow part; validators without extra schemas are shared between cases. */
function validatorFor(version: string | undefined, fresh: boolean): Validator {
  const key = version ?? 'default';
  const hit = fresh ? undefined : shared.get(key);
  if (hit) return hit;
  const created = Validator.create(schemaDir(), version);
  if (!created.ok) throw new Error(created.error);
  if (!fresh) shared.set(key, created.value);
  return created.value;
}

async function reconcilePasses(p: Extract<Plan, { kind: 'compare' }>): Promise<{ pass: boolean; detail: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-kubeconform-'));
  const rels: string[] = [];
  for (const f of p.files) {
    const src = path.join(FIXTURES, f);
    if (!fs.existsSync(src)) return { pass: false, detail: `${f}: no such file` };
    const list = fs.statSync(src).isDirectory() ? fs.readdirSync(src).map((n) => path.join(f, n)) : [f];
    for (const rel of list) {
      if (p.ignorePatterns.some((re) => re.test(rel))) continue;
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.copyFileSync(path.join(FIXTURES, rel), path.join(root, rel));
      rels.push(rel);
    }
  }
  const index = new RepositoryIndex({ root, fs: nodeFileSystem });
  await index.scan();
  const validator = validatorFor(p.version, p.extraSchemaTemplates.length > 0);
  for (const template of p.extraSchemaTemplates) {
    for (const d of index.documents()) {
      if (!d.apiVersion || !d.kind) continue;
      const file = path.join(FIXTURES, schemaPathFor(template, d.apiVersion, d.kind));
      if (fs.existsSync(file)) validator.registry.addExtraSchema(d.apiVersion, d.kind, JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema);
    }
  }
  const report = await validator.validateIndex(index);
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  return { pass: errors.length === 0, detail: errors.map((d) => `${d.range.file}:${d.range.startPos.line + 1} ${d.code} ${d.message}`).join('; ') };
}

describe('kubeconform acceptance fixtures', () => {
  const cases = [...readBats('acceptance.bats'), ...readBats('acceptance-nonetwork.bats')];

  it('reads the bats files', () => {
    assert.ok(cases.length >= 60, `found ${cases.length} cases`);
  });

  it('agrees on every comparable case except the documented differences', async () => {
    const rows: string[] = [];
    const differences: string[] = [];
    let agree = 0;
    let notApplicable = 0;
    for (const c of cases) {
      const p = plan(c);
      if (p.kind === 'not-applicable') {
        notApplicable++;
        rows.push(`n/a    ${c.title} (${p.reason})`);
        continue;
      }
      const expectedPass = c.expectedStatus === 0;
      const got = await reconcilePasses(p);
      if (got.pass === expectedPass) {
        agree++;
        rows.push(`agree  ${c.title}${p.note ? ` [${p.note}]` : ''}`);
      } else {
        differences.push(c.title);
        rows.push(`DIFF   ${c.title}: kubeconform ${expectedPass ? 'passes' : 'fails'}, Reconcile ${got.pass ? 'passes' : `fails (${got.detail})`}`);
      }
    }
    const compared = agree + differences.length;
    process.stdout.write(`# kubeconform fixtures: ${agree}/${compared} agree, ${differences.length} differ, ${notApplicable} not applicable\n`);
    for (const r of rows) process.stdout.write(`# ${r}\n`);
    assert.deepEqual(differences.sort(), Object.keys(DOCUMENTED_DIFFERENCES).sort());
  });
});
