// The real-repository regressions (realRepositoryDocs.ts) through the CLI as a user runs it: a separate
// `node src/cli/bin.ts validate . --format json` process, its working directory a fresh git repository.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeRepo } from './helpers';
import { schemaDir } from './schemaDir';
import { EXPECTED_FINDINGS, REAL_REPOSITORY } from './realRepositoryDocs';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'src', 'cli', 'bin.ts');
// `--import tsx` resolves from the working directory, which is the temp repository: name the loader by path.
const TSX = pathToFileURL(require.resolve('tsx')).href;

interface JsonReport {
  files: number;
  documents: number;
  diagnostics: Array<{ file: string; line: number; column: number; severity: string; code: string; message: string }>;
}

describe('reconcile validate (process) on real-repository documents', () => {
  it('typed lists, {{ }} in strings and a patch file name: exactly the planted mistakes', { timeout: 300_000 }, () => {
    const root = writeRepo(REAL_REPOSITORY);
    execFileSync('git', ['init', '--quiet'], { cwd: root });
    const r = spawnSync(process.execPath, ['--import', TSX, BIN, 'validate', '.', '--format', 'json', '--schema-dir', schemaDir()], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`), EXPECTED_FINDINGS);
    assert.equal(report.files, Object.keys(REAL_REPOSITORY).length);
    const byCode = new Map(report.diagnostics.map((d) => [d.code, d]));
    assert.match(byCode.get('RC1406')?.message ?? '', /Kustomization\.patches of type types\.Patch.*- path: replicas\.yaml/);
    assert.deepEqual(report.diagnostics.filter((d) => d.code === 'RC1002').map((d) => d.severity), ['info', 'info']);
    // Typed lists: the planted error is reported at the item, not "no kind ConfigMapList".
    assert.ok(!report.diagnostics.some((d) => d.code === 'RC1203'));
    // Patch files: partial objects, never "missing required field".
    assert.ok(!report.diagnostics.some((d) => d.code === 'RC1103'));
  });
});
