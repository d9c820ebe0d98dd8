// One version string: `reconcile --version`, SARIF's tool.driver.version and the PR bodies' toolVersion all say
// package.json's version, read from the file here, not from the code under test.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initRepo, PROJECT_ROOT, runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';
import { VERSION } from '../../../src/version';

describe('one version string', () => {
  let repo: string;
  let version: string;

  before(async () => {
    version = (JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    repo = await initRepo({ 'deploy/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: debug\n' });
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('reconcile --version and the help banner', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await runCli([flag], { cwd: repo });
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${version}\n`);
    }
    const help = await runCli(['--help'], { cwd: repo });
    assert.match(help.stdout, new RegExp(`^reconcile ${version.replace(/\./g, '\\.')}: `));
  });

  it('SARIF tool.driver.version', async () => {
    const r = await runCli(['validate', 'deploy', '--format', 'sarif'], { cwd: repo, env: { RECONCILE_SCHEMA_DIR: schemaDir() } });
    assert.equal(r.code, 0, r.stderr);
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { name: string; version: string } } }> };
    assert.equal(sarif.runs[0].tool.driver.name, 'reconcile');
    assert.equal(sarif.runs[0].tool.driver.version, version);
  });

  it('the version the CLI and the VS Code commands pass to PR bodies (toolVersion)', () => {
    assert.equal(VERSION, version);
  });

  it('validate --help documents -, --stdin-name and the explicit-path rule', async () => {
    const r = await runCli(['validate', '--help'], { cwd: repo });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ {2}- {2,}read a multi-document YAML stream from standard input/m);
    assert.match(r.stdout, /--stdin-name NAME/);
    assert.match(r.stdout, /Paths named here are checked whatever \.gitignore says/);
  });
});
