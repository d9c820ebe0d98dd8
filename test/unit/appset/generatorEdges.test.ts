// Generator details beyond the documentation examples: other revisions read from git, nested matrices,
// selectors, elementsYaml, pathParamPrefix, file lists, Argo CD's failure modes, and the root boundary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { createGitRefReader, expandApplicationSet, ExpandResult } from '../../../src/core/appset';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { field, REMOTE } from './support';

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'appset-'));
  temps.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).toString();
}

/** The lines every ApplicationSet here starts with. */
const HEAD = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: t, namespace: argocd}
spec:`;

const TEMPLATE = `
  template:
    metadata:
      name: '{{name}}'
    spec:
      project: default
      source:
        repoURL: ${REMOTE}
        targetRevision: HEAD
        path: apps
      destination:
        server: https://kubernetes.default.svc
        namespace: default`;

async function expand(root: string, yamlText: string, extra: Partial<Parameters<typeof expandApplicationSet>[1]> = {}): Promise<ExpandResult> {
  writeFileSync(join(root, 'appset.yaml'), yamlText);
  return expandApplicationSet({ file: 'appset.yaml', index: 0, value: parse(yamlText) as unknown }, { root, fs: nodeFileSystem, remotes: [REMOTE], clusterSecrets: [], ...extra });
}

const names = (r: ExpandResult) => r.applications.map((a) => a.name);

describe('git generator revisions', () => {
  it('reads another branch through its git tree, and says when a revision is not local', async () => {
    const root = repo({ 'apps/a/k.yaml': 'x: 1\n', 'apps/b/k.yaml': 'x: 1\n' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'one');
    git(root, 'checkout', '-q', '-b', 'release');
    mkdirSync(join(root, 'apps/c'));
    writeFileSync(join(root, 'apps/c/k.yaml'), 'x: 1\n');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'two');
    git(root, 'checkout', '-q', 'main');
    const reader = createGitRefReader(root);
    try {
      const set = (rev: string) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: dirs, namespace: argocd}
spec:
  generators:
  - git:
      repoURL: https://github.com/example/gitops
      revision: ${rev}
      directories:
      - path: apps/*
  template:
    metadata:
      name: '{{path.basename}}'
    spec:
      project: default
      source: {repoURL: '${REMOTE}', targetRevision: '${rev}', path: '{{path}}'}
      destination: {server: 'https://kubernetes.default.svc', namespace: default}
`;
      const ctx = { readRef: reader.read, currentBranch: 'main' };
      assert.deepEqual(names(await expand(root, set('HEAD'), ctx)), ['a', 'b']);
      assert.deepEqual(names(await expand(root, set('main'), ctx)), ['a', 'b']);
      const release = await expand(root, set('release'), ctx);
      assert.deepEqual(names(release), ['a', 'b', 'c']);
      // apps/c exists at release, not in the working tree: the path check reads the same revision.
      assert.deepEqual(release.problems, []);
      const gone = await expand(root, set('v9.9.9'), ctx);
      assert.deepEqual(names(gone), []);
      assert.match(gone.notExpanded[0].reason, /revision v9.9.9 is not available locally/);
    } finally {
      reader.dispose();
    }
  });
});

describe('git generator details', () => {
  it('files: a YAML list yields one parameter set per item; excludes win; pathParamPrefix renames path', async () => {
    const root = repo({
      'teams/a/teams.yaml': '- name: pay\n- name: search\n',
      'teams/b/teams.yaml': 'name: web\n',
      'teams/skip/teams.yaml': 'name: skipped\n',
      apps: '',
    });
    const r = await expand(
      root,
      `${HEAD}
  generators:
  - git:
      repoURL: ${REMOTE}
      revision: HEAD
      pathParamPrefix: team
      files:
      - path: teams/*/teams.yaml
      - path: teams/skip/*
        exclude: true
  template:
    metadata:
      name: '{{name}}-{{team.path.basename}}'
    spec:
      project: default
      source: {repoURL: 'https://elsewhere.example/x.git', path: '.'}
      destination: {server: 'https://kubernetes.default.svc', namespace: default}
`,
    );
    assert.deepEqual(names(r), ['pay-a', 'search-a', 'web-b']);
    assert.equal(r.applications[0].params['team.path.filename'], 'teams.yaml');
  });
  it('files: `*` crosses directories like git ls-files; Argo CD new globbing keeps it to one level', async () => {
    const root = repo({ 'c/x/config.json': '{"name":"x"}', 'c/y/deep/config.json': '{"name":"y"}', apps: '' });
    const set = `${HEAD}
  generators:
  - git:
      repoURL: ${REMOTE}
      revision: HEAD
      files:
      - path: c/*/config.json
${TEMPLATE}
`;
    assert.deepEqual(names(await expand(root, set)), ['x', 'y']);
    assert.deepEqual(names(await expand(root, set, { newGitFileGlobbing: true })), ['x']);
  });
  it('an unparsable file fails the generator with the file named', async () => {
    const root = repo({ 'c/x/config.json': '{"name": ', apps: '' });
    const r = await expand(root, `${HEAD}
  generators:
  - git:
      repoURL: ${REMOTE}
      files:
      - path: c/**/config.json
${TEMPLATE}
`);
    assert.deepEqual(names(r), []);
    assert.match(r.problems[0].message, /^unable to process file 'c\/x\/config.json': unable to parse file/);
  });
  it('never reads outside the root: no `..` patterns, no symlinks leaving the repository', async () => {
    const outside = repo({ 'secret/config.json': '{"name":"leaked"}' });
    const root = repo({ 'c/ok/config.json': '{"name":"ok"}', apps: '' });
    symlinkSync(join(outside, 'secret/config.json'), join(root, 'c/link.json'));
    mkdirSync(join(root, 'c/inner'));
    symlinkSync(join(root, 'c/ok/config.json'), join(root, 'c/inner/config.json'));
    const files = (p: string) => `${HEAD}
  generators:
  - git:
      repoURL: ${REMOTE}
      files:
      - path: '${p}'
${TEMPLATE.replace("'{{name}}'", "'{{name}}-{{path.basename}}'")}
`;
    assert.deepEqual(names(await expand(root, files('c/*'))), ['ok-inner', 'ok-ok']);
    const up = await expand(root, files('../*/secret/config.json'));
    assert.deepEqual(names(up), []);
    assert.match(up.problems[0].message, /must be relative to the repository root and stay inside it/);
  });
  it('a git generator that matches nothing is a warning on its items', async () => {
    const root = repo({ apps: '' });
    const r = await expand(root, `${HEAD}
  generators:
  - git:
      repoURL: ${REMOTE}
      directories:
      - path: nothing/*
${TEMPLATE}
`);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.range?.startPos.line]),
      [['RC1802', 'warning', 7]],
    );
  });
});

describe('selectors, nesting and list forms', () => {
  const dirs = { 'apps/a/k.yaml': '', 'apps/b/k.yaml': '', 'apps/c/k.yaml': '' };
  it('a generator selector post-filters parameter sets on flattened params', async () => {
    const r = await expand(repo(dirs), `${HEAD}
  goTemplate: true
  generators:
  - git:
      repoURL: ${REMOTE}
      directories:
      - path: apps/*
    selector:
      matchExpressions:
      - {key: path.basename, operator: NotIn, values: [b]}
${TEMPLATE.replace("'{{name}}'", "'{{.path.basename}}'")}
`);
    assert.deepEqual(names(r), ['a', 'c']);
  });
  it('a matrix nested in a matrix; elementsYaml; nested selectors need applyNestedSelectors', async () => {
    const set = (apply: boolean) => `${HEAD}
  goTemplate: true
  applyNestedSelectors: ${apply}
  generators:
  - matrix:
      generators:
      - list:
          elementsYaml: |
            - env: dev
            - env: prod
      - matrix:
          generators:
          - git:
              repoURL: ${REMOTE}
              directories:
              - path: apps/*
            selector:
              matchLabels: {path.basename: a}
          - list:
              elements:
              - tier: '{{ .env }}'
${TEMPLATE.replace("'{{name}}'", "'{{.tier}}-{{.path.basename}}'")}
`;
    assert.deepEqual(names(await expand(repo(dirs), set(false))), ['dev-a', 'dev-b', 'dev-c', 'prod-a', 'prod-b', 'prod-c']);
    assert.deepEqual(names(await expand(repo(dirs), set(true))), ['dev-a', 'prod-a']);
  });
  it('fasttemplate list elements must be strings; a matrix of git generators needs pathParamPrefix', async () => {
    const root = repo(dirs);
    const numbers = await expand(root, `${HEAD}
  generators:
  - list:
      elements:
      - name: a
        replicas: 3
${TEMPLATE}
`);
    assert.deepEqual(names(numbers), []);
    assert.match(numbers.problems[0].message, /List element value "replicas" is not a string/);
    assert.equal(numbers.problems[0].range?.startPos.line, 8);
    const clash = await expand(root, `${HEAD}
  generators:
  - matrix:
      generators:
      - git: {repoURL: '${REMOTE}', directories: [{path: 'apps/a'}]}
      - git: {repoURL: '${REMOTE}', directories: [{path: 'apps/b'}]}
${TEMPLATE}
`);
    assert.match(clash.problems[0].message, /found duplicate key path with different value, a: apps\/a ,b: apps\/b/);
  });
  it('malformed combinations are errors with Argo CD\'s texts', async () => {
    const root = repo(dirs);
    const gen = (g: string) => `${HEAD}
  generators:
  - ${g}
${TEMPLATE}
`;
    const msg = async (g: string) => (await expand(root, gen(g))).problems.filter((p) => p.severity === 'error').map((p) => p.message);
    assert.deepEqual(await msg("matrix: {generators: [{list: {elements: [{name: a}]}}]}"), ['found less than two generators, Matrix support only two']);
    assert.deepEqual(await msg("merge: {generators: [{list: {elements: [{name: a}]}}, {list: {elements: [{name: a}]}}]}"), ['no merge keys were specified, Merge requires at least one']);
    assert.deepEqual(await msg("merge: {mergeKeys: [name], generators: [{list: {elements: [{name: a}, {name: a}]}}, {list: {elements: []}}]}"), [
      'the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was {"name":"a"}',
    ]);
    assert.match((await msg('lsit: {elements: []}'))[0], /^Unknown generator "lsit"/);
  });
});

describe('Go template options', () => {
  it('missingkey default prints <no value>; an unknown option is reported', async () => {
    const root = repo({ 'apps/k.yaml': '' });
    const r = await expand(root, `${HEAD}
  goTemplate: true
  goTemplateOptions: ["missingkey=zero", "strict"]
  generators:
  - list: {elements: [{name: a}]}
  template:
    metadata:
      name: '{{ .name }}'
      labels: {x: '{{ .nope }}'}
    spec:
      project: default
      source: {repoURL: '${REMOTE}', path: apps}
      destination: {server: 'https://kubernetes.default.svc', namespace: default}
`);
    assert.equal(field(r.applications[0].object, ['metadata', 'labels', 'x']), '<no value>');
    assert.match(r.problems[0].message, /Unknown goTemplateOptions "strict"/);
  });
});
