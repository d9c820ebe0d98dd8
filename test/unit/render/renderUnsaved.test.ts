// External engines and unsaved editor buffers: `kubectl kustomize` renders a temporary copy of the
// files the render reads, buffers included, and the header says so; a buffer the render does not read
// changes nothing; the copy holds only repository files (no path out of it is written). Skips, saying
// so, where kubectl is not installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { PreviewSettings, renderPreview } from '../../../src/vscode/preview/renderPreview';
import { mirrorReads } from '../../../src/vscode/preview/unsavedMirror';

const FIXTURE = path.resolve(__dirname, '..', '..', 'fixtures', 'e2e-repo');
const DEPLOYMENT = 'apps/base/podinfo/deployment.yaml';
const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function fixture(): Promise<{ root: string; index: RepositoryIndex }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-unsaved-'));
  temps.push(root);
  fs.cpSync(FIXTURE, root, { recursive: true });
  const index = new RepositoryIndex({ root, fs: nodeFileSystem, settings: { repoUrls: [] } });
  await index.scan();
  return { root, index };
}

const kubectl: PreviewSettings = { engine: 'kubectl' };
const skip = hasKubectl() ? false : 'kubectl is not installed on this machine';

describe('external engines see unsaved edits', () => {
  it('kubectl renders a temporary copy with the buffer, and the header says so', { skip }, async () => {
    const { root, index } = await fixture();
    const onDisk = fs.readFileSync(path.join(root, DEPLOYMENT), 'utf8');
    await index.updateFile(DEPLOYMENT, onDisk.replace('minReadySeconds: 3', 'minReadySeconds: 42'));
    const target = { kind: 'path' as const, path: 'apps/production' };
    const saved = await renderPreview({ index, fs: nodeFileSystem, target, settings: kubectl, trusted: true });
    assert.equal(saved.view.engine, 'kubectl');
    assert.match(saved.view.yaml, /minReadySeconds: 3\n/, 'without the buffer list kubectl reads the disk');
    const r = await renderPreview({ index, fs: nodeFileSystem, target, settings: kubectl, trusted: true, unsaved: [DEPLOYMENT] });
    assert.equal(r.view.error, undefined);
    assert.equal(r.view.engine, 'kubectl');
    assert.match(r.view.yaml, /minReadySeconds: 42\n/);
    assert.doesNotMatch(r.view.yaml, /minReadySeconds: 3\n/);
    assert.equal(r.view.objects.length, saved.view.objects.length);
    assert.match(r.view.engineNote ?? '', /Includes your unsaved edits to apps\/base\/podinfo\/deployment\.yaml/);
    assert.equal(fs.readFileSync(path.join(root, DEPLOYMENT), 'utf8'), onDisk, 'the file on disk is untouched');
  });

  it('a buffer the render does not read leaves the in-place render and the header alone', { skip }, async () => {
    const { index } = await fixture();
    await index.updateFile('misc/debug-pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: changed\n');
    const r = await renderPreview({ index, fs: nodeFileSystem, target: { kind: 'path', path: 'apps/production' }, settings: kubectl, trusted: true, unsaved: ['misc/debug-pod.yaml'] });
    assert.equal(r.view.error, undefined);
    assert.equal(r.view.engineNote, undefined);
  });

  it('the copy holds only repository-relative files and folders', async () => {
    const reads = new Map<string, 'file' | 'directory' | 'missing'>([
      ['', 'directory'],
      ['apps/kustomization.yaml', 'file'],
      ['apps/gone.yaml', 'missing'],
      ['../outside.yaml', 'file'],
      ['/etc/passwd', 'file'],
      ['apps/../../escape.yaml', 'file'],
    ]);
    const asked: string[] = [];
    const mirror = await mirrorReads(reads, async (rel) => {
      asked.push(rel);
      return new TextEncoder().encode(`# ${rel}\n`);
    });
    try {
      assert.deepEqual(asked, ['apps/kustomization.yaml']);
      const listing = fs.readdirSync(mirror.root, { recursive: true }).map(String).sort();
      assert.deepEqual(listing, ['apps', path.join('apps', 'kustomization.yaml')]);
      assert.ok(!fs.existsSync(path.join(path.dirname(mirror.root), 'escape.yaml')));
    } finally {
      await mirror.dispose();
    }
    assert.ok(!fs.existsSync(mirror.root), 'removed afterwards');
  });
});
