// atlantis.yaml read against the schema and the rules beyond it: each problem on the line a user would fix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseRepoConfig, toRepoConfig, DEFAULT_WHEN_MODIFIED } from '../../../src/core/atlantis/repoConfig';
import { checkRepoConfig } from '../../../src/core/atlantis/configRules';
import { RepoFiles } from '../../../src/core/atlantis/projectFinder';
import { Diagnostic } from '../../../src/core/types';

/** `code@line` (1-based) for compact assertions. */
function at(ds: Diagnostic[]): string[] {
  return ds.map((d) => `${d.code}@${d.range.startPos.line + 1}`);
}

const ALL_KEYS = `version: 3
automerge: true
autodiscover:
  mode: auto
  ignore_paths:
    - some/path
delete_source_branch_on_merge: true
parallel_plan: true
parallel_apply: true
abort_on_execution_order_fail: true
allowed_regexp_prefixes: [dev/, staging/]
projects:
  - name: my-project-name
    branch: /main/
    dir: .
    workspace: default
    terraform_distribution: opentofu
    terraform_version: v1.6.0
    delete_source_branch_on_merge: true
    repo_locks:
      mode: on_apply
    custom_policy_check: false
    policy_check: true
    autoplan:
      when_modified: ["*.tf", "../modules/**/*.tf", ".terraform.lock.hcl"]
      enabled: true
    plan_requirements: [mergeable, approved, undiverged]
    apply_requirements: [mergeable, approved, undiverged]
    import_requirements: [mergeable, approved, undiverged]
    silence_pr_comments: ["apply"]
    execution_order_group: 1
    depends_on: [project-1]
    workflow: myworkflow
  - name: project-1
    dir: .
    workspace: other
workflows:
  myworkflow:
    plan:
      steps:
        - run: my-custom-command arg1 arg2
        - run:
            command: my-custom-command arg1 arg2
            output: hide
        - run:
            command: echo "\${test_value::7}"
            shell: bash
            shellArgs: ["--verbose", "-c"]
        - env:
            name: TF_VAR_x
            command: echo 1
        - multienv:
            command: ./envs.sh
            output: hide
        - init
        - plan:
            extra_args: ["-lock", "false"]
    apply:
      steps: [apply]
    policy_check:
      steps: [show, policy_check]
    import:
      steps: [init, import]
    state_rm:
      steps: [init, state_rm]
`;

test('schema: a file using every documented key is valid, and reads into the defaults Atlantis applies', () => {
  const parsed = parseRepoConfig('atlantis.yaml', ALL_KEYS);
  assert.deepEqual(parsed.diagnostics, []);
  const [p, q] = parsed.config.projects;
  assert.deepEqual([p.name, p.dir, p.workspace, p.branch, p.workflow, p.autoplan.enabled, p.executionOrderGroup, p.dependsOn], ['my-project-name', '.', 'default', '/main/', 'myworkflow', true, 1, ['project-1']]);
  assert.deepEqual([q.workspace, q.autoplan.whenModified, q.autoplan.explicit], ['other', [...DEFAULT_WHEN_MODIFIED], false]);
  assert.deepEqual(parsed.config.autodiscover, { mode: 'auto', ignorePaths: ['some/path'] });
});

test('schema: unknown keys, wrong types and values, bad steps, each on its own line with a suggestion', () => {
  const text = [
    'version: 3', //                       1
    'automerge: "yes"', //                 2  type
    'projects:', //                        3
    '  - dir: a', //                       4
    '    wokspace: x', //                  5  unknown, did you mean workspace
    '    apply_requirements: [mergable]', // 6 enum
    '    terraform_version: latest', //    7  pattern
    '    autoplan:', //                    8
    '      when_modified: "*.tf"', //      9  type (list)
    '  - name: b', //                      10 missing dir
    'workflows:', //                       11
    '  w:', //                             12
    '    plan:', //                        13
    '      steps:', //                     14
    '        - plann', //                  15 not a step
    '        - run:', //                   16
    '            command: x', //           17
    '            output: quiet', //        18 enum
    '        - env:', //                   19
    '            name: A', //              20
    '            value: b', //             21
    '            command: c', //           22 both
    '        - init: {extra_args: [a]}', // 23 fine
    '        - run: {command: x, shellArgs: [-c]}', // 24 shellArgs without shell
    '        - foo: bar', //               25 not a step type
    '    deploy: {}', //                   26 unknown stage
  ].join('\n');
  const parsed = parseRepoConfig('atlantis.yaml', text);
  assert.deepEqual(at(parsed.diagnostics).sort(), ['RC2101@10', 'RC2101@15', 'RC2101@18', 'RC2101@2', 'RC2101@20', 'RC2101@24', 'RC2101@25', 'RC2101@26', 'RC2101@5', 'RC2101@6', 'RC2101@7', 'RC2101@9'].sort());
  const msg = (line: number) => parsed.diagnostics.find((d) => d.range.startPos.line + 1 === line)!.message;
  assert.match(msg(5), /Unknown key "wokspace" \(did you mean "workspace"\?\)/);
  assert.match(msg(6), /"mergable".*did you mean "mergeable"/);
  assert.match(msg(15), /"plann".*did you mean "plan"/);
  assert.match(msg(10), /Missing required key "dir"/);
  assert.match(msg(20), /`command` or `value`, not both/);
  assert.match(msg(24), /"shellArgs" needs "shell"/);
  assert.match(msg(25), /"foo" is not a step type/);
});

test('schema: version missing, unsupported, empty file, YAML errors and duplicate keys', () => {
  assert.match(parseRepoConfig('atlantis.yaml', 'projects: []\n').diagnostics[0].message, /Missing "version": set `version: 3`/);
  assert.match(parseRepoConfig('atlantis.yaml', 'version: 4\n').diagnostics[0].message, /versions 2 and 3/);
  assert.deepEqual(at(parseRepoConfig('atlantis.yaml', '').diagnostics), ['RC2101@1']);
  assert.deepEqual(at(parseRepoConfig('atlantis.yaml', 'version: 3\nprojects:\n  - dir: [a\n').diagnostics).map((s) => s.split('@')[0]), ['RC0001']);
  assert.deepEqual(at(parseRepoConfig('atlantis.yaml', 'version: 3\nversion: 3\n').diagnostics), ['RC0002@2']);
  // Only the first document counts, as in Atlantis.
  assert.deepEqual(parseRepoConfig('atlantis.yaml', 'version: 3\n---\nnonsense: true\n').diagnostics, []);
});

test('schema: a problem inherited through a YAML merge key is shown on the anchored template', () => {
  const text = ['version: 3', 'projects:', '  - &tpl', '    dir: a', '    workfow: infra', '  - <<: *tpl', '    dir: b'].join('\n');
  const parsed = parseRepoConfig('atlantis.yaml', text);
  assert.deepEqual([...new Set(at(parsed.diagnostics))], ['RC2101@5']);
  assert.deepEqual(parsed.config.projects.map((p) => p.dir), ['a', 'b']);
});

function files(list: string[]): RepoFiles {
  const dirs = new Set<string>(['']);
  for (const f of list) for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  return { allFiles: new Set(list), directories: dirs };
}

test('rules: names, dir/workspace pairs, dirs, depends_on, workflows, branches and patterns', () => {
  const repo = files(['envs/dev/main.tf', 'envs/prod/main.tf', 'envs/prod/prod.tfvars', 'modules/net/main.tf', 'stacks/a/main.tf', 'stacks/b/main.tf']);
  const text = [
    'version: 3', //                                    1
    'projects:', //                                     2
    '  - name: dev', //                                 3
    '    dir: envs/dev', //                             4
    '    depends_on: [prod, ghost]', //                 5  ghost unknown
    '    workflow: custom', //                          6  not defined here (warning)
    '  - name: prod', //                                7
    '    dir: envs/prod', //                            8
    '    depends_on: [dev]', //                         9  cycle dev -> prod -> dev
    '    autoplan:', //                                 10
    '      when_modified: ["*.tf", "*.tfvar", "[bad"]', // 11 no match (warning) + invalid (error)
    '  - name: dev', //                                 12 duplicate name
    '    dir: ../outside', //                           13 '..'
    '  - dir: envs/prod', //                            14 unnamed, shares dir/workspace with prod
    '  - name: all', //                                 15
    '    dir: "stacks/*"', //                           16 glob with name
    '  - dir: "nothing/*"', //                          17 glob matching nothing (warning)
    '  - dir: gone', //                                 18 missing dir (warning)
    '    branch: main', //                              19 not /regex/
    '  - dir: stacks/a', //                             20
    '    name: a', //                                   21
    '    branch: /(?<=x)main/', //                      22 lookbehind
    '  - name: "has space"', //                         23 not URL-safe
    '    dir: stacks/b', //                             24
    '    depends_on: ["has space"]', //                 25 self
    'autodiscover:', //                                 26
    '  ignore_paths: ["[x"]', //                        27 invalid glob
  ].join('\n');
  const parsed = parseRepoConfig('atlantis.yaml', text);
  assert.deepEqual(parsed.diagnostics, []);
  const got = at(checkRepoConfig(parsed, repo)).sort();
  assert.deepEqual(
    got,
    ['RC2106@5', 'RC2107@6', 'RC2106@5', 'RC2109@11', 'RC2111@11', 'RC2102@12', 'RC2104@13', 'RC2103@14', 'RC2104@15', 'RC2105@17', 'RC2105@18', 'RC2108@19', 'RC2108@22', 'RC2102@23', 'RC2106@25', 'RC2111@27'].sort(),
  );
  const severities = Object.fromEntries(checkRepoConfig(parsed, repo).map((d) => [`${d.code}@${d.range.startPos.line + 1}`, d.severity]));
  assert.equal(severities['RC2107@6'], 'warning');
  assert.equal(severities['RC2109@11'], 'warning');
  assert.equal(severities['RC2105@18'], 'warning');
  assert.equal(severities['RC2104@13'], 'error');
  // With the server's config known, workflow names are the server check's business.
  assert.ok(!at(checkRepoConfig(parsed, repo, { serverKnown: true })).includes('RC2107@6'));
});

test('typed config: Atlantis cleans dir as ./dir and defaults workspace and autoplan', () => {
  const c = toRepoConfig({ version: 3, projects: [{ dir: './a/' }, { dir: '.', workspace: '' }, { dir: '/abs' }, { name: 'x' }] });
  assert.deepEqual(c.projects.map((p) => [p.dir, p.workspace, p.autoplan.enabled]), [['a', 'default', true], ['.', 'default', true], ['abs', 'default', true]]);
});
