// Converts the strategic-merge-patch test vectors (vendored in test/fixtures/conformance) into cases.json:
//  - apimachinery patch_test.go: YAML tables and raw Go tables; we test patch *application*
//    (original + twoWay → modified/twoWayResult, current + threeWay → result). Patch *creation*
//    (diffing) is not something Reconcile does.
//  - kyaml merge2 tests: source patched into dest → expected (kustomize's flavour).
// Usage: node --import tsx test/conformance/smp/extract-smp.ts [conformanceDir]
// (conformanceDir holds apimachinery-strategicpatch/ and kustomize-krusty/; default: the vendored copy).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { byteVar, sliceVar, stringFields } from './goLiterals';
import { compilePatchMetaTable } from '../../../src/core/render/merge/patchMeta';

export const VENDORED_CONFORMANCE = resolve(__dirname, '..', '..', 'fixtures', 'conformance');

export interface Case {
  suite: string;
  name: string;
  flavour: 'apimachinery' | 'kyaml';
  original: unknown;
  patch: unknown;
  expected?: unknown;
  expectedError?: string;
  infer?: boolean;
  listIncrease?: 'append' | 'prepend';
}

export interface SmpExtraction {
  cases: Case[];
  /** The test schema the apimachinery cases are written against, compiled to our table form. */
  patchMeta: ReturnType<typeof compilePatchMetaTable>;
}

export function extractSmp(root: string): SmpExtraction {
  const sp = join(root, 'apimachinery-strategicpatch/pkg/util/strategicpatch');
  const patchTest = readFileSync(join(sp, 'patch_test.go'), 'utf8');
  const cases: Case[] = [];

  type YamlCase = Record<string, unknown> & { description: string };
  function yamlTable(varName: string, suite: string, withThreeWay: boolean): void {
    const text = byteVar(patchTest, varName);
    if (!text) throw new Error(`missing ${varName}`);
    const table = load(text) as { testCases: YamlCase[] };
    for (const c of table.testCases) addCase(suite, c.description, c, withThreeWay);
  }

  function addCase(suite: string, description: string, c: Record<string, unknown>, withThreeWay: boolean, expectedError?: string): void {
    if (c.twoWay !== undefined) {
      cases.push({ suite, name: `${description}/TwoWay`, flavour: 'apimachinery', original: c.original ?? {}, patch: c.twoWay, expected: c.twoWayResult ?? c.modified ?? {}, expectedError });
    }
    if (withThreeWay && c.threeWay !== undefined && c.result !== undefined) {
      cases.push({ suite, name: `${description}/ThreeWay`, flavour: 'apimachinery', original: c.current ?? {}, patch: c.threeWay, expected: c.result, expectedError });
    }
  }

  function rawTable(varName: string, suite: string, withThreeWay: boolean): void {
    for (const el of sliceVar(patchTest, varName)) {
      const f = stringFields(el);
      const parsed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(f)) {
        if (k === 'Description' || k === 'ExpectedError') continue;
        parsed[k[0].toLowerCase() + k.slice(1)] = v.trim() ? load(v) : undefined;
      }
      addCase(suite, f.Description, parsed, withThreeWay, f.ExpectedError);
    }
  }

  yamlTable('customStrategicMergePatchTestCaseData', 'apimachinery/custom', false);
  rawTable('customStrategicMergePatchRawTestCases', 'apimachinery/custom-raw', false);
  yamlTable('createStrategicMergePatchTestCaseData', 'apimachinery/create', true);
  rawTable('strategicMergePatchRawTestCases', 'apimachinery/raw', true);
  rawTable('replaceRawExtensionPatchTestCases', 'apimachinery/rawextension', true);

  const m2 = join(root, 'kustomize-krusty/kyaml/yaml/merge2');
  for (const [file, varName] of [['scalar_test.go', 'scalarTestCases'], ['list_test.go', 'listTestCases'], ['element_test.go', 'elementTestCases'], ['map_test.go', 'mapTestCases']]) {
    const src = readFileSync(join(m2, file), 'utf8');
    for (const el of sliceVar(src, varName)) {
      const f = stringFields(el);
      cases.push({
        suite: `kyaml/merge2/${file.replace('_test.go', '')}`,
        name: f.description,
        flavour: 'kyaml',
        original: load(f.dest),
        patch: load(f.source),
        expected: f.expected.trim() ? load(f.expected) : null,
        infer: /infer:\s*true/.test(el),
        listIncrease: /MergeOptionsListPrepend/.test(el) ? 'prepend' : 'append',
      });
    }
  }

  const patchMeta = compilePatchMetaTable(load(readFileSync(join(sp, 'testdata/swagger-merge-item.json'), 'utf8')) as Parameters<typeof compilePatchMetaTable>[0]);
  return { cases, patchMeta };
}

if (require.main === module) {
  const root = process.argv[2] ?? (existsSync(VENDORED_CONFORMANCE) ? VENDORED_CONFORMANCE : undefined);
  if (!root) {
    process.stderr.write('usage: node --import tsx test/conformance/smp/extract-smp.ts <conformanceDir> (no vendored copy in test/fixtures/conformance)\n');
    process.exit(2);
  }
  const needed = ['apimachinery-strategicpatch/pkg/util/strategicpatch/patch_test.go', 'kustomize-krusty/kyaml/yaml/merge2'];
  const missing = needed.filter((rel) => !existsSync(join(root, rel)));
  if (missing.length > 0) {
    process.stderr.write(`extract-smp: ${root} lacks ${missing.join(', ')} (expected the layout of test/fixtures/conformance)\n`);
    process.exit(2);
  }
  const { cases, patchMeta } = extractSmp(root);
  const out = join(__dirname, 'cases.json');
  writeFileSync(out, JSON.stringify(cases, null, 1) + '\n');
  writeFileSync(join(__dirname, 'merge-item-patch-meta.json'), JSON.stringify(patchMeta) + '\n');
  process.stdout.write(`wrote ${cases.length} cases to ${out}\n`);
}
