// Empty patches, as kustomize v5.5 (kubectl kustomize) refuses or applies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderKustomization } from '../../../src/core/render/kustomize/build';
import { MemoryFileSystem } from '../../conformance/krusty/memoryFs';

const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n';

async function build(kust: string, patchFile?: string) {
  const m = new MemoryFileSystem();
  m.write('/repo/a/kustomization.yaml', kust);
  m.write('/repo/a/cm.yaml', cm);
  if (patchFile !== undefined) m.write('/repo/a/p.yaml', patchFile);
  return renderKustomization(m, '/repo/a', { root: '/repo' });
}

const legacy = (line: string) => `resources: [cm.yaml]\npatchesJson6902:\n- target: {version: v1, kind: ConfigMap, name: cm}\n  ${line}\n`;
const patches = (line: string) => `resources: [cm.yaml]\npatches:\n- target: {version: v1, kind: ConfigMap, name: cm}\n  ${line}\n`;

test('an empty legacy patchesJson6902 patch is refused, inline or in a file, whatever it targets', async () => {
  const cases: Array<[string, string | undefined, RegExp]> = [
    [legacy('patch: "[]"'), undefined, /patchesJson6902 patch for ConfigMap cm in a\/kustomization.yaml appears to be empty \(\[\]\)/],
    [legacy('patch: "null"'), undefined, /appears to be empty \(no operations\)/],
    [legacy('patch: "# later"'), undefined, /appears to be empty \(no operations\)/],
    [legacy('patch: "  "'), undefined, /appears to be empty \(no operations\)/],
    [legacy('patch: ""'), undefined, /a patchesJson6902 entry needs a path or a non-empty inline patch/],
    [legacy('path: p.yaml'), '', /patchesJson6902 patch file a\/p.yaml is empty/],
    [legacy('path: p.yaml'), '[]\n', /patchesJson6902 patch a\/p.yaml appears to be empty \(\[\]\)/],
    [legacy('path: p.yaml'), '# c\n', /patchesJson6902 patch a\/p.yaml appears to be empty \(no operations\)/],
    [legacy('path: p.yaml').replace('name: cm', 'name: none'), '[]', /appears to be empty/],
  ];
  for (const [kust, file, want] of cases) {
    const r = await build(kust, file);
    assert.equal(r.ok, false, `${kust} ${file ?? ''} should fail`);
    if (!r.ok) assert.match(r.error.message, want);
  }
  const ok = await build(legacy('patch: \'[{"op": "add", "path": "/data/x", "value": "z"}]\''));
  assert.ok(ok.ok && ok.yaml.includes("x: z"), 'a patch with an operation still applies');
});

test('a patches entry of nothing but comments, null or [] changes nothing (kustomize#5487 fixed, as krusty pins); a blank inline one is no patch', async () => {
  for (const [kust, file] of [[patches('patch: "[]"')], [patches('patch: "null"')], [patches('patch: "# c"')], [patches('path: p.yaml'), ' \n'], [patches('path: p.yaml'), '---\n'], [patches('path: p.yaml'), '[]'], [patches('path: p.yaml'), '']] as Array<[string, string?]>) {
    const r = await build(kust, file);
    assert.ok(r.ok && r.yaml.includes('a: b'), `${kust} ${file ?? ''}: ${r.ok ? r.yaml : r.error.message}`);
  }
  for (const blank of ['patch: ""', 'patch: "  "', 'patch: "\\n"']) {
    const r = await build(patches(blank));
    assert.equal(r.ok, false, blank);
    if (!r.ok) assert.match(r.error.message, /a patches entry needs a path or a non-empty inline patch/);
  }
});
