// Hover schemas sent to the preview webview: one per kind on screen, with every Kubernetes definition they
// reference (transitively) and nothing else, from the real bundled schemas.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverSchemas, kindsKey } from '../../../src/vscode/preview/previewSchemas';
import { newValidator } from '../validate/helpers';

function refsIn(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else refsIn(v, out);
    }
  }
  return out;
}

test('schemas for the kinds present, each once, with a closed set of definitions', () => {
  const registry = newValidator('1.34').registry;
  const objects = [
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    { apiVersion: 'v1', kind: 'Service' },
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    { apiVersion: 'example.com/v1', kind: 'Unknown' },
  ];
  const h = hoverSchemas(registry, objects);
  assert.deepEqual(h.schemas.map((s) => `${s.apiVersion}/${s.kind}`), ['apps/v1/Deployment', 'v1/Service']);
  const refs = refsIn([h.schemas.map((s) => s.schema), h.definitions]);
  for (const r of refs) assert.ok(r.startsWith('#/definitions/') && r.slice('#/definitions/'.length) in h.definitions, `unresolved ${r}`);
  assert.ok(Object.keys(h.definitions).some((d) => d.endsWith('.PodSpec')), 'the Deployment pulls in PodSpec');
  assert.ok(Object.keys(h.definitions).length < Object.keys(registry.schemas.kubernetes.definitions).length / 2, 'only what the kinds reference');
  assert.equal(kindsKey(objects), 'apps/v1/Deployment,example.com/v1/Unknown,v1/Service');
});
