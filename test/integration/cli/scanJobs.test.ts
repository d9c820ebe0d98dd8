// `--jobs N|auto`: how many threads the first scan uses (src/cli/scanJobs.ts), and the message for a bad value.
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseJobs } from '../../../src/cli/scanJobs';
import { UsageError } from '../../../src/cli/command';
import { initRepo, runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';

describe('--jobs', () => {
  it('auto leaves one core to V8 helper threads, and stops at 4', () => {
    assert.deepEqual([1, 2, 3, 4, 8, 64].map((cores) => parseJobs(undefined, cores)), [1, 1, 2, 3, 4, 4]);
    assert.equal(parseJobs('auto', 6), 4);
    assert.equal(parseJobs('3', 2), 3);
    for (const bad of ['0', '-1', '1.5', 'two', '65', '']) assert.throws(() => parseJobs(bad, 2), UsageError, bad);
  });

  let repo: string;
  before(async () => {
    repo = await initRepo({ 'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: debug\n' });
  });
  after(() => fsp.rm(repo, { recursive: true, force: true }));

  it('a bad value is a usage error naming the option; a good one validates', async () => {
    const bad = await runCli(['validate', '--jobs', 'many'], { cwd: repo, env: { RECONCILE_SCHEMA_DIR: schemaDir() } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^reconcile validate: --jobs expects a number of threads from 1 to 64, or auto \(got 'many'\)\n/);
    const good = await runCli(['validate', '--jobs', '2'], { cwd: repo, env: { RECONCILE_SCHEMA_DIR: schemaDir(), RECONCILE_SCAN_POOL_MIN_BYTES: '0' } });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stderr, '');
    assert.match(good.stdout, /1 document/);
  });
});
