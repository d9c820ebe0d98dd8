// Rendered-output findings as Problems: two previews of the e2e fixture (the Flux app and its overlay
// folder) both render a patch with a bad replica count; the patch's line gets one problem per rendered
// app, each saying which; fixing the file, a failed render or closing a preview takes its problems away.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { RenderedProblems } from '../../../src/vscode/preview/renderedProblems';
import { PreviewTarget, renderPreview, targetKey, targetLabel } from '../../../src/vscode/preview/renderPreview';
import { newValidator } from '../validate/helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'e2e-repo');
const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

test('findings of each open preview land on their source line, marked with the app, and go when it does', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-rendered-problems-'));
  temps.push(root);
  fs.cpSync(FIXTURE, root, { recursive: true });
  const patch = 'apps/production/bad-patch.yaml';
  fs.writeFileSync(path.join(root, patch), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\n  namespace: podinfo\nspec:\n  replicas: lots\n');
  fs.appendFileSync(path.join(root, 'apps/production/kustomization.yaml'), '  - path: bad-patch.yaml\n');
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
  await index.scan();
  const rules = newValidator('1.34');
  const app = index.apps().find((a) => a.kind === 'FluxKustomization' && a.name === 'apps');
  assert.ok(app);
  const targets: PreviewTarget[] = [{ kind: 'app', app }, { kind: 'path', path: 'apps/production' }];
  const render = (t: PreviewTarget) => renderPreview({ index, fs: nodeFileSystem, target: t, settings: { engine: 'builtin' }, trusted: true, rules });

  const problems = new RenderedProblems();
  for (const t of targets) {
    const r = await render(t);
    assert.equal(r.view.error, undefined);
    assert.deepEqual(problems.set(targetKey(t), targetLabel(t), r.view.findings), [patch]);
  }
  const shown = problems.forFile(patch);
  assert.equal(shown.length, 2);
  assert.deepEqual(shown.map((p) => p.line), [6, 6], 'line 7 of the patch, 0-based');
  assert.ok(shown.every((p) => p.severity === 'error' && p.code && /\(Deployment\/podinfo\)$/.test(p.message)));
  assert.deepEqual(shown.map((p) => p.message.replace(/\].*/, ']')).sort(), ['[rendered app Flux Kustomization apps → apps/production]', '[rendered app apps/production]']);
  assert.deepEqual(problems.forFile('apps/production/kustomization.yaml'), []);

  // The preview of the folder closes: only the app's problem stays.
  assert.deepEqual(problems.delete(targetKey(targets[1])), [patch]);
  assert.deepEqual(problems.forFile(patch).map((p) => p.message.replace(/\].*/, ']')), ['[rendered app Flux Kustomization apps → apps/production]']);

  // The patch is fixed and the app renders again: nothing left, and the file is named so its problems are cleared.
  fs.writeFileSync(path.join(root, patch), fs.readFileSync(path.join(root, patch), 'utf8').replace('lots', '3'));
  await index.scan();
  const fixed = await render(targets[0]);
  assert.deepEqual(fixed.view.findings, []);
  assert.deepEqual(problems.set(targetKey(targets[0]), targetLabel(targets[0]), fixed.view.findings), [patch]);
  assert.deepEqual(problems.forFile(patch), []);
  assert.deepEqual(problems.delete(targetKey(targets[0])), []);
});
