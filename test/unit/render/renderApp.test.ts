// Rendering index apps with unsaved editor buffers, on a copy of the Flux example repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { renderApp } from '../../../src/core/render/renderApp';

const SRC = join(__dirname, '../../fixtures/corpus/fluxcd__flux2-kustomize-helm-example');

test('every app of the Flux example renders, and an unsaved buffer changes the result', { skip: !require('node:fs').existsSync(SRC) && 'corpus not present' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-renderapp-'));
  try {
    cpSync(SRC, dir, { recursive: true });
    const index = new RepositoryIndex({ root: dir, fs: nodeFileSystem });
    await index.scan();
    const apps = index.apps().filter((a) => a.kind === 'FluxKustomization');
    assert.ok(apps.length >= 4, `found ${apps.length} Flux Kustomizations`);
    const staging = apps.find((a) => a.name === 'apps' && a.file.includes('staging'));
    assert.ok(staging, 'clusters/staging/apps.yaml defines Kustomization apps');
    for (const app of apps) {
      const r = await renderApp(index, nodeFileSystem, app, { trusted: false });
      assert.ok(r.ok, `${app.file}: ${r.ok ? '' : r.error.message}`);
    }
    const before = await renderApp(index, nodeFileSystem, staging!, { trusted: false });
    assert.ok(before.ok && !before.units[0].yaml.includes('edited-in-editor'));
    const kfile = 'apps/staging/kustomization.yaml';
    const text = await index.readText(kfile);
    await index.updateFile(kfile, text + '\ncommonAnnotations:\n  note: edited-in-editor\n');
    const after = await renderApp(index, nodeFileSystem, staging!, { trusted: false });
    assert.ok(after.ok, after.ok ? '' : after.error.message);
    if (after.ok) assert.match(after.units[0].yaml, /note: edited-in-editor/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
