// `reconcile atlantis projects|validate` end to end through main(): JSON shape, text, exit codes, and bad input.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { configure, git, writeFiles } from '../../support/git/tempRepo';

async function run(cwd: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, env: {} });
  return { code, out, err };
}

const FILES = {
  'atlantis.yaml': 'version: 3\nprojects:\n  - name: net\n    dir: network\n    autoplan:\n      when_modified: ["*.tf", "../modules/vpc/*.tf"]\n  - name: app\n    dir: app\n    workflow: deploy\n',
  'network/main.tf': 'module "vpc" {\n  source = "../modules/vpc"\n}\n',
  'modules/vpc/main.tf': 'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n',
  'app/main.tf': 'resource "null_resource" "app" {}\n',
};

async function gitRepo(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-atlantis-cli-'));
  git(dir, 'init', '-q', '-b', 'main');
  configure(dir);
  await writeFiles(dir, FILES);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

test('atlantis projects --format json: the version-1 shape, changed files from git, the matching pattern', async () => {
  const dir = await gitRepo();
  try {
    await fsp.appendFile(path.join(dir, 'modules/vpc/main.tf'), '# wider\n');
    const r = await run(dir, 'atlantis', 'projects', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.version, 1);
    assert.equal(json.config, 'atlantis.yaml');
    assert.deepEqual(json.modified, ['modules/vpc/main.tf']);
    assert.deepEqual(json.projects.map((p: { name: string; dir: string; workspace: string }) => [p.name, p.dir, p.workspace]), [['net', 'network', 'default'], ['app', 'app', 'default']]);
    assert.deepEqual(json.planned, [{ name: 'net', dir: 'network', workspace: 'default', source: 'config', matched: [{ file: 'modules/vpc/main.tf', pattern: '../modules/vpc/*.tf', reason: 'when_modified' }] }]);
    // The undefined workflow is a warning without the server config.
    assert.deepEqual(json.diagnostics.map((d: { code: string; line: number; severity: string }) => `${d.code}@${d.line}:${d.severity}`), ['RC2107@9:warning']);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('atlantis projects: --modified and --base, text output, a subdirectory resolves to the repository root', async () => {
  const dir = await gitRepo();
  try {
    let r = await run(path.join(dir, 'app'), 'atlantis', 'projects', '--modified', 'app/main.tf');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Atlantis would plan 1 project:\n {2}app \(dir app, workspace default\)\n {6}app\/main\.tf {2}← \*\*\/\*\.tf\*/);
    assert.match(r.err, /using the repository root/);
    await fsp.appendFile(path.join(dir, 'network/main.tf'), '#\n');
    git(dir, 'commit', '-q', '-am', 'network');
    r = await run(dir, 'atlantis', 'projects', '--base', 'HEAD~1', '--format', 'json');
    assert.deepEqual(JSON.parse(r.out).planned.map((p: { name: string }) => p.name), ['net']);
    r = await run(dir, 'atlantis', 'projects', '--modified', '../elsewhere.tf');
    assert.equal(r.code, 2);
    assert.match(r.err, /outside the repository/);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
});

test('atlantis validate: exit 1 on errors, 0 on warnings only; --server-config turns forbidden keys into errors', async () => {
  const dir = await gitRepo();
  const server = path.join(dir, '..', `${path.basename(dir)}-repos.yaml`);
  try {
    let r = await run(dir, 'atlantis', 'validate');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /atlantis\.yaml:9:15: warning RC2107/);
    await fsp.writeFile(server, 'repos:\n  - id: /.*/\n    allowed_overrides: [apply_requirements]\nworkflows:\n  deploy:\n    plan:\n      steps: [init, plan]\n');
    r = await run(dir, 'atlantis', 'validate', '--server-config', server, '--format', 'json');
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out).diagnostics.map((d: { code: string; line: number }) => `${d.code}@${d.line}`), ['RC2110@9']);
    await fsp.writeFile(path.join(dir, 'atlantis.yaml'), 'version: 3\nprojects:\n  - dri: x\n');
    r = await run(dir, 'atlantis', 'validate');
    assert.equal(r.code, 1);
    assert.match(r.out, /Unknown key "dri" \(did you mean "dir"\?\)/);
    r = await run(dir, 'atlantis', 'projects', '--modified', 'app/main.tf');
    assert.equal(r.code, 1);
    assert.match(r.out, /No autoplan: Atlantis would refuse atlantis\.yaml/);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
    await fsp.rm(server, { force: true });
  }
});

test('atlantis: usage errors are clear messages with exit 2', async () => {
  const plain = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-atlantis-nogit-'));
  try {
    await fsp.writeFile(path.join(plain, 'main.tf'), 'resource "a" "b" {}\n');
    let r = await run(plain, 'atlantis', 'projects');
    assert.equal(r.code, 2);
    assert.match(r.err, /not a git repository: pass the changed files with --modified/);
    r = await run(plain, 'atlantis', 'projects', '--modified', 'main.tf', '--format', 'json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out).planned.map((p: { dir: string; source: string }) => [p.dir, p.source]), [['.', 'autodiscover']]);
    for (const args of [['atlantis'], ['atlantis', 'plan'], ['atlantis', 'projects', '--format', 'xml'], ['atlantis', 'validate', '--modified', 'x'], ['atlantis', 'projects', 'nope-dir'], ['atlantis', 'validate', '--server-config', 'missing.yaml']]) {
      r = await run(plain, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^reconcile atlantis: /, args.join(' '));
    }
  } finally {
    await fsp.rm(plain, { recursive: true, force: true });
  }
});
