// A cloned repository is untrusted input: no kustomization field may make the built-in engine read a file outside
// the repository (a symlink to ~/.ssh/id_rsa, a `..` path, an absolute path), nor a file outside the root of the
// kustomization naming it (kustomize's LoadRestrictionsRootOnly). Each case is a real directory tree with real
// symlinks; the file outside holds a marker that must appear nowhere in what a render returns. Each case is also
// run through `kubectl kustomize` (kustomize v5.5), which must refuse it as well, except where Reconcile is
// deliberately stricter (resource and component directories outside the repository, which kustomize allows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomization, KustomizeResult } from '../../../src/core/render/kustomize/build';
import { renderTarget } from '../../../src/core/render/renderTarget';
import { renderWithKubectl } from '../../../src/core/render/external';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { GitObjectStore } from '../../../src/core/history/gitObjectStore';
import { GitTreeFileSystem } from '../../../src/core/history/gitTreeFileSystem';
import { kubectlAvailable } from '../../support/tools';
import { configure, git, writeFiles } from '../../support/git/tempRepo';

const MARKER = 'reconcile-private-marker-5c1e';
const haveKubectl = kubectlAvailable();
const NO_KUBECTL = 'kubectl is not installed on this machine; the comparison with kustomize is skipped';

const BASE_CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\ndata:\n  x: "1"\n';

/** Files a user keeps outside the repository; every one carries the marker. */
const OUTSIDE: Record<string, string> = {
  'secret.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  token: ${MARKER}\n`,
  'secret.txt': `${MARKER}\n`,
  'secret.env': `TOKEN=${MARKER}\n`,
  'patch.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\ndata:\n  token: ${MARKER}\n`,
  'json6902.yaml': `- op: add\n  path: /data/token\n  value: ${MARKER}\n`,
  'crd.json': `{"definitions": {"io.example.v1.Leak": {"description": "${MARKER}"}}}\n`,
  'schema.json': `{"swagger": "2.0", "info": {"title": "${MARKER}", "version": "1"}, "paths": {}, "definitions": {}}\n`,
  'conf.yaml': `commonLabels:\n- path: metadata/labels\n  create: true\n# ${MARKER}\n`,
  'replacement.yaml': `source:\n  kind: ConfigMap\n  name: base\n  fieldPath: data.x\ntargets:\n- select:\n    kind: ConfigMap\n  fieldPaths:\n  - data.y\n  options:\n    create: true\n# ${MARKER}\n`,
  'generator.yaml': `apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: leak\nliterals:\n- token=${MARKER}\n`,
  'transformer.yaml': `apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: leak\nlabels:\n  token: ${MARKER}\nfieldSpecs:\n- path: metadata/labels\n  create: true\n`,
  'kdir/kustomization.yaml': 'resources:\n- cm.yaml\n',
  'kdir/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\ndata:\n  token: ${MARKER}\n`,
  'component/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nconfigMapGenerator:\n- name: leak\n  literals:\n  - token=${MARKER}\n`,
};

interface EscapeCase {
  name: string;
  field: string;
  kustomization: string;
  /** Symlinks in the case directory: name → target, relative to the outside directory unless `raw`. */
  links?: Record<string, string>;
  /** kustomize itself renders it (Reconcile's repository fence is stricter). */
  kustomizeAllows?: boolean;
}

const ESCAPES: EscapeCase[] = [
  { name: 'resources-file', field: 'resources', kustomization: 'resources:\n- cm.yaml\n- key.yaml\n', links: { 'key.yaml': 'secret.yaml' } },
  { name: 'resources-directory', field: 'resources', kustomization: 'resources:\n- cm.yaml\n- ext\n', links: { ext: 'kdir' }, kustomizeAllows: true },
  { name: 'components', field: 'components', kustomization: 'resources:\n- cm.yaml\ncomponents:\n- ext\n', links: { ext: 'component' }, kustomizeAllows: true },
  { name: 'patches', field: 'patches', kustomization: 'resources:\n- cm.yaml\npatches:\n- path: p.yaml\n', links: { 'p.yaml': 'patch.yaml' } },
  { name: 'patchesStrategicMerge', field: 'patchesStrategicMerge', kustomization: 'resources:\n- cm.yaml\npatchesStrategicMerge:\n- p.yaml\n', links: { 'p.yaml': 'patch.yaml' } },
  {
    name: 'patchesJson6902',
    field: 'patchesJson6902',
    kustomization: 'resources:\n- cm.yaml\npatchesJson6902:\n- path: p.yaml\n  target:\n    version: v1\n    kind: ConfigMap\n    name: base\n',
    links: { 'p.yaml': 'json6902.yaml' },
  },
  { name: 'configMapGenerator-files', field: 'configMapGenerator.files', kustomization: 'configMapGenerator:\n- name: cfg\n  files:\n  - key\n', links: { key: 'secret.txt' } },
  { name: 'secretGenerator-files', field: 'secretGenerator.files', kustomization: 'secretGenerator:\n- name: s\n  files:\n  - id_rsa=key\n', links: { key: 'secret.txt' } },
  { name: 'secretGenerator-envs', field: 'secretGenerator.envs', kustomization: 'secretGenerator:\n- name: s\n  envs:\n  - app.env\n', links: { 'app.env': 'secret.env' } },
  { name: 'crds', field: 'crds', kustomization: 'resources:\n- cm.yaml\ncrds:\n- crd.json\n', links: { 'crd.json': 'crd.json' } },
  { name: 'openapi', field: 'openapi.path', kustomization: 'resources:\n- cm.yaml\nopenapi:\n  path: schema.json\n', links: { 'schema.json': 'schema.json' } },
  { name: 'configurations', field: 'configurations', kustomization: 'resources:\n- cm.yaml\nconfigurations:\n- conf.yaml\n', links: { 'conf.yaml': 'conf.yaml' } },
  { name: 'replacements', field: 'replacements', kustomization: 'resources:\n- cm.yaml\nreplacements:\n- path: r.yaml\n', links: { 'r.yaml': 'replacement.yaml' } },
  { name: 'generators', field: 'generators', kustomization: 'resources:\n- cm.yaml\ngenerators:\n- gen.yaml\n', links: { 'gen.yaml': 'generator.yaml' } },
  { name: 'transformers', field: 'transformers', kustomization: 'resources:\n- cm.yaml\ntransformers:\n- tr.yaml\n', links: { 'tr.yaml': 'transformer.yaml' } },
  { name: 'kustomization-file', field: 'kustomization', kustomization: '', links: { 'kustomization.yaml': 'kdir/kustomization.yaml' } },
  { name: 'through-a-linked-directory', field: 'configMapGenerator.files', kustomization: 'configMapGenerator:\n- name: cfg\n  files:\n  - ext/secret.txt\n', links: { ext: '.' } },
];

let tmp: string;
let outside: string;
let repo: string;

/** A case directory `repo/cases/<name>` with a ConfigMap, the kustomization and its symlinks. */
async function caseDir(name: string, kustomization: string, links: Record<string, string> = {}): Promise<string> {
  const dir = join(repo, 'cases', name);
  await writeFiles(dir, { 'cm.yaml': BASE_CM, ...(kustomization ? { 'kustomization.yaml': kustomization } : {}) });
  for (const [link, target] of Object.entries(links)) symlinkSync(target, join(dir, link));
  return dir;
}

function render(dir: string): Promise<KustomizeResult> {
  return renderKustomization(nodeFileSystem, dir, { root: repo });
}

function assertRefused(r: KustomizeResult, ...mustMention: RegExp[]): string {
  assert.equal(r.ok, false, r.ok ? `rendered:\n${r.yaml}` : '');
  const message = r.ok ? '' : r.error.message;
  assert.match(message, /^security; /);
  for (const m of mustMention) assert.match(message, m);
  assert.ok(!JSON.stringify(r).includes(MARKER), 'the file outside leaked into the result');
  return message;
}

async function kubectlRefuses(dir: string): Promise<void> {
  const k = await renderWithKubectl(dir, { trusted: true });
  assert.equal(k.ok, false, 'kubectl kustomize rendered it');
  assert.ok(!k.ok && !k.error.message.includes(MARKER));
  assert.match(k.ok ? '' : k.error.message, /security; file|unable to find one of|new root .* cannot be absolute/);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(async () => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'reconcile-symlink-escape-')));
  outside = join(tmp, 'home');
  repo = join(tmp, 'repo');
  await writeFiles(outside, OUTSIDE);
  mkdirSync(repo);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

for (const c of ESCAPES) {
  test(`${c.field}: a symlink out of the repository is refused, naming the field, the path and its target (${c.name})`, async () => {
    const links = Object.fromEntries(Object.entries(c.links ?? {}).map(([l, t]) => [l, join(outside, t)]));
    const dir = await caseDir(c.name, c.kustomization, links);
    const [link, target] = Object.entries(links)[0];
    const written = `cases/${c.name}/${link}`;
    const realTarget = realpathSync(target);
    assertRefused(
      await render(dir),
      new RegExp(`\\(${escape(c.field)}\\)`),
      new RegExp(escape(written)),
      new RegExp(`resolves to '${escape(realTarget)}`),
      new RegExp(`not in or below the repository root '${escape(repo)}'`),
    );
  });
  test(`${c.field}: kubectl kustomize ${c.kustomizeAllows ? 'allows the directory (Reconcile is stricter)' : 'refuses it too'} (${c.name})`, { skip: !haveKubectl && NO_KUBECTL }, async () => {
    const dir = join(repo, 'cases', c.name);
    if (!c.kustomizeAllows) return kubectlRefuses(dir);
    const k = await renderWithKubectl(dir, { trusted: true });
    assert.ok(k.ok && k.yaml.includes(MARKER), 'kustomize follows a resource/component directory anywhere');
  });
}

test('a `..` path out of the repository is refused, by kubectl too', async () => {
  const dir = await caseDir('dotdot', 'resources:\n- cm.yaml\n- ../../../home/secret.yaml\n');
  assertRefused(await render(dir), /\(resources\)/, /'\.\.\/home\/secret\.yaml'/, /not in or below the repository root/);
  if (haveKubectl) await kubectlRefuses(dir);
});

test('an absolute path out of the repository is refused, by kubectl too', async () => {
  const dir = await caseDir('absolute', `configMapGenerator:\n- name: cfg\n  files:\n  - ${join(outside, 'secret.txt')}\n`);
  assertRefused(await render(dir), /\(configMapGenerator\.files\)/, /not in or below the repository root/);
  if (haveKubectl) await kubectlRefuses(dir);
});

test('a symlink to a file elsewhere in the repository is still outside the kustomization root: refused, by kubectl too', async () => {
  await writeFiles(repo, { 'shared/patch.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: base\ndata:\n  shared: "yes"\n' });
  const dir = await caseDir('sibling', 'resources:\n- cm.yaml\npatches:\n- path: p.yaml\n', { 'p.yaml': '../../shared/patch.yaml' });
  const message = assertRefused(await render(dir), /file 'cases\/sibling\/p\.yaml' \(patches\) resolves to 'shared\/patch\.yaml', which is not in or below 'cases\/sibling', the root of the kustomization/);
  assert.doesNotMatch(message, /repository root/);
  if (haveKubectl) await kubectlRefuses(dir);
});

test('symlinks that stay inside are followed: a file in the kustomization root and a resource directory in the repository render as with kubectl', async () => {
  await writeFiles(repo, {
    'cases/inside/data/app.conf': 'level=debug\n',
    'shared-base/kustomization.yaml': 'resources:\n- svc.yaml\n',
    'shared-base/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n',
  });
  const dir = await caseDir('inside', 'resources:\n- cm.yaml\n- base\nconfigMapGenerator:\n- name: cfg\n  files:\n  - app.conf=conf\n', { conf: 'data/app.conf', base: '../../shared-base' });
  const r = await render(dir);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  assert.match(r.yaml, /app\.conf: \|\n\s+level=debug/);
  assert.match(r.yaml, /kind: Service/);
  if (haveKubectl) {
    const k = await renderWithKubectl(dir, { trusted: true });
    assert.ok(k.ok, k.ok ? '' : k.error.message);
    assert.equal(r.yaml, k.yaml);
  }
});

test('a render target (an app path) that is a symlink out of the repository is refused before any read', async () => {
  symlinkSync(join(outside, 'kdir'), join(repo, 'linked-app'));
  const r = await renderTarget(nodeFileSystem, join(repo, 'linked-app'), { repoRoot: repo, trusted: false });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error.message, /^security; .*linked-app' resolves to '.*home\/kdir', which is not in or below the repository root/);
  assert.ok(!JSON.stringify(r).includes(MARKER));
});

test('git history: a committed symlink blob (mode 120000) pointing out of the repository is refused when rendering the commit', async () => {
  const gitRepo = join(tmp, 'git-repo');
  const gen = 'secretGenerator:\n- name: s\n  files:\n  - key\n';
  await writeFiles(gitRepo, { 'absolute/kustomization.yaml': gen, 'relative/kustomization.yaml': gen, 'inside/kustomization.yaml': gen, 'inside/data.txt': 'kept inside\n' });
  git(gitRepo, 'init', '-q', '-b', 'main');
  configure(gitRepo);
  symlinkSync(join(outside, 'secret.txt'), join(gitRepo, 'absolute', 'key'));
  symlinkSync('../../home/secret.txt', join(gitRepo, 'relative', 'key'));
  symlinkSync('data.txt', join(gitRepo, 'inside', 'key'));
  git(gitRepo, 'add', '-A');
  git(gitRepo, 'commit', '-q', '-m', 'symlinks');
  assert.match(git(gitRepo, 'ls-files', '-s', 'relative/key'), /^120000 /);
  const store = new GitObjectStore(gitRepo);
  try {
    for (const listed of [false, true]) {
      const fs = listed ? await GitTreeFileSystem.atCommitListed(store, 'HEAD', gitRepo) : (await GitTreeFileSystem.atCommit(store, 'HEAD', gitRepo))!;
      const at = (d: string) => renderKustomization(fs, join(gitRepo, d), { root: gitRepo });
      assertRefused(await at('absolute'), /\(secretGenerator\.files\)/, new RegExp(`resolves to '${escape(join(outside, 'secret.txt'))}'`), /repository root/);
      assertRefused(await at('relative'), /\(secretGenerator\.files\)/, new RegExp(`resolves to '${escape(join(outside, 'secret.txt'))}'`), /repository root/);
      await assert.rejects(fs.readFile(join(gitRepo, 'relative', 'key')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
      const ok = await at('inside');
      assert.ok(ok.ok, ok.ok ? '' : ok.error.message);
      assert.match(ok.yaml, new RegExp(Buffer.from('kept inside\n').toString('base64')));
    }
  } finally {
    store.dispose();
  }
});
