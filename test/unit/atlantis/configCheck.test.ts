// The editor's atlantis.yaml check with `reconcile.atlantis.serverConfig`: the server-side repos.yaml is read
// only inside the repository (absolute paths, `..` and symlinks out are refused with a reason), and once read,
// what it does not allow is an error on the atlantis.yaml key, while its own problems stay on its lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { discoverFiles } from '../../../src/core/index/discover';
import { DEFAULT_INDEX_SETTINGS } from '../../../src/core/index/model';
import { checkAtlantisConfig, readServerConfigInside } from '../../../src/core/atlantis/configCheck';

const REPOS = `repos:
  - id: /.*/
    allowed_overrides: [apply_requirements]
  - id: github.com/acme/infra
    allowed_overrides: [apply_requirements, workflow]
    allowed_workflows: [standard]
workflows:
  standard:
    plan:
      steps: [init, plan]
`;

const ATLANTIS = `version: 3
projects:
  - name: app
    dir: app
    workflow: standard
    apply_requirements: [approved]
    delete_source_branch_on_merge: true
`;

async function withRepo(fn: (root: string) => Promise<void>): Promise<void> {
  const base = await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-atlantis-server-'));
  const root = path.join(base, 'repo');
  await fsp.mkdir(path.join(root, 'app'), { recursive: true });
  await fsp.mkdir(path.join(root, 'ops'), { recursive: true });
  await fsp.writeFile(path.join(root, 'app/main.tf'), 'resource "null_resource" "x" {}\n');
  await fsp.writeFile(path.join(root, 'atlantis.yaml'), ATLANTIS);
  await fsp.writeFile(path.join(root, 'ops/repos.yaml'), REPOS);
  await fsp.writeFile(path.join(base, 'outside.yaml'), REPOS);
  try {
    await fn(root);
  } finally {
    await fsp.rm(base, { recursive: true, force: true });
  }
}

test('server config setting: read inside the repository only', async () => {
  await withRepo(async (root) => {
    const inside = await readServerConfigInside(nodeFileSystem, root, 'ops/repos.yaml');
    assert.deepEqual(inside, { ok: true, file: 'ops/repos.yaml', text: REPOS });
    assert.equal((await readServerConfigInside(nodeFileSystem, root, './ops//repos.yaml')).ok, true);

    for (const escape of ['../outside.yaml', 'ops/../../outside.yaml', path.join(path.dirname(root), 'outside.yaml'), '/etc/passwd']) {
      const r = await readServerConfigInside(nodeFileSystem, root, escape);
      assert.equal(r.ok, false, escape);
      assert.match(r.ok ? '' : r.message, /outside the workspace/, escape);
    }
    await fsp.symlink(path.join(path.dirname(root), 'outside.yaml'), path.join(root, 'ops/linked.yaml'));
    const linked = await readServerConfigInside(nodeFileSystem, root, 'ops/linked.yaml');
    assert.equal(linked.ok, false);
    assert.match(linked.ok ? '' : linked.message, /leads outside the repository/);
    const missing = await readServerConfigInside(nodeFileSystem, root, 'ops/none.yaml');
    assert.equal(missing.ok, false, 'a missing file says so, never throws');
  });
});

test('server config setting: keys the server does not allow are errors on their atlantis.yaml lines', async () => {
  await withRepo(async (root) => {
    const files = await discoverFiles(root, nodeFileSystem, DEFAULT_INDEX_SETTINGS);
    const plain = checkAtlantisConfig('atlantis.yaml', ATLANTIS, files);
    assert.deepEqual(plain.config.map((d) => d.code), ['RC2107'], 'without the server: only the workflow defined nowhere in the file (a warning)');
    assert.equal(plain.config[0].severity, 'warning');

    const read = await readServerConfigInside(nodeFileSystem, root, 'ops/repos.yaml');
    assert.ok(read.ok);
    const acme = checkAtlantisConfig('atlantis.yaml', ATLANTIS, files, { server: read, repoId: 'github.com/acme/infra' });
    assert.deepEqual(acme.serverEntries, ['/.*/', 'github.com/acme/infra']);
    assert.deepEqual(acme.config.map((d) => `${d.code}@${d.range.startPos.line + 1}:${d.severity}`), ['RC2110@7:error'], 'delete_source_branch_on_merge is not allowed; the workflow is');
    assert.match(acme.config[0].message, /allowed_overrides: \[delete_source_branch_on_merge\]/);

    const other = checkAtlantisConfig('atlantis.yaml', ATLANTIS, files, { server: read, repoId: 'github.com/other/repo' });
    assert.deepEqual(other.config.map((d) => `${d.code}@${d.range.startPos.line + 1}`).sort(), ['RC2110@5', 'RC2110@7'], 'only the catch-all entry applies: workflow is not allowed either');

    const broken = checkAtlantisConfig('atlantis.yaml', ATLANTIS, files, { server: { file: 'ops/repos.yaml', text: REPOS.replace('allowed_workflows', 'allowed_workflowz') }, repoId: 'github.com/acme/infra' });
    assert.deepEqual(broken.server.map((d) => `${d.code}@${d.range.file}:${d.range.startPos.line + 1}`), ['RC2101@ops/repos.yaml:6']);
  });
});
