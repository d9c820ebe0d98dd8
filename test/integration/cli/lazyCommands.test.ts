// A `reconcile` run loads the module of the command it runs and no other's: `reconcile validate` must not pay for
// evaluating the Kubernetes client, git plumbing, Terraform or the renderer (src/cli/main.ts's `load`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { commands } from '../../../src/cli/main';
import { initRepo, PROJECT_ROOT, runCli } from '../../support/cli';
import { schemaDir } from '../../unit/validate/schemaDir';

const TSX = pathToFileURL(require.resolve('tsx')).href;

/** Runs `main(args)` in a fresh node (tsx) and returns the project-relative source files and packages it loaded. */
function loadedBy(args: string[], cwd: string): { code: number; modules: string[] } {
  const script = [
    `const { main } = require(${JSON.stringify(path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'))});`,
    `main(${JSON.stringify(args)}, { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: { ...process.env, RECONCILE_SCHEMA_DIR: ${JSON.stringify(schemaDir())} } })`,
    `.then((code) => process.stdout.write(JSON.stringify({ code, modules: Object.keys(require.cache) })));`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', TSX, '-e', script], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { code: number; modules: string[] };
  return { code: out.code, modules: out.modules.map((m) => path.relative(PROJECT_ROOT, m)) };
}

describe('CLI commands load on use', () => {
  let repo: string;
  before(async () => {
    repo = await initRepo({ 'deploy/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LOG_LEVEL: debug\n' });
  });
  after(() => fs.rm(repo, { recursive: true, force: true }));

  it('each entry loads its own command, with the same name and summary', async () => {
    assert.equal(new Set(commands.map((c) => c.name)).size, commands.length);
    for (const entry of commands) {
      const command = await entry.load();
      assert.equal(command.name, entry.name);
      assert.equal(command.summary, entry.summary, `summary of ${entry.name} in src/cli/main.ts`);
      assert.match(command.usage, new RegExp(`\\b${entry.name}\\b`));
    }
  });

  it('reconcile validate evaluates no other command and none of their libraries', () => {
    const { code, modules } = loadedBy(['validate', 'deploy'], repo);
    assert.equal(code, 0);
    const commandFiles = modules.filter((m) => m.startsWith(path.join('src', 'cli', 'commands')));
    assert.deepEqual(commandFiles, [path.join('src', 'cli', 'commands', 'validate.ts')]);
    // simple-git: the root, remotes and branch come from plain git processes (src/core/index/gitRemotes.ts).
    for (const unused of ['@kubernetes/client-node', 'web-tree-sitter', 'simple-git', path.join('src', 'core', 'cluster'), path.join('src', 'core', 'sync'), path.join('src', 'core', 'terraform')]) {
      assert.ok(!modules.some((m) => m.includes(unused)), `${unused} loaded by validate: ${modules.filter((m) => m.includes(unused)).slice(0, 3).join(', ')}`);
    }
  });

  it('--help lists every command without loading one; <command> --help prints its usage', async () => {
    const { modules } = loadedBy(['--help'], repo);
    assert.deepEqual(modules.filter((m) => m.startsWith(path.join('src', 'cli', 'commands'))), []);
    const help = await runCli(['--help'], { cwd: repo });
    for (const c of commands) assert.ok(help.stdout.includes(`  ${c.summary}`), c.name);
    const usage = await runCli(['drift', '--help'], { cwd: repo });
    assert.equal(usage.code, 0);
    assert.equal(usage.stdout, (await commands.find((c) => c.name === 'drift')!.load()).usage + '\n');
  });
});
