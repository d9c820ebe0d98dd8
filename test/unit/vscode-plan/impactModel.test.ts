// The Change Impact view's model and its object sides, computed the way the view computes them: a real git
// repository (the demo: a base shared by a production and a staging overlay), the editor's index holding
// an unsaved buffer (nothing written to disk), the plan cache kept between plans.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GitObjectStore } from '../../../src/core/history/gitObjectStore';
import { nodeFileSystem } from '../../../src/core/index/nodeFileSystem';
import { RepositoryIndex } from '../../../src/core/index/repositoryIndex';
import { plan } from '../../../src/core/plan/plan';
import { PlanCache } from '../../../src/core/plan/planCache';
import { HeadSpec } from '../../../src/core/plan/planSides';
import { bufferedFileSystem } from '../../../src/core/render/renderApp';
import { buildImpactModel, ImpactNode } from '../../../src/vscode/plan/impactModel';
import { fieldSource, headReader, objectSides } from '../../../src/vscode/plan/objectSides';
import { DEMO, DEMO_REMOTE, PlanRepo, repoFrom } from '../../integration/plan/planRepo';

const BASE_FILE = 'apps/base/web/deployment.yaml';
// Production pins the image tag (`images:`) and patches the memory limit: the edit both overlays see is the CPU request.
const OLD = 'cpu: 50m';
const NEW = 'cpu: 100m';

describe('Change Impact model on the demo repository (unsaved buffer in a shared base)', () => {
  let repo: PlanRepo;
  let index: RepositoryIndex;
  const cache = new PlanCache();
  const settings = { repoUrls: [DEMO_REMOTE] };
  const head = (): HeadSpec => ({ kind: 'working-tree', fs: bufferedFileSystem(nodeFileSystem, index), index, dirty: [BASE_FILE] });

  before(async () => {
    repo = repoFrom(DEMO, { remote: DEMO_REMOTE });
    index = new RepositoryIndex({ root: repo.dir, fs: nodeFileSystem, settings });
    await index.scan();
    // The editor's buffer: the disk keeps the old image.
    await index.updateFile(BASE_FILE, repo.read(BASE_FILE).replace(OLD, NEW));
  });
  after(() => repo.cleanup());

  const objects = (n: ImpactNode): ImpactNode[] => n.children.filter((c) => c.kind === 'object');

  it('lists both overlays with the web Deployment changed, its CPU request before → after, and the badge count', async () => {
    const r = await plan({ repoRoot: repo.dir, head: head(), cache, indexSettings: settings });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(repo.read(BASE_FILE).includes(OLD), true, 'nothing was written to disk');
    const m = buildImpactModel(r.plan, 'HEAD');
    const apps = m.roots.filter((n) => n.kind === 'app');
    const paths = r.plan.apps.filter((a) => a.status === 'changed').map((a) => a.path);
    assert.ok(paths.includes('apps/production') && paths.includes('apps/staging'), `both overlays: ${paths.join(', ')}`);
    assert.equal(m.appsChanged, apps.length);
    assert.ok(m.appsChanged >= 2);
    for (const p of ['apps/production', 'apps/staging']) {
      const app: ImpactNode | undefined = apps.find((a) => a.id.endsWith(`|${p}`));
      assert.ok(app, `an app node for ${p}`);
      const web: ImpactNode | undefined = objects(app).find((o) => o.label.startsWith('Deployment ') && o.label.endsWith('/web'));
      assert.ok(web, `${p}: the web Deployment; objects: ${objects(app).map((o) => o.label).join(', ')}`);
      assert.equal(web.change, 'changed');
      assert.equal(web.description, '1 field changed');
      assert.deepEqual(web.children.map((f) => `${f.label}: ${f.description}`), ['spec.template.spec.containers[name=web].resources.requests.cpu: 50m → 100m']);
      assert.match(String(app.description), /^1 changed/);
      assert.equal(m.objects.get(web.id)?.object.name, 'web');
      assert.equal(m.fields.get(web.children[0].id)?.field.after, '100m');
    }
    assert.match(m.summary, /^Against HEAD: \d+ apps changed; \d+ changed, 0 created, 0 deleted object\(s\)$/);
  });

  it('re-plans from the cache: an unchanged buffer renders nothing again', async () => {
    const r = await plan({ repoRoot: repo.dir, head: head(), cache, indexSettings: settings });
    assert.ok(r.ok);
    assert.equal(r.plan.stats.rendersRun, 0, `renders run: ${r.plan.stats.rendersRun}, cached: ${r.plan.stats.rendersCached}`);
    assert.ok(r.plan.stats.rendersCached > 0);
  });

  it('the diff sides: base and head YAML of the object, the head with its origin; the field reveals the edited line of the buffer', async () => {
    const r = await plan({ repoRoot: repo.dir, head: head(), cache, indexSettings: settings });
    assert.ok(r.ok);
    const app = r.plan.apps.find((a) => a.path === 'apps/staging')!;
    const o = app.objects.find((x) => x.kind === 'Deployment' && x.name === 'web')!;
    const store = new GitObjectStore(repo.dir);
    try {
      const sides = await objectSides({ repoRoot: repo.dir, base: 'HEAD', head: head(), app, object: o, cache, store, indexSettings: settings });
      assert.ok(typeof sides !== 'string', String(sides));
      assert.match(sides.before, /^apiVersion: apps\/v1\nkind: Deployment\n/);
      assert.ok(sides.before.includes(OLD) && !sides.before.includes(NEW));
      assert.ok(sides.after.includes(NEW) && !sides.after.includes(OLD));
      assert.match(sides.after, /namespace: staging/);
      assert.deepEqual(sides.problems, []);
      assert.equal(sides.head?.origin.file, BASE_FILE);
      const range = await fieldSource(sides.head!, o.fields[0].path, headReader(bufferedFileSystem(nodeFileSystem, index), repo.dir));
      assert.equal(range?.file, BASE_FILE);
      const bufferLines = (await index.readText(BASE_FILE)).split('\n');
      assert.equal(bufferLines[range!.startPos.line].trim(), NEW);
      // A field an overlay patch sets is found in the patch: staging's replicas.
      const replicas = await fieldSource(sides.head!, 'spec.replicas', headReader(nodeFileSystem, repo.dir));
      assert.equal(replicas?.file, 'apps/staging/replicas-patch.yaml');
    } finally {
      store.dispose();
    }
  });

  it('never shows a Secret value: a changed Secret in the shared base gives hashes on both sides', async () => {
    const secretFile = 'apps/base/api/secret.yaml';
    await index.updateFile(secretFile, repo.read(secretFile).replace('demo-password-in-git', 'rotated-password-42'));
    try {
      const r = await plan({ repoRoot: repo.dir, head: { ...head(), dirty: [BASE_FILE, secretFile] } as HeadSpec, cache, indexSettings: settings });
      assert.ok(r.ok);
      const m = buildImpactModel(r.plan, 'HEAD');
      const all = JSON.stringify(m.roots);
      const app = r.plan.apps.find((a) => a.path === 'apps/production')!;
      const o = app.objects.find((x) => x.kind === 'Secret')!;
      assert.ok(o, 'the Secret is listed as changed');
      const store = new GitObjectStore(repo.dir);
      try {
        const sides = await objectSides({ repoRoot: repo.dir, base: 'HEAD', head: { ...head(), dirty: [BASE_FILE, secretFile] } as HeadSpec, app, object: o, cache, store, indexSettings: settings });
        assert.ok(typeof sides !== 'string');
        const text = sides.before + sides.after + all;
        for (const clear of ['demo-password-in-git', 'rotated-password-42']) {
          assert.ok(!text.includes(clear) && !text.includes(Buffer.from(clear).toString('base64')), `${clear} never shown`);
        }
        assert.match(sides.before, /password: sha256:[0-9a-f]{10}/);
        assert.match(sides.after, /password: sha256:[0-9a-f]{10}/);
        assert.notEqual(/password: (\S+)/.exec(sides.before)?.[1], /password: (\S+)/.exec(sides.after)?.[1]);
      } finally {
        store.dispose();
      }
    } finally {
      await index.updateFile(secretFile, repo.read(secretFile));
    }
  });

  it('undoing the edit (buffer equal to disk) leaves nothing to show', async () => {
    await index.updateFile(BASE_FILE, repo.read(BASE_FILE));
    const r = await plan({ repoRoot: repo.dir, head: { ...head(), dirty: [] } as HeadSpec, cache, indexSettings: settings });
    assert.ok(r.ok);
    const m = buildImpactModel(r.plan, 'HEAD');
    assert.deepEqual(m.roots, []);
    assert.equal(m.appsChanged, 0);
    assert.equal(m.summary, 'No rendered changes against HEAD');
  });
});
