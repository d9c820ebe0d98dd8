// The editor's view of an ApplicationSet: which lines get the hover (the kind line and the generators),
// the hover's list of generated Applications, and the read-only YAML of them, from a real index.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { appSetAtLine, generatedYaml, hoverMarkdown, isHoverLine } from '../../../src/vscode/appset/generatedApplications';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'appsets', 'repo');

test('hover lines, hover text and generated YAML of an ApplicationSet', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-appset-hover-'));
  fs.cpSync(FIXTURE, root, { recursive: true });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: ['git@github.com:example/gitops.git'] } });
  await index.scan();
  const file = 'appsets/git-directories.yaml';
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const at = appSetAtLine(index, file, 0);
  assert.ok(at);
  const hoverAt = (needle: string) => isHoverLine(index, at, lineOf(needle), lines[lineOf(needle)]);
  assert.equal(await hoverAt('kind: ApplicationSet'), true);
  assert.equal(await hoverAt('generators:'), true);
  assert.equal(await hoverAt('exclude: true'), true);
  assert.equal(await hoverAt('project: default'), false);
  assert.equal(appSetAtLine(index, 'apps/guestbook/kustomization.yaml', 0), undefined);

  const md = hoverMarkdown('cluster-addons', at.result);
  assert.match(md, /^\*\*ApplicationSet cluster-addons\*\* generates 3 Applications/);
  assert.match(md, /- `guestbook` from `apps\/guestbook` → https:\/\/kubernetes\.default\.svc \/ guestbook/);
  assert.match(md, /- `my_api` from `apps\/my_api` → https:\/\/kubernetes\.default\.svc \/ my-api/);
  assert.doesNotMatch(md, /exclude-helm-guestbook/);

  const yaml = generatedYaml('cluster-addons', file, at.result);
  const docs = parseAllDocuments(yaml).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string }; spec: { source: { path: string } } });
  assert.deepEqual(docs.map((d) => [d.kind, d.metadata.namespace, d.metadata.name, d.spec.source.path]), [
    ['Application', 'argocd', 'guestbook', 'apps/guestbook'],
    ['Application', 'argocd', 'my_api', 'apps/my_api'],
    ['Application', 'argocd', 'podinfo', 'apps/podinfo'],
  ]);
  assert.match(yaml, /^# Applications ApplicationSet cluster-addons \(appsets\/git-directories\.yaml\) generates/);

  // Controller-only generators are said to be not expanded, in both views.
  const previews = appSetAtLine(index, 'appsets/controller-only.yaml', 0);
  assert.ok(previews);
  assert.match(hoverMarkdown('previews', previews.result), /_Not expanded:_ `pullRequest` generator/);
  assert.match(generatedYaml('previews', 'appsets/controller-only.yaml', previews.result), /# Not expanded: scmProvider generator/);
});
