// Comment-preserving write-back: hand-made edge cases, then a round trip over every YAML file of
// test/fixtures/corpus (set one value, and only that value's text may change).
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isScalar, isSeq, Node, parseAllDocuments, Scalar } from 'yaml';
import { FieldPath, writeFieldValues } from '../../../src/core/sync/writeBack';

const CORPUS = path.resolve(__dirname, '../../fixtures/corpus');

function write(text: string, doc: number, p: FieldPath, value: unknown): string {
  const r = writeFieldValues(text, doc, [{ path: p, value }]);
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value.text;
}

const DEPLOY = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # trailing comment
  labels: {app: web, tier: "front"}
spec:
  replicas: 1 # scaled by HPA
  template:
    spec:
      containers:
      - name: web
        image: 'nginx:1.25'
        args:
        - --port=80
        command: |
          run
          now
      # end of containers
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  key: "value"
`;

describe('writeFieldValues', () => {
  it('changes only the value, keeping comments and quoting', () => {
    const out = write(DEPLOY, 0, ['spec', 'replicas'], 3);
    assert.equal(out, DEPLOY.replace('replicas: 1 # scaled', 'replicas: 3 # scaled'));
    assert.equal(write(DEPLOY, 0, ['spec', 'template', 'spec', 'containers', 0, 'image'], 'nginx:1.27'), DEPLOY.replace("'nginx:1.25'", "'nginx:1.27'"));
    assert.equal(write(DEPLOY, 1, ['data', 'key'], 'other'), DEPLOY.replace('"value"', '"other"'));
    assert.equal(write(DEPLOY, 0, ['metadata', 'labels', 'tier'], 'back'), DEPLOY.replace('tier: "front"', 'tier: "back"'));
    // A plain string that would read as a number gets quoted, or it would not round-trip.
    assert.equal(write(DEPLOY, 0, ['metadata', 'name'], '123'), DEPLOY.replace('name: web   #', 'name: "123"   #'));
  });

  it('keeps block scalars as blocks', () => {
    const out = write(DEPLOY, 0, ['spec', 'template', 'spec', 'containers', 0, 'command'], 'run\nlater\n');
    assert.equal(out, DEPLOY.replace('          run\n          now\n', '          run\n          later\n'));
  });

  it('adds missing fields next to their siblings with the file indentation', () => {
    const out = write(DEPLOY, 0, ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu'], '500m');
    assert.equal(out, DEPLOY.replace('          now\n', '          now\n        resources:\n          limits:\n            cpu: 500m\n'));
    const top = write(DEPLOY, 0, ['spec', 'paused'], true);
    assert.equal(top, DEPLOY.replace('      # end of containers\n', '      # end of containers\n  paused: true\n'));
  });

  it('replaces collections and removes fields', () => {
    const out = write(DEPLOY, 0, ['spec', 'template', 'spec', 'containers', 0, 'args'], ['--port=8080', '--verbose']);
    assert.equal(out, DEPLOY.replace('        - --port=80\n', '        - --port=8080\n        - --verbose\n'));
    const flow = write(DEPLOY, 0, ['metadata', 'labels'], { app: 'web' });
    assert.equal(flow, DEPLOY.replace('{app: web, tier: "front"}', '{ app: web }'));
    const removed = write(DEPLOY, 0, ['spec', 'replicas'], undefined);
    assert.equal(removed, DEPLOY.replace('  replicas: 1 # scaled by HPA\n', ''));
  });

  it('fills an empty value in place, before its comment', () => {
    assert.equal(write('a:\n  b: # why\n  c:\n', 0, ['a', 'b'], 2), 'a:\n  b: 2 # why\n  c:\n');
    assert.equal(write('a:\n  b: # why\n  c:\n', 0, ['a', 'c'], 'x'), 'a:\n  b: # why\n  c: x\n');
  });

  it('appends items to block and flow sequences', () => {
    const k = 'resources:\n  - ../../base # shared\npatches:\n- path: a.yaml\nimages: []\n';
    assert.equal(write(k, 0, ['patches', 1, 'path'], 'b.yaml'), k.replace('- path: a.yaml\n', '- path: a.yaml\n- path: b.yaml\n'));
    assert.equal(write(k, 0, ['resources', 1], 'extra.yaml'), k.replace('  - ../../base # shared\n', '  - ../../base # shared\n  - extra.yaml\n'));
    assert.equal(write(k, 0, ['images', 0], { name: 'x' }), k.replace('images: []', 'images: [ { name: x } ]'));
    assert.equal(write(k, 0, ['components', 0], 'c'), k + 'components:\n  - c\n');
  });

  it('is a no-op when the value is already there', () => {
    const r = writeFieldValues(DEPLOY, 0, [{ path: ['spec', 'replicas'], value: 1 }]);
    assert.ok(r.ok);
    assert.equal(r.value.text, DEPLOY);
    assert.deepEqual(r.value.changed, []);
  });

  it('refuses Secrets and reports bad input without changing anything', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: czNjcmV0\n';
    const r = writeFieldValues(secret, 0, [{ path: ['data', 'password'], value: 'bmV3' }]);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'secret-refused');
    assert.match(r.error.message, /Secrets are excluded from adoption/);
    const missing = writeFieldValues(DEPLOY, 5, [{ path: ['a'], value: 1 }]);
    assert.ok(!missing.ok);
    assert.match(missing.error.message, /no document #6/);
    const scalarParent = writeFieldValues(DEPLOY, 0, [{ path: ['kind', 'x'], value: 1 }]);
    assert.ok(!scalarParent.ok);
    assert.equal(scalarParent.error.code, 'path-not-found');
    const broken = writeFieldValues('a: [1, 2\n', 0, [{ path: ['a'], value: 1 }]);
    assert.ok(!broken.ok);
    assert.equal(broken.error.code, 'yaml-invalid');
  });
});

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(abs)));
    else if (/\.ya?ml$/.test(e.name)) out.push(abs);
  }
  return out.sort();
}

/** Scalar leaves of a document with their paths (no aliases, no keys). */
function leaves(node: unknown, p: FieldPath = [], out: Array<{ path: FieldPath; node: Scalar }> = []): Array<{ path: FieldPath; node: Scalar }> {
  if (isMap(node)) for (const it of node.items) isScalar(it.key) && leaves(it.value, [...p, String(it.key.value)], out);
  else if (isSeq(node)) node.items.forEach((it, i) => leaves(it, [...p, i], out));
  else if (isScalar(node) && node.range) out.push({ path: p, node });
  return out;
}

function changedValue(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return v.includes('\n') ? v.replace(/\n?$/, '\nadded line\n') : `${v}-changed`;
  return 'set';
}

describe('write-back round trip on the corpus', () => {
  it('changes only the edited value in every corpus file', async () => {
    const files = await yamlFiles(CORPUS);
    let edits = 0;
    let filesTouched = 0;
    const refused: string[] = [];
    for (const file of files) {
      const text = await fs.readFile(file, 'utf8');
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs)) continue;
      let touched = false;
      const limit = text.length > 200_000 ? 3 : docs.length;
      for (let d = 0; d < Math.min(limit, docs.length); d++) {
        const doc = docs[d];
        if (doc.errors.length || !isMap(doc.contents)) continue;
        const all = leaves(doc.contents).filter((l) => l.path.length > 0 && !(doc.contents as Node & { anchor?: string }).anchor);
        if (!all.length) continue;
        const picks = [...new Set([all[0], all[Math.floor(all.length / 2)], all[all.length - 1]])];
        for (const leaf of picks) {
          const value = changedValue(leaf.node.value);
          const r = writeFieldValues(text, d, [{ path: leaf.path, value }]);
          const rel = path.relative(CORPUS, file);
          if (!r.ok) {
            if (r.error.code === 'secret-refused') {
              refused.push(rel);
              continue;
            }
            assert.fail(`${rel} doc ${d} ${leaf.path.join('.')}: ${r.error.message}`);
          }
          const [start, end] = leaf.node.range!;
          const out = r.value.text;
          const suffix = text.length - end;
          if (start !== end) {
            // An empty value has no range of its own; the one-line check below covers it.
            assert.equal(out.slice(0, start), text.slice(0, start), `${rel}: text before the value changed`);
            assert.equal(out.slice(out.length - suffix), text.slice(end), `${rel}: text after the value changed`);
          }
          if (!String(leaf.node.value).includes('\n') && leaf.node.type !== 'BLOCK_LITERAL' && leaf.node.type !== 'BLOCK_FOLDED') {
            const a = text.split('\n');
            const b = out.split('\n');
            assert.equal(b.length, a.length, rel);
            assert.equal(a.filter((l, i) => l !== b[i]).length, 1, `${rel}: exactly one line differs`);
          }
          edits++;
          touched = true;
        }
      }
      if (touched) filesTouched++;
    }
    assert.ok(filesTouched > 290, `touched ${filesTouched} files`);
    assert.ok(edits > 1000, `made ${edits} edits`);
    console.log(`write-back round trip: ${edits} edits in ${filesTouched}/${files.length} corpus files byte-exact; ${refused.length} Secret documents refused`);
  });

  it('adds a missing field to every corpus Deployment by inserting lines only', async () => {
    let added = 0;
    for (const file of await yamlFiles(CORPUS)) {
      const text = await fs.readFile(file, 'utf8');
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs)) continue;
      docs.forEach((doc, d) => {
        if (doc.errors.length || doc.get('kind') !== 'Deployment' || !isMap(doc.getIn(['spec', 'template', 'metadata']))) return;
        const p = ['spec', 'template', 'metadata', 'annotations', 'reconcile.dev/adopted'];
        const r = writeFieldValues(text, d, [{ path: p, value: 'true' }]);
        assert.ok(r.ok, r.ok ? '' : `${file}: ${r.error.message}`);
        const a = text.split('\n');
        const b = r.value.text.split('\n');
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        const inserted = b.length - a.length;
        assert.ok(inserted >= 1 && inserted <= 2, `${file}: ${inserted} lines inserted`);
        assert.deepEqual(b.slice(i + inserted), a.slice(i), `${file}: only inserted lines differ`);
        assert.match(b.slice(i, i + inserted).join('\n'), /reconcile\.dev\/adopted: "true"$/);
        added++;
      });
    }
    assert.ok(added >= 20, `added to ${added} Deployments`);
    console.log(`write-back insertion: ${added} corpus Deployments`);
  });
});
