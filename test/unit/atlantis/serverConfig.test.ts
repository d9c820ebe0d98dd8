// The server-side repos.yaml: which entries apply to a repository, and what they forbid in its atlantis.yaml.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseRepoConfig } from '../../../src/core/atlantis/repoConfig';
import { checkServerOverrides, parseServerConfig, settingsFor } from '../../../src/core/atlantis/serverConfig';

const REPOS = `repos:
  - id: /.*/
    allowed_overrides: [apply_requirements]
  - id: /github\\.com\\/acme\\/.*/
    allowed_overrides: [apply_requirements, workflow, delete_source_branch_on_merge]
    allowed_workflows: [standard, custom]
    allow_custom_workflows: true
    repo_config_file: infra/atlantis.yaml
  - id: github.com/acme/legacy
    branch: /^release-.*$/
    allow_custom_workflows: false
    autodiscover:
      mode: disabled
workflows:
  standard:
    plan:
      steps: [init, plan]
`;

test('server config: entries match by exact id or /regex/ and base branch; the last match wins per key', () => {
  const server = parseServerConfig('repos.yaml', REPOS);
  assert.deepEqual(server.diagnostics, []);
  const other = settingsFor(server, 'gitlab.com/other/repo');
  assert.deepEqual([other.matched, other.allowedOverrides, other.allowCustomWorkflows, other.repoConfigFile], [['/.*/'], ['apply_requirements'], false, undefined]);
  const acme = settingsFor(server, 'github.com/acme/infra');
  assert.deepEqual([acme.allowedOverrides, acme.allowCustomWorkflows, acme.allowedWorkflows, acme.repoConfigFile], [['apply_requirements', 'workflow', 'delete_source_branch_on_merge'], true, ['standard', 'custom'], 'infra/atlantis.yaml']);
  assert.deepEqual([...acme.workflows].sort(), ['default', 'standard']);
  const legacyMain = settingsFor(server, 'github.com/acme/legacy', 'main');
  assert.deepEqual([legacyMain.allowCustomWorkflows, legacyMain.autodiscover], [true, undefined]);
  const legacyRelease = settingsFor(server, 'github.com/acme/legacy', 'release-1');
  assert.deepEqual([legacyRelease.allowCustomWorkflows, legacyRelease.autodiscover?.mode], [false, 'disabled']);
});

test('server config: restricted keys without allowed_overrides, custom workflows, allowed_workflows and unknown workflows are errors on their keys', () => {
  const server = parseServerConfig('repos.yaml', REPOS);
  const repo = parseRepoConfig(
    'atlantis.yaml',
    [
      'version: 3', //                                 1
      'projects:', //                                  2
      '  - dir: a', //                                 3
      '    apply_requirements: [approved]', //         4 allowed everywhere
      '    plan_requirements: [approved]', //          5 never allowed
      '    workflow: custom', //                       6
      '    repo_locks: {mode: on_apply}', //           7 never allowed
      '  - dir: b', //                                 8
      '    workflow: nightly', //                      9
      'workflows:', //                                 10
      '  custom:', //                                  11
      '    plan: {steps: [init, plan]}', //            12
      '  nightly:', //                                 13
      '    plan: {steps: [plan]}', //                  14
    ].join('\n'),
  );
  const codes = (repoId: string, branch?: string) => checkServerOverrides(repo, settingsFor(server, repoId, branch)).map((d) => `${d.code}@${d.range.startPos.line + 1}`).sort();
  // Default entry only: workflow is restricted too, and custom workflows are not allowed.
  assert.deepEqual(codes('gitlab.com/x/y'), ['RC2107@6', 'RC2107@9', 'RC2110@10', 'RC2110@5', 'RC2110@6', 'RC2110@7', 'RC2110@9'].sort());
  // acme: workflow allowed, custom workflows allowed, but nightly is not in allowed_workflows.
  assert.deepEqual(codes('github.com/acme/infra'), ['RC2110@5', 'RC2110@7', 'RC2110@9'].sort());
  const msg = checkServerOverrides(repo, settingsFor(server, 'github.com/acme/infra')).find((d) => d.range.startPos.line === 4)!.message;
  assert.match(msg, /allowed_overrides: \[plan_requirements\]/);
});

test('server config: its own schema is strict too', () => {
  const server = parseServerConfig('repos.yaml', 'repos:\n  - id: /.*/\n    allowed_overides: [workflow]\n  - branch: /main/\n');
  assert.deepEqual(server.diagnostics.map((d) => `${d.code}@${d.range.startPos.line + 1}`).sort(), ['RC2101@3', 'RC2101@4']);
  assert.match(server.diagnostics.find((d) => d.range.startPos.line === 2)!.message, /Unknown key "allowed_overides"/);
  assert.equal(parseServerConfig('repos.yaml', '').diagnostics[0].code, 'RC2101');
});
