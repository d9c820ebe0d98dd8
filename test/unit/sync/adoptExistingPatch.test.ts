// Adopting into an overlay whose own patch already sets the field edits that patch (comments kept)
// instead of writing a second one; fields no patch sets still go to the adoption patch, which names
// the object as its base file does (the overlay's namespace comes from its transformer, not the patch).
// Demo repository (production patches web's replicas and memory limit) and the Flux example
// (production patches the HelmRelease through a kind-only target), rendered afterwards.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { adoptLiveValues, AdoptRequest } from '../../../src/core/sync/adopt';
import { overlayPatchesFor } from '../../../src/core/sync/overlayPatches';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const temps: string[] = [];
after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

function copy(rel: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reconcile-adopt-patch-'));
  temps.push(dir);
  fs.cpSync(path.join(FIXTURES, rel), dir, { recursive: true });
  return dir;
}

const reader = (root: string, reads: string[] = []) => async (f: string) => {
  reads.push(f);
  try {
    return fs.readFileSync(path.join(root, f), 'utf8');
  } catch {
    return undefined;
  }
};

type Container = { name: string; resources: { requests: Record<string, string>; limits: Record<string, string> } };
type Deployment = { metadata: { namespace?: string }; spec: { replicas: number; template: { spec: { containers: Container[] } } } };

const liveWeb = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'production' },
  spec: { replicas: 5, template: { spec: { containers: [{ name: 'web', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '512Mi' } } }] } } },
};

function webRequest(root: string, reads?: string[]): AdoptRequest {
  const container = ['spec', 'template', 'spec', 'containers', 0, 'resources'];
  return {
    // The live object's id: the overlay's namespace transformer put it in `production`.
    id: { group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'production', name: 'web' },
    liveObject: liveWeb,
    fields: [
      { path: ['spec', 'replicas'], live: 5 },
      { path: [...container, 'limits', 'memory'], live: '512Mi' },
      { path: [...container, 'requests', 'cpu'], live: '100m' },
    ],
    origin: { file: 'apps/base/web/deployment.yaml', documentIndex: 0 },
    overlay: { kustomizationFile: 'apps/production/kustomization.yaml' },
    readFile: reader(root, reads),
  };
}

describe('adopt into an overlay that already patches the field', () => {
  it('edits the overlay patch in place (comments kept) and patches only the rest', async () => {
    const root = copy('demo-repo');
    const patchFile = path.join(root, 'apps/production/web-patch.yaml');
    const commented = fs.readFileSync(patchFile, 'utf8').replace('  replicas: 3\n', '  # sized for the launch week\n  replicas: 3 # see runbook\n');
    fs.writeFileSync(patchFile, commented);
    const r = await adoptLiveValues(webRequest(root));
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const byFile = new Map(r.value.map((e) => [e.file, e]));
    assert.deepEqual([...byFile.keys()].sort(), ['apps/production/adopt-deployment-web.yaml', 'apps/production/kustomization.yaml', 'apps/production/web-patch.yaml']);
    const edited = byFile.get('apps/production/web-patch.yaml')!;
    assert.equal(edited.created, false);
    assert.equal(edited.text, commented.replace('replicas: 3 #', 'replicas: 5 #').replace('memory: 256Mi', 'memory: 512Mi'));
    const adopted = byFile.get('apps/production/adopt-deployment-web.yaml')!;
    assert.equal(adopted.created, true);
    // Only the field no patch set, and named as the base names it: no namespace.
    assert.deepEqual(parseDocument(adopted.text).toJS(), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'web', resources: { requests: { cpu: '100m' } } }] } } },
    });
    for (const e of r.value) fs.writeFileSync(path.join(root, e.file), e.text);
    const built = await renderKustomization(nodeFileSystem, path.join(root, 'apps/production'), { root });
    assert.ok(built.ok, built.ok ? '' : built.error.message);
    const web = built.manifests.find((m) => m.object.kind === 'Deployment' && m.object.metadata?.name === 'web')!.object as unknown as Deployment;
    assert.equal(web.metadata.namespace, 'production');
    assert.equal(web.spec.replicas, 5);
    assert.deepEqual(web.spec.template.spec.containers[0].resources, { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '512Mi' } });
  });

  it('writes nothing new when the overlay patches set every adopted field', async () => {
    const root = copy('demo-repo');
    const req = webRequest(root);
    req.fields = req.fields.slice(0, 2);
    const r = await adoptLiveValues(req);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(r.value.map((e) => e.file), ['apps/production/web-patch.yaml']);
  });

  it('follows a kind-only target and replaces a list without merge key whole (Flux example)', async () => {
    const root = copy('corpus/fluxcd__flux2-kustomize-helm-example');
    const original = fs.readFileSync(path.join(root, 'apps/production/podinfo-values.yaml'), 'utf8');
    const live = { spec: { chart: { spec: { version: '6.9.0' } }, values: { httpRoute: { hostnames: ['podinfo.example.com', 'www.podinfo.example.com'] } } } };
    const r = await adoptLiveValues({
      id: { group: 'helm.toolkit.fluxcd.io', version: 'v2', kind: 'HelmRelease', namespace: 'podinfo', name: 'podinfo' },
      liveObject: live,
      fields: [
        { path: ['spec', 'chart', 'spec', 'version'], live: '6.9.0' },
        { path: ['spec', 'values', 'httpRoute', 'hostnames', 1], live: 'www.podinfo.example.com' },
      ],
      origin: { file: 'apps/base/podinfo/release.yaml', documentIndex: 0 },
      overlay: { kustomizationFile: 'apps/production/kustomization.yaml' },
      readFile: reader(root),
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.length, 1);
    assert.equal(r.value[0].file, 'apps/production/podinfo-values.yaml');
    assert.equal(
      r.value[0].text,
      original.replace('version: ">=1.0.0"', 'version: "6.9.0"').replace('        - podinfo.production\n', '        - podinfo.example.com\n        - www.podinfo.example.com\n'),
    );
  });

  it('never reads a patch path that leaves the repository, and skips JSON 6902 and inline patches', async () => {
    const reads: string[] = [];
    const k = 'patches:\n  - path: ../../../etc/passwd\n  - path: /etc/hosts\n  - path: ops.yaml\n  - patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n';
    const files: Record<string, string> = { 'apps/prod/ops.yaml': '- op: replace\n  path: /spec/replicas\n  value: 3\n' };
    const found = await overlayPatchesFor('apps/prod/kustomization.yaml', k, { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web' }, async (f) => {
      reads.push(f);
      return files[f];
    });
    assert.deepEqual(found, []);
    assert.deepEqual(reads, ['apps/prod/ops.yaml']);
  });
});
