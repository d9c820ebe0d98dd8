// Atlantis's own project-finder tables, as data (test/fixtures/atlantis/conformance/atlantis-project-finder.json,
// origin inside): every row is a repository written to a temp dir, indexed for real (discovery + HCL parse), and
// asked the same question Atlantis's test asks.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { indexTerraform, TerraformIndex } from '../../../src/core/terraform/terraformIndex';
import { DEFAULT_AUTOPLAN_FILE_LIST, determineProjects, determineProjectsViaConfig } from '../../../src/core/atlantis/projectFinder';
import { findModuleDependents } from '../../../src/core/atlantis/moduleDependents';
import { toRepoConfig } from '../../../src/core/atlantis/repoConfig';
import { ignoredByAutodiscover } from '../../../src/core/atlantis/autoplan';

interface Tables {
  layouts: Record<string, Record<string, string>>;
  determineProjects: Array<{ description: string; modified: string[]; expected: string[]; layout: string }>;
  determineProjectsViaConfig: Array<{ description: string; projects: unknown[]; modified: string[]; expected: string[] }>;
  autodiscoverIgnorePaths: Array<{ description: string; ignorePaths: string[]; path: string; ignored: boolean }>;
  moduleDependents: Array<{ layout: string; fromProjects: string; expected: Record<string, string[]> }>;
}
const tables = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/atlantis/conformance/atlantis-project-finder.json'), 'utf8')) as Tables;

const indexes = new Map<string, Promise<TerraformIndex>>();
let tmp: string | undefined;

/** Each layout once, in its own temp dir, indexed like a real repository. */
function layout(name: string): Promise<TerraformIndex> {
  let hit = indexes.get(name);
  if (!hit) {
    hit = (async () => {
      tmp ??= await fsp.mkdtemp(path.join(os.tmpdir(), 'reconcile-atlantis-tables-'));
      const root = path.join(tmp, name);
      await fsp.mkdir(root, { recursive: true });
      for (const [rel, text] of Object.entries(tables.layouts[name])) {
        await fsp.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await fsp.writeFile(path.join(root, rel), text);
      }
      return indexTerraform(root, nodeFileSystem, { settings: { useGitignore: false } });
    })();
    indexes.set(name, hit);
  }
  return hit;
}

test.after(async () => {
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

test('Atlantis TestDetermineProjects: every row (default autoplan file list)', async () => {
  assert.equal(tables.determineProjects.length, 16);
  for (const row of tables.determineProjects) {
    const index = await layout(row.layout);
    const got = determineProjects(index, row.modified, DEFAULT_AUTOPLAN_FILE_LIST).map((p) => p.dir);
    assert.deepEqual(got.sort(), [...row.expected].sort(), row.description);
  }
});

test('Atlantis TestDefaultProjectFinder_DetermineProjectsViaConfig: every row, in project order', async () => {
  assert.equal(tables.determineProjectsViaConfig.length, 10);
  const index = await layout('viaConfig');
  for (const row of tables.determineProjectsViaConfig) {
    const config = toRepoConfig({ version: 3, projects: row.projects });
    const got = determineProjectsViaConfig(index, row.modified, config.projects).map((m) => m.project.dir);
    assert.deepEqual(got, row.expected, row.description);
  }
});

test('Atlantis TestConfig_IsPathIgnoredForAutoDiscover: every row', () => {
  for (const row of tables.autodiscoverIgnorePaths) assert.equal(ignoredByAutodiscover(row.ignorePaths, row.path), row.ignored, row.description);
});

test('Atlantis Test_findModuleDependants (repoA, repoB) and module cycles (repoC, repoD) that must end', async () => {
  for (const row of tables.moduleDependents) {
    const index = await layout(row.layout);
    const deps = findModuleDependents(index, index, row.fromProjects);
    for (const [moduleDir, projects] of Object.entries(row.expected)) assert.deepEqual(deps.dependentProjects(moduleDir), projects, `${row.layout}: ${moduleDir}`);
  }
});

test('when_modified matches report the pattern as written, and the module that triggered a plan', async () => {
  const index = await layout('repoB');
  const config = toRepoConfig({ version: 3, projects: [{ dir: 'dev/quxx', autoplan: { when_modified: ['*.tf', '!init.tf'] } }, { dir: 'prod/quxx' }] });
  const modules = findModuleDependents(index, index, '**/init.tf');
  const got = determineProjectsViaConfig(index, ['dev/quxx/mods.tf', 'dev/quxx/init.tf', 'modules/bar/main.tf'], config.projects, modules);
  // dev/quxx uses modules/bar (through modules/foo): module tracing wins over when_modified, as in Atlantis. A
  // traced project counts as its own dependent, so even init.tf, which its when_modified excludes, plans it.
  assert.deepEqual(
    got.map((m) => [m.project.dir, m.matched.map((x) => `${x.reason}:${x.file}:${x.pattern}`)]),
    [
      ['dev/quxx', ['module:dev/quxx/mods.tf:module dev/quxx', 'module:dev/quxx/init.tf:module dev/quxx', 'module:modules/bar/main.tf:module modules/bar']],
      ['prod/quxx', ['module:modules/bar/main.tf:module modules/bar']],
    ],
  );
  const plain = determineProjectsViaConfig(index, ['dev/quxx/mods.tf', 'dev/quxx/init.tf'], config.projects);
  assert.deepEqual(plain.map((m) => m.matched.map((x) => `${x.file}:${x.pattern}`)), [['dev/quxx/mods.tf:*.tf']]);
});
